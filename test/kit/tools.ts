import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { projectRoot } from '../../config/paths';

/**
 * An outside tool a suite needs that `npm test` does not provision itself (Go, PostgreSQL,
 * Chromium, LibreOffice), as found on this machine.
 */
export interface Tool {
  /** What it is, as a reader knows it ("Chromium"). */
  name: string;
  found: boolean;
  /** How to get it, for the line that says the suite was skipped. */
  hint: string;
}

/** What to do with a suite: run it, skip it (outside CI), or fail it (in CI, where nothing may be missing). */
export type ToolVerdict = { action: 'run' } | { action: 'skip' | 'fail'; line: string };

/** Whether this is a CI run: CI set to anything but empty, `0` or `false` (CI=true in .ci/run). */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** The verdict for a suite that needs `tools`: one line naming every missing tool and how to get it. */
export function toolVerdict(suite: string, tools: readonly Tool[], env: NodeJS.ProcessEnv = process.env): ToolVerdict {
  const missing = tools.filter((t) => !t.found);
  if (missing.length === 0) return { action: 'run' };
  const what = missing.map((t) => `${t.name} (${t.hint})`).join(', ');
  return inCi(env)
    ? { action: 'fail', line: `${suite}: missing in CI: ${what}` }
    : { action: 'skip', line: `${suite} skipped: missing ${what}` };
}

/**
 * `describe` for a suite that needs outside tools. With every tool found it is a plain `describe`.
 * Outside CI, a missing tool skips the suite and prints one line that says which tool and how to
 * get it; in CI the suite fails with that line instead of running (nothing may be silently skipped).
 */
export function describeWithTools(suite: string, tools: readonly Tool[], body: () => void): void {
  const verdict = toolVerdict(suite, tools);
  if (verdict.action === 'run') {
    describe(suite, body);
  } else if (verdict.action === 'skip') {
    process.stderr.write(`${verdict.line}\n`);
    describe.skip(suite, body);
  } else {
    describe(suite, () => {
      it('has the tools it needs', () => {
        throw new Error(verdict.line);
      });
    });
  }
}

/** The first executable named `command` on PATH. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Debian's Chromium, or the browser at KIEMTRA_CHROMIUM: the browser suites drive it with playwright-core. */
export function chromiumTool(env: NodeJS.ProcessEnv = process.env): Tool & { path: string } {
  const file = env.KIEMTRA_CHROMIUM ?? '/usr/bin/chromium';
  return {
    name: 'Chromium',
    path: file,
    found: fs.existsSync(file),
    hint: `none at ${file}; apt-get install chromium, or set KIEMTRA_CHROMIUM`,
  };
}

/**
 * Go, which scripts/provision-cluster.sh uses to build the Temporal server (go install); not needed
 * once the server, its SQL tool and its schemas are provisioned in .tools/cluster.
 */
export function goTool(env: NodeJS.ProcessEnv = process.env): Tool {
  const tools = path.join(projectRoot, '.tools', 'cluster');
  const provisioned = ['bin/server', 'bin/sql', 'schema/postgresql/v12'].every((p) => fs.existsSync(path.join(tools, p)));
  return {
    name: 'Go',
    found: provisioned || onPath('go', env) !== undefined,
    hint: 'install Go ≥ 1.23, or run scripts/provision-cluster.sh once',
  };
}

/** PostgreSQL's initdb and pg_ctl, on PATH or in Debian's /usr/lib/postgresql/<version>/bin. */
export function postgresTool(env: NodeJS.ProcessEnv = process.env, debianRoot = '/usr/lib/postgresql'): Tool {
  const has = (dir: string) => ['initdb', 'pg_ctl'].every((c) => fs.existsSync(path.join(dir, c)));
  const onPathToo = onPath('initdb', env) !== undefined && onPath('pg_ctl', env) !== undefined;
  const debian = fs.existsSync(debianRoot) && fs.readdirSync(debianRoot).some((v) => has(path.join(debianRoot, v, 'bin')));
  return { name: 'PostgreSQL', found: onPathToo || debian, hint: 'apt-get install postgresql' };
}

/** systemd-analyze, for the suite that verifies the unit files in deploy/. */
export function systemdAnalyzeTool(env: NodeJS.ProcessEnv = process.env): Tool {
  return { name: 'systemd-analyze', found: onPath('systemd-analyze', env) !== undefined, hint: 'apt-get install systemd' };
}

/** LibreOffice (soffice), for a suite that converts documents. */
export function libreOfficeTool(env: NodeJS.ProcessEnv = process.env): Tool {
  return {
    name: 'LibreOffice',
    found: onPath('soffice', env) !== undefined || onPath('libreoffice', env) !== undefined,
    hint: 'apt-get install libreoffice-writer',
  };
}

/** LibreOffice Calc (Debian's module), for the suite that opens the round's .xlsx and converts it to CSV. */
export function libreOfficeCalcTool(env: NodeJS.ProcessEnv = process.env, program = '/usr/lib/libreoffice/program'): Tool {
  return {
    name: 'LibreOffice Calc',
    found: libreOfficeTool(env).found && fs.existsSync(path.join(program, 'libsclo.so')),
    hint: 'apt-get install libreoffice-calc-nogui',
  };
}

/** Poppler's pdftohtml, pdfinfo and pdftoppm, for the suites that read a PDF's text with positions. */
export function popplerTool(env: NodeJS.ProcessEnv = process.env): Tool {
  return {
    name: 'poppler-utils',
    found: ['pdftohtml', 'pdfinfo', 'pdftoppm'].every((c) => onPath(c, env) !== undefined),
    hint: 'apt-get install poppler-utils',
  };
}

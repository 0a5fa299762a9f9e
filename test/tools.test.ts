import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { chromiumTool, inCi, libreOfficeTool, onPath, postgresTool, toolVerdict, type Tool } from './kit/tools';

const present: Tool = { name: 'Go', found: true, hint: 'install Go' };
const absent: Tool = { name: 'PostgreSQL', found: false, hint: 'apt-get install postgresql' };
const alsoAbsent: Tool = { name: 'Chromium', found: false, hint: 'apt-get install chromium' };

describe('a suite that needs outside tools', () => {
  it('runs when every tool is found, in CI or not', () => {
    expect(toolVerdict('cluster', [present], {})).toEqual({ action: 'run' });
    expect(toolVerdict('cluster', [present], { CI: 'true' })).toEqual({ action: 'run' });
  });

  it('is skipped outside CI with one line naming every missing tool and how to get it', () => {
    const v = toolVerdict('cluster', [present, absent, alsoAbsent], {});
    expect(v).toEqual({
      action: 'skip',
      line: 'cluster skipped: missing PostgreSQL (apt-get install postgresql), Chromium (apt-get install chromium)',
    });
  });

  it('fails in CI instead of being skipped', () => {
    expect(toolVerdict('cluster', [absent], { CI: 'true' })).toEqual({
      action: 'fail',
      line: 'cluster: missing in CI: PostgreSQL (apt-get install postgresql)',
    });
    expect(toolVerdict('cluster', [absent], { CI: '1' }).action).toBe('fail');
  });

  it('reads CI as CI runners set it, and an empty, 0 or false CI as not CI', () => {
    expect([undefined, '', '0', 'false', 'FALSE'].map((CI) => inCi({ CI }))).toEqual([false, false, false, false, false]);
    expect(['true', '1', 'yes'].map((CI) => inCi({ CI }))).toEqual([true, true, true]);
  });
});

describe('finding the tools', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-tools-'));
  const exe = (name: string, mode = 0o755) => {
    fs.writeFileSync(path.join(dir, name), '#!/bin/sh\n');
    fs.chmodSync(path.join(dir, name), mode);
  };

  it('finds an executable on PATH, not a file that cannot run, nor a folder', () => {
    exe('kiemtra-probe-tool');
    exe('kiemtra-probe-plain', 0o644);
    fs.mkdirSync(path.join(dir, 'kiemtra-probe-dir'), { recursive: true });
    const env = { PATH: ['/nonexistent', dir].join(path.delimiter) };
    expect(onPath('kiemtra-probe-tool', env)).toBe(path.join(dir, 'kiemtra-probe-tool'));
    expect(onPath('kiemtra-probe-plain', env)).toBeUndefined();
    expect(onPath('kiemtra-probe-dir', env)).toBeUndefined();
    expect(onPath('kiemtra-probe-tool', {})).toBeUndefined();
  });

  it('finds Chromium where KIEMTRA_CHROMIUM points, and says where it looked', () => {
    exe('chromium');
    expect(chromiumTool({ KIEMTRA_CHROMIUM: path.join(dir, 'chromium') })).toMatchObject({ found: true, path: path.join(dir, 'chromium') });
    const missing = chromiumTool({ KIEMTRA_CHROMIUM: path.join(dir, 'no-chromium') });
    expect(missing.found).toBe(false);
    expect(missing.hint).toContain(path.join(dir, 'no-chromium'));
  });

  it('finds PostgreSQL on PATH or in a Debian versioned folder, and needs both initdb and pg_ctl', () => {
    const debian = path.join(dir, 'postgresql');
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(path.join(debian, '17', 'bin'), { recursive: true });
    fs.mkdirSync(empty, { recursive: true });
    fs.writeFileSync(path.join(debian, '17', 'bin', 'initdb'), '');
    expect(postgresTool({ PATH: '' }, debian).found).toBe(false);
    fs.writeFileSync(path.join(debian, '17', 'bin', 'pg_ctl'), '');
    expect(postgresTool({ PATH: '' }, debian).found).toBe(true);
    exe('initdb');
    expect(postgresTool({ PATH: dir }, empty).found).toBe(false);
    exe('pg_ctl');
    expect(postgresTool({ PATH: dir }, empty).found).toBe(true);
  });

  it('finds LibreOffice as soffice or libreoffice', () => {
    expect(libreOfficeTool({ PATH: path.join(dir, 'none') }).found).toBe(false);
    exe('soffice');
    expect(libreOfficeTool({ PATH: dir }).found).toBe(true);
  });
});

describe('describeWithTools in a real vitest run', () => {
  const fixture = path.join('test', 'fixtures', 'needs-a-missing-tool.suite.ts');
  const vitest = (env: NodeJS.ProcessEnv) =>
    spawnSync(
      process.execPath,
      [
        path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--config',
        path.join('test', 'fixtures', 'tools.vitest.config.mts'),
        fixture,
      ],
      {
        cwd: projectRoot,
        env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('skips the suite outside CI, saying so in one line, and fails it in CI', () => {
    const local = vitest({ CI: '' });
    expect(local.status).toBe(0);
    expect(`${local.stdout}${local.stderr}`).toContain(
      'a suite that needs a tool nobody has skipped: missing kiemtra-no-such-tool (it does not exist)',
    );
    expect(local.stdout).toMatch(/Tests\s+1 skipped/);
    const ci = vitest({ CI: 'true' });
    expect(ci.status).toBe(1);
    expect(`${ci.stdout}${ci.stderr}`).toContain(
      'a suite that needs a tool nobody has: missing in CI: kiemtra-no-such-tool (it does not exist)',
    );
    expect(ci.stdout).toMatch(/Tests\s+1 failed/);
  });
});

describe('the provisioned tools and the runtime data', () => {
  it('are never tracked by git, not even as a link (a merge would replace the folder with it)', () => {
    const r = spawnSync('git', ['ls-files', '--', '.tools', '.data', 'node_modules', 'dist'], { cwd: projectRoot, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });
});

import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';

/**
 * The guardrails of eslint.config.mjs, fired on purpose: small sources linted through the ESLint API
 * with the project's own config, as if they were files of workflows/. A config that stops firing
 * (a rule off, a glob that misses workflows/, type information lost) fails here.
 */
const FLOATING_PROMISE = `async function sendNotice(): Promise<void> {}

export async function probe(): Promise<void> {
  sendNotice();
}
`;

const NODE_FS = `import fs from 'node:fs';

export function probe(): boolean {
  return fs.existsSync('plan.yaml');
}
`;

/** The probes, by the path they pretend to have; they exist only in memory. */
const PROBES: Record<string, string> = {
  'workflows/zz-lint-probe-floating.ts': FLOATING_PROMISE,
  'workflows/zz-lint-probe-awaited.ts': FLOATING_PROMISE.replace('  sendNotice(', '  await sendNotice('),
  'workflows/zz-lint-probe-node-fs.ts': NODE_FS,
  'workflows/inspection/zz-lint-probe-fs.ts': NODE_FS.replace("'node:fs'", "'fs'"),
  'activities/zz-lint-probe-node-fs.ts': NODE_FS,
};

/**
 * The type information the type-aware rules need, from a TypeScript program of the probes alone
 * (the project's program takes far longer to load; `npm run lint` loads it).
 */
function probeProgram(): ts.Program {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    types: [],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const inMemory = new Map(Object.entries(PROBES).map(([file, text]) => [path.join(projectRoot, file), text]));
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (file, version, ...rest) => {
    const text = inMemory.get(path.resolve(file));
    return text !== undefined ? ts.createSourceFile(file, text, version) : getSourceFile.call(host, file, version, ...rest);
  };
  host.fileExists = (file) => inMemory.has(path.resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => inMemory.get(path.resolve(file)) ?? readFile.call(host, file);
  return ts.createProgram([...inMemory.keys()], options, host);
}

const eslint = new ESLint({
  cwd: projectRoot,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, programs: [probeProgram()] } } },
});

async function problems(file: string): Promise<string[]> {
  const [result] = await eslint.lintText(PROBES[file]!, { filePath: path.join(projectRoot, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint (eslint.config.mjs)', () => {
  it('fails a floating promise in workflow code (type-aware), and passes it awaited', async () => {
    expect(await problems('workflows/zz-lint-probe-floating.ts')).toEqual(['@typescript-eslint/no-floating-promises']);
    expect(await problems('workflows/zz-lint-probe-awaited.ts')).toEqual([]);
  });

  it('fails an import of node:fs (or fs) in workflow code, and only there', async () => {
    expect(await problems('workflows/zz-lint-probe-node-fs.ts')).toEqual(['no-restricted-imports']);
    expect(await problems('workflows/inspection/zz-lint-probe-fs.ts')).toEqual(['no-restricted-imports']);
    expect(await problems('activities/zz-lint-probe-node-fs.ts')).toEqual([]);
  });
});

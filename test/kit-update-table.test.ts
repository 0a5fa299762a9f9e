import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';

/**
 * The compile test of the kit's update table (test/kit-update-table.typecheck.ts), run in
 * `npm test` too: it type-checks clean, and without its `@ts-expect-error` lines each of them
 * is a real error (an entry, a stage list, a check or an apply missing; a wrong stage, field or name).
 */
const FILE = path.join(projectRoot, 'test', 'kit-update-table.typecheck.ts');

const PROBE = path.join(projectRoot, 'test', 'zz-kit-update-table-probe.ts');
const text = fs.readFileSync(FILE, 'utf8');
const EXPECTED = text.split('\n').filter((l) => l.trim().startsWith('// @ts-expect-error')).length;

/** The errors of each file, from one program over the compile test and a copy without its `@ts-expect-error` lines. */
let errors: Map<string, string[]>;
beforeAll(() => {
  fs.writeFileSync(PROBE, text.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ''));
  try {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(projectRoot, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
    )!;
    const program = ts.createProgram([FILE, PROBE], { ...config.options, noEmit: true });
    errors = new Map([FILE, PROBE].map((f) => [f, []]));
    for (const d of ts.getPreEmitDiagnostics(program)) {
      if (!d.file || !errors.has(d.file.fileName)) continue;
      errors
        .get(d.file.fileName)!
        .push(`${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
  } finally {
    fs.rmSync(PROBE);
  }
}, 60_000);

describe("the kit's update table", () => {
  it('type-checks with every expected error in place', () => {
    expect(errors.get(FILE)).toEqual([]);
  });

  it('does not compile without them: one error for each', () => {
    expect(EXPECTED).toBe(7);
    expect(errors.get(PROBE)).toHaveLength(EXPECTED);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import tiers from './tiers.json';

describe('the test tiers (test/tiers.json, the projects of vitest.config.mts)', () => {
  it('are unit, workflows, e2e and system, in that order', () => {
    expect(Object.keys(tiers)).toEqual(['unit', 'workflows', 'e2e', 'system']);
  });

  it('place every test file in exactly one tier, and name no file that does not exist', () => {
    const files = fs
      .readdirSync(path.join(projectRoot, 'test'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/${f}`)
      .sort();
    const placed = Object.values(tiers).flat();
    expect(placed.filter((f, i) => placed.indexOf(f) !== i)).toEqual([]);
    expect([...placed].sort()).toEqual(files);
  });

  it('keep the unit tier free of servers, the Temporal tools, browsers and the built CLI', () => {
    // What starts a server or needs a tool or dist/: the kit's environments and processes.
    const heavy =
      /from '(\.\/kit\/(temporal|stack|web|smtp|dev-server|process|histories|faults|mail-catcher)|@temporalio\/(testing|worker)|playwright-core|smtp-server)'/;
    const offending = tiers.unit.filter((f) => heavy.test(fs.readFileSync(path.join(projectRoot, f), 'utf8')));
    expect(offending).toEqual([]);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { valueClosure } from './kit/imports';

/**
 * Each workflow type loads only its own modules (the worker's memory depends on it: every cached
 * workflow has its own instance of each module it evaluates). The round starts its children by
 * type name, so loading the round evaluates no module of the inspection's, the self-inspection's or
 * another type's folder, nor the plan-task or periodic-report modules.
 */
const OTHER_TYPES = [
  'workflows/inspection/',
  'workflows/self-inspection/',
  'workflows/plan-task',
  'workflows/periodic-report',
  'workflows/start-options',
];
const relative = (files: Iterable<string>) => [...files].map((f) => path.relative(projectRoot, f).split(path.sep).join('/')).sort();
const foreign = (entry: string) =>
  relative(valueClosure(path.join(projectRoot, entry))).filter((f) => OTHER_TYPES.some((t) => f.startsWith(t)));

describe("the round's bundle", () => {
  it("evaluates no module of another workflow type's folder", () => {
    const closure = relative(valueClosure(path.join(projectRoot, 'workflows/round/workflow.ts')));
    expect(closure).toContain('workflows/round/contract.ts');
    expect(closure).toContain('workflows/child-starts.ts');
    expect(foreign('workflows/round/workflow.ts')).toEqual([]);
  });

  it('would see a child type evaluated through a value import', () => {
    // The contract of a child imports its input schema for a value: starting children through it
    // (as the round did through start-options.ts before) would load the child's modules.
    expect(foreign('workflows/inspection/contract.ts')).toContain('workflows/inspection/input.ts');
    expect(foreign('workflows/self-inspection/contract.ts')).toContain('workflows/self-inspection/input.ts');
  });

  it('each child type evaluates none of the round', () => {
    for (const child of ['workflows/inspection/workflow.ts', 'workflows/self-inspection/workflow.ts']) {
      expect(relative(valueClosure(path.join(projectRoot, child))).filter((f) => f.startsWith('workflows/round/'))).toEqual([]);
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { valueClosure } from './kit/imports';

/**
 * Each of the plan task, the periodic report and the reporting period loads only its own modules
 * (every cached workflow has its own instance of each module it evaluates). The reporting period
 * starts its reports by type name through workflows/report-starts.ts, so it evaluates no module of
 * the periodic report's folder; none of the three evaluates another type's folder.
 */
const TYPE_FOLDERS = ['inspection', 'self-inspection', 'round', 'plan-task', 'periodic-report', 'reporting-period'].map(
  (t) => `workflows/${t}/`,
);
const closureOf = (entry: string) =>
  [...valueClosure(path.join(projectRoot, entry))].map((f) => path.relative(projectRoot, f).split(path.sep).join('/')).sort();
const foreign = (entry: string, own: string) => closureOf(entry).filter((f) => TYPE_FOLDERS.some((t) => t !== own && f.startsWith(t)));

describe('the bundles of the plan task, the periodic report and the reporting period', () => {
  it.each([
    ['workflows/plan-task/workflow.ts', 'workflows/plan-task/'],
    ['workflows/periodic-report/workflow.ts', 'workflows/periodic-report/'],
    ['workflows/reporting-period/workflow.ts', 'workflows/reporting-period/'],
  ])("%s evaluates no module of another type's folder", (entry, own) => {
    expect(closureOf(entry)).toContain(`${own}contract.ts`);
    expect(foreign(entry, own)).toEqual([]);
  });

  it('would see the periodic report evaluated had the period started its reports through their contract', () => {
    expect(foreign('workflows/periodic-report/contract.ts', 'workflows/reporting-period/')).toContain(
      'workflows/periodic-report/contract.ts',
    );
    expect(closureOf('workflows/reporting-period/workflow.ts')).toContain('workflows/report-starts.ts');
  });
});

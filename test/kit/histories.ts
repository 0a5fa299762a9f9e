import fs from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalCliPath } from '../../config/paths';
import { run } from './process';

/** Where the saved histories live; test/replay.test.ts replays every one of them. */
export const HISTORIES_DIR = path.join(__dirname, '..', 'histories');

/**
 * With KIEMTRA_SAVE_HISTORIES=1, saves a completed workflow's history as `test/histories/<name>.json`
 * for the replay tests. Saved histories are committed and never regenerated after a release: they
 * prove that old executions still replay after a change, so an existing file is never overwritten
 * (a history of a new code path gets a new name). `runId` picks one run (one that continued as new,
 * say); without it, the latest. Without the variable, does nothing.
 */
export async function saveHistory(env: TestWorkflowEnvironment, workflowId: string, name: string, runId?: string): Promise<void> {
  if (process.env.KIEMTRA_SAVE_HISTORIES !== '1') return;
  const file = path.join(HISTORIES_DIR, `${name}.json`);
  if (fs.existsSync(file)) return;
  const shown = await run(temporalCliPath(), [
    'workflow',
    'show',
    '--address',
    env.connection.options.address,
    '--workflow-id',
    workflowId,
    ...(runId ? ['--run-id', runId] : []),
    '--output',
    'json',
  ]);
  if (shown.code !== 0) throw new Error(shown.stderr);
  fs.writeFileSync(file, shown.stdout);
}

/**
 * The custom search attributes each upsert of a history wrote, in order (the SDK's own
 * `TemporalChangeVersion`, written by `patched()`, left out): what a diffed publish is judged on.
 */
export function upsertedAttributes(history: {
  events?:
    | {
        upsertWorkflowSearchAttributesEventAttributes?: {
          searchAttributes?: { indexedFields?: Record<string, unknown> | null } | null;
        } | null;
      }[]
    | null;
}): string[][] {
  return (history.events ?? [])
    .flatMap((e) =>
      e.upsertWorkflowSearchAttributesEventAttributes
        ? [
            Object.keys(e.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {})
              .filter((k) => k !== 'TemporalChangeVersion')
              .sort(),
          ]
        : [],
    )
    .filter((keys) => keys.length > 0);
}

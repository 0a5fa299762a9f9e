import { condition, defineUpdate, setHandler, sleep } from '@temporalio/workflow';

/** The production workflows, plus the minimal baselines the benchmarks compare them with. */
export * from '../workflows';

/** Baseline for the round benchmark: a workflow that only waits on `timers` timers, one after another. */
export async function timersBaseline(timers: number): Promise<number> {
  for (let i = 0; i < timers; i++) await sleep('1 day');
  return timers;
}

export const trivialUpdate = defineUpdate<number, [number]>('trivial');

/** Baseline for the update benchmark: accepts `updates` trivial updates, validator included, then ends. */
export async function updateBaseline(updates: number): Promise<number> {
  let seen = 0;
  setHandler(trivialUpdate, (n) => (seen += 1) + n * 0, {
    validator: (n) => {
      if (typeof n !== 'number') throw new Error('not a number');
    },
  });
  await condition(() => seen >= updates);
  return seen;
}

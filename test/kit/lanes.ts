/**
 * Runs `fn` over `items` in `lanes` concurrent lanes: each lane takes the next item when it is
 * done with its last, so at most `lanes` calls are in flight. For driving many workflows at once
 * (the fault and cluster tests, the bench).
 */
export async function inLanes<T>(items: readonly T[], lanes: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

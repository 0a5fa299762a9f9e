import { describe, expect, it } from 'vitest';
import { MinuteCounter } from '../web/limits';

/** The page server's per-minute counters, pure: the window, the limit, the bound on memory. */
describe('per-minute counters', () => {
  it('allows `max` requests a minute per key, then refuses until the minute ends', () => {
    let now = 1_000_000;
    const c = new MinuteCounter(3, 100, () => now);
    expect([c.hit('a'), c.hit('a'), c.hit('a'), c.hit('a')]).toEqual([false, false, false, true]);
    expect(c.spent('a')).toBe(true);
    expect(c.hit('b')).toBe(false);
    now += 45_000;
    expect(c.retryAfter('a')).toBe(15);
    now += 15_000;
    expect(c.spent('a')).toBe(false);
    expect(c.hit('a')).toBe(false);
  });

  it('holds at most `maxKeys` keys: expired windows go first, then the oldest', () => {
    let now = 0;
    const c = new MinuteCounter(1, 50, () => now);
    for (let i = 0; i < 50; i++) c.hit(`old-${i}`);
    now = 61_000;
    for (let i = 0; i < 10_000; i++) c.hit(`spray-${i}`);
    expect(c.size).toBeLessThanOrEqual(50);
    expect(c.spent('spray-9999')).toBe(true);
  });
});

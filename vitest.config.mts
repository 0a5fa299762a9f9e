import fs from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * The test tiers, one vitest project each, listed file by file in test/tiers.json (by what a file
 * starts; test/tiers.test.ts checks that every test file is in exactly one):
 * - unit: pure code and data files; no server, no Temporal tools, no build. Seconds.
 * - workflows: the time-skipping test server, activities over a real SMTP server, replay.
 * - e2e: a Temporal dev server, the built CLI and worker (dist/), Chromium, the units' page server.
 * - system: faults (kills, outages, a graceful stop), the cluster on PostgreSQL, npm start.
 * `vitest run` (npm test) runs them all, in that order.
 */
const tiers = JSON.parse(fs.readFileSync(new URL('./test/tiers.json', import.meta.url), 'utf8')) as Record<string, string[]>;

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    projects: Object.entries(tiers).map(([name, include], order) => ({
      extends: true,
      test: { name, include, sequence: { groupOrder: order } },
    })),
  },
});

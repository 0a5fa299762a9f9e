import { connectClient } from '../client/connect';
import { allocate } from '../client/register';
import { loadTemporalSettings } from '../config/temporal';
import { documentTypeOf, issuingBodyOf } from '../domain/document-register';

/**
 * One allocating process of the register's load test (test/register-e2e.test.ts): allocates
 * KIEMTRA_ALLOCATE_COUNT numbers one after the other through the client layer, each with its own
 * request id (`<lane>-<i>`), and prints one JSON line per number (`{ requestId, symbol, number }`).
 * The Temporal settings come from the environment, as for the CLI.
 */
async function main(): Promise<void> {
  const count = Number(process.env.KIEMTRA_ALLOCATE_COUNT ?? 50);
  const lane = process.env.KIEMTRA_ALLOCATE_LANE ?? String(process.pid);
  const body = issuingBodyOf(process.env.KIEMTRA_ALLOCATE_BODY ?? 'VP');
  const type = documentTypeOf(process.env.KIEMTRA_ALLOCATE_TYPE ?? 'TB');
  const year = Number(process.env.KIEMTRA_ALLOCATE_YEAR);
  if (!body || !type || !Number.isInteger(year)) throw new Error('KIEMTRA_ALLOCATE_BODY, _TYPE or _YEAR is not valid');
  const settings = loadTemporalSettings();
  const { client, connection } = await connectClient(settings, { connectTimeout: 10_000, channel: 'client' });
  try {
    for (let i = 0; i < count; i++) {
      const requestId = `load-${lane}-${i}`;
      const { entry } = await allocate(
        client,
        { body, year },
        { type, subject: `Văn bản thử ${lane}.${i}`, by: `Tiến trình ${lane}` },
        { taskQueue: settings.taskQueue, requestId },
      );
      process.stdout.write(`${JSON.stringify({ requestId, symbol: entry.symbol, number: entry.number })}\n`);
    }
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});

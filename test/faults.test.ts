import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../client/admin';
import { headlessDevServer, type HeadlessDevServer } from './kit/dev-server';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { cleanEnv } from './kit/process';
import { inFlightSends, restartingWorker, robust, sendCompletions, stepsToClosed } from './kit/faults';
import { sharedCalendar } from './kit/temporal';
import {
  INSPECTION_WORKFLOW,
  inspectionStartOptions,
  type InspectionState,
  type InspectionWorkflow,
  updates,
} from '../workflows/inspection/contract';
import { inLanes } from './kit/lanes';
import { startCountingMailCatcher, type CountingMailCatcher } from './kit/mail-catcher';

/**
 * Nothing lost, nothing done twice, whatever fails: 50 inspections are driven through every stage on
 * a real dev server while the worker (a separate process) is SIGKILLed at random moments and the
 * server itself is stopped and restarted on the same SQLite file. The mail catcher counts deliveries
 * per Message-ID. The worker connects with an API key; afterwards no history and no log contains the SMTP password
 * or the API key.
 */
const UNITS = 50;
const SECRET = `smtp-pw-${Math.random().toString(36).slice(2)}`;
/** Sent by the worker as a bearer token; the dev server ignores it, so the run proves it is accepted. */
const API_KEY = `api-key-${Math.random().toString(36).slice(2)}`;
const cal = sharedCalendar();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-faults-'));

describe('faults on the dev server', () => {
  let catcher: CountingMailCatcher | undefined;
  let server: HeadlessDevServer | undefined;
  let worker: ReturnType<typeof restartingWorker> | undefined;
  // Whatever the test's outcome, no process outlives it.
  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    await catcher?.close();
  });

  it(`keeps ${UNITS} inspections whole through worker kills and a server restart, losing no email`, async () => {
    const dev = await headlessDevServer(path.join(dir, 'temporal.sqlite'));
    server = dev;
    await dev.start();
    let connection = await Connection.connect({ address: dev.address });
    await ensureSearchAttributes(connection, 'default');
    catcher = await startCountingMailCatcher(path.join(dir, 'outbox'));
    const log = path.join(dir, 'worker.log');
    const workerEnv = cleanEnv({
      TEMPORAL_ADDRESS: dev.address,
      KIEMTRA_TASK_QUEUE: 'faults',
      KIEMTRA_LOG_LEVEL: 'INFO',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(catcher.port),
      SMTP_USER: 'kiemtra',
      SMTP_PASSWORD: SECRET,
      TEMPORAL_API_KEY: API_KEY,
      TEMPORAL_TLS: 'false',
    });
    worker = restartingWorker(workerEnv, log);
    let client = new Client({ connection });

    const { today, visited, responseBy, remediationBy } = liveDates(cal, Date.now());
    const ids: string[] = [];
    for (let i = 1; i <= UNITS; i++) {
      const input = {
        ...inspectionInput(`UBND phường Thử Nghiệm ${i}`, { start: visited, end: visited }, 'surprise'),
        round: 'faults',
        current: { stage: 'on_site' as const },
      };
      const options = inspectionStartOptions(input, 'faults');
      await robust(() => client.workflow.start(INSPECTION_WORKFLOW, options));
      ids.push(options.workflowId);
    }

    const steps = stepsToClosed({ today, visited, responseBy, remediationBy });

    let done = 0;
    let killing = true;
    const killer = (async () => {
      while (killing && worker.kills() < 6) {
        await new Promise((r) => setTimeout(r, 4000 + Math.random() * 4000));
        if (killing) worker.kill();
      }
    })();
    let restarted = false;
    const outage = { from: 0, to: 0 };
    const drive = async (id: string) => {
      for (const [name, payload] of steps) {
        await robust(() =>
          client.workflow.getHandle(id).executeUpdate(updates[name] as never, { args: [payload], updateId: `${id}:${name}` }),
        );
        done++;
        if (!restarted && done >= (UNITS * steps.length) / 3) {
          restarted = true;
          outage.from = Date.now();
          await dev.stop();
          await new Promise((r) => setTimeout(r, 1500));
          await dev.start();
          outage.to = Date.now();
          connection = await Connection.connect({ address: dev.address });
          client = new Client({ connection });
        }
      }
    };
    await inLanes(ids, 10, drive);
    killing = false;
    await killer;

    const finals: InspectionState[] = [];
    for (const id of ids) {
      finals.push(await robust(() => client.workflow.getHandle<InspectionWorkflow>(id).result()));
    }
    await worker.stop();

    expect(restarted).toBe(true);
    expect(worker.kills()).toBeGreaterThanOrEqual(3);
    expect(finals.map((s) => s.stage)).toEqual(ids.map(() => 'closed'));
    for (const s of finals) expect(s.emails.map((e) => `${e.kind}:${e.status}`)).toEqual(['draft_conclusion:sent', 'conclusion:sent']);

    const expected = finals.flatMap((s) => s.emails.map((e) => e.messageId!));
    expect(expected).toHaveLength(UNITS * 2);
    const missing = expected.filter((id) => !catcher!.deliveries.has(id));
    expect(missing).toEqual([]);
    const files = fs.readdirSync(path.join(dir, 'outbox'));
    expect(files).toHaveLength(expected.length);
    const duplicates = [...catcher.deliveries.values()].reduce((a, n) => a + n - 1, 0);
    // A message can be sent again only if a kill or the server outage fell between its SMTP
    // acceptance and the recording of its activity's completion: each such moment is one send in flight.
    const completedAt = new Map<string, number>();
    for (const id of ids) {
      for (const c of await sendCompletions(client, id)) completedAt.set(c.messageId, c.at);
    }
    const inFlight = inFlightSends(catcher.acceptedAt, completedAt, worker.killedAt(), outage);
    process.stderr.write(
      `faults: ${worker.kills()} worker kills, 1 server restart, ${expected.length} emails, ` +
        `${inFlight.atKills} sends in flight at the kills and ${inFlight.atOutage} during the server outage, ` +
        `${duplicates} duplicate deliveries (de-duplicated by Message-ID)\n`,
    );
    expect(duplicates).toBeLessThanOrEqual(inFlight.atKills + inFlight.atOutage);

    for (const id of ids) {
      const history = JSON.stringify(await client.workflow.getHandle(id).fetchHistory());
      expect(history).not.toContain(SECRET);
      expect(history).not.toContain(API_KEY);
    }
    const workerLog = fs.readFileSync(log, 'utf8');
    expect(workerLog.length).toBeGreaterThan(0);
    expect(workerLog).not.toContain(SECRET);
    expect(workerLog).not.toContain(API_KEY);
    await connection.close();
    await dev.stop();
  }, 600_000);
});

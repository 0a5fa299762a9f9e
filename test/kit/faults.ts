import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, tsToMs } from '@temporalio/common';
import { isPassingRefusal } from '../../client/connect';
import { projectRoot } from '../../config/paths';
import type { LocalDate } from '../../domain/dates';
import type { UpdateInputs } from '../../workflows/inspection/contract';

/** Helpers of the tests that kill processes under load (faults, cluster). */

export const transient = (err: unknown) => {
  const e = err as { code?: number; name?: string; message?: string; cause?: { code?: number; type?: string } };
  if (isPassingRefusal(err)) return true;
  if (e.name === 'WorkflowUpdateFailedError') return false;
  return (
    [14, 4, 1].includes(e.code ?? e.cause?.code ?? -1) ||
    /UNAVAILABLE|DEADLINE|ECONNREFUSED|Connection|connect|timed out|RPC/i.test(`${e.name} ${e.message}`)
  );
};

/** Retries a call through outages. Idempotent calls only (updates carry a fixed update id). */
export async function robust<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i > 400 || !transient(err)) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Each sendEmail completion of a workflow: its Message-ID and when the server recorded it. */
export async function sendCompletions(client: Client, workflowId: string): Promise<{ messageId: string; at: number }[]> {
  const events = (await robust(() => client.workflow.getHandle(workflowId).fetchHistory())).events ?? [];
  const out: { messageId: string; at: number }[] = [];
  for (const e of events) {
    const payload = e.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    const result = payload ? defaultPayloadConverter.fromPayload<{ messageId?: string }>(payload) : undefined;
    if (result?.messageId) out.push({ messageId: result.messageId, at: tsToMs(e.eventTime) });
  }
  return out;
}

/** Slack for an acceptance logged just after the moment that interrupted its sender. */
const ACCEPTANCE_SLACK_MS = 1000;

/**
 * How many sends were in flight (accepted by SMTP, completion not yet recorded) at each kill, and
 * during the server outage: the most deliveries the faults can have duplicated.
 */
export function inFlightSends(
  acceptedAt: Map<string, number[]>,
  completedAt: Map<string, number>,
  kills: number[],
  outage: { from: number; to: number },
): { atKills: number; atOutage: number } {
  let atKills = 0;
  let atOutage = 0;
  for (const [messageId, times] of acceptedAt) {
    const accepted = times[0]!;
    const completed = completedAt.get(messageId) ?? Infinity;
    atKills += kills.filter((k) => accepted - ACCEPTANCE_SLACK_MS <= k && k < completed).length;
    if (accepted - ACCEPTANCE_SLACK_MS <= outage.to && completed > outage.from) atOutage++;
  }
  return { atKills, atOutage };
}

/** One update of an inspection, named and with its payload. */
export type Step = { [K in keyof UpdateInputs]: [K, UpdateInputs[K]] }[keyof UpdateInputs];

/** The updates that take an inspection brought in on site (visited on `visited`) to closed. */
export function stepsToClosed(d: { today: LocalDate; visited: LocalDate; responseBy: LocalDate; remediationBy: LocalDate }): Step[] {
  return [
    ['recordOpeningMeeting', { date: d.visited, by: 'A' }],
    ['recordClosingMeeting', { date: d.visited, preliminaryResults: 'Sơ bộ', by: 'A' }],
    ['issueDraftConclusion', { issuedOn: d.today, responseBy: d.responseBy, recommendations: ['Khắc phục'], by: 'A' }],
    ['recordUnitResponse', { receivedOn: d.today, accepted: true, by: 'A' }],
    [
      'signConclusion',
      { signer: 'Trần Văn B', signedOn: d.today, recommendations: [{ text: 'Khắc phục', deadline: d.remediationBy }], by: 'A' },
    ],
    ['recordRemediationReport', { receivedOn: d.today, done: [{ id: 'R1', evidence: 'Minh chứng' }], by: 'A' }],
  ];
}

/**
 * The built worker (`dist/worker/main.js`) as its own process, started again 200 ms after it dies,
 * killable at will (SIGKILL); `stop` ends it with SIGINT, as Ctrl-C would, and starts no other.
 */
export function restartingWorker(env: NodeJS.ProcessEnv, log: string) {
  let child: ChildProcess | undefined;
  let stopping = false;
  let starts = 0;
  const killedAt: number[] = [];
  const start = () => {
    starts++;
    const out = fs.openSync(log, 'a');
    child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'worker', 'main.js')], { env, stdio: ['ignore', out, out] });
    child.once('exit', () => {
      fs.closeSync(out);
      if (!stopping) setTimeout(start, 200);
    });
  };
  start();
  return {
    kill: () => {
      killedAt.push(Date.now());
      child?.kill('SIGKILL');
    },
    kills: () => killedAt.length,
    /** When each SIGKILL was sent (epoch milliseconds). */
    killedAt: () => [...killedAt],
    /** How many times the worker process was started. */
    starts: () => starts,
    stop: async () => {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGINT');
      await exited;
    },
  };
}

import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { MetricMeter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Logger } from 'pino';
import { ExitCode, UserFacingError } from '../config/errors';
import { retentionLabel, retentionMarginHours, type RecordSettings } from '../config/records';
import { formatLocalDateTime } from '../domain/dates';
import { METRIC } from '../domain/metric-names';
import { displayLine } from '../domain/safe-text';
import type { ClosedStatus, ProcessRecord, RecordFile } from '../domain/records';
import type { RecordStore } from '../client/records/store';

/**
 * The worker's recorder (docs/records.md): every closed process of the namespace (completed,
 * failed, cancelled, terminated, timed out, continued as new) is written to the record store with
 * its final state, full history, search attributes, parent (the round) and files manifest, before
 * the engine's retention deletes it. Runs at start and every KIEMTRA_RECORD_INTERVAL; a run it could
 * not record is logged and tried again on the next pass, never dropped.
 */

/** The query that gives a type's state, on a closed run too, while a worker has its code. */
const STATE_QUERY: Record<string, string> = {
  inspection: 'state',
  selfInspection: 'state',
  planTask: 'state',
  periodicReport: 'state',
  round: 'progress',
};

/** Closed executions, newest first (the engine's order for visibility lists). */
export const CLOSED_QUERY = `ExecutionStatus != 'Running'`;

/** A run the recorder has not been able to record yet. */
export interface Unrecorded {
  workflowId: string;
  runId: string;
  workflowType: string;
  closeTime: string;
  error: string;
  attempts: number;
}

/** What one pass did. */
export interface PassResult {
  seen: number;
  recorded: number;
  unrecorded: Unrecorded[];
}

/** How far a pass looks back: visibility may show a close a little late. */
const LOOK_BACK_MS = 5 * 60_000;

export class Recorder {
  /** Runs that failed, tried again on every pass until recorded. */
  private readonly pending = new Map<string, Unrecorded>();
  /** Where the last complete pass began: later passes list only runs closed after it (minus a margin). */
  private since: Date | undefined;
  private readonly written;
  private readonly failing;

  constructor(
    private readonly o: {
      client: Client;
      store: RecordStore;
      settings: RecordSettings;
      log: Logger;
      meter?: MetricMeter;
      /** Visibility page size (default 100). */
      pageSize?: number;
      /** The time now (tests). */
      now?: () => number;
    },
  ) {
    this.written = o.meter?.createCounter(METRIC.recordsWritten, 'records', 'Closed processes written to the record store');
    this.failing = o.meter?.createGauge(METRIC.recordsPending, 'int', 'runs', 'Closed processes not yet recorded (retried)');
  }

  /** One pass: the runs closed since the last complete pass (all, the first time) and every pending one. */
  async pass(): Promise<PassResult> {
    const began = new Date(this.now());
    const recorded = new Set((await this.o.store.list()).map((e) => key(e.workflowId, e.runId)));
    const earlier = [...this.pending.values()];
    const listed = new Set<string>();
    let seen = 0;
    let written = 0;
    const query = this.since ? `${CLOSED_QUERY} AND CloseTime > '${this.since.toISOString()}'` : CLOSED_QUERY;
    for await (const info of this.o.client.workflow.list({ query, pageSize: this.o.pageSize ?? 100 })) {
      seen++;
      const k = key(info.workflowId, info.runId);
      listed.add(k);
      if (recorded.has(k)) {
        this.pending.delete(k);
        continue;
      }
      if (await this.tryRecord(info)) {
        written++;
        recorded.add(k);
      }
    }
    // Those pending from earlier passes that this listing did not reach (closed before `since`).
    for (const p of earlier) {
      const k = key(p.workflowId, p.runId);
      if (listed.has(k)) continue;
      if (recorded.has(k)) this.pending.delete(k);
      else if (await this.retry(p)) written++;
    }
    this.since = new Date(began.getTime() - LOOK_BACK_MS);
    this.failing?.set(this.pending.size);
    return { seen, recorded: written, unrecorded: [...this.pending.values()] };
  }

  /**
   * The first pass, then the retention check: refuses (exit 2, one line) when a closed run is still
   * unrecorded and the engine deletes it within the safety margin (or should have already).
   */
  async firstPass(): Promise<PassResult> {
    const result = await this.pass();
    const late = dueForDeletion(result.unrecorded, this.now(), this.o.settings.retention);
    if (late.length > 0) {
      this.logPass(result);
      const first = late[0]!;
      throw new UserFacingError(
        `${late.length} quy trình đã kết thúc chưa được ghi vào hồ sơ lưu trữ mà sắp hết hạn lưu giữ ${retentionLabel(this.o.settings.retention)} của Temporal (đầu tiên: ${displayLine(first.workflowId)}, kết thúc ${formatLocalDateTime(Date.parse(first.closeTime))}; lỗi ghi ở nhật ký ngay trên); worker không khởi động để hồ sơ không bị xóa: hãy sửa lỗi ghi hồ sơ (xem docs/records.md) rồi chạy lại.`,
        ExitCode.badInput,
      );
    }
    return result;
  }

  /** Passes every `intervalSeconds` until the returned function is called; a failed pass is logged. */
  start(): () => void {
    let stopped = false;
    let running: Promise<void> | undefined;
    const run = () => {
      if (running || stopped) return;
      running = this.pass()
        .then((r) => this.logPass(r))
        .catch((err: unknown) =>
          this.o.log.warn({ err: (err as Error).message }, 'kiemtra worker: lượt ghi hồ sơ lưu trữ bị lỗi, sẽ thử lại'),
        )
        .finally(() => (running = undefined));
    };
    const timer = setInterval(run, this.o.settings.intervalSeconds * 1000);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  /** Logs a pass's outcome: written records at info, every run still unrecorded at warn. */
  logPass(r: PassResult): void {
    if (r.recorded > 0) this.o.log.info({ recorded: r.recorded, seen: r.seen }, `kiemtra worker: đã ghi ${r.recorded} hồ sơ lưu trữ`);
    for (const u of r.unrecorded) {
      this.o.log.warn(
        { workflowId: u.workflowId, runId: u.runId, attempts: u.attempts, err: u.error },
        `kiemtra worker: chưa ghi được hồ sơ lưu trữ của ${u.workflowId}, sẽ thử lại`,
      );
    }
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private async retry(p: Unrecorded): Promise<boolean> {
    try {
      const info = await this.o.client.workflow.getHandle(p.workflowId, p.runId).describe();
      return await this.tryRecord(info);
    } catch (err) {
      this.failed(p, err);
      return false;
    }
  }

  private async tryRecord(info: ClosedInfo): Promise<boolean> {
    try {
      const k = key(info.workflowId, info.runId);
      const late = dueForDeletion(
        [{ closeTime: (info.closeTime ?? new Date(0)).toISOString() }],
        this.now(),
        this.o.settings.retention,
      ).length;
      await this.o.store.put(await captureRecord(this.o.client, info, { stateOptional: late > 0 }));
      this.pending.delete(k);
      this.written?.add(1, { workflow_type: info.type });
      return true;
    } catch (err) {
      this.failed(
        {
          workflowId: info.workflowId,
          runId: info.runId,
          workflowType: info.type,
          closeTime: (info.closeTime ?? new Date(0)).toISOString(),
          error: '',
          attempts: 0,
        },
        err,
      );
      return false;
    }
  }

  private failed(p: Unrecorded, err: unknown): void {
    const k = key(p.workflowId, p.runId);
    const before = this.pending.get(k);
    this.pending.set(k, { ...p, error: (err as Error).message?.split('\n')[0] ?? String(err), attempts: (before?.attempts ?? 0) + 1 });
  }
}

/** What the recorder reads of a listed or described execution. */
export type ClosedInfo = Pick<
  WorkflowExecutionInfo,
  'workflowId' | 'runId' | 'type' | 'status' | 'startTime' | 'closeTime' | 'parentExecution' | 'typedSearchAttributes'
>;

const key = (workflowId: string, runId: string) => `${workflowId}\n${runId}`;

/**
 * The unrecorded runs the engine deletes within the safety margin (or should already have): closed
 * at or before now − (retention − margin). Pure.
 */
export function dueForDeletion<T extends { closeTime: string }>(
  runs: readonly T[],
  now: number,
  retention: RecordSettings['retention'],
): T[] {
  const limit = now - (retention.hours - retentionMarginHours(retention)) * 3_600_000;
  return runs.filter((r) => Date.parse(r.closeTime) <= limit);
}

/**
 * The record of one closed run: its final state (the result when completed, else the type's state
 * query), the history in the engine's JSON form, the search attributes, the parent and the files.
 * With `stateOptional` (the run is about to be deleted) a state query that fails leaves the final
 * state null instead of failing: the history still holds everything.
 */
export async function captureRecord(client: Client, info: ClosedInfo, o: { stateOptional?: boolean } = {}): Promise<ProcessRecord> {
  if (!info.closeTime) throw new Error(`${info.workflowId} has not closed`);
  const handle = client.workflow.getHandle(info.workflowId, info.runId, { followRuns: false });
  const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as unknown;
  const status = info.status.name as ClosedStatus;
  let finalState: unknown = null;
  if (status === 'COMPLETED') finalState = (await handle.result()) as unknown;
  else if (STATE_QUERY[info.type]) {
    try {
      finalState = await handle.query(STATE_QUERY[info.type]!);
    } catch (err) {
      if (!o.stateOptional) throw err;
    }
  }
  return {
    schema: 1,
    workflowId: info.workflowId,
    runId: info.runId,
    workflowType: info.type,
    status,
    startTime: info.startTime.toISOString(),
    closeTime: info.closeTime.toISOString(),
    ...(info.parentExecution?.workflowId ? { parentWorkflowId: info.parentExecution.workflowId } : {}),
    searchAttributes: plainSearchAttributes(info),
    finalState: JSON.parse(JSON.stringify(finalState ?? null)) as unknown,
    history,
    files: fileManifest(finalState),
  };
}

/** The custom search attributes as plain JSON: name → value (dates as ISO text). */
export function plainSearchAttributes(info: Pick<WorkflowExecutionInfo, 'typedSearchAttributes'>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of info.typedSearchAttributes.getAll()) {
    const v = pair.value as unknown;
    out[pair.key.name] =
      v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map((x: unknown) => (x instanceof Date ? x.toISOString() : x)) : v;
  }
  return out;
}

/**
 * Every file a final state refers to ({sha256, name, size} anywhere in it, as domain/validation.ts
 * `fileRefSchema` and the inspection's `files` hold them), once per content and name. Pure.
 */
export function fileManifest(state: unknown): RecordFile[] {
  const out = new Map<string, RecordFile>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 20 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    if (typeof o.sha256 === 'string' && /^[0-9a-f]{64}$/.test(o.sha256) && typeof o.name === 'string' && typeof o.size === 'number') {
      const role = typeof o.for === 'string' ? o.for : undefined;
      const k = `${o.sha256}\n${o.name}`;
      if (!out.has(k)) out.set(k, { name: o.name, sha256: o.sha256, bytes: o.size, ...(role ? { role } : {}) });
      return;
    }
    for (const x of Object.values(o)) walk(x, depth + 1);
  };
  walk(state, 0);
  return [...out.values()];
}

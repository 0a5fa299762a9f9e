import { WorkflowNotFoundError, type Client, type QueryDefinition } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { formatLocalDateTime } from '../domain/dates';
import type { ProcessRecord, RecordEntry } from '../domain/records';
import { openRecordStore } from './records/open';
import type { RecordStore } from './records/store';
import { terminationOf, terminationOfHandle, type Termination } from './terminated';

/**
 * Readers of closed processes that the engine may have deleted after its retention: the engine
 * first, then the record store (docs/records.md), and a note saying the answer comes from the
 * store. Shared by the CLI and the page server.
 */

/** Where an answer came from: the engine, or the record store with the record's entry. */
export type Source = { from: 'engine' } | { from: 'records'; record: Pick<ProcessRecord, 'status' | 'closeTime' | 'workflowId'> };

/** A process's state with its source. */
export interface Sourced<T> {
  state: T;
  source: Source;
}

/** How a closed process ended, in Vietnamese. */
export const CLOSED_STATUS_LABELS: Record<ProcessRecord['status'], string> = {
  COMPLETED: 'đã hoàn thành',
  FAILED: 'bị lỗi và dừng',
  CANCELLED: 'đã hủy',
  TERMINATED: 'bị chấm dứt',
  TIMED_OUT: 'hết thời gian chạy',
  CONTINUED_AS_NEW: 'chuyển sang lần chạy mới',
};

/** The one line that says an answer comes from the record store. */
export function recordNote(record: Pick<ProcessRecord, 'status' | 'closeTime'>): string {
  return `Theo hồ sơ lưu trữ: quy trình ${CLOSED_STATUS_LABELS[record.status]} lúc ${formatLocalDateTime(Date.parse(record.closeTime))} và Temporal không còn giữ (đã quá thời hạn lưu giữ); đây là trạng thái cuối cùng đã ghi.`;
}

/** Opens the record store once, when first needed, for one command or request. */
export class LazyRecords {
  private store: Promise<RecordStore> | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  get(): Promise<RecordStore> {
    this.store ??= openRecordStore(this.env);
    return this.store;
  }

  async close(): Promise<void> {
    if (this.store) await (await this.store).close();
  }
}

/**
 * A workflow's query answer from the engine, else its latest record's final state from the store;
 * undefined when neither has it.
 */
export async function stateOrRecord<T>(
  client: Client,
  workflowId: string,
  query: QueryDefinition<T>,
  records: LazyRecords = new LazyRecords(),
): Promise<Sourced<T> | undefined> {
  try {
    return { state: await client.workflow.getHandle(workflowId).query(query), source: { from: 'engine' } };
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  const record = await (await records.get()).get(workflowId);
  if (!record || record.finalState === null || record.finalState === undefined) return undefined;
  return { state: record.finalState as T, source: { from: 'records', record } };
}

/**
 * A process's state as the views show it: from the engine (its execution status saying whether it
 * was terminated) or else from the record store (the recorded status saying so), passed through
 * `asShown` (client/terminated.ts); undefined when neither has it.
 */
export async function shownStateOrRecord<T, S>(
  client: Client,
  workflowId: string,
  query: QueryDefinition<T>,
  asShown: (state: T, terminated: Termination | undefined) => S,
  records: LazyRecords = new LazyRecords(),
): Promise<Sourced<S> | undefined> {
  const found = await stateOrRecord(client, workflowId, query, records);
  if (!found) return undefined;
  const terminated =
    found.source.from === 'engine'
      ? await terminationOfHandle(client.workflow.getHandle(workflowId))
      : terminationOf({ name: found.source.record.status }, new Date(found.source.record.closeTime));
  return { source: found.source, state: asShown(found.state, terminated) };
}

/** The error of a `status` whose process neither the engine nor the record store has (exit 2). */
export function notFoundAnywhere(workflowId: string): UserFacingError {
  return new UserFacingError(
    `không tìm thấy ${workflowId} trong Temporal lẫn hồ sơ lưu trữ: kiểm tra tên hoặc mã đơn vị và năm (--year).`,
    ExitCode.badInput,
  );
}

/** The records of closed processes that no engine listing showed, with their final states. */
export async function recordsNotIn(
  store: RecordStore,
  entries: RecordEntry[],
  seen: ReadonlySet<string>,
): Promise<{ entry: RecordEntry; record: ProcessRecord }[]> {
  const latest = new Map<string, RecordEntry>();
  for (const e of entries) if (!seen.has(e.workflowId)) latest.set(e.workflowId, e);
  const out: { entry: RecordEntry; record: ProcessRecord }[] = [];
  for (const entry of latest.values()) {
    const record = await store.get(entry.workflowId, entry.runId);
    if (record) out.push({ entry, record });
  }
  return out;
}

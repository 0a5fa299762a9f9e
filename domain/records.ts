import { createHash } from 'node:crypto';
import { z } from './validation';

/**
 * The record of a closed process, kept by the project's own record store so that it outlives the
 * engine's retention (docs/records.md), and the hash rules every store shares. Pure: hashing only.
 *
 * Each record is hashed over its canonical JSON; the list of records is a hash chain: each entry
 * carries the hash of the entry before it, so a removed, reordered or altered record is detected.
 */

/** How a process ended, as the engine says it. */
export type ClosedStatus = 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'TIMED_OUT' | 'CONTINUED_AS_NEW';

/** One file a process refers to (a unit's upload, a generated document), by content hash. */
export interface RecordFile {
  name: string;
  sha256: string;
  bytes: number;
  /** What the file is to the process ("báo cáo của đơn vị", "kết luận"...). */
  role?: string;
}

/** Everything the Office must keep of one closed process. */
export interface ProcessRecord {
  schema: 1;
  workflowId: string;
  runId: string;
  workflowType: string;
  status: ClosedStatus;
  startTime: string;
  closeTime: string;
  /** The round (parent) the process belongs to, when it has one. */
  parentWorkflowId?: string;
  /** The search attributes at close, as the engine returned them. */
  searchAttributes: Record<string, unknown>;
  /** The process's final state (its `state` query, or its result). */
  finalState: unknown;
  /** The full event history, in the engine's JSON form (`temporal workflow show --output json`). */
  history: unknown;
  /** The files the process refers to, with their hashes. */
  files: RecordFile[];
}

/** One entry of the chained list of records. */
export interface RecordEntry {
  /** 1, 2, 3… in the order records were written. */
  seq: number;
  workflowId: string;
  runId: string;
  workflowType: string;
  status: ClosedStatus;
  closeTime: string;
  parentWorkflowId?: string;
  /** When the store wrote the record (ISO). */
  recordedAt: string;
  /** sha256 of the record's canonical JSON. */
  recordHash: string;
  /** The entryHash of the entry before it; GENESIS for the first. */
  prevHash: string;
  /** sha256 of this entry's canonical JSON without entryHash. */
  entryHash: string;
}

/** The prevHash of the first entry. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash of a record. */
export function recordHash(record: ProcessRecord): string {
  return sha256(canonicalJson(record));
}

/** The entry that follows `prev` (undefined for the first) for `record`, written at `recordedAt`. */
export function chainEntry(record: ProcessRecord, prev: RecordEntry | undefined, recordedAt: string): RecordEntry {
  const body: Omit<RecordEntry, 'entryHash'> = {
    seq: (prev?.seq ?? 0) + 1,
    workflowId: record.workflowId,
    runId: record.runId,
    workflowType: record.workflowType,
    status: record.status,
    closeTime: record.closeTime,
    ...(record.parentWorkflowId ? { parentWorkflowId: record.parentWorkflowId } : {}),
    recordedAt,
    recordHash: recordHash(record),
    prevHash: prev?.entryHash ?? GENESIS,
  };
  return { ...body, entryHash: entryHashOf(body) };
}

function entryHashOf(entry: Omit<RecordEntry, 'entryHash'>): string {
  const { entryHash: _drop, ...body } = entry as RecordEntry;
  return sha256(canonicalJson(body));
}

/** A defect `verifyChain` found. */
export interface ChainDefect {
  seq: number;
  workflowId?: string;
  /**
   * `record-unlisted`: a stored record no entry names (its entry removed; `seq` is 0). A store
   * whose records and entries cannot part (one row each) never reports it.
   */
  kind: 'entry-altered' | 'chain-broken' | 'seq-gap' | 'record-missing' | 'record-altered' | 'record-unlisted';
}

/**
 * Checks a list of entries and the records they name: every entry's own hash, each link to the
 * entry before, consecutive numbers, and each record's hash (`readRecord` returns undefined when the
 * record is gone). An empty result means the store is intact.
 */
export async function verifyChain(
  entries: readonly RecordEntry[],
  readRecord: (entry: RecordEntry) => Promise<ProcessRecord | undefined>,
): Promise<ChainDefect[]> {
  const defects: ChainDefect[] = [];
  let prev: RecordEntry | undefined;
  for (const entry of entries) {
    const at = { seq: entry.seq, workflowId: entry.workflowId };
    if (entryHashOf(entry) !== entry.entryHash) defects.push({ ...at, kind: 'entry-altered' });
    if (entry.seq !== (prev?.seq ?? 0) + 1) defects.push({ ...at, kind: 'seq-gap' });
    if (entry.prevHash !== (prev?.entryHash ?? GENESIS)) defects.push({ ...at, kind: 'chain-broken' });
    const record = await readRecord(entry);
    if (!record) defects.push({ ...at, kind: 'record-missing' });
    else if (recordHash(record) !== entry.recordHash) defects.push({ ...at, kind: 'record-altered' });
    prev = entry;
  }
  return defects;
}

const CLOSED_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT', 'CONTINUED_AS_NEW'] as const;
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The shape of a stored record, checked when a store reads one back (a file may have been edited). */
export const processRecordSchema: z.ZodType<ProcessRecord> = z
  .object({
    schema: z.literal(1),
    workflowId: z.string().min(1),
    runId: z.string().min(1),
    workflowType: z.string().min(1),
    status: z.enum(CLOSED_STATUSES),
    startTime: z.string(),
    closeTime: z.string(),
    parentWorkflowId: z.string().min(1).optional(),
    searchAttributes: z.record(z.string(), z.unknown()),
    finalState: z.unknown(),
    history: z.unknown(),
    files: z.array(
      z.object({ name: z.string(), sha256: z.string(), bytes: z.number().int().nonnegative(), role: z.string().optional() }).strict(),
    ),
  })
  .strict() as z.ZodType<ProcessRecord>;

/** The shape of one chain entry, checked when a store reads its chain. */
export const recordEntrySchema: z.ZodType<RecordEntry> = z
  .object({
    seq: z.number().int().positive(),
    workflowId: z.string().min(1),
    runId: z.string().min(1),
    workflowType: z.string().min(1),
    status: z.enum(CLOSED_STATUSES),
    closeTime: z.string(),
    parentWorkflowId: z.string().min(1).optional(),
    recordedAt: z.string(),
    recordHash: hex64,
    prevHash: hex64,
    entryHash: hex64,
  })
  .strict();

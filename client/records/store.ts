import type { ChainDefect, ProcessRecord, RecordEntry } from '../../domain/records';

/**
 * The project's own store of closed processes' records (domain/records.ts): write-once, each
 * record hashed, the list hash-chained. Two backends share this interface and its conformance
 * tests: files under the data folder (`npm start`) and PostgreSQL (`npm run cluster`).
 */
export interface RecordStore {
  /** Whether the run is recorded. */
  has(workflowId: string, runId: string): Promise<boolean>;
  /**
   * Writes a record once and appends its chain entry. Writing the same record again returns the
   * existing entry; a different record for a run already recorded is refused (write-once).
   */
  put(record: ProcessRecord): Promise<RecordEntry>;
  /** The record of a run, or of the workflow id's latest recorded run when runId is left out. */
  get(workflowId: string, runId?: string): Promise<ProcessRecord | undefined>;
  /** The chain's entries in order, optionally only those of one round (parent) or one type. */
  list(filter?: { parentWorkflowId?: string; workflowType?: string }): Promise<RecordEntry[]>;
  /** Checks the whole chain and every record against it; empty when intact. */
  verify(): Promise<ChainDefect[]>;
  close(): Promise<void>;
}

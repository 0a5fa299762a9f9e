import pg from 'pg';
import { ExitCode, UserFacingError } from '../../config/errors';
import type { PostgresRecordSettings } from '../../config/records-postgres';
import {
  canonicalJson,
  chainEntry,
  recordHash,
  verifyChain,
  type ChainDefect,
  type ClosedStatus,
  type ProcessRecord,
  type RecordEntry,
} from '../../domain/records';
import type { RecordStore } from './store';

/**
 * The record store on PostgreSQL (`npm run cluster`, KIEMTRA_RECORDS=postgres): the tables of
 * client/records/postgres-schema.ts, in their own database. Write-once is the database's rule
 * (primary key on the run, no UPDATE/DELETE grant, a trigger that refuses them); chain appends
 * are serialized across every process by a transaction-scoped advisory lock, so two workers never
 * chain onto the same entry.
 */

/** The advisory lock every chain append takes ("kiem" in ASCII). */
const CHAIN_LOCK = 0x6b69656d;

interface ChainRow {
  seq: string;
  workflow_id: string;
  run_id: string;
  workflow_type: string;
  status: string;
  close_time: string;
  parent_workflow_id: string | null;
  recorded_at: string;
  record_hash: string;
  prev_hash: string;
  entry_hash: string;
}

const ENTRY_COLUMNS =
  'seq, workflow_id, run_id, workflow_type, status, close_time, parent_workflow_id, recorded_at, record_hash, prev_hash, entry_hash';

function entryOf(row: ChainRow): RecordEntry {
  return {
    seq: Number(row.seq),
    workflowId: row.workflow_id,
    runId: row.run_id,
    workflowType: row.workflow_type,
    status: row.status as ClosedStatus,
    closeTime: row.close_time,
    ...(row.parent_workflow_id !== null ? { parentWorkflowId: row.parent_workflow_id } : {}),
    recordedAt: row.recorded_at,
    recordHash: row.record_hash,
    prevHash: row.prev_hash,
    entryHash: row.entry_hash,
  };
}

/** Where the store is, for messages (never the password). */
const where = (s: PostgresRecordSettings) => `${s.user}@${s.host}:${s.port}/${s.database}`;

/** A PostgreSQL error as one Vietnamese line for an operator. */
function storeError(settings: PostgresRecordSettings, err: unknown): UserFacingError {
  const code = (err as { code?: string }).code ?? '';
  const at = `kho hồ sơ PostgreSQL ${where(settings)}`;
  const line =
    code === '28P01' || code === '28000'
      ? `${at} từ chối đăng nhập: kiểm tra KIEMTRA_RECORDS_PG_USER và mật khẩu (KIEMTRA_RECORDS_PG_PASSWORD_FILE).`
      : code === '3D000'
        ? `${at}: chưa có cơ sở dữ liệu ${settings.database} (npm run cluster tạo nó).`
        : code === '42P01'
          ? `${at}: chưa có bảng hồ sơ (npm run cluster tạo chúng).`
          : code === '42501'
            ? `${at} từ chối quyền: vai trò ${settings.user} chỉ được đọc và thêm hồ sơ vào cơ sở dữ liệu của kho.`
            : /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ECONNRESET)$/.test(code)
              ? `không kết nối được ${at} (${code}).`
              : `${at} báo lỗi${code ? ` ${code}` : ''}.`;
  return new UserFacingError(line, ExitCode.failure, (err as Error).message);
}

/**
 * Opens the store and checks that its tables answer; a missing database, table, role or a refused
 * password is one Vietnamese line (UserFacingError).
 */
export async function openPostgresRecordStore(settings: PostgresRecordSettings): Promise<RecordStore> {
  const pool = new pg.Pool({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password(),
    ssl: settings.ssl ? { rejectUnauthorized: true } : false,
    max: 4,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'kiemtra-records',
  });
  // An idle client's error (the server restarting) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  const fail = (err: unknown): never => {
    throw err instanceof UserFacingError ? err : storeError(settings, err);
  };
  try {
    await pool.query('SELECT 1 FROM records LIMIT 0');
    await pool.query('SELECT 1 FROM chain LIMIT 0');
  } catch (err) {
    await pool.end().catch(() => undefined);
    fail(err);
  }

  const entryAt = async (db: pg.ClientBase | pg.Pool, workflowId: string, runId: string) => {
    const { rows } = await db.query<ChainRow>(`SELECT ${ENTRY_COLUMNS} FROM chain WHERE workflow_id = $1 AND run_id = $2`, [
      workflowId,
      runId,
    ]);
    return rows[0] ? entryOf(rows[0]) : undefined;
  };
  const text = async (workflowId: string, runId: string): Promise<string | undefined> => {
    const { rows } = await pool.query<{ body: string }>('SELECT body FROM records WHERE workflow_id = $1 AND run_id = $2', [
      workflowId,
      runId,
    ]);
    return rows[0]?.body;
  };
  const body = async (workflowId: string, runId: string): Promise<ProcessRecord | undefined> => {
    const stored = await text(workflowId, runId);
    if (stored === undefined) return undefined;
    try {
      return JSON.parse(stored) as ProcessRecord;
    } catch {
      throw new UserFacingError(
        `hồ sơ của ${workflowId} (lần chạy ${runId}) trong kho PostgreSQL không đọc được: kho đã bị sửa ngoài kiemtra; chạy kiemtra records verify.`,
      );
    }
  };

  return {
    async has(workflowId, runId) {
      try {
        return (await entryAt(pool, workflowId, runId)) !== undefined;
      } catch (err) {
        return fail(err);
      }
    },

    async put(record) {
      const hash = recordHash(record);
      const client = await pool.connect().catch(fail);
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
        const existing = await entryAt(client, record.workflowId, record.runId);
        if (existing) {
          await client.query('ROLLBACK');
          if (existing.recordHash === hash) return existing;
          throw new UserFacingError(
            `hồ sơ của ${record.workflowId} (lần chạy ${record.runId}) đã được ghi với nội dung khác: hồ sơ chỉ ghi một lần, không ghi đè.`,
            ExitCode.failure,
          );
        }
        const { rows } = await client.query<ChainRow>(`SELECT ${ENTRY_COLUMNS} FROM chain ORDER BY seq DESC LIMIT 1`);
        const entry = chainEntry(record, rows[0] ? entryOf(rows[0]) : undefined, new Date().toISOString());
        await client.query('INSERT INTO records (workflow_id, run_id, body) VALUES ($1, $2, $3)', [
          record.workflowId,
          record.runId,
          canonicalJson(record),
        ]);
        await client.query(`INSERT INTO chain (${ENTRY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
          entry.seq,
          entry.workflowId,
          entry.runId,
          entry.workflowType,
          entry.status,
          entry.closeTime,
          entry.parentWorkflowId ?? null,
          entry.recordedAt,
          entry.recordHash,
          entry.prevHash,
          entry.entryHash,
        ]);
        await client.query('COMMIT');
        return entry;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        return fail(err);
      } finally {
        client.release();
      }
    },

    async get(workflowId, runId) {
      try {
        if (runId) return await body(workflowId, runId);
        const { rows } = await pool.query<{ run_id: string }>('SELECT run_id FROM chain WHERE workflow_id = $1 ORDER BY seq DESC LIMIT 1', [
          workflowId,
        ]);
        return rows[0] ? await body(workflowId, rows[0].run_id) : undefined;
      } catch (err) {
        return fail(err);
      }
    },

    async list(filter = {}) {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.parentWorkflowId !== undefined) where.push(`parent_workflow_id = $${args.push(filter.parentWorkflowId)}`);
      if (filter.workflowType !== undefined) where.push(`workflow_type = $${args.push(filter.workflowType)}`);
      try {
        const { rows } = await pool.query<ChainRow>(
          `SELECT ${ENTRY_COLUMNS} FROM chain ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`,
          args,
        );
        return rows.map(entryOf);
      } catch (err) {
        return fail(err);
      }
    },

    async verify() {
      try {
        const { rows } = await pool.query<ChainRow>(`SELECT ${ENTRY_COLUMNS} FROM chain ORDER BY seq`);
        // A record whose text no longer parses is an altered record: its stand-in cannot match the hash.
        const defects = await verifyChain(rows.map(entryOf), async (entry) => {
          const stored = await text(entry.workflowId, entry.runId);
          if (stored === undefined) return undefined;
          try {
            return JSON.parse(stored) as ProcessRecord;
          } catch {
            return { unreadable: stored } as unknown as ProcessRecord;
          }
        });
        // A record whose entry was removed (the two tables can part only behind the store's back).
        const { rows: unlisted } = await pool.query<{ workflow_id: string }>(
          'SELECT r.workflow_id FROM records r WHERE NOT EXISTS (SELECT 1 FROM chain c WHERE c.workflow_id = r.workflow_id AND c.run_id = r.run_id) ORDER BY r.workflow_id, r.run_id',
        );
        defects.push(...unlisted.map((r): ChainDefect => ({ seq: 0, workflowId: r.workflow_id, kind: 'record-unlisted' })));
        return defects.sort((a, b) => a.seq - b.seq);
      } catch (err) {
        return fail(err);
      }
    },

    async close() {
      await pool.end();
    },
  };
}

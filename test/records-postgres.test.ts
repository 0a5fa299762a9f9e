import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresRecordStore } from '../client/records/postgres-store';
import type { RecordStore } from '../client/records/store';
import { UserFacingError } from '../config/errors';
import { OWNER_ROLE } from '../scripts/cluster-postgres';
import { privatePostgres, type PrivatePostgres } from './kit/postgres';
import { describeRecordStore, sampleRecord } from './kit/record-store-cases';
import { describeWithTools, postgresTool } from './kit/tools';

/**
 * The PostgreSQL record store against a real PostgreSQL, set up by the cluster's own code
 * (scripts/cluster-postgres.ts) in a private folder: the shared conformance cases, damage done
 * directly in SQL by a superuser, and write-once enforced by the database itself (the workers'
 * role may not UPDATE or DELETE, and not even the tables' owner gets past the trigger).
 */
describeWithTools('the PostgreSQL record store', [postgresTool()], () => {
  let server: PrivatePostgres;
  let db = '';
  beforeAll(async () => {
    server = await privatePostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.remove();
  });

  /** SQL as the superuser, triggers off (session_replication_role = replica), as an attacker with root would. */
  const asSuperuser = (sql: string) => server.psql(`SET session_replication_role = replica; ${sql}`, db);

  describeRecordStore(
    'PostgreSQL',
    async () => {
      db = await server.freshRecordsDatabase();
      return openPostgresRecordStore(server.recordSettings(db));
    },
    undefined,
    {
      reopen: () => openPostgresRecordStore(server.recordSettings(db)),
      tamper: {
        alterRecord: async (workflowId, runId) =>
          void (await asSuperuser(
            `UPDATE records SET body = jsonb_set(body::jsonb, '{finalState,stage}', '"da-sua"')::text WHERE workflow_id = '${workflowId}' AND run_id = '${runId}';`,
          )),
        removeRecord: async (workflowId, runId) =>
          void (await asSuperuser(`DELETE FROM records WHERE workflow_id = '${workflowId}' AND run_id = '${runId}';`)),
        alterEntry: async (seq) => void (await asSuperuser(`UPDATE chain SET close_time = '2020-01-01T00:00:00.000Z' WHERE seq = ${seq};`)),
        removeEntry: async (seq) => void (await asSuperuser(`DELETE FROM chain WHERE seq = ${seq};`)),
      },
    },
  );

  it('refuses UPDATE, DELETE and TRUNCATE to the workers’ role and to the tables’ owner; only a superuser’s tampering gets through, and verify finds it', async () => {
    db = await server.freshRecordsDatabase();
    const store = await openPostgresRecordStore(server.recordSettings(db));
    try {
      for (const id of ['a', 'b', 'c']) await store.put(sampleRecord({ workflowId: `kiem-tra-${id}`, runId: `run-${id}` }));
      const settings = server.recordSettings(db);
      const app = new pg.Client({
        host: settings.host,
        port: settings.port,
        database: db,
        user: settings.user,
        password: settings.password(),
      });
      await app.connect();
      try {
        for (const sql of [
          "UPDATE records SET body = '{}' WHERE workflow_id = 'kiem-tra-a'",
          "DELETE FROM records WHERE workflow_id = 'kiem-tra-a'",
          'UPDATE chain SET status = $$FAILED$$ WHERE seq = 1',
          'DELETE FROM chain WHERE seq = 3',
          'TRUNCATE chain',
        ])
          await expect(app.query(sql), sql).rejects.toMatchObject({ code: '42501' });
        // INSERT is granted, but the primary key keeps a run to one record.
        await expect(app.query("INSERT INTO records VALUES ('kiem-tra-a', 'run-a', '{}')")).rejects.toMatchObject({ code: '23505' });
      } finally {
        await app.end();
      }
      // The owner (who could grant itself anything) still meets the trigger.
      for (const sql of ["UPDATE records SET body = '{}';", 'DELETE FROM chain;', 'TRUNCATE records;'])
        await expect(server.psql(sql, db, OWNER_ROLE), sql).rejects.toThrow(/write-once/);
      expect(await store.verify()).toEqual([]);

      // A superuser with triggers off: an altered record, an altered status, a removed entry in the middle.
      await asSuperuser(`UPDATE records SET body = replace(body, 'Sở Tài chính', 'Sở Xây dựng') WHERE workflow_id = 'kiem-tra-a';`);
      await asSuperuser(`UPDATE chain SET status = 'FAILED' WHERE seq = 2;`);
      expect(await store.verify()).toEqual([
        { seq: 1, workflowId: 'kiem-tra-a', kind: 'record-altered' },
        { seq: 2, workflowId: 'kiem-tra-b', kind: 'entry-altered' },
      ]);
      await asSuperuser(`DELETE FROM chain WHERE seq = 2;`);
      expect(await store.verify()).toEqual([
        { seq: 0, workflowId: 'kiem-tra-b', kind: 'record-unlisted' },
        { seq: 1, workflowId: 'kiem-tra-a', kind: 'record-altered' },
        { seq: 3, workflowId: 'kiem-tra-c', kind: 'seq-gap' },
        { seq: 3, workflowId: 'kiem-tra-c', kind: 'chain-broken' },
      ]);
      // A record whose text no longer parses is altered too, not a crash.
      await asSuperuser(`UPDATE records SET body = 'not json' WHERE workflow_id = 'kiem-tra-c';`);
      expect(await store.verify()).toContainEqual({ seq: 3, workflowId: 'kiem-tra-c', kind: 'record-altered' });
    } finally {
      await store.close();
    }
  });

  it('says in one Vietnamese line what is wrong: a refused password, a missing database, a rewrite of a record', async () => {
    const opening = (over: Partial<ReturnType<PrivatePostgres['recordSettings']>>) =>
      openPostgresRecordStore({ ...server.recordSettings(), ...over }).then(
        (s: RecordStore) => s.close().then(() => 'opened'),
        (e: unknown) => (e instanceof UserFacingError ? e.message : `not user-facing: ${String(e)}`),
      );
    expect(await opening({ password: () => 'wrong-password' })).toMatch(
      /^kho hồ sơ PostgreSQL kiemtra@127\.0\.0\.1:\d+\/kiemtra từ chối đăng nhập/,
    );
    expect(await opening({ database: 'khong_co' })).toMatch(/chưa có cơ sở dữ liệu khong_co/);
    // The workers' role may not log in to the Temporal databases.
    expect(await opening({ database: 'temporal' })).toMatch(/từ chối/);
    const message = await opening({ password: () => 'wrong-password' });
    expect(message).not.toContain('wrong-password');

    const store = await openPostgresRecordStore(server.recordSettings());
    try {
      const record = sampleRecord({ workflowId: 'kiem-tra-x', runId: 'run-x' });
      await store.put(record);
      await expect(store.put({ ...record, status: 'FAILED' })).rejects.toThrow(
        'hồ sơ của kiem-tra-x (lần chạy run-x) đã được ghi với nội dung khác: hồ sơ chỉ ghi một lần, không ghi đè.',
      );
    } finally {
      await store.close();
    }
  });
});

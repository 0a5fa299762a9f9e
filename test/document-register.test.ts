import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { allocate, record, withdraw } from '../client/register';
import {
  DOCUMENT_REGISTER_TYPE,
  registerStartOptions,
  registerStateQuery,
  type DocumentRegisterWorkflow,
  type RegisterEntry,
} from '../workflows/document-register/contract';
import { saveHistory } from './kit/histories';
import { clock } from './kit/inspection';
import { useWorkerStack } from './kit/stack';
import { timeSkippingEnv } from './kit/temporal';

/** The register of outgoing documents through the time-skipping server: the updates, refusals, continue-as-new. */
const stack = useWorkerStack(timeSkippingEnv);
const TASK_EVENTS = new Set([5, 6, 7]);
const meaningful = async (h: WorkflowHandle) =>
  (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;
const by = 'Nguyễn Thị Văn Thư';

describe('the register of outgoing documents (time-skipping)', () => {
  it('allocates, records and withdraws; refusals leave no event; a retried request gets its number back', async () => {
    const { today } = await clock(stack.env);
    const year = Number(today.slice(0, 4));
    const client = stack.env.client;
    const key = { body: 'VP' as const, year };
    const call = (requestId: string) => ({ taskQueue: stack.worker.options.taskQueue, requestId });

    const a = await allocate(client, key, { type: 'TB', subject: 'Lịch làm việc của Đoàn kiểm tra', by }, call('a1'));
    expect(a.workflowId).toBe(`register-${year}-vp`);
    expect(a.entry).toMatchObject({ symbol: '01/TB-VP', number: 1, issuedOn: today, status: 'issued', source: 'allocated' });
    const again = await allocate(client, key, { type: 'TB', subject: 'Lịch làm việc của Đoàn kiểm tra', by }, call('a1'));
    expect(again.entry).toEqual(a.entry);
    const b = await allocate(client, key, { type: 'BC', subject: 'Kết quả kiểm tra', by, signer: 'Trần Văn B' }, call('a2'));
    expect(b.entry.symbol).toBe('02/BC-VP');

    const r = await record(client, key, { number: '5/TB-VP', type: 'TB', subject: 'Thông báo kết luận', by }, call('r1'));
    expect(r.entry).toMatchObject({ symbol: '05/TB-VP', source: 'recorded' });

    const h = client.workflow.getHandle(a.workflowId);
    const before = await meaningful(h);
    const stateBefore = await h.query(registerStateQuery);
    const refusals: [() => Promise<unknown>, RegExp][] = [
      [() => record(client, key, { number: '05/BC-VP', type: 'BC', subject: 'Trùng', by }, call('r2')), /^Số 05\/BC-VP đã được sử dụng/],
      [
        () => record(client, key, { number: '08/TB-UBND', type: 'TB', subject: 'Sai cơ quan', by }, call('r3')),
        /không thuộc sổ của Văn phòng/,
      ],
      [() => withdraw(client, key, { number: '09/TB-VP', reason: 'Sai', by }, call('w0')), /^Số 09\/TB-VP không có trong sổ/],
    ];
    for (const [run, message] of refusals) {
      const err = await run().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(message);
    }
    expect(await meaningful(h)).toBe(before);
    expect(await h.query(registerStateQuery)).toEqual(stateBefore);

    const w = await withdraw(client, key, { number: '02/BC-VP', reason: 'Ban hành nhầm', by }, call('w1'));
    expect(w.entry).toMatchObject({ symbol: '02/BC-VP', status: 'withdrawn', withdrawal: { reason: 'Ban hành nhầm', by } });
    const next = await allocate(client, key, { type: 'KL', subject: 'Kết luận kiểm tra', by }, call('a3'));
    expect(next.entry.symbol).toBe('06/KL-VP');
    const s = await h.query(registerStateQuery);
    expect(s.entries.map((e) => `${e.symbol} ${e.status}`)).toEqual([
      '01/TB-VP issued',
      '02/BC-VP withdrawn',
      '05/TB-VP issued',
      '06/KL-VP issued',
    ]);
  });

  it('continues as new when its history grows, keeping every number, and a request retried after it gets the same number', async () => {
    const { today } = await clock(stack.env);
    const year = Number(today.slice(0, 4));
    const client = stack.env.client;
    const queue = stack.worker.options.taskQueue;
    const o = registerStartOptions({ body: 'ĐKT', year, ownSeries: ['BB'], maxHistoryEvents: 40 }, queue);
    const first = await client.workflow.start<DocumentRegisterWorkflow>(DOCUMENT_REGISTER_TYPE, o);
    const key = { body: 'ĐKT' as const, year };
    const entries: RegisterEntry[] = [];
    // 6 lanes of 5: several updates reach a run while it is about to continue as new.
    await Promise.all(
      Array.from({ length: 6 }, async (_, lane) => {
        for (let i = 0; i < 5; i++) {
          const type = i % 2 ? ('BB' as const) : ('KL' as const);
          const { entry } = await allocate(
            client,
            key,
            { type, subject: `Lần ${lane}.${i}`, by },
            { taskQueue: queue, requestId: `c-${lane}-${i}` },
          );
          entries.push(entry);
        }
      }),
    );
    const s = await client.workflow.getHandle(o.workflowId).query(registerStateQuery);
    expect(s.generation).toBeGreaterThan(1);
    expect(s.entries).toHaveLength(30);
    const series = (t: string) =>
      s.entries
        .filter((e) => e.series === t)
        .map((e) => e.number)
        .sort((x, y) => x - y);
    expect(series('chung')).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(series('BB')).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.symbol)).size).toBe(30);
    // A request retried on the new run (Temporal's own deduplication is per run) gets its entry back.
    const retried = await allocate(client, key, { type: 'KL', subject: 'Lần 0.0', by }, { taskQueue: queue, requestId: 'c-0-0' });
    expect(retried.entry).toEqual(entries.find((e) => e.requestId === 'c-0-0'));
    expect((await client.workflow.getHandle(o.workflowId).query(registerStateQuery)).entries).toHaveLength(30);
    const firstRun = await client.workflow.getHandle(o.workflowId, first.firstExecutionRunId).describe();
    expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
    await saveHistory(stack.env, o.workflowId, 'document-register-continued-as-new', first.firstExecutionRunId);
  });
});

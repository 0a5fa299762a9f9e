import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { addDays, localDateOf } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { inspectionWorkflowId } from '../workflows/ids';
import { temporalCliPath } from '../config/paths';
import { inspectionInput } from './kit/inspection';
import { run } from './kit/process';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';
import { useWorkerStack } from './kit/stack';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, updates } from '../workflows/inspection/contract';

/** The inspection on a real dev server: visibility, search attributes, the CLI, rejected updates. */
describe('inspection workflow (dev server)', () => {
  const cal = sharedCalendar();
  const stack = useWorkerStack(devServerEnv);

  const address = () => stack.env.connection.options.address;
  const today = () => localDateOf(Date.now());

  it('is found by InspectionStage with `temporal workflow list` and queried with `temporal workflow query`', async () => {
    // A visit whose notice moment has passed, at any hour: the notice goes out at once.
    const { start, end } = liveDates(cal, Date.now()).noticeDue;
    const unit = 'Sở Y tế';
    const options = inspectionStartOptions(
      { ...inspectionInput(unit, { start, end }), round: 'dev-round' },
      stack.worker.options.taskQueue,
    );
    const { workflowId } = options;
    await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    const listed = await eventually(
      async () => {
        const r = await run(temporalCliPath(), [
          'workflow',
          'list',
          '--address',
          address(),
          '--query',
          "InspectionStage='notified' AND InspectionRound='dev-round'",
          '--output',
          'json',
        ]);
        const rows = r.stdout.trim() ? (JSON.parse(r.stdout) as { execution: { workflowId: string } }[]) : [];
        return rows.some((x) => x.execution.workflowId === workflowId) ? rows : undefined;
      },
      30_000,
      'the inspection to be listed as notified',
    );
    expect(listed.map((x) => x.execution.workflowId)).toEqual([workflowId]);

    const q = await run(temporalCliPath(), [
      'workflow',
      'query',
      '--address',
      address(),
      '--workflow-id',
      workflowId,
      '--name',
      'state',
      '--output',
      'json',
    ]);
    expect(q.code).toBe(0);
    expect(q.stdout).toContain('"stage": "notified"');
    expect(q.stdout).toContain(unit);

    const desc = await stack.env.client.workflow.getHandle(workflowId).describe();
    const sa = desc.typedSearchAttributes;
    expect(sa.get({ name: 'InspectionUnit', type: 'KEYWORD' } as never)).toBe(unit);
    expect(sa.get({ name: 'InspectionUnitKind', type: 'KEYWORD' } as never)).toBe('department');
    expect(sa.get({ name: 'InspectionKind', type: 'KEYWORD' } as never)).toBe('periodic');
    expect(sa.get({ name: 'InspectionOverdue', type: 'BOOL' } as never)).toBe(false);
    expect((sa.get({ name: 'InspectionVisitDate', type: 'DATETIME' } as never) as Date).toISOString()).toBe(
      new Date(`${start}T00:00:00+07:00`).toISOString(),
    );
    expect(sa.get({ name: 'InspectionNextDeadline', type: 'DATETIME' } as never)).toBeInstanceOf(Date);
    expect(await desc.staticSummary()).toMatch(/^Sở Y tế: kiểm tra định kỳ, từ Thứ/);
    expect(await desc.staticDetails()).toContain('Kiểm tra công tác kiểm soát TTHC năm 2026');
  });

  it('leaves no event in history for a rejected update (server-side speculative task)', async () => {
    const start = cal.addWorkingDays(today(), 12);
    const unit = 'UBND phường Gia Viên';
    const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, {
      taskQueue: stack.worker.options.taskQueue,
      workflowId: inspectionWorkflowId(2026, unit),
      args: [inspectionInput(unit, { start, end: start })],
    });
    await eventually(async () => ((await handle.query(stateQuery)).deadlines.length ? true : undefined), 20_000, 'calendar loaded');
    const before = (await handle.fetchHistory()).events!.length;
    const up = (name: keyof typeof updates, payload: unknown) => () => handle.executeUpdate(updates[name] as never, { args: [payload] });
    let sunday = cal.addWorkingDays(today(), 15);
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
    const attempts: [() => Promise<unknown>, RegExp][] = [
      [up('recordOpeningMeeting', { date: today(), by: 'A' }), /giai đoạn "Đã lên lịch"/],
      [up('recordReport', { receivedOn: today(), indicators: {}, by: 'A' }), /giai đoạn "Đã lên lịch"/],
      [up('signConclusion', { signer: 'B', signedOn: today(), recommendations: [], by: 'A' }), /giai đoạn/],
      [up('recordRemediationReport', { receivedOn: today(), done: [{ id: 'R1', evidence: 'x' }], by: 'A' }), /giai đoạn/],
      [up('reschedule', { start: cal.addWorkingDays(today(), -1), end: start, surprise: true, by: 'A' }), /đã qua/],
      [up('reschedule', { start: sunday, end: sunday, by: 'A' }), /là ngày nghỉ/],
      [
        up('reschedule', { start: cal.addWorkingDays(today(), 2), end: cal.addWorkingDays(today(), 2), by: 'A' }),
        /không còn đủ 7 ngày làm việc/,
      ],
      [
        up('reschedule', { start: cal.addWorkingDays(today(), 20), end: cal.addWorkingDays(today(), 19), by: 'A' }),
        /Ngày kết thúc trước ngày bắt đầu/,
      ],
      [up('reschedule', { start: '2026-13-01', end: '2026-13-02', by: 'A' }), /ngày không hợp lệ/],
      [
        up('reschedule', { start: cal.addWorkingDays(today(), 20), end: cal.addWorkingDays(today(), 20), by: 'A', extra: 1 }),
        /Khóa không được nhận dạng/,
      ],
      [up('cancel', { reason: '<script>x</script>', by: 'A' }), /không được chứa ký tự < >/],
      [up('cancel', { reason: 'lý do', by: 'A\r\nBcc: x@y.z' }), /không được chứa xuống dòng/],
      [up('cancel', { reason: 'x'.repeat(100_000), by: 'A' }), /reason/],
      [up('cancel', { reason: 'lý do', by: '' }), /by/],
      [up('cancel', { reason: 'lý do' }), /by/],
      [up('cancel', 'hủy đi'), /Dữ liệu không hợp lệ/],
      [up('cancel', null), /Dữ liệu không hợp lệ/],
    ];
    for (const [attempt, message] of attempts) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
    }
    expect((await handle.fetchHistory()).events!.length).toBe(before);
    await handle.executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc kiểm thử', by: 'A' }] });
    expect((await handle.result()).stage).toBe('cancelled');
  });
});

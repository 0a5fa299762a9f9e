import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporalCliPath, projectRoot } from '../config/paths';
import { dateInText, localDateOf } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { periodBefore } from '../domain/periods';
import { periodicReportWorkflowId, reportScheduleId } from '../workflows/ids';
import { REPORTING_PERIOD_STAGE } from '../workflows/reporting-period/contract';
import { SA } from '../workflows/search-attributes';
import { cleanEnv, kiemtra, run } from './kit/process';
import { saveHistory } from './kit/histories';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, type InspectionState } from '../workflows/inspection/contract';

/**
 * Periodic reports on real Temporal Schedules (dev server), through the CLI: the four Schedules are
 * created once, listed by `temporal schedule list`; a triggered monthly period starts every unit's
 * report; one is recorded; the consolidated report names the missing units.
 */
describe('kiemtra reports (CLI, dev server, Temporal Schedules)', () => {
  const stack = useWorkerStack(devServerEnv);
  const PLAN = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Phòng KSTTHC',
    });
  });
  const cli = (...args: string[]) => kiemtra(args, env);

  it('creates the Schedules once, triggers a period, records a report and consolidates it', async () => {
    const created = JSON.parse((await cli('reports', 'schedule', PLAN, '--json')).stdout) as {
      units: number;
      schedules: { scheduleId: string; created: boolean }[];
    };
    expect(created.units).toBe(40);
    expect(created.schedules).toEqual(
      ['monthly', 'quarterly', 'sixmonthly', 'annual'].map((k) => ({ scheduleId: `reports-kstthc-2026-${k}`, created: true })),
    );
    const again = JSON.parse((await cli('reports', 'schedule', PLAN, '--json')).stdout) as { schedules: { created: boolean }[] };
    expect(again.schedules.every((s) => !s.created)).toBe(true);

    const listed = await run(temporalCliPath(), [
      'schedule',
      'list',
      '--address',
      stack.env.connection.options.address,
      '--output',
      'json',
    ]);
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.stdout) as { scheduleId: string }[]).map((s) => s.scheduleId).sort();
    expect(ids).toEqual([
      'reports-kstthc-2026-annual',
      'reports-kstthc-2026-monthly',
      'reports-kstthc-2026-quarterly',
      'reports-kstthc-2026-sixmonthly',
    ]);
    const described = await stack.env.client.schedule.getHandle(reportScheduleId('kstthc-2026', 'monthly')).describe();
    expect(described.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [{ start: 15, end: 15, step: 1 }],
      hour: [{ start: 8, end: 8, step: 1 }],
    });
    expect(described.spec.timezone).toBe('Asia/Ho_Chi_Minh');

    // Trigger the monthly Schedule now: the period whose data ended before today starts its reports.
    await stack.env.client.schedule.getHandle(reportScheduleId('kstthc-2026', 'monthly')).trigger();
    const period = periodBefore('monthly', localDateOf(Date.now()));
    const unit = 'Sở Tài chính';
    const reportId = periodicReportWorkflowId('kstthc-2026', period.id, unit);
    await eventually(
      async () => {
        try {
          const d = await stack.env.client.workflow.getHandle(reportId).query<{ deadline?: unknown }>('state');
          return d.deadline ? true : undefined;
        } catch {
          return undefined;
        }
      },
      60_000,
      'the triggered period to start the reports',
    );

    const periodRun = await eventually(
      async () => {
        for await (const w of stack.env.client.workflow.list({
          query: `WorkflowType = 'reportingPeriod' AND ExecutionStatus = 'Completed'`,
        }))
          return w.workflowId;
        return undefined;
      },
      60_000,
      'the period to complete',
    );
    const periodRunDescribed = await stack.env.client.workflow.getHandle(periodRun).describe();
    expect([periodRunDescribed.typedSearchAttributes.get(SA.kind), periodRunDescribed.typedSearchAttributes.get(SA.stage)]).toEqual([
      'period-monthly',
      REPORTING_PERIOD_STAGE,
    ]);
    await saveHistory(stack.env, periodRun, 'reporting-period-monthly-40-units-stage');

    const recorded = await cli(
      'reports',
      'record',
      unit,
      '--period',
      period.id,
      '--plan',
      'kstthc-2026',
      '--received',
      localDateOf(Date.now()),
      '--indicator',
      'onlineReceived=82',
      '--indicator',
      'satisfaction=93',
    );
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toContain(`Đã ghi nhận báo cáo ${period.label}: ${unit}`);

    const figures = JSON.parse((await cli('reports', 'summary', PLAN, period.id, '--json')).stdout) as {
      units: number;
      received: number;
      missing: string[];
      misses: { unit: string; target: string }[];
    };
    expect(figures).toMatchObject({ units: 40, received: 1 });
    expect(figures.missing).toHaveLength(39);
    expect(figures.missing).not.toContain(unit);
    expect(figures.misses).toEqual([{ unit, target: 'satisfaction', text: 'Mức độ hài lòng của người dân, doanh nghiệp 93% < 95%' }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-reports-'));
    const written = await cli('reports', 'summary', PLAN, period.id, '-o', dir);
    expect(written.stderr).toBe('');
    const md = fs.readFileSync(path.join(dir, `bao-cao-${period.id}.md`), 'utf8');
    expect(md).toContain(`# Báo cáo tổng hợp kết quả kiểm soát thủ tục hành chính ${period.label}`);
    expect(md).toContain('Chưa báo cáo: Sở Nông nghiệp và Môi trường');
    expect(md).toContain('Sở Tài chính: Mức độ hài lòng của người dân, doanh nghiệp 93% < 95%.');
    expect(
      fs
        .readFileSync(path.join(dir, `bao-cao-${period.id}.docx`))
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    // The two halves joined: the unit's inspection report is pre-filled from this periodic report.
    const input = inspectionInput(unit, liveDates(sharedCalendar(), Date.now()).noticeDue);
    const year = String(input.year);
    await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    await eventually(
      async () =>
        (await cli('status', unit, '--year', year, '--json').then((r) => JSON.parse(r.stdout) as InspectionState)).stage === 'notified'
          ? true
          : undefined,
      60_000,
      'the notice',
    );
    const reported = await cli(
      'report',
      unit,
      '--received',
      localDateOf(Date.now()),
      '--from-periodic',
      '--indicator',
      'satisfaction=96',
      '--year',
      year,
      '--json',
    );
    expect(reported.stderr).toBe(
      `1 chỉ tiêu lấy từ báo cáo định kỳ ${period.label} của đơn vị, nhận ${dateInText(localDateOf(Date.now()))}; nhập tay: 1.\n`,
    );
    const state = JSON.parse(reported.stdout) as InspectionState;
    expect(state.report!.prefilled).toEqual({
      workflowId: reportId,
      period: period.label,
      receivedOn: localDateOf(Date.now()),
      indicators: ['onlineReceived'],
    });
    expect(state.report!.kpi.map((k) => [k.id, k.value, k.met])).toEqual([
      ['satisfaction', 96, true],
      ['onlineReceived', 82, true],
    ]);
    expect(state.history.at(-1)!.detail).toContain(`1 chỉ tiêu lấy từ báo cáo định kỳ ${period.label}`);
    expect((await cli('status', unit, '--year', year)).stdout).toContain(
      `  1 chỉ tiêu lấy từ báo cáo định kỳ ${period.label} của đơn vị, nhận ${dateInText(localDateOf(Date.now()))}: Hồ sơ tiếp nhận trực tuyến\n`,
    );

    await saveHistory(stack.env, state.workflowId, 'inspection-report-prefilled-from-periodic');

    // A unit without any periodic report is told to type its indicators; nothing is recorded.
    const none = await cli('report', 'Sở Xây dựng', '--received', localDateOf(Date.now()), '--from-periodic', '--year', year);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^Lỗi: Sở Xây dựng chưa có báo cáo định kỳ nào có chỉ tiêu trong 12 tháng trước .*: nhập chỉ tiêu bằng --indicator\.\n$/,
    );
  }, 180_000);
});

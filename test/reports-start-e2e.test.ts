import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { dateInText, formatDate, localDateOf } from '../domain/dates';
import { periodicReportWorkflowId } from '../workflows/ids';
import { loadReportingUnits, loadTaskPlan } from '../loaders/task-plan';
import { openedPeriodWorkflowId, REPORTING_PERIOD_TYPE } from '../workflows/reporting-period/contract';
import { saveHistory } from './kit/histories';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/**
 * `kiemtra reports start` and `reports status` on a dev server with a real SMTP server: a period of
 * the 2026 plan whose usual deadline is long past (2026-10, whatever today is) is refused without
 * a new deadline, then opened with one, and every unit receives a request with that deadline;
 * bad input starts nothing; the status table names who sent, who is waiting, who was never asked.
 */
describe('kiemtra reports start|status (CLI, dev server, SMTP)', () => {
  const stack = useWorkerStack(devServerEnv);
  const PLAN = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
  const PERIOD = '2026-10';
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Phòng KSTTHC',
    });
    delete env.KIEMTRA_YEAR;
  });
  const cli = (...args: string[]) => kiemtra(args, env);
  const exists = (id: string) =>
    stack.env.client.workflow
      .getHandle(id)
      .describe()
      .then(
        () => true,
        () => false,
      );

  it('refuses bad input with one line and starts nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['reports', 'start', '2026-13', '--file', PLAN], /^Lỗi: kỳ báo cáo "2026-13" không hợp lệ; ví dụ 2026-11/],
      [
        ['reports', 'start', '2025-11'],
        /^Lỗi: không có kế hoạch năm cho kỳ báo cáo tháng 11\/2025: không tìm thấy plans\/kstthc-2025\.yaml/,
      ],
      [
        ['reports', 'start', '2024-11', '--file', PLAN],
        /^Lỗi: kỳ báo cáo tháng 11\/2024 kết thúc trước năm 2026 của kstthc-2026: dùng --file/,
      ],
      [
        ['reports', 'start', PERIOD, '--file', PLAN, '--deadline', '2026-10-20'],
        /^Cảnh báo: hạn nộp thông thường .*\nLỗi: hạn nộp 20\/10\/2026 không sau hôm nay/,
      ],
      [['reports', 'start', PERIOD, '--file', PLAN, '--working-days', '0'], /Lỗi: số ngày làm việc "0" không hợp lệ: cần từ 1 đến 60\.\n$/],
      [['reports', 'start', PERIOD, '--file', PLAN, '--working-days', '3', '--deadline', '2030-01-02'], /^Lỗi: chỉ dùng một trong hai/],
    ];
    for (const [args, stderr] of cases) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(stderr);
      expect(r.stderr.trim().split('\n').length, args.join(' ')).toBeLessThanOrEqual(2);
      expect(r.stdout).toBe('');
    }
    expect(await exists(openedPeriodWorkflowId('kstthc-2026', PERIOD))).toBe(false);
    expect(await exists(periodicReportWorkflowId('kstthc-2026', PERIOD, 'Sở Tài chính'))).toBe(false);
  }, 60_000);

  it('warns and refuses without a new deadline, then opens with one: every unit is asked for that date', async () => {
    const refused = await cli('reports', 'start', PERIOD, '--file', PLAN);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^Cảnh báo: hạn nộp thông thường của kỳ tháng 10\/2026 \(.*\) đã qua\.\nLỗi: chưa mở kỳ tháng 10\/2026: cần hạn nộp mới, --deadline <ngày> hoặc --working-days <số>/,
    );
    expect(await exists(openedPeriodWorkflowId('kstthc-2026', PERIOD))).toBe(false);

    const due = sharedCalendar().addWorkingDays(localDateOf(Date.now()), 5);
    const opened = await cli('reports', 'start', PERIOD, '--file', PLAN, '--working-days', '5');
    expect(opened.stderr).toMatch(/^Cảnh báo: hạn nộp thông thường của kỳ tháng 10\/2026/);
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(
      new RegExp(`^Đã mở kỳ báo cáo tháng 10/2026: 40 đơn vị nhận đề nghị báo cáo, hạn nộp .*${formatDate(due)}\\.\\n$`),
    );

    const subject = `Đề nghị báo cáo kết quả kiểm soát TTHC tháng 10/2026: hạn ${dateInText(due)}`;
    const requests = await eventually(
      async () => {
        const got = stack.smtp.messages.filter((m) => m.parsed.subject === subject);
        return got.length >= 40 ? got : undefined;
      },
      90_000,
      'the 40 requests',
    );
    expect(requests).toHaveLength(40);
    expect(new Set(requests.flatMap((m) => m.envelopeTo)).size).toBeGreaterThanOrEqual(40);
    const report = await stack.env.client.workflow
      .getHandle(periodicReportWorkflowId('kstthc-2026', PERIOD, 'Sở Tài chính'))
      .query<{ deadline?: { date: string }; notRequested?: unknown }>('state');
    expect(report.deadline?.date).toBe(due);
    expect(report.notRequested).toBeUndefined();
    await saveHistory(stack.env, openedPeriodWorkflowId('kstthc-2026', PERIOD), 'reporting-period-opened-with-new-deadline');

    // A second start changes nothing.
    const again = await cli('reports', 'start', PERIOD, '--file', PLAN, '--working-days', '5');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `Kỳ báo cáo tháng 10/2026 đã mở (40/40 đơn vị đã có báo cáo): giữ nguyên. Xem: kiemtra reports status ${PERIOD}\n`,
    );
    expect(stack.smtp.messages.filter((m) => m.parsed.subject === subject)).toHaveLength(40);

    // One unit reports; the status shows it sent, the others waiting; a period never opened shows none asked.
    const recorded = await cli(
      'reports',
      'record',
      'Sở Tài chính',
      '--period',
      PERIOD,
      '--received',
      localDateOf(Date.now()),
      '--indicator',
      'satisfaction=96',
    );
    expect(recorded.stderr).toBe('');
    const status = await eventually(
      async () => {
        const r = await cli('reports', 'status', PERIOD, '--file', PLAN, '--json');
        const s = JSON.parse(r.stdout) as { counts: Record<string, number>; units: { unit: string; standing: string; due?: string }[] };
        return s.counts.sent === 1 ? s : undefined;
      },
      30_000,
      'the status with one report',
    );
    expect(status.counts).toEqual({ overdue: 0, missing: 0, not_requested: 0, not_opened: 0, waiting: 39, sent_late: 0, sent: 1 });
    expect(status.units.at(-1)).toMatchObject({ unit: 'Sở Tài chính', standing: 'sent', due });
    const table = await cli('reports', 'status', PERIOD, '--file', PLAN);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(
      'Kỳ báo cáo tháng 10/2026 (kstthc-2026), 40 đơn vị\nĐã gửi: 1; quá hạn: 0; còn hạn: 39; không gửi: 0; chưa được đề nghị: 0; chưa mở kỳ: 0.\n',
    );
    expect(table.stdout).toMatch(new RegExp(`│ Sở Tài chính +│ đã gửi +│ ${formatDate(due)} │ ${formatDate(localDateOf(Date.now()))} │`));
    expect(table.stdout).toMatch(/│ Sở Xây dựng +│ chưa gửi, còn hạn +│/);

    // A mistyped unit gets the closest name; a period never opened says how to open it.
    const today = localDateOf(Date.now());
    const typo = await eventually(
      async () => {
        const r = await cli('reports', 'record', 'So Tai chin', '--period', PERIOD, '--received', today);
        return r.stderr.includes('Có phải') ? r : undefined;
      },
      30_000,
      'the closest names',
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('Lỗi: không tìm thấy báo cáo tháng 10/2026 của "So Tai chin" trong kstthc-2026. Có phải: "Sở Tài chính"?\n');
    const closed = await cli('reports', 'record', 'Sở Tài chính', '--period', '2026-09', '--received', today);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toBe(
      'Lỗi: kỳ báo cáo tháng 9/2026 của kstthc-2026 chưa mở: mở bằng `kiemtra reports start 2026-09` (xem kiemtra reports start --help).\n',
    );

    const never = JSON.parse((await cli('reports', 'status', '2026-09', '--file', PLAN, '--json')).stdout) as {
      counts: Record<string, number>;
    };
    expect(never.counts.not_opened).toBe(40);

    // A period the Schedule opened after its deadline (as a catch-up would) asked no one: start says so.
    const plan = loadTaskPlan(PLAN);
    await stack.env.client.workflow.execute(REPORTING_PERIOD_TYPE, {
      workflowId: 'period-kstthc-2026-monthly-catch-up',
      taskQueue: stack.worker.options.taskQueue,
      args: [
        {
          plan: plan.id,
          planTitle: plan.title,
          kind: 'monthly',
          units: loadReportingUnits(PLAN, plan),
          contacts: { coordinator: plan.coordinator, center: plan.center },
          submitWorkingDaysAfterCutoff: plan.reporting.submitWorkingDaysAfterCutoff,
          scheduledFor: '2026-09-15',
        },
      ],
    });
    const caughtUp = await eventually(
      async () => {
        const r = await cli('reports', 'start', '2026-09', '--file', PLAN, '--working-days', '5');
        return r.stdout.includes('chưa được đề nghị') ? r : undefined;
      },
      30_000,
      'the not-requested reports in visibility',
    );
    expect(caughtUp.stdout).toBe(
      'Kỳ báo cáo tháng 9/2026 đã mở (40/40 đơn vị đã có báo cáo): giữ nguyên. 40 đơn vị chưa được đề nghị báo cáo (kỳ mở sau hạn): báo cáo nhận muộn ghi nhận bằng kiemtra reports record. Xem: kiemtra reports status 2026-09\n',
    );
    const asked = JSON.parse((await cli('reports', 'status', '2026-09', '--file', PLAN, '--json')).stdout) as {
      counts: Record<string, number>;
    };
    expect(asked.counts.not_requested).toBe(40);
  }, 180_000);
});

import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addDays, formatDate, formatDateVi, localDateOf, type LocalDate } from '../../../domain/dates';
import type { IndicatorId } from '../../../domain/kpi';
import { PERIOD_KINDS, periodBefore, scheduleMonths, type ReportingPeriod } from '../../../domain/periods';
import { ExitCode, UserFacingError } from '../../../config/errors';
import { loadWorkingCalendar } from '../../../loaders/calendar';
import { displayLine as shown } from '../../../domain/safe-text';
import { loadReportingUnits, loadTaskPlan } from '../../../loaders/task-plan';
import { periodicReportWorkflowId, reportScheduleId } from '../../../workflows/ids';
import {
  actor,
  collect,
  parseDateArg,
  parseIndicator,
  parseIntArg,
  parsePeriod,
  parseRoundArg,
  parseSubmissionId,
  SUBMISSION_ID_HELP,
  updateIdOf,
} from '../args';
/* eslint-disable @typescript-eslint/no-require-imports -- Temporal's client loads only for commands that talk to it */
const temporal = () => ({
  ...(require('@temporalio/client') as typeof import('@temporalio/client')),
  ...(require('../../connect') as typeof import('../../connect')),
  ...(require('../../../workflows/periodic-report/contract') as typeof import('../../../workflows/periodic-report/contract')),
  ...(require('../../../workflows/reporting-period/contract') as typeof import('../../../workflows/reporting-period/contract')),
});

/* `kiemtra reports`: the periodic reports of Điều 2.1 of the yearly plan, on Temporal Schedules. */

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/** The yearly plan file of a period: `--file`, else plans/kstthc-<year of the period>.yaml (relative to the current folder). */
function planFileOf(period: ReportingPeriod, file?: string): string {
  if (file !== undefined) return file;
  const guess = path.join('plans', `kstthc-${period.to.slice(0, 4)}.yaml`);
  if (!fs.existsSync(guess))
    throw new UserFacingError(
      `không có kế hoạch năm cho kỳ báo cáo ${period.label}: không tìm thấy ${guess} trong thư mục hiện tại; dùng --file <tệp>.`,
      ExitCode.badInput,
    );
  return guess;
}

/** Registers `kiemtra reports schedule|start|status|record|summary`. */
export function registerReports(program: Command): void {
  const reports = program
    .command('reports')
    .description('Báo cáo định kỳ (tháng, quý, 6 tháng, năm) của các đơn vị theo Kế hoạch kiểm soát TTHC');

  reports
    .command('schedule')
    .description('Tạo các Temporal Schedule (tháng, quý, 6 tháng, năm) khởi động kỳ báo cáo vào ngày 15, 08:00; chạy lại không tạo trùng')
    .argument('<tệp>', 'ví dụ plans/kstthc-2026.yaml')
    .option('--json', 'in JSON')
    .addHelpText(
      'after',
      '\nMở một kỳ mà Schedule chưa mở: kiemtra reports start <kỳ>. Tạm dừng: temporal schedule toggle --schedule-id reports-kstthc-2026-monthly (xem docs/yearly-plan.md).',
    )
    .action(async (file: string, o: { json?: boolean }) => {
      const plan = loadTaskPlan(file);
      const units = loadReportingUnits(file, plan);
      const { withClient, ScheduleAlreadyRunning, ScheduleOverlapPolicy, REPORTING_PERIOD_TYPE, reportingPeriodWorkflowId } = temporal();
      const result = await withClient(async (client, settings) => {
        const out: { scheduleId: string; created: boolean }[] = [];
        for (const kind of PERIOD_KINDS) {
          const scheduleId = reportScheduleId(plan.id, kind);
          try {
            await client.schedule.create({
              scheduleId,
              spec: {
                calendars: [
                  {
                    month: scheduleMonths(kind).map((m) => MONTHS[m - 1]!),
                    dayOfMonth: 15,
                    hour: 8,
                    comment: 'ngày sau ngày chốt số liệu (Nghị định 09/2019/NĐ-CP, Điều 12)',
                  },
                ],
                timezone: 'Asia/Ho_Chi_Minh',
              },
              action: {
                type: 'startWorkflow',
                workflowType: REPORTING_PERIOD_TYPE,
                workflowId: reportingPeriodWorkflowId(plan.id, kind),
                taskQueue: settings.taskQueue,
                args: [
                  {
                    schemaVersion: 1,
                    plan: plan.id,
                    planTitle: plan.title,
                    kind,
                    units,
                    contacts: { coordinator: plan.coordinator, center: plan.center },
                    submitWorkingDaysAfterCutoff: plan.reporting.submitWorkingDaysAfterCutoff,
                  },
                ],
              },
              policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '30 days' },
            });
            out.push({ scheduleId, created: true });
          } catch (err) {
            if (!(err instanceof ScheduleAlreadyRunning)) throw err;
            out.push({ scheduleId, created: false });
          }
        }
        return out;
      });
      if (o.json) process.stdout.write(`${JSON.stringify({ plan: plan.id, units: units.length, schedules: result }, null, 2)}\n`);
      else
        process.stdout.write(
          `${result.map((r) => `${r.scheduleId}: ${r.created ? 'đã tạo' : 'đã có, giữ nguyên'}`).join('\n')}\n${units.length} đơn vị báo cáo.\n`,
        );
    });

  reports
    .command('start')
    .description(
      'Mở ngay một kỳ báo cáo đã kết thúc (khi Schedule chưa mở): mỗi đơn vị nhận đề nghị báo cáo; hạn thông thường đã qua thì cần hạn mới',
    )
    .argument('<kỳ>', 'ví dụ 2026-11, 2026-Q4, 2026-H1, 2026', parsePeriod)
    .option('--file <tệp>', 'tệp kế hoạch năm (mặc định plans/kstthc-<năm của kỳ>.yaml)')
    .option('--deadline <ngày>', 'hạn nộp mới (ngày nghỉ được chuyển sang ngày làm việc kế tiếp)', parseDateArg)
    .option('--working-days <số>', 'hạn nộp mới: số ngày làm việc kể từ hôm nay', parseIntArg)
    .option('--json', 'in JSON')
    .addHelpText(
      'after',
      '\nVí dụ:\n  kiemtra reports start 2026-11 --working-days 5\n  kiemtra reports start 2026-Q4 --deadline 2026-12-28',
    )
    .action(async (period: ReportingPeriod, o: { file?: string; deadline?: LocalDate; workingDays?: number; json?: boolean }) => {
      const file = planFileOf(period, o.file);
      const plan = loadTaskPlan(file);
      const { openingDeadline, periodInPlanYear } = require('../../report-periods') as typeof import('../../report-periods');
      if (!periodInPlanYear(period, plan.year))
        throw new UserFacingError(
          `kỳ báo cáo ${period.label} kết thúc trước năm ${plan.year} của ${plan.id}: dùng --file với kế hoạch của năm đó.`,
          ExitCode.badInput,
        );
      const units = loadReportingUnits(file, plan);
      const now = Date.now();
      const decision = openingDeadline(
        loadWorkingCalendar(),
        period,
        plan.reporting.submitWorkingDaysAfterCutoff,
        { deadline: o.deadline, workingDays: o.workingDays },
        now,
      );
      if (decision.warning) process.stderr.write(`${decision.warning}\n`);
      if (!decision.ok) throw new UserFacingError(decision.refusal, ExitCode.badInput);
      const { withClient, WorkflowExecutionAlreadyStartedError, REPORTING_PERIOD_TYPE, openedPeriodWorkflowId } = temporal();
      const workflowId = openedPeriodWorkflowId(plan.id, period.id);
      const outcome = await withClient(async (client, settings) => {
        const exists = await Promise.all(
          units.map((u) =>
            client.workflow
              .getHandle(periodicReportWorkflowId(plan.id, period.id, u.name))
              .describe()
              .then(
                () => true,
                () => false,
              ),
          ),
        );
        const already = exists.filter(Boolean).length;
        if (already === units.length) {
          // Opened after its deadline (a Schedule's catch-up, a trigger): its units were never asked.
          const { findPeriodReports } = require('../../report-periods') as typeof import('../../report-periods');
          const states = await findPeriodReports(client, plan.id, period, []);
          const notRequested = [...states.values()].filter((r) => r.notRequested && r.status === 'report_waiting').length;
          return { opened: false as const, already, notRequested };
        }
        try {
          const handle = await client.workflow.start(REPORTING_PERIOD_TYPE, {
            workflowId,
            taskQueue: settings.taskQueue,
            staticSummary: `Kỳ báo cáo ${period.label}, mở bằng kiemtra reports start; hạn ${formatDate(decision.due)}`,
            args: [
              {
                schemaVersion: 2,
                plan: plan.id,
                planTitle: plan.title,
                kind: period.kind,
                units,
                contacts: { coordinator: plan.coordinator, center: plan.center },
                submitWorkingDaysAfterCutoff: plan.reporting.submitWorkingDaysAfterCutoff,
                scheduledFor: addDays(period.to, 1),
                ...(decision.overridden ? { due: decision.due } : {}),
              },
            ],
          });
          const result = (await handle.result()) as import('../../../workflows/reporting-period/contract').ReportingPeriodResult;
          return { opened: true as const, already, result };
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) return { opened: false as const, already };
          throw err;
        }
      });
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ plan: plan.id, period: period.id, workflowId, due: decision.due, usualDue: decision.usualDue, ...outcome }, null, 2)}\n`,
        );
        return;
      }
      if (!outcome.opened) {
        process.stdout.write(
          `Kỳ báo cáo ${period.label} đã mở (${outcome.already}/${units.length} đơn vị đã có báo cáo): giữ nguyên.${'notRequested' in outcome && outcome.notRequested ? ` ${outcome.notRequested} đơn vị chưa được đề nghị báo cáo (kỳ mở sau hạn): báo cáo nhận muộn ghi nhận bằng kiemtra reports record.` : ''} Xem: kiemtra reports status ${period.id}\n`,
        );
        return;
      }
      const asked = units.length - outcome.already;
      process.stdout.write(
        `Đã mở kỳ báo cáo ${period.label}: ${asked} đơn vị nhận đề nghị báo cáo, hạn nộp ${formatDateVi(decision.due)}${outcome.already ? ` (${outcome.already} đơn vị đã có báo cáo, giữ nguyên)` : ''}.\n`,
      );
    });

  reports
    .command('status')
    .description('Tình hình báo cáo của một kỳ: đơn vị đã gửi, quá hạn, chưa gửi')
    .argument('[kỳ]', 'ví dụ 2026-11 (mặc định: kỳ tháng gần nhất đã kết thúc)', parsePeriod)
    .option('--file <tệp>', 'tệp kế hoạch năm (mặc định plans/kstthc-<năm của kỳ>.yaml)')
    .option('--json', 'in JSON')
    .action(async (given: ReportingPeriod | undefined, o: { file?: string; json?: boolean }) => {
      const period = given ?? periodBefore('monthly', localDateOf(Date.now()));
      const file = planFileOf(period, o.file);
      const plan = loadTaskPlan(file);
      const units = loadReportingUnits(file, plan).map((u) => u.name);
      const { findPeriodReports, statusRows, standingCounts } = require('../../report-periods') as typeof import('../../report-periods');
      const { withClient } = temporal();
      const reportsFound = await withClient((client) => findPeriodReports(client, plan.id, period, units));
      const rows = statusRows(units, reportsFound, Date.now());
      const counts = standingCounts(rows);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ plan: plan.id, period: period.id, counts, units: rows }, null, 2)}\n`);
        return;
      }
      process.stdout.write(reportStatusText(plan.id, period, rows, counts));
    });

  reports
    .command('record')
    .description('Ghi nhận báo cáo định kỳ của một đơn vị, kèm các chỉ tiêu')
    .argument('<đơn_vị>', 'tên hoặc mã đơn vị')
    .requiredOption('--period <kỳ>', 'ví dụ 2026-11, 2026-Q4, 2026-H1, 2026', parsePeriod)
    .requiredOption('--received <ngày>', 'ngày nhận báo cáo', parseDateArg)
    .option('--indicator <mã=giá_trị>', 'một chỉ tiêu, lặp lại được', collect(parseIndicator))
    .option('--notes <nội_dung>', 'ghi chú')
    .option('--plan <mã>', 'mã kế hoạch (mặc định kstthc-<năm của kỳ>)', parseRoundArg)
    .option('--by <người>', 'người thực hiện (mặc định: KIEMTRA_ACTOR hoặc tên đăng nhập)')
    .option('--json', 'in JSON')
    .option('--submission-id <mã>', SUBMISSION_ID_HELP, parseSubmissionId)
    .action(
      async (
        unit: string,
        o: {
          period: ReportingPeriod;
          received: LocalDate;
          indicator?: [IndicatorId, number][];
          notes?: string;
          plan?: string;
          by?: string;
          json?: boolean;
          submissionId?: string;
        },
      ) => {
        const { withClient, executeUpdateRetrying, recordPeriodicReport, WorkflowNotFoundError } = temporal();
        const plan = o.plan ?? `kstthc-${o.period.to.slice(0, 4)}`;
        const by = actor(o.by);
        const s = await withClient(async (client) => {
          try {
            return await executeUpdateRetrying(
              client.workflow.getHandle(periodicReportWorkflowId(plan, o.period.id, unit)),
              recordPeriodicReport,
              {
                receivedOn: o.received,
                indicators: Object.fromEntries(o.indicator ?? []),
                notes: o.notes,
                by,
              },
              { updateId: updateIdOf('recordPeriodicReport', o.submissionId) },
            );
          } catch (err) {
            // A period never opened, or a mistyped unit: say which, with the closest names.
            if (!(err instanceof WorkflowNotFoundError)) throw err;
            const { reportNotFoundHint } = require('../../report-periods') as typeof import('../../report-periods');
            const hint = await reportNotFoundHint(client, plan, o.period, unit);
            throw hint ? new UserFacingError(hint, ExitCode.badInput) : err;
          }
        });
        process.stdout.write(
          o.json
            ? `${JSON.stringify(s, null, 2)}\n`
            : `Đã ghi nhận báo cáo ${s.period.label}: ${shown(s.unit)}${s.late ? ' (muộn)' : ''}.\n`,
        );
      },
    );

  reports
    .command('summary')
    .description('Báo cáo tổng hợp một kỳ: Markdown và .docx (theo đơn vị, theo chỉ tiêu, đơn vị chưa báo cáo, chưa đạt, xu hướng)')
    .argument('<tệp>', 'ví dụ plans/kstthc-2026.yaml')
    .argument('<kỳ>', 'ví dụ 2026-11', parsePeriod)
    .option('-o, --out <thư_mục>', 'thư mục ghi bao-cao-<kỳ>.md và .docx', '.')
    .option('--json', 'in số liệu JSON thay vì ghi tệp')
    .action(async (file: string, period: ReportingPeriod, o: { out: string; json?: boolean }) => {
      const plan = loadTaskPlan(file);
      const units = loadReportingUnits(file, plan);
      const { withClient } = temporal();
      const { findPeriodData, periodFigures } = require('../../reports') as typeof import('../../reports');
      const { periodMarkdown, periodDocx } = require('../period-report') as typeof import('../period-report');
      const data = await withClient((client) => findPeriodData(client, plan, units, period, localDateOf(Date.now())));
      if (o.json) {
        process.stdout.write(`${JSON.stringify(periodFigures(data), null, 2)}\n`);
        return;
      }
      fs.mkdirSync(o.out, { recursive: true });
      const md = path.join(o.out, `bao-cao-${period.id}.md`);
      const doc = path.join(o.out, `bao-cao-${period.id}.docx`);
      fs.writeFileSync(md, periodMarkdown(data));
      fs.writeFileSync(doc, await periodDocx(data));
      process.stdout.write(`${md}\n${doc}\n`);
    });
}

/** `reports status` for people: a heading, the counts, then one line a unit, late and missing first. */
function reportStatusText(
  plan: string,
  period: ReportingPeriod,
  rows: import('../../report-periods').ReportStatusRow[],
  counts: Record<import('../../report-periods').ReportStanding, number>,
): string {
  const { STANDING_LABELS } = require('../../report-periods') as typeof import('../../report-periods');
  const { compactTable } = require('../listing-table') as typeof import('../listing-table');
  const table = compactTable(['Đơn vị', 'Tình trạng', 'Hạn nộp', 'Ngày nhận']);
  for (const r of rows)
    table.push([shown(r.unit), STANDING_LABELS[r.standing], r.due ? formatDate(r.due) : '', r.receivedOn ? formatDate(r.receivedOn) : '']);
  const sent = counts.sent + counts.sent_late;
  const summary = [
    `Đã gửi: ${sent}${counts.sent_late ? ` (muộn ${counts.sent_late})` : ''}`,
    `quá hạn: ${counts.overdue}`,
    `còn hạn: ${counts.waiting}`,
    `không gửi: ${counts.missing}`,
    `chưa được đề nghị: ${counts.not_requested}`,
    `chưa mở kỳ: ${counts.not_opened}`,
  ].join('; ');
  return `Kỳ báo cáo ${period.label} (${plan}), ${rows.length} đơn vị\n${summary}.\n${table.toString()}\n`;
}

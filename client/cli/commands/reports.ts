import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { localDateOf, type LocalDate } from '../../../domain/dates';
import type { IndicatorId } from '../../../domain/kpi';
import { PERIOD_KINDS, scheduleMonths, type ReportingPeriod } from '../../../domain/periods';
import { displayLine as shown } from '../../../domain/safe-text';
import { loadReportingUnits, loadTaskPlan } from '../../../loaders/task-plan';
import { periodicReportWorkflowId, reportScheduleId } from '../../../workflows/ids';
import {
  actor,
  collect,
  parseDateArg,
  parseIndicator,
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

/** Registers `kiemtra reports schedule|record|summary`. */
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
      '\nTạm dừng, chạy bù một kỳ đã lỡ: temporal schedule toggle|backfill --schedule-id reports-kstthc-2026-monthly (xem README).',
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
        const { withClient, executeUpdateRetrying, recordPeriodicReport } = temporal();
        const plan = o.plan ?? `kstthc-${o.period.to.slice(0, 4)}`;
        const by = actor(o.by);
        const s = await withClient((client) =>
          executeUpdateRetrying(
            client.workflow.getHandle(periodicReportWorkflowId(plan, o.period.id, unit)),
            recordPeriodicReport,
            {
              receivedOn: o.received,
              indicators: Object.fromEntries(o.indicator ?? []),
              notes: o.notes,
              by,
            },
            { updateId: updateIdOf('recordPeriodicReport', o.submissionId) },
          ),
        );
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

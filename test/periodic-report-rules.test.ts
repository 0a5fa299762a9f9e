import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { addDays, formatLocalDateTime, localDateOf, localInstant } from '../domain/dates';
import { forwardDeadline } from '../domain/deadlines';
import { targetsForYear } from '../domain/kpi';
import { periodById, reportDue } from '../domain/periods';
import { loadReportingUnits, loadTaskPlan } from '../loaders/task-plan';
import type { ApplicationFailure } from '@temporalio/common';
import { PAST_AT_START } from '../domain/send-times';
import { periodFigures } from '../client/reports';
import { periodMarkdown } from '../client/cli/period-report';
import { reportingPeriodDetails } from '../workflows/reporting-period/contract';
import {
  notRequestedText,
  PERIODIC_REPORT_INPUT_SCHEMAS,
  periodicReportOptions,
  type PeriodicReportState,
} from '../workflows/periodic-report/contract';
import {
  applyRecord,
  checkRecord,
  initialPeriodicReportState,
  isOverdue,
  markNotRequested,
  periodicReportAgenda,
  periodicReportDetails,
  refuseSettled,
} from '../workflows/periodic-report/rules';
import { sharedCalendar, sharedTargets } from './kit/shared-data';

/** A unit's periodic report without Temporal: November 2026 (data 15/10–14/11, due Wednesday 18/11/2026). */
const cal = sharedCalendar();
const file = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
const plan = loadTaskPlan(file);
const units = loadReportingUnits(file, plan).slice(0, 2);
const period = periodById('2026-11')!;
const due = reportDue(cal, period, plan.reporting.submitWorkingDaysAfterCutoff);
const planData = { plan: plan.id, planTitle: plan.title, units, contacts: { coordinator: plan.coordinator, center: plan.center } };
const [options] = periodicReportOptions(planData, period, due);
const config = PERIODIC_REPORT_INPUT_SCHEMAS[1]().parse(options!.args[0]);
const targets = targetsForYear(sharedTargets(), 2026)!;
const at = (date: string, time = '00:00') => localInstant(date, time).getTime();
const lines = (startedAt: number) =>
  periodicReportAgenda(waiting(), config, cal, startedAt).map((i) => `${i.id} @ ${formatLocalDateTime(i.at)}: ${i.label}`);

/** The failure a refusal throws: its message and its type. */
const failure = (message: string) => expect.objectContaining({ message, type: 'InvalidUpdate' }) as unknown as ApplicationFailure;

/** The report as started on 15/11/2026, its deadline set. */
function waiting(): PeriodicReportState {
  const s = initialPeriodicReportState(options!.workflowId, config, at('2026-11-15', '08:00'));
  s.deadline = forwardDeadline(cal, 'periodic-report', due, 'test');
  return s;
}

describe("a periodic report's agenda", () => {
  it('requests at the start, reminds at 08:00 of the due day, escalates the next working day, closes 30 days after', () => {
    expect(due).toBe('2026-11-18');
    expect(lines(at('2026-11-15', '08:00'))).toEqual([
      'request @ 15/11/2026 08:00: Đề nghị báo cáo định kỳ',
      'reminder @ 18/11/2026 08:00: Nhắc hạn báo cáo định kỳ',
      'escalation @ 19/11/2026 08:00: Báo cáo định kỳ quá hạn: báo điều phối viên',
      'close @ 18/12/2026 23:59: Đóng kỳ báo cáo: đơn vị không báo cáo',
    ]);
  });

  it('started after the deadline: no reminder, the escalation at the next 08:00 of a working day, saying so', () => {
    // Saturday 21/11/2026 at 03:00: the next sending moment is Monday 23/11 08:00.
    expect(lines(at('2026-11-21', '03:00'))).toEqual([
      'request @ 21/11/2026 03:00: Đề nghị báo cáo định kỳ',
      `escalation @ 23/11/2026 08:00: Báo cáo định kỳ quá hạn: báo điều phối viên (${PAST_AT_START})`,
      'close @ 18/12/2026 23:59: Đóng kỳ báo cáo: đơn vị không báo cáo',
    ]);
  });

  it('started after the close (a late backfill, say on 05/01/2027): the request, then the close at once', () => {
    expect(lines(at('2027-01-05', '10:00'))).toEqual([
      'request @ 05/01/2027 10:00: Đề nghị báo cáo định kỳ',
      'close @ 05/01/2027 10:00: Đóng kỳ báo cáo: đơn vị không báo cáo',
      `escalation @ 06/01/2027 08:00: Báo cáo định kỳ quá hạn: báo điều phối viên (${PAST_AT_START})`,
    ]);
  });

  it('has nothing to do before the deadline is set or once the report is settled', () => {
    expect(periodicReportAgenda({ ...waiting(), deadline: undefined }, config, cal, at('2026-11-15'))).toEqual([]);
    expect(periodicReportAgenda({ ...waiting(), status: 'report_received' }, config, cal, at('2026-11-15'))).toEqual([]);
  });

  it('is overdue from the escalation moment while awaited', () => {
    const s = waiting();
    expect(isOverdue(s, cal, at('2026-11-19', '07:59'))).toBe(false);
    expect(isOverdue(s, cal, at('2026-11-19', '08:00'))).toBe(true);
    s.status = 'report_missing';
    expect(isOverdue(s, cal, at('2026-11-20'))).toBe(false);
  });
});

describe('recording a periodic report', () => {
  const record = (receivedOn: string) => ({ receivedOn, indicators: { onlineReceived: 85, satisfaction: 90 }, by: 'Phòng KSTTHC' });

  it('refuses a report received before the cut-off, in the future, or recorded already', () => {
    const s = waiting();
    expect(() => checkRecord(s, record('2026-11-13'), '2026-11-16')).toThrow(
      failure('Ngày nhận Thứ Sáu, 13/11/2026 trước ngày chốt số liệu Thứ Bảy, 14/11/2026 (before the cut-off)'),
    );
    expect(() => checkRecord(s, record('2026-11-17'), '2026-11-16')).toThrow(
      failure('Ngày nhận Thứ Ba, 17/11/2026 chưa đến (date in the future)'),
    );
    expect(() => checkRecord(s, record('2026-11-16'), '2026-11-16')).not.toThrow();
    applyRecord(s, record('2026-11-16'), targets, Date.parse('2026-11-16T03:00:00.000Z'));
    expect(() => refuseSettled(s)).toThrow(failure('Báo cáo tháng 11/2026 đã được ghi nhận (already recorded)'));
    expect(() => refuseSettled({ ...waiting(), status: 'report_missing' })).toThrow(
      failure('Kỳ báo cáo tháng 11/2026 đã đóng (period closed)'),
    );
  });

  it('judges lateness against the deadline and evaluates the indicators against the targets', () => {
    const s = waiting();
    s.overdue = true;
    applyRecord(s, record('2026-11-20'), targets, Date.parse('2026-11-20T03:00:00.000Z'));
    expect(s).toMatchObject({ status: 'report_received', receivedOn: '2026-11-20', late: true, overdue: false });
    expect(s.kpi!.map((k) => [k.id, k.met])).toEqual([
      ['satisfaction', false],
      ['onlineReceived', true],
    ]);
    expect(s.history.at(-1)).toEqual({
      at: '2026-11-20T03:00:00.000Z',
      actor: 'Phòng KSTTHC',
      action: 'Nhận báo cáo tháng 11/2026',
      detail: 'ngày 20/11/2026 (thứ Sáu), muộn hạn; 1/2 chỉ tiêu chưa đạt',
    });
    expect(periodicReportDetails(s).split('\n')[0]).toBe(
      `**${config.unit.name}**: báo cáo tháng 11/2026 đã nhận ngày 20/11/2026 (thứ Sáu), muộn hạn`,
    );
  });
});

describe("a period's start options", () => {
  it('one report per unit, waiting and not overdue, with a deterministic id and the whole input', () => {
    const all = periodicReportOptions(planData, period, due);
    expect(all.map((o) => o.workflowId)).toEqual([
      'report-kstthc-2026-2026-11-so-nong-nghiep-va-moi-truong',
      'report-kstthc-2026-2026-11-so-tai-chinh',
    ]);
    expect(all[0]!.staticSummary).toBe(`${units[0]!.name}: báo cáo tháng 11/2026, hạn 18/11/2026`);
    expect(Object.fromEntries(all[0]!.typedSearchAttributes.map((p) => [p.key.name, p.value]))).toEqual({
      InspectionRound: 'kstthc-2026',
      InspectionUnit: units[0]!.name,
      InspectionUnitKind: units[0]!.kind,
      InspectionKind: 'report-monthly',
      InspectionStage: 'report_waiting',
      InspectionOverdue: false,
      InspectionNextDeadline: localInstant('2026-11-18', '23:59'),
    });
    expect(config).toMatchObject({ schemaVersion: 1, closeAfterDays: 30, due });
  });
});

describe('a report started after its deadline, as the unit and the coordinators meet it', () => {
  const config = PERIODIC_REPORT_INPUT_SCHEMAS[1]().parse(periodicReportOptions(planData, period, due)[0]!.args[0]);
  const startedAt = localInstant(addDays(due, 40), '10:00').getTime();
  const late = (): PeriodicReportState => {
    const s = initialPeriodicReportState('report-late', config, startedAt);
    s.deadline = forwardDeadline(cal, 'periodic-report', config.due, 'test');
    markNotRequested(s, startedAt);
    return s;
  };

  it('sends nothing, is not overdue, and stays open for a late recording for 30 days from its start', () => {
    const s = late();
    expect(s.notRequested).toEqual({ at: new Date(startedAt).toISOString(), text: notRequestedText(due, startedAt) });
    expect(s.history.at(-1)!.action).toMatch(/^Không gửi đề nghị báo cáo: hạn nộp .* đã qua khi mở kỳ \(/);
    const items = periodicReportAgenda(s, config, cal, startedAt);
    expect(items.map((i) => [i.id, i.kind, formatLocalDateTime(i.at)])).toEqual([
      ['close', undefined, formatLocalDateTime(localInstant(addDays(localDateOf(startedAt), 30), '23:59').getTime())],
    ]);
    expect(isOverdue(s, cal, startedAt + 86_400_000)).toBe(false);
    expect(periodicReportDetails(s)).toContain(notRequestedText(due, startedAt));
  });

  const waiting = { status: 'report_waiting', period, unit: units[0]!.name } as PeriodicReportState;
  const data = (second?: PeriodicReportState) => ({
    planTitle: plan.title,
    asOf: '2026-12-20',
    period,
    previous: periodById('2026-10')!,
    units: [
      { unit: units[0]!.name, report: waiting },
      { unit: units[1]!.name, ...(second ? { report: second } : {}) },
    ],
  });

  it('is told apart in the consolidated report: missing, and among them never asked', () => {
    for (const d of [data(late()), data()]) {
      expect(periodFigures(d)).toMatchObject({ missing: [units[0]!.name, units[1]!.name], notRequested: [units[1]!.name] });
      const md = periodMarkdown(d);
      expect(md).toContain(`Chưa báo cáo: ${units[0]!.name}, ${units[1]!.name}.`);
      expect(md).toContain(`mở khi hạn nộp đã qua nên không gửi đề nghị): ${units[1]!.name}.`);
      expect(md).toContain('chưa được đề nghị');
    }
    expect(periodFigures(data({ ...waiting, unit: units[1]!.name })).notRequested).toEqual([]);
  });

  it("is said in the period's details in the Web UI", () => {
    const details = reportingPeriodDetails(
      { period, due, reports: ['a', 'b'], notRequested: { at: new Date(startedAt).toISOString() } },
      startedAt,
    );
    expect(details).toContain(`${notRequestedText(due, startedAt)}: các đơn vị không nhận đề nghị`);
    expect(reportingPeriodDetails({ period, due, reports: ['a', 'b'] }, startedAt)).not.toContain('Không gửi');
  });
});

import { describe, expect, it } from 'vitest';
import { declaredFormProblem } from '../client/report-forms';
import { emailLinkClaims } from '../emails/links';
import { sampleRequest } from '../emails/sample';
import { linkExpiry } from '../domain/links';
import { evaluateIndicators, INDICATORS, targetsForYear } from '../domain/kpi';
import {
  countsProblem,
  indicatorsFromCounts,
  measureOf,
  missingForms,
  rateOf,
  REPORT_MEASURES,
  reportCountsProblem,
} from '../domain/report-measures';
import { REPORT_FORMS, REPORT_ITEMS } from '../domain/report-outline';
import { describeIssue } from '../domain/validation';
import { loadTaskPlan } from '../loaders/task-plan';
import { loadYearTargets } from '../loaders/targets';
import { performAction } from '../workflows/inspection/actions';
import { agenda } from '../workflows/inspection/agenda';
import { completeInspectionInput, type InspectionState, updateSchemas } from '../workflows/inspection/contract';
import { applyForms, applyReport, initialState, recomputeDeadlines } from '../workflows/inspection/state';
import { inspectionInput } from './kit/inspection';
import { FULL_COUNTS, formDocx, formXlsx } from './kit/report-forms';
import { sharedCalendar } from './kit/shared-data';

/**
 * The unit's report in full (issue 23), without Temporal: the measures and their counts, the rates
 * computed from them, every 2026 target evaluated with its comparison from the plan file, the
 * update's validation, the check that a file is the form it is declared as, and the reminder of
 * the missing forms on the inspection's agenda.
 */

const plan = loadTaskPlan('plans/kstthc-2026.yaml');
const year = targetsForYear(loadYearTargets(), 2026)!;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const file = { sha256: 'a'.repeat(64), name: 'Bieu-II.04.xlsx', size: 100, type: XLSX } as const;

describe('the measures of Phụ lục I', () => {
  it('belong to items of II.1, and those with a target are exactly the plan’s targets, which are the indicators', () => {
    for (const m of REPORT_MEASURES) expect(REPORT_ITEMS.map((i) => i.id)).toContain(m.item);
    const withTarget = REPORT_MEASURES.filter((m) => m.target).map((m) => m.id);
    expect([...withTarget].sort()).toEqual(plan.targets.map((t) => t.id).sort());
    expect([...withTarget].sort()).toEqual(INDICATORS.map((i) => i.id).sort());
    expect(new Set(REPORT_MEASURES.map((m) => m.id)).size).toBe(REPORT_MEASURES.length);
  });

  it('give every II.1 item with a number a measure (the text items have none)', () => {
    const counted = new Set<string>(REPORT_MEASURES.map((m) => m.item));
    expect(REPORT_ITEMS.filter((i) => !counted.has(i.id)).map((i) => i.id)).toEqual(['budget', 'headResponsibility']);
  });

  it('compute each rate from its counts, none for a denominator of 0', () => {
    expect(rateOf({ numerator: 620, denominator: 1000 })).toBe(62);
    expect(rateOf({ numerator: 0, denominator: 0 })).toBeUndefined();
    const rates = indicatorsFromCounts(FULL_COUNTS);
    expect(rates.onlineReceived).toBe(62);
    expect(rates.timeReduction).toBe(40);
    expect(rates.costReduction).toBeCloseTo(53.33, 2);
    // Measures without a target give no indicator.
    expect(Object.keys(rates)).not.toContain('apologies');
    expect(Object.keys(rates).sort()).toEqual(INDICATORS.map((i) => i.id).sort());
  });

  it('refuse a numerator larger than its denominator, a negative or a fractional count, naming the measure and the count', () => {
    const m = measureOf('onlineReceived')!;
    expect(countsProblem(m, { numerator: 1200, denominator: 1000 })).toBe(
      'Hồ sơ tiếp nhận trực tuyến: "Số hồ sơ tiếp nhận trực tuyến" (1.200) lớn hơn "Tổng số hồ sơ tiếp nhận" (1.000).',
    );
    expect(countsProblem(m, { numerator: -3, denominator: 1000 })).toBe(
      'Hồ sơ tiếp nhận trực tuyến: "Số hồ sơ tiếp nhận trực tuyến" không được âm (-3).',
    );
    expect(countsProblem(m, { numerator: 2.5, denominator: 10 })).toMatch(/phải là số nguyên/);
    expect(countsProblem(measureOf('timeReduction')!, { numerator: 2.5, denominator: 10 })).toBeUndefined();
    expect(reportCountsProblem(FULL_COUNTS)).toBeUndefined();
    expect(reportCountsProblem({ ...FULL_COUNTS, apologies: { numerator: 10, denominator: 9 } })).toMatch(
      /^Xin lỗi khi hồ sơ giải quyết trễ hạn: /,
    );
  });
});

describe('every 2026 target, as the plan file states it', () => {
  const kpi = evaluateIndicators(indicatorsFromCounts(FULL_COUNTS), year.targets, { comparisons: year.comparisons });
  const byId = Object.fromEntries(kpi.map((k) => [k.id, k]));

  it('is evaluated, each with the value and comparison of the plan file', () => {
    expect(kpi.map((k) => k.id).sort()).toEqual(plan.targets.map((t) => t.id).sort());
    for (const t of plan.targets) {
      expect(byId[t.id]!.target, t.id).toBe(t.value);
      expect(byId[t.id]!.comparison ?? '>=', t.id).toBe(t.comparison);
    }
  });

  it('cuts time and cost apart, land/construction/investment satisfaction at 90%, the 100% targets exactly', () => {
    expect(byId.timeReduction).toMatchObject({ met: false, text: 'Cắt giảm thời gian giải quyết TTHC so với năm 2024 40% < 50%' });
    expect(byId.costReduction).toMatchObject({ met: true, text: 'Cắt giảm chi phí tuân thủ TTHC so với năm 2024 53,3% ≥ 50%' });
    expect(byId.satisfactionLandConstructionInvestment).toMatchObject({ met: true, target: 90 });
    expect(byId.fullOnlineServices).toMatchObject({
      met: true,
      comparison: '=',
      text: 'TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình 100% = 100%',
    });
    const short = evaluateIndicators(
      indicatorsFromCounts({
        businessProceduresOnline: { numerator: 84, denominator: 85 },
        complaintsPublished: { numerator: 13, denominator: 14 },
      }),
      year.targets,
      { comparisons: year.comparisons },
    );
    expect(short.map((k) => [k.id, k.met])).toEqual([
      ['businessProceduresOnline', false],
      ['complaintsPublished', false],
    ]);
    expect(kpi.filter((k) => !k.met).map((k) => k.id)).toEqual(['onlineReceived', 'timeReduction']);
  });

  it('follows a changed plan file: a target value or comparison is data, not code', () => {
    const changed = evaluateIndicators(
      { satisfactionLandConstructionInvestment: 90 },
      { ...year.targets, satisfactionLandConstructionInvestment: 92 },
    );
    expect(changed[0]!.met).toBe(false);
    expect(evaluateIndicators({ dataReuse: 95 }, year.targets, { comparisons: { dataReuse: '=' } })[0]).toMatchObject({
      met: false,
      text: expect.stringContaining('95% ≠ 90%'),
    });
  });

  it('keeps, for executions started before, the old label of costReduction and skips targets they never recorded', () => {
    const old = evaluateIndicators({ costReduction: 40, timeReduction: 40 }, { costReduction: 50 }, { legacyLabels: true });
    expect(old).toEqual([
      expect.objectContaining({ id: 'costReduction', text: 'Cắt giảm thời gian, chi phí tuân thủ TTHC so với năm 2024 40% < 50%' }),
    ]);
  });
});

describe('the recordReport update', () => {
  const base = { receivedOn: '2026-05-21', indicators: {}, by: 'Sở Tài chính' };
  const message = (payload: unknown) => {
    const r = updateSchemas.recordReport.safeParse(payload);
    return r.success ? undefined : describeIssue(r.error.issues[0]!);
  };

  it('still accepts the typed rates of older clients and histories', () => {
    expect(message({ ...base, indicators: { onlineReceived: 62.4, costReduction: 40 } })).toBeUndefined();
  });

  it('accepts a full report: counts, item texts, budget, forms', () => {
    expect(
      message({
        ...base,
        counts: FULL_COUNTS,
        items: { headResponsibility: 'Giám đốc Sở chủ trì giao ban hằng tháng.', other: 'Không có.' },
        budget: { amount: 150_000_000 },
        forms: [{ form: 'II.04', file }],
      }),
    ).toBeUndefined();
  });

  it('refuses, with one Vietnamese message naming the field, bad counts, a budget below zero, a form twice, a rate typed and counted', () => {
    expect(message({ ...base, counts: { onlineReceived: { numerator: 1200, denominator: 1000 } } })).toMatch(
      /^Hồ sơ tiếp nhận trực tuyến: .*lớn hơn/,
    );
    expect(message({ ...base, counts: { complaintsHandled: { numerator: -1, denominator: 4 } } })).toMatch(
      /^Phản ánh, kiến nghị được xử lý theo quy định: .*không được âm/,
    );
    expect(message({ ...base, budget: { amount: -5 } })).toMatch(
      /^Kinh phí bố trí cho hoạt động kiểm soát thủ tục hành chính \(đồng\): phải là số nguyên không âm/,
    );
    expect(
      message({
        ...base,
        forms: [
          { form: 'II.04', file },
          { form: 'II.04', file },
        ],
      }),
    ).toBe('Biểu số II.04/VPCP/KSTT được gửi hai lần');
    expect(message({ ...base, indicators: { onlineReceived: 80 }, counts: { onlineReceived: { numerator: 1, denominator: 2 } } })).toMatch(
      /không nhập cùng lúc tỷ lệ và số liệu/,
    );
    expect(message({ ...base, forms: [{ form: 'II.09', file }] })).toMatch(/biểu mẫu không hợp lệ/);
  });
});

describe('a file declared as a form of II.2', () => {
  it('is that form when its text holds the form’s number (.xlsx cells, .docx runs split)', () => {
    for (const f of REPORT_FORMS) {
      expect(declaredFormProblem(f.id, { ...file, name: 'x.xlsx' }, formXlsx(f.id))).toBeUndefined();
      expect(declaredFormProblem(f.id, { ...file, name: 'x.docx', type: DOCX }, formDocx(f.id))).toBeUndefined();
    }
  });

  it('is refused, naming the form and the file, when it is another form, another workbook, or not readable', () => {
    expect(declaredFormProblem('II.04', { ...file, name: 'bieu.xlsx' }, formXlsx('II.05a'))).toBe(
      'Tệp "bieu.xlsx" không phải Biểu số II.04/VPCP/KSTT: nội dung tệp không có số hiệu biểu mẫu "II.04/VPCP/KSTT".',
    );
    expect(declaredFormProblem('II.04', { ...file, name: 'bieu.xlsx' }, formXlsx(undefined, 'Biểu số III.04/VPCP/KSTT'))).toMatch(
      /không phải/,
    );
    expect(declaredFormProblem('II.04', { ...file, name: 'bieu.xlsx' }, formXlsx(undefined))).toMatch(/không phải/);
    expect(declaredFormProblem('II.04', { ...file, name: 'bieu.xlsx' }, Buffer.from('PK\x03\x04 not a zip'))).toMatch(/không đọc được/);
    expect(declaredFormProblem('II.04', { ...file, name: 'anh.png', type: 'image/png' }, Buffer.from('x'))).toMatch(/phải là tệp Excel/);
  });

  it('as a PDF, must name the form in its file name', () => {
    const pdf = { ...file, type: 'application/pdf' } as const;
    expect(declaredFormProblem('II.04', { ...pdf, name: 'Bieu-II.04.pdf' }, Buffer.from(''))).toBeUndefined();
    expect(declaredFormProblem('II.05a', { ...pdf, name: 'bieu so II05a VPCP.pdf' }, Buffer.from(''))).toBeUndefined();
    expect(declaredFormProblem('II.04', { ...pdf, name: 'bao-cao.pdf' }, Buffer.from(''))).toMatch(
      /phải ghi số hiệu biểu mẫu trong tên tệp/,
    );
    expect(declaredFormProblem('II.04', { ...pdf, name: 'Bieu-II.040.pdf' }, Buffer.from(''))).toBeDefined();
  });
});

describe('the reminder of the missing forms', () => {
  const cal = sharedCalendar();
  function reported(full: boolean): InspectionState {
    const s = initialState(
      'inspection-2026-so-tai-chinh',
      completeInspectionInput(inspectionInput('Sở Tài chính', { start: '2026-05-25', end: '2026-05-26' })),
      '2026-05-01T00:00:00.000Z',
    );
    recomputeDeadlines(s, cal);
    s.stage = 'notified';
    if (full) s.reportInFull = true;
    applyReport(s, year.targets, { receivedOn: '2026-05-20', indicators: {}, counts: FULL_COUNTS }, '2026-05-20T03:00:00.000Z');
    applyForms(s, [{ form: 'II.04', file }], '2026-05-20', '2026-05-20T03:00:00.000Z');
    return s;
  }
  const reminders = (s: InspectionState) => agenda(s, cal).filter((i) => i.action.type === 'report_forms_reminder');

  it('is on the agenda the working day after the report, at 08:00, and its email names the forms still missing', () => {
    const s = reported(true);
    expect(missingForms(s.reportForms).map((f) => f.id)).toEqual(['II.05a', 'II.06a', 'II.08']);
    const [item] = reminders(s);
    expect(item).toMatchObject({ id: 'report_forms_reminder:2026-05-21', at: Date.parse('2026-05-21T01:00:00.000Z') });
    expect(performAction(s, item!, '2026-05-21T01:00:00.000Z')).toEqual([
      {
        kind: 'report_forms_reminder',
        to: s.config.unit.emails,
        missingForms: ['Biểu số II.05a/VPCP/KSTT', 'Biểu số II.06a/VPCP/KSTT', 'Biểu số II.08/VPCP/KSTT'],
      },
    ]);
  });

  it('carries the link of the forms page, valid until 30 days after the visit', () => {
    const data = { ...sampleRequest('report_forms_reminder').data };
    // The forms page's link, then the question link at the foot of every email to a unit.
    expect(emailLinkClaims('report_forms_reminder', 'inspection-x', data, { forms: 1 }, '2026-05-21')).toEqual([
      { v: 1, w: 'inspection-x', a: 'forms', u: data.unitName, exp: linkExpiry(data.visit!.end), g: 1 },
      expect.objectContaining({ a: 'question', w: 'inspection-x' }),
    ]);
  });

  it('is not there once every form is in, nor for executions started before the report in full', () => {
    const s = reported(true);
    applyForms(
      s,
      (['II.05a', 'II.06a', 'II.08'] as const).map((form) => ({ form, file })),
      '2026-05-20',
      '2026-05-20T04:00:00.000Z',
    );
    expect(reminders(s)).toEqual([]);
    expect(reminders(reported(false))).toEqual([]);
  });
});

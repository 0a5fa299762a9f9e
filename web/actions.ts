import type { UpdateDefinition } from '@temporalio/common';
import { dateInText, formatDate, formatDateVi, type LocalDate } from '../domain/dates';
import { formatRate, INDICATORS, type Indicators, type IndicatorId, type YearTargets } from '../domain/kpi';
import { LINK_ACTION_LABELS, type StepAction } from '../domain/links';
import { describeRequest, openRequests } from '../domain/document-requests';
import { describeIssue, type FileRef, type z } from '../domain/validation';
import type { LatestPeriodicReport } from '../client/prefill';
import { declaredFormProblem, FORM_TYPES_TEXT } from '../client/report-forms';
import { BUDGET_LABEL, measureOf, missingForms, reportCountsProblem, REPORT_MEASURES, type ReportCounts } from '../domain/report-measures';
import { REPORT_FORMS, REPORT_ITEMS, type ReportFormId } from '../domain/report-outline';
import { LINK_STATUS, type LinkStatus } from '../client/link-status';
import { isSubmissionId, newSubmissionId, submissionUpdateId } from '../client/submission';
import { periodicReportUpdateSchemas, recordPeriodicReport, type PeriodicReportState } from '../workflows/periodic-report/contract';
import { esc, facts } from './pages';
import { ACCEPTED_TYPES_TEXT } from './uploads';
import { type InspectionState, NARRATIVE_SECTIONS, updates, updateSchemas } from '../workflows/inspection/contract';
import { recordSelfInspectionReport, type SelfInspectionState, selfReportSchema } from '../workflows/self-inspection/contract';

/**
 * What a unit can do from a link, one entry per action: the workflow state it reads, when the
 * action is open, the form, and the Workflow Update the submission becomes (the same update, with
 * the same validators, that the coordinators' CLI sends; the actor is the unit).
 */

/** The hidden field that carries the form's submission id (see client/submission.ts). */
export const SUBMISSION_FIELD = '_submission';

/** The hidden field of a new form: a submission id made when the page is rendered. */
export function submissionField(): string {
  return `<input type="hidden" name="${SUBMISSION_FIELD}" value="${esc(newSubmissionId())}">`;
}

/**
 * The Workflow Update id of a submitted form: from its submission id, so the same form posted twice
 * (a double click, a resent request) is recorded once and both answers are the first one's. A form
 * without a valid id (a page rendered before ids existed) gets a new one.
 */
export function submissionUpdateIdOf(update: string, fields: Record<string, string>): string {
  const given = fields[SUBMISSION_FIELD];
  return submissionUpdateId(update, given && isSubmissionId(given) ? given : newSubmissionId());
}

/** A submitted form: its text fields and its stored files, by field name. */
export interface Submission {
  fields: Record<string, string>;
  files: Record<string, FileRef[]>;
  /** The bytes of a file of this submission (the page server's; absent in tests of the form alone). */
  read?: (ref: FileRef) => Uint8Array | undefined;
}

/** What a submission becomes, or why it cannot. */
export type Built =
  { ok: true; update: UpdateDefinition<unknown, [never]>; payload: unknown; summary: string } | { ok: false; message: string };

/** What forms and submissions may use besides the state. */
export interface ActionContext {
  today: LocalDate;
  /** The unit's latest periodic report (inspection reports only). */
  periodic?: LatestPeriodicReport;
}

/** An action's page: whether it is open (client/link-status.ts, shared with `kiemtra link`), then the page's own parts. */
export interface ActionDef<S> extends LinkStatus<S> {
  /** What the unit is asked for, above the form. */
  about(s: S): string;
  /** The form's fields (HTML). */
  form(s: S, ctx: ActionContext): string;
  build(s: S, sub: Submission, ctx: ActionContext): Built;
}

/** Form fields carry an id and a label; every value is escaped. */
const textarea = (name: string, label: string, hint = '', required = false) =>
  `<label for="${name}">${esc(label)}${hint ? ` <span class="hint">${esc(hint)}</span>` : ''}</label><textarea id="${name}" name="${name}"${required ? ' required' : ''}></textarea>`;
const fileInput = (name: string, label: string, multiple = true) =>
  `<label for="${name}">${esc(label)} <span class="hint">(${esc(ACCEPTED_TYPES_TEXT)}; ${multiple ? 'tối đa 5 tệp' : 'một tệp'})</span></label><input type="file" id="${name}" name="${name}"${multiple ? ' multiple' : ''} accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png">`;

/** The report's text by section of the Phụ lục I outline, as the form's `narrative_<section>` fields give it. */
function narrativeOf(sub: Submission): Partial<Record<keyof typeof NARRATIVE_SECTIONS, string>> {
  return Object.fromEntries(
    Object.keys(NARRATIVE_SECTIONS).flatMap((k) =>
      sub.fields[`narrative_${k}`]?.trim() ? [[k, sub.fields[`narrative_${k}`]!.trim()]] : [],
    ),
  );
}

/** The indicators of Phụ lục I with their targets, pre-filled when a periodic report is given. */
function indicatorFields(targets: YearTargets | undefined, periodic?: LatestPeriodicReport): string {
  const note = periodic
    ? `<p class="prefilled">Các ô đã điền sẵn lấy từ báo cáo định kỳ ${esc(periodic.period.label)} của đơn vị (nhận ${esc(dateInText(periodic.receivedOn))}). Đơn vị kiểm tra, sửa nếu số liệu đã thay đổi.</p>`
    : '';
  const rows = INDICATORS.map((i) => {
    const target = targets?.targets[i.id];
    const value = periodic?.indicators[i.id];
    return `<div class="indicator"><label for="ind_${i.id}">${esc(i.label)} <span class="hint">(chỉ tiêu ${target === undefined ? '' : `≥ ${target}%`})</span></label><input type="text" inputmode="decimal" id="ind_${i.id}" name="ind_${i.id}" value="${value === undefined ? '' : esc(String(value).replace('.', ','))}" placeholder="%"></div>`;
  }).join('\n');
  return `<fieldset><legend>Các chỉ tiêu năm ${esc(String(targets?.year ?? ''))} (tỷ lệ %, để trống nếu không có số liệu)</legend>${note}${rows}</fieldset>`;
}

/** The indicators typed in a form: "62,4" and "62.4" are the same; blank is absent. */
function parseIndicators(fields: Record<string, string>): { ok: true; indicators: Indicators } | { ok: false; message: string } {
  const out: Indicators = {};
  for (const i of INDICATORS) {
    const raw = (fields[`ind_${i.id}`] ?? '').trim();
    if (!raw) continue;
    const v = Number(raw.replace(',', '.').replace(/%$/, ''));
    if (!/^\d{1,3}([.,]\d{1,2})?%?$/.test(raw) || !Number.isFinite(v))
      return { ok: false, message: `${i.label}: "${raw}" không phải tỷ lệ phần trăm (ví dụ 82 hoặc 62,4).` };
    out[i.id] = v;
  }
  return { ok: true, indicators: out };
}

/** Validates a payload with the update's own schema: the form is refused before anything is sent. */
function checked<S extends z.ZodType>(schema: S, payload: unknown, update: UpdateDefinition<unknown, [never]>, summary: string): Built {
  const r = schema.safeParse(payload);
  if (!r.success) return { ok: false, message: `Dữ liệu không hợp lệ: ${describeIssue(r.error.issues[0]!)}` };
  return { ok: true, update, payload, summary };
}

const filesOf = (sub: Submission, name: string) => (sub.files[name]?.length ? { files: sub.files[name] } : {});
const asUpdate = (u: unknown) => u as UpdateDefinition<unknown, [never]>;

const ack: ActionDef<InspectionState> = {
  ...(LINK_STATUS.ack as LinkStatus<InspectionState>),
  about: (s) =>
    facts([
      ['Đơn vị', s.config.unit.name],
      ['Thời gian làm việc', `${formatDateVi(s.visit.start)} – ${formatDateVi(s.visit.end)}`],
    ]),
  form: () =>
    `<label for="contact">Người làm đầu mối của đơn vị <span class="hint">(họ tên, chức vụ, số điện thoại; không bắt buộc)</span></label><input type="text" id="contact" name="contact" maxlength="200">`,
  build: (s, sub) => {
    const contact = sub.fields.contact?.trim();
    return checked(
      updateSchemas.acknowledgeNotice,
      { ...(contact ? { contact } : {}), by: s.config.unit.name },
      asUpdate(updates.acknowledgeNotice),
      'Đã xác nhận nhận thông báo kiểm tra.',
    );
  },
};

/** The field of a form of II.2: `form_II_04`. */
const formField = (id: ReportFormId) => `form_${id.replace('.', '_')}`;

/**
 * The report's figures (Phụ lục I, II.1): for each item, the counts of its measures (the rate is
 * computed from them by the workflow, never typed here) and its text; the budget as an amount. The
 * rates pre-filled from a periodic report stay as hidden fields, used where the unit gives no counts.
 */
function reportFigureFields(s: InspectionState, periodic?: LatestPeriodicReport): string {
  const targets = s.targets;
  const prefilled = periodic
    ? `<p class="prefilled">Các tỷ lệ lấy từ báo cáo định kỳ ${esc(periodic.period.label)} của đơn vị (nhận ${esc(dateInText(periodic.receivedOn))}): ${INDICATORS.filter(
        (i) => periodic.indicators[i.id] !== undefined,
      )
        .map((i) => `${esc(i.label)} ${esc(formatRate(periodic.indicators[i.id]!))}`)
        .join('; ')}. Tỷ lệ nào đơn vị không nhập số liệu thì lấy theo báo cáo định kỳ.</p>`
    : '';
  // Rates typed on a page of an earlier release, and those of the periodic report: hidden, never typed here.
  const hidden = INDICATORS.map((i) => {
    const v = periodic?.indicators[i.id];
    return `<input type="hidden" id="ind_${i.id}" name="ind_${i.id}" value="${v === undefined ? '' : esc(String(v).replace('.', ','))}">`;
  }).join('');
  const items = REPORT_ITEMS.map((item) => {
    const measures = REPORT_MEASURES.filter((m) => m.item === item.id).map((m) => {
      const target = m.target ? targets?.targets[m.id as IndicatorId] : undefined;
      const sign = targets?.comparisons?.[m.id as IndicatorId] === '=' ? '=' : '≥';
      const hint = target === undefined ? '' : ` <span class="hint">(chỉ tiêu ${sign} ${esc(formatRate(target))})</span>`;
      return `<div class="measure" id="measure_${m.id}"><p class="measure-label">${esc(m.label)}${hint}</p><label for="num_${m.id}">${esc(m.numerator)}</label><input type="text" inputmode="decimal" id="num_${m.id}" name="num_${m.id}"><label for="den_${m.id}">${esc(m.denominator)}</label><input type="text" inputmode="decimal" id="den_${m.id}" name="den_${m.id}"></div>`;
    });
    const budget =
      item.id === 'budget'
        ? `<label for="budget">${esc(BUDGET_LABEL)}</label><input type="text" inputmode="numeric" id="budget" name="budget">`
        : '';
    return `<fieldset class="item" id="item_${item.id}_set"><legend>${esc(item.label)}</legend>${measures.join('')}${budget}${textarea(`item_${item.id}`, measures.length || budget ? 'Thuyết minh' : 'Nội dung')}</fieldset>`;
  }).join('\n');
  return `<fieldset><legend>II.1. Kết quả thực hiện các nội dung, chỉ tiêu (nhập số liệu; tỷ lệ do hệ thống tính; để trống nếu không có)</legend>${prefilled}${hidden}${items}</fieldset>`;
}

/** The file inputs of the forms of II.2 still missing. */
function formInputs(s: InspectionState): string {
  const rows = missingForms(s.reportForms)
    .map((f) => {
      const name = formField(f.id);
      return `<label for="${name}">${esc(f.label)} <span class="hint">(${esc(FORM_TYPES_TEXT)}; một tệp)</span></label><input type="file" id="${name}" name="${name}" accept=".xlsx,.docx,.pdf">`;
    })
    .join('\n');
  return `<fieldset><legend>II.2. Các biểu mẫu số liệu (Phụ lục II Thông tư số 01/2020/TT-VPCP)</legend>${rows}</fieldset>`;
}

/** A count typed in a form: "1.234" (thousands), "2,5" (a decimal comma); blank is absent. */
function parseCount(raw: string): number | undefined {
  const t = raw.trim().replace(/\s/g, '');
  if (!t) return undefined;
  if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(t) && !/^-?\d+(,\d+)?$/.test(t)) return NaN;
  return Number(t.replace(/\./g, '').replace(',', '.'));
}

/** The counts typed in the report form, or the first one that is not a number (naming it). */
function parseCounts(fields: Record<string, string>): { ok: true; counts: ReportCounts } | { ok: false; message: string } {
  const counts: ReportCounts = {};
  for (const m of REPORT_MEASURES) {
    const rawNum = fields[`num_${m.id}`] ?? '';
    const rawDen = fields[`den_${m.id}`] ?? '';
    const numerator = parseCount(rawNum);
    const denominator = parseCount(rawDen);
    if (numerator === undefined && denominator === undefined) continue;
    for (const [v, raw, what] of [
      [numerator, rawNum, m.numerator],
      [denominator, rawDen, m.denominator],
    ] as const) {
      if (v === undefined) return { ok: false, message: `${m.label}: cần nhập cả "${m.numerator}" và "${m.denominator}".` };
      if (Number.isNaN(v))
        return { ok: false, message: `${m.label}: "${what}" — "${raw.trim()}" không phải là số (ví dụ 1.250 hoặc 2,5).` };
    }
    counts[m.id] = { numerator: numerator!, denominator: denominator! };
  }
  return { ok: true, counts };
}

/**
 * The forms of II.2 attached in a submission, each checked to be the form it is declared as
 * (client/report-forms.ts) before anything is sent; the first that is not, refused by name.
 */
function attachedForms(
  s: InspectionState,
  sub: Submission,
): { ok: true; forms: { form: ReportFormId; file: FileRef }[] } | { ok: false; message: string } {
  const forms: { form: ReportFormId; file: FileRef }[] = [];
  for (const f of missingForms(s.reportForms)) {
    const file = sub.files[formField(f.id)]?.[0];
    if (!file) continue;
    const bytes = sub.read?.(file);
    const problem = bytes ? declaredFormProblem(f.id, file, bytes) : undefined;
    if (problem) return { ok: false, message: problem };
    forms.push({ form: f.id, file });
  }
  return { ok: true, forms };
}

/** The forms of II.2 as they stand: received (with the date) or missing. */
function formsFacts(s: InspectionState): string {
  return `<h2>Biểu mẫu số liệu</h2><ul class="forms">${REPORT_FORMS.map((f) => {
    const got = s.reportForms?.[f.id];
    return `<li id="state_${formField(f.id)}">${esc(f.label)}: ${got ? `đã nhận ${esc(dateInText(got.receivedOn))} (${esc(got.file.name)})` : '<strong>chưa nhận</strong>'}</li>`;
  }).join('')}</ul>`;
}

const report: ActionDef<InspectionState> = {
  ...(LINK_STATUS.report as LinkStatus<InspectionState>),
  about: (s) => {
    const due = s.deadlines.find((d) => d.id === 'report');
    return facts([
      ['Đơn vị', s.config.unit.name],
      ['Hạn gửi báo cáo', due ? formatDateVi(due.date) : ''],
      ['Thời gian làm việc của Đoàn', `${formatDateVi(s.visit.start)} – ${formatDateVi(s.visit.end)}`],
    ]);
  },
  form: (s, ctx) =>
    [
      textarea(
        'narrative_situation',
        NARRATIVE_SECTIONS.situation,
        '(giới thiệu sơ lược công tác kiểm soát TTHC, cơ chế một cửa, một cửa liên thông)',
      ),
      reportFigureFields(s, ctx.periodic),
      `<fieldset><legend>Nội dung báo cáo khác (theo đề cương Phụ lục I)</legend>${(['results', 'issues', 'proposals'] as const)
        .map((k) => textarea(`narrative_${k}`, NARRATIVE_SECTIONS[k]))
        .join('\n')}</fieldset>`,
      formInputs(s),
      fileInput('files', 'Báo cáo và tài liệu khác kèm theo'),
    ].join('\n'),
  build: (s, sub, ctx) => {
    const forms = attachedForms(s, sub);
    if (!forms.ok) return forms;
    const parsed = parseIndicators(sub.fields);
    if (!parsed.ok) return parsed;
    const counted = parseCounts(sub.fields);
    if (!counted.ok) return counted;
    const counts = counted.counts;
    const problem = reportCountsProblem(counts);
    if (problem) return { ok: false, message: problem };
    // A rate with counts is computed from them: the hidden (periodic or older page's) rate gives way.
    const indicators = Object.fromEntries(
      Object.entries(parsed.indicators).filter(([id]) => !(id in counts && measureOf(id)?.target)),
    ) as Indicators;
    const narrative = narrativeOf(sub);
    const items = Object.fromEntries(
      REPORT_ITEMS.flatMap((i) => (sub.fields[`item_${i.id}`]?.trim() ? [[i.id, sub.fields[`item_${i.id}`]!.trim()]] : [])),
    );
    const rawBudget = sub.fields.budget ?? '';
    const amount = parseCount(rawBudget);
    if (Number.isNaN(amount)) return { ok: false, message: `${BUDGET_LABEL}: "${rawBudget.trim()}" không phải là số (ví dụ 150.000.000).` };
    // The indicators the unit kept as the periodic report had them are recorded as taken from it.
    const kept = ctx.periodic
      ? (Object.keys(ctx.periodic.indicators) as IndicatorId[]).filter((id) => indicators[id] === ctx.periodic!.indicators[id])
      : [];
    const prefilled = kept.length
      ? {
          prefilled: {
            workflowId: ctx.periodic!.workflowId,
            period: ctx.periodic!.period.label,
            receivedOn: ctx.periodic!.receivedOn,
            indicators: kept,
          },
        }
      : {};
    const payload = {
      receivedOn: ctx.today,
      indicators,
      ...prefilled,
      ...(Object.keys(narrative).length ? { narrative } : {}),
      ...(Object.keys(counts).length ? { counts } : {}),
      ...(Object.keys(items).length ? { items } : {}),
      ...(amount !== undefined ? { budget: { amount } } : {}),
      ...(forms.forms.length ? { forms: forms.forms } : {}),
      ...filesOf(sub, 'files'),
      by: s.config.unit.name,
    };
    return checked(
      updateSchemas.recordReport,
      payload,
      asUpdate(updates.recordReport),
      `Đã ghi nhận báo cáo phục vụ kiểm tra ${dateInText(ctx.today)}.`,
    );
  },
};

/**
 * The forms of II.2 sent after the report (issue 23), from the link of the reminder that names the
 * missing ones: each checked to be the form it is declared as, recorded with its date.
 */
const forms: ActionDef<InspectionState> = {
  ...(LINK_STATUS.forms as LinkStatus<InspectionState>),
  about: (s) =>
    `${facts([
      ['Đơn vị', s.config.unit.name],
      ['Báo cáo phục vụ kiểm tra', s.report ? `đã nhận ${dateInText(s.report.receivedOn)}` : 'chưa nhận'],
      ['Thời gian làm việc của Đoàn', `${formatDateVi(s.visit.start)} – ${formatDateVi(s.visit.end)}`],
    ])}${formsFacts(s)}`,
  form: (s) => formInputs(s),
  build: (s, sub, ctx) => {
    const got = attachedForms(s, sub);
    if (!got.ok) return got;
    if (!got.forms.length) return { ok: false, message: 'Chọn tệp cho ít nhất một biểu mẫu còn thiếu.' };
    return checked(
      updateSchemas.attachReportForms,
      { receivedOn: ctx.today, forms: got.forms, by: s.config.unit.name },
      asUpdate(updates.attachReportForms),
      `Đã ghi nhận biểu mẫu: ${got.forms.map((f) => f.form).join(', ')}.`,
    );
  },
};

const response: ActionDef<InspectionState> = {
  ...(LINK_STATUS.response as LinkStatus<InspectionState>),
  about: (s) =>
    `${facts([
      ['Đơn vị', s.config.unit.name],
      ['Hạn góp ý', s.draft ? formatDateVi(s.draft.responseBy) : ''],
    ])}<h2>Kiến nghị trong dự thảo</h2><ul>${(s.draft?.recommendations ?? []).map((r) => `<li>${esc(r)}</li>`).join('') || '<li>(không có kiến nghị)</li>'}</ul>`,
  form: () =>
    [
      `<fieldset><legend>Ý kiến của đơn vị</legend><label><input type="radio" name="accepted" value="yes" required> Thống nhất với dự thảo kết luận</label><label><input type="radio" name="accepted" value="no"> Có ý kiến khác (giải trình dưới đây)</label></fieldset>`,
      textarea('explanations', 'Giải trình, ý kiến cụ thể', '(bắt buộc khi có ý kiến khác)'),
      fileInput('files', 'Văn bản góp ý kèm theo'),
    ].join('\n'),
  build: (s, sub, ctx) => {
    if (sub.fields.accepted !== 'yes' && sub.fields.accepted !== 'no')
      return { ok: false, message: 'Chọn "Thống nhất" hoặc "Có ý kiến khác".' };
    const explanations = sub.fields.explanations?.trim();
    if (sub.fields.accepted === 'no' && !explanations)
      return { ok: false, message: 'Khi có ý kiến khác, đề nghị ghi rõ nội dung giải trình.' };
    const payload = {
      receivedOn: ctx.today,
      accepted: sub.fields.accepted === 'yes',
      ...(explanations ? { explanations } : {}),
      ...filesOf(sub, 'files'),
      by: s.config.unit.name,
    };
    return checked(
      updateSchemas.recordUnitResponse,
      payload,
      asUpdate(updates.recordUnitResponse),
      'Đã ghi nhận ý kiến của đơn vị về dự thảo kết luận.',
    );
  },
};

const remediation: ActionDef<InspectionState> = {
  ...(LINK_STATUS.remediation as LinkStatus<InspectionState>),
  about: (s) =>
    facts([
      ['Đơn vị', s.config.unit.name],
      ['Kết luận', s.conclusion ? `${s.conclusion.signer}, ký ${dateInText(s.conclusion.signedOn)}` : ''],
    ]),
  form: (s) =>
    s.recommendations
      .map((r) =>
        r.status === 'done'
          ? `<fieldset><legend>${esc(r.id)}. ${esc(r.text)}</legend><p class="done">Đã khắc phục ${esc(dateInText(r.doneOn!))}.</p></fieldset>`
          : `<fieldset><legend>${esc(r.id)}. ${esc(r.text)} <span class="hint">Thời hạn: ${esc(dateInText(r.deadline))}</span></legend><label><input type="checkbox" name="done_${r.id}" value="yes"> Đã khắc phục xong</label>${textarea(`evidence_${r.id}`, 'Kết quả khắc phục, minh chứng')}${fileInput(`file_${r.id}`, 'Tệp minh chứng', false)}</fieldset>`,
      )
      .join('\n'),
  build: (s, sub, ctx) => {
    const done = s.recommendations
      .filter((r) => r.status !== 'done' && sub.fields[`done_${r.id}`] === 'yes')
      .map((r) => ({
        id: r.id,
        evidence: sub.fields[`evidence_${r.id}`]?.trim() ?? '',
        ...(sub.files[`file_${r.id}`]?.[0] ? { file: sub.files[`file_${r.id}`]![0] } : {}),
      }));
    if (done.length === 0) return { ok: false, message: 'Đánh dấu ít nhất một kiến nghị đã khắc phục xong.' };
    const missing = done.find((d) => !d.evidence);
    if (missing) return { ok: false, message: `Kiến nghị ${missing.id}: đề nghị ghi kết quả khắc phục, minh chứng.` };
    return checked(
      updateSchemas.recordRemediationReport,
      { receivedOn: ctx.today, done, by: s.config.unit.name },
      asUpdate(updates.recordRemediationReport),
      `Đã ghi nhận kết quả khắc phục: ${done.map((d) => d.id).join(', ')}.`,
    );
  },
};

/** The unit's answers to the team's requests for documents: each open request with its files and a note. */
const documents: ActionDef<InspectionState> = {
  ...(LINK_STATUS.documents as LinkStatus<InspectionState>),
  about: (s) =>
    `${facts([
      ['Đơn vị', s.config.unit.name],
      ['Thời gian làm việc của Đoàn', `${formatDateVi(s.visit.start)} – ${formatDateVi(s.visit.end)}`],
    ])}<h2>Các yêu cầu của Đoàn kiểm tra</h2><ul>${(s.documentRequests ?? [])
      .map(
        (r) =>
          `<li>${esc(describeRequest(r))}: ${esc(r.answer ? `đã cung cấp ${dateInText(r.answer.receivedOn)}${r.answer.files.length ? ` (${r.answer.files.length} tệp)` : ''}` : 'chưa cung cấp')}</li>`,
      )
      .join('')}</ul>`,
  form: (s) =>
    openRequests(s.documentRequests)
      .map(
        (r) =>
          `<fieldset><legend>${esc(r.id)}. Hạn cung cấp: ${esc(dateInText(r.dueBy))}</legend><ul>${r.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>${fileInput(`files_${r.id}`, 'Tệp tài liệu')}${textarea(`note_${r.id}`, 'Ghi chú của đơn vị', '(ví dụ: tài liệu nào chưa có, lý do)')}</fieldset>`,
      )
      .join('\n'),
  build: (s, sub, ctx) => {
    const answers = openRequests(s.documentRequests).flatMap((r) => {
      const note = sub.fields[`note_${r.id}`]?.trim();
      const files = sub.files[`files_${r.id}`];
      return note || files?.length ? [{ id: r.id, ...(note ? { note } : {}), ...(files?.length ? { files } : {}) }] : [];
    });
    if (answers.length === 0) return { ok: false, message: 'Đề nghị gửi tệp tài liệu hoặc ghi chú cho ít nhất một yêu cầu.' };
    return checked(
      updateSchemas.answerDocumentRequest,
      { receivedOn: ctx.today, answers, by: s.config.unit.name },
      asUpdate(updates.answerDocumentRequest),
      `Đã ghi nhận tài liệu đơn vị cung cấp: ${answers.map((a) => a.id).join(', ')}.`,
    );
  },
};

const self: ActionDef<SelfInspectionState> = {
  ...(LINK_STATUS.self as LinkStatus<SelfInspectionState>),
  about: (s) =>
    facts([
      ['Đơn vị', s.unit],
      ['Hạn gửi báo cáo tự kiểm tra', s.deadline ? formatDateVi(s.deadline.date) : ''],
    ]),
  form: (s) =>
    [
      `<fieldset><legend>Báo cáo tự kiểm tra (theo đề cương Phụ lục I)</legend>${(
        Object.keys(NARRATIVE_SECTIONS) as (keyof typeof NARRATIVE_SECTIONS)[]
      )
        .map((k) => textarea(`narrative_${k}`, NARRATIVE_SECTIONS[k]))
        .join('\n')}</fieldset>`,
      indicatorFields(s.targets),
      fileInput('files', 'Báo cáo tự kiểm tra kèm theo'),
    ].join('\n'),
  build: (s, sub, ctx) => {
    const parsed = parseIndicators(sub.fields);
    if (!parsed.ok) return parsed;
    const narrative = narrativeOf(sub);
    const payload = {
      receivedOn: ctx.today,
      ...(Object.keys(parsed.indicators).length ? { indicators: parsed.indicators } : {}),
      ...(Object.keys(narrative).length ? { narrative } : {}),
      ...filesOf(sub, 'files'),
      by: s.unit,
    };
    return checked(
      selfReportSchema,
      payload,
      asUpdate(recordSelfInspectionReport),
      `Đã ghi nhận báo cáo tự kiểm tra ${dateInText(ctx.today)}.`,
    );
  },
};

const periodic: ActionDef<PeriodicReportState> = {
  ...(LINK_STATUS.periodic as LinkStatus<PeriodicReportState>),
  about: (s) =>
    facts([
      ['Đơn vị', s.unit],
      ['Kỳ báo cáo', s.period.label],
      ['Số liệu', `từ ${formatDate(s.period.from)} đến ${formatDate(s.period.to)}`],
      ['Hạn gửi', s.deadline ? formatDateVi(s.deadline.date) : ''],
    ]),
  form: (s) => [indicatorFields(s.targets), textarea('notes', 'Ghi chú, giải trình'), fileInput('files', 'Báo cáo kèm theo')].join('\n'),
  build: (s, sub, ctx) => {
    const parsed = parseIndicators(sub.fields);
    if (!parsed.ok) return parsed;
    const notes = sub.fields.notes?.trim();
    const payload = {
      receivedOn: ctx.today,
      indicators: parsed.indicators,
      ...(notes ? { notes } : {}),
      ...filesOf(sub, 'files'),
      by: s.unit,
    };
    return checked(
      periodicReportUpdateSchemas.recordPeriodicReport,
      payload,
      asUpdate(recordPeriodicReport),
      `Đã ghi nhận báo cáo ${s.period.label} ${dateInText(ctx.today)}.`,
    );
  },
};

/** Every action a link can name. */
export const ACTIONS: { [A in StepAction]: ActionDef<never> } = {
  ack: ack as ActionDef<never>,
  report: report as ActionDef<never>,
  response: response as ActionDef<never>,
  remediation: remediation as ActionDef<never>,
  self: self as ActionDef<never>,
  periodic: periodic as ActionDef<never>,
  documents: documents as ActionDef<never>,
  forms: forms as ActionDef<never>,
};

export { LINK_ACTION_LABELS };

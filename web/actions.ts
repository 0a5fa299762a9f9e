import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { dateInText, formatDate, formatDateVi, formatLocalDateTime, type LocalDate } from '../domain/dates';
import { INDICATORS, type Indicators, type IndicatorId, type YearTargets } from '../domain/kpi';
import { LINK_ACTION_LABELS, type StepAction } from '../domain/links';
import { describeRequest, openRequests } from '../domain/document-requests';
import { describeIssue, type FileRef, type z } from '../domain/validation';
import type { LatestPeriodicReport } from '../client/prefill';
import { isSubmissionId, newSubmissionId, submissionUpdateId } from '../client/submission';
import {
  periodicReportStateQuery,
  periodicReportUpdateSchemas,
  recordPeriodicReport,
  type PeriodicReportState,
} from '../workflows/periodic-report/contract';
import { esc, facts } from './pages';
import { ACCEPTED_TYPES_TEXT } from './uploads';
import {
  acceptsUpdate,
  type InspectionState,
  NARRATIVE_SECTIONS,
  STAGE_LABELS,
  stateQuery,
  updates,
  updateSchemas,
} from '../workflows/inspection/contract';
import {
  recordSelfInspectionReport,
  type SelfInspectionState,
  selfInspectionStateQuery,
  selfReportSchema,
} from '../workflows/self-inspection/contract';

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

export interface ActionDef<S> {
  query: QueryDefinition<S>;
  unitOf(s: S): string;
  generation(s: S): number;
  /** Undefined when the action is open; else why not, as a unit reads it. */
  closed(s: S): string | undefined;
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

const inspectionBase = {
  query: stateQuery,
  unitOf: (s: InspectionState) => s.config.unit.name,
};
const stageText = (s: InspectionState) => `Cuộc kiểm tra đang ở giai đoạn "${STAGE_LABELS[s.stage]}".`;

const ack: ActionDef<InspectionState> = {
  ...inspectionBase,
  generation: (s) => s.linkGenerations?.ack ?? 0,
  closed: (s) =>
    s.acknowledged
      ? `Đơn vị đã xác nhận nhận thông báo lúc ${formatLocalDateTime(Date.parse(s.acknowledged.at))}.`
      : !acceptsUpdate(s.stage, 'acknowledgeNotice')
        ? stageText(s)
        : undefined,
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

const report: ActionDef<InspectionState> = {
  ...inspectionBase,
  generation: (s) => s.linkGenerations?.report ?? 0,
  closed: (s) =>
    s.report
      ? `Báo cáo của đơn vị đã được ghi nhận ${dateInText(s.report.receivedOn)}.`
      : !acceptsUpdate(s.stage, 'recordReport')
        ? stageText(s)
        : undefined,
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
      indicatorFields(s.targets, ctx.periodic),
      `<fieldset><legend>Nội dung báo cáo (theo đề cương Phụ lục I)</legend>${Object.entries(NARRATIVE_SECTIONS)
        .map(([k, label]) => textarea(`narrative_${k}`, label))
        .join('\n')}</fieldset>`,
      fileInput('files', 'Báo cáo và biểu mẫu số liệu kèm theo'),
    ].join('\n'),
  build: (s, sub, ctx) => {
    const parsed = parseIndicators(sub.fields);
    if (!parsed.ok) return parsed;
    const narrative = Object.fromEntries(
      Object.keys(NARRATIVE_SECTIONS).flatMap((k) =>
        sub.fields[`narrative_${k}`]?.trim() ? [[k, sub.fields[`narrative_${k}`]!.trim()]] : [],
      ),
    );
    // The indicators the unit kept as the periodic report had them are recorded as taken from it.
    const kept = ctx.periodic
      ? (Object.keys(ctx.periodic.indicators) as IndicatorId[]).filter((id) => parsed.indicators[id] === ctx.periodic!.indicators[id])
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
      indicators: parsed.indicators,
      ...prefilled,
      ...(Object.keys(narrative).length ? { narrative } : {}),
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

const response: ActionDef<InspectionState> = {
  ...inspectionBase,
  generation: (s) => s.linkGenerations?.response ?? 0,
  closed: (s) =>
    s.unitResponse
      ? `Ý kiến của đơn vị đã được ghi nhận ${dateInText(s.unitResponse.receivedOn)}.`
      : !acceptsUpdate(s.stage, 'recordUnitResponse') || !s.draft
        ? 'Chưa có dự thảo kết luận để góp ý, hoặc việc góp ý đã kết thúc.'
        : undefined,
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
  ...inspectionBase,
  generation: (s) => s.linkGenerations?.remediation ?? 0,
  closed: (s) =>
    !acceptsUpdate(s.stage, 'recordRemediationReport')
      ? s.stage === 'closed'
        ? 'Mọi kiến nghị đã được ghi nhận khắc phục xong.'
        : stageText(s)
      : undefined,
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
  ...inspectionBase,
  generation: (s) => s.linkGenerations?.documents ?? 0,
  closed: (s) =>
    !s.documentRequests?.length
      ? 'Đoàn kiểm tra chưa yêu cầu đơn vị cung cấp tài liệu nào.'
      : !acceptsUpdate(s.stage, 'answerDocumentRequest')
        ? stageText(s)
        : openRequests(s.documentRequests).length === 0
          ? 'Đơn vị đã cung cấp tài liệu cho mọi yêu cầu của Đoàn kiểm tra.'
          : undefined,
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
  query: selfInspectionStateQuery,
  unitOf: (s) => s.unit,
  generation: (s) => s.linkGenerations?.self ?? 0,
  closed: (s) => (s.stage !== 'self_waiting' ? `Báo cáo tự kiểm tra đã được ghi nhận ${dateInText(s.receivedOn!)}.` : undefined),
  about: (s) =>
    facts([
      ['Đơn vị', s.unit],
      ['Hạn gửi báo cáo tự kiểm tra', s.deadline ? formatDateVi(s.deadline.date) : ''],
    ]),
  form: (s) => [indicatorFields(s.targets), fileInput('files', 'Báo cáo tự kiểm tra kèm theo')].join('\n'),
  build: (s, sub, ctx) => {
    const parsed = parseIndicators(sub.fields);
    if (!parsed.ok) return parsed;
    const payload = {
      receivedOn: ctx.today,
      ...(Object.keys(parsed.indicators).length ? { indicators: parsed.indicators } : {}),
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
  query: periodicReportStateQuery,
  unitOf: (s) => s.unit,
  generation: (s) => s.linkGenerations?.periodic ?? 0,
  closed: (s) =>
    s.status === 'report_received'
      ? `Báo cáo ${s.period.label} đã được ghi nhận ${dateInText(s.receivedOn!)}.`
      : s.status === 'report_missing'
        ? `Kỳ báo cáo ${s.period.label} đã đóng.`
        : undefined,
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
};

export { LINK_ACTION_LABELS };

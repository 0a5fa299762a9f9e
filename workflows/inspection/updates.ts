import { defineQuery } from '@temporalio/workflow';
import { NARRATIVE_SECTIONS, narrativeSchemaOf } from '../../domain/report-narrative';
import { dossierSampleSchema } from '../../domain/dossier-sample';
import { findingSchemas } from '../../domain/findings';
import { conclusionBodySchema } from '../../domain/conclusion-body';
import { INDICATORS, indicatorsSchema } from '../../domain/kpi';
import { INSPECTION_DOCUMENT_KINDS } from '../../domain/document-life';
import { REPORT_FORMS, REPORT_ITEMS, type ReportFormId } from '../../domain/report-outline';
import { BUDGET_LABEL, formatCount, MAX_COUNT, measureOf, reportCountsProblem, reportCountsSchema } from '../../domain/report-measures';
import type { InspectionDocumentKind } from '../../domain/documents';
import { teamSchemas } from '../../domain/team';
import { dateSchema, fileRefSchema, filesSchema, line, text, z } from '../../domain/validation';
import { acceptsIn, defineUpdates, type DefinitionsOf, type InputsOf, type PayloadsOf } from '../kit/updates';
import { REQUEST_STAGES, type Stage } from './stages';
import type { InspectionState } from './types';

/**
 * The inspection's update contract, written once: the payload schemas are the source, and the
 * update definitions, the stage table (`UPDATE_STAGES`), the workflow's handler table and the CLI
 * are typed from them, so an update without a stage entry or a handler does not compile.
 *
 * Version 1 (November 2026), frozen like the start input: a payload is validated by the same
 * schema on every replay. A changed rule is a new update (or a `patched()` branch), never an edit.
 */

export { NARRATIVE_SECTIONS };
/**
 * The payload schemas. Built when used and not kept: the SDK gives every cached workflow its own
 * instance of each module, so schemas held at module level would cost memory per cached workflow
 * (about 700 zod nodes for these), while building them for a validation takes well under a millisecond.
 */
function buildSchemas() {
  const actor = line(120);
  const documentKind = z.enum(INSPECTION_DOCUMENT_KINDS as [InspectionDocumentKind, ...InspectionDocumentKind[]], {
    message: `loại văn bản không hợp lệ; dùng một trong: ${INSPECTION_DOCUMENT_KINDS.join(', ')}`,
  });

  const indicatorId = z.enum(INDICATORS.map((i) => i.id) as [string, ...string[]]);
  const findings = findingSchemas();

  /**
   * Where some of a report's indicators came from: the unit's latest periodic report (Điều 2.1),
   * whose figures pre-filled the inspection's report form. Added (optional) in November 2026.
   */
  const prefilledSchema = z.strictObject({
    workflowId: z.string().regex(/^report-[a-z0-9-]+$/, { message: 'mã báo cáo định kỳ không hợp lệ' }),
    period: line(60),
    receivedOn: dateSchema,
    indicators: z.array(indicatorId).min(1).max(INDICATORS.length),
  });

  /**
   * Who attended a meeting (added, optional, December 2026): the team's people by name (checked
   * against the team), the unit's with their position.
   */
  const attendeesSchema = z.strictObject({
    team: z.array(line(120)).min(1, { message: 'cần ghi ít nhất một người của Đoàn kiểm tra dự họp' }).max(60),
    unit: z
      .array(z.strictObject({ name: line(120), position: line(200) }))
      .min(1, { message: 'cần ghi ít nhất một người của đơn vị dự họp (họ tên, chức vụ)' })
      .max(60),
  });
  /** Why a meeting is held on another day than the visit's first (opening) or last (closing) (added, optional, December 2026). */
  const meetingReason = text(1000).optional();
  const requestId = z.string().regex(/^Y\d{1,2}$/, { message: 'mã yêu cầu có dạng Y1, Y2…' });

  const narrativeSchema = narrativeSchemaOf();

  /** The forms of II.2, each with its file (issue 23). */
  const formsSchema = z
    .array(
      z.strictObject({
        form: z.enum(REPORT_FORMS.map((f) => f.id) as [ReportFormId, ...ReportFormId[]], {
          message: `biểu mẫu không hợp lệ; dùng một trong: ${REPORT_FORMS.map((f) => f.id).join(', ')}`,
        }),
        file: fileRefSchema,
      }),
    )
    .max(REPORT_FORMS.length);
  /** A form given twice is refused, naming it. */
  const onceEach = (forms: { form: ReportFormId }[] | undefined, ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const f of forms ?? []) {
      if (seen.has(f.form)) ctx.addIssue({ code: 'custom', message: `Biểu số ${f.form}/VPCP/KSTT được gửi hai lần` });
      seen.add(f.form);
    }
  };

  return {
    recordReport: z
      .strictObject({
        receivedOn: dateSchema,
        indicators: indicatorsSchema,
        prefilled: prefilledSchema.optional(),
        /** The report's text by the sections of the Phụ lục I outline, and its files (added, optional, November 2026). */
        narrative: narrativeSchema.optional(),
        files: filesSchema.optional(),
        /**
         * Replaces the report already recorded, for a reason (added, optional, December 2026): its
         * KPI findings are cleared and the new report's recorded. Without it a second report is refused.
         */
        replace: z.strictObject({ reason: text(1000) }).optional(),
        /**
         * The report in full (added, optional, December 2026; issue 23): the counts that make each
         * rate (the rates are computed from them, never typed), the text of each item of II.1, the
         * budget for TTHC control as an amount, and the forms of II.2 with their files.
         */
        counts: reportCountsSchema().optional(),
        items: z
          .strictObject(
            Object.fromEntries(REPORT_ITEMS.map((i) => [i.id, text(8000).optional()])) as Record<
              (typeof REPORT_ITEMS)[number]['id'],
              z.ZodOptional<ReturnType<typeof text>>
            >,
          )
          .optional(),
        budget: z.strictObject({ amount: z.number() }).optional(),
        forms: formsSchema.optional(),
        by: actor,
      })
      .superRefine((p, ctx) => {
        const problem = p.counts ? reportCountsProblem(p.counts) : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        const typedToo = Object.keys(p.counts ?? {}).filter((id) => measureOf(id)?.target && id in p.indicators);
        if (typedToo.length)
          ctx.addIssue({
            code: 'custom',
            message: `${measureOf(typedToo[0]!)!.label}: tỷ lệ được tính từ số liệu, không nhập cùng lúc tỷ lệ và số liệu`,
          });
        const amount = p.budget?.amount;
        if (amount !== undefined && (!Number.isInteger(amount) || amount < 0 || amount > MAX_COUNT))
          ctx.addIssue({ code: 'custom', message: `${BUDGET_LABEL}: phải là số nguyên không âm (${formatCount(amount)})` });
        onceEach(p.forms, ctx);
      }),
    /**
     * Forms of II.2 the unit sends after its report (added December 2026; issue 23): each is
     * recorded with its file and date; the report is not changed.
     */
    attachReportForms: z
      .strictObject({ receivedOn: dateSchema, forms: formsSchema.min(1, { message: 'cần ít nhất một biểu mẫu' }), by: actor })
      .superRefine((p, ctx) => onceEach(p.forms, ctx)),
    /** The unit confirms it received the notice (added November 2026). */
    acknowledgeNotice: z.strictObject({ contact: line(200).optional(), by: actor }),
    recordOpeningMeeting: z.strictObject({
      date: dateSchema,
      notes: text(2000).optional(),
      attendees: attendeesSchema.optional(),
      reason: meetingReason,
      by: actor,
    }),
    /**
     * A finding of the team; its place (content area, Phụ lục I item, kind, evidence, division;
     * domain/findings.ts) was added, optional, in December 2026.
     */
    recordFinding: findings.place.extend({ text: text(2000), by: actor }),
    recordClosingMeeting: z.strictObject({
      date: dateSchema,
      preliminaryResults: text(4000),
      attendees: attendeesSchema.optional(),
      reason: meetingReason,
      by: actor,
    }),
    /**
     * Dossiers the team checked (Mục II.2.b; added December 2026), added to the sample: each with
     * its code (never one already in the sample), procedure, system, division, and how it was
     * handled (domain/dossier-sample.ts). `file` names the team's file they were read from.
     */
    recordDossierSample: z.strictObject({
      dossiers: dossierSampleSchema(),
      file: z
        .strictObject({ name: line(200), sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'mã băm sha256 không hợp lệ' }) })
        .optional(),
      by: actor,
    }),
    issueDraftConclusion: z.strictObject({
      issuedOn: dateSchema,
      recommendations: z.array(text(1000)).max(50).default([]),
      meetingDate: dateSchema.optional(),
      responseBy: dateSchema,
      by: actor,
    }),
    recordUnitResponse: z.strictObject({
      receivedOn: dateSchema,
      accepted: z.boolean(),
      explanations: text(4000).optional(),
      files: filesSchema.optional(),
      by: actor,
    }),
    signConclusion: z.strictObject({
      signer: line(120),
      signedOn: dateSchema,
      recommendations: z
        .array(
          z.strictObject({
            text: text(1000),
            deadline: dateSchema,
            /** The findings it answers, `F1`… (added, optional, December 2026): each must exist. */
            answers: z
              .array(findings.findingId)
              .min(1)
              .max(50)
              .refine((ids) => new Set(ids).size === ids.length, { message: 'mã phát hiện bị lặp' })
              .optional(),
          }),
        )
        .max(50),
      by: actor,
    }),
    recordRemediationReport: z.strictObject({
      receivedOn: dateSchema,
      done: z
        .array(
          z.strictObject({
            id: z.string().regex(/^R\d{1,2}$/, { message: 'mã kiến nghị có dạng R1, R2…' }),
            evidence: text(2000),
            file: fileRefSchema.optional(),
          }),
        )
        .min(1)
        .max(50),
      by: actor,
    }),
    reschedule: z.strictObject({
      start: dateSchema,
      end: dateSchema,
      surprise: z.boolean().optional(),
      reason: text(1000).optional(),
      /** Units whose visit the new days clash with, accepted by the coordinator (added, optional, November 2026). */
      clashWith: z.array(line(200)).max(50).optional(),
      by: actor,
    }),
    cancel: z.strictObject({ reason: text(1000), by: actor }),
    /**
     * A change of the team's members (added December 2026): one leaves (`remove`, by name), one
     * joins (`add`), or one replaces another (both), always for a reason.
     */
    changeTeam: z.strictObject({
      remove: line(120).optional(),
      add: teamSchemas().member.optional(),
      reason: text(1000),
      by: actor,
    }),
    /**
     * The document updates (December 2026; inspections started with `documents`): the signer
     * approves the latest revision of a kind, a clerk uploads its signed PDF (its signature
     * verified), the Office issues it (a number from the register, or its own `number`), withdraws
     * it (the number stays, marked withdrawn), or has the draft rendered again.
     */
    signDocument: z.strictObject({ kind: documentKind, signer: line(120), by: actor }),
    uploadSignedDocument: z.strictObject({
      kind: documentKind,
      file: fileRefSchema.extend({ type: z.literal('application/pdf', { message: 'bản ký số phải là tệp PDF' }) }),
      by: actor,
    }),
    issueDocument: z.strictObject({
      kind: documentKind,
      /** The Office's own number ("08/TB-VP"); without it the register allocates the next. */
      number: line(40).optional(),
      /** Who signed on paper, for a revision issued without a sign or an upload. */
      signer: line(120).optional(),
      by: actor,
    }),
    withdrawDocument: z.strictObject({ kind: documentKind, reason: text(1000), by: actor }),
    renderDocument: z.strictObject({ kind: documentKind, by: actor }),
    /**
     * The team's own text of the conclusion's body (sections I–II, issue by issue), recorded before
     * signing (December 2026): the draft and the conclusion are rendered from it.
     */
    recordConclusionText: z.strictObject({ sections: conclusionBodySchema(), by: actor }),
    /**
     * The team asks the unit for more documents (added December 2026; Mục V.3.b of the plan): what
     * (one item a line), by when; the unit is emailed a link to answer, reminded, the coordinator
     * told when the day has passed.
     */
    requestDocuments: z.strictObject({
      items: z
        .array(line(500))
        .min(1, { message: 'cần nêu ít nhất một tài liệu, số liệu đề nghị đơn vị cung cấp' })
        .max(30, { message: 'mỗi yêu cầu tối đa 30 tài liệu' }),
      dueBy: dateSchema,
      by: actor,
    }),
    /** The unit's answer to one or more requests, each with its files or a note (added December 2026). */
    answerDocumentRequest: z.strictObject({
      receivedOn: dateSchema,
      answers: z
        .array(z.strictObject({ id: requestId, note: text(4000).optional(), files: filesSchema.optional() }))
        .min(1, { message: 'cần trả lời ít nhất một yêu cầu' })
        .max(20),
      by: actor,
    }),
  } as const;
}

type UpdateSchemas = ReturnType<typeof buildSchemas>;
const UPDATE_NAMES = Object.keys(buildSchemas()) as (keyof UpdateSchemas)[];

/** Update payloads, each with `by`, the acting person: `updateSchemas.recordReport` builds that schema. */
export const updateSchemas = Object.defineProperties(
  {} as UpdateSchemas,
  Object.fromEntries(UPDATE_NAMES.map((name) => [name, { enumerable: true, get: () => buildSchemas()[name] }])),
);

export type UpdateName = keyof typeof updateSchemas;
/** What a client sends. */
export type UpdateInputs = InputsOf<UpdateSchemas>;
/** What a check and an apply receive, once validated (defaults filled). */
export type UpdatePayloads = PayloadsOf<UpdateSchemas>;

/** The documents are handled in every stage the workflow still runs in. */
const DOCUMENT_STAGES = ['scheduled', 'notified', 'on_site', 'drafting', 'concluded', 'remediating', 'closed'] as const;

/** The updates coordinators send, and the stages in which each is accepted. */
export const UPDATE_STAGES = {
  recordReport: ['notified', 'on_site'],
  attachReportForms: ['notified', 'on_site', 'drafting'],
  acknowledgeNotice: ['notified'],
  recordOpeningMeeting: ['on_site'],
  recordFinding: ['on_site', 'drafting'],
  recordClosingMeeting: ['on_site'],
  recordDossierSample: ['on_site', 'drafting'],
  issueDraftConclusion: ['drafting'],
  recordUnitResponse: ['drafting'],
  signConclusion: ['drafting'],
  recordRemediationReport: ['remediating'],
  reschedule: ['scheduled', 'notified'],
  cancel: ['scheduled', 'notified', 'on_site', 'drafting', 'remediating'],
  changeTeam: ['scheduled', 'notified', 'on_site', 'drafting'],
  signDocument: DOCUMENT_STAGES,
  uploadSignedDocument: DOCUMENT_STAGES,
  issueDocument: DOCUMENT_STAGES,
  withdrawDocument: DOCUMENT_STAGES,
  renderDocument: DOCUMENT_STAGES,
  recordConclusionText: ['on_site', 'drafting'],
  requestDocuments: REQUEST_STAGES,
  answerDocumentRequest: REQUEST_STAGES,
} as const satisfies Record<UpdateName, readonly Stage[]>;

/** What each update does, as a refusal names it ("Không thể <label> khi …"). */
export const UPDATE_LABELS: Record<UpdateName, string> = {
  recordReport: 'ghi nhận báo cáo phục vụ kiểm tra',
  attachReportForms: 'ghi nhận biểu mẫu số liệu kèm báo cáo',
  acknowledgeNotice: 'xác nhận đã nhận thông báo kiểm tra',
  recordOpeningMeeting: 'ghi nhận cuộc họp mở đầu',
  recordFinding: 'ghi nhận phát hiện',
  recordClosingMeeting: 'ghi nhận cuộc họp kết thúc',
  recordDossierSample: 'ghi nhận kết quả kiểm tra hồ sơ',
  issueDraftConclusion: 'gửi dự thảo kết luận',
  recordUnitResponse: 'ghi nhận ý kiến của đơn vị về dự thảo kết luận',
  signConclusion: 'ghi nhận kết luận đã ký',
  recordRemediationReport: 'ghi nhận báo cáo kết quả khắc phục',
  reschedule: 'điều chỉnh lịch kiểm tra',
  cancel: 'hủy cuộc kiểm tra',
  changeTeam: 'thay đổi thành viên Đoàn kiểm tra',
  signDocument: 'ký duyệt văn bản',
  uploadSignedDocument: 'tải lên bản ký số',
  issueDocument: 'ban hành văn bản',
  withdrawDocument: 'thu hồi văn bản',
  renderDocument: 'lập lại văn bản',
  recordConclusionText: 'ghi nhận nội dung kết luận',
  requestDocuments: 'yêu cầu đơn vị cung cấp tài liệu',
  answerDocumentRequest: 'ghi nhận tài liệu đơn vị cung cấp',
};

/**
 * When an update refused in `stage` becomes possible: the first later stage that accepts it, as a
 * person reads it; undefined when none comes later (the update's time has passed).
 */
export function acceptedLater(update: UpdateName, stage: Stage, stages: readonly Stage[], label: (s: Stage) => string): string | undefined {
  const at = stages.indexOf(stage);
  const next = stages.find((s, i) => i > at && s !== 'cancelled' && acceptsIn(UPDATE_STAGES[update], s));
  return next ? `việc này làm được khi cuộc kiểm tra đến giai đoạn "${label(next)}"` : undefined;
}

/** Whether an update is accepted in a stage. */
export function acceptsUpdate(stage: Stage, update: UpdateName): boolean {
  return acceptsIn(UPDATE_STAGES[update], stage);
}

/** The update definitions, shared by the workflow and the client; each returns the state after it. */
export type InspectionUpdates = DefinitionsOf<UpdateSchemas, InspectionState>;

export const updates: InspectionUpdates = defineUpdates<UpdateSchemas, InspectionState>(UPDATE_NAMES);

/** The `state` query. */
export const stateQuery = defineQuery<InspectionState>('state');

export { NOT_READY } from '../kit/refusal';

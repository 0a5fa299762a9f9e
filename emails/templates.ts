import { REPORT_FORMS, REPORT_ITEMS, SITUATION_ITEM } from '../domain/report-outline';
import { dateInText, formatDateNd30, type LocalDate } from '../domain/dates';
import { escapeHtml } from '../domain/html';
import { asSentence, spellOutFirstUbnd } from '../domain/vi-text';
import { LINK_ACTION_LABELS, type LinkAction } from '../domain/links';
import { citedDate, describeMember, leadAddressee, LEAD_TITLE, type SigningAuthority, type Team } from '../domain/team';
import type { CenterContact } from '../domain/validation';
import { EMAIL_LABELS, type EmailKind } from './kinds';
import { NOMINATION_EMAIL_FIELDS, nominationTemplates, type NominationEmailData } from './nomination-templates';
import { QUESTION_EMAIL_FIELDS, questionTemplates, type QuestionEmailData } from './question-templates';

/**
 * The emails' words, kept apart from the workflow logic. Each template returns a subject and blocks;
 * the same blocks render to plain text and to HTML, so the two parts never disagree.
 */

/** What a template may use. The workflow fills in what the kind needs. */
export interface EmailData {
  unitName: string;
  contacts: {
    coordinator: { name: string; email: string };
    /** The inspection team's lead (inspections only). */
    teamLead?: { name: string; email: string };
    center: CenterContact;
  };
  visit?: { start: LocalDate; end: LocalDate };
  periodReviewed?: { from: LocalDate; to: LocalDate };
  /** The deadline the email is about, with how it was counted. */
  deadline?: { date: LocalDate; rule: string; basis: string };
  reportBy?: LocalDate;
  recommendations?: { id: string; text: string; deadline: LocalDate }[];
  recommendationsDraft?: string[];
  meetingDate?: LocalDate;
  /** The signer, with their position and authority when the team names them. */
  conclusion?: { signer: string; signedOn: LocalDate; position?: string; authority?: SigningAuthority; signsFor?: string };
  /** The inspection's team, as the plan names it (inspections started from a plan since December 2026). */
  team?: Team;
  reason?: string;
  failed?: { kind: EmailKind; to: string[]; error: string };
  /** A task of the yearly plan (seed 004) and the plan's title. */
  task?: { id: string; content: string; product: string; plan: string };
  /** A reporting period (Điều 2.1 of the yearly plan) and its data cut-off. */
  period?: { label: string; from: LocalDate; to: LocalDate; plan: string };
  revision?: number;
  /** A partner department's nomination of members (./nomination-templates.ts). */
  nomination?: NominationEmailData;
  /**
   * The issued document an email carries (December 2026): its name, number and date, quoted by the
   * short cover text that replaces the body, the file attached. Also what a reminder to issue is about.
   */
  document?: { label: string; symbol?: string; issuedOn?: LocalDate; attached?: boolean };
  /** A request of the team for more documents (December 2026): what, by when, by whom. */
  documentRequest?: { id: string; items: string[]; dueBy: LocalDate; by: string };
  /** A unit's difficulty or question to the Center (./question-templates.ts). */
  question?: QuestionEmailData;
  /** The forms of II.2 the unit has not sent yet, by their names (the forms reminder, December 2026). */
  missingForms?: string[];
  /** The link generation of each action the unit can take from an email (raised by re-issuing). */
  linkGenerations?: Partial<Record<LinkAction, number>>;
}

/** A signed link to a page where the unit takes one action. */
export interface EmailLink {
  action: LinkAction;
  url: string;
}

type Block = { p: string } | { list: string[] } | { heading: string } | { link: EmailLink };

/** A rendered email. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const PLAN =
  'Kế hoạch kiểm tra công tác kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử năm 2026 của Ủy ban nhân dân thành phố Hải Phòng';
const FORMS = REPORT_FORMS.map((f) => f.label);
const OUTLINE = [
  'I. Đặc điểm tình hình: sơ lược công tác kiểm soát TTHC và thực hiện cơ chế một cửa, một cửa liên thông.',
  'II. Tình hình, kết quả thực hiện theo Mục 3 Chương VII Thông tư số 02/2017/TT-VPCP, bổ sung: TTHC đưa ra Trung tâm Phục vụ hành chính công; mức độ hài lòng; dịch vụ công trực tuyến toàn trình có phát sinh hồ sơ; hồ sơ tiếp nhận và thanh toán trực tuyến; TTHC không phụ thuộc địa giới hành chính; hồ sơ cập nhật trên Hệ thống thông tin giải quyết TTHC; số hóa và cấp kết quả điện tử; tái sử dụng dữ liệu; xử lý phản ánh, kiến nghị; xin lỗi khi trễ hạn; cắt giảm thành phần hồ sơ theo Nghị quyết số 66.7/2025/NQ-CP; kinh phí kiểm soát TTHC; trách nhiệm người đứng đầu.',
  `Các biểu mẫu số liệu (Phụ lục II Thông tư số 01/2020/TT-VPCP): ${FORMS.join(', ')}.`,
];

/** The visit in running text: "vào ngày 25/5/2026 (thứ Hai)" or "từ ngày 25/5/2026 (thứ Hai) đến ngày 26/5/2026 (thứ Ba)". */
function visitText(v: { start: LocalDate; end: LocalDate }): string {
  return v.start === v.end ? `vào ${dateInText(v.start)}` : `từ ${dateInText(v.start)} đến ${dateInText(v.end)}`;
}

/** A recommendation as a list item: "R1. Thực hiện …. Thời hạn: ngày 15/7/2026 (thứ Tư)." */
function recommendationItem(r: { id: string; text: string; deadline: LocalDate }): string {
  return `${r.id}. ${asSentence(r.text)} Thời hạn: ${dateInText(r.deadline)}.`;
}

/** The deadline's rule and basis, for the Office and the team only: a unit's email gives the date, not how it was counted. */
function deadlineBlock(d: EmailData): Block[] {
  return d.deadline ? [{ p: `Cách tính thời hạn: ${d.deadline.rule}. Căn cứ: ${d.deadline.basis}.` }] : [];
}

/** The team's composition, named, for the notices (inspections with a team only). */
function teamBlocks(d: EmailData): Block[] {
  const t = d.team;
  if (!t) return [];
  return [
    { p: 'Thành phần Đoàn kiểm tra:' },
    {
      list: [
        `Trưởng đoàn: ${[t.lead.name, t.lead.position].filter(Boolean).join(', ')}.`,
        ...t.deputies.map((x) => `Phó Trưởng đoàn: ${x.name}, ${x.position}.`),
        ...t.members.map((m) => `Thành viên: ${describeMember(m)}.`),
        `Thư ký: ${t.secretary.name}.`,
      ],
    },
  ];
}

/** Who signed a conclusion, in running text: "đồng chí Nguyễn Văn A, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn kiểm tra". */
function signedBy(c: NonNullable<EmailData['conclusion']>): string {
  if (c.authority) return `đồng chí ${c.signer}${c.position ? `, ${c.position}` : ''} (${c.authority} ${c.signsFor ?? LEAD_TITLE})`;
  if (c.position && !c.position.includes('Trưởng đoàn')) return `đồng chí ${c.signer}, ${c.position}, ${LEAD_TITLE}`;
  return `đồng chí ${c.signer}, ${c.position ?? LEAD_TITLE}`;
}

/** The fields each kind needs beyond the unit and the contacts. */
export const EMAIL_FIELDS = {
  notice: ['visit', 'periodReviewed', 'reportBy'],
  revised_notice: ['visit'],
  report_reminder: ['visit', 'reportBy'],
  report_overdue_escalation: ['visit', 'reportBy'],
  draft_conclusion: ['deadline'],
  response_reminder: ['deadline'],
  conclusion_reminder: ['visit', 'deadline'],
  conclusion_overdue_escalation: ['deadline'],
  conclusion: ['conclusion'],
  conclusion_notice: ['conclusion'],
  remediation_reminder: ['deadline', 'recommendations'],
  remediation_overdue_escalation: ['recommendations'],
  cancellation: [],
  delivery_failure_escalation: ['failed'],
  self_inspection_request: ['deadline'],
  self_inspection_reminder: ['deadline'],
  self_inspection_overdue_escalation: ['deadline'],
  task_reminder: ['deadline', 'task'],
  task_overdue_escalation: ['deadline', 'task'],
  periodic_report_request: ['deadline', 'period'],
  periodic_report_reminder: ['deadline', 'period'],
  periodic_report_overdue_escalation: ['deadline', 'period'],
  ...NOMINATION_EMAIL_FIELDS,
  document_issue_reminder: ['document', 'deadline'],
  document_issue_overdue_escalation: ['document', 'deadline'],
  document_request: ['documentRequest'],
  document_request_reminder: ['documentRequest'],
  document_request_overdue_escalation: ['documentRequest'],
  ...QUESTION_EMAIL_FIELDS,
  report_forms_reminder: ['missingForms'],
} as const satisfies Record<EmailKind, readonly (keyof EmailData)[]>;

/** The data of one kind of email: its fields are required. */
export type EmailDataFor<K extends EmailKind> = EmailData & Required<Pick<EmailData, (typeof EMAIL_FIELDS)[K][number]>>;

/** Data an email cannot be written from: a bug in the caller, never fixed by a retry. */
export class EmailDataError extends Error {
  constructor(kind: EmailKind, missing: string[]) {
    super(`email "${kind}" lacks ${missing.join(', ')}`);
    this.name = 'EmailDataError';
  }
}

/** Checks that data has every field its kind needs. */
export function checkEmailData<K extends EmailKind>(kind: K, data: EmailData): EmailDataFor<K> {
  const fields: readonly (keyof EmailData)[] = EMAIL_FIELDS[kind];
  const missing: string[] = fields.filter((f) => data[f] === undefined || data[f] === null);
  if (!data.unitName || !data.contacts) missing.unshift('unitName/contacts');
  if (missing.length) throw new EmailDataError(kind, missing);
  return data as EmailDataFor<K>;
}

const templates: { [K in EmailKind]: (d: EmailDataFor<K>) => { subject: string; blocks: Block[] } } = {
  notice: (d) => ({
    subject: `Thông báo lịch kiểm tra công tác kiểm soát TTHC năm 2026 tại ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Thực hiện ${PLAN}, Văn phòng Ủy ban nhân dân thành phố thông báo Đoàn kiểm tra của thành phố sẽ làm việc trực tiếp tại ${d.unitName} ${visitText(d.visit)}.`,
      },
      {
        p: `Thời kỳ kiểm tra: từ ngày ${formatDateNd30(d.periodReviewed.from)} đến thời điểm Đoàn kiểm tra đến làm việc (ngày ${formatDateNd30(d.periodReviewed.to)}).`,
      },
      {
        p: `Đề nghị ${d.unitName} xây dựng Báo cáo phục vụ kiểm tra theo đề cương tại Phụ lục I, gửi về ${d.contacts.center.name} (${d.contacts.center.address}; email ${d.contacts.center.email}) chậm nhất ${dateInText(d.reportBy)}, theo điểm a khoản 3 Mục V của Kế hoạch.`,
      },
      { heading: 'Đề cương báo cáo (Phụ lục I)' },
      { list: OUTLINE },
      {
        p: 'Thành phần làm việc: đại diện lãnh đạo cơ quan, đơn vị; lãnh đạo Trung tâm Phục vụ hành chính công cấp xã (nếu có); lãnh đạo các phòng chuyên môn có liên quan; công chức, viên chức phụ trách công tác kiểm soát TTHC.',
      },
      ...teamBlocks(d),
      { p: `Lịch làm việc được đính kèm dưới dạng tệp lịch (.ics) để ${d.unitName} thêm vào lịch công tác.` },
    ],
  }),
  revised_notice: (d) => ({
    subject: `Thông báo điều chỉnh lịch kiểm tra công tác kiểm soát TTHC tại ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Văn phòng Ủy ban nhân dân thành phố thông báo điều chỉnh lịch làm việc của Đoàn kiểm tra tại ${d.unitName}: Đoàn kiểm tra làm việc ${visitText(d.visit)}.${d.reason ? ` Lý do điều chỉnh: ${asSentence(d.reason)}` : ''} Thông báo này thay thế thông báo trước đó.`,
      },
      ...teamBlocks(d),
      ...(d.reportBy ? [{ p: `Hạn gửi Báo cáo phục vụ kiểm tra về ${d.contacts.center.name}: ${dateInText(d.reportBy)}.` }] : []),
      { p: 'Tệp lịch đính kèm cập nhật sự kiện đã gửi trước đó.' },
    ],
  }),
  report_reminder: (d) => ({
    subject: `Nhắc hạn gửi Báo cáo phục vụ kiểm tra: ${dateInText(d.reportBy)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `${d.contacts.center.name} chưa nhận được Báo cáo phục vụ kiểm tra của ${d.unitName}. Hạn gửi báo cáo là ${dateInText(d.reportBy)}; Đoàn kiểm tra làm việc ${visitText(d.visit)}.`,
      },
      {
        p: `Đề nghị gửi báo cáo theo đề cương tại Phụ lục I cùng các ${FORMS.join(', ')} về ${d.contacts.center.name} (${d.contacts.center.address}; email ${d.contacts.center.email}).`,
      },
    ],
  }),
  report_forms_reminder: (d) => ({
    subject: `Đề nghị gửi biểu mẫu số liệu còn thiếu kèm Báo cáo phục vụ kiểm tra của ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `${d.contacts.center.name} đã nhận Báo cáo phục vụ kiểm tra của ${d.unitName}, nhưng chưa nhận các biểu mẫu số liệu sau (Phụ lục II Thông tư số 01/2020/TT-VPCP):`,
      },
      { list: d.missingForms },
      {
        p: `Đề nghị ${d.unitName} gửi bổ sung các biểu mẫu trên${d.visit ? ` trước khi Đoàn kiểm tra làm việc ${visitText(d.visit)}` : ''} về ${d.contacts.center.name} (email ${d.contacts.center.email}).`,
      },
    ],
  }),
  report_overdue_escalation: (d) => ({
    subject: `[Quá hạn] ${d.unitName} chưa gửi Báo cáo phục vụ kiểm tra`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.reportBy)}, ${d.unitName} chưa gửi Báo cáo phục vụ kiểm tra. Đoàn kiểm tra dự kiến làm việc ${visitText(d.visit)}.`,
      },
      { p: 'Đề nghị đồng chí liên hệ đơn vị để đôn đốc hoặc xem xét điều chỉnh lịch kiểm tra.' },
    ],
  }),
  draft_conclusion: (d) => ({
    subject: `Dự thảo kết luận kiểm tra công tác kiểm soát TTHC tại ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      { p: `Đoàn kiểm tra gửi ${d.unitName} dự thảo kết luận kiểm tra với các kiến nghị sau:` },
      { list: d.recommendationsDraft?.length ? d.recommendationsDraft : ['(không có kiến nghị)'] },
      ...(d.meetingDate ? [{ p: `Cuộc họp thông báo dự thảo kết luận: ${dateInText(d.meetingDate)}.` }] : []),
      { p: `Đề nghị ${d.unitName} có ý kiến tiếp thu, giải trình gửi Đoàn kiểm tra chậm nhất ${dateInText(d.deadline.date)}.` },
    ],
  }),
  response_reminder: (d) => ({
    subject: `Nhắc hạn góp ý dự thảo kết luận kiểm tra: ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Đoàn kiểm tra chưa nhận được ý kiến tiếp thu, giải trình của ${d.unitName} về dự thảo kết luận kiểm tra. Hạn gửi ý kiến: ${dateInText(d.deadline.date)}.`,
      },
    ],
  }),
  conclusion_reminder: (d) => ({
    subject: `Nhắc hạn ban hành kết luận kiểm tra tại ${d.unitName}: ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${leadAddressee(d.team?.lead ?? d.contacts.teamLead ?? { name: 'Trưởng đoàn' })}.` },
      {
        p: `Đoàn kiểm tra làm việc tại ${d.unitName} ${visitText(d.visit)}; kết luận kiểm tra cần được ký ban hành chậm nhất ${dateInText(d.deadline.date)}.`,
      },
      ...deadlineBlock(d),
    ],
  }),
  conclusion_overdue_escalation: (d) => ({
    subject: `[Quá hạn] Kết luận kiểm tra tại ${d.unitName} chưa được ban hành`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      { p: `Hạn ban hành kết luận kiểm tra tại ${d.unitName} là ${dateInText(d.deadline.date)}; đến nay kết luận chưa được ký.` },
      ...deadlineBlock(d),
    ],
  }),
  conclusion: (d) => ({
    subject: `Kết luận kiểm tra công tác kiểm soát TTHC tại ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Văn phòng Ủy ban nhân dân thành phố thông báo kết luận kiểm tra do ${signedBy(d.conclusion)}, ký ${dateInText(d.conclusion.signedOn)}.`,
      },
      ...(d.recommendations?.length
        ? [
            { p: `Đề nghị ${d.unitName} tổ chức khắc phục và báo cáo kết quả theo các kiến nghị sau:` } as Block,
            { list: d.recommendations.map(recommendationItem) } as Block,
          ]
        : [{ p: 'Kết luận không có kiến nghị phải khắc phục.' } as Block]),
    ],
  }),
  conclusion_notice: (d) => ({
    subject: `Thông báo kết luận kiểm tra công tác kiểm soát TTHC tại ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Văn phòng Ủy ban nhân dân thành phố thông báo kết luận kiểm tra tại ${d.unitName} do ${signedBy(d.conclusion)} ký ${dateInText(d.conclusion.signedOn)}, để ${d.unitName} biết và thực hiện.`,
      },
    ],
  }),
  remediation_reminder: (d) => ({
    subject: `Nhắc hạn báo cáo kết quả khắc phục: ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      { p: 'Các kiến nghị sau trong kết luận kiểm tra chưa được báo cáo kết quả khắc phục:' },
      { list: (d.recommendations ?? []).map(recommendationItem) },
      { p: `Đề nghị ${d.unitName} gửi báo cáo kết quả khắc phục về ${d.contacts.center.name} (email ${d.contacts.center.email}).` },
    ],
  }),
  remediation_overdue_escalation: (d) => ({
    subject: `[Quá hạn] ${d.unitName} chưa báo cáo kết quả khắc phục`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      { p: `${d.unitName} chưa báo cáo kết quả khắc phục các kiến nghị đã quá hạn:` },
      { list: (d.recommendations ?? []).map(recommendationItem) },
    ],
  }),
  cancellation: (d) => ({
    subject: `Thông báo hủy lịch kiểm tra công tác kiểm soát TTHC tại ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Văn phòng Ủy ban nhân dân thành phố thông báo hủy lịch làm việc của Đoàn kiểm tra tại ${d.unitName}${d.visit ? `, dự kiến ${visitText(d.visit)}` : ''}.${d.reason ? ` Lý do: ${asSentence(d.reason)}` : ''}`,
      },
    ],
  }),
  delivery_failure_escalation: (d) => ({
    subject: `[Cần xử lý] Không gửi được email "${EMAIL_LABELS[d.failed.kind]}" tới ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Hệ thống không gửi được email "${EMAIL_LABELS[d.failed.kind]}" tới ${d.failed.to.join(', ')}: máy chủ thư từ chối vĩnh viễn (${d.failed.error}).`,
      },
      { p: 'Đề nghị đồng chí kiểm tra địa chỉ email của đơn vị và liên hệ trực tiếp để bảo đảm đơn vị nhận được nội dung.' },
    ],
  }),
  self_inspection_request: (d) => ({
    subject: `Đề nghị tự kiểm tra công tác kiểm soát TTHC năm 2026, gửi báo cáo chậm nhất ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Thực hiện khoản 4 Mục V của ${PLAN}, các cơ quan, đơn vị, địa phương không thuộc phạm vi kiểm tra trực tiếp tổ chức tự kiểm tra công tác kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và giải quyết thủ tục hành chính trên môi trường điện tử. Đề nghị ${d.unitName} tự kiểm tra và gửi báo cáo kết quả về Ủy ban nhân dân thành phố (qua ${d.contacts.center.name}, email ${d.contacts.center.email}) chậm nhất ${dateInText(d.deadline.date)}.`,
      },
      { p: `Báo cáo theo Đề cương tại Phụ lục I của Kế hoạch: ${SITUATION_ITEM.label}; II. Tình hình, kết quả thực hiện, gồm:` },
      { list: REPORT_ITEMS.map((i) => i.label) },
      { p: `Kèm theo các biểu mẫu số liệu tại Phụ lục II Thông tư số 01/2020/TT-VPCP: ${REPORT_FORMS.map((f) => f.label).join('; ')}.` },
    ],
  }),
  self_inspection_reminder: (d) => ({
    subject: `Nhắc hạn gửi báo cáo tự kiểm tra công tác kiểm soát TTHC năm 2026: ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Theo khoản 4 Mục V của ${PLAN}, cơ quan, đơn vị không thuộc phạm vi kiểm tra tự kiểm tra và gửi báo cáo đến Ủy ban nhân dân thành phố (qua ${d.contacts.center.name}, email ${d.contacts.center.email}). Đề nghị ${d.unitName} gửi báo cáo tự kiểm tra chậm nhất ${dateInText(d.deadline.date)}.`,
      },
    ],
  }),
  self_inspection_overdue_escalation: (d) => ({
    subject: `[Quá hạn] ${d.unitName} chưa gửi báo cáo tự kiểm tra`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.deadline.date)}, ${d.unitName} chưa gửi báo cáo tự kiểm tra công tác kiểm soát TTHC năm 2026 theo khoản 4 Mục V của Kế hoạch.`,
      },
      { p: 'Đề nghị đồng chí liên hệ đơn vị để đôn đốc.' },
    ],
  }),
  task_reminder: (d) => ({
    subject: `Nhắc thời hạn nhiệm vụ ${d.task.id} của Kế hoạch kiểm soát TTHC: ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      { p: `Theo ${d.task.plan}, ${d.unitName} chủ trì nhiệm vụ ${d.task.id}: ${d.task.content}` },
      { p: `Thời hạn hoàn thành: ${dateInText(d.deadline.date)}. Sản phẩm dự kiến: ${d.task.product}` },
      {
        p: `Đề nghị ${d.unitName} hoàn thành đúng hạn và báo cáo kết quả (số, ngày văn bản) về ${d.contacts.coordinator.name} (email ${d.contacts.coordinator.email}).`,
      },
    ],
  }),
  task_overdue_escalation: (d) => ({
    subject: `[Quá hạn] Nhiệm vụ ${d.task.id} của Kế hoạch kiểm soát TTHC chưa hoàn thành`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Nhiệm vụ ${d.task.id} (${d.task.content}) do ${d.unitName} chủ trì có thời hạn ${dateInText(d.deadline.date)}; đến nay chưa được báo cáo hoàn thành.`,
      },
      { p: 'Đề nghị đồng chí đôn đốc cơ quan chủ trì, hoặc trình gia hạn nếu có lý do chính đáng (lệnh kiemtra tasks extend).' },
    ],
  }),
  periodic_report_request: (d) => ({
    subject: `Đề nghị báo cáo kết quả kiểm soát TTHC ${d.period.label}: hạn ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Thực hiện khoản 1 Điều 2 của ${d.period.plan}, đề nghị ${d.unitName} báo cáo tình hình, kết quả thực hiện nhiệm vụ, chỉ tiêu được giao ${d.period.label}.`,
      },
      {
        p: `Thời gian lấy số liệu: từ ngày ${formatDateNd30(d.period.from)} đến ngày ${formatDateNd30(d.period.to)} (Điều 12 Nghị định số 09/2019/NĐ-CP).`,
      },
      {
        p: `Báo cáo gồm các chỉ tiêu năm 2026 (mức độ hài lòng, hồ sơ tiếp nhận, xử lý, thanh toán trực tuyến, số hóa, tái sử dụng dữ liệu…), gửi về ${d.contacts.coordinator.name} (email ${d.contacts.coordinator.email}) chậm nhất ${dateInText(d.deadline.date)}.`,
      },
    ],
  }),
  periodic_report_reminder: (d) => ({
    subject: `Nhắc hạn báo cáo kết quả kiểm soát TTHC ${d.period.label}: ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `${d.contacts.coordinator.name} chưa nhận được báo cáo ${d.period.label} của ${d.unitName} (số liệu từ ngày ${formatDateNd30(d.period.from)} đến ngày ${formatDateNd30(d.period.to)}). Hạn gửi báo cáo: ${dateInText(d.deadline.date)}.`,
      },
    ],
  }),
  periodic_report_overdue_escalation: (d) => ({
    subject: `[Quá hạn] ${d.unitName} chưa gửi báo cáo kiểm soát TTHC ${d.period.label}`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.deadline.date)}, ${d.unitName} chưa gửi báo cáo ${d.period.label} (số liệu từ ngày ${formatDateNd30(d.period.from)} đến ngày ${formatDateNd30(d.period.to)}).`,
      },
      { p: 'Đề nghị đồng chí đôn đốc đơn vị; đơn vị không báo cáo sẽ được nêu trong báo cáo tổng hợp của kỳ.' },
    ],
  }),
  ...nominationTemplates,
  document_issue_reminder: (d) => ({
    subject: `Nhắc ban hành ${d.document.label} gửi ${d.unitName}, hạn ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `${d.document.label} gửi ${d.unitName} chưa được ký, cấp số và ban hành. Văn bản phải được gửi đơn vị chậm nhất ${dateInText(d.deadline.date)}; hệ thống chỉ gửi văn bản sau khi văn bản được ban hành (kiemtra documents issue).`,
      },
      ...deadlineBlock(d),
    ],
  }),
  document_issue_overdue_escalation: (d) => ({
    subject: `[Quá hạn] ${d.document.label} gửi ${d.unitName} chưa được ban hành`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.deadline.date)}, ${d.document.label} gửi ${d.unitName} chưa được ban hành nên chưa gửi được cho đơn vị. Đề nghị đồng chí chỉ đạo ký, cấp số và ban hành ngay, hoặc điều chỉnh lịch kiểm tra.`,
      },
      ...deadlineBlock(d),
    ],
  }),
  document_request: (d) => ({
    subject: `Đề nghị cung cấp tài liệu phục vụ kiểm tra (yêu cầu ${d.documentRequest.id}), hạn ${dateInText(d.documentRequest.dueBy)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Theo điểm b khoản 3 Mục V của ${PLAN}, Đoàn kiểm tra đề nghị ${d.unitName} cung cấp các thông tin, tài liệu, số liệu sau (yêu cầu ${d.documentRequest.id}, do ${d.documentRequest.by} đề nghị):`,
      },
      { list: d.documentRequest.items },
      { p: `Thời hạn cung cấp: chậm nhất ${dateInText(d.documentRequest.dueBy)}.` },
      {
        p: `${d.unitName} chịu trách nhiệm về tính chính xác, trung thực của thông tin, tài liệu đã cung cấp. Tài liệu gửi về ${d.contacts.center.name} (email ${d.contacts.center.email}).`,
      },
    ],
  }),
  document_request_reminder: (d) => ({
    subject: `Nhắc hạn cung cấp tài liệu phục vụ kiểm tra (yêu cầu ${d.documentRequest.id}): ${dateInText(d.documentRequest.dueBy)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Đoàn kiểm tra chưa nhận được các tài liệu đã đề nghị ${d.unitName} cung cấp (yêu cầu ${d.documentRequest.id}); hạn cung cấp là ${dateInText(d.documentRequest.dueBy)}:`,
      },
      { list: d.documentRequest.items },
    ],
  }),
  document_request_overdue_escalation: (d) => ({
    subject: `[Quá hạn] ${d.unitName} chưa cung cấp tài liệu theo yêu cầu ${d.documentRequest.id} của Đoàn kiểm tra`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.documentRequest.dueBy)}, ${d.unitName} chưa cung cấp các tài liệu Đoàn kiểm tra đề nghị (yêu cầu ${d.documentRequest.id}, do ${d.documentRequest.by} đề nghị):`,
      },
      { list: d.documentRequest.items },
      { p: 'Đề nghị đồng chí liên hệ đơn vị để đôn đốc; việc không cung cấp tài liệu được ghi nhận trong kết quả kiểm tra.' },
    ],
  }),
  ...questionTemplates,
};

/**
 * The short cover text of an email that carries an issued document: who sends what, its number
 * and its date, the file attached. Replaces the template's body; the subject stays the template's.
 */
function coverBlocks(d: EmailData & { document: NonNullable<EmailData['document']> }): Block[] {
  const doc = d.document;
  const numbered = doc.symbol ? ` số ${doc.symbol}` : '';
  const dated = doc.issuedOn ? ` ngày ${citedDate(doc.issuedOn)}` : '';
  return [
    { p: `Kính gửi: ${d.unitName}.` },
    { p: `Văn phòng UBND thành phố gửi ${d.unitName} ${doc.label}${numbered}${dated} (tệp đính kèm).` },
    { p: `Đề nghị ${d.unitName} nghiên cứu và thực hiện theo nội dung văn bản.` },
  ];
}

/** The kinds whose body is the cover text when they carry an issued document. */
const COVERED: readonly EmailKind[] = ['notice', 'revised_notice', 'draft_conclusion', 'conclusion', 'conclusion_notice'];

/** The last line of every email; `question` is the unit's link to raise a difficulty (emails to a unit, links configured). */
function signature(d: EmailData, question?: EmailLink): Block[] {
  const c = d.contacts.center;
  return [
    { p: 'Trân trọng.' },
    {
      p: `VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG. Liên hệ: ${d.contacts.coordinator.name} (${d.contacts.coordinator.email}); ${c.name}, ${c.address}${c.phone ? `, điện thoại ${c.phone}` : ''}, email ${c.email}.`,
    },
    ...(question
      ? [
          {
            p: `Thư này được gửi tự động từ hệ thống theo dõi kiểm tra; vui lòng không trả lời trực tiếp thư này. Nếu có khó khăn, vướng mắc hoặc cần hỏi về nội dung thư, ${d.unitName} phản ánh qua ${c.name} tại đường dẫn dưới đây; Trung tâm trả lời qua email.`,
          } as Block,
          { link: question } as Block,
        ]
      : [{ p: 'Thư này được gửi tự động từ hệ thống theo dõi kiểm tra; vui lòng không trả lời trực tiếp thư này.' } as Block]),
  ];
}

/** The blocks with "Ủy ban nhân dân" spelled out at its first mention. */
function spellOutBlocks(blocks: Block[]): Block[] {
  const texts = blocks.flatMap((b) => ('p' in b ? [b.p] : 'heading' in b ? [b.heading] : 'list' in b ? b.list : []));
  const out = spellOutFirstUbnd(texts);
  let i = 0;
  return blocks.map((b) =>
    'p' in b ? { p: out[i++]! } : 'heading' in b ? { heading: out[i++]! } : 'list' in b ? { list: b.list.map(() => out[i++]!) } : b,
  );
}

/** Header values on one line: CR/LF can never reach a header. */
export const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();

/** Renders an email of a kind. */
export function renderEmail<K extends EmailKind>(kind: K, data: EmailData, links: readonly EmailLink[] = []): RenderedEmail {
  const template: (d: EmailDataFor<K>) => { subject: string; blocks: Block[] } = templates[kind];
  const rendered = template(checkEmailData(kind, data));
  const subject = rendered.subject;
  const doc = COVERED.includes(kind) ? data.document : undefined;
  // The issued file attached: the cover text. Not attached (no renderer): the full text, with the number quoted.
  const blocks = doc?.attached
    ? coverBlocks({ ...data, document: doc })
    : doc?.symbol
      ? [
          rendered.blocks[0]!,
          { p: `${doc.label} số ${doc.symbol}${doc.issuedOn ? ` ngày ${citedDate(doc.issuedOn)}` : ''}.` },
          ...rendered.blocks.slice(1),
        ]
      : rendered.blocks;
  const actions = links.filter((l) => l.action !== 'question');
  const linkBlocks: Block[] = actions.length
    ? [
        { p: `${data.unitName} có thể thực hiện trực tuyến qua đường dẫn riêng dưới đây (không chuyển tiếp cho người ngoài đơn vị):` },
        ...actions.map((l) => ({ link: l })),
      ]
    : [];
  const all = spellOutBlocks([
    ...blocks,
    ...linkBlocks,
    ...signature(
      data,
      links.find((l) => l.action === 'question'),
    ),
  ]);
  const text = all
    .map((b) =>
      'p' in b
        ? b.p
        : 'heading' in b
          ? b.heading.toUpperCase()
          : 'link' in b
            ? `${LINK_ACTION_LABELS[b.link.action]}: ${b.link.url}`
            : b.list.map((i) => `  - ${i}`).join('\n'),
    )
    .join('\n\n');
  const body = all
    .map((b) =>
      'p' in b
        ? `<p>${escapeHtml(b.p)}</p>`
        : 'heading' in b
          ? `<h3>${escapeHtml(b.heading)}</h3>`
          : 'link' in b
            ? `<p><a href="${escapeHtml(b.link.url)}">${escapeHtml(LINK_ACTION_LABELS[b.link.action])}</a></p>`
            : `<ul>${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(subject))}</title></head>\n<body style="font-family: 'Times New Roman', serif; font-size: 14pt; line-height: 1.4">\n${body}\n</body></html>\n`;
  return { subject: oneLine(spellOutFirstUbnd([subject])[0]!), text: `${text}\n`, html };
}

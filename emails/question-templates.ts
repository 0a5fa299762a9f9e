import { dateInText, type LocalDate } from '../domain/dates';

/**
 * The emails of a unit's difficulty or question to the Public Administration Service Center (the
 * plan's last paragraph): the Center told that a question arrived, reminded before the answer is
 * due, the coordinator told once it has passed, and the answer sent to the unit. Kept apart from
 * ./templates.ts, which spreads these kinds, labels, fields and templates into its own tables.
 */

/** The kinds, in the order ./kinds.ts lists them. */
export const QUESTION_EMAIL_KINDS = ['question_received', 'question_reminder', 'question_overdue_escalation', 'question_answer'] as const;
export type QuestionEmailKind = (typeof QUESTION_EMAIL_KINDS)[number];

/** Short Vietnamese names, for activity summaries and listings. */
export const QUESTION_EMAIL_LABELS: Record<QuestionEmailKind, string> = {
  question_received: 'Báo Trung tâm có phản ánh mới của đơn vị',
  question_reminder: 'Nhắc Trung tâm trả lời phản ánh',
  question_overdue_escalation: 'Phản ánh chưa được trả lời: báo điều phối viên',
  question_answer: 'Gửi đơn vị trả lời phản ánh',
};

/** What a question's email says beyond the unit and the contacts (`unitName` is the unit that asked). */
export interface QuestionEmailData {
  /** `PA-2026-K7Q3XW`. */
  number: string;
  /** The process the unit asked from, in Vietnamese ("Cuộc kiểm tra"). */
  origin: string;
  askedBy: string;
  receivedOn: LocalDate;
  text: string;
  /** How many files the unit attached (kept by the page server; `kiemtra questions show` lists them). */
  files: number;
  /** The CLI command the Center answers with. */
  command: string;
  answer?: { text: string; by: string };
}

/** The fields each kind needs beyond the unit and the contacts. */
export const QUESTION_EMAIL_FIELDS = {
  question_received: ['deadline', 'question'],
  question_reminder: ['deadline', 'question'],
  question_overdue_escalation: ['deadline', 'question'],
  question_answer: ['question'],
} as const;

type Block = { p: string } | { list: string[] };
interface Data {
  unitName: string;
  contacts: { coordinator: { name: string; email: string }; center: { name: string; email: string } };
  deadline: { date: LocalDate; rule: string; basis: string };
  question: QuestionEmailData;
}

/** Unit or Center text, one paragraph per line it has. */
const paragraphs = (text: string): Block[] =>
  text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((p) => ({ p }));

/** What the unit wrote, quoted. */
const asked = (d: Pick<Data, 'unitName' | 'question'>): Block[] => [
  {
    p: `Nội dung phản ánh của ${d.unitName} (người gửi: ${d.question.askedBy}; nhận ${dateInText(d.question.receivedOn)}; từ: ${d.question.origin}${d.question.files ? `; kèm ${d.question.files} tệp` : ''}):`,
  },
  ...paragraphs(d.question.text),
];

/** The templates, in the shape ./templates.ts renders. */
export const questionTemplates = {
  question_received: (d: Data) => ({
    subject: `Phản ánh ${d.question.number} của ${d.unitName}: đề nghị trả lời trước ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.center.name}.` },
      {
        p: `${d.unitName} gửi khó khăn, vướng mắc qua hệ thống theo dõi kiểm tra, để Trung tâm tổng hợp, báo cáo cấp có thẩm quyền xem xét, giải quyết theo Kế hoạch. Số phản ánh: ${d.question.number}.`,
      },
      ...asked(d),
      {
        p: `Đề nghị Trung tâm trả lời chậm nhất ${dateInText(d.deadline.date)} bằng lệnh: ${d.question.command}; nội dung trả lời được gửi cho đơn vị qua email.`,
      },
    ] satisfies Block[],
  }),
  question_reminder: (d: Data) => ({
    subject: `Nhắc trả lời phản ánh ${d.question.number} của ${d.unitName}, hạn ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.center.name}.` },
      { p: `Phản ánh ${d.question.number} của ${d.unitName} chưa được trả lời; hạn trả lời ${dateInText(d.deadline.date)}.` },
      ...asked(d),
      { p: `Trả lời bằng lệnh: ${d.question.command}` },
    ] satisfies Block[],
  }),
  question_overdue_escalation: (d: Data) => ({
    subject: `[Quá hạn] Phản ánh ${d.question.number} của ${d.unitName} chưa được trả lời`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.deadline.date)}, ${d.contacts.center.name} chưa trả lời phản ánh ${d.question.number} của ${d.unitName}.`,
      },
      ...asked(d),
      { p: `Đề nghị đồng chí đôn đốc Trung tâm hoặc trả lời bằng lệnh: ${d.question.command}` },
    ] satisfies Block[],
  }),
  question_answer: (d: Omit<Data, 'deadline'>) => ({
    subject: `Trả lời phản ánh ${d.question.number} của ${d.unitName}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      { p: `${d.contacts.center.name} trả lời phản ánh số ${d.question.number} của ${d.unitName} như sau:` },
      ...paragraphs(d.question.answer?.text ?? ''),
      { p: `Người trả lời: ${d.question.answer?.by ?? ''}.` },
      ...asked(d),
    ] satisfies Block[],
  }),
};

/** A sample of the data, for the preview and the templates' tests. */
export const SAMPLE_QUESTION: QuestionEmailData = {
  number: 'PA-2026-K7Q3XW',
  origin: 'Cuộc kiểm tra',
  askedBy: 'Trần Thị Bình, Phó Chánh Văn phòng Sở',
  receivedOn: '2026-05-12',
  text: 'Biểu số II.06a/VPCP/KSTT tính hồ sơ tiếp nhận trực tuyến theo ngày nhận hay ngày trả kết quả?',
  files: 1,
  command: 'npx kiemtra questions answer PA-2026-K7Q3XW --text "…"',
  answer: { text: 'Tính theo ngày tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC.', by: 'Nguyễn Văn An' },
};

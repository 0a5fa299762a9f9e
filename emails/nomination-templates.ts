import { dateInText, type LocalDate } from '../domain/dates';
import { describeMember } from '../domain/team';

/**
 * The emails of the partner departments' nominations (Mục V.2.a of the plan): the request, the
 * reminder, the escalation to the coordinator when the deadline passes, and the acknowledgement
 * listing the members and the inspections they joined. Kept apart from ./templates.ts, which
 * spreads these kinds, labels, fields and templates into its own tables.
 */

/** The kinds, in the order ./kinds.ts lists them. */
export const NOMINATION_EMAIL_KINDS = [
  'nomination_request',
  'nomination_reminder',
  'nomination_overdue_escalation',
  'nomination_received',
] as const;
export type NominationEmailKind = (typeof NOMINATION_EMAIL_KINDS)[number];

/** Short Vietnamese names, for activity summaries and listings. */
export const NOMINATION_EMAIL_LABELS: Record<NominationEmailKind, string> = {
  nomination_request: 'Đề nghị cử thành viên Đoàn kiểm tra',
  nomination_reminder: 'Nhắc hạn cử thành viên Đoàn kiểm tra',
  nomination_overdue_escalation: 'Chưa cử thành viên Đoàn: báo điều phối viên',
  nomination_received: 'Xác nhận thành viên được cử tham gia Đoàn',
};

/** What a nomination email says beyond the department and the contacts (`unitName` is the department). */
export interface NominationEmailData {
  /** The round's title, from the plan. */
  roundTitle: string;
  /** How many members are asked for. */
  seats: number;
  firstVisit: LocalDate;
  /** The CLI command the coordinator records the answer with. */
  command: string;
  members?: { name: string; position: string; organisation: string; email: string }[];
  /** The inspections the members joined (units' names). */
  joined?: string[];
}

/** The fields each kind needs beyond the unit and the contacts. */
export const NOMINATION_EMAIL_FIELDS = {
  nomination_request: ['deadline', 'nomination'],
  nomination_reminder: ['deadline', 'nomination'],
  nomination_overdue_escalation: ['deadline', 'nomination'],
  nomination_received: ['nomination'],
} as const;

type Block = { p: string } | { list: string[] };
interface Data {
  unitName: string;
  contacts: { coordinator: { name: string; email: string } };
  deadline: { date: LocalDate; rule: string; basis: string };
  nomination: NominationEmailData;
}

const ANSWER = (d: Data) =>
  `Đề nghị ${d.unitName} gửi danh sách (họ và tên, chức vụ, cơ quan công tác, địa chỉ thư điện tử của từng người) về ${d.contacts.coordinator.name} (email ${d.contacts.coordinator.email}) chậm nhất ${dateInText(d.deadline.date)}.`;

/** The templates, in the shape ./templates.ts renders. */
export const nominationTemplates = {
  nomination_request: (d: Data) => ({
    subject: `Đề nghị cử thành viên tham gia Đoàn kiểm tra công tác kiểm soát TTHC, hạn ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Thực hiện điểm a khoản 2 Mục V của Kế hoạch ${d.nomination.roundTitle}, Văn phòng Ủy ban nhân dân thành phố đề nghị ${d.unitName} cử ${d.nomination.seats} lãnh đạo hoặc chuyên viên tham gia Đoàn kiểm tra của thành phố. Đoàn bắt đầu làm việc từ ${dateInText(d.nomination.firstVisit)}.`,
      },
      { p: ANSWER(d) },
    ] satisfies Block[],
  }),
  nomination_reminder: (d: Data) => ({
    subject: `Nhắc hạn cử thành viên tham gia Đoàn kiểm tra, hạn ${dateInText(d.deadline.date)}`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      {
        p: `Văn phòng Ủy ban nhân dân thành phố chưa nhận được danh sách ${d.nomination.seats} thành viên ${d.unitName} cử tham gia Đoàn kiểm tra theo Kế hoạch ${d.nomination.roundTitle}.`,
      },
      { p: ANSWER(d) },
    ] satisfies Block[],
  }),
  nomination_overdue_escalation: (d: Data) => ({
    subject: `[Quá hạn] ${d.unitName} chưa cử thành viên tham gia Đoàn kiểm tra`,
    blocks: [
      { p: `Kính gửi: ${d.contacts.coordinator.name}.` },
      {
        p: `Đến hết ${dateInText(d.deadline.date)}, ${d.unitName} chưa cử thành viên tham gia Đoàn kiểm tra (đề nghị cử ${d.nomination.seats} người). Đoàn bắt đầu làm việc từ ${dateInText(d.nomination.firstVisit)}.`,
      },
      { p: `Đề nghị đồng chí liên hệ cơ quan để đôn đốc; khi nhận được danh sách, ghi nhận bằng lệnh: ${d.nomination.command}` },
    ] satisfies Block[],
  }),
  nomination_received: (d: Omit<Data, 'deadline'>) => ({
    subject: `Xác nhận thành viên ${d.unitName} cử tham gia Đoàn kiểm tra`,
    blocks: [
      { p: `Kính gửi: ${d.unitName}.` },
      { p: `Văn phòng Ủy ban nhân dân thành phố đã ghi nhận các thành viên ${d.unitName} cử tham gia Đoàn kiểm tra:` },
      { list: (d.nomination.members ?? []).map((m) => `${describeMember(m)} (${m.email}).`) },
      ...(d.nomination.joined?.length
        ? [{ p: `Các thành viên được bổ sung vào Đoàn kiểm tra làm việc tại: ${d.nomination.joined.join('; ')}.` }]
        : []),
    ] satisfies Block[],
  }),
};

/** A sample of the data, for the preview and the templates' tests. */
export const SAMPLE_NOMINATION: NominationEmailData = {
  roundTitle: 'kiểm tra công tác kiểm soát TTHC năm 2026',
  seats: 1,
  firstVisit: '2026-05-25',
  command: 'npx kiemtra nominations record haiphong-2026 "Sở Nội vụ" --member "Họ và tên|Chức vụ|Sở Nội vụ|email@haiphong.example"',
  members: [{ name: 'Vũ Thị Giang', position: 'Chuyên viên', organisation: 'Sở Nội vụ', email: 'giang@haiphong.example' }],
  joined: ['Sở Tài chính', 'Sở Y tế'],
};

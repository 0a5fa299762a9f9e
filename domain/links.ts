import { addDays, type LocalDate } from './dates';

/**
 * Signed links: each email that asks a unit for something carries a link to a page for that one
 * action. The link names the workflow, the action and the unit, expires, and carries a generation
 * that re-issuing a link raises (so an older link stops working). Signing is in ./link-token.ts,
 * apart, so workflow code (which uses these names) never loads a crypto module.
 */

/**
 * What a unit can do from a link. `question` (a difficulty or a question to the Center) is at the
 * foot of every email to a unit, whatever its process; the others ask for one step of it. `forms`
 * (December 2026, issue 23): the forms of II.2 the unit sends after its report.
 */
export const LINK_ACTIONS = ['ack', 'report', 'response', 'remediation', 'self', 'periodic', 'documents', 'forms', 'question'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/** Vietnamese names of the actions, for emails and pages. */
export const LINK_ACTION_LABELS: Record<LinkAction, string> = {
  ack: 'Xác nhận đã nhận thông báo kiểm tra',
  report: 'Gửi báo cáo phục vụ kiểm tra',
  response: 'Góp ý dự thảo kết luận kiểm tra',
  remediation: 'Báo cáo kết quả khắc phục',
  self: 'Gửi báo cáo tự kiểm tra',
  periodic: 'Gửi báo cáo định kỳ',
  documents: 'Cung cấp tài liệu Đoàn kiểm tra yêu cầu',
  question: 'Phản ánh khó khăn, vướng mắc, đặt câu hỏi',
  forms: 'Gửi biểu mẫu số liệu kèm báo cáo',
};

/** The actions that are one step of a process (each re-issued on its own with `kiemtra link`). */
export type StepAction = Exclude<LinkAction, 'question'>;

/** Days a question link stays valid after the email, at least (longer when the email's deadline is later). */
export const QUESTION_LINK_DAYS = 90;

/** What a link says. Short names keep links short. */
export interface LinkClaims {
  /** Version of the format. */
  v: 1;
  /** Workflow id. */
  w: string;
  a: LinkAction;
  /** The unit's name. */
  u: string;
  /** Last valid day (Hải Phòng time), YYYY-MM-DD. */
  exp: LocalDate;
  /** Generation: re-issuing a link for the same workflow and action raises it. */
  g: number;
}

/** Days a link stays valid after the deadline of its action. */
export const LINK_DAYS_AFTER_DEADLINE = 30;

/** The last day a link for an action due on `deadline` is valid. */
export function linkExpiry(deadline: LocalDate): LocalDate {
  return addDays(deadline, LINK_DAYS_AFTER_DEADLINE);
}

/** The page address of a token under the page server's public address. */
export function linkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/l/${token}`;
}

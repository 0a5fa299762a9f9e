import { NOMINATION_EMAIL_KINDS, NOMINATION_EMAIL_LABELS } from './nomination-templates';
import { QUESTION_EMAIL_KINDS, QUESTION_EMAIL_LABELS } from './question-templates';

/** Every email the workflows send. */
export const EMAIL_KINDS = [
  'notice',
  'revised_notice',
  'report_reminder',
  'report_overdue_escalation',
  'draft_conclusion',
  'response_reminder',
  'conclusion_reminder',
  'conclusion_overdue_escalation',
  'conclusion',
  'conclusion_notice',
  'remediation_reminder',
  'remediation_overdue_escalation',
  'cancellation',
  'delivery_failure_escalation',
  'self_inspection_request',
  'self_inspection_reminder',
  'self_inspection_overdue_escalation',
  'task_reminder',
  'task_overdue_escalation',
  'periodic_report_request',
  'periodic_report_reminder',
  'periodic_report_overdue_escalation',
  ...NOMINATION_EMAIL_KINDS,
  'document_issue_reminder',
  'document_issue_overdue_escalation',
  'document_request',
  'document_request_reminder',
  'document_request_overdue_escalation',
  ...QUESTION_EMAIL_KINDS,
  'report_forms_reminder',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** Short Vietnamese names, for activity summaries and listings. */
export const EMAIL_LABELS: Record<EmailKind, string> = {
  notice: 'Gửi thông báo lịch kiểm tra',
  revised_notice: 'Gửi thông báo điều chỉnh lịch kiểm tra',
  report_reminder: 'Nhắc hạn nộp báo cáo',
  report_overdue_escalation: 'Báo cáo quá hạn: báo điều phối viên',
  draft_conclusion: 'Gửi dự thảo kết luận',
  response_reminder: 'Nhắc hạn góp ý dự thảo kết luận',
  conclusion_reminder: 'Nhắc hạn ban hành kết luận',
  conclusion_overdue_escalation: 'Kết luận quá hạn: báo điều phối viên',
  conclusion: 'Gửi kết luận kiểm tra',
  conclusion_notice: 'Gửi thông báo kết luận kiểm tra',
  remediation_reminder: 'Nhắc hạn khắc phục',
  remediation_overdue_escalation: 'Khắc phục quá hạn: báo điều phối viên',
  cancellation: 'Gửi thông báo hủy lịch kiểm tra',
  delivery_failure_escalation: 'Không gửi được email: báo điều phối viên',
  self_inspection_request: 'Đề nghị tự kiểm tra và gửi báo cáo',
  self_inspection_reminder: 'Nhắc hạn báo cáo tự kiểm tra',
  self_inspection_overdue_escalation: 'Báo cáo tự kiểm tra quá hạn: báo điều phối viên',
  task_reminder: 'Nhắc thời hạn nhiệm vụ của Kế hoạch',
  task_overdue_escalation: 'Nhiệm vụ quá hạn: báo điều phối viên',
  periodic_report_request: 'Đề nghị báo cáo định kỳ',
  periodic_report_reminder: 'Nhắc hạn báo cáo định kỳ',
  periodic_report_overdue_escalation: 'Báo cáo định kỳ quá hạn: báo điều phối viên',
  ...NOMINATION_EMAIL_LABELS,
  document_issue_reminder: 'Nhắc ban hành văn bản',
  document_issue_overdue_escalation: 'Văn bản chưa ban hành: báo điều phối viên',
  document_request: 'Yêu cầu đơn vị cung cấp tài liệu',
  document_request_reminder: 'Nhắc hạn cung cấp tài liệu',
  document_request_overdue_escalation: 'Tài liệu quá hạn chưa cung cấp: báo điều phối viên',
  ...QUESTION_EMAIL_LABELS,
  report_forms_reminder: 'Nhắc gửi biểu mẫu số liệu còn thiếu',
};

/** Failure types of the email activity, shared with workflows (which must not import nodemailer). */
export const EMAIL_FAILURE = { permanent: 'PermanentEmailFailure', temporary: 'TemporaryEmailFailure' } as const;

import type { SendEmailInput } from './request';
import { EMAIL_KINDS, type EmailKind } from './kinds';
import type { EmailData } from './templates';
import { SAMPLE_NOMINATION } from './nomination-templates';
import { SAMPLE_QUESTION } from './question-templates';

/** A sample inspection (Sở Tài chính, 25–26/05/2026) that fills every field a template may use. */
export const SAMPLE_DATA: EmailData = {
  unitName: 'Sở Tài chính',
  contacts: {
    coordinator: { name: 'Phòng Kiểm soát TTHC, Văn phòng UBND thành phố', email: 'kstthc@haiphong.example' },
    teamLead: { name: 'Phó Chánh Văn phòng UBND thành phố', email: 'truongdoan@haiphong.example' },
    center: {
      name: 'Trung tâm Phục vụ hành chính công thành phố',
      address: 'Khu Hành chính - Chính trị thành phố Hải Phòng',
      email: 'tthc@haiphong.example',
      phone: '0225 000 0000',
    },
  },
  visit: { start: '2026-05-25', end: '2026-05-26' },
  periodReviewed: { from: '2025-10-01', to: '2026-05-25' },
  reportBy: '2026-05-22',
  deadline: {
    date: '2026-05-22',
    rule: 'trước ít nhất 02 ngày kể từ ngày Đoàn kiểm tra đến làm việc',
    basis: 'điểm a khoản 3 Mục V của Kế hoạch kiểm tra năm 2026',
  },
  recommendations: [
    { id: 'R1', text: 'Thực hiện xin lỗi người dân đối với hồ sơ giải quyết quá hạn.', deadline: '2026-07-15' },
    { id: 'R2', text: 'Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt chỉ tiêu 80%.', deadline: '2026-09-30' },
  ],
  recommendationsDraft: ['Thực hiện xin lỗi người dân đối với hồ sơ giải quyết quá hạn.'],
  meetingDate: '2026-06-05',
  conclusion: { signer: 'Nguyễn Văn A', signedOn: '2026-06-12' },
  reason: 'Đoàn kiểm tra điều chỉnh kế hoạch công tác',
  failed: { kind: 'notice', to: ['sotaichinh@haiphong.example'], error: '550 5.1.1 Mailbox unavailable' },
  revision: 0,
  documentRequest: {
    id: 'Y1',
    items: ['Sổ theo dõi hồ sơ TTHC tháng 10/2026', 'Văn bản xin lỗi đối với hồ sơ giải quyết quá hạn'],
    dueBy: '2026-05-28',
    by: 'Phạm Thị Dung',
  },
  missingForms: ['Biểu số II.05a/VPCP/KSTT', 'Biểu số II.08/VPCP/KSTT'],
  nomination: SAMPLE_NOMINATION,
  question: SAMPLE_QUESTION,
  period: {
    label: 'tháng 11/2026',
    from: '2026-10-15',
    to: '2026-11-14',
    plan: 'Kế hoạch kiểm soát TTHC năm 2026 của UBND thành phố Hải Phòng',
  },
  task: {
    id: 'I.2',
    content: 'Xây dựng, trình Ủy ban nhân dân thành phố ban hành Quy định chế độ báo cáo về công tác kiểm soát TTHC',
    product: 'Quyết định của Ủy ban nhân dân thành phố.',
    plan: 'Kế hoạch kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông năm 2026 trên địa bàn thành phố Hải Phòng',
  },
};

/** The document a reminder to issue is about (the emails that carry one quote its number and date). */
export const SAMPLE_DOCUMENT: NonNullable<EmailData['document']> = {
  label: 'Thông báo lịch làm việc của Đoàn kiểm tra',
  symbol: '08/TB-VP',
  issuedOn: '2026-05-13',
};

const INVITES: Partial<Record<EmailKind, 'REQUEST' | 'CANCEL'>> = { notice: 'REQUEST', revised_notice: 'REQUEST', cancellation: 'CANCEL' };

/** A sample request of a kind, as the workflow would make it. */
export function sampleRequest(kind: EmailKind): SendEmailInput {
  const method = INVITES[kind];
  const toCoordinator = kind.endsWith('_escalation');
  return {
    workflowId: 'inspection-2026-so-tai-chinh',
    kind,
    sequence: 1,
    to: [
      toCoordinator
        ? SAMPLE_DATA.contacts.coordinator.email
        : kind === 'conclusion_reminder'
          ? SAMPLE_DATA.contacts.teamLead!.email
          : 'sotaichinh@haiphong.example',
    ],
    data: kind.startsWith('document_') ? { ...SAMPLE_DATA, document: SAMPLE_DOCUMENT } : SAMPLE_DATA,
    ...(method
      ? {
          invite: {
            uid: 'inspection-2026-so-tai-chinh@kiemtra',
            sequence: kind === 'notice' ? 0 : 1,
            method,
            start: '2026-05-25',
            end: '2026-05-26',
            summary: 'Đoàn kiểm tra công tác kiểm soát TTHC làm việc tại Sở Tài chính',
            location: 'Sở Tài chính',
            description: 'Kiểm tra công tác kiểm soát TTHC năm 2026.',
          },
        }
      : {}),
  };
}

export { EMAIL_KINDS };

import { esc, page } from './pages';

/**
 * The page a unit reads when Temporal does not answer in time (the worker is down or restarting,
 * the server unreachable): status 503, what happened, and for a submitted form that sending it
 * again is safe: the form's submission id is its Workflow Update id (web/actions.ts), so a form
 * that did get through is recorded once however often it is sent.
 */

/** The status of the page. */
export const UNAVAILABLE_STATUS = 503;

/** How long a browser or a proxy should wait before trying again, in seconds (Retry-After). */
export const RETRY_AFTER_SECONDS = 30;

/** The page; `submission` for a posted form. */
export function unavailablePage(submission: boolean): string {
  const message = submission
    ? 'Hệ thống tạm thời chưa xử lý được biểu mẫu (máy chủ nghiệp vụ đang khởi động lại hoặc tạm dừng). Đề nghị chờ ít phút rồi gửi lại: quay lại trang trước và bấm Gửi, hoặc tải lại trang này. Gửi lại là an toàn: mỗi biểu mẫu chỉ được ghi nhận một lần, dù gửi nhiều lần.'
    : 'Hệ thống tạm thời chưa trả lời được (máy chủ nghiệp vụ đang khởi động lại hoặc tạm dừng). Đề nghị thử lại sau ít phút; đường dẫn trong email vẫn dùng được.';
  return page('Hệ thống tạm thời gián đoạn', `<section class="error" role="alert"><p>${esc(message)}</p></section>`);
}

/**
 * The outline of the unit's Báo cáo phục vụ kiểm tra (seed 000, Phụ lục I), as data: its parts, the
 * items of II.1 and the forms of II.2 (Phụ lục II of Thông tư 01/2020/TT-VPCP). One source for the
 * ids and labels the report form, the findings, the conclusion and the reports to the Chairman use.
 * Pure.
 */

/** Part I of the outline: the unit's situation. */
export const SITUATION_ITEM = { id: 'situation', label: 'I. Đặc điểm tình hình' } as const;

/** The items of II.1 (Mục 3 Chương VII Thông tư 02/2017/TT-VPCP and the plan's additions), in order. */
export const REPORT_ITEMS = [
  {
    id: 'centerProcedures',
    label:
      'Thủ tục hành chính được đưa ra thực hiện tại Trung tâm Phục vụ hành chính công (trừ thủ tục quy định tại khoản 3 Điều 14 Nghị định số 118/2025/NĐ-CP)',
  },
  { id: 'satisfaction', label: 'Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính' },
  {
    id: 'fullOnlineServices',
    label: 'Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia có phát sinh hồ sơ',
  },
  { id: 'onlineReceivedAndPaid', label: 'Hồ sơ tiếp nhận trực tuyến; hồ sơ được thanh toán trực tuyến' },
  { id: 'boundaryFree', label: 'Thủ tục hành chính không phụ thuộc vào địa giới hành chính trong phạm vi thành phố' },
  {
    id: 'handledOnSystem',
    label: 'Hồ sơ được cập nhật, xử lý trên Hệ thống thông tin giải quyết thủ tục hành chính của thành phố hoặc của Bộ, ngành',
  },
  { id: 'digitisation', label: 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; cấp kết quả điện tử' },
  { id: 'dataReuse', label: 'Khai thác, tái sử dụng thông tin, dữ liệu đã được số hóa; kết nối, chia sẻ dữ liệu giữa các hệ thống' },
  { id: 'complaints', label: 'Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp' },
  { id: 'apologies', label: 'Xin lỗi cá nhân, tổ chức khi hồ sơ giải quyết trễ hạn hoặc cán bộ, công chức, viên chức vi phạm' },
  { id: 'dossierCuts', label: 'Rà soát, kiến nghị cắt giảm thành phần hồ sơ, giấy tờ theo Nghị quyết số 66.7/2025/NQ-CP' },
  { id: 'budget', label: 'Bố trí kinh phí thực hiện hoạt động kiểm soát thủ tục hành chính' },
  { id: 'headResponsibility', label: 'Thực hiện trách nhiệm người đứng đầu' },
  { id: 'other', label: 'Các nội dung khác có liên quan' },
] as const;

/** An item of II.1. */
export type ReportItemId = (typeof REPORT_ITEMS)[number]['id'];

/** The forms of II.2 a unit attaches to its report (Phụ lục II, Thông tư 01/2020/TT-VPCP). */
export const REPORT_FORMS = [
  { id: 'II.04', label: 'Biểu số II.04/VPCP/KSTT' },
  { id: 'II.05a', label: 'Biểu số II.05a/VPCP/KSTT' },
  { id: 'II.06a', label: 'Biểu số II.06a/VPCP/KSTT' },
  { id: 'II.08', label: 'Biểu số II.08/VPCP/KSTT' },
] as const;

/** A form of II.2. */
export type ReportFormId = (typeof REPORT_FORMS)[number]['id'];

/** Anything of the outline a finding may concern: part I, an item of II.1 or a form of II.2. */
export type OutlinePlace = typeof SITUATION_ITEM.id | ReportItemId | ReportFormId;

/** Every place of the outline, in order. */
export const OUTLINE_PLACES: readonly { id: OutlinePlace; label: string }[] = [SITUATION_ITEM, ...REPORT_ITEMS, ...REPORT_FORMS];

/** A place's label; an unknown id (from an older history) is shown as it is. */
export function outlineLabel(id: string): string {
  return OUTLINE_PLACES.find((p) => p.id === id)?.label ?? id;
}

import type { ChainDefect } from '../../domain/records';
import { displayLine } from '../../domain/safe-text';

/** A defect `verify` found, in one Vietnamese line (ids through the safe printer). */
export function describeDefect(d: ChainDefect): string {
  const wf = d.workflowId ? displayLine(d.workflowId) : '(không đọc được)';
  switch (d.kind) {
    case 'entry-altered':
      return `Mục ${d.seq} của danh sách hồ sơ (${wf}) đã bị sửa hoặc hỏng: mã băm của mục không khớp.`;
    case 'seq-gap':
      return `Thiếu mục ngay trước mục ${d.seq} (${wf}): số thứ tự không liên tục, có mục đã bị xóa.`;
    case 'chain-broken':
      return `Mục ${d.seq} (${wf}) không nối với mục trước nó: có mục đã bị xóa, chèn hoặc sửa.`;
    case 'record-missing':
      return `Hồ sơ của ${wf} (mục ${d.seq}) đã bị xóa khỏi kho.`;
    case 'record-altered':
      return `Hồ sơ của ${wf} (mục ${d.seq}) đã bị sửa: mã băm không khớp với danh sách.`;
    case 'record-unlisted':
      return `Hồ sơ của ${wf} có trong kho nhưng không có trong danh sách: mục của nó đã bị xóa.`;
  }
}

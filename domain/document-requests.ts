import { dateInText, formatDateVi, type LocalDate } from './dates';
import type { FileRef } from './validation';

/**
 * The team's requests to a unit for more documents (Mục V.3.b of the 2026 inspection plan: the unit
 * "cung cấp kịp thời, đầy đủ các thông tin, tài liệu, số liệu … theo yêu cầu của Đoàn kiểm tra"):
 * what is asked, by when, by whom, and the unit's answer with its files. Pure: the inspection
 * workflow, the CLI and the units' page all read these rules.
 */

/** One request and, once the unit has answered, its answer. */
export interface DocumentRequest {
  /** `Y1`, `Y2`…, in the order asked. */
  id: string;
  /** What is asked, one document or figure a line. */
  items: string[];
  /** The last day for the unit to provide them. */
  dueBy: LocalDate;
  /** Who asked (a member of the team, or the coordinator). */
  by: string;
  /** When it was asked (ISO instant). */
  at: string;
  /** The day it was asked (Hải Phòng time). */
  askedOn: LocalDate;
  answer?: {
    receivedOn: LocalDate;
    note?: string;
    files: FileRef[];
    by: string;
    at: string;
  };
}

/** Where a request stands. */
export type RequestStatus = 'open' | 'overdue' | 'answered';

/** What each status is called. */
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'Đang chờ đơn vị cung cấp',
  overdue: 'Quá hạn, đơn vị chưa cung cấp',
  answered: 'Đơn vị đã cung cấp',
};

/** At most this many requests open at once in one inspection. */
export const MAX_OPEN_REQUESTS = 20;

/** The working days before its date at which the unit is reminded of an open request. */
export const REQUEST_REMINDER_WORKING_DAYS = 1;

/** The status of a request on `today`: overdue from the day after its date. */
export function requestStatus(r: DocumentRequest, today: LocalDate): RequestStatus {
  if (r.answer) return 'answered';
  return today > r.dueBy ? 'overdue' : 'open';
}

/** The id of the next request: one more than the number asked so far. */
export function nextRequestId(requests: readonly DocumentRequest[]): string {
  return `Y${requests.length + 1}`;
}

/** The requests not yet answered. */
export function openRequests(requests: readonly DocumentRequest[] | undefined): DocumentRequest[] {
  return (requests ?? []).filter((r) => !r.answer);
}

/** A request's items in running text: "a; b; c". */
export function requestItemsText(r: Pick<DocumentRequest, 'items'>): string {
  return r.items.join('; ');
}

/** A request in one line, for history and listings: "Y1: a; b (hạn 10/12/2026)". */
export function describeRequest(r: Pick<DocumentRequest, 'id' | 'items' | 'dueBy'>): string {
  return `${r.id}: ${requestItemsText(r)} (hạn: ${formatDateVi(r.dueBy)})`;
}

/**
 * Why a new request cannot be asked, or undefined: items empty or repeated, a date before today,
 * the same items already asked and still open, too many open.
 */
export function requestRefusal(
  requests: readonly DocumentRequest[] | undefined,
  ask: { items: readonly string[]; dueBy: LocalDate },
  today: LocalDate,
): string | undefined {
  const items = ask.items.map((i) => i.trim()).filter(Boolean);
  if (items.length === 0) return 'Cần nêu ít nhất một tài liệu, số liệu đề nghị đơn vị cung cấp';
  const seen = new Set<string>();
  for (const i of items) {
    const key = i.toLocaleLowerCase('vi');
    if (seen.has(key)) return `Tài liệu "${i}" được nêu hai lần trong cùng một yêu cầu`;
    seen.add(key);
  }
  if (ask.dueBy < today) return `Hạn cung cấp tài liệu ${formatDateVi(ask.dueBy)} đã qua`;
  const open = openRequests(requests);
  const same = open.find(
    (r) => r.items.length === items.length && r.items.every((x, n) => x.toLocaleLowerCase('vi') === items[n]!.toLocaleLowerCase('vi')),
  );
  if (same) return `Yêu cầu ${same.id} với cùng nội dung đang chờ đơn vị cung cấp (hạn cung cấp ${dateInText(same.dueBy)})`;
  if (open.length >= MAX_OPEN_REQUESTS)
    return `Đang có ${open.length} yêu cầu chưa được trả lời (tối đa ${MAX_OPEN_REQUESTS}); đề nghị chờ đơn vị trả lời bớt`;
  return undefined;
}

/** Why an answer cannot be recorded, or undefined: no such request, already answered, nothing in it. */
export function answerRefusal(
  requests: readonly DocumentRequest[] | undefined,
  answer: { id: string; note?: string; files?: readonly FileRef[] },
): string | undefined {
  const r = (requests ?? []).find((x) => x.id === answer.id);
  if (!r) {
    const open = openRequests(requests).map((x) => x.id);
    return `Không có yêu cầu cung cấp tài liệu ${answer.id}${open.length ? `; các yêu cầu đang chờ: ${open.join(', ')}` : ''}`;
  }
  if (r.answer) return `Yêu cầu ${r.id} đã được đơn vị trả lời ${dateInText(r.answer.receivedOn)}`;
  if (!answer.note?.trim() && !answer.files?.length) return `Trả lời yêu cầu ${r.id} cần kèm tệp tài liệu hoặc ghi chú của đơn vị`;
  return undefined;
}

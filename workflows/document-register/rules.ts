import { formatDate, localDateOf, yearOf, type LocalDate } from '../../domain/dates';
import {
  DOCUMENT_TYPES,
  documentSymbol,
  ISSUING_BODIES,
  nextSerial,
  parseDocumentNumber,
  seriesOf,
  type ParsedNumber,
} from '../../domain/document-register';
import type { Origin } from '../kit/origin';
import { refuse } from '../kit/refusal';
import type { RegisterConfig, RegisterEntry, RegisterState, RegisterUpdatePayloads } from './contract';

/**
 * The register's rules, pure functions of its state: the next number of a series, a number
 * recorded by hand checked against those used, a withdrawal. The workflow wires them to the kit's
 * update table; the checks refuse (in the validator, so a refusal leaves no event in history).
 */

/** What a check reads. */
export interface RegisterCheckContext {
  state: RegisterState;
  /** Today in Vietnam. */
  today: LocalDate;
  /** The id of the update being checked. */
  updateId?: string;
}

/** What an apply works with. */
export interface RegisterApplyContext extends RegisterCheckContext {
  now: number;
  via?: Origin;
}

/** The state of a run: the carried entries of the year. */
export function initialRegisterState(workflowId: string, config: RegisterConfig): RegisterState {
  return {
    workflowId,
    body: config.body,
    year: config.year,
    ownSeries: [...config.ownSeries],
    entries: config.entries.map((e) => ({ ...e })),
    generation: config.generation,
  };
}

/** The entry a request (update id) already made, if any: its retry gets it back. */
export function entryOfRequest(state: RegisterState, requestId: string | undefined): RegisterEntry | undefined {
  return requestId === undefined ? undefined : state.entries.find((e) => e.requestId === requestId);
}

/** The entry holding a number of a series. */
export function entryOf(state: RegisterState, series: string, number: number): RegisterEntry | undefined {
  return state.entries.find((e) => e.series === series && e.number === number);
}

/** A date as 08/05/2026. */
const vnDate = (d: LocalDate) => formatDate(d);

const bodyName = (state: RegisterState) => `${ISSUING_BODIES[state.body].name} (${state.body})`;

/** A register takes the numbers of its own year only. */
function checkYear(state: RegisterState, date: LocalDate, what: string): void {
  if (yearOf(date) !== state.year)
    refuse(
      `Sổ đăng ký văn bản đi năm ${state.year} của ${bodyName(state)} không nhận ${what} ngày ${vnDate(date)}: số văn bản tính theo từng năm`,
      `date ${date} outside register year ${state.year}`,
    );
}

/**
 * The most a register's entries may weigh as JSON (UTF-8): they travel in the input of the next run
 * at each continue-as-new, and Temporal refuses a payload over 2 MB. About 2 500 entries with
 * subjects of 200 characters.
 */
export const MAX_REGISTER_BYTES = 1_500_000;

/** The UTF-8 length of a text. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** What the register's entries weigh as JSON. */
export function registerBytes(state: RegisterState): number {
  return state.entries.reduce((n, e) => n + utf8Length(JSON.stringify(e)) + 1, 2);
}

/** Refuses a new entry once the register is full (a room of 4 KB for the entry itself). */
function checkRoom(state: RegisterState): void {
  if (registerBytes(state) + 4096 > MAX_REGISTER_BYTES)
    refuse(
      `Sổ đăng ký văn bản đi năm ${state.year} của ${bodyName(state)} đã đạt giới hạn lưu trữ của một sổ (${state.entries.length} số); đề nghị quản trị hệ thống chia sổ trước khi cấp thêm số`,
      `register over ${MAX_REGISTER_BYTES} bytes`,
    );
}

/** An allocation is for today, in the register's year, in a register with room for it. */
export function checkAllocate(c: RegisterCheckContext): void {
  if (entryOfRequest(c.state, c.updateId)) return;
  checkYear(c.state, c.today, 'văn bản');
  checkRoom(c.state);
}

/** Allocates the next number of the type's series (or returns the one this request already got). */
export function applyAllocate(a: RegisterApplyContext, p: RegisterUpdatePayloads['allocate']): RegisterEntry {
  const again = entryOfRequest(a.state, a.updateId);
  if (again) return again;
  const series = seriesOf(p.type, a.state.ownSeries);
  const number = nextSerial(a.state.entries, series);
  return add(a, { number, series, type: p.type, subject: p.subject, by: p.by, signer: p.signer, issuedOn: a.today, source: 'allocated' });
}

/** A number recorded by hand, read against the register (its body, the type given). */
export function parsedNumber(state: RegisterState, given: string, type?: RegisterEntry['type']): ParsedNumber {
  const r = parseDocumentNumber(given, { body: state.body, ...(type ? { type } : {}) });
  if (!r.ok) refuse(`Không ghi được số vào sổ: ${r.message}`, `bad number ${JSON.stringify(given)}`);
  return r.value;
}

/** A number from the Office's own system: well formed, of this register, in its year, not used yet. */
export function checkRecord(c: RegisterCheckContext, p: RegisterUpdatePayloads['record']): void {
  if (entryOfRequest(c.state, c.updateId)) return;
  const n = parsedNumber(c.state, p.number, p.type);
  const issuedOn = p.issuedOn ?? c.today;
  checkYear(c.state, issuedOn, 'văn bản');
  if (issuedOn > c.today)
    refuse(`Ngày ban hành ${vnDate(issuedOn)} chưa tới: chỉ ghi vào sổ văn bản đã ban hành`, `issuedOn ${issuedOn} in the future`);
  checkRoom(c.state);
  const held = entryOf(c.state, seriesOf(n.type, c.state.ownSeries), n.number);
  if (held)
    refuse(
      `Số ${n.symbol} đã được sử dụng trong sổ năm ${c.state.year}: ${held.symbol} ngày ${vnDate(held.issuedOn)}, ${DOCUMENT_TYPES[held.type].name.toLowerCase()} "${held.subject}"${held.status === 'withdrawn' ? ' (đã thu hồi, số không được dùng lại)' : ''}`,
      `number ${n.number} of series ${held.series} already used`,
    );
}

/** Enters a recorded number (or returns the entry this request already made). */
export function applyRecord(a: RegisterApplyContext, p: RegisterUpdatePayloads['record']): RegisterEntry {
  const again = entryOfRequest(a.state, a.updateId);
  if (again) return again;
  const n = parsedNumber(a.state, p.number, p.type);
  return add(a, {
    number: n.number,
    series: seriesOf(n.type, a.state.ownSeries),
    type: n.type,
    subject: p.subject,
    by: p.by,
    signer: p.signer,
    issuedOn: p.issuedOn ?? a.today,
    source: 'recorded',
  });
}

/** The entry a withdrawal names: it must be in the register and not withdrawn already. */
export function withdrawnEntry(state: RegisterState, given: string): RegisterEntry {
  const n = parsedNumber(state, given);
  const e = entryOf(state, seriesOf(n.type, state.ownSeries), n.number);
  if (!e || e.type !== n.type)
    refuse(
      `Số ${n.symbol} không có trong sổ đăng ký văn bản đi năm ${state.year} của ${bodyName(state)}`,
      `number ${n.symbol} not in register`,
    );
  return e;
}

/** A withdrawal names an entry not withdrawn yet. */
export function checkWithdraw(c: RegisterCheckContext, p: RegisterUpdatePayloads['withdraw']): void {
  const e = withdrawnEntry(c.state, p.number);
  if (e.status === 'withdrawn' && !(c.updateId !== undefined && e.withdrawal?.requestId === c.updateId))
    refuse(
      `Văn bản số ${e.symbol} đã được thu hồi ngày ${vnDate(localDateOf(Date.parse(e.withdrawal!.at)))}: số vẫn giữ trong sổ, không thu hồi lần nữa`,
      `already withdrawn`,
    );
}

/** Marks the entry withdrawn; its number stays used. */
export function applyWithdraw(a: RegisterApplyContext, p: RegisterUpdatePayloads['withdraw']): RegisterEntry {
  const e = withdrawnEntry(a.state, p.number);
  if (e.status === 'withdrawn') return e;
  e.status = 'withdrawn';
  e.withdrawal = {
    reason: p.reason,
    by: p.by,
    at: new Date(a.now).toISOString(),
    ...(a.updateId !== undefined ? { requestId: a.updateId } : {}),
    ...(a.via ? { via: a.via } : {}),
  };
  return e;
}

function add(
  a: RegisterApplyContext,
  e: Pick<RegisterEntry, 'number' | 'series' | 'type' | 'subject' | 'by' | 'issuedOn' | 'source'> & { signer?: string },
): RegisterEntry {
  const { signer, ...rest } = e;
  const entry: RegisterEntry = {
    ...rest,
    symbol: documentSymbol(e.number, e.type, a.state.body),
    ...(signer !== undefined ? { signer } : {}),
    status: 'issued',
    at: new Date(a.now).toISOString(),
    ...(a.updateId !== undefined ? { requestId: a.updateId } : {}),
    ...(a.via ? { via: a.via } : {}),
  };
  a.state.entries.push(entry);
  return entry;
}

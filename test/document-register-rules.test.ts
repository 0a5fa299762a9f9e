import { describe, expect, it } from 'vitest';
import type { ApplicationFailure } from '@temporalio/common';
import {
  COMMON_SERIES,
  documentSymbol,
  documentTypeOf,
  formatSerial,
  issuingBodyOf,
  nextSerial,
  numberLine,
  parseDocumentNumber,
  seriesOf,
} from '../domain/document-register';
import { completeRegisterInput, registerStartOptions, type RegisterState } from '../workflows/document-register/contract';
import {
  applyAllocate,
  applyRecord,
  applyWithdraw,
  checkAllocate,
  checkRecord,
  checkWithdraw,
  initialRegisterState,
  MAX_REGISTER_BYTES,
  registerBytes,
  utf8Length,
} from '../workflows/document-register/rules';
import { entryLine, registerLines } from '../client/cli/commands/register';
import { isResendable } from '../client/register';
import { WorkflowUpdateFailedError } from '@temporalio/client';

/** The register's pure rules: symbols, series, the next number, numbers typed by hand, the checks. */
describe('numbers and symbols (Nghị định 30/2020)', () => {
  it('writes numbers with two digits at least and the type and body abbreviations', () => {
    expect(formatSerial(1)).toBe('01');
    expect(formatSerial(123)).toBe('123');
    expect(documentSymbol(8, 'TB', 'VP')).toBe('08/TB-VP');
    expect(documentSymbol(12, 'QĐ', 'UBND')).toBe('12/QĐ-UBND');
    expect(documentSymbol(3, 'BB', 'ĐKT')).toBe('03/BB-ĐKT');
    expect(documentSymbol(5, 'KL', 'ĐKT')).toBe('05/KL-ĐKT');
    expect(documentSymbol(2, 'BC', 'VP')).toBe('02/BC-VP');
    expect(documentSymbol(15, 'CV', 'VP')).toBe('15/VP');
    expect(numberLine(8, 'TB', 'VP')).toBe('Số: 08/TB-VP');
  });

  it('reads types and bodies as people type them', () => {
    expect(documentTypeOf('QD')).toBe('QĐ');
    expect(documentTypeOf('qđ')).toBe('QĐ');
    expect(documentTypeOf('ttr')).toBe('TTr');
    expect(documentTypeOf('XX')).toBeUndefined();
    expect(issuingBodyOf('DKT')).toBe('ĐKT');
    expect(issuingBodyOf('vp')).toBe('VP');
  });

  it('numbers each series from 01, one after the highest used, shared unless a type has its own', () => {
    expect(seriesOf('TB', [])).toBe(COMMON_SERIES);
    expect(seriesOf('QĐ', ['QĐ'])).toBe('QĐ');
    expect(nextSerial([], COMMON_SERIES)).toBe(1);
    const used = [
      { series: COMMON_SERIES, number: 1 },
      { series: COMMON_SERIES, number: 7 },
      { series: 'QĐ', number: 20 },
    ];
    expect(nextSerial(used, COMMON_SERIES)).toBe(8);
    expect(nextSerial(used, 'QĐ')).toBe(21);
  });

  it('parses a number recorded by hand, normalised, and says in Vietnamese what is wrong', () => {
    expect(parseDocumentNumber('Số: 8/TB-VP', { body: 'VP' })).toEqual({
      ok: true,
      value: { number: 8, type: 'TB', body: 'VP', symbol: '08/TB-VP' },
    });
    expect(parseDocumentNumber('12/QD-UBND', { body: 'UBND', type: 'QĐ' })).toMatchObject({ ok: true, value: { symbol: '12/QĐ-UBND' } });
    expect(parseDocumentNumber('15/VP', { body: 'VP' })).toMatchObject({ ok: true, value: { type: 'CV', symbol: '15/VP' } });
    const message = (given: string, expect: Parameters<typeof parseDocumentNumber>[1]) => {
      const r = parseDocumentNumber(given, expect);
      return r.ok ? undefined : r.message;
    };
    expect(message('TB-VP', { body: 'VP' })).toBe('số văn bản "TB-VP" không đúng dạng; cần dạng số/ký hiệu, ví dụ 08/TB-VP');
    expect(message('00/TB-VP', { body: 'VP' })).toBe('số văn bản bắt đầu từ 01, không có số 00');
    expect(message('08/TB-UBND', { body: 'VP' })).toBe(
      'số "08/TB-UBND" là của Ủy ban nhân dân thành phố Hải Phòng (UBND), không thuộc sổ của Văn phòng Ủy ban nhân dân thành phố Hải Phòng (VP)',
    );
    expect(message('08/TB-VP', { body: 'VP', type: 'BC' })).toBe('số "08/TB-VP" là số của thông báo, không phải báo cáo');
    expect(message('08/XY-VP', { body: 'VP' })).toMatch(/^loại văn bản "XY" không có trong sổ; dùng một trong: QĐ \(Quyết định\)/);
    expect(message('12/2026/QĐ-UBND', { body: 'UBND' })).toMatch(/có năm ban hành/);
  });
});

describe('the register rules', () => {
  const state = (own: ('QĐ' | 'TB')[] = []): RegisterState =>
    initialRegisterState('register-2026-vp', completeRegisterInput({ body: 'VP', year: 2026, ownSeries: own }));
  const now = Date.parse('2026-05-08T03:00:00Z');
  const by = 'Văn thư';
  const ctx = (s: RegisterState, updateId?: string) => ({ state: s, today: '2026-05-08', now, updateId });
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      return (err as ApplicationFailure).message;
    }
    return undefined;
  };

  it('allocates consecutive numbers, returns the same entry to a retried request, and keeps a type with its own series apart', () => {
    const s = state(['QĐ']);
    const a = applyAllocate(ctx(s, 'u1'), { type: 'TB', subject: 'Lịch làm việc', by: 'Văn thư' });
    const b = applyAllocate(ctx(s, 'u2'), { type: 'BC', subject: 'Kết quả kiểm tra', by: 'Văn thư' });
    const q = applyAllocate(ctx(s, 'u3'), { type: 'QĐ', subject: 'Thành lập Đoàn', by: 'Văn thư' });
    expect([a.symbol, b.symbol, q.symbol]).toEqual(['01/TB-VP', '02/BC-VP', '01/QĐ-VP']);
    expect(a).toMatchObject({ issuedOn: '2026-05-08', status: 'issued', source: 'allocated', requestId: 'u1' });
    expect(applyAllocate(ctx(s, 'u1'), { type: 'TB', subject: 'Lịch làm việc', by: 'Văn thư' })).toBe(a);
    expect(s.entries).toHaveLength(3);
  });

  it('refuses an allocation outside the register year', () => {
    expect(refusal(() => checkAllocate({ ...ctx(state()), today: '2027-01-02' }))).toBe(
      'Sổ đăng ký văn bản đi năm 2026 của Văn phòng Ủy ban nhân dân thành phố Hải Phòng (VP) không nhận văn bản ngày 02/01/2027: số văn bản tính theo từng năm (date 2027-01-02 outside register year 2026)',
    );
  });

  it('records a number of the Office, refuses one already used (withdrawn included), and allocates after the highest', () => {
    const s = state();
    const p = { number: '05/TB-VP', type: 'TB' as const, subject: 'Lịch làm việc', by: 'Văn thư', issuedOn: '2026-05-07' };
    expect(refusal(() => checkRecord(ctx(s, 'r1'), p))).toBeUndefined();
    applyRecord(ctx(s, 'r1'), p);
    expect(refusal(() => checkRecord(ctx(s, 'r2'), { ...p, number: '5/BC-VP', type: 'BC' }))).toBe(
      'Số 05/BC-VP đã được sử dụng trong sổ năm 2026: 05/TB-VP ngày 07/05/2026, thông báo "Lịch làm việc" (number 5 of series chung already used)',
    );
    expect(refusal(() => checkRecord(ctx(s, 'r1'), p))).toBeUndefined();
    expect(refusal(() => checkRecord(ctx(s, 'r3'), { ...p, number: '06/TB-VP', issuedOn: '2026-05-09' }))).toMatch(
      /^Ngày ban hành 09\/05\/2026 chưa tới/,
    );
    expect(refusal(() => checkRecord(ctx(s, 'r4'), { ...p, number: '06/TB-VP', type: 'KL' }))).toMatch(
      /^Không ghi được số vào sổ: số "06\/TB-VP" là số của thông báo, không phải kết luận/,
    );
    expect(applyAllocate(ctx(s, 'u1'), { type: 'KL', subject: 'Kết luận', by: 'Văn thư' }).symbol).toBe('06/KL-VP');

    expect(refusal(() => checkWithdraw(ctx(s, 'w1'), { number: '07/TB-VP', reason: 'Sai', by: 'Văn thư' }))).toMatch(
      /^Số 07\/TB-VP không có trong sổ đăng ký văn bản đi năm 2026/,
    );
    expect(refusal(() => checkWithdraw(ctx(s, 'w1'), { number: '05/TB-VP', reason: 'Sai lịch', by: 'Văn thư' }))).toBeUndefined();
    const w = applyWithdraw(ctx(s, 'w1'), { number: '05/TB-VP', reason: 'Sai lịch', by: 'Văn thư' });
    expect(w).toMatchObject({
      symbol: '05/TB-VP',
      status: 'withdrawn',
      withdrawal: { reason: 'Sai lịch', by: 'Văn thư', requestId: 'w1' },
    });
    expect(refusal(() => checkWithdraw(ctx(s, 'w1'), { number: '05/TB-VP', reason: 'Sai lịch', by: 'Văn thư' }))).toBeUndefined();
    expect(refusal(() => checkWithdraw(ctx(s, 'w2'), { number: '05/TB-VP', reason: 'Lần nữa', by: 'Văn thư' }))).toMatch(
      /^Văn bản số 05\/TB-VP đã được thu hồi ngày 08\/05\/2026/,
    );
    expect(refusal(() => checkRecord(ctx(s, 'r5'), { ...p, number: '05/TB-VP' }))).toMatch(/\(đã thu hồi, số không được dùng lại\)/);
    expect(applyAllocate(ctx(s, 'u9'), { type: 'TB', subject: 'Lịch mới', by: 'Văn thư' }).symbol).toBe('07/TB-VP');
  });

  it('refuses a new entry once the entries would be too heavy to carry to the next run', () => {
    for (const t of ['Số: 08/TB-VP', 'Đoàn kiểm tra 𠀀 ©']) expect(utf8Length(t)).toBe(Buffer.byteLength(t));
    const s = state();
    const subject = 'Thông báo lịch làm việc của Đoàn kiểm tra công tác kiểm soát thủ tục hành chính '.repeat(5).trim();
    while (registerBytes(s) + 4096 <= MAX_REGISTER_BYTES) applyAllocate(ctx(s, `f${s.entries.length}`), { type: 'TB', subject, by });
    expect(JSON.stringify(s.entries).length).toBeLessThan(MAX_REGISTER_BYTES);
    expect(Buffer.byteLength(JSON.stringify(s.entries))).toBeLessThanOrEqual(registerBytes(s));
    expect(refusal(() => checkAllocate(ctx(s, 'full')))).toMatch(
      new RegExp(`^Sổ đăng ký văn bản đi năm 2026 của Văn phòng .* đã đạt giới hạn lưu trữ của một sổ \\(${s.entries.length} số\\)`),
    );
    expect(refusal(() => checkAllocate(ctx(s, 'f0')))).toBeUndefined();
  });

  it('sends a request again only when the run that was to take it ended, never after a refusal', () => {
    expect(isResendable(new Error('Workflow execution already completed'))).toBe(true);
    expect(isResendable(new Error('workflow continued as new'))).toBe(true);
    expect(isResendable(new WorkflowUpdateFailedError('refused', undefined))).toBe(false);
    expect(isResendable(new Error('14 UNAVAILABLE: connection refused'))).toBe(false);
  });

  it('prints the register one line a number, free text shown safely, withdrawn ones marked', () => {
    const s = state(['QĐ']);
    applyAllocate(ctx(s, 'p1'), { type: 'QĐ', subject: 'Thành lập Đoàn kiểm tra', by, signer: 'Phó Chủ tịch' });
    applyRecord(ctx(s, 'p2'), { number: '03/TB-VP', type: 'TB', subject: 'Lịch\u001b[2J làm việc', by, issuedOn: '2026-05-07' });
    applyWithdraw(ctx(s, 'p3'), { number: '03/TB-VP', reason: 'Sai lịch', by });
    expect(registerLines(s)).toEqual([
      'Sổ đăng ký văn bản đi năm 2026: Văn phòng Ủy ban nhân dân thành phố Hải Phòng (VP): 2 số, 1 đã thu hồi; sổ riêng cho quyết định',
      '  03/TB-VP     07/05/2026  Thông báo: Lịch<U+001B>[2J làm việc (người đăng ký: Văn thư) [ĐÃ THU HỒI; thu hồi: Sai lịch (Văn thư)]',
      '  01/QĐ-VP     08/05/2026  Quyết định: Thành lập Đoàn kiểm tra (người ký: Phó Chủ tịch; người đăng ký: Văn thư) [đã cấp số]',
    ]);
    expect(entryLine(s.entries[0]!)).toMatch(/^01\/QĐ-VP/);
  });

  it('names its workflow by year and body, opened by the first allocation', () => {
    const o = registerStartOptions({ body: 'ĐKT', year: 2026 }, 'q');
    expect(o.workflowId).toBe('register-2026-dkt');
    expect(o.workflowIdConflictPolicy).toBe('USE_EXISTING');
    expect(o.staticSummary).toBe('Sổ đăng ký văn bản đi năm 2026: Đoàn kiểm tra (ĐKT)');
  });
});

import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { line, z } from '../domain/validation';
import { SA } from '../workflows/search-attributes';
import { nextItem } from '../workflows/kit/agenda';
import { record, SYSTEM, type HistoryEntry } from '../workflows/kit/history';
import { changedAttributes, sameValue } from '../workflows/kit/publish';
import { INVALID_UPDATE, NOT_READY, notReady, parsePayload, readerMessage, refuse, startValue } from '../workflows/kit/refusal';
import { acceptsIn, ruleApplies, wrongStageRefusal } from '../workflows/kit/updates';

/** The pure parts of the workflow kit, without a server. */

/** The failure a call refuses with. */
function refusal(f: () => unknown): ApplicationFailure {
  try {
    f();
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('no refusal');
}

describe('refusals', () => {
  it('say it in Vietnamese, the detail in English, with the failure type clients branch on', () => {
    const r = refusal(() => refuse('Dự thảo kết luận đã được gửi', 'draft already issued'));
    expect([r.message, r.type, r.nonRetryable]).toEqual(['Dự thảo kết luận đã được gửi (draft already issued)', INVALID_UPDATE, true]);
    expect(refusal(() => refuse('Lịch mới trùng', 'visit clash', 'VisitClash')).type).toBe('VisitClash');
  });

  it('not ready: the process is starting, retry', () => {
    const r = refusal(() => notReady('calendar snapshot not loaded yet', 'Cuộc kiểm tra'));
    expect([r.message, r.type]).toEqual([
      'Cuộc kiểm tra đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)',
      NOT_READY,
    ]);
    expect(refusal(() => notReady('targets not loaded yet')).message).toMatch(/^Quy trình đang khởi tạo/);
  });

  it('a start value refuses as not ready until it is loaded', () => {
    const cal = startValue<number>('calendar snapshot', 'Nhiệm vụ');
    expect(cal.loaded).toBe(false);
    expect(refusal(() => cal.get()).message).toBe(
      'Nhiệm vụ đang khởi tạo, vui lòng thử lại sau giây lát (calendar snapshot not loaded yet)',
    );
    cal.set(7);
    expect([cal.loaded, cal.get()]).toEqual([true, 7]);
  });

  it('a payload is parsed with its defaults, or refused naming the first bad field in Vietnamese', () => {
    const schema = z.strictObject({ by: line(120), recommendations: z.array(z.string()).default([]) });
    expect(parsePayload(schema, { by: 'Trần Văn B' }, 'issueDraftConclusion')).toEqual({ by: 'Trần Văn B', recommendations: [] });
    const r = refusal(() => parsePayload(schema, { by: 'Trần Văn B', extra: 1 }, 'issueDraftConclusion'));
    expect(r.message).toMatch(/^Dữ liệu không hợp lệ: .+ \(invalid issueDraftConclusion payload\)$/);
    expect(r.message).not.toMatch(/Unrecognized|Expected/);
    expect(r.type).toBe(INVALID_UPDATE);
  });

  it('a stage that does not accept an update names the stage by its label', () => {
    const wrong = wrongStageRefusal<'open' | 'done'>('nhiệm vụ', (s) => (s === 'open' ? 'Đang thực hiện' : 'Đã hoàn thành'));
    expect(refusal(() => wrong('cancel', 'done')).message).toBe(
      'Không thể thực hiện "cancel" khi nhiệm vụ đang ở giai đoạn "Đã hoàn thành" (update cancel not allowed in stage done)',
    );
    expect([acceptsIn(['open'], 'open'), acceptsIn(['open'], 'done'), acceptsIn('any', 'done')]).toEqual([true, false, true]);
    const labelled = wrongStageRefusal<'done'>(
      'nhiệm vụ',
      () => 'Đã hoàn thành',
      (name) => (name === 'cancel' ? 'hủy nhiệm vụ' : name),
    );
    expect(readerMessage(refusal(() => labelled('cancel', 'done')).message)).toEqual({
      text: 'Không thể hủy nhiệm vụ khi nhiệm vụ đang ở giai đoạn "Đã hoàn thành"',
      detail: 'update cancel not allowed in stage done',
    });
  });

  it('a reader gets the Vietnamese part; only the last bracket is the developers’ detail', () => {
    expect(readerMessage('Đã ghi nhận (kiemtra report … --replace) (report already recorded)')).toEqual({
      text: 'Đã ghi nhận (kiemtra report … --replace)',
      detail: 'report already recorded',
    });
    expect(readerMessage('Không có chi tiết')).toEqual({ text: 'Không có chi tiết' });
  });

  it('a rule added later applies in every validator, and in a handler only behind its patch', () => {
    expect(ruleApplies('validator', 'any-patch')).toBe(true);
  });
});

describe('diffed publish', () => {
  it('upserts only the attributes whose value changed', () => {
    const known = new Map<string, unknown>([
      [SA.stage.name, 'scheduled'],
      [SA.visitDate.name, new Date('2026-11-16T17:00:00.000Z')],
      [SA.overdue.name, false],
      [SA.unit.name, 'Sở Tài chính'],
    ]);
    const wanted = [
      { key: SA.stage, value: 'notified' },
      { key: SA.visitDate, value: new Date('2026-11-16T17:00:00.000Z') },
      { key: SA.overdue, value: false },
      { key: SA.unit, value: 'Sở Tài chính' },
      { key: SA.nextDeadline, value: null },
      { key: SA.kind, value: 'periodic' },
    ];
    const changed = changedAttributes(wanted, (p) => known.get(p.key.name) as never);
    expect(changed.map((p) => p.key.name)).toEqual([SA.stage.name, SA.kind.name]);
  });

  it('compares dates by instant, lists by element, and treats unset, null and empty alike', () => {
    expect(sameValue(new Date(5), new Date(5))).toBe(true);
    expect(sameValue(new Date(5), new Date(6))).toBe(false);
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a'], ['a', 'b'])).toBe(false);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue([], undefined)).toBe(true);
    expect(sameValue(false, undefined)).toBe(false);
    expect(sameValue(0, false)).toBe(false);
  });
});

describe('history and agenda', () => {
  it('records an entry with the workflow clock and no empty detail', () => {
    const history: HistoryEntry[] = [];
    record(history, { actor: SYSTEM, action: 'Gửi thông báo', at: '2026-11-16T01:00:00.000Z' });
    record(history, { actor: 'Trần Văn B', action: 'Ghi nhận phát hiện', detail: 'thiếu sổ theo dõi', at: '2026-11-17T01:00:00.000Z' });
    expect(history).toEqual([
      { at: '2026-11-16T01:00:00.000Z', actor: 'hệ thống', action: 'Gửi thông báo' },
      { at: '2026-11-17T01:00:00.000Z', actor: 'Trần Văn B', action: 'Ghi nhận phát hiện', detail: 'thiếu sổ theo dõi' },
    ]);
    expect('detail' in history[0]!).toBe(false);
  });

  it('the next item is the first not yet fired', () => {
    const items = [
      { id: 'a', at: 1, label: 'A' },
      { id: 'b', at: 2, label: 'B' },
    ];
    expect(nextItem(items, new Set(['a']))?.id).toBe('b');
    expect(nextItem(items, new Set(['a', 'b']))).toBeUndefined();
  });
});

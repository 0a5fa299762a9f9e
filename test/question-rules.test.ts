import { describe, expect, it } from 'vitest';
import { sortQuestions, questionNumberOf } from '../client/questions';
import { at8 } from '../domain/send-times';
import { parseQuestionNumber, QUESTION_NUMBER_PATTERN, questionOriginKind } from '../domain/questions';
import { questionWorkflowId } from '../workflows/ids';
import { completeQuestionInput } from '../workflows/question/contract';
import { initialQuestionState, isOverdue, questionAgenda, setQuestionDeadline } from '../workflows/question/rules';
import { buildQuestion } from '../web/question-page';
import { sharedCalendar } from './kit/shared-data';

/** The rules of a unit's question, pure: its number, its origin, its agenda, the page's checks. */
const cal = sharedCalendar();
const CONTACTS = {
  coordinator: { name: 'Phòng Kiểm soát TTHC', email: 'kstthc@haiphong.example' },
  center: { name: 'Trung tâm Phục vụ hành chính công thành phố', address: 'Hải Phòng', email: 'tthc@haiphong.example' },
};

describe('questions', () => {
  it('numbers a submission once, readably, apart from its workflow id', () => {
    const n = questionNumberOf(2026, 'abc-123-def');
    expect(n).toMatch(QUESTION_NUMBER_PATTERN);
    expect(questionNumberOf(2026, 'abc-123-def')).toBe(n);
    expect(questionNumberOf(2026, 'abc-123-deg')).not.toBe(n);
    expect(n.slice(8)).not.toMatch(/[01OIL]/);
    expect(questionWorkflowId(n)).toBe(`question-${n.slice(3).toLowerCase()}`);
    expect(parseQuestionNumber(` ${n.toLowerCase()} `)).toBe(n);
    expect(parseQuestionNumber(n.replace('-', '–'))).toBe(n);
    expect(parseQuestionNumber('question-2026-abcdef')).toBeUndefined();
    expect(parseQuestionNumber('PA-2026-ABCDE0')).toBeUndefined();
  });

  it('names the process each email came from', () => {
    expect(questionOriginKind('inspection-2026-so-tai-chinh')).toBe('inspection');
    expect(questionOriginKind('self-inspection-2026-so-y-te')).toBe('selfInspection');
    expect(questionOriginKind('report-kstthc-2026-2026-11-so-tai-chinh')).toBe('periodicReport');
    expect(questionOriginKind('task-kstthc-2026-i-2')).toBe('planTask');
    expect(questionOriginKind('nomination-haiphong-2026-so-noi-vu')).toBe('nomination');
    expect(questionOriginKind('question-2026-abcdef')).toBe('question');
    expect(questionOriginKind('something')).toBe('other');
  });

  it('reminds the Center two working days before the answer is due and escalates the working day after, 08:00', () => {
    const startedAt = new Date('2026-05-11T09:00:00+07:00').getTime(); // a Monday
    const config = completeQuestionInput({
      number: 'PA-2026-ABCDEF',
      unit: 'Sở Tài chính',
      origin: { workflowId: 'inspection-2026-so-tai-chinh', kind: 'inspection' },
      askedBy: 'Trần Thị Bình',
      replyTo: ['binh@haiphong.example'],
      text: 'Câu hỏi',
      contacts: CONTACTS,
    });
    const s = initialQuestionState('question-2026-abcdef', config, startedAt, '2026-05-11');
    const ctx = { config, cal, startedAt };
    setQuestionDeadline(s, ctx, startedAt);
    expect(s.deadline!.date).toBe('2026-05-18');
    expect(questionAgenda(s, ctx).map((i) => [i.kind, i.at, i.to])).toEqual([
      ['question_reminder', at8('2026-05-14'), ['tthc@haiphong.example']],
      ['question_overdue_escalation', at8('2026-05-19'), ['kstthc@haiphong.example']],
    ]);
    expect(isOverdue(s, cal, at8('2026-05-19') - 1)).toBe(false);
    expect(isOverdue(s, cal, at8('2026-05-19'))).toBe(true);
    s.status = 'question_answered';
    expect(questionAgenda(s, ctx)).toEqual([]);
    expect(isOverdue(s, cal, at8('2026-05-20'))).toBe(false);
  });

  it('refuses an empty, too long or unsafe question on the page, naming the field', () => {
    const ok = { askedBy: 'Trần Thị Bình', replyTo: 'binh@haiphong.example', text: 'Hỏi về Biểu II.06a' };
    expect(buildQuestion(ok, [])).toMatchObject({ ok: true, text: 'Hỏi về Biểu II.06a' });
    expect(buildQuestion({ ...ok, text: '  \n ' }, [])).toEqual({
      ok: false,
      message: 'Nội dung phản ánh, câu hỏi: đề nghị nhập nội dung.',
    });
    expect(buildQuestion({ ...ok, askedBy: '' }, [])).toEqual({ ok: false, message: 'Người gửi: đề nghị nhập nội dung.' });
    expect(buildQuestion({ ...ok, replyTo: 'không phải email' }, [])).toEqual({
      ok: false,
      message: 'Email nhận trả lời: địa chỉ email không hợp lệ.',
    });
    const long = buildQuestion({ ...ok, text: 'x'.repeat(4001) }, []);
    expect(long.ok).toBe(false);
    expect((long as { message: string }).message).toMatch(/^Nội dung phản ánh, câu hỏi: .*4000/);
    expect(buildQuestion({ ...ok, text: 'Xem <script>' }, [])).toEqual({
      ok: false,
      message: 'Nội dung phản ánh, câu hỏi: không được chứa ký tự < >.',
    });
    expect((buildQuestion({ ...ok, text: 'abc\u202edef' }, []) as { message: string }).message).toMatch(
      /^Nội dung phản ánh, câu hỏi: không được chứa ký tự đảo chiều/,
    );
  });

  it('lists open questions first, each group by arrival', () => {
    const d = (s: string) => new Date(s);
    const rows = [
      { n: 'a', open: false, received: d('2026-05-01') },
      { n: 'b', open: true, received: d('2026-05-03') },
      { n: 'c', open: true, received: d('2026-05-02') },
      { n: 'd', open: false, received: d('2026-04-01') },
    ];
    expect(sortQuestions(rows).map((r) => r.n)).toEqual(['c', 'b', 'd', 'a']);
  });
});

import { describe, expect, it } from 'vitest';
import { attendeesRefusal, meetingDayRefusal, normalisedAttendees, parseUnitAttendee } from '../domain/meetings';
import { inspectionDocumentContent, teamAttendeeLine } from '../documents/inspection';
import { updateSchemas } from '../workflows/inspection/contract';
import { rehearsalContext, rehearsalFacts, rehearsalStates } from '../scripts/document-samples';
import { SAMPLE_TEAM } from './kit/team';

/** The opening and closing meetings (issue 23, item 8), without Temporal: the day, the attendees, the minutes. */
const VISIT = { start: '2026-06-11', end: '2026-06-12' };

describe('the meetings of a visit', () => {
  it('expects the opening on the first day and the closing on the last, or a reason', () => {
    expect(meetingDayRefusal('opening', '2026-06-11', VISIT, undefined)).toBeUndefined();
    expect(meetingDayRefusal('closing', '2026-06-12', VISIT, undefined)).toBeUndefined();
    expect(meetingDayRefusal('opening', '2026-06-12', VISIT, undefined)).toBe(
      'Cuộc họp mở đầu theo kế hoạch họp ngày 11/6/2026 (thứ Năm) (ngày làm việc đầu tiên của Đoàn); họp ngày 12/6/2026 (thứ Sáu) cần nêu lý do (--reason)',
    );
    expect(meetingDayRefusal('closing', '2026-06-11', VISIT, '  ')).toMatch(/^Cuộc họp kết thúc theo kế hoạch họp ngày 12\/6\/2026/);
    expect(meetingDayRefusal('closing', '2026-06-15', VISIT, 'Lãnh đạo Sở đi họp HĐND ngày 12/6')).toBeUndefined();
  });

  it('refuses a team attendee not in the team and a person named twice; spells names as the team does', () => {
    const unit = [{ name: 'Lê Văn Hùng', position: 'Phó Giám đốc Sở' }];
    expect(attendeesRefusal(SAMPLE_TEAM, { team: ['Nguyễn Văn An', 'Ngô Văn Khải'], unit })).toBe(
      '"Ngô Văn Khải" không có trong Đoàn kiểm tra; thành viên Đoàn: Nguyễn Văn An, Trần Thị Bình, Lê Văn Cường, Phạm Thị Dung, Hoàng Văn Em, Trung tâm Phục vụ hành chính công thành phố',
    );
    expect(attendeesRefusal(SAMPLE_TEAM, { team: ['Nguyễn Văn An', 'nguyễn  văn an'], unit })).toBe(
      'nguyễn  văn an được ghi hai lần trong thành phần Đoàn kiểm tra dự họp',
    );
    expect(attendeesRefusal(SAMPLE_TEAM, { team: ['Nguyễn Văn An'], unit: [...unit, ...unit] })).toBe(
      'Lê Văn Hùng được ghi hai lần trong thành phần của đơn vị dự họp',
    );
    expect(attendeesRefusal(SAMPLE_TEAM, { team: ['phạm thị dung'], unit })).toBeUndefined();
    expect(attendeesRefusal(undefined, { team: ['Ai đó'], unit })).toBeUndefined();
    expect(normalisedAttendees(SAMPLE_TEAM, { team: ['phạm thị dung'], unit }).team).toEqual(['Phạm Thị Dung']);
  });

  it('reads a unit attendee as "Họ tên, chức vụ"', () => {
    expect(parseUnitAttendee('Lê Văn Hùng, Phó Giám đốc Sở, phụ trách TTHC')).toEqual({
      name: 'Lê Văn Hùng',
      position: 'Phó Giám đốc Sở, phụ trách TTHC',
    });
    expect(parseUnitAttendee('Lê Văn Hùng')).toBe('người dự họp của đơn vị "Lê Văn Hùng" cần dạng "Họ tên, chức vụ"');
  });

  it('accepts the old payloads, and refuses attendance with one side empty', () => {
    expect(updateSchemas.recordOpeningMeeting.safeParse({ date: '2026-06-11', by: 'A' }).success).toBe(true);
    expect(updateSchemas.recordClosingMeeting.safeParse({ date: '2026-06-12', preliminaryResults: 'x', by: 'A' }).success).toBe(true);
    expect(
      updateSchemas.recordOpeningMeeting.safeParse({ date: '2026-06-11', attendees: { team: ['A'], unit: [] }, by: 'A' }).error?.issues[0]
        ?.message,
    ).toBe('cần ghi ít nhất một người của đơn vị dự họp (họ tên, chức vụ)');
  });

  it('lists the attendees in section I of the Biên bản, each with their role; without attendees, the plan composition', () => {
    expect(teamAttendeeLine(SAMPLE_TEAM, 'Nguyễn Văn An')).toBe('Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn.');
    expect(teamAttendeeLine(SAMPLE_TEAM, 'Hoàng Văn Em')).toBe('Hoàng Văn Em, Chuyên viên, Sở Tư pháp, thành viên Đoàn.');
    const s = structuredClone(rehearsalStates().closed);
    s.openingMeeting = {
      date: s.visit.start,
      attendees: { team: ['Nguyễn Văn An', 'Hoàng Văn Em'], unit: [{ name: 'Lê Văn Hùng', position: 'Phó Giám đốc Sở Tài chính' }] },
    };
    const section = inspectionDocumentContent('opening_minutes', s, rehearsalFacts('opening_minutes'), rehearsalContext()).sections[0]!;
    expect(section.heading).toBe('I. THÀNH PHẦN');
    expect(section.paragraphs.map((p) => p.text)).toEqual([
      '1. Đoàn kiểm tra:',
      '- Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn.',
      '- Hoàng Văn Em, Chuyên viên, Sở Tư pháp, thành viên Đoàn.',
      '2. Sở Tài chính:',
      '- Lê Văn Hùng, Phó Giám đốc Sở Tài chính.',
    ]);
    const closing = inspectionDocumentContent('closing_minutes', s, rehearsalFacts('closing_minutes'), rehearsalContext()).sections[0]!;
    expect(closing.paragraphs.map((p) => p.text)).toContain('- Đại diện lãnh đạo Sở, ngành.');
  });
});

import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localInstant } from '../domain/dates';
import { beforeDateDeadline } from '../domain/deadlines';
import { at8, nextSendMoment, overdueAt, PAST_AT_START } from '../domain/send-times';
import { completeSelfInspectionInput, selfReportSchema, type SelfInspectionState } from '../workflows/self-inspection/contract';
import { NARRATIVE_SECTIONS } from '../domain/report-narrative';
import { ACTIONS } from '../web/actions';
import { formFields } from '../web/form-fields';
import {
  deferredNote,
  ESCALATION_LABEL,
  isOverdue,
  REMINDER_LABEL,
  REQUEST_LABEL,
  selfAgenda,
  selfView,
} from '../workflows/self-inspection/rules';
import { SA } from '../workflows/search-attributes';
import { inspectionInput } from './kit/inspection';
import { sharedCalendar } from './kit/shared-data';

/** The self-inspection's rules, pure: its timed items, overdue and what the Web UI shows. */
const cal = sharedCalendar();
const unit = inspectionInput('Sở Công Thương', { start: '2026-11-16', end: '2026-11-16' });
const config = completeSelfInspectionInput({
  round: 'r',
  year: 2026,
  unit: unit.unit,
  before: '2026-11-20',
  basis: 'Kế hoạch, Mục V.4',
  contacts: unit.contacts,
});
const waiting = (): SelfInspectionState => ({
  workflowId: 'self-inspection-2026-so-cong-thuong',
  unit: config.unit.name,
  stage: 'self_waiting',
  deadline: beforeDateDeadline(cal, 'self-inspection', config.before, config.basis),
  overdue: false,
  pending: [],
  emails: [],
  history: [],
});
const shown = (items: { at: number; label: string }[]) => items.map((i) => `${formatLocalDateTime(i.at)} ${i.label}`);

describe('self-inspection rules', () => {
  it('reminds 5 working days before and on the deadline, and escalates the next working day at 08:00', () => {
    const s = waiting();
    const due = s.deadline!.date;
    const items = selfAgenda(s, config.remindersWorkingDaysBefore, cal, localInstant('2026-11-01').getTime());
    expect(shown(items)).toEqual(
      shown([
        { at: at8(cal.addWorkingDays(due, -5)), label: REMINDER_LABEL },
        { at: at8(due), label: REMINDER_LABEL },
        { at: overdueAt(cal, due), label: ESCALATION_LABEL },
      ]),
    );
    expect(items.map((i) => i.to)).toEqual(['unit', 'unit', 'coordinator']);
  });

  it('sends nothing for a reminder already past at the start, and defers a past escalation to the next sending moment', () => {
    const s = waiting();
    const start = overdueAt(cal, s.deadline!.date) + 3 * 3_600_000;
    const items = selfAgenda(s, [5, 0], cal, start);
    expect(shown(items)).toEqual(shown([{ at: nextSendMoment(cal, start), label: `${ESCALATION_LABEL} (${PAST_AT_START})` }]));
    expect(deferredNote(s.deadline!.date, items[0]!)).toMatch(
      /^Hạn ngày 19\/11\/2026 \(thứ Năm\) đã qua khi bắt đầu theo dõi: báo điều phối viên lúc /,
    );
    expect(deferredNote(s.deadline!.date, selfAgenda(s, [0], cal, localInstant('2026-11-01').getTime())[0]!)).toBeUndefined();
  });

  it('asks the unit at the first sending moment after the start, with the outline, before any reminder', () => {
    const s = waiting();
    const sunday = localInstant('2026-11-01', '03:00').getTime();
    const items = selfAgenda(s, [5, 0], cal, sunday, true);
    expect(items[0]).toMatchObject({ id: 'request', kind: 'self_inspection_request', to: 'unit', label: REQUEST_LABEL });
    expect(formatLocalDateTime(items[0]!.at)).toBe(formatLocalDateTime(localInstant('2026-11-02', '08:00').getTime()));
    expect(items.slice(1).map((i) => i.kind)).toEqual([
      'self_inspection_reminder',
      'self_inspection_reminder',
      'self_inspection_overdue_escalation',
    ]);
    // Executions started before December 2026 replay without it; none once the deadline is past.
    expect(selfAgenda(s, [5, 0], cal, sunday).some((i) => i.id === 'request')).toBe(false);
    expect(selfAgenda(s, [5, 0], cal, overdueAt(cal, s.deadline!.date) + 1, true).some((i) => i.id === 'request')).toBe(false);
  });

  it('has nothing to do once the report is in', () => {
    expect(selfAgenda({ ...waiting(), stage: 'self_received', receivedOn: '2026-11-19' }, [5, 0], cal, 0)).toEqual([]);
  });

  it('is overdue from the escalation moment, while it waits', () => {
    const s = waiting();
    const missed = overdueAt(cal, s.deadline!.date);
    expect([isOverdue(s, cal, missed - 1), isOverdue(s, cal, missed)]).toEqual([false, true]);
    expect(isOverdue({ ...s, stage: 'self_received' }, cal, missed)).toBe(false);
  });

  it('shows the stage, the deadline and overdue in the Web UI', () => {
    const s = { ...waiting(), overdue: true };
    const v = selfView(s, config);
    expect(v.attributes.find((a) => a.key.name === SA.stage.name)?.value).toBe('self_waiting');
    expect(v.attributes.find((a) => a.key.name === SA.nextDeadline.name)?.value).toEqual(localInstant(s.deadline!.date, '23:59'));
    expect(v.details).toContain('chờ báo cáo tự kiểm tra');
    expect(v.details).toContain('- **Quá hạn**');
    const done = selfView({ ...s, stage: 'self_received', receivedOn: '2026-11-19', overdue: false }, config);
    expect(done.attributes.find((a) => a.key.name === SA.nextDeadline.name)?.value).toBeNull();
    expect(done.details).toContain('đã nộp báo cáo tự kiểm tra ngày 19/11/2026 (thứ Năm)');
  });
});

describe('the self-inspection report follows the outline of Phụ lục I', () => {
  const waitingState = (): SelfInspectionState => ({ ...waiting(), targets: undefined });

  it('has a field for each section on the page, and records the sections filled', () => {
    const def = ACTIONS.self;
    const fields = formFields(def.form(waitingState() as never, { today: '2026-11-10' }));
    expect([...fields.text].filter((f) => f.startsWith('narrative_'))).toEqual(
      Object.keys(NARRATIVE_SECTIONS).map((k) => `narrative_${k}`),
    );
    const built = def.build(
      waitingState() as never,
      { fields: { narrative_situation: 'Sở có 12 thủ tục tại Trung tâm', narrative_issues: '  ' }, files: {} },
      { today: '2026-11-10' },
    );
    expect(built).toMatchObject({ ok: true, payload: { narrative: { situation: 'Sở có 12 thủ tục tại Trung tâm' } } });
    expect((built as { payload: { narrative: object } }).payload.narrative).not.toHaveProperty('issues');
  });

  it('refuses a section with markup, naming it', () => {
    const r = selfReportSchema.safeParse({ receivedOn: '2026-11-10', narrative: { results: 'a <b>' }, by: 'Sở' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['narrative', 'results']);
    expect(selfReportSchema.safeParse({ receivedOn: '2026-11-10', narrative: { other: 'x' }, by: 'Sở' }).success).toBe(false);
  });
});

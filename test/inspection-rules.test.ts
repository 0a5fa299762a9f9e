import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, localInstant } from '../domain/dates';
import { agenda } from '../workflows/inspection/agenda';
import { performAction } from '../workflows/inspection/actions';
import { project } from '../workflows/inspection/projection';
import {
  applyConclusion,
  applyReport,
  importCurrent,
  initialState,
  recomputeDeadlines,
  refreshOverdue,
  replaceReport,
  transition,
} from '../workflows/inspection/state';
import { inspectionInput } from './kit/inspection';
import { targetsForYear } from '../domain/kpi';
import {
  acceptedLater,
  acceptsUpdate,
  canTransition,
  completeInspectionInput,
  type InspectionState,
  isFinal,
  parseInspectionInput,
  type Stage,
  STAGE_LABELS,
  STAGES,
  TRANSITIONS,
  UPDATE_STAGES,
  type UpdateName,
  updateSchemas,
} from '../workflows/inspection/contract';
import { sharedCalendar, sharedTargets } from './kit/shared-data';

/**
 * The inspection's rules without Temporal: the stage table, the agenda of timed actions, the state
 * transitions and the Web UI projection, on the README's example (visit 25–26/05/2026).
 */
const cal = sharedCalendar();
const targets = targetsForYear(sharedTargets(), 2026)!.targets;
const VISIT = { start: '2026-05-25', end: '2026-05-26' };
const lines = (s: InspectionState) => agenda(s, cal).map((i) => `${i.action.type} @ ${formatLocalDateTime(i.at)}`);

function fresh(stage: Stage = 'scheduled', since = '2026-05-01T00:00:00.000Z'): InspectionState {
  const config = completeInspectionInput(inspectionInput('Sở Tài chính', VISIT));
  const s = initialState('inspection-2026-so-tai-chinh', config, since);
  recomputeDeadlines(s, cal);
  s.stage = stage;
  return s;
}

describe('a refusal for the stage says when the update becomes possible', () => {
  const label = (s: Stage) => STAGE_LABELS[s];
  it('names the first later stage that accepts it, and says nothing once its time has passed', () => {
    expect(acceptedLater('recordReport', 'scheduled', STAGES, label)).toBe(
      `việc này làm được khi cuộc kiểm tra đến giai đoạn "${STAGE_LABELS.notified}"`,
    );
    expect(acceptedLater('recordRemediationReport', 'drafting', STAGES, label)).toBe(
      `việc này làm được khi cuộc kiểm tra đến giai đoạn "${STAGE_LABELS.remediating}"`,
    );
    expect(acceptedLater('recordReport', 'drafting', STAGES, label)).toBeUndefined();
    expect(acceptedLater('cancel', 'cancelled', STAGES, label)).toBeUndefined();
    expect(acceptedLater('signConclusion', 'closed', STAGES, label)).toBeUndefined();
  });
});

describe('the stage table', () => {
  const reachable = new Set<Stage>(['scheduled']);
  for (let grew = true; grew;) {
    grew = false;
    for (const from of [...reachable]) for (const to of TRANSITIONS[from]) if (!reachable.has(to)) grew = !!reachable.add(to);
  }

  it('reaches every stage from scheduled, and ends only in closed or cancelled', () => {
    expect([...reachable].sort()).toEqual([...STAGES].sort());
    expect(STAGES.filter(isFinal)).toEqual(['closed', 'cancelled']);
  });

  it('accepts every update in at least one open stage and none in a final one but the documents in `closed`', () => {
    for (const name of Object.keys(updateSchemas) as UpdateName[]) {
      expect(UPDATE_STAGES[name].length).toBeGreaterThan(0);
      // An inspection closed without recommendations still runs while its Kết luận waits to be issued.
      for (const stage of UPDATE_STAGES[name]) expect(isFinal(stage) && !(name.endsWith('Document') && stage === 'closed')).toBe(false);
    }
  });

  it('lets every open stage but the transient `concluded` be cancelled', () => {
    for (const stage of STAGES.filter((s) => !isFinal(s))) expect(acceptsUpdate(stage, 'cancel')).toBe(stage !== 'concluded');
    for (const stage of STAGES.filter((s) => !isFinal(s) && s !== 'concluded')) expect(canTransition(stage, 'cancelled')).toBe(true);
  });

  it('refuses a transition the table does not list', () => {
    const s = fresh();
    expect(() => transition(s, 'closed', 'A', 'x', '2026-05-02T00:00:00.000Z')).toThrow(/illegal transition scheduled → closed/);
  });
});

describe('the agenda', () => {
  it('scheduled: the notice at 08:00 seven working days ahead, then the first visit day', () => {
    expect(lines(fresh())).toEqual(['send_notice @ 14/05/2026 08:00', 'visit_start @ 25/05/2026 00:00']);
  });

  it('notified: report reminders 3 working days before and on the day, escalation the next working day', () => {
    expect(lines(fresh('notified'))).toEqual([
      'report_reminder @ 19/05/2026 08:00',
      'report_reminder @ 22/05/2026 08:00',
      'visit_start @ 25/05/2026 00:00',
      'report_overdue @ 25/05/2026 08:00',
    ]);
  });

  it('does not remind of a moment already past when the stage began', () => {
    expect(lines(fresh('notified', localInstant('2026-05-20', '09:00').toISOString()))).toEqual([
      'report_reminder @ 22/05/2026 08:00',
      'visit_start @ 25/05/2026 00:00',
      'report_overdue @ 25/05/2026 08:00',
    ]);
  });

  it('on site and drafting: the conclusion reminder and escalation (due 16/06/2026)', () => {
    const s = fresh('on_site');
    applyReport(s, targets, { receivedOn: '2026-05-21', indicators: { onlineReceived: 90 } }, s.stageSince);
    expect(lines(s)).toEqual(['conclusion_reminder @ 11/06/2026 08:00', 'conclusion_overdue @ 17/06/2026 08:00']);
    s.stage = 'drafting';
    s.draft = { issuedOn: '2026-06-01', recommendations: [], responseBy: '2026-06-05' };
    expect(lines(s)).toContain('response_reminder @ 04/06/2026 08:00');
  });

  it('remediating: one reminder and one escalation per deadline, none for a recommendation done', () => {
    const s = fresh('remediating');
    applyConclusion(s, cal, {
      signer: 'B',
      signedOn: '2026-06-10',
      recommendations: [
        { text: 'a', deadline: '2026-07-15' },
        { text: 'b', deadline: '2026-07-15' },
        { text: 'c', deadline: '2026-08-14', doneOn: '2026-07-01' },
      ],
    });
    expect(agenda(s, cal).map((i) => [i.action, formatLocalDateTime(i.at)])).toEqual([
      [{ type: 'remediation_reminder', ids: ['R1', 'R2'] }, '08/07/2026 08:00'],
      [{ type: 'remediation_overdue', ids: ['R1', 'R2'] }, '16/07/2026 08:00'],
    ]);
  });

  it('actions: the notice goes to the unit with an invite and moves the stage; escalations go to the coordinator', () => {
    const s = fresh();
    const [notice] = agenda(s, cal);
    expect(performAction(s, notice!, '2026-05-14T01:00:00.000Z')).toEqual([
      { kind: 'notice', to: ['so-tai-chinh@haiphong.example'], deadline: 'notice', invite: 'REQUEST' },
    ]);
    expect(s.stage).toBe('notified');
    const overdue = agenda(s, cal).find((i) => i.action.type === 'report_overdue')!;
    expect(performAction(s, overdue, '2026-05-25T01:00:00.000Z')).toEqual([
      { kind: 'report_overdue_escalation', to: ['dieuphoi@haiphong.example'], deadline: 'report' },
    ]);
  });
});

describe('state and projection', () => {
  it('marks the report late and turns each missed target into a finding', () => {
    const s = fresh('notified');
    const kpi = applyReport(
      s,
      targets,
      { receivedOn: '2026-05-23', indicators: { onlineReceived: 62.4, satisfaction: 96 } },
      '2026-05-23T02:00:00.000Z',
    );
    expect(s.report?.late).toBe(true);
    expect(kpi.filter((k) => !k.met).map((k) => k.text)).toEqual(['Hồ sơ tiếp nhận trực tuyến 62,4% < 80%']);
    expect(s.findings.map((f) => f.source)).toEqual(['kpi']);
  });

  it('a replacing report takes the findings of the one it replaces with it, and keeps the team’s', () => {
    const s = fresh('notified');
    const at = '2026-05-21T02:00:00.000Z';
    applyReport(s, targets, { receivedOn: '2026-05-21', indicators: { onlineReceived: 74.5, satisfaction: 60 } }, at);
    s.findings.push({ text: 'Chưa niêm yết TTHC tại bộ phận một cửa.', source: 'team', at, by: 'Trưởng đoàn' });
    expect(replaceReport(s).receivedOn).toBe('2026-05-21');
    expect(s.report).toBeUndefined();
    applyReport(s, targets, { receivedOn: '2026-05-22', indicators: { onlineReceived: 50.1, satisfaction: 96 } }, at);
    expect(s.findings.map((f) => f.text)).toEqual(['Chưa niêm yết TTHC tại bộ phận một cửa.', 'Hồ sơ tiếp nhận trực tuyến 50,1% < 80%']);
  });

  it('imports a remediating inspection whose recommendations are all done as closed', () => {
    const s = fresh();
    importCurrent(
      s,
      cal,
      targets,
      {
        stage: 'remediating',
        conclusion: { signer: 'B', signedOn: '2026-06-10', recommendations: [{ text: 'x', deadline: '2026-07-15', doneOn: '2026-07-01' }] },
      },
      '2026-07-02T00:00:00.000Z',
    );
    expect(s.stage).toBe('closed');
    expect(s.history.every((h, i) => i === 0 || h.imported)).toBe(true);
  });

  it('projects the overdue report onto the search attributes and the current details', () => {
    const s = fresh('notified');
    refreshOverdue(s, cal, localInstant('2026-05-25', '09:00').getTime());
    expect(s.overdue).toEqual(['report']);
    const view = project(s, agenda(s, cal), new Set(), undefined);
    expect(view.attributes.overdue).toBe(true);
    expect(view.attributes.nextDeadline).toEqual(localInstant('2026-06-16', '23:59'));
    expect(view.details).toContain('**Quá hạn**: báo cáo của đơn vị');
  });

  it('validates a start input against the version it names', () => {
    const input = inspectionInput('Sở Tài chính', VISIT);
    expect(parseInspectionInput(input)).toMatchObject({ ok: true });
    expect(parseInspectionInput({ ...input, schemaVersion: 9 })).toEqual({
      ok: false,
      message: 'phiên bản dữ liệu khởi tạo 9 không được hỗ trợ',
    });
    // Version 2 (December 2026) adds the team; a version-1 input (no version, no team) still replays.
    const team = {
      lead: { name: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'an@haiphong.example' },
      secretary: { name: 'Trung tâm Phục vụ hành chính công thành phố', email: 'thuky@haiphong.example' },
    };
    expect(parseInspectionInput({ ...input, schemaVersion: 2, team })).toMatchObject({
      ok: true,
      config: { team: { deputies: [], members: [] } },
    });
    expect(parseInspectionInput({ ...input, team })).toMatchObject({ ok: false });
    expect(completeInspectionInput({ ...input, team })).toMatchObject({ schemaVersion: 3, team: { lead: { name: 'Nguyễn Văn An' } } });
    // Version 3 (December 2026) adds the documents' life; without `documents` an inspection has none.
    expect(parseInspectionInput({ ...input, schemaVersion: 3, documents: { autoIssue: ['schedule_notice'] } })).toMatchObject({
      ok: true,
      config: { documents: { autoIssue: ['schedule_notice'], issueWorkingDaysBefore: [2] } },
    });
    expect(parseInspectionInput({ ...input, schemaVersion: 2, documents: {} })).toMatchObject({ ok: false });
    expect(completeInspectionInput(input)).toMatchObject({
      schemaVersion: 3,
      periodReviewedFrom: '2025-10-01',
      reminders: { reportWorkingDaysBefore: [3, 0] },
    });
  });
});

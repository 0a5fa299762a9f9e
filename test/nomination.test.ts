import { describe, expect, it } from 'vitest';
import { WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { roundInputFromPlan } from '../client/rounds';
import { formatLocalDateTime, type LocalDate } from '../domain/dates';
import { nextSendMoment, overdueAt } from '../domain/send-times';
import { inspectionWorkflowId, nominationWorkflowId } from '../workflows/ids';
import { INSPECTION_WORKFLOW, stateQuery, updates, type InspectionState } from '../workflows/inspection/contract';
import { readerMessage } from '../workflows/kit/refusal';
import { nominationStateQuery, nominationUpdates, type NominationState } from '../workflows/nomination/contract';
import { progressQuery, ROUND_WORKFLOW, roundWorkflowId, type RoundWorkflow } from '../workflows/round/contract';
import { saveHistory } from './kit/histories';
import { at8, clock, inspectionInput, skipTo } from './kit/inspection';
import { smallRoundPlan } from './kit/round-plan';
import { useWorkerStack } from './kit/stack';
import { SAMPLE_TEAM } from './kit/team';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * The partner departments' nominations (issue 22, item 1; docs/nominations.md), on the
 * time-skipping server with a real SMTP server: the round asks each department of the plan, the
 * request goes out at 08:00 of a working day, the reminder two working days before the deadline,
 * the escalation to the coordinator at 08:00 of the working day after it; a bad nomination is
 * refused with no event; a good one adds the members to the round's team and, through the
 * inspection's own `changeTeam`, to each inspection not yet started, with a history entry.
 */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);
const BY = 'Phòng Kiểm soát TTHC';
const NOI_VU = 'Sở Nội vụ';
const KHCN = 'Sở Khoa học và Công nghệ';
const GIANG = { name: 'Vũ Thị Giang', position: 'Phó Chánh Văn phòng Sở', organisation: NOI_VU, email: 'giang@haiphong.example' };

const lines = (s: NominationState) =>
  s.emails.map((e) => `${e.kind} → ${e.to.join(',')} @ ${formatLocalDateTime(Date.parse(e.requestedAt))} (${e.status})`);
const TASK_EVENTS = new Set([5, 6, 7]);
const meaningfulEvents = async (h: WorkflowHandle) =>
  (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;

describe('partner departments nominate members of the Đoàn (time-skipping)', () => {
  it('requests, reminds, escalates; a nomination joins the round and the inspections not yet started', async () => {
    const { today } = await clock(stack.env);
    const year = Number(today.slice(0, 4));
    const plan = smallRoundPlan('nomination-test', year, 3, today);
    plan.team = structuredClone(SAMPLE_TEAM);
    // The first unit's visit begins before the nomination arrives; the other two after it.
    const first = cal.addWorkingDays(cal.nextWorkingDayOnOrAfter(today), 3);
    plan.units[0]!.visit = { start: first, end: first };
    plan.units[1]!.visit = { start: cal.addWorkingDays(first, 15), end: cal.addWorkingDays(first, 15) };
    plan.units[2]!.visit = { start: cal.addWorkingDays(first, 20), end: cal.addWorkingDays(first, 20) };
    const deadline: LocalDate = cal.addWorkingDays(first, 5);
    plan.nominations = {
      deadline,
      workingDaysBeforeFirstVisit: 10,
      reminderWorkingDaysBefore: [2],
      departments: [
        { name: NOI_VU, emails: ['so-noi-vu@haiphong.example'], seats: 1 },
        { name: KHCN, emails: ['so-khcn@haiphong.example'], seats: 2 },
      ],
    };
    const round = await stack.env.client.workflow.start<RoundWorkflow>(ROUND_WORKFLOW, {
      taskQueue: stack.worker.options.taskQueue,
      workflowId: roundWorkflowId(plan.round),
      args: [roundInputFromPlan(plan)],
    });
    const a = stack.env.client.workflow.getHandle(nominationWorkflowId(plan.round, NOI_VU));
    const b = stack.env.client.workflow.getHandle(nominationWorkflowId(plan.round, KHCN));
    const nom = (h: WorkflowHandle) => h.query(nominationStateQuery);
    await eventually(async () => ((await nom(b).catch(() => undefined))?.deadline ? true : undefined), 20_000, 'the nominations to start');
    expect((await nom(a)).deadline!.date).toBe(deadline);

    // The request at the first 08:00 of a working day; nothing else before the reminder.
    const requestAt = formatLocalDateTime(nextSendMoment(cal, Date.parse((await nom(a)).history[0]!.at)));
    const reminderDay = cal.addWorkingDays(deadline, -2);
    await skipTo(stack.env, cal.addWorkingDays(reminderDay, -1), '12:00');
    expect(lines(await nom(a))).toEqual([`nomination_request → so-noi-vu@haiphong.example @ ${requestAt} (sent)`]);
    const request = stack.smtp.messages.find((m) => m.envelopeTo.includes('so-noi-vu@haiphong.example'))!;
    expect(request.parsed.subject).toContain('Đề nghị cử thành viên tham gia Đoàn kiểm tra');
    expect(request.parsed.text).toContain(`Kính gửi: ${NOI_VU}.`);
    expect(request.parsed.text).toContain('họ và tên, chức vụ, cơ quan công tác, địa chỉ thư điện tử');

    // The reminder 2 working days before the deadline, at 08:00, not before.
    await skipTo(stack.env, reminderDay, '07:55');
    expect((await nom(a)).emails.map((e) => e.kind)).toEqual(['nomination_request']);
    await skipTo(stack.env, reminderDay, '08:30');
    expect(lines(await nom(a)).at(-1)).toBe(`nomination_reminder → so-noi-vu@haiphong.example @ ${at8(reminderDay)} (sent)`);

    // A bad nomination is refused by the validator, in Vietnamese, and leaves no event.
    const before = await meaningfulEvents(a);
    const stateBefore = await nom(a);
    for (const [members, message] of [
      [[{ ...GIANG, email: 'không-phải-email' }], /^Dữ liệu không hợp lệ: members\.0\.email/],
      [[{ ...GIANG, position: undefined }], /^Dữ liệu không hợp lệ: members\.0\.position/],
      [[GIANG, { ...GIANG, email: 'khac@haiphong.example' }], /^Vũ Thị Giang được nêu hai lần$/],
    ] as const) {
      const err = await a.executeUpdate(nominationUpdates.nominate, { args: [{ members: members as never, by: BY }] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text).toMatch(message);
    }
    expect(await meaningfulEvents(a)).toBe(before);
    expect(await nom(a)).toEqual(stateBefore);

    // The first unit is on site by now; the other two are not yet started.
    const inspection = (i: number) =>
      stack.env.client.workflow.getHandle(inspectionWorkflowId(year, plan.units[i]!.name)).query(stateQuery) as Promise<InspectionState>;
    expect((await inspection(0)).stage).toBe('on_site');
    expect((await inspection(1)).stage).toBe('scheduled');

    const after = await a.executeUpdate(nominationUpdates.nominate, {
      args: [{ members: [GIANG], document: 'Công văn số 123/SNV-VP', by: BY }],
    });
    expect(after.status).toBe('nomination_received');
    const done = (await a.result()) as NominationState;
    expect(done.joined!.inspections.map((i) => i.unit)).toEqual([plan.units[1]!.name, plan.units[2]!.name]);
    expect(done.joined!.skipped.map((i) => [i.unit, i.stage])).toEqual([[plan.units[0]!.name, 'on_site']]);
    expect(done.emails.map((e) => e.kind)).toEqual(['nomination_request', 'nomination_reminder', 'nomination_received']);
    for (const i of [1, 2]) {
      const s = await inspection(i);
      expect(s.team!.members.at(-1)).toEqual(GIANG);
      expect(s.history.at(-1)).toMatchObject({
        action: 'Thay đổi thành viên Đoàn kiểm tra',
        detail: `bổ sung Vũ Thị Giang, Phó Chánh Văn phòng Sở, Sở Nội vụ; lý do: ${NOI_VU} cử tham gia Đoàn kiểm tra theo điểm a khoản 2 Mục V của Kế hoạch`,
      });
    }
    expect((await inspection(0)).team!.members).toEqual(SAMPLE_TEAM.members);
    expect((await round.query(progressQuery)).team!.members.map((m) => m.name)).toEqual([
      ...SAMPLE_TEAM.members.map((m) => m.name),
      GIANG.name,
    ]);
    const received = stack.smtp.messages.find((m) => m.parsed.subject?.startsWith('Xác nhận thành viên'))!;
    expect(received.parsed.text).toContain(`${plan.units[1]!.name}; ${plan.units[2]!.name}`);

    // The other department never answers: the coordinator is told at 08:00 of the working day after the deadline.
    const escalationAt = overdueAt(cal, deadline);
    await skipTo(stack.env, cal.addWorkingDays(deadline, 1), '07:55');
    expect((await nom(b)).emails.map((e) => e.kind)).toEqual(['nomination_request', 'nomination_reminder']);
    await skipTo(stack.env, cal.addWorkingDays(deadline, 1), '08:30');
    const late = await nom(b);
    expect(late.overdue).toBe(true);
    expect(lines(late).at(-1)).toBe(
      `nomination_overdue_escalation → ${plan.coordinator.email} @ ${formatLocalDateTime(escalationAt)} (sent)`,
    );
    await b.executeUpdate(nominationUpdates.cancel, { args: [{ reason: 'Sở không bố trí được cán bộ', by: BY }] });
    expect(((await b.result()) as NominationState).status).toBe('nomination_cancelled');

    for (const i of [0, 1, 2])
      await stack.env.client.workflow
        .getHandle(inspectionWorkflowId(year, plan.units[i]!.name))
        .executeUpdate(updates.cancel, { args: [{ reason: 'Kết thúc thử nghiệm', by: BY }] });
    await round.result();
    await saveHistory(stack.env, a.workflowId, 'nomination-requested-reminded-nominated-joined');
    await saveHistory(stack.env, b.workflowId, 'nomination-reminded-escalated-cancelled');
    await saveHistory(stack.env, round.workflowId, 'round-starts-nominations');
  });

  it('a new inspection whose imported conclusion the team does not let sign fails at its start', async () => {
    const { today } = await clock(stack.env);
    const v = cal.addWorkingDays(cal.nextWorkingDayOnOrAfter(today), -5);
    const raw = {
      ...inspectionInput('Sở Y tế', { start: v, end: v }, 'surprise'),
      schemaVersion: 2,
      team: SAMPLE_TEAM,
      current: {
        stage: 'remediating',
        closingMeeting: { date: v, preliminaryResults: 'Sơ bộ' },
        conclusion: { signer: 'Lê Văn Cường', signedOn: v, recommendations: [] },
      },
    };
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, {
      taskQueue: stack.worker.options.taskQueue,
      workflowId: 'inspection-current-signer-refused',
      args: [raw as never],
    });
    const err = await h.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(String((err as WorkflowFailedError).cause?.message)).toMatch(
      /^Dữ liệu khởi tạo không hợp lệ: kết luận đã ký nhập qua current: "Lê Văn Cường" không phải Trưởng đoàn/,
    );
  });
});

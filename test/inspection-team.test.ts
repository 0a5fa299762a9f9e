import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Team } from '../domain/team';
import { SAMPLE_TEAM } from './kit/team';
import { readerMessage } from '../workflows/kit/refusal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, updates } from '../workflows/inspection/contract';
import { clock, finished, inspectionInput, state, type InspectionHandle } from './kit/inspection';
import { saveHistory } from './kit/histories';
import { useWorkerStack } from './kit/stack';
import { eventually, sharedCalendar, timeSkippingEnv } from './kit/temporal';

/**
 * The team of each inspection (issue 22, item 1), on the time-skipping server: the round plan's
 * team is recorded in the inspection; a change of member is an update with a reason, in history;
 * `signConclusion` by someone the plan does not let sign is refused by the validator and leaves no
 * event; the Trưởng đoàn and a deputy named with an authority are accepted, and the conclusion
 * records the signer's position and authority.
 */
const cal = sharedCalendar();
const stack = useWorkerStack(timeSkippingEnv);
const BY = 'Phòng Kiểm soát TTHC';

const TEAM = SAMPLE_TEAM;

/** An inspection with the team, imported in drafting (the visit two working days ago), its calendar loaded. */
async function drafting(unit: string, team: Team | null = TEAM): Promise<InspectionHandle> {
  const { today } = await clock(stack.env);
  const v = cal.addWorkingDays(cal.nextWorkingDayOnOrAfter(today), -2);
  const input = {
    ...inspectionInput(unit, { start: v, end: v }, 'surprise'),
    ...(team ? { team } : {}),
    current: { stage: 'drafting' as const, openingMeeting: v, closingMeeting: { date: v, preliminaryResults: 'Sơ bộ' } },
  };
  const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
  await eventually(async () => ((await state(h)).deadlines.length ? true : undefined), 10_000, 'the inspection to load');
  return h;
}

/** Workflow-task events (the time-skipping server records a task for a rejected update); see test/inspection.test.ts. */
const TASK_EVENTS = new Set([5, 6, 7]);
const meaningfulEvents = async (h: InspectionHandle) =>
  (await h.fetchHistory()).events!.filter((e) => !TASK_EVENTS.has(Number(e.eventType))).length;

/** Runs an update that must be refused by the validator: the message matches, no event, the state unchanged. */
async function refused(h: InspectionHandle, run: () => Promise<unknown>, message: string | RegExp): Promise<void> {
  const before = await meaningfulEvents(h);
  const stateBefore = await state(h);
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const got = readerMessage(String((err as WorkflowUpdateFailedError).cause?.message)).text;
  if (typeof message === 'string') expect(got).toBe(message);
  else expect(got).toMatch(message);
  expect(await meaningfulEvents(h)).toBe(before);
  expect(await state(h)).toEqual(stateBefore);
}

const today = async () => (await clock(stack.env)).today;

describe('the team of an inspection (time-skipping)', () => {
  it('records the team; a change of member needs a reason and goes into history; bad changes leave no event', async () => {
    const h = await drafting('Sở Tài chính');
    expect((await state(h)).team).toEqual(TEAM);

    await refused(
      h,
      () => h.executeUpdate(updates.changeTeam, { args: [{ remove: 'Ngô Văn Khải', reason: 'Đi công tác', by: BY }] }),
      '"Ngô Văn Khải" không phải thành viên Đoàn; thành viên hiện tại: Phạm Thị Dung, Hoàng Văn Em',
    );
    await refused(
      h,
      () => h.executeUpdate(updates.changeTeam, { args: [{ remove: 'Nguyễn Văn An', reason: 'x', by: BY }] }),
      /^Nguyễn Văn An là Trưởng đoàn/,
    );
    await refused(
      h,
      () =>
        h.executeUpdate(updates.changeTeam, {
          args: [{ add: { name: 'Phạm Thị Dung', position: 'Chuyên viên', organisation: 'Sở Tư pháp' }, reason: 'x', by: BY }],
        }),
      'Phạm Thị Dung đã là thành viên Đoàn kiểm tra',
    );
    await refused(h, () => h.executeUpdate(updates.changeTeam, { args: [{ reason: 'x', by: BY }] }), /^Cần nêu thành viên rời Đoàn/);
    await refused(
      h,
      // A client that skipped its own checks: the payload schema refuses a change without a reason.
      () => h.executeUpdate(updates.changeTeam, { args: [{ remove: 'Hoàng Văn Em', by: BY } as never] }),
      /reason/,
    );

    const s = await h.executeUpdate(updates.changeTeam, {
      args: [
        {
          remove: 'Hoàng Văn Em',
          add: { name: 'Vũ Văn Giang', position: 'Phó Trưởng phòng', organisation: 'Sở Tư pháp' },
          reason: 'Sở Tư pháp cử người thay do đồng chí Em đi công tác',
          by: BY,
        },
      ],
    });
    expect(s.team!.members.map((m) => m.name)).toEqual(['Phạm Thị Dung', 'Vũ Văn Giang']);
    expect(s.history.at(-1)).toMatchObject({
      actor: BY,
      action: 'Thay đổi thành viên Đoàn kiểm tra',
      detail:
        'Vũ Văn Giang, Phó Trưởng phòng, Sở Tư pháp thay Hoàng Văn Em, Chuyên viên, Sở Tư pháp; lý do: Sở Tư pháp cử người thay do đồng chí Em đi công tác',
    });
    // The recorded input keeps the plan's team.
    expect(s.config.team!.members.map((m) => m.name)).toEqual(['Phạm Thị Dung', 'Hoàng Văn Em']);

    // A conclusion by a member, or by a deputy without signing authority, is refused with who may sign.
    const who =
      'người được ký kết luận kiểm tra: Nguyễn Văn An (Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn); Trần Thị Bình (KT. Trưởng đoàn kiểm tra, Giám đốc Trung tâm Phục vụ hành chính công thành phố)';
    for (const signer of ['Phạm Thị Dung', 'Lê Văn Cường', 'Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)'])
      await refused(
        h,
        () => h.executeUpdate(updates.signConclusion, { args: [{ signer, signedOn: '2000-01-01', recommendations: [], by: BY }] }),
        // The date is refused first when it is before the visit; with a good date the signer is refused.
        /Ngày ký kết luận không thể trước ngày làm việc cuối cùng/,
      );
    const d = await today();
    for (const signer of ['Phạm Thị Dung', 'Lê Văn Cường'])
      await refused(
        h,
        () => h.executeUpdate(updates.signConclusion, { args: [{ signer, signedOn: d, recommendations: [], by: BY }] }),
        `"${signer}" không phải Trưởng đoàn hoặc người được giao ký thay trong kế hoạch; ${who}`,
      );

    // The deputy with KT. signs: accepted, with position and authority recorded.
    const signed = await h.executeUpdate(updates.signConclusion, {
      args: [{ signer: 'trần thị bình', signedOn: d, recommendations: [], by: BY }],
    });
    expect(signed.conclusion).toMatchObject({
      signer: 'Trần Thị Bình',
      position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố',
      authority: 'KT.',
      signsFor: 'Trưởng đoàn kiểm tra',
    });
    expect(signed.history.find((e) => e.action === 'Ký ban hành kết luận kiểm tra')!.detail).toMatch(
      /^Trần Thị Bình \(KT\. Trưởng đoàn kiểm tra, Giám đốc Trung tâm Phục vụ hành chính công thành phố\), ngày /,
    );
    const done = await finished(stack.env, h);
    expect(done.stage).toBe('closed');
    await saveHistory(stack.env, h.workflowId, 'inspection-team-changed-deputy-signs');
  });

  it('accepts the Trưởng đoàn as signer; an inspection without a team accepts any signer, as before', async () => {
    const d = await today();
    const h = await drafting('Sở Xây dựng');
    const s = await h.executeUpdate(updates.signConclusion, {
      args: [{ signer: 'Nguyễn Văn An', signedOn: d, recommendations: [], by: BY }],
    });
    expect(s.conclusion).toMatchObject({ signer: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố' });
    expect(s.conclusion!.authority).toBeUndefined();
    expect((await finished(stack.env, h)).emails.map((e) => e.kind)).toContain('conclusion');

    const old = await drafting('Sở Y tế', null);
    expect((await state(old)).team).toBeUndefined();
    await refused(
      old,
      () => old.executeUpdate(updates.changeTeam, { args: [{ remove: 'Ai đó', reason: 'x', by: BY }] }),
      /^Cuộc kiểm tra này được khởi tạo khi kế hoạch chưa ghi thành phần Đoàn kiểm tra/,
    );
    const any = await old.executeUpdate(updates.signConclusion, {
      args: [{ signer: 'Trần Văn B', signedOn: d, recommendations: [], by: BY }],
    });
    expect(any.conclusion).toMatchObject({ signer: 'Trần Văn B' });
  });
});

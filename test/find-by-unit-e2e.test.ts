import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import { INSPECTION_WORKFLOW, inspectionStartOptions, type InspectionState } from '../workflows/inspection/contract';
import { inspectionWorkflowId } from '../workflows/ids';
import { inspectionInput } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra, run } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/**
 * A unit's inspection found by unit through visibility, not by an id built from the current year:
 * started this year on a dev server, it is reached by the CLI whose clock is put at 03:00 on
 * 12 January of next year (test/kit/fixed-clock.cjs), by its name with or without diacritics; a
 * mistyped name gets the closest one. Without the search, the CLI would look for next year's id.
 */
describe('finding an inspection by unit in January of the next year (CLI, dev server)', () => {
  const stack = useWorkerStack(devServerEnv);
  const unit = 'Sở Tài chính';
  const input = inspectionInput(unit, liveDates(sharedCalendar(), Date.now()).noticeDue);
  const next = input.year + 1;
  // 03:00 on 12/01 in Hải Phòng: UTC is still on the 11th.
  const CLOCK = `${next}-01-11T20:00:00.000Z`;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Phòng KSTTHC',
      KIEMTRA_TEST_CLOCK: CLOCK,
      NODE_OPTIONS: `--require ${path.join(projectRoot, 'test', 'kit', 'fixed-clock.cjs')}`,
    });
    delete env.KIEMTRA_YEAR;
  });
  const cli = (...args: string[]) => kiemtra(args, env);

  it('status and an update reach this year’s inspection; a typo is told the closest name', async () => {
    // The clock the CLI runs on.
    const clock = await run(process.execPath, ['-e', 'process.stdout.write(new Date().toISOString().slice(0, 10))'], env);
    expect(clock.stdout).toBe(`${next}-01-11`);

    await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    const id = inspectionWorkflowId(input.year, unit);
    await eventually(
      async () => {
        for await (const w of stack.env.client.workflow.list({ query: `WorkflowType = 'inspection' AND InspectionStage = 'notified'` }))
          if (w.workflowId === id) return true;
        return undefined;
      },
      60_000,
      'the notified inspection in visibility',
    );

    for (const typed of [unit, 'SO TAI CHINH', 'so-tai-chinh']) {
      const r = await cli('status', typed, '--json');
      expect(r.stderr, typed).toBe('');
      expect((JSON.parse(r.stdout) as InspectionState).workflowId, typed).toBe(id);
    }

    const reported = await cli(
      'report',
      unit,
      '--received',
      localDateOf(Date.now()),
      '--indicator',
      'satisfaction=96',
      '--indicator',
      'onlineReceived=62.4',
    );
    expect(reported.stderr).toBe('');
    expect(reported.stdout).toMatch(/^Đã ghi nhận báo cáo.*: Sở Tài chính\. Giai đoạn: /);
    // What the report recorded: each indicator against its target, and the finding a missed one became.
    expect(reported.stdout).toMatch(/\n {2}- Mức độ hài lòng của người dân, doanh nghiệp 96% ≥ 95%: đạt\n/);
    expect(reported.stdout).toMatch(/Phát hiện tự động từ chỉ tiêu chưa đạt:\n {2}- F1\. Hồ sơ tiếp nhận trực tuyến 62,4% < 80%\n/);

    const typo = await cli('status', 'Sở Tài chin');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('Lỗi: không tìm thấy cuộc kiểm tra nào của "Sở Tài chin". Có phải: "Sở Tài chính"?\n');

    // Next year's id, the one the CLI built from its clock before, does not exist.
    const byYear = await cli('status', unit, '--year', String(next));
    expect(byYear.code).not.toBe(0);
  }, 120_000);
});

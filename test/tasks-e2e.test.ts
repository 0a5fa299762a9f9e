import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/** The yearly plan's tasks through the CLI on a dev server: start (idempotent), list, complete, extend. */
describe('kiemtra tasks (CLI, dev server)', () => {
  const stack = useWorkerStack(devServerEnv);
  const PLAN = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Phòng KSTTHC',
      KIEMTRA_YEAR: '2026',
    });
  });
  const cli = (...args: string[]) => kiemtra(args, env);

  it('starts one workflow per dated task, once; lists, completes and extends them', async () => {
    const first = await cli('tasks', 'start', PLAN, '--json');
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ plan: 'kstthc-2026', dated: 6, started: 6, alreadyRunning: 0, ongoing: 30 });
    expect(JSON.parse((await cli('tasks', 'start', PLAN, '--json')).stdout)).toMatchObject({ started: 0, alreadyRunning: 6 });

    const listed = await eventually(
      async () => {
        const rows = JSON.parse((await cli('tasks', 'list', '--json')).stdout) as {
          workflowId: string;
          status: string;
          overdue: boolean;
        }[];
        return rows.length === 6 ? rows : undefined;
      },
      30_000,
      'six tasks in visibility',
    );
    expect(listed.map((r) => r.workflowId)).toEqual([
      'task-kstthc-2026-i-2',
      'task-kstthc-2026-i-3',
      'task-kstthc-2026-ii-2-d',
      'task-kstthc-2026-ii-2-e',
      'task-kstthc-2026-ii-3-d',
      'task-kstthc-2026-v-4',
    ]);
    // For people: a compact table with each task's number and title from the plan, no workflow ids.
    const table = await cli('tasks', 'list');
    expect(table.stderr).toBe('');
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6 + 5);
    expect(lines[1]).toMatch(/│ Số +│ Nhiệm vụ +│ Trạng thái +│ Hạn +│ Quá hạn +│ Chủ trì +│/);
    expect(lines.slice(3, 9).map((l) => /^│ (\S+)/.exec(l)?.[1])).toEqual(['I.2', 'I.3', 'II.2.d', 'II.2.e', 'II.3.d', 'V.4']);
    expect(lines[3]).toMatch(/^│ I\.2 +│ \S.{10,}│ đang thực hiện +│ \d\d\/\d\d\/2026 +│/);
    expect(table.stdout).not.toContain('task-kstthc');
    expect(lines.at(-1)).toBe('6 nhiệm vụ của kế hoạch kstthc-2026');

    const { today, remediationBy } = liveDates(sharedCalendar(), Date.now());
    const done = await cli(
      'tasks',
      'done',
      'I.2',
      '--document',
      'Quyết định số 12/2026/QĐ-UBND',
      '--signed',
      today,
      '--link',
      'https://vanban.haiphong.example/12-2026',
    );
    expect(done.stderr).toBe('');
    expect(done.stdout).toBe('Đã ghi nhận hoàn thành: nhiệm vụ I.2, đã hoàn thành.\n');
    const again = await cli('tasks', 'done', 'I.2', '--document', 'x', '--signed', today);
    expect(again.code).toBe(2);

    const extended = await cli('tasks', 'extend', 'II.3.d', '--due', remediationBy, '--reason', 'Kéo dài đợt lưu động đến hết năm');
    expect(extended.stderr).toBe('');
    const status = await cli('tasks', 'status', 'II.3.d');
    expect(status.stdout).toContain('(gia hạn 1 lần)');
    const backwards = await cli('tasks', 'extend', 'V.4', '--due', '2026-06-01', '--reason', 'x');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/phải sau/);

    const overdue = await eventually(
      async () => {
        const rows = JSON.parse((await cli('tasks', 'list', '--overdue', '--json')).stdout) as { workflowId: string }[];
        return rows.some((r) => r.workflowId.endsWith('v-4')) && !rows.some((r) => r.workflowId.endsWith('i-2')) ? rows : undefined;
      },
      30_000,
      'the overdue tasks in visibility',
    );
    expect(overdue.map((r) => r.workflowId)).toEqual([
      'task-kstthc-2026-i-3',
      'task-kstthc-2026-ii-2-d',
      'task-kstthc-2026-ii-2-e',
      'task-kstthc-2026-v-4',
    ]);
  }, 120_000);
});

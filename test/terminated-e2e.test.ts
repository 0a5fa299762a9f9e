import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoundDashboard } from '../client/cli/dashboard';
import type { ListedWorkflow } from '../client/listing';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../workflows/inspection/contract';
import { inspectionInput } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/**
 * An inspection terminated from outside (the Web UI's terminate, `temporal workflow terminate`)
 * is shown as terminated by `kiemtra list`, `kiemtra status`, `kiemtra round status` and the round
 * summary, not as its last stage nor overdue; the other inspections of the round are unaffected.
 */
describe('a terminated inspection, everywhere (CLI, dev server)', () => {
  const stack = useWorkerStack(devServerEnv);
  const ROUND = 'cham-dut-2026';
  const ENDED = 'UBND phường Hồng Bàng';
  const LATE = 'UBND phường Lê Chân';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-terminated-'));
  const ids: Record<string, string> = {};
  let env: NodeJS.ProcessEnv;
  let year: string;
  const cli = (...args: string[]) => kiemtra(args, env);
  const listed = async (...extra: string[]) =>
    JSON.parse((await cli('list', '--round', ROUND, '--json', ...extra)).stdout) as ListedWorkflow[];

  beforeAll(async () => {
    const overdue = liveDates(sharedCalendar(), Date.now()).reportOverdue;
    year = overdue.start.slice(0, 4);
    env = cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address, KIEMTRA_YEAR: year });
    // Both brought in on site a week after their visit began, their unit's report still missing.
    for (const unit of [ENDED, LATE]) {
      const o = inspectionStartOptions(
        { ...inspectionInput(unit, overdue), round: ROUND, current: { stage: 'on_site' as const } },
        stack.worker.options.taskQueue,
      );
      await stack.env.client.workflow.start(INSPECTION_WORKFLOW, o);
      ids[unit] = o.workflowId;
    }
    await eventually(
      async () => ((await listed()).filter((r) => r.overdue).length === 2 ? true : undefined),
      30_000,
      'both inspections overdue in visibility',
    );
    await stack.env.client.workflow.getHandle(ids[ENDED]!).terminate('Kiểm thử: chấm dứt từ Web UI');
    await eventually(
      async () => ((await listed()).some((r) => r.status === 'TERMINATED') ? true : undefined),
      30_000,
      'the terminated one in visibility',
    );
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kiemtra list shows it as terminated, not overdue; the other stays on site and overdue', async () => {
    const rows = await listed();
    expect(rows.find((r) => r.unit === ENDED)).toMatchObject({ stage: 'terminated', overdue: false, status: 'TERMINATED' });
    expect(rows.find((r) => r.unit === LATE)).toMatchObject({ stage: 'on_site', overdue: true, status: 'RUNNING' });
    expect((await listed('--overdue')).map((r) => r.unit)).toEqual([LATE]);
    const table = (await cli('list', '--round', ROUND)).stdout;
    expect(table.split('\n').find((l) => l.includes(ENDED))).toContain('Đã bị chấm dứt');
    expect(table.split('\n').find((l) => l.includes(ENDED))).not.toContain('CÓ');
    expect(table.split('\n').find((l) => l.includes(LATE))).toContain('Đang kiểm tra tại đơn vị');
  });

  it('kiemtra status says terminated, with its last stage, and nothing overdue', async () => {
    const ended = await cli('status', ENDED);
    expect(ended.stderr).toBe('');
    expect(ended.stdout.split('\n')[0]).toBe(`${ENDED}: Đã bị chấm dứt (kiểm tra định kỳ)`);
    expect(ended.stdout).toContain('khi đang ở giai đoạn "Đang kiểm tra tại đơn vị"');
    expect(ended.stdout).not.toContain('QUÁ HẠN');
    expect(ended.stdout).not.toContain('Việc hẹn giờ tiếp theo');
    expect(JSON.parse((await cli('status', ENDED, '--json')).stdout)).toMatchObject({
      overdue: [],
      terminated: { at: expect.any(String) },
    });
    const late = await cli('status', LATE);
    expect(late.stdout.split('\n')[0]).toBe(`${LATE}: Đang kiểm tra tại đơn vị (kiểm tra định kỳ)`);
    expect(late.stdout).toContain('QUÁ HẠN');
  });

  it('kiemtra round status counts it as terminated and lists only the other as overdue', async () => {
    const board = JSON.parse((await cli('round', 'status', ROUND, '--json')).stdout) as RoundDashboard;
    expect(board.byStage).toEqual({ on_site: 1, terminated: 1 });
    expect(new Set(board.overdue.map((o) => o.unit))).toEqual(new Set([LATE]));
    const text = (await cli('round', 'status', ROUND)).stdout;
    expect(text).toContain('  - Đã bị chấm dứt: 1');
    expect(text).toContain('  - Đang kiểm tra tại đơn vị: 1');
  });

  it('the round summary reports it as terminated, not overdue', async () => {
    const made = await cli('round', 'summary', ROUND, '-o', dir);
    expect(made.stderr).toBe('');
    const md = fs.readFileSync(path.join(dir, `${ROUND}.md`), 'utf8');
    expect(md).toContain('- Đã bị chấm dứt: 1.');
    expect(md).toContain(`| ${ENDED} | Đã bị chấm dứt |`);
    expect(md).toContain(`| ${LATE} | Đang kiểm tra tại đơn vị |`);
    expect(md).toContain(`- Đơn vị có việc quá hạn: ${LATE}.`);
    const figures = JSON.parse((await cli('round', 'summary', ROUND, '--json')).stdout) as { byStage: object; overdue: string[] };
    expect(figures).toMatchObject({ byStage: { on_site: 1, terminated: 1 }, overdue: [LATE] });
  });
});

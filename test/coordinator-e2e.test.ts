import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { projectRoot } from '../config/paths';
import { addDays, type LocalDate } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { PAST_AT_START } from '../domain/send-times';
import { cleanEnv, kiemtra } from './kit/process';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';
import { useWorkerStack } from './kit/stack';
import type { RoundDashboard } from '../client/cli/dashboard';

/**
 * What a coordinator hits in the first hour, replayed through the CLI on a dev server: a round
 * started after its self-inspection deadline; recording a self-inspection report; a reschedule onto
 * another unit's days; the round at a glance.
 */
describe("a coordinator's first hour (CLI, dev server)", () => {
  const cal = sharedCalendar();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-coord-'));
  const stack = useWorkerStack(devServerEnv);
  const ROUND = 'dieu-phoi-2026';
  let env: NodeJS.ProcessEnv;
  let today: LocalDate;
  let proposed: string;
  beforeAll(async () => {
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Nguyễn Văn A',
      KIEMTRA_YEAR: '2026',
    });
    today = liveDates(cal, Date.now()).today;
    // The shipped plan, its window extended from today, its self-inspection deadline already past.
    const doc = parseDocument(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8'));
    doc.set('round', ROUND);
    doc.setIn(['window', 'to'], addDays(today, 300));
    doc.setIn(['selfInspection', 'before'], addDays(today, -10));
    const planFile = path.join(dir, 'plan.yaml');
    fs.writeFileSync(planFile, doc.toString());
    proposed = path.join(dir, 'plan.lich.yaml');
    expect((await kiemtra(['plan', 'propose', planFile, '-o', proposed], env)).code).toBe(0);
    const started = await kiemtra(['round', 'start', proposed, '--json'], env);
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toMatchObject({ started: 40, total: 40 });
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = async (...args: string[]) => kiemtra(args, env);
  const visitOf = (unit: string) => {
    const units = parseDocument(fs.readFileSync(proposed, 'utf8')).toJS().units as {
      name: string;
      visit: { start: string; end: string };
    }[];
    return units.find((u) => u.name === unit)!.visit;
  };

  it('records a self-inspection with its indicators, and lists self-inspections', async () => {
    const wrong = await cli('report', 'Sở Công Thương', '--received', today);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('là đơn vị tự kiểm tra');
    expect(wrong.stderr).toContain('kiemtra self report "Sở Công Thương"');

    const done = await cli(
      'self',
      'report',
      'Sở Công Thương',
      '--received',
      today,
      '--indicator',
      'onlineReceived=72',
      '--indicator',
      'satisfaction=97',
    );
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain('Đã ghi nhận báo cáo tự kiểm tra: Sở Công Thương (muộn).');
    const status = await cli('self', 'status', 'so-cong-thuong');
    expect(status.stdout).toContain('Sở Công Thương: đã nộp báo cáo tự kiểm tra');
    expect(status.stdout).toContain('Hồ sơ tiếp nhận trực tuyến 72% < 80%');
    const again = await cli('self', 'report', 'Sở Công Thương', '--received', today);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('self-inspection-2026-so-cong-thuong đã kết thúc (hoàn thành), không nhận thêm cập nhật');

    const rows = await eventually(
      async () => {
        const r = JSON.parse((await cli('self', 'list', '--round', ROUND, '--json')).stdout) as {
          unit: string;
          stage: string;
          overdue: boolean;
        }[];
        return r.length === 6 && r.some((x) => x.stage === 'self_received') ? r : undefined;
      },
      30_000,
      'six self-inspections in visibility',
    );
    expect(rows.filter((r) => r.stage === 'self_waiting').every((r) => r.overdue)).toBe(true);
    const all = JSON.parse((await cli('list', '--kind', 'all', '--round', ROUND, '--json')).stdout) as { type: string }[];
    expect(all.filter((r) => r.type === 'selfInspection')).toHaveLength(6);
    expect(all.filter((r) => r.type === 'inspection')).toHaveLength(34);
  }, 120_000);

  it('escalates a self-inspection overdue at the start once, at the next 08:00, and says so', async () => {
    const status = await cli('self', 'status', 'Sở Nội vụ');
    expect(status.stdout).toContain('chờ báo cáo tự kiểm tra (QUÁ HẠN)');
    expect(status.stdout).toMatch(
      new RegExp(`Việc hẹn giờ: Báo cáo tự kiểm tra quá hạn: báo điều phối viên \\(${PAST_AT_START}\\), \\d{2}/\\d{2}/\\d{4} 08:00`),
    );
    expect(status.stdout).toContain('đã qua khi bắt đầu theo dõi');
  });

  it('refuses a reschedule onto another unit’s days, naming it, unless the clash is accepted with a reason', async () => {
    const other = 'UBND phường Thành Đông';
    const target = visitOf(other);
    const before = JSON.parse((await cli('status', 'Sở Y tế', '--json')).stdout) as { visit: unknown; history: unknown[] };
    const refused = await cli('reschedule', 'Sở Y tế', '--start', target.start, '--end', target.end);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`trùng ngày làm việc với ${other}`);
    const unchanged = JSON.parse((await cli('status', 'Sở Y tế', '--json')).stdout) as { visit: unknown; history: unknown[] };
    expect(unchanged.visit).toEqual(before.visit);
    expect(unchanged.history).toEqual(before.history);

    expect((await cli('reschedule', 'Sở Y tế', '--start', target.start, '--end', target.end, '--allow-clash')).stderr).toContain(
      '--allow-clash cần --reason',
    );
    const accepted = await cli(
      'reschedule',
      'Sở Y tế',
      '--start',
      target.start,
      '--end',
      target.end,
      '--allow-clash',
      '--reason',
      'Hai đoàn cùng làm việc',
    );
    expect(accepted.stderr).toBe('');
    const moved = JSON.parse((await cli('status', 'Sở Y tế', '--json')).stdout) as {
      visit: { start: string };
      history: { action: string; detail?: string }[];
    };
    expect(moved.visit.start).toBe(target.start);
    // The reschedule's entry (a new Thông báo is drafted after it, with the plan's documents).
    expect([...moved.history].reverse().find((e) => e.action === 'Điều chỉnh lịch kiểm tra')?.detail).toContain(
      `lý do: Hai đoàn cùng làm việc; chấp nhận trùng lịch với ${other}`,
    );

    // The round now knows Sở Y tế's new days: a third unit is refused on them, both named.
    const third = await cli('reschedule', 'Sở Tài chính', '--start', target.start, '--end', target.end);
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/trùng ngày làm việc với .*(Sở Y tế.*UBND phường Thành Đông|UBND phường Thành Đông.*Sở Y tế)/);
  }, 120_000);

  it('shows the round at a glance: stages, overdue items and who acts, visits this week and next, reports awaited', async () => {
    const r = await cli('round', 'status', ROUND, '--json');
    expect(r.stderr).toBe('');
    const board = JSON.parse(r.stdout) as RoundDashboard;
    expect(board.inspections).toBe(34);
    expect(Object.values(board.byStage).reduce((a, n) => a + n, 0)).toBe(34);
    expect(board.selfInspections).toEqual({ total: 6, received: 1, waiting: 5, overdue: 5 });
    expect(board.overdue.filter((o) => o.what === 'Báo cáo tự kiểm tra')).toHaveLength(5);
    expect(board.overdue.every((o) => o.who === 'đơn vị')).toBe(true);
    expect(board.reportsAwaited).toHaveLength(34);
    const text = (await cli('round', 'status', ROUND)).stdout;
    expect(text).toContain(`Đợt ${ROUND}`);
    expect(text).toContain('Theo giai đoạn:');
    expect(text).toContain('Quá hạn (5):');
    expect(text).toContain('Sở Nội vụ: Báo cáo tự kiểm tra');
    expect(text).toContain('cần: đơn vị');
    expect(text).toContain('Làm việc tuần này:');
    expect(text).toContain('Đang chờ báo cáo của đơn vị (34):');
  }, 60_000);
});

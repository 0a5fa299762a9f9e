import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../config/paths';
import { addDays, localDateOf } from '../domain/dates';
import { inspectionWorkflowId, selfInspectionWorkflowId } from '../workflows/ids';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/**
 * Full coverage from the registry (issue 24): a registry of 150 units, generated here; a round
 * plan that inspects four of them by id and gives every other unit a self-inspection
 * (`selfInspection: { units: registry }`); one `round start` starts all 150 processes, and one
 * `reports start` asks all 150 units for their periodic report; `reports status` names who is
 * missing. On a dev server, through the built CLI.
 */
const KINDS = ['department', 'board', 'ward', 'commune', 'specialZone'] as const;
const WORDS = { department: 'Sở', board: 'Ban', ward: 'UBND phường', commune: 'UBND xã', specialZone: 'UBND đặc khu' } as const;

describe('every registered unit is covered (CLI, dev server)', () => {
  const stack = useWorkerStack(devServerEnv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-coverage-'));
  const cal = sharedCalendar();
  const today = localDateOf(Date.now());
  const units = Array.from({ length: 150 }, (_, i) => {
    const kind = i < 4 ? 'department' : KINDS[i % KINDS.length]!;
    const n = String(i + 1).padStart(3, '0');
    return { id: `don-vi-${n}`, name: `${WORDS[kind]} Thử Nghiệm ${n}`, kind, emails: [`don-vi-${n}@haiphong.example`] };
  });
  let env: NodeJS.ProcessEnv;
  let planFile: string;
  let taskPlanFile: string;

  beforeAll(() => {
    const registry = path.join(dir, 'units.yaml');
    fs.writeFileSync(registry, stringify({ units }));
    const shipped = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown>;
    // Visits from the first day the 7-working-day notice allows, one unit a day.
    let day = cal.addWorkingDays(today, 9);
    const visits = units.slice(0, 4).map((u) => {
      const start = day;
      const end = cal.addWorkingDays(start, 1);
      day = cal.addWorkingDays(end, 3);
      return { unit: u.id, visit: { start, end } };
    });
    const plan = {
      ...shipped,
      round: 'bao-phu',
      year: Number(visits[0]!.visit.start.slice(0, 4)),
      window: { from: today, to: addDays(day, 30) },
      rules: { visitWorkingDays: 2, maxVisitsPerWeek: 3, oneUnitPerDay: true },
      units: visits,
      selfInspection: { before: cal.addWorkingDays(today, 25), basis: 'khoản 4 Mục V của Kế hoạch kiểm tra', units: 'registry' },
    };
    delete (plan as Record<string, unknown>).nominations;
    delete (plan as Record<string, unknown>).documents;
    planFile = path.join(dir, 'bao-phu.yaml');
    fs.writeFileSync(planFile, stringify(plan));
    const taskPlan = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'kstthc-2026.yaml'), 'utf8')) as {
      reporting: { unitsFrom: string };
    };
    taskPlan.reporting.unitsFrom = 'bao-phu.yaml';
    taskPlanFile = path.join(dir, 'kstthc-2026.yaml');
    fs.writeFileSync(taskPlanFile, stringify(taskPlan));
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Phòng KSTTHC',
      KIEMTRA_UNITS: registry,
    });
    delete env.KIEMTRA_YEAR;
  });
  const cli = (...args: string[]) => kiemtra(args, env);

  it('starts an inspection or a self-inspection for each of the 150 units in one command', async () => {
    const r = await cli('round', 'start', planFile);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/: 4 cuộc kiểm tra và 146 đơn vị tự kiểm tra \(150 quy trình mới\)\./);
    const year = Number(fs.readFileSync(planFile, 'utf8').match(/^year: (\d+)/m)![1]);
    for (const u of units.slice(4)) {
      const d = await stack.env.client.workflow.getHandle(selfInspectionWorkflowId(year, u.name)).describe();
      expect(d.status.name, u.name).toBe('RUNNING');
    }
  }, 600_000);

  it('adds the units the plan gained on the next round start, lists changed days, and starts nothing twice', async () => {
    const registry = path.join(dir, 'units.yaml');
    const grown = [
      ...units,
      { id: 'don-vi-151', name: 'UBND xã Mới Thêm 151', kind: 'commune', emails: ['don-vi-151@haiphong.example'] },
      { id: 'don-vi-152', name: 'Sở Mới Thêm 152', kind: 'department', emails: ['don-vi-152@haiphong.example'] },
    ];
    fs.writeFileSync(registry, stringify({ units: grown }));
    const plan = parse(fs.readFileSync(planFile, 'utf8')) as { units: { unit: string; visit: { start: string; end: string } }[] };
    const last = plan.units.at(-1)!.visit.end;
    const start = cal.addWorkingDays(last, 3);
    plan.units.push({ unit: 'don-vi-152', visit: { start, end: cal.addWorkingDays(start, 1) } });
    const movedStart = cal.addWorkingDays(start, 3);
    const before = plan.units[0]!.visit;
    plan.units[0]!.visit = { start: movedStart, end: cal.addWorkingDays(movedStart, 1) };
    fs.writeFileSync(planFile, stringify(plan));

    const r = await cli('round', 'start', planFile);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /bổ sung 2 đơn vị mới trong kế hoạch \(Sở Mới Thêm 152, UBND xã Mới Thêm 151\); các quy trình đã có giữ nguyên\./,
    );
    expect(r.stdout).toContain(`Lịch của ${units[0]!.name} trong kế hoạch`);
    expect(r.stdout).toContain(`--start ${movedStart}`);
    const year = Number(before.start.slice(0, 4));
    expect((await stack.env.client.workflow.getHandle(selfInspectionWorkflowId(year, 'UBND xã Mới Thêm 151')).describe()).status.name).toBe(
      'RUNNING',
    );

    const again = await cli('round', 'start', planFile, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, started: 0, total: 152, added: [] });
    // The moved unit was left for `reschedule`: its inspection still has the first days.
    plan.units[0]!.visit = before;
    plan.units.pop();
    fs.writeFileSync(planFile, stringify(plan));
    fs.writeFileSync(registry, stringify({ units }));
  }, 600_000);

  it('starts a surprise inspection of a registered unit outside the list, with no notice, within the round’s rules', async () => {
    const plan = parse(fs.readFileSync(planFile, 'utf8')) as {
      year: number;
      units: { unit: string; visit: { start: string; end: string } }[];
    };
    const listed = units[0]!;
    const taken = plan.units[1]!.visit.start;
    const refused = await cli('round', 'surprise', planFile, listed.name, '--start', taken, '--end', taken);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/đã có trong danh sách kiểm tra của kế hoạch; đổi lịch bằng kiemtra reschedule/);
    const target = units[20]!;
    const clash = await cli('round', 'surprise', planFile, target.name, '--start', taken, '--end', taken);
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toContain(`Lịch làm việc của ${target.name}`);
    const day = cal.addWorkingDays(today, 2);
    const r = await cli('round', 'surprise', planFile, target.id, '--start', day, '--end', day);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      new RegExp(`^Đã bổ sung vào đợt bao-phu cuộc kiểm tra đột xuất tại ${target.name}, làm việc .* \\(không thông báo trước\\)\\.`),
    );
    const state = await eventually(
      async () => {
        const h = stack.env.client.workflow.getHandle(inspectionWorkflowId(plan.year, target.name));
        return h
          .query<{ kind: string; deadlines: { id: string }[] }>('state')
          .then((s) => s)
          .catch(() => undefined);
      },
      60_000,
      'the surprise inspection',
    );
    expect(state.kind).toBe('surprise');
    expect(state.deadlines.map((d) => d.id)).not.toContain('notice');
  }, 600_000);

  it('asks all 150 units for their periodic report in one command, and the status names the missing ones', async () => {
    const opened = await cli('reports', 'start', '2026-10', '--file', taskPlanFile, '--working-days', '5');
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(/^Đã mở kỳ báo cáo tháng 10\/2026: 150 đơn vị nhận đề nghị báo cáo/);
    const status = await eventually(
      async () => {
        const s = JSON.parse((await cli('reports', 'status', '2026-10', '--file', taskPlanFile, '--json')).stdout) as {
          counts: Record<string, number>;
          units: { unit: string; standing: string }[];
        };
        return s.counts.waiting === 150 ? s : undefined;
      },
      300_000,
      'every unit asked',
    );
    expect(new Set(status.units.map((u) => u.unit))).toEqual(new Set(units.map((u) => u.name)));
  }, 600_000);
});

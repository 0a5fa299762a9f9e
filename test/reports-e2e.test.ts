import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporalCliPath, projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import { periodBefore } from '../domain/periods';
import { periodicReportWorkflowId, reportScheduleId } from '../workflows/ids';
import { cleanEnv, kiemtra, run } from './helpers/process';
import { useWorkerStack } from './helpers/stack';
import { devServerEnv, eventually } from './helpers/temporal';

/**
 * Periodic reports on real Temporal Schedules (dev server), through the CLI: the four Schedules are
 * created once, listed by `temporal schedule list`; a triggered monthly period starts every unit's
 * report; one is recorded; the consolidated report names the missing units.
 */
describe('kiemtra reports (CLI, dev server, Temporal Schedules)', () => {
  const stack = useWorkerStack(devServerEnv);
  const PLAN = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address, KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue, KIEMTRA_ACTOR: 'Phòng KSTTHC' });
  });
  const cli = (...args: string[]) => kiemtra(args, env);

  it('creates the Schedules once, triggers a period, records a report and consolidates it', async () => {
    const created = JSON.parse((await cli('reports', 'schedule', PLAN, '--json')).stdout) as { units: number; schedules: { scheduleId: string; created: boolean }[] };
    expect(created.units).toBe(40);
    expect(created.schedules).toEqual(['monthly', 'quarterly', 'sixmonthly', 'annual'].map((k) => ({ scheduleId: `reports-kstthc-2026-${k}`, created: true })));
    const again = JSON.parse((await cli('reports', 'schedule', PLAN, '--json')).stdout) as { schedules: { created: boolean }[] };
    expect(again.schedules.every((s) => !s.created)).toBe(true);

    const listed = await run(temporalCliPath(), ['schedule', 'list', '--address', stack.env.connection.options.address, '--output', 'json']);
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.stdout) as { scheduleId: string }[]).map((s) => s.scheduleId).sort();
    expect(ids).toEqual(['reports-kstthc-2026-annual', 'reports-kstthc-2026-monthly', 'reports-kstthc-2026-quarterly', 'reports-kstthc-2026-sixmonthly']);
    const described = await stack.env.client.schedule.getHandle(reportScheduleId('kstthc-2026', 'monthly')).describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 15, end: 15, step: 1 }], hour: [{ start: 8, end: 8, step: 1 }] });
    expect(described.spec.timezone).toBe('Asia/Ho_Chi_Minh');

    // Trigger the monthly Schedule now: the period whose data ended before today starts its reports.
    await stack.env.client.schedule.getHandle(reportScheduleId('kstthc-2026', 'monthly')).trigger();
    const period = periodBefore('monthly', localDateOf(Date.now()));
    const unit = 'Sở Tài chính';
    const reportId = periodicReportWorkflowId('kstthc-2026', period.id, unit);
    await eventually(async () => {
      try {
        const d = await stack.env.client.workflow.getHandle(reportId).query<{ deadline?: unknown }>('state');
        return d.deadline ? true : undefined;
      } catch {
        return undefined;
      }
    }, 60_000, 'the triggered period to start the reports');

    const recorded = await cli('reports', 'record', unit, '--period', period.id, '--plan', 'kstthc-2026', '--received', localDateOf(Date.now()), '--indicator', 'onlineReceived=82', '--indicator', 'satisfaction=93');
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toContain(`Đã ghi nhận báo cáo ${period.label}: ${unit}`);

    const figures = JSON.parse((await cli('reports', 'summary', PLAN, period.id, '--json')).stdout) as { units: number; received: number; missing: string[]; misses: { unit: string; target: string }[] };
    expect(figures).toMatchObject({ units: 40, received: 1 });
    expect(figures.missing).toHaveLength(39);
    expect(figures.missing).not.toContain(unit);
    expect(figures.misses).toEqual([{ unit, target: 'satisfaction', text: 'Mức độ hài lòng của người dân, doanh nghiệp 93% < 95%' }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-reports-'));
    const written = await cli('reports', 'summary', PLAN, period.id, '-o', dir);
    expect(written.stderr).toBe('');
    const md = fs.readFileSync(path.join(dir, `bao-cao-${period.id}.md`), 'utf8');
    expect(md).toContain(`# Báo cáo tổng hợp kết quả kiểm soát TTHC ${period.label}`);
    expect(md).toContain('Chưa báo cáo: Sở Nông nghiệp và Môi trường');
    expect(md).toContain('Sở Tài chính: Mức độ hài lòng của người dân, doanh nghiệp 93% < 95%.');
    expect(fs.readFileSync(path.join(dir, `bao-cao-${period.id}.docx`)).subarray(0, 2).toString()).toBe('PK');
  }, 180_000);
});

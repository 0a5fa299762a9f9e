import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { projectRoot } from '../config/paths';
import { localDateOf, type LocalDate } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { periodBefore } from '../domain/periods';
import { inspectionWorkflowId, periodicReportWorkflowId, selfInspectionWorkflowId } from '../workflows/ids';
import {
  documentedCommands,
  freeVisitAfter,
  walkthroughRoundPlan,
  WALKTHROUGH_PAGES,
  WALKTHROUGH_ROUND,
  withLiveDates,
  type DateRole,
  type DocCommand,
  type RawRoundPlan,
} from './kit/docs';
import { cleanEnv, type RunResult } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/**
 * Every `npx kiemtra …` command of the README's and docs' `sh` blocks, run in the pages' order as
 * one walkthrough on a dev server, with the built CLI, a worker and a real SMTP server. Each must
 * exit 0, and print exactly what a `# → value` comment says. The walkthrough runs in a scratch
 * folder with copies of `plans/`, so the documented relative paths work; the example dates are
 * replaced by dates with the same role relative to today (test/kit/docs.ts, DATE_ROLES).
 */
const ROUND = WALKTHROUGH_ROUND;
const TASKS_PLAN = 'kstthc-2026';
const YEAR = 2026;

describe('the documented commands (dev server, built CLI)', () => {
  const cal = sharedCalendar();
  const stack = useWorkerStack(devServerEnv);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-docs-'));
  const commands = WALKTHROUGH_PAGES.flatMap((page) => documentedCommands(page));
  const today = (): LocalDate => localDateOf(Date.now());
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_ACTOR: 'Nguyễn Văn A',
      // The shipped plans' year, whatever year the test runs in.
      KIEMTRA_YEAR: String(YEAR),
      KIEMTRA_DATA_DIR: path.join(scratch, '.data'),
      KIEMTRA_LINK_KEY: randomBytes(24).toString('hex'),
      KIEMTRA_PUBLIC_URL: 'https://kiemtra.haiphong.example',
    });
    // What a coordinator would do before the documented commands: copy the plans and bring the
    // round plan up to today (test/kit/docs.ts, walkthroughRoundPlan).
    fs.cpSync(path.join(projectRoot, 'plans'), path.join(scratch, 'plans'), { recursive: true });
    const planFile = path.join(scratch, 'plans', `${ROUND}.yaml`);
    const shipped = parseDocument(fs.readFileSync(planFile, 'utf8')).toJS() as RawRoundPlan;
    fs.writeFileSync(planFile, stringify(walkthroughRoundPlan(shipped, cal, Date.now())));
  });
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** Runs the built CLI, as `npx kiemtra` does, in the scratch folder. */
  const kiemtraIn = (args: string[]): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'client', 'cli', 'cli.js'), ...args], { cwd: scratch, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end();
    });

  /** A visit slot after every visit of the proposed plan, for the documented reschedule. */
  const freeVisit = () => {
    const proposed = parseDocument(fs.readFileSync(path.join(scratch, 'plans', `${ROUND}.lich.yaml`), 'utf8')).toJS() as {
      units: { visit: { end: LocalDate } }[];
    };
    return freeVisitAfter(
      proposed.units.map((u) => u.visit),
      cal,
    );
  };
  const roleValue = (role: DateRole): string => {
    const live = liveDates(cal, Date.now());
    switch (role) {
      case 'today':
        return live.today;
      case 'visit':
        return live.reportOverdue.start;
      case 'responseBy':
        return live.responseBy;
      case 'remediationBy':
        return live.remediationBy;
      case 'freeVisitStart':
        return freeVisit().start;
      case 'freeVisitEnd':
        return freeVisit().end;
      case 'lastMonthlyPeriod':
        return periodBefore('monthly', live.today).id;
    }
  };

  const state = async (workflowId: string) =>
    stack.env.client.workflow.getHandle(workflowId).query<{ stage?: string; deadline?: unknown }>('state');
  /**
   * What the servers do between two documented commands, without a coordinator: the round starts
   * its children; the opened period starts its units' reports.
   */
  const after: Record<string, () => Promise<void>> = {
    'round start': async () => {
      const plan = parseDocument(fs.readFileSync(path.join(scratch, 'plans', `${ROUND}.lich.yaml`), 'utf8')).toJS() as {
        units: { name: string }[];
        selfInspection: { units: { name: string }[] };
      };
      const ids = [
        ...plan.units.map((u) => inspectionWorkflowId(YEAR, u.name)),
        ...plan.selfInspection.units.map((u) => selfInspectionWorkflowId(YEAR, u.name)),
      ];
      expect(ids).toHaveLength(40);
      const started = async (id: string) =>
        stack.env.client.workflow
          .getHandle(id)
          .describe()
          .then(
            () => true,
            () => false,
          );
      await eventually(
        async () => ((await Promise.all(ids.map(started))).every(Boolean) ? true : undefined),
        60_000,
        'the round’s 40 children',
      );
      await eventually(
        async () => ((await state(inspectionWorkflowId(YEAR, 'Sở Xây dựng'))).stage === 'notified' ? true : undefined),
        60_000,
        'Sở Xây dựng’s notice',
      );
    },
    // The Schedules exist but the last period's 15th is past: `reports start` opens it.
    'reports start': async () => {
      const period = periodBefore('monthly', today()).id;
      for (const unit of ['Sở Xây dựng', 'UBND xã Tiên Minh']) {
        await eventually(
          async () => {
            try {
              return (await state(periodicReportWorkflowId(TASKS_PLAN, period, unit))).deadline ? true : undefined;
            } catch {
              return undefined;
            }
          },
          60_000,
          `${unit}'s periodic report`,
        );
      }
    },
  };
  const hooksRun = new Set<string>();
  const hookOf = (c: DocCommand) => Object.keys(after).find((k) => c.args.join(' ').startsWith(k));

  it('are many, from every page of the walkthrough', () => {
    expect(commands.length).toBeGreaterThan(30);
    expect(new Set(commands.map((c) => c.page))).toEqual(new Set(WALKTHROUGH_PAGES));
  });

  it('each exit 0 and print what the docs say, in order', async () => {
    const ran: string[] = [];
    for (const c of commands) {
      const args = withLiveDates(c, roleValue);
      const r = await kiemtraIn(args);
      const where = `${c.page}:${c.line}: ${c.text}\n  ran: kiemtra ${args.join(' ')}\n  exit ${r.code}\n  stdout: ${r.stdout.slice(0, 2000)}\n  stderr: ${r.stderr}`;
      expect(r.code, where).toBe(0);
      if (c.expected !== undefined) expect(r.stdout, where).toBe(`${c.expected}\n`);
      ran.push(args.join(' '));
      const hook = hookOf(c);
      if (hook && !hooksRun.has(hook)) {
        hooksRun.add(hook);
        await after[hook]!();
      }
    }
    expect([...hooksRun].sort()).toEqual(Object.keys(after).sort());
    expect(ran).toHaveLength(commands.length);

    // The walkthrough did what the pages say it does.
    const closed = await state(inspectionWorkflowId(YEAR, 'Sở Tài chính'));
    expect(closed.stage).toBe('closed');
    expect(fs.existsSync(path.join(scratch, 'bao-cao', `${ROUND}.docx`))).toBe(true);
    expect(fs.existsSync(path.join(scratch, 'bao-cao', `bao-cao-${periodBefore('monthly', today()).id}.md`))).toBe(true);
    expect(fs.existsSync(path.join(scratch, 'tien-do.html'))).toBe(true);
    expect(fs.existsSync(path.join(scratch, 'mau-thu', 'notice.eml'))).toBe(true);
  }, 600_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { projectRoot } from '../config/paths';
import { addDays } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { cleanEnv, freePort, kiemtra } from './kit/process';
import { startTestSmtp, type TestSmtp } from './kit/smtp';
import { devServerEnv, eventually, sharedCalendar, sharedTargets, testWorker } from './kit/temporal';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery } from '../workflows/inspection/contract';
import { chromiumTool, describeWithTools } from './kit/tools';

/**
 * What supervisors see, tested the way they see it: the real Temporal Web UI and the round timeline
 * in Debian's Chromium, driven by playwright-core. `.ci/run` installs Chromium when it is missing;
 * outside CI the suite is skipped, with a message, on a machine without it.
 */
const CHROMIUM = chromiumTool();
const ARTEFACTS = path.join(projectRoot, 'test-results', 'screenshots');

describeWithTools('supervisors in a real browser', [CHROMIUM], () => {
  const cal = sharedCalendar();
  let env: TestWorkflowEnvironment;
  let smtp: TestSmtp;
  let worker: Worker;
  let running: Promise<void>;
  let browser: Browser;
  let ui: string;
  const round = 'ui-round';
  const units = { notifiedA: 'Sở Y tế', notifiedB: 'UBND xã Tiên Minh', scheduled: 'UBND phường Gia Viên', overdue: 'UBND phường Kiến An' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const uiPort = await freePort();
    env = await devServerEnv({ uiPort });
    ui = `http://127.0.0.1:${uiPort}`;
    smtp = await startTestSmtp();
    worker = await testWorker(env, { activityDeps: { calendar: cal, targets: sharedTargets(), mail: smtp.mail() } });
    running = worker.run();
    const live = liveDates(cal, Date.now());
    const visits = { notifiedA: live.noticeDue, notifiedB: live.noticeDue, scheduled: live.noticeLater, overdue: live.reportOverdue };
    for (const [key, unit] of Object.entries(units)) {
      const { start } = visits[key as keyof typeof visits];
      // The overdue one was brought in on site, its visit begun a week ago, the unit's report still missing.
      const current = key === 'overdue' ? { current: { stage: 'on_site' as const } } : {};
      const options = inspectionStartOptions(
        { ...inspectionInput(unit, { start, end: start }), round, ...current },
        worker.options.taskQueue,
      );
      await env.client.workflow.start(INSPECTION_WORKFLOW, options);
      ids[key] = options.workflowId;
    }
    await eventually(
      async () => {
        let notified = 0;
        for await (const _ of env.client.workflow.list({ query: `InspectionRound = '${round}' AND InspectionStage = 'notified'` }))
          notified++;
        return notified === 2 ? true : undefined;
      },
      30_000,
      'two inspections notified in visibility',
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM.path,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fs.mkdirSync(ARTEFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    worker?.shutdown();
    await running;
    await smtp?.close();
    await env?.teardown();
  });

  it('lists exactly the inspections of a stage when the Web UI filters by InspectionStage', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const query = `InspectionRound = '${round}' AND InspectionStage = 'notified'`;
    await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    await page.getByText(ids.notifiedA!).first().waitFor({ timeout: 60_000 });
    await page.getByText(ids.notifiedB!).first().waitFor({ timeout: 30_000 });
    const body = await page.locator('body').innerText();
    expect(body).toContain(ids.notifiedA);
    expect(body).toContain(ids.notifiedB);
    expect(body).not.toContain(ids.scheduled);
    await page.screenshot({ path: path.join(ARTEFACTS, 'ui-list-notified.png'), fullPage: true });
    await page.close();
  }, 120_000);

  it('lists only the late inspections when the Web UI filters by InspectionOverdue', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 600 } });
    const query = `InspectionRound = '${round}' AND InspectionOverdue = true`;
    await page.goto(`${ui}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
    await page.getByText(ids.overdue!).first().waitFor({ timeout: 60_000 });
    const body = await page.locator('body').innerText();
    for (const key of ['notifiedA', 'notifiedB', 'scheduled']) expect(body).not.toContain(ids[key]);
    await page.screenshot({ path: path.join(ARTEFACTS, 'ui-list-overdue.png') });
    await page.close();
  }, 120_000);

  it("answers the README's query for a week's visits (a datetime range on InspectionVisitDate)", async () => {
    const { start } = (await env.client.workflow.getHandle(ids.scheduled!).query(stateQuery)).visit;
    const monday = cal.addWorkingDays(start, 0);
    const from = `${monday}T00:00:00+07:00`;
    const to = `${addDays(monday, 1)}T00:00:00+07:00`;
    const found: string[] = [];
    for await (const wf of env.client.workflow.list({
      query: `InspectionRound = '${round}' AND InspectionVisitDate >= '${from}' AND InspectionVisitDate < '${to}'`,
    }))
      found.push(wf.workflowId);
    expect(found).toEqual([ids.scheduled]);
  });

  it("shows an inspection's Vietnamese summary on its page", async () => {
    const handle = env.client.workflow.getHandle(ids.notifiedA!);
    const { runId } = await handle.describe();
    await handle.query(stateQuery);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    await page.goto(`${ui}/namespaces/default/workflows/${ids.notifiedA}/${runId}/history`);
    // The UI keeps summary, details and current details in its "User Metadata" section.
    await page.getByText('User Metadata', { exact: true }).first().click({ timeout: 60_000 });
    // The Markdown panes (summary, details, current details) are rendered in frames.
    const allText = async () =>
      (
        await Promise.all(
          page.frames().map((f) =>
            f
              .locator('body')
              .innerText()
              .catch(() => ''),
          ),
        )
      ).join('\n');
    const text = await eventually(
      async () => {
        const t = await allText();
        return t.includes('Đang chờ: Đơn vị gửi báo cáo phục vụ kiểm tra') ? t : undefined;
      },
      30_000,
      'the current details in the page',
    );
    expect(text).toContain('Sở Y tế: Đã thông báo');
    expect(text).toMatch(/Sở Y tế: kiểm tra định kỳ, từ Thứ/);
    expect(text).toContain('Nhắc hạn nộp báo cáo');
    await page.screenshot({ path: path.join(ARTEFACTS, 'ui-inspection-summary.png'), fullPage: true });
    // UI 2.54 shows the metadata in place of the event history; the history, on the page as it
    // opens, names each timer and activity by its Vietnamese summary.
    await page.goto(`${ui}/namespaces/default/workflows/${ids.notifiedA}/${runId}/history`);
    await eventually(
      async () => ((await allText()).includes('Gửi thông báo lịch kiểm tra') ? true : undefined),
      30_000,
      'the event summaries in the history',
    );
    await page.close();
  }, 120_000);

  it('renders every unit in the round timeline page, offline', async () => {
    const file = path.join(ARTEFACTS, '..', 'timeline.html');
    const r = await kiemtra(['round', 'timeline', round, '-o', file], cleanEnv({ TEMPORAL_ADDRESS: env.connection.options.address }));
    expect(r.stderr).toBe('');
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 700 } });
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    const rows = page.locator('.row');
    expect(await rows.count()).toBe(4);
    for (const unit of Object.values(units)) await expect(page.locator(`.row[data-unit="${unit}"]`).count()).resolves.toBe(1);
    expect(await page.locator('.count[data-stage="notified"]').innerText()).toBe('Đã thông báo: 2');
    expect(await page.locator('.count[data-stage="scheduled"]').innerText()).toBe('Đã lên lịch: 1');
    expect(await page.locator('.count[data-stage="on_site"]').innerText()).toBe('Đang kiểm tra tại đơn vị: 1');
    expect(await page.locator(`.row[data-unit="${units.overdue}"] .mark.overdue`).count()).toBe(1);
    expect(await page.locator('.today').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTEFACTS, 'timeline.png'), fullPage: true });
    await context.close();
  }, 60_000);
});

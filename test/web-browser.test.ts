import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../config/paths';
import { addDays, localDateOf } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { periodBefore, reportDue } from '../domain/periods';
import { PERIODIC_REPORT_TYPE, periodicReportStateQuery, recordPeriodicReport } from '../workflows/periodic-report/contract';
import { inspectionInput, periodicReportStart, slug } from './kit/inspection';
import { eventually, sharedCalendar } from './kit/temporal';
import { linksIn, samplePdf, useWebStack } from './kit/web';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, updates } from '../workflows/inspection/contract';
import { SELF_INSPECTION_WORKFLOW, selfInspectionStartOptions, selfInspectionStateQuery } from '../workflows/self-inspection/contract';
import { chromiumTool, describeWithTools } from './kit/tools';

/**
 * What a unit sees, tested the way it sees it: each form of the units' pages filled and submitted
 * in Debian's Chromium (playwright-core), then the workflow's state and history checked. Also on a
 * phone's screen and printed. Screenshots go to test-results/screenshots (the README's come from here).
 */
const CHROMIUM = chromiumTool();
const SHOTS = path.join(projectRoot, 'test-results', 'screenshots');

describeWithTools('units’ pages in a real browser', [CHROMIUM], () => {
  const stack = useWebStack();
  const cal = sharedCalendar();
  let browser: Browser;
  let page: Page;
  const pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pdf-')), 'bao-cao.pdf');
  const today = () => localDateOf(Date.now());

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.writeFileSync(pdfFile, samplePdf('Bao cao cua don vi'));
    browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: 'vi-VN' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const emailTo = (unit: string, kind: string) =>
    eventually(
      async () =>
        stack.smtp.messages.find(
          (m) => m.envelopeTo.includes(`${slug(unit)}@haiphong.example`) && m.parsed.headers.get('x-kiemtra-kind') === kind,
        ),
      60_000,
      `the ${kind} email to ${unit}`,
    );
  const submit = async () => {
    await Promise.all([page.waitForURL(/\/l\//), page.getByRole('button', { name: 'Gửi' }).click()]);
    await page.waitForLoadState('domcontentloaded');
  };

  it('report from the notice: pre-filled from the periodic report, with a file; then the acknowledgement', async () => {
    const unit = 'Sở Tài chính';
    const input = inspectionInput(unit, liveDates(cal, Date.now()).noticeDue);
    // The unit's latest periodic report, recorded: the inspection's form starts from its figures.
    const period = periodBefore('monthly', today());
    const o = periodicReportStart(input, period, reportDue(cal, period, 3));
    const periodic = await stack.env.client.workflow.start(PERIODIC_REPORT_TYPE, { ...o, taskQueue: stack.worker.options.taskQueue });
    await eventually(
      async () => ((await periodic.query(periodicReportStateQuery)).deadline ? true : undefined),
      30_000,
      'the periodic report',
    );
    await periodic.executeUpdate(recordPeriodicReport, {
      args: [{ receivedOn: today(), indicators: { onlineReceived: 71.5, satisfaction: 93 }, by: 'Phòng KSTTHC' }],
    });

    const options = inspectionStartOptions(input, stack.worker.options.taskQueue);
    await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    const [ackUrl, reportUrl] = linksIn(await emailTo(unit, 'notice'));

    await page.goto(reportUrl!);
    expect(await page.locator('h1').textContent()).toBe('Gửi báo cáo phục vụ kiểm tra');
    expect(await page.locator('.prefilled').textContent()).toContain(`báo cáo định kỳ ${period.label} của đơn vị`);
    expect(await page.locator('#ind_onlineReceived').inputValue()).toBe('71,5');
    expect(await page.getByText('Hồ sơ tiếp nhận trực tuyến (chỉ tiêu ≥ 80%)').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'unit-report-form.png'), fullPage: true });
    // Rates are computed from their counts; the periodic report's stands where none are given.
    await page.fill('#num_satisfaction', '960');
    await page.fill('#den_satisfaction', '1.000');
    await page.fill('#num_digitised', '1000');
    await page.fill('#den_digitised', '1000');
    await page.fill('#narrative_situation', 'Đơn vị đang thực hiện 312 TTHC, tiếp nhận tại Trung tâm Phục vụ hành chính công.');
    await page.fill('#narrative_issues', 'Tỷ lệ hồ sơ trực tuyến chưa đạt chỉ tiêu.');
    await page.setInputFiles('#files', pdfFile);
    await submit();
    expect(await page.locator('.done').textContent()).toContain('Báo cáo của đơn vị đã được ghi nhận ngày');
    await page.screenshot({ path: path.join(SHOTS, 'unit-report-done.png') });

    const s = await stack.env.client.workflow.getHandle(options.workflowId).query(stateQuery);
    expect(s.report!.kpi.map((k) => `${k.id}=${k.value}`)).toEqual(['satisfaction=96', 'onlineReceived=71.5', 'digitised=100']);
    expect(s.report!.prefilled).toMatchObject({ workflowId: periodic.workflowId, period: period.label, indicators: ['onlineReceived'] });
    expect(s.report!.narrative).toEqual({
      situation: 'Đơn vị đang thực hiện 312 TTHC, tiếp nhận tại Trung tâm Phục vụ hành chính công.',
      issues: 'Tỷ lệ hồ sơ trực tuyến chưa đạt chỉ tiêu.',
    });
    expect(s.files.map((f) => [f.name, f.type, f.for])).toEqual([['bao-cao.pdf', 'application/pdf', 'report']]);
    expect(s.findings.map((f) => f.text)).toEqual(['Hồ sơ tiếp nhận trực tuyến 71,5% < 80%']);
    expect(s.history.at(-1)).toMatchObject({ actor: unit, action: 'Ghi nhận báo cáo phục vụ kiểm tra' });

    await page.goto(ackUrl!);
    await page.fill('#contact', 'Trần Thị Bình, Phó Chánh Văn phòng, 0225 3 842 111');
    await submit();
    expect(await page.locator('.done').textContent()).toContain('Đơn vị đã xác nhận nhận thông báo lúc');
    expect((await stack.env.client.workflow.getHandle(options.workflowId).query(stateQuery)).history.at(-1)).toMatchObject({
      actor: unit,
      action: 'Đơn vị xác nhận đã nhận thông báo kiểm tra',
      detail: 'đầu mối: Trần Thị Bình, Phó Chánh Văn phòng, 0225 3 842 111',
    });
  }, 180_000);

  it('on a phone, and printed', async () => {
    const unit = 'Sở Xây dựng';
    const options = inspectionStartOptions(inspectionInput(unit, liveDates(cal, Date.now()).noticeDue), stack.worker.options.taskQueue);
    await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    const [, reportUrl] = linksIn(await emailTo(unit, 'notice'));
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'vi-VN',
    });
    try {
      await phone.goto(reportUrl!);
      // Nothing wider than the screen: no sideways scrolling.
      expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: path.join(SHOTS, 'unit-report-phone.png') });
      await phone.emulateMedia({ media: 'print' });
      expect(await phone.evaluate<string>("getComputedStyle(document.querySelector('button')).display")).toBe('none');
      const pdf = await phone.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('the response to the draft conclusion, from the draft’s email', async () => {
    const unit = 'Sở Y tế';
    const live = liveDates(cal, Date.now());
    const input = {
      ...inspectionInput(unit, live.reportOverdue),
      current: {
        stage: 'drafting' as const,
        closingMeeting: { date: live.reportOverdue.start, preliminaryResults: 'Đã thông báo sơ bộ.' },
      },
    };
    const options = inspectionStartOptions(input, stack.worker.options.taskQueue);
    const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    await eventually(async () => ((await handle.query(stateQuery)).deadlines.length ? true : undefined), 30_000, 'the inspection to load');
    await handle.executeUpdate(updates.issueDraftConclusion, {
      args: [
        {
          issuedOn: today(),
          responseBy: live.responseBy,
          recommendations: ['Công khai đầy đủ TTHC tại bộ phận một cửa'],
          by: 'Trưởng đoàn',
        },
      ],
    });
    const [url] = linksIn(await emailTo(unit, 'draft_conclusion'));

    await page.goto(url!);
    expect(await page.locator('main').textContent()).toContain('Công khai đầy đủ TTHC tại bộ phận một cửa');
    await page.check('input[name=accepted][value=no]');
    await page.fill('#explanations', 'Đơn vị đã niêm yết 312/312 TTHC từ ngày 01/10; đề nghị điều chỉnh kiến nghị.');
    await page.setInputFiles('#files', pdfFile);
    await page.screenshot({ path: path.join(SHOTS, 'unit-response-form.png'), fullPage: true });
    await submit();
    expect(await page.locator('.done').textContent()).toContain('Ý kiến của đơn vị đã được ghi nhận');
    const s = await handle.query(stateQuery);
    expect(s.unitResponse).toMatchObject({
      accepted: false,
      receivedOn: today(),
      explanations: 'Đơn vị đã niêm yết 312/312 TTHC từ ngày 01/10; đề nghị điều chỉnh kiến nghị.',
    });
    expect(s.files.map((f) => f.for)).toEqual(['response']);
    expect(s.history.some((h) => h.actor === unit)).toBe(true);
  }, 180_000);

  it('remediation per recommendation, with evidence and a file', async () => {
    const unit = 'UBND phường Hồng Bàng';
    const live = liveDates(cal, Date.now());
    const conclusion = {
      signer: 'Phó Chủ tịch UBND thành phố',
      signedOn: live.reportOverdue.start,
      recommendations: [
        { text: 'Số hóa hồ sơ, kết quả giải quyết TTHC', deadline: live.remediationBy },
        { text: 'Cập nhật hồ sơ trên Hệ thống thông tin giải quyết TTHC', deadline: live.remediationBy },
      ],
    };
    const input = {
      ...inspectionInput(unit, live.reportOverdue),
      current: { stage: 'remediating' as const, closingMeeting: { date: live.reportOverdue.start, preliminaryResults: 'x' }, conclusion },
    };
    const options = inspectionStartOptions(input, stack.worker.options.taskQueue);
    const handle = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    await eventually(
      async () => ((await handle.query(stateQuery)).recommendations.length ? true : undefined),
      30_000,
      'the inspection to load',
    );
    const url = stack.sign({ v: 1, w: options.workflowId, a: 'remediation', u: unit, exp: addDays(live.remediationBy, 30), g: 0 });

    await page.goto(url);
    await page.check('input[name=done_R1]');
    await page.fill('#evidence_R1', 'Đã số hóa 1.204 hồ sơ; báo cáo kèm theo.');
    await page.setInputFiles('#file_R1', pdfFile);
    await page.screenshot({ path: path.join(SHOTS, 'unit-remediation-form.png'), fullPage: true });
    await submit();
    await page.waitForSelector('form');
    expect(await page.locator('fieldset').first().textContent()).toContain('Đã khắc phục ngày');
    const s = await handle.query(stateQuery);
    expect(s.recommendations.map((r) => [r.id, r.status, r.evidence])).toEqual([
      ['R1', 'done', 'Đã số hóa 1.204 hồ sơ; báo cáo kèm theo.'],
      ['R2', 'open', undefined],
    ]);
    expect(s.files.map((f) => f.for)).toEqual(['remediation:R1']);
    expect(s.stage).toBe('remediating');
  }, 180_000);

  it('the self-inspection report', async () => {
    const unit = 'UBND xã Tiên Minh';
    const input = inspectionInput(unit, liveDates(cal, Date.now()).noticeLater);
    const before = cal.addWorkingDays(today(), 20);
    const options = selfInspectionStartOptions(
      { round: 'web', year: Number(before.slice(0, 4)), unit: input.unit, before, basis: 'Kế hoạch, Mục V.4', contacts: input.contacts },
      stack.worker.options.taskQueue,
    );
    const handle = await stack.env.client.workflow.start(SELF_INSPECTION_WORKFLOW, options);
    await eventually(
      async () => ((await handle.query(selfInspectionStateQuery)).deadline ? true : undefined),
      30_000,
      'the self-inspection to load',
    );
    await page.goto(stack.sign({ v: 1, w: options.workflowId, a: 'self', u: unit, exp: addDays(before, 30), g: 0 }));
    await page.fill('#ind_onlineReceived', '85');
    await page.fill('#ind_satisfaction', '97,5');
    await page.setInputFiles('#files', pdfFile);
    await submit();
    expect(await page.locator('.done').textContent()).toContain('Báo cáo tự kiểm tra đã được ghi nhận');
    const s = await handle.query(selfInspectionStateQuery);
    expect(s.stage).toBe('self_received');
    expect(s.kpi!.map((k) => [k.id, k.value, k.met])).toEqual([
      ['satisfaction', 97.5, true],
      ['onlineReceived', 85, true],
    ]);
    expect(s.files!.map((f) => f.name)).toEqual(['bao-cao.pdf']);
  }, 180_000);

  it('the periodic report, from its request email', async () => {
    const unit = 'UBND xã An Hưng';
    const input = inspectionInput(unit, liveDates(cal, Date.now()).noticeLater);
    const period = periodBefore('monthly', today());
    // A period asked in time: no request goes out once its deadline has passed (domain/send-times.ts
    // deadlinePassedAt), and the last ended period's usual deadline may be over today.
    const o = periodicReportStart(input, period, cal.addWorkingDays(today(), 3));
    const handle = await stack.env.client.workflow.start(PERIODIC_REPORT_TYPE, { ...o, taskQueue: stack.worker.options.taskQueue });
    const [url] = linksIn(await emailTo(unit, 'periodic_report_request'));
    await page.goto(url!);
    expect(await page.locator('main').textContent()).toContain(period.label);
    await page.fill('#ind_onlineReceived', '64');
    await page.fill('#notes', 'Hệ thống một cửa điện tử gián đoạn 3 ngày trong kỳ.');
    await page.screenshot({ path: path.join(SHOTS, 'unit-periodic-form.png'), fullPage: true });
    await submit();
    expect(await page.locator('.done').textContent()).toContain(`Báo cáo ${period.label} đã được ghi nhận`);
    const s = await handle.query(periodicReportStateQuery);
    expect(s.status).toBe('report_received');
    expect(s.notes).toBe('Hệ thống một cửa điện tử gián đoạn 3 ngày trong kỳ.');
    expect(s.kpi!.map((k) => k.text)).toEqual(['Hồ sơ tiếp nhận trực tuyến 64% < 80%']);
  }, 180_000);
});

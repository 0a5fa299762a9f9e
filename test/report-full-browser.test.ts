import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addDays, localDateOf } from '../domain/dates';
import { INDICATORS } from '../domain/kpi';
import { REPORT_MEASURES } from '../domain/report-measures';
import { REPORT_ITEMS } from '../domain/report-outline';
import { stateQuery } from '../workflows/inspection/contract';
import { FULL_COUNTS, formDocx, formXlsx } from './kit/report-forms';
import { chromiumTool, describeWithTools } from './kit/tools';
import { notifiedInspection, samplePdf, useWebStack } from './kit/web';

/**
 * Acceptance of issue 23 (first point), in Debian's Chromium: a unit's report from the notice's
 * link carries every Phụ lục I item (part I, each item of II.1 with its counts or amount or text,
 * the forms of II.2); the percentages are computed from the counts; the forms are tracked one by
 * one, the missing ones sent later from the same link. Bad input on the page (a numerator larger
 * than its denominator, a negative count, a file that is not the declared form) is refused with
 * one message naming the field, and nothing reaches the workflow's history.
 */
const CHROMIUM = chromiumTool();

describeWithTools('the unit’s report in full, in a real browser', [CHROMIUM], () => {
  const stack = useWebStack();
  let browser: Browser;
  let page: Page;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-forms-'));
  const file = (name: string, bytes: Buffer) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: 'vi-VN' });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const submit = async () => {
    await Promise.all([page.waitForURL(/\/l\//), page.getByRole('button', { name: 'Gửi' }).click()]);
    await page.waitForLoadState('domcontentloaded');
  };

  it('records every item, computes each rate from its counts, tracks the forms; refuses bad input with nothing recorded', async () => {
    const unit = 'Sở Y tế';
    const { id, report } = await notifiedInspection(stack, unit);
    const handle = stack.env.client.workflow.getHandle(id);
    const events = async () => (await handle.fetchHistory()).events!.length;

    // Every item of II.1 is on the page, with a field for each count of its measures.
    await page.goto(report);
    for (const item of REPORT_ITEMS) expect(await page.locator(`#item_${item.id}_set legend`).textContent()).toBe(item.label);
    for (const m of REPORT_MEASURES) {
      expect(await page.locator(`#num_${m.id}`).count(), m.id).toBe(1);
      expect(await page.locator(`#den_${m.id}`).count(), m.id).toBe(1);
    }
    // No rate can be typed: the indicators' fields are hidden.
    for (const i of INDICATORS) expect(await page.locator(`#ind_${i.id}`).getAttribute('type')).toBe('hidden');
    for (const f of ['II_04', 'II_05a', 'II_06a', 'II_08']) expect(await page.locator(`#form_${f}`).count()).toBe(1);

    const bad: [() => Promise<void>, string][] = [
      [
        async () => {
          await page.fill('#num_onlineReceived', '1.200');
          await page.fill('#den_onlineReceived', '1.000');
        },
        'Hồ sơ tiếp nhận trực tuyến: "Số hồ sơ tiếp nhận trực tuyến" (1.200) lớn hơn "Tổng số hồ sơ tiếp nhận" (1.000).',
      ],
      [
        async () => {
          await page.fill('#num_apologies', '-3');
          await page.fill('#den_apologies', '9');
        },
        'Xin lỗi khi hồ sơ giải quyết trễ hạn: "Số hồ sơ trễ hạn có văn bản xin lỗi cá nhân, tổ chức" không được âm (-3).',
      ],
      [
        () => page.setInputFiles('#form_II_04', file('bieu-tong-hop.xlsx', formXlsx('II.05a'))),
        'Tệp "bieu-tong-hop.xlsx" không phải Biểu số II.04/VPCP/KSTT: nội dung tệp không có số hiệu biểu mẫu "II.04/VPCP/KSTT".',
      ],
      [
        () => page.fill('#budget', 'một trăm triệu'),
        'Kinh phí bố trí cho hoạt động kiểm soát thủ tục hành chính (đồng): "một trăm triệu" không phải là số (ví dụ 150.000.000).',
      ],
    ];
    for (const [fill, message] of bad) {
      const before = await events();
      await page.goto(report);
      await fill();
      await submit();
      expect(await page.locator('.error p').first().textContent()).toBe(message);
      expect(await events()).toBe(before);
    }
    expect((await handle.query(stateQuery)).report).toBeUndefined();

    // The whole report.
    await page.goto(report);
    await page.fill('#narrative_situation', 'Sở thực hiện 312 TTHC, tiếp nhận tại Trung tâm Phục vụ hành chính công thành phố.');
    for (const [mid, c] of Object.entries(FULL_COUNTS)) {
      await page.fill(`#num_${mid}`, String(c.numerator));
      await page.fill(`#den_${mid}`, String(c.denominator));
    }
    for (const item of REPORT_ITEMS) await page.fill(`#item_${item.id}`, `Nội dung về: ${item.label}.`);
    await page.fill('#budget', '150.000.000');
    await page.setInputFiles('#form_II_04', file('Bieu-II04.xlsx', formXlsx('II.04')));
    await page.setInputFiles('#form_II_06a', file('Bieu-II06a.docx', formDocx('II.06a')));
    await page.setInputFiles('#files', file('bao-cao.pdf', samplePdf('Bao cao phuc vu kiem tra')));
    await submit();

    const s = await handle.query(stateQuery);
    expect(s.report!.counts).toEqual(FULL_COUNTS);
    expect(s.report!.items).toEqual(Object.fromEntries(REPORT_ITEMS.map((i) => [i.id, `Nội dung về: ${i.label}.`])));
    expect(s.report!.budget).toEqual({ amount: 150_000_000 });
    expect(s.report!.narrative).toEqual({ situation: 'Sở thực hiện 312 TTHC, tiếp nhận tại Trung tâm Phục vụ hành chính công thành phố.' });
    // Every target evaluated, each rate computed from its counts.
    expect(s.report!.kpi.map((k) => k.id).sort()).toEqual(INDICATORS.map((i) => i.id).sort());
    const value = (k: string) => s.report!.kpi.find((x) => x.id === k)!.value;
    expect([value('onlineReceived'), value('timeReduction'), value('satisfactionLandConstructionInvestment')]).toEqual([62, 40, 90]);
    expect(s.findings.map((f) => f.text)).toEqual([
      'Hồ sơ tiếp nhận trực tuyến 62% < 80%',
      'Cắt giảm thời gian giải quyết TTHC so với năm 2024 40% < 50%',
    ]);
    expect(Object.keys(s.report!.counts!)).toHaveLength(REPORT_MEASURES.length);
    expect(Object.entries(s.reportForms!).map(([f, r]) => [f, r.file.name])).toEqual([
      ['II.04', 'Bieu-II04.xlsx'],
      ['II.06a', 'Bieu-II06a.docx'],
    ]);
    expect(s.files.map((f) => f.for).sort()).toEqual(['form:II.04', 'form:II.06a', 'report']);

    // The report's link now says the report is in; the link of the reminder asks for the missing forms only, naming them.
    await page.goto(report);
    expect(await page.locator('.done').textContent()).toContain('Báo cáo của đơn vị đã được ghi nhận ngày');
    const formsLink = stack.sign({ v: 1, w: id, a: 'forms', u: unit, exp: addDays(localDateOf(Date.now()), 30), g: 0 });
    await page.goto(formsLink);
    expect(await page.locator('h1').textContent()).toBe('Gửi biểu mẫu số liệu kèm báo cáo');
    expect(await page.locator('#state_form_II_05a').textContent()).toBe('Biểu số II.05a/VPCP/KSTT: chưa nhận');
    expect(await page.locator('#state_form_II_04').textContent()).toContain('đã nhận');
    expect(await page.locator('#form_II_04').count()).toBe(0);
    await page.setInputFiles('#form_II_05a', file('Bieu so II.05a.pdf', samplePdf('Bieu II.05a')));
    await submit();
    const after = await handle.query(stateQuery);
    expect(Object.keys(after.reportForms!)).toEqual(['II.04', 'II.06a', 'II.05a']);
    expect(after.history.at(-1)).toMatchObject({
      actor: unit,
      action: 'Ghi nhận biểu mẫu số liệu kèm báo cáo',
      detail: expect.stringContaining('còn thiếu: II.08'),
    });
    await page.goto(formsLink);
    expect(await page.locator('#state_form_II_08').textContent()).toBe('Biểu số II.08/VPCP/KSTT: chưa nhận');
  }, 240_000);
});

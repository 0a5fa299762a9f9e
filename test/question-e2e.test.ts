import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addDays, localDateOf } from '../domain/dates';
import { QUESTION_NUMBER_PATTERN } from '../domain/questions';
import { questionStateQuery } from '../workflows/question/contract';
import { questionWorkflowId } from '../workflows/ids';
import { cleanEnv, kiemtra } from './kit/process';
import { eventually } from './kit/temporal';
import { chromiumTool, describeWithTools } from './kit/tools';
import { linksIn, notifiedInspection, openForm, postForm, samplePdf, useWebStack } from './kit/web';

/**
 * A unit's question from the link at the foot of a real email, end to end on a dev server with a
 * real SMTP server and Debian's Chromium (issue 23, item 7): the notice's last link → the page →
 * the question → the Center's email → `kiemtra questions list|answer` (the built CLI) → the unit's
 * email with the answer, and the page showing it. Bad input, forged and expired links: a Vietnamese
 * page, nothing started.
 */
const CHROMIUM = chromiumTool();

describeWithTools('a unit asks the Center from an email link (dev server, Chromium)', [CHROMIUM], () => {
  const stack = useWebStack();
  let browser: Browser;
  let page: Page;
  const pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pdf-')), 'bieu-ii06a.pdf');
  const today = () => localDateOf(Date.now());
  const cli = (args: string[]) =>
    kiemtra(args, cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address, KIEMTRA_ACTOR: 'Nguyễn Văn An' }));
  const questions = async () => {
    let n = 0;
    for await (const _ of stack.env.client.workflow.list({ query: "WorkflowType = 'question'" })) n++;
    return n;
  };

  beforeAll(async () => {
    fs.writeFileSync(pdfFile, samplePdf('Bieu II.06a'));
    browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: 'vi-VN' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the question reaches the Center; the answer from the CLI reaches the unit', async () => {
    const unit = 'Sở Giáo dục và Đào tạo';
    const { id, notice } = await notifiedInspection(stack, unit);
    const text = String(notice.parsed.text);
    expect(text).toContain('Nếu có khó khăn, vướng mắc hoặc cần hỏi về nội dung thư');
    const links = linksIn(notice);
    expect(links).toHaveLength(3);
    const questionUrl = links.at(-1)!;
    expect(text).toContain(`Phản ánh khó khăn, vướng mắc, đặt câu hỏi: ${questionUrl}`);

    await page.goto(questionUrl);
    expect(await page.locator('h1').textContent()).toBe('Phản ánh khó khăn, vướng mắc, đặt câu hỏi');
    expect(await page.locator('dd').first().textContent()).toBe(unit);
    await page.fill('#askedBy', 'Lê Thị Cúc, Chánh Văn phòng Sở, 0225 3 111 222');
    await page.fill('#replyTo', 'cuc@sgd.haiphong.example');
    // Unsafe text: refused on the page, in Vietnamese, nothing started.
    await page.fill('#text', 'Xem <b>biểu</b>');
    await Promise.all([page.waitForLoadState('domcontentloaded'), page.getByRole('button', { name: 'Gửi' }).click()]);
    await page.waitForSelector('.error');
    expect(await page.locator('.error').textContent()).toContain('Nội dung phản ánh, câu hỏi: không được chứa ký tự < >.');
    expect(await questions()).toBe(0);

    await page.fill('#askedBy', 'Lê Thị Cúc, Chánh Văn phòng Sở, 0225 3 111 222');
    await page.fill('#replyTo', 'cuc@sgd.haiphong.example');
    await page.fill(
      '#text',
      'Biểu số II.06a/VPCP/KSTT tính hồ sơ tiếp nhận trực tuyến theo ngày nhận hay ngày trả kết quả?\nĐề nghị Trung tâm hướng dẫn.',
    );
    await page.setInputFiles('#files', pdfFile);
    await Promise.all([page.waitForURL(/\?q=PA-/), page.getByRole('button', { name: 'Gửi' }).click()]);
    const number = new URL(page.url()).searchParams.get('q')!;
    expect(number).toMatch(QUESTION_NUMBER_PATTERN);
    expect(await page.locator('.done').textContent()).toContain(`Phản ánh số ${number} đã được gửi đến Trung tâm`);

    // The Center's email: the number, the unit's text, the command to answer.
    const toCenter = await eventually(
      async () => stack.smtp.messages.find((m) => m.parsed.headers.get('x-kiemtra-kind') === 'question_received'),
      60_000,
      "the Center's email",
    );
    expect(toCenter.envelopeTo).toEqual(['tthc@haiphong.example']);
    expect(toCenter.parsed.subject).toContain(`Phản ánh ${number} của ${unit}`);
    expect(String(toCenter.parsed.text)).toContain('tính hồ sơ tiếp nhận trực tuyến theo ngày nhận hay ngày trả kết quả?');
    expect(String(toCenter.parsed.text)).toContain(`npx kiemtra questions answer ${number}`);
    expect(linksIn(toCenter)).toEqual([]);
    const s = await stack.env.client.workflow.getHandle(questionWorkflowId(number)).query(questionStateQuery);
    expect(s).toMatchObject({ unit, origin: { workflowId: id, kind: 'inspection' }, replyTo: ['cuc@sgd.haiphong.example'] });
    expect(s.files!.map((f) => [f.name, f.type])).toEqual([['bieu-ii06a.pdf', 'application/pdf']]);

    // The Center lists it (open first) and answers from the CLI.
    const listed = await eventually(
      async () => {
        const r = await cli(['questions', 'list']);
        return r.stdout.includes(number) ? r : undefined;
      },
      30_000,
      'the question in the listing',
    );
    expect(listed.stdout).toMatch(new RegExp(`^${number}  ${unit}  nhận .*  chờ Trung tâm trả lời  hạn trả lời ngày`, 'm'));
    const bad = await cli(['questions', 'answer', number, '--text', '   ']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Lỗi: text: /);
    const answered = await cli([
      'questions',
      'answer',
      number.toLowerCase(),
      '--text',
      'Tính theo ngày tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC.',
    ]);
    expect(answered.stderr).toBe('');
    expect(answered.stdout).toContain('Đã ghi nhận trả lời; email gửi cuc@sgd.haiphong.example.');

    // The unit's email with the answer, and a link to ask again.
    const toUnit = await eventually(
      async () => stack.smtp.messages.find((m) => m.parsed.headers.get('x-kiemtra-kind') === 'question_answer'),
      60_000,
      "the unit's answer",
    );
    expect(toUnit.envelopeTo).toEqual(['cuc@sgd.haiphong.example']);
    expect(toUnit.parsed.subject).toBe(`Trả lời phản ánh ${number} của ${unit}`);
    expect(String(toUnit.parsed.text)).toContain('Tính theo ngày tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC.');
    expect(String(toUnit.parsed.text)).toContain('Người trả lời: Nguyễn Văn An.');
    expect(linksIn(toUnit)).toHaveLength(1);

    // The page shows the answer; `show` the whole history.
    await page.reload();
    expect(await page.locator('main').textContent()).toContain('Tính theo ngày tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC.');
    const shown = await cli(['questions', 'show', number]);
    expect(shown.stdout).toContain(`Phản ánh ${number} của ${unit}: đã trả lời`);
    expect(shown.stdout).toContain(`Nguyễn Văn An: Trả lời phản ánh ${number}`);
    expect((await cli(['questions', 'answer', number, '--text', 'Lần hai'])).stderr).toContain(`Phản ánh ${number} đã trả lời`);
  }, 240_000);

  it('a form posted twice is one question; forged and expired links and bad numbers are refused in Vietnamese', async () => {
    const unit = 'Sở Y tế';
    const { id, notice } = await notifiedInspection(stack, unit);
    const url = linksIn(notice).at(-1)!;
    const before = await questions();
    const form = await openForm(url);
    const submission = /name="_submission" value="([^"]+)"/.exec(form.html)![1]!;
    const fields = {
      _csrf: form.csrf!,
      _submission: submission,
      askedBy: 'Phạm Văn Dũng',
      replyTo: 'dung@syt.haiphong.example',
      text: 'Hỏi về hạn báo cáo.',
    };
    const first = await postForm(url, fields, [], form.cookie);
    const second = await postForm(url, fields, [], form.cookie);
    expect(first.status).toBe(303);
    expect(second.location).toBe(first.location);
    await eventually(async () => ((await questions()) === before + 1 ? true : undefined), 30_000, 'one question');

    const empty = await postForm(url, { ...fields, _submission: 'another-submission-1', text: '' }, [], form.cookie);
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Nội dung phản ánh, câu hỏi: đề nghị nhập nội dung.');
    const long = await postForm(url, { ...fields, _submission: 'another-submission-2', text: 'x'.repeat(4001) }, [], form.cookie);
    expect(long.status).toBe(400);

    const forged = await openForm(`${url.slice(0, -3)}AAA`);
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('Đường dẫn không do hệ thống cấp hoặc đã bị sửa đổi.');
    const expired = await openForm(stack.sign({ v: 1, w: id, a: 'question', u: unit, exp: addDays(today(), -1), g: 0 }));
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('Đường dẫn đã quá thời hạn sử dụng.');
    // Someone else's receipt is not shown through this unit's link.
    const other = await openForm(`${url}?q=${encodeURIComponent(new URL(first.location!, stack.url).searchParams.get('q')!)}`);
    expect(other.html).toContain('Phản ánh số');
    const foreign = await openForm(
      `${stack.sign({ v: 1, w: id, a: 'question', u: 'Sở Tài chính', exp: addDays(today(), 5), g: 0 })}?q=${new URL(first.location!, stack.url).searchParams.get('q')!}`,
    );
    expect(foreign.html).not.toContain('Phản ánh số');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await questions()).toBe(before + 1);

    const notNumber = await cli(['questions', 'show', 'question-2026-abcdef']);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toBe('Lỗi: "question-2026-abcdef" không phải số phản ánh (dạng PA-2026-K7Q3XW).\n');
    const unknown = await cli(['questions', 'show', 'PA-2026-AAAAAA']);
    expect(unknown.stderr).toBe('Lỗi: không có phản ánh số PA-2026-AAAAAA.\n');
  }, 180_000);
});

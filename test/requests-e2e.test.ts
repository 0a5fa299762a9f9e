import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { localDateOf } from '../domain/dates';
import { uploadPath } from '../web/uploads';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, type InspectionState } from '../workflows/inspection/contract';
import { inspectionInput, slug } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { SAMPLE_TEAM } from './kit/team';
import { eventually, sharedCalendar } from './kit/temporal';
import { chromiumTool, describeWithTools } from './kit/tools';
import { linksIn, samplePdf, useWebStack } from './kit/web';

/**
 * A request for documents from end to end (issue 23, item 7, first half): the built CLI asks on a
 * dev server, the worker emails the unit over real SMTP with a signed link, the unit answers on the
 * page in Debian's Chromium with a file and a note, and the answer is in the inspection's state, in
 * its history and in `kiemtra request list`. Bad input from the CLI (a past date, an empty item, a
 * member not in the team) gets one Vietnamese line, exit 2, and no event in history.
 */
const CHROMIUM = chromiumTool();

describeWithTools('requests for documents, end to end', [CHROMIUM], () => {
  const stack = useWebStack();
  const cal = sharedCalendar();
  const unit = 'Sở Tài chính';
  let browser: Browser;
  let page: Page;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-req-'));
  const pdfFile = path.join(dir, 'so-theo-doi-ho-so.pdf');

  beforeAll(async () => {
    fs.writeFileSync(pdfFile, samplePdf('So theo doi ho so'));
    browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1000, height: 900 }, locale: 'vi-VN' });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    kiemtra(args, cleanEnv({ TEMPORAL_ADDRESS: stack.env.connection.options.address, KIEMTRA_ACTOR: 'Phạm Thị Dung' }));

  it('asks from the CLI, emails a link, the unit answers with a file in Chromium, recorded; bad input leaves no event', async () => {
    const dates = liveDates(cal, Date.now());
    const visit = { start: dates.visited, end: dates.visited };
    const input = { ...inspectionInput(unit, visit, 'surprise'), team: SAMPLE_TEAM, current: { stage: 'on_site' as const } };
    const options = inspectionStartOptions(input, stack.worker.options.taskQueue);
    const handle = stack.env.client.workflow.getHandle(options.workflowId);
    await stack.env.client.workflow.start(INSPECTION_WORKFLOW, options);
    const stateNow = (): Promise<InspectionState> => handle.query(stateQuery);
    await eventually(async () => ((await stateNow()).deadlines.length ? true : undefined), 30_000, 'the inspection to load');
    const year = ['--year', visit.start.slice(0, 4)];
    const events = async () => (await handle.fetchHistory()).events!.length;

    // Bad input: one Vietnamese line, exit 2, no event.
    const before = await events();
    const yesterday = cal.addWorkingDays(dates.today, -1);
    for (const [args, message] of [
      [['request', 'ask', unit, '--item', 'Sổ theo dõi', '--due', yesterday, ...year], /^Lỗi: Hạn cung cấp tài liệu .* đã qua$/m],
      [['request', 'ask', unit, '--item', '  ', '--due', dates.responseBy, ...year], /cần nêu ít nhất một tài liệu/],
      [
        [
          'meeting',
          'open',
          unit,
          '--date',
          visit.start,
          '--team-attendee',
          'Ngô Văn Khải',
          '--unit-attendee',
          'Lê Văn Hùng, Phó Giám đốc Sở',
          ...year,
        ],
        /"Ngô Văn Khải" không có trong Đoàn kiểm tra/,
      ],
      [
        ['meeting', 'open', unit, '--date', visit.start, '--team-attendee', 'Nguyễn Văn An', ...year],
        /cần ghi thành phần dự họp của cả hai bên/,
      ],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/Error|at .*\.js/);
    }
    expect(await events()).toBe(before);

    // The meeting with both sides, then the request.
    const opened = await cli([
      'meeting',
      'open',
      unit,
      '--date',
      visit.start,
      '--team-attendee',
      'Nguyễn Văn An',
      '--team-attendee',
      'Phạm Thị Dung',
      '--unit-attendee',
      'Lê Văn Hùng, Phó Giám đốc Sở Tài chính',
      ...year,
    ]);
    expect(opened.stderr).toBe('');
    expect((await stateNow()).openingMeeting?.attendees?.unit).toEqual([{ name: 'Lê Văn Hùng', position: 'Phó Giám đốc Sở Tài chính' }]);
    const asked = await cli([
      'request',
      'ask',
      unit,
      '--item',
      'Sổ theo dõi hồ sơ tháng 10',
      '--item',
      'Văn bản xin lỗi hồ sơ trễ hạn',
      '--due',
      dates.responseBy,
      ...year,
    ]);
    expect(asked.stderr).toBe('');
    expect(asked.stdout).toBe(`Đã gửi yêu cầu cung cấp tài liệu: ${unit}. Giai đoạn: Đang kiểm tra tại đơn vị.\n`);

    const mail = await eventually(
      async () =>
        stack.smtp.messages.find(
          (m) => m.envelopeTo.includes(`${slug(unit)}@haiphong.example`) && m.parsed.headers.get('x-kiemtra-kind') === 'document_request',
        ),
      60_000,
      'the request email',
    );
    expect(mail.parsed.subject).toMatch(/^Đề nghị cung cấp tài liệu phục vụ kiểm tra \(yêu cầu Y1\), hạn ngày /);
    expect(mail.parsed.text).toContain('  - Văn bản xin lỗi hồ sơ trễ hạn');
    const [url] = linksIn(mail);
    expect(url).toBeTruthy();

    // The unit answers on the page: a file and a note.
    await page.goto(url!);
    expect(await page.locator('h1').textContent()).toBe('Cung cấp tài liệu Đoàn kiểm tra yêu cầu');
    expect(await page.locator('fieldset legend').first().textContent()).toMatch(/^Y1\. Hạn cung cấp: ngày /);
    await page.setInputFiles('#files_Y1', pdfFile);
    await page.fill('#note_Y1', 'Văn bản xin lỗi gửi bổ sung sau ngày 15.');
    await Promise.all([page.waitForURL(/\/l\//), page.getByRole('button', { name: 'Gửi' }).click()]);
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('.done').textContent()).toBe('Đơn vị đã cung cấp tài liệu cho mọi yêu cầu của Đoàn kiểm tra.');

    const s = await stateNow();
    const answer = s.documentRequests![0]!.answer!;
    expect(answer).toMatchObject({ receivedOn: localDateOf(Date.now()), note: 'Văn bản xin lỗi gửi bổ sung sau ngày 15.', by: unit });
    expect(answer.files.map((f) => [f.name, f.type])).toEqual([['so-theo-doi-ho-so.pdf', 'application/pdf']]);
    expect(fs.readFileSync(uploadPath(stack.settings.uploadsDir, answer.files[0]!.sha256))).toEqual(fs.readFileSync(pdfFile));
    expect(s.files.at(-1)).toMatchObject({ name: 'so-theo-doi-ho-so.pdf', for: 'documents:Y1' });
    expect(s.history.at(-1)).toMatchObject({ actor: unit, action: 'Đơn vị cung cấp tài liệu theo yêu cầu Y1' });
    expect(s.history.at(-1)!.via).toMatchObject({ channel: 'link' });

    const listed = await cli(['request', 'list', unit, ...year]);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toContain('Y1');
    expect(listed.stdout).toContain('Đơn vị đã cung cấp');
    expect(listed.stdout).toContain('tệp: so-theo-doi-ho-so.pdf');
    const json = JSON.parse((await cli(['request', 'list', unit, ...year, '--json'])).stdout) as { id: string; status: string }[];
    expect(json.map((r) => [r.id, r.status])).toEqual([['Y1', 'answered']]);

    // The page again: nothing left to answer.
    await page.goto(url!);
    expect(await page.locator('.done').textContent()).toBe('Đơn vị đã cung cấp tài liệu cho mọi yêu cầu của Đoàn kiểm tra.');
  }, 240_000);
});

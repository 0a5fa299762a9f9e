import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addDays, localDateOf } from '../domain/dates';
import { liveDates } from './kit/live-dates';
import { uploadPath } from '../web/uploads';
import { cleanEnv, kiemtra } from './kit/process';
import { sharedCalendar } from './kit/temporal';
import { notifiedInspection, openForm, postForm, samplePdf, useWebStack } from './kit/web';
import { type InspectionState, stateQuery, updates } from '../workflows/inspection/contract';

/**
 * Units answer for themselves (issue 16): the signed link in a notice leads to a page whose form
 * sends the same Workflow Update as `kiemtra report`; every forged, stale or abusive request is
 * refused with a page that says why, and nothing is recorded. Real HTTP, a real page server, a real
 * Temporal dev server, a real SMTP server.
 */
describe('units’ links and pages (real HTTP, dev server)', () => {
  const MAX = 256 * 1024;
  const RATE = 40;
  const stack = useWebStack({ maxUploadBytes: MAX, ratePerMinute: RATE });
  const visit = () => liveDates(sharedCalendar(), Date.now()).noticeDue;
  const today = () => localDateOf(Date.now());

  /** Starts an inspection whose notice goes out at once; returns its id and the notice's links. */
  async function notified(unit: string): Promise<{ id: string; ack: string; report: string }> {
    const { notice, ...links } = await notifiedInspection(stack, unit);
    expect(String(notice.parsed.html)).toContain(`href="${links.report}"`);
    return links;
  }
  const stateOf = (id: string) => stack.env.client.workflow.getHandle(id).query(stateQuery);
  const events = async (id: string) => (await stack.env.client.workflow.getHandle(id).fetchHistory()).events!.length;
  /** Runs `act` and checks that it changed nothing in the workflow's history. */
  async function unchanged(id: string, act: () => Promise<void>): Promise<void> {
    const before = await events(id);
    await act();
    expect(await events(id)).toBe(before);
  }

  it('a unit submits its report with indicators and a file from the link in its notice; the inspection moves on as with kiemtra report', async () => {
    const a = await notified('Sở Tài chính');
    const page = await openForm(a.report);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Gửi báo cáo phục vụ kiểm tra');
    expect(page.html).toContain('Hồ sơ tiếp nhận trực tuyến <span class="hint">(chỉ tiêu ≥ 80%)</span>');
    expect(page.html).toContain('I. Đặc điểm tình hình');
    const pdf = samplePdf('Bao cao phuc vu kiem tra');
    const posted = await postForm(
      a.report,
      {
        _csrf: page.csrf!,
        ind_onlineReceived: '62,4',
        ind_satisfaction: '96',
        narrative_situation: 'Đơn vị có 25 TTHC.\nTiếp nhận tại Trung tâm.',
      },
      [{ field: 'files', name: 'bao-cao.pdf', type: 'application/pdf', content: pdf }],
      page.cookie,
    );
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(new URL(a.report).pathname);
    const receipt = await openForm(a.report);
    expect(receipt.html).toContain('Báo cáo của đơn vị đã được ghi nhận ngày');
    expect(receipt.csrf).toBeUndefined();

    const s = await stateOf(a.id);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(s.report!.kpi.map((k) => k.text)).toEqual([
      'Mức độ hài lòng của người dân, doanh nghiệp 96% ≥ 95%',
      'Hồ sơ tiếp nhận trực tuyến 62,4% < 80%',
    ]);
    expect(s.report!.narrative).toEqual({ situation: 'Đơn vị có 25 TTHC.\nTiếp nhận tại Trung tâm.' });
    expect(s.files).toEqual([
      { sha256, name: 'bao-cao.pdf', size: pdf.length, type: 'application/pdf', for: 'report', at: expect.any(String) },
    ]);
    expect(fs.readFileSync(uploadPath(stack.settings.uploadsDir, sha256)).equals(pdf)).toBe(true);
    expect(s.history.at(-1)).toMatchObject({ actor: 'Sở Tài chính', action: 'Ghi nhận báo cáo phục vụ kiểm tra' });

    // The same report through the CLI's update, for another unit: the same findings, the same stage.
    const b = await notified('Sở Xây dựng');
    const viaCli: InspectionState = await stack.env.client.workflow.getHandle(b.id).executeUpdate(updates.recordReport, {
      args: [{ receivedOn: today(), indicators: { onlineReceived: 62.4, satisfaction: 96 }, by: 'Phòng KSTTHC' }],
    });
    expect(viaCli.report!.kpi).toEqual(s.report!.kpi);
    expect(viaCli.findings.map((f) => [f.source, f.text])).toEqual(s.findings.map((f) => [f.source, f.text]));
    expect(viaCli.stage).toBe(s.stage);
    // The history holds the file's hash, name and size, never the file or the link.
    const raw = JSON.stringify(await stack.env.client.workflow.getHandle(a.id).fetchHistory());
    const history = [...raw.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n');
    expect(history).toContain('"name":"bao-cao.pdf"');
    expect(history).toContain(sha256);
    expect(history).not.toContain(new URL(a.report).pathname.slice(3));
    expect(history).not.toContain(pdf.toString('base64').slice(0, 40));

    // The notice's other link: the unit confirms it received the notice.
    const ack = await openForm(a.ack);
    expect(
      (await postForm(a.ack, { _csrf: ack.csrf!, contact: 'Nguyễn Văn An, Chánh Văn phòng, 0225 3 123 456' }, [], ack.cookie)).status,
    ).toBe(303);
    expect((await stateOf(a.id)).acknowledged).toMatchObject({
      by: 'Sở Tài chính',
      contact: 'Nguyễn Văn An, Chánh Văn phòng, 0225 3 123 456',
    });
  }, 180_000);

  it('refuses forged, altered, expired, another unit’s, re-issued and replayed links, and records nothing', async () => {
    const c = await notified('Sở Y tế');
    const d = await notified('Sở Nội vụ');
    const token = new URL(c.report).pathname.slice(3);
    const [body, sig] = token.split('.') as [string, string];

    const refused = async (url: string, status: number, words: string) => {
      const res = await fetch(url);
      expect([res.status, (await res.text()).includes(words)]).toEqual([status, true]);
    };
    await unchanged(c.id, async () => {
      await refused(
        `${stack.url}/l/${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'QQ' : 'AA'}`,
        403,
        'không do hệ thống cấp hoặc đã bị sửa đổi',
      );
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { w: string };
      const altered = Buffer.from(JSON.stringify({ ...claims, w: d.id })).toString('base64url');
      await refused(`${stack.url}/l/${altered}.${sig}`, 403, 'không do hệ thống cấp hoặc đã bị sửa đổi');
      await refused(`${stack.url}/l/garbage`, 400, 'Đường dẫn không hợp lệ');
      await refused(stack.sign({ v: 1, w: c.id, a: 'report', u: 'Sở Y tế', exp: addDays(today(), -1), g: 0 }), 410, 'Đường dẫn đã hết hạn');
      await refused(
        stack.sign({ v: 1, w: d.id, a: 'report', u: 'Sở Y tế', exp: addDays(today(), 30), g: 0 }),
        403,
        'không khớp với đơn vị',
      );
    });

    const linkEnv = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_LINK_KEY: stack.keyText,
      KIEMTRA_PUBLIC_URL: stack.url,
      KIEMTRA_ACTOR: 'Phòng KSTTHC',
    });
    const year = String(Number(visit().start.slice(0, 4)));
    // Shown to send again: the current link, which works, and nothing is revoked or recorded.
    const historyBefore = (await stateOf(c.id)).history.length;
    const shownLink = await kiemtra(['link', 'Sở Y tế', 'report', '--year', year, '--json'], linkEnv);
    expect(shownLink.stderr).toBe('');
    const current = JSON.parse(shownLink.stdout) as { url: string; generation: number; revoked: boolean };
    expect([current.generation, current.revoked]).toEqual([0, false]);
    expect((await openForm(current.url)).status).toBe(200);
    expect((await openForm(c.report)).status).toBe(200);
    expect((await stateOf(c.id)).history.length).toBe(historyBefore);
    // An action not open yet is refused, saying why.
    const notYet = await kiemtra(['link', 'Sở Y tế', 'remediation', '--year', year], linkEnv);
    expect(notYet.code).toBe(2);
    expect(notYet.stderr).toMatch(/^Lỗi: không cấp đường dẫn "Báo cáo kết quả khắc phục" cho Sở Y tế: Cuộc kiểm tra đang ở giai đoạn "/);

    // Re-issued by a coordinator: the new link works, the one in the notice no longer does.
    const cli = await kiemtra(['link', 'Sở Y tế', 'report', '--year', year, '--revoke', '--json'], linkEnv);
    expect(cli.stderr).toBe('');
    const issued = JSON.parse(cli.stdout) as { url: string; generation: number };
    expect(issued.generation).toBe(1);
    await refused(c.report, 410, 'đã cấp đường dẫn mới');
    expect((await openForm(issued.url)).status).toBe(200);
    expect((await stateOf(c.id)).history.at(-1)).toMatchObject({
      actor: 'Phòng KSTTHC',
      action: 'Cấp lại đường dẫn "Gửi báo cáo phục vụ kiểm tra"',
    });

    // Submitted once, then replayed: the second post is refused.
    const form = await openForm(issued.url);
    const fields = { _csrf: form.csrf!, ind_onlineReceived: '90' };
    expect((await postForm(issued.url, fields, [], form.cookie)).status).toBe(303);
    // Once the report is in, its link is not sent again: the command says it was recorded.
    const done = await kiemtra(['link', 'Sở Y tế', 'report', '--year', year], linkEnv);
    expect(done.code).toBe(2);
    expect(done.stderr).toMatch(/: Báo cáo của đơn vị đã được ghi nhận ngày /);
    await unchanged(c.id, async () => {
      const again = await postForm(issued.url, fields, [], form.cookie);
      expect(again.status).toBe(409);
      expect(again.html).toContain('Lần gửi này không được ghi nhận');
    });
  }, 180_000);

  it('refuses posts without the form’s CSRF code, oversized and wrong-type files, and HTML or CR-LF in fields', async () => {
    const e = await notified('Sở Công Thương');
    const form = await openForm(e.report);
    const files = () => fs.readdirSync(stack.settings.uploadsDir, { recursive: true }).length;
    const stored = files();
    await unchanged(e.id, async () => {
      const noCookie = await postForm(e.report, { _csrf: form.csrf!, ind_onlineReceived: '90' });
      expect([noCookie.status, noCookie.html.includes('mã xác thực biểu mẫu')]).toEqual([403, true]);
      const wrong = await postForm(e.report, { _csrf: `${form.csrf!.slice(0, -1)}x`, ind_onlineReceived: '90' }, [], form.cookie);
      expect(wrong.status).toBe(403);

      const big = await postForm(
        e.report,
        { _csrf: form.csrf!, ind_onlineReceived: '90' },
        [{ field: 'files', name: 'lon.pdf', type: 'application/pdf', content: Buffer.concat([samplePdf(), Buffer.alloc(MAX)]) }],
        form.cookie,
      );
      expect([big.status, big.html.includes('Tệp quá lớn')]).toEqual([413, true]);
      const fake = await postForm(
        e.report,
        { _csrf: form.csrf!, ind_onlineReceived: '90' },
        [{ field: 'files', name: 'bao-cao.pdf', type: 'application/pdf', content: Buffer.from('MZ\x90\x00 not a pdf') }],
        form.cookie,
      );
      expect([fake.status, fake.html.includes('không đúng loại được nhận')]).toEqual([415, true]);
      const exe = await postForm(
        e.report,
        { _csrf: form.csrf!, ind_onlineReceived: '90' },
        [{ field: 'files', name: 'setup.exe', type: 'application/octet-stream', content: Buffer.from('MZ') }],
        form.cookie,
      );
      expect(exe.status).toBe(415);

      const html = await postForm(
        e.report,
        { _csrf: form.csrf!, ind_onlineReceived: '90', narrative_issues: '<script>alert(1)</script>' },
        [],
        form.cookie,
      );
      expect([html.status, html.html.includes('không được chứa ký tự &lt; &gt;')]).toEqual([400, true]);
      expect(html.html).not.toContain('<script>alert(1)</script>');
      const ackForm = await openForm(e.ack);
      const crlf = await postForm(e.ack, { _csrf: ackForm.csrf!, contact: 'Nguyễn Văn A\r\nBcc: khac@example.com' }, [], ackForm.cookie);
      expect([crlf.status, crlf.html.includes('không được chứa xuống dòng')]).toEqual([400, true]);
      const notRate = await postForm(e.report, { _csrf: form.csrf!, ind_onlineReceived: 'nhiều' }, [], form.cookie);
      expect([notRate.status, notRate.html.includes('không phải tỷ lệ phần trăm')]).toEqual([400, true]);
    });
    expect(files()).toBe(stored);
  }, 180_000);

  it('limits the requests of one link per minute', async () => {
    const f = await notified('UBND xã Tiên Minh');
    const statuses: number[] = [];
    for (let i = 0; i <= RATE; i++) statuses.push((await fetch(f.ack)).status);
    expect(statuses.slice(0, RATE).every((s) => s === 200)).toBe(true);
    const last = await fetch(f.ack);
    expect(last.status).toBe(429);
    expect(await last.text()).toContain('Quá nhiều yêu cầu');
    // Another unit's link is not affected.
    expect((await fetch(stack.sign({ v: 1, w: f.id, a: 'report', u: 'UBND xã Tiên Minh', exp: addDays(today(), 30), g: 0 }))).status).toBe(
      200,
    );
  }, 120_000);
});

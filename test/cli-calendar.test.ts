import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, kiemtra, run } from './kit/process';

/** `kiemtra calendar` exactly as the issue specifies: one value per line, exit 0; bad input exit 2. */
describe('kiemtra calendar', () => {
  it.each([
    [['is-working-day', '2026-02-16'], 'false'],
    [['is-working-day', '2026-01-10'], 'true'],
    [['add-working-days', '2026-02-13', '1'], '2026-02-23'],
    [['add-working-days', '2026-02-23', '-1'], '2026-02-13'],
    [['add-working-days', '2026-02-14', '0'], '2026-02-14'],
    [['working-days-between', '2026-02-13', '2026-02-23'], '1'],
    [
      ['deadlines', '--visit', '2026-05-25', '--end', '2026-05-26', '--json'],
      '{"noticeBy":"2026-05-14","reportBy":"2026-05-22","conclusionBy":"2026-06-16"}',
    ],
    [['deadlines', '--visit', '2026-05-25', '--json'], '{"noticeBy":"2026-05-14","reportBy":"2026-05-22"}'],
    [['deadlines', '--visit', '2026-05-25', '--surprise', '--json'], '{}'],
  ])('calendar %j prints %s', async (args, expected) => {
    const r = await kiemtra(['calendar', ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${expected}\n`);
  });

  it('prints the deadlines for people in Vietnamese with weekday names', async () => {
    const r = await kiemtra(['calendar', 'deadlines', '--visit', '2026-05-25', '--end', '2026-05-26']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hạn gửi thông báo lịch kiểm tra: Thứ Năm, 14/05/2026');
    expect(r.stdout).toContain('Hạn đơn vị gửi báo cáo phục vụ kiểm tra: Thứ Sáu, 22/05/2026');
    expect(r.stdout).toContain('Hạn ban hành kết luận kiểm tra: Thứ Ba, 16/06/2026');
    expect(r.stdout).toContain('Căn cứ:');
  });

  it('lists a year with its basis, and flags a provisional one', async () => {
    const r = await kiemtra(['calendar', 'year', '2026']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Năm 2026: lịch nghỉ chính thức');
    expect(r.stdout).toMatch(/Thứ Bảy, 10\/01\/2026 +Làm bù/);
    expect(r.stdout).toContain('12729/VPCP-KGVX');
    const p = await kiemtra(['calendar', 'year', '2027']);
    expect(p.stdout).toContain('TẠM TÍNH');
    const j = JSON.parse((await kiemtra(['calendar', 'year', '2025', '--json'])).stdout);
    expect(j.daysOff).toHaveLength(12);
  });

  it.each([
    [['is-working-day', '2026-02-30'], /ngày "2026-02-30" không hợp lệ/],
    [['is-working-day', '26-02-16'], /không hợp lệ/],
    [['add-working-days', '2026-02-13', 'một'], /"một" không phải số nguyên/],
    [['add-working-days', '2026-02-13', '1.5'], /không phải số nguyên/],
    [['add-working-days', '2026-02-13'], /thiếu tham số/],
    [['working-days-between', '2026-02-13', 'tomorrow'], /không hợp lệ/],
    [['deadlines'], /thiếu tùy chọn bắt buộc/],
    [['deadlines', '--visit', '2026-05-23'], /là ngày nghỉ/],
    [['deadlines', '--visit', '2026-05-26', '--end', '2026-05-25'], /trước ngày bắt đầu/],
    [['year', '26'], /năm "26" không hợp lệ/],
    [['year', '1990'], /ngoài phạm vi/],
    [['nope'], /lệnh không tồn tại/],
    [['is-working-day', '2026-02-16', '--colour'], /tùy chọn không tồn tại/],
  ])('rejects %j with one line on stderr and exit 2', async (args, message) => {
    const r = await kiemtra(['calendar', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('rejects an invalid calendar data file by file, line and reason', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-cal-'));
    const file = path.join(dir, 'vn-calendar.yaml');
    fs.writeFileSync(
      file,
      'years:\n  - year: 2027\n    status: official\n    source: x\n    daysOff:\n      - date: 2027-02-06\n        name: Tết\n        basis: x\n',
    );
    const r = await kiemtra(['calendar', 'is-working-day', '2027-02-08'], cleanEnv({ KIEMTRA_CALENDAR_FILE: file }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6: years.0.daysOff.0.date: 2027-02-06 là ngày cuối tuần`);
    fs.rmSync(dir, { recursive: true });
  });

  it('works as `npx kiemtra` from the repository', async () => {
    const r = await run('npx', ['--no-install', 'kiemtra', 'calendar', 'is-working-day', '2026-02-16']);
    expect(r.stdout).toBe('false\n');
    expect(r.code).toBe(0);
  });

  it('shows help in Vietnamese with examples', async () => {
    const r = await kiemtra(['calendar', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ví dụ:');
    expect(r.stdout).toContain('kiemtra calendar add-working-days 2026-02-13 1');
  });
});

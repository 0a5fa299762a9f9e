import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { projectRoot } from '../config/paths';
import { addDays, localDateOf } from '../domain/dates';
import { cleanEnv, freePort, kiemtra } from './kit/process';
import { sharedCalendar } from './kit/temporal';
import { formXlsx } from './kit/report-forms';

/**
 * Malformed plan files and CLI arguments: each gives one clear line (file:line and field for plans),
 * exit 2, and changes nothing. Commands point at an address where nothing listens: a rejection
 * that reached the server would show as exit 3 instead, so exit 2 proves nothing was sent.
 */
const cal = sharedCalendar();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-bad-'));
const today = localDateOf(Date.now());
const shipped = fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8');

/** The shipped plan with every unit scheduled from today (a visit every 3 working days, at most 2 a week), edited by `edit`. */
function plan(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(shipped);
  doc.setIn(['window', 'to'], addDays(today, 400));
  let day = cal.addWorkingDays(today, 10);
  for (let i = 0; i < 34; i++) {
    doc.setIn(['units', i, 'visit'], doc.createNode({ start: day, end: day }));
    day = cal.addWorkingDays(day, 3);
  }
  fillTeam(doc);
  edit(doc);
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, doc.toString());
  return file;
}

/** The names and the decision the Office fills in (the shipped plan has placeholders, which `plan check` warns about). */
function fillTeam(doc: ReturnType<typeof parseDocument>): void {
  doc.setIn(['team', 'lead', 'name'], 'Nguyễn Văn An');
  ['Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung'].forEach((n, i) => doc.setIn(['team', 'members', i, 'name'], n));
  doc.setIn(['decisions', 'plan', 'number'], '1234/QĐ-UBND');
  doc.setIn(['decisions', 'plan', 'date'], '2026-05-08');
  doc.setIn(['documents', 'office', 'name'], 'Vũ Thị Hạnh');
}

/** The 1-based line of the team lead's `name:` in a plan file. */
function leadLine(file: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const lead = lines.findIndex((l) => /^\s+lead:/.test(l));
  return lines.findIndex((l, i) => i > lead && /^\s+name:/.test(l)) + 1;
}

/** Three working days of one week, far beyond the baseline's visits. */
function threeInOneWeek(): string[] {
  let monday = addDays(today, 300);
  while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
  for (; ; monday = addDays(monday, 7)) {
    const days = [0, 1, 2, 3, 4].map((k) => addDays(monday, k)).filter((x) => cal.isWorkingDay(x));
    if (days.length >= 3) return days.slice(0, 3);
  }
}

const weekend = (() => {
  let d = cal.addWorkingDays(today, 60);
  while (cal.isWorkingDay(d)) d = addDays(d, 1);
  return d;
})();

const badPlans: [string, (doc: ReturnType<typeof parseDocument>) => void, RegExp][] = [
  ['unknown key', (d) => d.setIn(['units', 0, 'colour'], 'red'), /:\d+: units\.0\.colour: Khóa không được nhận dạng/],
  ['bad email', (d) => d.setIn(['units', 1, 'emails', 0], 'not-an-email'), /units\.1\.emails\.0: địa chỉ email không hợp lệ/],
  ['no email', (d) => d.setIn(['units', 1, 'emails'], d.createNode([])), /units\.1\.emails/],
  ['bad kind', (d) => d.setIn(['units', 2, 'kind'], 'province'), /units\.2\.kind/],
  ['duplicate unit', (d) => d.setIn(['units', 3, 'name'], 'Sở Tài chính'), /units\.3\.name: đơn vị "Sở Tài chính" bị lặp/],
  ['CR/LF in a name', (d) => d.setIn(['units', 4, 'name'], 'UBND phường X\r\nBcc: a@b.c'), /units\.4\.name: không được chứa xuống dòng/],
  [
    'a terminal escape in a name',
    (d) => d.setIn(['units', 4, 'name'], 'UBND phường X\u001b]0;Đã duyệt\u0007'),
    /units\.4\.name: không được chứa ký tự điều khiển \(U\+001B\)/,
  ],
  [
    'a bidi override in a name',
    (d) => d.setIn(['units', 4, 'name'], 'UBND phường X\u202e'),
    /units\.4\.name: không được chứa ký tự đảo chiều/,
  ],
  [
    'HTML in a name',
    (d) => d.setIn(['units', 5, 'name'], '<script>alert(1)</script>'),
    /units\.5\.name: không được chứa xuống dòng hoặc ký tự < >/,
  ],
  ['oversized name', (d) => d.setIn(['units', 6, 'name'], 'x'.repeat(5000)), /units\.6\.name/],
  ['impossible date', (d) => d.setIn(['units', 7, 'visit', 'start'], '2026-02-30'), /units\.7\.visit\.start: ngày không hợp lệ/],
  [
    'end before start',
    (d) => d.setIn(['units', 8, 'visit', 'end'], addDays(today, 1)),
    /units\.8\.visit\.end: ngày kết thúc trước ngày bắt đầu/,
  ],
  ['visit on a day off', (d) => d.setIn(['units', 9, 'visit'], d.createNode({ start: weekend, end: weekend })), /là ngày nghỉ/],
  [
    'visit too soon for the notice',
    (d) => d.setIn(['units', 10, 'visit'], d.createNode({ start: cal.addWorkingDays(today, 3), end: cal.addWorkingDays(today, 3) })),
    /không còn đủ 7 ngày làm việc/,
  ],
  ['two units on one day', (d) => d.setIn(['units', 11, 'visit'], d.getIn(['units', 12, 'visit'])), /trùng ngày làm việc với UBND/],
  [
    'three visits in one week (at most 2)',
    (d) => threeInOneWeek().forEach((day, k) => d.setIn(['units', 31 + k, 'visit'], d.createNode({ start: day, end: day }))),
    /:\d+: UBND xã An Lão: tuần này đã có 2 cuộc làm việc \(UBND xã Vĩnh Hải, UBND xã Tiên Minh\); kế hoạch cho tối đa 2 mỗi tuần/,
  ],
  ['visit outside the window', (d) => d.setIn(['window', 'to'], cal.addWorkingDays(today, 20)), /nằm ngoài thời gian kiểm tra/],
  ['window reversed', (d) => d.setIn(['window', 'from'], addDays(today, 500)), /window\.to: kết thúc trước ngày bắt đầu/],
  ['bad round id', (d) => d.set('round', 'Hải Phòng 2026'), /round: mã đợt chỉ gồm chữ thường/],
  ['year as text', (d) => d.set('year', 'năm nay'), /year/],
  ['missing coordinator', (d) => d.delete('coordinator'), /coordinator/],
  ['imported stage unknown', (d) => d.setIn(['units', 13, 'current'], d.createNode({ stage: 'finished' })), /units\.13\.current\.stage/],
  [
    'imported remediating without conclusion',
    (d) =>
      d.setIn(['units', 14, 'current'], d.createNode({ stage: 'remediating', closingMeeting: { date: today, preliminaryResults: 'x' } })),
    /units\.14\.current\.conclusion: giai đoạn remediating cần có conclusion/,
  ],
  [
    'imported rate above 100',
    (d) =>
      d.setIn(
        ['units', 15, 'current'],
        d.createNode({ stage: 'notified', report: { receivedOn: today, indicators: { onlineReceived: 120 } } }),
      ),
    /units\.15\.current\.report\.indicators\.onlineReceived: tỷ lệ phải từ 0 đến 100/,
  ],
  [
    'imported notified after the visit began',
    (d) => {
      const began = cal.addWorkingDays(today, -2);
      d.setIn(['units', 16, 'visit'], d.createNode({ start: began, end: began }));
      d.setIn(['units', 16, 'current'], d.createNode({ stage: 'notified' }));
    },
    /giai đoạn notified nhưng Đoàn đã bắt đầu làm việc/,
  ],
  [
    'deputy authority unknown',
    (d) => d.setIn(['team', 'deputies'], d.createNode([{ name: 'Hoàng Văn Em', position: 'Phó Trưởng đoàn', authority: 'UQ.' }])),
    /team\.deputies\.0\.authority: thẩm quyền ký phải là KT\., TL\. hoặc Q\./,
  ],
  [
    'deputy who is the lead',
    (d) => d.setIn(['team', 'deputies'], d.createNode([{ name: 'Nguyễn Văn An', position: 'Phó Trưởng đoàn', authority: 'KT.' }])),
    /team\.deputies\.0\.name: "Nguyễn Văn An" đã có trong Đoàn/,
  ],
  ['member without organisation', (d) => d.deleteIn(['team', 'members', 0, 'organisation']), /team\.members\.0\.organisation/],
  [
    'decision number malformed',
    (d) => d.setIn(['decisions', 'plan', 'number'], 'số 12'),
    /decisions\.plan\.number: số quyết định có dạng 714\/QĐ-UBND/,
  ],
  [
    'negative reminder',
    (d) => d.setIn(['reminders'], d.createNode({ reportWorkingDaysBefore: [-1] })),
    /reminders\.reportWorkingDaysBefore\.0/,
  ],
];

describe('malformed plan files', () => {
  it('accepts the unedited baseline, so every rejection below is about its one edit', async () => {
    const file = plan('baseline', () => undefined);
    const r = await kiemtra(['plan', 'check', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('warns, in Vietnamese and without failing, while the team lead, members or the decision number are placeholders', async () => {
    const file = plan('placeholders', (d) => {
      d.setIn(['team', 'lead', 'name'], 'Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)');
      d.deleteIn(['team', 'lead', 'position']);
      d.setIn(['team', 'members', 1, 'name'], '[cần điền] Chuyên viên Trung tâm');
      d.deleteIn(['decisions', 'plan', 'number']);
    });
    const r = await kiemtra(['plan', 'check', file]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `Cảnh báo: ${file}:${leadLine(file)}: chưa điền họ tên Trưởng đoàn ("Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)"): cần ghi họ tên Lãnh đạo Văn phòng UBND thành phố làm Trưởng đoàn`,
      expect.stringMatching(/^Cảnh báo: .*:\d+: chưa điền chức vụ của Trưởng đoàn$/),
      expect.stringMatching(/^Cảnh báo: .*:\d+: thành viên thứ 2 chưa điền họ tên \(Trung tâm Phục vụ hành chính công thành phố\)$/),
      expect.stringMatching(/^Cảnh báo: .*:\d+: chưa điền số và ngày Quyết định ban hành Kế hoạch/),
    ]);
    const shippedCheck = await kiemtra(['plan', 'check', path.join(projectRoot, 'plans', 'haiphong-2026.yaml')]);
    expect(shippedCheck.stderr).toContain('chưa điền họ tên Trưởng đoàn ("[cần điền] Họ và tên Lãnh đạo Văn phòng UBND thành phố")');
  });

  it('loads a plan file written before December 2026 (team without positions, no decisions), with warnings', async () => {
    const file = plan('old-team', (d) => {
      d.delete('decisions');
      d.setIn(
        ['team', 'lead'],
        d.createNode({ name: 'Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)', email: 'truongdoan@haiphong.example' }),
      );
      d.setIn(
        ['team', 'members'],
        d.createNode([
          { name: 'Lãnh đạo Trung tâm Phục vụ hành chính công thành phố', organisation: 'Trung tâm Phục vụ hành chính công thành phố' },
        ]),
      );
    });
    const r = await kiemtra(['plan', 'check', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('kế hoạch chưa ghi Quyết định ban hành và các căn cứ (decisions)');
    expect(r.stderr).not.toContain('Lỗi');
  });

  it.each(badPlans)('%s: rejected by plan check and round start with file:line', async (name, edit, message) => {
    const file = plan(name.replace(/\W+/g, '-'), edit);
    const check = await kiemtra(['plan', 'check', file]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(message);
    expect(check.stderr).toContain(`${file}:`);
    const port = await freePort();
    const start = await kiemtra(['round', 'start', file], cleanEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` }));
    expect(start.code).toBe(2);
    // One line, or with several problems a heading and one line for each (all of them at once).
    const [first, ...more] = start.stderr.trim().split('\n');
    expect(first).toMatch(more.length ? new RegExp(`^Lỗi: tệp kế hoạch .* có ${more.length} lỗi, cần sửa hết:$`) : /^Lỗi: /);
    for (const line of more) expect(line.startsWith(`  ${file}:`), line).toBe(true);
    expect(start.stderr).toMatch(message);
  });

  it('rejects broken YAML, a missing file and a unit without dates, by name', async () => {
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'round: x\nunits: [\n');
    expect((await kiemtra(['plan', 'check', broken])).stderr).toMatch(/broken\.yaml:3:1: sai cú pháp YAML ở dòng 3, cột 1/);
    expect((await kiemtra(['plan', 'check', path.join(dir, 'nope.yaml')])).stderr).toMatch(/không tìm thấy tệp hoặc thư mục .*nope\.yaml/);
    const r = await kiemtra(['round', 'start', path.join(projectRoot, 'plans', 'haiphong-2026.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/34 đơn vị chưa có lịch làm việc: Sở Nông nghiệp và Môi trường, Sở Tài chính/);
  });

  it('refuses to overwrite with plan propose', async () => {
    const file = plan('propose-target', () => undefined);
    expect((await kiemtra(['plan', 'propose', file, '-o', file])).stderr).toMatch(/trùng tệp kế hoạch/);
    fs.writeFileSync(path.join(dir, 'exists.yaml'), 'x');
    const r = await kiemtra(['plan', 'propose', file, '-o', path.join(dir, 'exists.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/đã tồn tại; không ghi đè/);
    expect(fs.readFileSync(path.join(dir, 'exists.yaml'), 'utf8')).toBe('x');
  });
});

/** Files a unit might send as the forms of II.2 (issue 23): another form, a text file. */
const otherForm = path.join(dir, 'bieu-II05a.xlsx');
fs.writeFileSync(otherForm, formXlsx('II.05a'));
const textFile = path.join(dir, 'bieu.txt');
fs.writeFileSync(textFile, 'Biểu số II.04/VPCP/KSTT');
const rightForm = path.join(dir, 'bieu-II04.xlsx');
fs.writeFileSync(rightForm, formXlsx('II.04'));
const report = (...more: string[]) => ['report', 'Sở Tài chính', '--received', today, ...more];

const badArgs: [string[], RegExp][] = [
  [
    report('--count', 'onlineReceived=1200/1000'),
    /Hồ sơ tiếp nhận trực tuyến: "Số hồ sơ tiếp nhận trực tuyến" \(1\.200\) lớn hơn "Tổng số hồ sơ tiếp nhận" \(1\.000\)/,
  ],
  [report('--count', 'apologies=-1/9'), /Xin lỗi khi hồ sơ giải quyết trễ hạn: .* không được âm \(-1\)/],
  [report('--count', 'onlineReceived=62%'), /cần dạng mã=tử_số\/mẫu_số/],
  [report('--count', 'speed=1/2'), /không có số liệu "speed"/],
  [report('--count', 'onlineReceived=1/2', '--indicator', 'onlineReceived=50'), /tỷ lệ được tính từ --count/],
  [report('--budget', 'mười triệu'), /kinh phí "mười triệu" phải là số nguyên không âm/],
  [report('--item', 'budgetx=abc'), /các mã: situation, centerProcedures/],
  [report('--form', 'II.09=x.xlsx'), /các biểu: II\.04, II\.05a, II\.06a, II\.08/],
  [
    report('--form', `II.04=${otherForm}`),
    /không phải Biểu số II\.04\/VPCP\/KSTT: nội dung tệp không có số hiệu biểu mẫu "II\.04\/VPCP\/KSTT"/,
  ],
  [report('--form', `II.04=${textFile}`), /Biểu II\.04: tệp .* phải là Excel \(\.xlsx\), Word \(\.docx\) hoặc PDF/],
  [report('--form', `II.04=${rightForm}`, '--form', `II.04=${rightForm}`), /Biểu II\.04 được ghi hai lần/],
  [['report-forms', 'Sở Tài chính', '--received', today], /thiếu tùy chọn bắt buộc "--form/],
  [['report-forms', 'Sở Tài chính', '--received', today, '--form', `II.05a=${path.join(dir, 'khong-co.xlsx')}`], /không đọc được tệp/],
  [['report', 'Sở Tài chính', '--received', '2026-13-01'], /ngày "2026-13-01" không hợp lệ/],
  [['report', 'Sở Tài chính', '--received', today, '--indicator', 'onlineReceived'], /cần dạng mã=giá_trị/],
  [['report', 'Sở Tài chính', '--received', today, '--indicator', 'speed=5'], /không có chỉ tiêu "speed"/],
  [['report', 'Sở Tài chính'], /thiếu tùy chọn bắt buộc "--received <ngày>"/],
  [['meeting', 'open', 'Sở Tài chính', '--date', 'hôm nay'], /ngày "hôm nay" không hợp lệ/],
  [['meeting', 'close', 'Sở Tài chính', '--date', today], /thiếu tùy chọn bắt buộc "--results/],
  [['meeting', 'adjourn', 'Sở Tài chính'], /lệnh không tồn tại/],
  [['finding', 'Sở Tài chính'], /thiếu tham số "nội_dung"/],
  [['draft', 'Sở Tài chính', '--issued', today], /thiếu tùy chọn bắt buộc "--response-by/],
  [['response', 'Sở Tài chính', '--received', today], /cần --accepted hoặc --explain/],
  [['conclude', 'Sở Tài chính', '--signer', 'B', '--signed', today, '--recommendation', 'không có hạn'], /cần dạng "nội dung@YYYY-MM-DD"/],
  [['conclude', 'Sở Tài chính', '--signer', 'B', '--signed', today, '--recommendation', 'x@2026-02-31'], /ngày "2026-02-31" không hợp lệ/],
  [['remediation', 'Sở Tài chính', '--received', today, '--done', 'R1'], /cần dạng R1="minh chứng"/],
  [['remediation', 'Sở Tài chính', '--received', today], /thiếu tùy chọn bắt buộc "--done/],
  [['reschedule', 'Sở Tài chính', '--start', today], /thiếu tùy chọn bắt buộc "--end/],
  [['cancel', 'Sở Tài chính'], /thiếu tùy chọn bắt buộc "--reason/],
  [['status', 'Sở Tài chính', '--year', 'hai nghìn'], /năm "hai nghìn" không hợp lệ/],
  [['list', '--stage', 'done'], /giai đoạn "done" không tồn tại/],
  [['list', '--round', "x' OR 1=1"], /mã đợt .* không hợp lệ/],
  [['round', 'status', 'Đợt 1'], /mã đợt "Đợt 1" không hợp lệ/],
  [['round', 'summary', "a'b"], /mã đợt .* không hợp lệ/],
  [['calendar', 'add-working-days', '2026-02-13', '99999999'], /không phải số nguyên hợp lệ/],
  [['email', 'preview', '../../etc/passwd'], /loại email .* không tồn tại/],
  [['lam-gi-do'], /lệnh không tồn tại/],
  [['report', 'Sở Tài chính', '--received', today, '--colour'], /tùy chọn không tồn tại/],
];

describe('malformed CLI arguments', () => {
  it.each(badArgs)('kiemtra %j: one line, exit 2, nothing sent', async (args, message) => {
    const port = await freePort();
    const r = await kiemtra(args, cleanEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('counts at least 30 malformed inputs in this file', () => {
    expect(badPlans.length + 3 + 2 + badArgs.length).toBeGreaterThanOrEqual(30);
  });
});

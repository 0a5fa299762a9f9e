import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../domain/dates';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery } from '../workflows/inspection/contract';
import { documentDoubles, signedPdf, BROKEN_SIGNATURE } from './kit/documents';
import { inspectionInput } from './kit/inspection';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { SAMPLE_TEAM } from './kit/team';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';

/**
 * `kiemtra documents` on a dev server with the built CLI and a worker (the renderer and the
 * verifier are the test doubles, test/kit/documents.ts; the CLI and the worker share the data
 * folder): list, a refused sign, sign, a refused used number, issue, get the file out, a refused
 * broken upload. Each refusal is one Vietnamese `Lỗi:` line and exit 2, and changes nothing.
 */
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-documents-cli-'));
const stack = useWorkerStack(devServerEnv, { documents: () => documentDoubles(path.join(data, 'documents')) });
const cal = sharedCalendar();
const OFFICE = { name: 'Vũ Thị Hạnh', position: 'Phó Chánh Văn phòng UBND thành phố' };
const year = Number(localDateOf(Date.now()).slice(0, 4));

describe('kiemtra documents (dev server, built CLI)', () => {
  it('lists, signs, refuses a used number, issues, writes the file out, refuses a broken signature', async () => {
    const env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_DATA_DIR: data,
      KIEMTRA_YEAR: String(year),
      KIEMTRA_ACTOR: 'Văn thư Văn phòng',
    });
    const cli = (...args: string[]) => kiemtra(['documents', ...args], env);
    const unit = 'Sở Công Thương';
    const start = cal.addWorkingDays(localDateOf(Date.now()), 15);
    const input = { ...inspectionInput(unit, { start, end: start }), year, team: SAMPLE_TEAM, documents: { office: OFFICE } };
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    await eventually(async () => ((await h.query(stateQuery)).documents?.length ? true : undefined), 20_000, 'the draft');

    const listed = await cli('list', unit);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^Văn bản của cuộc kiểm tra tại ${unit}:\n  schedule_notice +lần 1 +Đã dự thảo +chưa cấp số; tệp: schedule_notice-du-thao.pdf \\(sha256 [0-9a-f]{12}…\\)\n$`,
      ),
    );

    const wrong = await cli('sign', unit, 'schedule_notice', '--signer', 'Nguyễn Văn An');
    expect([wrong.code, wrong.stderr.trim()]).toEqual([
      2,
      'Lỗi: "Nguyễn Văn An" không phải người ký Thông báo lịch làm việc của Đoàn kiểm tra; người ký theo kế hoạch: Vũ Thị Hạnh (Phó Chánh Văn phòng UBND thành phố)',
    ]);
    const badKind = await cli('sign', unit, 'thong_bao', '--signer', 'Vũ Thị Hạnh');
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toMatch(
      /^Lỗi: loại văn bản "thong_bao" không có; dùng một trong: schedule_notice \(Thông báo lịch làm việc của Đoàn kiểm tra\)/,
    );

    const broken = path.join(data, 'sua-sau-khi-ky.pdf');
    fs.writeFileSync(broken, '%PDF-1.4\nđã sửa\n');
    const refusedUpload = await cli('upload', unit, 'schedule_notice', '--file', broken);
    expect([refusedUpload.code, refusedUpload.stderr.trim()]).toEqual([2, `Lỗi: Bản ký số không hợp lệ: ${BROKEN_SIGNATURE}`]);

    const signed = path.join(data, 'thong-bao-ky-so.pdf');
    fs.writeFileSync(signed, signedPdf('Vũ Thị Hạnh', '2026-12-01T10:00:00+07:00'));
    const upload = await cli('upload', unit, 'schedule_notice', '--file', signed);
    expect(upload.code).toBe(0);
    expect(upload.stdout).toMatch(
      /^Đã nhận bản ký số: schedule_notice +lần 1 +Đã ký +chưa cấp số; người ký: Vũ Thị Hạnh; tệp: thong-bao-ky-so.pdf/,
    );

    const recorded = await kiemtra(
      ['register', 'record', '--body', 'VP', '--type', 'TB', '--number', '77/TB-VP', '--subject', 'Văn bản khác'],
      env,
    );
    expect(recorded.code).toBe(0);
    const used = await cli('issue', unit, 'schedule_notice', '--number', '77/TB-VP');
    expect(used.code).toBe(2);
    expect(used.stderr).toMatch(/^Lỗi: Số 77\/TB-VP đã được sử dụng trong sổ năm \d{4}/);

    const issued = await cli('issue', unit, 'schedule_notice', '--number', '78/TB-VP');
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(
      /^Đã ban hành: schedule_notice +lần 1 +Đã gửi +số 78\/TB-VP ngày \d{2}\/\d{2}\/\d{4}; người ký: Vũ Thị Hạnh; tệp: thong-bao-ky-so.pdf/,
    );

    const out = path.join(data, 'ra');
    fs.mkdirSync(out);
    const got = await cli('get', unit, 'schedule_notice', '--out', out);
    expect(got.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'thong-bao-ky-so.pdf')).equals(fs.readFileSync(signed))).toBe(true);
    const state = await h.query(stateQuery);
    expect(state.stage).toBe('notified');
    expect(state.history.filter((e) => e.action.includes('Thông báo lịch làm việc')).map((e) => e.action)).toEqual([
      'Lập dự thảo Thông báo lịch làm việc của Đoàn kiểm tra',
      'Tải lên bản ký số Thông báo lịch làm việc của Đoàn kiểm tra',
      'Ban hành Thông báo lịch làm việc của Đoàn kiểm tra',
    ]);
  });
});

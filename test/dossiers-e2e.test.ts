import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DOSSIER_COLUMNS } from '../domain/dossier-sample';
import { INSPECTION_WORKFLOW, inspectionStartOptions, stateQuery, type InspectionState } from '../workflows/inspection/contract';
import { saveHistory } from './kit/histories';
import { inspectionInput } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, sharedCalendar } from './kit/temporal';

/**
 * The dossier review and the findings with a place through the built CLI on a dev server (issue
 * 23, items 3 and 4): an .xlsx written here by exceljs, as the team keeps it (a title row above
 * the header), is imported; its figures become findings, and its 60% of dossiers received online
 * against the 95% the unit reported is a gap finding. A file with a code twice, a file without a
 * column, and the same file again are each refused with one Vietnamese line naming the row and the
 * column, exit 2, and no event in history. Then a CSV adds dossiers, a team finding is recorded
 * with its place, and the conclusion's recommendations point to findings (an unknown one refused).
 */
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-dossiers-'));
const stack = useWorkerStack(devServerEnv);
const dates = liveDates(sharedCalendar(), Date.now());
const UNIT = 'Sở Xây dựng';

/** 20 dossiers: 12 received online, 3 late (H49-0005 without an apology), all digitised. */
function sampleRows(): (string | number)[][] {
  return Array.from({ length: 20 }, (_, i) => {
    const n = i + 1;
    const code = `H49-${String(n).padStart(4, '0')}`;
    const late = n === 3 ? 2 : n === 5 ? 4 : n === 8 ? 1 : 0;
    return [
      code,
      n % 2 ? 'Cấp giấy phép xây dựng' : 'Cấp chứng chỉ hành nghề',
      n <= 15 ? 'Hệ thống TTHC thành phố' : 'Cổng DVCQG',
      'Phòng Quản lý xây dựng',
      n <= 12 ? 'Có' : 'Không',
      late ? 'Không' : 'Có',
      late || '',
      n <= 12 ? 'Có' : 'Không',
      'Có',
      'Có',
      late ? (n === 5 ? 'Không' : 'Có') : '',
    ];
  });
}

async function writeXlsx(file: string, header: string[], rows: (string | number)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ kiểm tra');
  ws.addRow(['KẾT QUẢ KIỂM TRA HỒ SƠ ĐÃ GIẢI QUYẾT - SỞ XÂY DỰNG']);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

describe('kiemtra dossiers and findings with a place (dev server, built CLI)', () => {
  it('imports an .xlsx into findings with a gap, refuses bad files unchanged, points recommendations to findings', async () => {
    const env = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_DATA_DIR: data,
      KIEMTRA_ACTOR: 'Thư ký Đoàn',
    });
    const cli = (...args: string[]) => kiemtra(args, env);
    const visit = dates.reportOverdue;
    const input = {
      ...inspectionInput(UNIT, visit),
      current: {
        stage: 'drafting' as const,
        report: { receivedOn: visit.start, indicators: { onlineReceived: 95, digitised: 100, satisfaction: 70 } },
        openingMeeting: visit.start,
        closingMeeting: { date: visit.end, preliminaryResults: 'Thông báo sơ bộ kết quả kiểm tra' },
      },
    };
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, inspectionStartOptions(input, stack.worker.options.taskQueue));
    const state = (): Promise<InspectionState> => h.query(stateQuery);
    /** The updates in history (accepted, completed, admitted): a refused update adds none (the workflow's own timers and mail may add others). */
    const UPDATE_EVENTS = new Set([41, 43, 47]);
    const events = async () => (await h.fetchHistory()).events!.filter((e) => UPDATE_EVENTS.has(Number(e.eventType))).length;
    const header = DOSSIER_COLUMNS.map((c) => c.header);

    // A code twice, a missing column: refused before anything is sent.
    const dup = path.join(data, 'trung-ma.xlsx');
    const rows = sampleRows();
    await writeXlsx(dup, header, [...rows.slice(0, 4), [...rows[1]!]]);
    const missing = path.join(data, 'thieu-cot.xlsx');
    const without = header.indexOf('Xin lỗi khi trễ hạn');
    await writeXlsx(
      missing,
      header.filter((_, i) => i !== without),
      rows.map((r) => r.filter((_, i) => i !== without)),
    );
    await state();
    const before = await events();
    const dupRun = await cli('dossiers', 'import', UNIT, dup);
    expect([dupRun.code, dupRun.stdout, dupRun.stderr]).toEqual([
      2,
      '',
      'Lỗi: trung-ma.xlsx: Dòng 7, cột "Mã hồ sơ": hồ sơ "H49-0002" đã có ở dòng 4.\n',
    ]);
    const missingRun = await cli('dossiers', 'import', UNIT, missing);
    expect(missingRun.code).toBe(2);
    expect(missingRun.stderr).toMatch(
      /^Lỗi: thieu-cot\.xlsx: Thiếu cột "Xin lỗi khi trễ hạn" ở dòng tiêu đề \(dòng 2\); các cột cần có: "Mã hồ sơ", /,
    );
    expect(await events()).toBe(before);
    expect((await state()).dossierSample).toBeUndefined();

    // The team's file.
    const file = path.join(data, 'ho-so-kiem-tra.xlsx');
    await writeXlsx(file, header, rows);
    const imported = await cli('dossiers', 'import', UNIT, file);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout.split('\n').slice(0, 3)).toEqual([
      `Đã ghi nhận 20 hồ sơ đã kiểm tra từ tệp ho-so-kiem-tra.xlsx: ${UNIT}. Giai đoạn: Đang dự thảo kết luận.`,
      'Hồ sơ đã kiểm tra: 20; trễ hạn: 3 (1 chưa có văn bản xin lỗi); tiếp nhận trực tuyến: 12/20',
      'Phát hiện từ kết quả kiểm tra hồ sơ:',
    ]);
    const s = await state();
    expect(s.dossierSample?.dossiers).toHaveLength(20);
    expect(s.dossierSample?.imports[0]).toMatchObject({ by: 'Thư ký Đoàn', count: 20, file: { name: 'ho-so-kiem-tra.xlsx' } });
    const sample = s.findings.filter((f) => f.source === 'sample');
    expect(sample.map((f) => `${f.id} [${f.kind}] ${f.area}/${f.item}: ${f.text}`)).toEqual([
      'F2 [shortcoming] oneStop/handledOnSystem: 3/20 hồ sơ kiểm tra giải quyết trễ hạn (H49-0003: 2 ngày làm việc, H49-0005: 4 ngày làm việc, H49-0008: 1 ngày làm việc)',
      'F3 [violation] oneStop/apologies: 1/3 hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, cá nhân (H49-0005)',
      'F4 [shortcoming] electronic/onlineReceivedAndPaid: 12/20 hồ sơ kiểm tra được tiếp nhận trực tuyến (60%; chỉ tiêu 80%)',
      'F5 [shortcoming] electronic/onlineReceivedAndPaid: 12/20 hồ sơ kiểm tra có thu phí, lệ phí được thanh toán phí, lệ phí trực tuyến (60%; chỉ tiêu 80%)',
      'F6 [good] electronic/digitisation: 20/20 hồ sơ kiểm tra được số hóa (100%; chỉ tiêu 100%)',
      'F7 [good] electronic/digitisation: 20/20 hồ sơ kiểm tra được cấp kết quả điện tử (100%; chỉ tiêu 100%)',
      'F8 [shortcoming] electronic/onlineReceivedAndPaid: Số liệu báo cáo "Hồ sơ tiếp nhận trực tuyến" (95%) chưa khớp với kết quả kiểm tra hồ sơ (12/20 hồ sơ, 60%): chênh lệch 35 điểm phần trăm, vượt ngưỡng 10 điểm',
    ]);
    expect(sample[0]).toMatchObject({ evidence: { dossiers: ['H49-0003', 'H49-0005', 'H49-0008'] }, division: 'Phòng Quản lý xây dựng' });
    // The unit's missed target is a finding in its place too.
    expect(s.findings[0]).toMatchObject({ id: 'F1', source: 'kpi', area: 'oneStop', item: 'satisfaction', kind: 'shortcoming' });

    // The same file again: its codes are already in the sample.
    const afterImport = await events();
    const again = await cli('dossiers', 'import', UNIT, file);
    expect([again.code, again.stderr]).toEqual([
      2,
      'Lỗi: Dòng 3, cột "Mã hồ sơ": hồ sơ "H49-0001" đã có trong mẫu hồ sơ đã kiểm tra (và 19 hồ sơ khác); không ghi nhận hồ sơ nào\n',
    ]);
    expect(await events()).toBe(afterImport);

    // A CSV (Excel's "CSV UTF-8", semicolons) adds two dossiers received online: still a gap (14/22).
    const csv = path.join(data, 'bo-sung.csv');
    fs.writeFileSync(
      csv,
      `\uFEFF${header.join(';')}\r\nH49-0021;Cấp giấy phép xây dựng;Cổng DVCQG;;Có;Có;;;Có;Có;\r\nH49-0022;"Cấp phép; sửa chữa";Hồ sơ giấy;;Có;Có;0;Có;Có;Không;\r\n`,
    );
    const added = await cli('dossiers', 'import', UNIT, csv);
    expect([added.code, added.stderr]).toEqual([0, '']);
    const s2 = await state();
    expect(s2.findings.filter((f) => f.source === 'sample').map((f) => f.id)).toEqual(['F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8']);
    expect(s2.findings.find((f) => f.id === 'F8')?.text).toMatch(/\(14\/22 hồ sơ, 63,6%\): chênh lệch 31,4 điểm phần trăm/);

    const list = await cli('dossiers', 'list', UNIT);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^Sở Xây dựng: Hồ sơ đã kiểm tra: 22; trễ hạn: 3 \(1 chưa có văn bản xin lỗi\); tiếp nhận trực tuyến: 14\/22\n/,
    );
    expect(list.stdout).toMatch(/H49-0005 .*Cấp giấy phép xây dựng .*trễ 4 ngày .*Không/);
    expect(list.stdout).toContain('  - F3. 1/3 hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, cá nhân (H49-0005)\n');
    expect(list.stdout).toContain('      từ kết quả kiểm tra hồ sơ; Vi phạm; nội dung (2); mục: Xin lỗi cá nhân, tổ chức');

    // A team finding with its place and an evidence file.
    const minutes = path.join(data, 'bien-ban.pdf');
    fs.writeFileSync(minutes, '%PDF-1.4 biên bản làm việc');
    const finding = await cli(
      'finding',
      UNIT,
      'Chưa niêm yết đầy đủ TTHC tại Bộ phận Một cửa',
      '--area',
      '2',
      '--item',
      'centerProcedures',
      '--kind',
      'shortcoming',
      '--dossier',
      'H49-0005',
      '--system',
      'Cổng DVCQG',
      '--file',
      minutes,
      '--division',
      'Bộ phận Một cửa',
    );
    expect([finding.code, finding.stdout, finding.stderr]).toEqual([
      0,
      `Đã ghi nhận phát hiện F9: ${UNIT}. Giai đoạn: Đang dự thảo kết luận.\n`,
      '',
    ]);
    const team = (await state()).findings.at(-1)!;
    expect(team).toMatchObject({
      id: 'F9',
      source: 'team',
      area: 'oneStop',
      item: 'centerProcedures',
      kind: 'shortcoming',
      evidence: { dossiers: ['H49-0005'], system: 'nationalPortal', files: [{ name: 'bien-ban.pdf' }] },
      division: 'Bộ phận Một cửa',
    });
    expect(fs.existsSync(path.join(data, 'documents', team.evidence!.files![0]!.sha256))).toBe(true);
    const badArea = await cli('finding', UNIT, 'Khác', '--area', '7');
    expect([badArea.code, badArea.stderr]).toEqual([
      2,
      'Lỗi: nội dung "7" không có; dùng 1–4 hoặc control, oneStop, electronic, headResponsibility\n',
    ]);

    const status = await cli('status', UNIT);
    expect(status.stdout).toContain(
      '  - F9. Chưa niêm yết đầy đủ TTHC tại Bộ phận Một cửa\n      Đoàn kiểm tra ghi nhận; Tồn tại, hạn chế; nội dung (2); mục: Thủ tục hành chính được đưa ra thực hiện tại Trung tâm Phục vụ hành chính công (trừ thủ tục quy định tại khoản 3 Điều 14 Nghị định số 118/2025/NĐ-CP); hồ sơ: H49-0005; kiểm tra trên Cổng Dịch vụ công quốc gia; tệp: bien-ban.pdf; bộ phận: Bộ phận Một cửa\n',
    );
    expect(status.stdout).toContain(
      'Hồ sơ đã kiểm tra: 22; trễ hạn: 3 (1 chưa có văn bản xin lỗi); tiếp nhận trực tuyến: 14/22 (kiemtra dossiers list)\n',
    );

    // Recommendations that answer findings: an unknown id refused, no event; then signed.
    const conclude = (answers: string) =>
      cli(
        'conclude',
        UNIT,
        '--signer',
        'Trưởng đoàn kiểm tra',
        '--signed',
        dates.today,
        '--recommendation',
        `Gửi văn bản xin lỗi khi hồ sơ trễ hạn@${dates.remediationBy}@${answers}`,
      );
    const beforeConclude = await events();
    const unknown = await conclude('F3,F42');
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'Lỗi: Kiến nghị thứ 1 trả lời phát hiện không có: F42; các phát hiện: F1, F2, F3, F4, F5, F6, F7, F8, F9\n',
    ]);
    expect(await events()).toBe(beforeConclude);
    const signed = await conclude('F3,F2');
    expect([signed.code, signed.stderr]).toEqual([0, '']);
    expect((await state()).recommendations.map((r) => [r.id, r.answers])).toEqual([['R1', ['F3', 'F2']]]);
    expect((await cli('status', UNIT)).stdout).toMatch(
      / {2}- R1\. Gửi văn bản xin lỗi khi hồ sơ trễ hạn; hạn .*; xử lý phát hiện F3, F2\n/,
    );

    // Ended, so that its history (the sample, the findings, the answers) can be kept for the replay tests.
    expect((await cli('cancel', UNIT, '--reason', 'Kết thúc kiểm thử')).code).toBe(0);
    await h.result();
    await saveHistory(stack.env, h.workflowId, 'inspection-dossier-sample-findings-answers');
  }, 180_000);
});

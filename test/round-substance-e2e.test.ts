import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadTemplates } from '../config/templates';
import { projectRoot } from '../config/paths';
import { addDays } from '../domain/dates';
import { findSoffice } from '../documents/pdf';
import { renderDocx } from '../documents/render';
import { inspectionDocumentContent } from '../documents/inspection';
import { createDocumentDeps, roundDocumentContexts } from '../worker/documents';
import { roundDocumentStateQuery, roundDocumentWorkflowId } from '../workflows/round-document/contract';
import { rehearsalContext, rehearsalFacts, rehearsalStates } from '../scripts/document-samples';
import { liveDates } from './kit/live-dates';
import { cleanEnv, kiemtra } from './kit/process';
import { makeCa } from './kit/signed-pdf';
import { useWorkerStack } from './kit/stack';
import { devServerEnv, eventually, sharedCalendar } from './kit/temporal';
import { describeWithTools, libreOfficeCalcTool, libreOfficeTool } from './kit/tools';

/**
 * Issue 23, items 5 and 6, on a dev server with the built CLI and the real renderer: a round of
 * two inspected units and two self-inspections. The team takes the conclusion's text out, edits
 * and records it, signs; the Kết luận (.docx → text by LibreOffice) carries the edit, the
 * findings and the recommendations. The Office drafts the Báo cáo with its own proposals: the
 * stored report aggregates the findings, the targets missed by both units and the
 * self-inspections' figures. The round's .xlsx, converted to CSV by LibreOffice, holds the cells.
 */
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-round-substance-'));
const ca = makeCa({ cn: 'Kiemtra Test CA' });
const caFile = path.join(data, 'ca.pem');
fs.writeFileSync(caFile, ca.pem);

/** The cells of one CSV line as LibreOffice writes it (fields with a comma are quoted). */
function cells(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/gu)].map((m) => m[1]!.replace(/^"(.*)"$/su, '$1').replace(/""/gu, '"'));
}

/** A file converted by LibreOffice (its own profile, so a parallel suite's soffice does not clash). */
function convert(file: string, to: string): string[] {
  const out = fs.mkdtempSync(path.join(data, 'lo-'));
  execFileSync(findSoffice()!, [`-env:UserInstallation=file://${out}/profile`, '--headless', '--convert-to', to, '--outdir', out, file], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  return fs
    .readdirSync(out)
    .filter((n) => n !== 'profile')
    .map((n) => path.join(out, n));
}

describeWithTools(
  'the conclusion and the report to the Chairman with substance (dev server)',
  [libreOfficeTool(), libreOfficeCalcTool()],
  () => {
    const stack = useWorkerStack(devServerEnv, {
      documents: () =>
        createDocumentDeps({
          templates: loadTemplates({}),
          signing: { caFile, caCertificates: [new X509Certificate(ca.pem)] },
          contexts: roundDocumentContexts(),
          dir: path.join(data, 'documents'),
        }),
    });
    const ROUND = `e2e-substance-${process.pid}`;
    const A = 'Sở Tài chính';
    const B = 'Sở Xây dựng';

    it(
      'edits and signs a conclusion, drafts the Báo cáo with the Office’s proposals, writes the workbook',
      { timeout: 300_000 },
      async () => {
        const { today, visited, remediationBy } = liveDates(sharedCalendar(), Date.now());
        const doc = parseDocument(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8'));
        doc.setIn(['round'], ROUND);
        doc.setIn(['window', 'to'], addDays(today, 240));
        doc.setIn(['team', 'lead', 'name'], 'Trần Văn B');
        doc.setIn(['team', 'members', 0, 'name'], 'Phạm Thị Dung');
        const units = (doc.getIn(['units']) as { items: unknown[] }).items;
        const keep = units.filter((u) => [A, B].includes(String((u as { get: (k: string) => unknown }).get('name'))));
        doc.setIn(['units'], doc.createNode([]));
        for (const u of keep) (doc.getIn(['units']) as { items: unknown[] }).items.push(u);
        for (const i of [0, 1]) {
          doc.setIn(['units', i, 'type'], 'surprise');
          doc.setIn(['units', i, 'visit'], doc.createNode({ start: visited, end: visited }));
          doc.setIn(['units', i, 'current'], doc.createNode({ stage: 'on_site' }));
        }
        doc.setIn(['rules', 'oneUnitPerDay'], false); // both units visited on the last working day
        doc.setIn(['selfInspection', 'before'], addDays(today, 60));
        const selfUnits = (doc.getIn(['selfInspection', 'units']) as { items: unknown[] }).items;
        selfUnits.splice(2);
        const planFile = path.join(data, 'plan.yaml');
        fs.writeFileSync(planFile, doc.toString());

        const env = cleanEnv({
          TEMPORAL_ADDRESS: stack.env.connection.options.address,
          KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
          KIEMTRA_DATA_DIR: data,
          KIEMTRA_YEAR: '2026',
          KIEMTRA_ACTOR: 'Trần Văn B',
          KIEMTRA_SIGNING_CA: caFile,
        });
        const cli = async (...args: string[]) => {
          const r = await kiemtra(args, env);
          if (r.code !== 0) throw new Error(`kiemtra ${args.join(' ')} → ${r.code}: ${r.stderr}`);
          return r.stdout;
        };

        expect(JSON.parse(await cli('round', 'start', planFile, '--json'))).toMatchObject({ round: ROUND, started: 4 });
        await cli('report', A, '--received', today, '--indicator', 'onlineReceived=60', '--indicator', 'satisfaction=97');
        await cli('report', B, '--received', today, '--indicator', 'onlineReceived=55');
        await cli('self', 'report', 'Sở Nội vụ', '--received', today, '--indicator', 'satisfaction=92', '--indicator', 'onlineReceived=85');
        await cli('self', 'report', 'Sở Tư pháp', '--received', today, '--indicator', 'satisfaction=98');
        await cli('meeting', 'open', A, '--date', visited);
        await cli('finding', A, 'Chưa niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa');
        await cli('meeting', 'close', A, '--date', visited, '--results', 'Cơ bản đạt yêu cầu');

        // The conclusion's text: taken out, edited, refused when malformed (nothing recorded), recorded.
        const textFile = path.join(data, 'ket-luan.txt');
        expect(await cli('conclusion', 'text', A, '--out', textFile)).toContain(`Đã ghi nội dung kết luận của ${A}`);
        const built = fs.readFileSync(textFile, 'utf8');
        expect(built).toContain('- Chưa niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa.');
        expect(built).toMatch(
          /# \d\. Giải quyết thủ tục hành chính trên môi trường điện tử\na\) Tồn tại, hạn chế:\n- Hồ sơ tiếp nhận trực tuyến 60%, thấp hơn mục tiêu 80%/u,
        );
        const bad = path.join(data, 'sai.txt');
        fs.writeFileSync(bad, 'Một đoạn trước tiêu đề\n# I. A\nx\n');
        const refused = await kiemtra(['conclusion', 'record', A, '--file', bad], env);
        expect([refused.code, refused.stderr.trim()]).toEqual([
          2,
          `Lỗi: tệp ${bad}, dòng 1: đoạn văn đứng trước tiêu đề mục đầu tiên (tiêu đề bắt đầu bằng "# ").`,
        ]);
        const EDIT = 'Đoàn kiểm tra đánh giá cao tinh thần phối hợp của Sở Tài chính.';
        fs.writeFileSync(textFile, built.replace('# II. KẾT QUẢ KIỂM TRA', `${EDIT}\n\n# II. KẾT QUẢ KIỂM TRA`));
        expect(await cli('conclusion', 'record', A, '--file', textFile)).toMatch(
          /^Đã ghi nhận nội dung kết luận của Sở Tài chính \(4 mục\)/u,
        );
        await cli('conclude', A, '--signer', 'Trần Văn B', '--signed', today, '--recommendation', `Niêm yết đầy đủ TTHC@${remediationBy}`);
        const after = await kiemtra(['conclusion', 'record', A, '--file', textFile], env);
        expect(after.code).toBe(2);

        // The Kết luận, as LibreOffice reads it: the team's edit, the findings, the recommendation with its deadline.
        const out = path.join(data, 'kl');
        fs.mkdirSync(out);
        // The worker drafts the Kết luận after the signing, in its loop.
        await eventually(
          async () => ((await kiemtra(['documents', 'get', A, 'conclusion', '--docx', '--out', out], env)).code === 0 ? true : undefined),
          60_000,
          'the Kết luận drafted',
        );
        const docx = fs.readdirSync(out).find((n) => n.endsWith('.docx'))!;
        const kl = fs.readFileSync(convert(path.join(out, docx), 'txt:Text (encoded):UTF8')[0]!, 'utf8');
        expect(kl).toContain(EDIT);
        expect(kl).toContain('Chưa niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa.');
        expect(kl).toMatch(/III\. KIẾN NGHỊ\s+1\. Niêm yết đầy đủ TTHC\. Thời hạn hoàn thành: trước ngày/u);

        // The Báo cáo: built proposals taken out, replaced by the Office's, stored with the draft.
        const proposals = path.join(data, 'de-xuat.txt');
        await cli('documents', 'round', ROUND, 'report', 'proposals', '--out', proposals);
        expect(fs.readFileSync(proposals, 'utf8')).toContain(
          'Chỉ đạo Sở Tài chính, Sở Xây dựng xây dựng giải pháp nâng chỉ tiêu "Hồ sơ tiếp nhận trực tuyến"',
        );
        const OFFICE = 'Giao Sở Nội vụ tham mưu kiểm điểm trách nhiệm người đứng đầu các đơn vị chưa đạt chỉ tiêu.';
        fs.writeFileSync(proposals, `# VIII. ĐỀ XUẤT GIẢI PHÁP VÀ BIỆN PHÁP XỬ LÝ VI PHẠM\n${OFFICE}\n`);
        await cli('documents', 'round', ROUND, 'report', 'draft', '--plan', planFile, '--proposals', proposals);
        const stored = (
          await stack.env.client.workflow.getHandle(roundDocumentWorkflowId(ROUND, 'round_report')).query(roundDocumentStateQuery)
        ).documents[0]!.report!;
        const section = (h: string) => stored.sections.find((s) => s.heading.startsWith(h))!;
        expect(section('IV.').paragraphs).toEqual(
          expect.arrayContaining([
            '1. Sở Tài chính',
            '- Giải quyết thủ tục hành chính trên môi trường điện tử: Tồn tại, hạn chế: Hồ sơ tiếp nhận trực tuyến 60%, thấp hơn mục tiêu 80%.',
            '- Chưa xác định nội dung kiểm tra: Tồn tại, hạn chế: Chưa niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa.',
          ]),
        );
        expect(section('V.').paragraphs).toContain(
          '- Chỉ tiêu "Hồ sơ tiếp nhận trực tuyến" chưa đạt mục tiêu ≥ 80% tại 2 đơn vị: Sở Tài chính, Sở Xây dựng.',
        );
        expect(section('VII.').paragraphs).toContain('Đã nhận: 2/2 (Sở Nội vụ, Sở Tư pháp).');
        expect(section('VII.').table!.rows).toContainEqual([
          'Mức độ hài lòng của người dân, doanh nghiệp',
          '≥ 95%',
          '2',
          '1',
          '95%',
          '92% – 98%',
          'Sở Nội vụ',
        ]);
        expect(stored.sections.at(-1)).toEqual({ heading: 'VIII. ĐỀ XUẤT GIẢI PHÁP VÀ BIỆN PHÁP XỬ LÝ VI PHẠM', paragraphs: [OFFICE] });

        // The workbook opens in LibreOffice: every sheet to CSV, the cells read back.
        const xlsx = path.join(data, 'dot.xlsx');
        expect(await cli('round', 'workbook', ROUND, '--out', xlsx)).toContain('2 đơn vị được kiểm tra, 2 đơn vị tự kiểm tra');
        const csvs = convert(xlsx, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1');
        const sheet = (name: string) =>
          fs
            .readFileSync(
              csvs.find((f) => f.endsWith(`-${name}.csv`))!,
              'utf8',
            )
            .trim()
            .split('\n');
        const kpi = sheet('Chỉ tiêu');
        const head = cells(kpi[0]!);
        const col = head.findIndex((h) => h.includes('Hồ sơ tiếp nhận trực tuyến (%)'));
        const row = (unit: string) => cells(kpi.find((l) => l.startsWith(`${unit},`))!);
        expect([row(A)[col], row(A)[col + 1], row(B)[col]]).toEqual(['60', 'Chưa đạt', '55']);
        expect(sheet('Phát hiện').some((l) => l.includes('Chưa niêm yết đầy đủ thủ tục hành chính tại Bộ phận Một cửa'))).toBe(true);
        expect(sheet('Kiến nghị').some((l) => l.startsWith(`${A},R1,Niêm yết đầy đủ TTHC,`))).toBe(true);
        expect(sheet('Tự kiểm tra').some((l) => l.startsWith('Sở Nội vụ,'))).toBe(true);
      },
    );

    it('renders a conclusion by content area and its recommendations (.docx → LibreOffice text)', () => {
      const docx = path.join(data, 'ket-luan-mau.docx');
      fs.writeFileSync(
        docx,
        renderDocx(
          'conclusion',
          inspectionDocumentContent('conclusion', rehearsalStates().concluded, rehearsalFacts('conclusion'), rehearsalContext()),
          loadTemplates(),
        ),
      );
      const t = fs.readFileSync(convert(docx, 'txt:Text (encoded):UTF8')[0]!, 'utf8');
      expect(t).toMatch(/2\. Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính\s+a\) Kết quả đạt được:/u);
      expect(t).toContain('Trách nhiệm: Phòng Quản lý giá và công sản.');
      expect(t).toContain('3. Giải quyết thủ tục hành chính trên môi trường điện tử');
      expect(t).toContain('4. Các nội dung khác');
      expect(t).toContain('Nhằm khắc phục: 05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi tổ chức, cá nhân.');
    });
  },
);

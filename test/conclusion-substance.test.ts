import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { builtProposals, roundReportInput, PROPOSALS_HEADING } from '../client/cli/summary';
import { roundSubstance } from '../client/round-substance';
import { roundWorkbook, WORKBOOK_SHEETS } from '../client/round-workbook';
import type { RoundData } from '../client/rounds';
import { conclusionBodyText, KPI_TABLE_MARK, parseConclusionBody } from '../domain/conclusion-body';
import type { DocumentFields } from '../domain/document-fields';
import { builtConclusionBody } from '../documents/conclusion-body';
import { inspectionDocumentContent } from '../documents/inspection';
import { rehearsalContext, rehearsalFacts, rehearsalStates } from '../scripts/document-samples';
import type { Finding, InspectionState } from '../workflows/inspection/contract';
import { updateSchemas } from '../workflows/inspection/contract';
import type { SelfInspectionState } from '../workflows/self-inspection/contract';

/**
 * Issue 23, items 5 and 6: the Kết luận issue by issue from the findings (and the team's edit of
 * it), the report to the Chairman with what the round found, and the Office's workbook. Pure.
 */

const at = '2026-06-12T10:00:00.000+07:00';
const finding = (f: Partial<Finding> & { text: string }): Finding => ({ source: 'team', at, by: 'Phạm Thị Dung', ...f });

/** The rehearsal's concluded state with its findings that have no place only (as recorded before December 2026). */
function unplacedRehearsal(): InspectionState {
  const s = structuredClone(rehearsalStates().concluded);
  // The rehearsal's own placed findings go; its missed targets (placed by their indicator) stay.
  s.findings = s.findings.filter((f) => !f.area || f.source === 'kpi');
  for (const r of s.recommendations) delete r.answers;
  return s;
}

/** The rehearsal's concluded state, with placed findings and recommendations that answer them. */
function placed(): InspectionState {
  const s = unplacedRehearsal();
  s.findings.push(
    finding({ id: 'F2', text: 'Bộ phận Một cửa niêm yết đầy đủ, đúng quy định các thủ tục hành chính', area: 'oneStop', kind: 'good' }),
    finding({
      id: 'F3',
      text: '05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi',
      area: 'oneStop',
      item: 'apologies',
      kind: 'violation',
      division: 'Phòng Quản lý giá và công sản',
      evidence: { dossiers: ['H01.2026.001', 'H01.2026.002'], system: 'citySystem' },
    }),
    finding({
      id: 'F4',
      text: 'Chưa bố trí kinh phí cho hoạt động kiểm soát thủ tục hành chính',
      area: 'control',
      item: 'budget',
      kind: 'shortcoming',
    }),
  );
  s.recommendations[0]!.answers = ['F3'];
  return s;
}

function text(f: DocumentFields): string {
  return [
    ...f.intro.map((p) => p.text),
    ...f.sections.flatMap((s) => [
      s.heading,
      ...s.paragraphs.map((p) => p.text),
      ...s.table.flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => c.text))),
    ]),
  ].join('\n');
}

describe('the Kết luận issue by issue (item 5)', () => {
  it('lists the findings by content area, good results, shortcomings, violations with who is responsible', () => {
    const k = inspectionDocumentContent('conclusion', placed(), rehearsalFacts('conclusion'), rehearsalContext());
    expect(k.sections.map((s) => s.heading)).toEqual([
      'I. KHÁI QUÁT CHUNG',
      'II. KẾT QUẢ KIỂM TRA',
      '2. Công tác kiểm soát thủ tục hành chính',
      '3. Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính',
      '4. Giải quyết thủ tục hành chính trên môi trường điện tử',
      '5. Các nội dung khác',
      'III. KIẾN NGHỊ',
      'IV. TỔ CHỨC THỰC HIỆN',
    ]);
    expect(k.sections[1]!.table[0]!.rows.map((r) => r.cells[3]!.text)).toContain('Chưa đạt');
    expect(k.sections[3]!.paragraphs.map((p) => p.text)).toEqual([
      'a) Kết quả đạt được:',
      '- Bộ phận Một cửa niêm yết đầy đủ, đúng quy định các thủ tục hành chính.',
      'b) Vi phạm và trách nhiệm:',
      '- 05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi (nội dung: Xin lỗi cá nhân, tổ chức khi hồ sơ giải quyết trễ hạn hoặc cán bộ, công chức, viên chức vi phạm; hồ sơ: H01.2026.001, H01.2026.002; kiểm tra trên Hệ thống thông tin giải quyết thủ tục hành chính thành phố). Trách nhiệm: Phòng Quản lý giá và công sản.',
    ]);
    // A missed target is a shortcoming of its indicator's area, without "<"; older findings (no place) still appear.
    const electronic = k.sections[4]!.paragraphs.map((p) => p.text);
    expect(electronic[0]).toBe('a) Tồn tại, hạn chế:');
    expect(electronic.join('\n')).toContain('- Hồ sơ tiếp nhận trực tuyến 62,4%, thấp hơn mục tiêu 80%');
    const other = k.sections[5]!.paragraphs.map((p) => p.text);
    expect(other[0]).toBe('a) Tồn tại, hạn chế:');
    expect(other).toContain('- Một số thủ tục hành chính chưa được công khai đầy đủ tại Bộ phận Một cửa.');
    const recs = k.sections[6]!.paragraphs.map((p) => p.text);
    expect(recs[0]).toBe(
      '1. Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt mục tiêu năm 2026. Thời hạn hoàn thành: trước ngày 30/9/2026 (thứ Tư). Nhằm khắc phục: 05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi.',
    );
    expect(text(k)).not.toMatch(/\bF\d\b|R\d\b|citySystem|oneStop/u);
  });

  it('without any finding says so, in the section the documents had before', () => {
    const s = unplacedRehearsal();
    s.findings = [];
    const body = builtConclusionBody(s);
    expect(body.sections.at(-1)).toEqual({ heading: '2. Những tồn tại, hạn chế', paragraphs: ['Không có.'] });
  });

  it("uses the team's recorded text: its sections, the indicators' table at the mark, recommendations still built", () => {
    const s = placed();
    const edited = parseConclusionBody(
      [
        '// a comment',
        '# I. KHÁI QUÁT CHUNG',
        'Sở Tài chính chấp hành nghiêm túc Kế hoạch kiểm tra.',
        '',
        '# II. KẾT QUẢ KIỂM TRA',
        '1. Kết quả thực hiện các chỉ tiêu năm 2026:',
        KPI_TABLE_MARK,
        '# 2. Về thực hiện cơ chế một cửa',
        'Còn 05 hồ sơ quá hạn chưa xin lỗi; trách nhiệm thuộc Phòng Quản lý giá và công sản.',
      ].join('\n'),
    );
    expect(edited.ok).toBe(true);
    if (!edited.ok) return;
    s.conclusionText = { sections: edited.body.sections, at, by: 'Nguyễn Văn An' };
    for (const kind of ['conclusion', 'draft_conclusion'] as const) {
      const k = inspectionDocumentContent(kind, s, rehearsalFacts(kind), rehearsalContext());
      expect(k.sections.map((x) => x.heading)).toEqual([
        'I. KHÁI QUÁT CHUNG',
        'II. KẾT QUẢ KIỂM TRA',
        '2. Về thực hiện cơ chế một cửa',
        'III. KIẾN NGHỊ',
        'IV. TỔ CHỨC THỰC HIỆN',
      ]);
      expect(k.sections[1]!.paragraphs.map((p) => p.text)).toEqual(['1. Kết quả thực hiện các chỉ tiêu năm 2026:']);
      expect(k.sections[1]!.table).toHaveLength(1);
      expect(text(k)).toContain('Sở Tài chính chấp hành nghiêm túc Kế hoạch kiểm tra.');
      expect(text(k)).not.toContain(KPI_TABLE_MARK);
    }
  });

  it('round-trips the built body through its file, and refuses a malformed file naming the line', () => {
    const body = builtConclusionBody(placed());
    const parsed = parseConclusionBody(conclusionBodyText(body, ['Hướng dẫn']));
    expect(parsed).toEqual({ ok: true, body });
    expect(updateSchemas.recordConclusionText.safeParse({ sections: body.sections, by: 'A' }).success).toBe(true);
    const bad = (t: string) => {
      const r = parseConclusionBody(t);
      return r.ok ? 'ok' : r.message;
    };
    expect(bad('Đoạn mở đầu\n# I. A\nx')).toBe('dòng 1: đoạn văn đứng trước tiêu đề mục đầu tiên (tiêu đề bắt đầu bằng "# ")');
    expect(bad(`# II. B\n${KPI_TABLE_MARK}\nmột đoạn sau bảng`)).toBe(
      `dòng ${KPI_TABLE_MARK} phải là dòng cuối của mục "II. B" (bảng đứng sau các đoạn của mục)`,
    );
    expect(bad('# I. A\nTỷ lệ 60% < 80%')).toBe('mục "I. A", đoạn 1: không được chứa xuống dòng hoặc ký tự < >');
    expect(bad('// chỉ chú thích')).toBe('nội dung kết luận cần ít nhất một mục');
    expect(updateSchemas.recordConclusionText.safeParse({ sections: [], by: 'A' }).success).toBe(false);
  });
});

/** A small round: two inspected units, three self-inspections (two received with indicators). */
function round(): RoundData {
  const a = placed();
  a.stage = 'remediating';
  a.recommendations[1]!.overdue = true;
  const b = unplacedRehearsal();
  b.config.unit = { ...b.config.unit, name: 'Sở Xây dựng' };
  b.findings.push(
    finding({ text: 'Chưa xin lỗi người dân khi hồ sơ trễ hạn', area: 'oneStop', item: 'apologies', kind: 'shortcoming' }),
    finding({ text: 'Để 02 hồ sơ quá hạn không lý do', area: 'oneStop', kind: 'violation', division: 'Phòng Quản lý nhà' }),
  );
  b.report!.kpi = b.report!.kpi.map((k) => (k.id === 'onlineReceived' ? { ...k, value: 85, met: true } : k));
  b.recommendations[0]!.status = 'done';
  b.recommendations[0]!.doneOn = '2026-09-01';
  const self = (
    unit: string,
    kpi?: { id: 'satisfaction' | 'onlineReceived'; value: number; target: number }[],
    late = false,
  ): SelfInspectionState => ({
    workflowId: `self-2026-${unit}`,
    unit,
    stage: kpi ? 'self_received' : 'self_waiting',
    ...(kpi
      ? {
          receivedOn: '2026-06-20',
          late,
          kpi: kpi.map((k) => ({
            ...k,
            label: k.id === 'satisfaction' ? 'Mức độ hài lòng' : 'Hồ sơ tiếp nhận trực tuyến',
            met: k.value >= k.target,
            text: '',
          })),
        }
      : {}),
    overdue: false,
    pending: [],
    emails: [],
    history: [],
  });
  return {
    round: 'haiphong-2026',
    asOf: '2026-11-25',
    inspections: [a, b],
    selfInspections: [
      self('Sở Công Thương', [
        { id: 'satisfaction', value: 92, target: 95 },
        { id: 'onlineReceived', value: 70, target: 80 },
      ]),
      self('Sở Nội vụ', [{ id: 'satisfaction', value: 98, target: 95 }], true),
      self('Sở Y tế'),
    ],
  };
}

describe('the report to the Chairman with substance (item 6)', () => {
  it('aggregates per unit, what recurs, who misses each target and the self-inspections', () => {
    const x = roundSubstance(round());
    expect(x.findings).toEqual({ good: 1, shortcoming: 10, violation: 2 });
    expect(x.recurring.map((r) => [r.label, r.units])).toEqual([
      ['Xin lỗi cá nhân, tổ chức khi hồ sơ giải quyết trễ hạn hoặc cán bộ, công chức, viên chức vi phạm', ['Sở Tài chính', 'Sở Xây dựng']],
    ]);
    expect(x.targets.find((t) => t.id === 'onlineReceived')).toMatchObject({ reported: 2, met: 1, missedBy: ['Sở Tài chính'] });
    expect(x.selfInspections).toMatchObject({
      total: 3,
      received: ['Sở Công Thương', 'Sở Nội vụ'],
      late: ['Sở Nội vụ'],
      missing: ['Sở Y tế'],
    });
    expect(x.selfInspections.indicators.find((i) => i.id === 'satisfaction')).toMatchObject({
      reported: 2,
      met: 1,
      missedBy: ['Sở Công Thương'],
      mean: 95,
      min: 92,
      max: 98,
    });
    expect(x.units[0]!.recommendations[0]).toMatchObject({
      id: 'R1',
      status: 'open',
      answers: ['05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi'],
    });
    expect(x.units[0]!.recommendations[1]!.status).toBe('overdue');
  });

  it('writes them into the Báo cáo, with built proposals unless the Office gives its own', () => {
    const d = round();
    const r = roundReportInput(d);
    const section = (h: string) => r.sections.find((s) => s.heading.startsWith(h))!;
    expect(r.sections.map((s) => s.heading.split('.')[0])).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII']);
    const perUnit = section('IV.').paragraphs!;
    expect(perUnit).toContain('1. Sở Tài chính');
    expect(perUnit).toContain(
      '- Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính: Kết quả đạt được: Bộ phận Một cửa niêm yết đầy đủ, đúng quy định các thủ tục hành chính. Vi phạm: 05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi.',
    );
    expect(perUnit.find((p) => p.startsWith('- Chỉ tiêu:'))).toMatch(
      /^- Chỉ tiêu: đạt 1\/4; chưa đạt: Hồ sơ tiếp nhận trực tuyến 62,4% \(mục tiêu ≥ 80%\); /u,
    );
    expect(section('V.').paragraphs![0]).toMatch(/^- Xin lỗi cá nhân.*: 2 đơn vị \(Sở Tài chính, Sở Xây dựng\)\./u);
    expect(section('III.').table!.rows.find((row) => row[0] === 'Hồ sơ tiếp nhận trực tuyến')).toEqual([
      'Hồ sơ tiếp nhận trực tuyến',
      '≥ 80%',
      '2',
      '1',
      'Sở Tài chính',
    ]);
    const self = section('VII.');
    expect(self.paragraphs).toContain('Đã nhận: 2/3 (Sở Công Thương, Sở Nội vụ); gửi muộn: Sở Nội vụ.');
    expect(self.table!.rows[0]).toEqual([
      'Mức độ hài lòng của người dân, doanh nghiệp',
      '≥ 95%',
      '2',
      '1',
      '95%',
      '92% – 98%',
      'Sở Công Thương',
    ]);
    const proposals = builtProposals(d)[0]!.paragraphs!;
    expect(proposals).toContain('2. Xử lý vi phạm:');
    expect(proposals.join('\n')).toContain(
      'Sở Xây dựng: 1 vi phạm; đề nghị Sở Xây dựng kiểm điểm, làm rõ trách nhiệm của tập thể, cá nhân có liên quan (Phòng Quản lý nhà)',
    );
    const mine = roundReportInput(d, [{ heading: PROPOSALS_HEADING, paragraphs: ['Đề xuất của Văn phòng.'] }]);
    expect(mine.sections.at(-1)).toEqual({ heading: PROPOSALS_HEADING, paragraphs: ['Đề xuất của Văn phòng.'] });
    // Every cell passes the round document's own schema (no < or >).
    expect(JSON.stringify(r)).not.toMatch(/[<>]/u);
  });

  it('writes the workbook: units × indicators, findings, recommendations, self-inspections', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await roundWorkbook(round())) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...WORKBOOK_SHEETS]);
    const kpi = wb.getWorksheet('Chỉ tiêu')!;
    const head = kpi.getRow(1).values as unknown[];
    const col = head.indexOf('Hồ sơ tiếp nhận trực tuyến (%)');
    expect(col).toBeGreaterThan(1);
    expect([kpi.getCell(2, 1).value, kpi.getCell(2, col).value, kpi.getCell(2, col + 1).value]).toEqual(['Sở Tài chính', 62.4, 'Chưa đạt']);
    expect([kpi.getCell(3, 1).value, kpi.getCell(3, col).value]).toEqual(['Sở Xây dựng', 85]);
    expect([kpi.getCell(4, 1).value, kpi.getCell(4, col).value]).toEqual(['Mục tiêu (≥ %)', 80]);
    const f = wb.getWorksheet('Phát hiện')!;
    expect(f.rowCount).toBe(14); // 7 + 6 findings and the head
    expect(f.getRow(f.rowCount).values).toContain('Phòng Quản lý nhà');
    const r = wb.getWorksheet('Kiến nghị')!;
    expect(r.getRow(2).values).toEqual(
      expect.arrayContaining(['R1', 'Đang khắc phục', '05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi']),
    );
    const self = wb.getWorksheet('Tự kiểm tra')!;
    expect(self.getColumn(1).values).toEqual(expect.arrayContaining(['Sở Công Thương', 'Sở Nội vụ', 'Sở Y tế', 'Mục tiêu (≥ %)']));
  });
});

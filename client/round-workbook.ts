import ExcelJS from 'exceljs';
import { formatDate } from '../domain/dates';
import { FINDING_KINDS } from '../domain/findings';
import { areaName, findingDetails, findingSentence, kindOf } from '../domain/finding-text';
import { INDICATORS } from '../domain/kpi';
import { outlineLabel } from '../domain/report-outline';
import { roundSubstance, type IndicatorAcross } from './round-substance';
import type { RoundData } from './rounds';

/**
 * The Office's workbook of a round (issue 23), for its own analysis: units × indicators (each
 * unit's rate and whether it meets its target), the findings with their place, the
 * recommendations with their remediation, and the self-inspections' indicators. Written with
 * exceljs; the figures come from the pure aggregation (./round-substance.ts).
 */

/** The sheets' names, in order. */
export const WORKBOOK_SHEETS = ['Chỉ tiêu', 'Phát hiện', 'Kiến nghị', 'Tự kiểm tra'] as const;

const STATUS: Record<'done' | 'overdue' | 'open', string> = { done: 'Đã khắc phục', overdue: 'Quá hạn', open: 'Đang khắc phục' };

function styleHead(ws: ExcelJS.Worksheet): void {
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
}

/** Units × indicators: one row a unit, a value and a met/not-met column per indicator, the targets on the last row. */
function indicatorsSheet(
  ws: ExcelJS.Worksheet,
  rows: { unit: string; kpi: readonly { id: string; value: number; met: boolean }[] }[],
  across: IndicatorAcross[],
) {
  const ids = INDICATORS.filter((i) => across.some((a) => a.id === i.id));
  ws.addRow(['Đơn vị', ...ids.flatMap((i) => [`${i.label} (%)`, `${i.label}: đánh giá`])]);
  for (const r of rows)
    ws.addRow([
      r.unit,
      ...ids.flatMap((i) => {
        const k = r.kpi.find((x) => x.id === i.id);
        return k ? [k.value, k.met ? 'Đạt' : 'Chưa đạt'] : [null, ''];
      }),
    ]);
  ws.addRow(['Mục tiêu (≥ %)', ...ids.flatMap((i) => [across.find((a) => a.id === i.id)!.target, ''])]);
  ws.getColumn(1).width = 40;
  styleHead(ws);
}

/** The workbook of a round, as .xlsx bytes. */
export async function roundWorkbook(d: RoundData): Promise<Buffer> {
  const x = roundSubstance(d);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kiemtra';
  wb.created = new Date(`${d.asOf}T00:00:00+07:00`);

  indicatorsSheet(
    wb.addWorksheet(WORKBOOK_SHEETS[0]),
    x.units.map((u) => ({ unit: u.unit, kpi: u.targets })),
    x.targets,
  );

  const f = wb.addWorksheet(WORKBOOK_SHEETS[1]);
  f.addRow(['Đơn vị', 'Mã', 'Nội dung kiểm tra', 'Mục của đề cương', 'Loại', 'Phát hiện', 'Bằng chứng', 'Bộ phận', 'Nguồn']);
  for (const s of d.inspections)
    for (const g of s.findings)
      f.addRow([
        s.config.unit.name,
        g.id ?? '',
        g.area ? areaName(g.area) : '',
        g.item ? outlineLabel(g.item) : '',
        FINDING_KINDS[kindOf(g)],
        findingSentence(g),
        findingDetails(g).replace(/^ \((.*)\)$/u, '$1'),
        g.division ?? '',
        g.source === 'kpi' ? 'Chỉ tiêu' : g.source === 'sample' ? 'Mẫu hồ sơ' : 'Đoàn kiểm tra',
      ]);
  f.getColumn(1).width = 40;
  f.getColumn(6).width = 80;
  styleHead(f);

  const r = wb.addWorksheet(WORKBOOK_SHEETS[2]);
  r.addRow(['Đơn vị', 'Mã', 'Kiến nghị', 'Hạn khắc phục', 'Tình trạng', 'Ngày khắc phục', 'Minh chứng', 'Khắc phục phát hiện']);
  for (const u of x.units)
    for (const k of u.recommendations)
      r.addRow([
        u.unit,
        k.id,
        k.text,
        formatDate(k.deadline),
        STATUS[k.status],
        k.doneOn ? formatDate(k.doneOn) : '',
        k.evidence ?? '',
        k.answers.join('; '),
      ]);
  r.getColumn(1).width = 40;
  r.getColumn(3).width = 80;
  styleHead(r);

  const self = wb.addWorksheet(WORKBOOK_SHEETS[3]);
  const received = d.selfInspections.filter((s) => s.stage === 'self_received');
  indicatorsSheet(
    self,
    received.map((s) => ({ unit: s.unit, kpi: s.kpi ?? [] })),
    x.selfInspections.indicators,
  );
  for (const s of d.selfInspections.filter((s) => s.stage !== 'self_received'))
    self.insertRow(self.rowCount, [s.unit, ...(s.terminated ? ['Đã dừng'] : ['Chưa nhận báo cáo'])]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

import { CHECK_SYSTEMS, type CheckSystem, type FindingPlace } from './findings';
import { indicatorLabel, formatRate, type IndicatorId } from './kpi';
import { indicatorPlace } from './indicator-places';
import { cellText, type Cell } from './csv';
import { slugify } from './slug';

export type { Cell };
import { line, z } from './validation';

/**
 * The dossier review of Mục II.2.b (issue 23): the team checks a sample of dossiers already
 * handled, on the system where each was handled, and records for each its code, procedure, system,
 * division, whether it was received online, on time or late (by how many working days), paid
 * online, digitised, its result issued electronically, and the apology sent when late. This module
 * reads the team's table (rows of cells from an .xlsx or a CSV), validates it with one Vietnamese
 * message naming the row and the column, computes the sample's figures, and turns them into
 * findings, comparing them with the rates the unit reported. Pure.
 */

/** One dossier of the sample, as recorded. */
export interface SampledDossier {
  /** The dossier's code on the system (mã hồ sơ), unique in the sample. */
  code: string;
  procedure: string;
  /** Where the team checked it. */
  system: CheckSystem;
  /** The unit's division that handled it. */
  division?: string;
  /** Received online (trực tuyến), or at the counter. */
  online: boolean;
  /** 0 when settled on time, else the working days late. */
  lateDays: number;
  /** Fees paid online; absent when the procedure charges none. */
  paidOnline?: boolean;
  digitised: boolean;
  /** The result issued electronically (kết quả điện tử). */
  electronicResult: boolean;
  /** When late: whether the unit sent its written apology (văn bản xin lỗi). Absent when on time. */
  apology?: boolean;
  /** The row of the team's file it came from (1 = the sheet's first row), for messages. */
  row?: number;
}

type ColumnKey = keyof Omit<SampledDossier, 'row'> | 'onTime';

/** A column of the team's file: its header, the other headers accepted for it, and whether it may be absent. */
export interface DossierColumn {
  key: ColumnKey;
  header: string;
  aliases: readonly string[];
  optional?: boolean;
  /** What a cell holds, for the docs and messages. */
  values: string;
}

/** The columns of the team's file, in the order the docs show them. Headers match without diacritics or case. */
export const DOSSIER_COLUMNS: readonly DossierColumn[] = [
  { key: 'code', header: 'Mã hồ sơ', aliases: ['Số hồ sơ'], values: 'mã hồ sơ trên hệ thống, không lặp' },
  { key: 'procedure', header: 'Thủ tục hành chính', aliases: ['Tên thủ tục', 'Thủ tục'], values: 'tên thủ tục' },
  {
    key: 'system',
    header: 'Hệ thống kiểm tra',
    aliases: ['Hệ thống'],
    values: 'Cổng DVCQG, Hệ thống TTHC thành phố, Hệ thống của Bộ, ngành hoặc Hồ sơ giấy',
  },
  {
    key: 'division',
    header: 'Bộ phận',
    aliases: ['Phòng, ban', 'Phòng ban', 'Bộ phận giải quyết'],
    optional: true,
    values: 'phòng, ban, bộ phận đã giải quyết hồ sơ',
  },
  { key: 'online', header: 'Tiếp nhận trực tuyến', aliases: ['Trực tuyến'], values: 'Có / Không' },
  { key: 'onTime', header: 'Đúng hạn', aliases: ['Giải quyết đúng hạn'], values: 'Có / Không' },
  {
    key: 'lateDays',
    header: 'Số ngày trễ hạn',
    aliases: ['Số ngày làm việc trễ hạn', 'Trễ hạn (ngày)'],
    values: 'số ngày làm việc trễ hạn; để trống khi đúng hạn',
  },
  {
    key: 'paidOnline',
    header: 'Thanh toán trực tuyến',
    aliases: [],
    values: 'Có / Không; để trống khi thủ tục không thu phí, lệ phí',
  },
  { key: 'digitised', header: 'Số hóa', aliases: ['Số hóa hồ sơ'], values: 'Có / Không' },
  { key: 'electronicResult', header: 'Kết quả điện tử', aliases: ['Cấp kết quả điện tử'], values: 'Có / Không' },
  {
    key: 'apology',
    header: 'Xin lỗi khi trễ hạn',
    aliases: ['Văn bản xin lỗi', 'Xin lỗi'],
    values: 'Có / Không khi trễ hạn; để trống khi đúng hạn',
  },
];

/** The most dossiers one import (and one sample) holds. */
export const MAX_SAMPLE = 500;

/**
 * The tolerance of the comparison with the unit's report, in percentage points: a rate of the
 * sample that differs from the rate the unit reported by more than this is a finding ("Số liệu
 * báo cáo … chưa khớp với kết quả kiểm tra hồ sơ"). A sample is small (20 dossiers: one dossier
 * is 5 points), so the gap must be larger than two dossiers of such a sample to count.
 */
export const SAMPLE_GAP_TOLERANCE = 10;

/** The other names the system column accepts, besides the systems' ids and full labels. */
const SYSTEM_ALIASES: Record<string, CheckSystem> = {
  'cong dvcqg': 'nationalPortal',
  dvcqg: 'nationalPortal',
  'cong dich vu cong quoc gia': 'nationalPortal',
  'he thong tthc thanh pho': 'citySystem',
  'he thong thanh pho': 'citySystem',
  'he thong giai quyet tthc thanh pho': 'citySystem',
  'he thong cua bo, nganh': 'ministrySystem',
  'he thong bo, nganh': 'ministrySystem',
  'he thong cua bo nganh': 'ministrySystem',
  'ho so giay': 'paper',
  giay: 'paper',
};

/** A header or a value as compared: without diacritics, lower case, single spaces. */
function folded(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const headerKey = (s: string) => slugify(s);

/** The result of reading a table: the dossiers, or one Vietnamese message naming the row and the column. */
export type SampleParse = { ok: true; dossiers: SampledDossier[]; headerRow: number } | { ok: false; message: string };

class RowError extends Error {}

/**
 * Reads the team's table: the header row (the first of the first ten rows that has a "Mã hồ sơ"
 * column), then one dossier a row, empty rows skipped. `rows[i]` is the sheet's row `i + 1`.
 */
export function parseDossierTable(rows: readonly (readonly Cell[])[]): SampleParse {
  const codeColumn = DOSSIER_COLUMNS[0]!;
  const isCodeHeader = (c: Cell) => [codeColumn.header, ...codeColumn.aliases].some((h) => headerKey(h) === headerKey(cellText(c)));
  const headerIndex = rows.slice(0, 10).findIndex((r) => r.some(isCodeHeader));
  const required = DOSSIER_COLUMNS.filter((c) => !c.optional).map((c) => `"${c.header}"`);
  if (headerIndex < 0)
    return { ok: false, message: `Không tìm thấy dòng tiêu đề (cột "Mã hồ sơ") trong 10 dòng đầu; các cột cần có: ${required.join(', ')}` };
  const headerRow = headerIndex + 1;
  const header = rows[headerIndex]!;
  const where = new Map<ColumnKey, number>();
  for (const [i, cell] of header.entries()) {
    const key = headerKey(cellText(cell));
    if (!key) continue;
    const column = DOSSIER_COLUMNS.find((c) => [c.header, ...c.aliases].some((h) => headerKey(h) === key));
    if (!column) continue;
    if (where.has(column.key)) return { ok: false, message: `Dòng ${headerRow}: cột "${column.header}" có hai lần ở dòng tiêu đề` };
    where.set(column.key, i);
  }
  const missing = DOSSIER_COLUMNS.filter((c) => !c.optional && !where.has(c.key)).map((c) => `"${c.header}"`);
  if (missing.length > 0)
    return {
      ok: false,
      message: `Thiếu cột ${missing.join(', ')} ở dòng tiêu đề (dòng ${headerRow}); các cột cần có: ${required.join(', ')}`,
    };

  const dossiers: SampledDossier[] = [];
  const firstRowOf = new Map<string, number>();
  try {
    for (let i = headerIndex + 1; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.every((c) => cellText(c) === '')) continue;
      const rowNo = i + 1;
      if (dossiers.length >= MAX_SAMPLE) throw new RowError(`Dòng ${rowNo}: một lần nhập tối đa ${MAX_SAMPLE} hồ sơ`);
      const d = readRow(rowNo, (key) => {
        const at = where.get(key);
        return at === undefined ? undefined : r[at];
      });
      const key = codeKey(d.code);
      const first = firstRowOf.get(key);
      if (first !== undefined) throw new RowError(`Dòng ${rowNo}, cột "Mã hồ sơ": hồ sơ "${d.code}" đã có ở dòng ${first}`);
      firstRowOf.set(key, rowNo);
      dossiers.push(d);
    }
  } catch (err) {
    if (err instanceof RowError) return { ok: false, message: err.message };
    throw err;
  }
  if (dossiers.length === 0) return { ok: false, message: `Không có hồ sơ nào dưới dòng tiêu đề (dòng ${headerRow})` };
  return { ok: true, dossiers, headerRow };
}

/** How two codes are compared: trimmed, upper case. */
export function codeKey(code: string): string {
  return code.trim().toUpperCase();
}

function readRow(rowNo: number, cell: (key: ColumnKey) => Cell): SampledDossier {
  const header = (key: ColumnKey) => DOSSIER_COLUMNS.find((c) => c.key === key)!.header;
  const fail = (key: ColumnKey, what: string): never => {
    throw new RowError(`Dòng ${rowNo}, cột "${header(key)}": ${what}`);
  };
  const shown = (c: Cell) => `"${cellText(c)}"`;
  const textOf = (key: ColumnKey, max: number, required: boolean): string | undefined => {
    const raw = cellText(cell(key));
    if (!raw) return required ? fail(key, 'còn trống') : undefined;
    const parsed = line(max).safeParse(raw);
    if (!parsed.success) fail(key, parsed.error.issues[0]!.message);
    return parsed.data;
  };
  const yesNo = (key: ColumnKey, blank: 'required' | 'allowed'): boolean | undefined => {
    const c = cell(key);
    if (typeof c === 'boolean') return c;
    const v = folded(cellText(c));
    if (v === '') return blank === 'required' ? fail(key, 'còn trống; ghi "Có" hoặc "Không"') : undefined;
    if (['co', 'x', 'yes', 'true', '1'].includes(v)) return true;
    if (['khong', 'no', 'false', '0'].includes(v)) return false;
    return fail(key, `${shown(c)} không hợp lệ; ghi "Có" hoặc "Không"`);
  };

  const code = textOf('code', 60, true)!;
  const procedure = textOf('procedure', 300, true)!;
  const systemCell = cellText(cell('system'));
  if (!systemCell) fail('system', `còn trống; ghi một trong: ${Object.values(CHECK_SYSTEMS).join('; ')}`);
  const system = systemOf(systemCell);
  if (!system)
    fail(
      'system',
      `${shown(systemCell)} không phải hệ thống kiểm tra; ghi một trong: Cổng DVCQG; Hệ thống TTHC thành phố; Hệ thống của Bộ, ngành; Hồ sơ giấy`,
    );
  const division = textOf('division', 200, false);
  const online = yesNo('online', 'required')!;
  const onTime = yesNo('onTime', 'required')!;
  const daysCell = cell('lateDays');
  const daysText = cellText(daysCell);
  let lateDays = 0;
  if (onTime) {
    if (daysText !== '' && Number(daysText.replace(',', '.')) !== 0)
      fail('lateDays', `hồ sơ ghi đúng hạn nhưng có ${shown(daysCell)} ngày trễ hạn; để trống hoặc ghi 0`);
  } else {
    const n = typeof daysCell === 'number' ? daysCell : Number(daysText.replace(',', '.'));
    if (daysText === '') fail('lateDays', 'hồ sơ trễ hạn cần số ngày làm việc trễ hạn');
    if (!Number.isInteger(n) || n < 1 || n > 3650) fail('lateDays', `${shown(daysCell)} không hợp lệ; ghi số nguyên ngày làm việc, từ 1`);
    lateDays = n;
  }
  const paidOnline = yesNo('paidOnline', 'allowed');
  const digitised = yesNo('digitised', 'required')!;
  const electronicResult = yesNo('electronicResult', 'required')!;
  const apology = yesNo('apology', 'allowed');
  if (lateDays > 0 && apology === undefined) fail('apology', 'hồ sơ trễ hạn cần ghi "Có" hoặc "Không" (đã có văn bản xin lỗi chưa)');
  if (lateDays === 0 && apology === true) fail('apology', 'hồ sơ đúng hạn không cần văn bản xin lỗi; để trống');
  return {
    code,
    procedure,
    system: system!,
    ...(division ? { division } : {}),
    online,
    lateDays,
    ...(paidOnline !== undefined ? { paidOnline } : {}),
    digitised,
    electronicResult,
    ...(lateDays > 0 ? { apology } : {}),
    row: rowNo,
  };
}

/** The system a cell names: its id, its label, or a short form ("Cổng DVCQG", "Hồ sơ giấy"). */
export function systemOf(value: string): CheckSystem | undefined {
  const v = folded(value);
  for (const [id, label] of Object.entries(CHECK_SYSTEMS) as [CheckSystem, string][])
    if (folded(id) === v || folded(label) === v) return id;
  return SYSTEM_ALIASES[v];
}

/** How a dossier is named in a message: its row in the team's file, else its place in the payload. */
export function dossierWhere(d: Pick<SampledDossier, 'row'>, index: number): string {
  return d.row !== undefined ? `Dòng ${d.row}` : `Hồ sơ thứ ${index + 1}`;
}

/**
 * The schema of a sample as an update carries it: each dossier's fields, and the rules across them
 * (a late dossier has its days and its apology, an on-time one neither; no code twice), each
 * refused with one message naming the row. Built when used (workflow code keeps no zod at module level).
 */
export function dossierSampleSchema() {
  const system = z.enum(Object.keys(CHECK_SYSTEMS) as [CheckSystem, ...CheckSystem[]], {
    message: `hệ thống kiểm tra không hợp lệ; dùng một trong: ${Object.keys(CHECK_SYSTEMS).join(', ')}`,
  });
  const dossier = z.strictObject({
    code: line(60),
    procedure: line(300),
    system,
    division: line(200).optional(),
    online: z.boolean(),
    lateDays: z.number().int().min(0).max(3650),
    paidOnline: z.boolean().optional(),
    digitised: z.boolean(),
    electronicResult: z.boolean(),
    apology: z.boolean().optional(),
    row: z.number().int().min(1).max(1_000_000).optional(),
  });
  return z
    .array(dossier)
    .min(1)
    .max(MAX_SAMPLE)
    .superRefine((ds, ctx) => {
      const seen = new Map<string, number>();
      for (const [i, d] of ds.entries()) {
        const at = dossierWhere(d, i);
        if (d.lateDays > 0 && d.apology === undefined)
          return void ctx.addIssue({
            code: 'custom',
            message: `${at}, cột "Xin lỗi khi trễ hạn": hồ sơ trễ hạn cần ghi có văn bản xin lỗi hay không`,
          });
        if (d.lateDays === 0 && d.apology !== undefined)
          return void ctx.addIssue({
            code: 'custom',
            message: `${at}, cột "Xin lỗi khi trễ hạn": hồ sơ đúng hạn không cần văn bản xin lỗi`,
          });
        const first = seen.get(codeKey(d.code));
        if (first !== undefined)
          return void ctx.addIssue({
            code: 'custom',
            message: `${at}, cột "Mã hồ sơ": hồ sơ "${d.code}" đã có ở ${dossierWhere(ds[first]!, first).toLowerCase()}`,
          });
        seen.set(codeKey(d.code), i);
      }
    });
}

// ---- figures and findings -------------------------------------------------------------------

/** A rate the sample measures, and the indicator of the unit's report it is compared with. */
interface RateFigure {
  figure: 'online' | 'payment' | 'digitised' | 'electronicResults';
  indicator: IndicatorId;
  /** The dossiers the rate is over (all, or those with a fee for payment). */
  base: (d: SampledDossier) => boolean;
  count: (d: SampledDossier) => boolean;
  /** "12/20 hồ sơ kiểm tra <what>". */
  what: string;
  baseWhat: string;
}

const RATE_FIGURES: readonly RateFigure[] = [
  {
    figure: 'online',
    indicator: 'onlineReceived',
    base: () => true,
    count: (d) => d.online,
    what: 'được tiếp nhận trực tuyến',
    baseWhat: 'hồ sơ kiểm tra',
  },
  {
    figure: 'payment',
    indicator: 'onlinePayment',
    base: (d) => d.paidOnline !== undefined,
    count: (d) => d.paidOnline === true,
    what: 'được thanh toán phí, lệ phí trực tuyến',
    baseWhat: 'hồ sơ kiểm tra có thu phí, lệ phí',
  },
  {
    figure: 'digitised',
    indicator: 'digitised',
    base: () => true,
    count: (d) => d.digitised,
    what: 'được số hóa',
    baseWhat: 'hồ sơ kiểm tra',
  },
  {
    figure: 'electronicResults',
    indicator: 'electronicResults',
    base: () => true,
    count: (d) => d.electronicResult,
    what: 'được cấp kết quả điện tử',
    baseWhat: 'hồ sơ kiểm tra',
  },
];

/** A figure of the sample a finding states: one per rate, timeliness, apologies, and a gap per rate. */
export type SampleFigureId = 'timeliness' | 'apologies' | RateFigure['figure'] | `gap:${IndicatorId}`;

/** The sample's figures. */
export interface SampleFigures {
  total: number;
  late: { code: string; days: number }[];
  /** Late dossiers without an apology. */
  unapologised: string[];
  rates: { figure: RateFigure['figure']; indicator: IndicatorId; count: number; base: number; rate?: number }[];
  bySystem: Partial<Record<CheckSystem, number>>;
}

/** Counts the sample. */
export function sampleFigures(ds: readonly SampledDossier[]): SampleFigures {
  const bySystem: Partial<Record<CheckSystem, number>> = {};
  for (const d of ds) bySystem[d.system] = (bySystem[d.system] ?? 0) + 1;
  return {
    total: ds.length,
    late: ds.filter((d) => d.lateDays > 0).map((d) => ({ code: d.code, days: d.lateDays })),
    unapologised: ds.filter((d) => d.lateDays > 0 && d.apology === false).map((d) => d.code),
    rates: RATE_FIGURES.map((f) => {
      const base = ds.filter(f.base);
      const count = base.filter(f.count).length;
      return {
        figure: f.figure,
        indicator: f.indicator,
        count,
        base: base.length,
        ...(base.length ? { rate: (100 * count) / base.length } : {}),
      };
    }),
    bySystem,
  };
}

/** A finding the sample makes, with its place and the figure it states (its identity as the sample grows). */
export interface SampleFinding extends FindingPlace {
  figure: SampleFigureId;
  text: string;
}

/** A rate of the report: the unit's value for an indicator (from `state.report.kpi`). */
export interface ReportedRate {
  id: string;
  value: number;
}

const MAX_CODES = 200;

/** "A, B, C" for a finding's text: the first 20 codes, then how many more (the evidence keeps up to `MAX_CODES`). */
function codeList(codes: readonly string[]): string {
  return codes.length > 20 ? `${codes.slice(0, 20).join(', ')} và ${codes.length - 20} hồ sơ khác` : codes.join(', ');
}

/** The percentage points between two rates, in Vietnamese notation. */
function points(a: number, b: number): string {
  return (Math.round(Math.abs(a - b) * 10) / 10).toString().replace('.', ',');
}

/**
 * The findings of a sample: timeliness (good when every dossier was on time), the apologies of the
 * late ones (a violation when one is missing), each rate against its target (good when it meets
 * it), and each rate that differs from the unit's reported rate by more than
 * {@link SAMPLE_GAP_TOLERANCE} points. `targetOf` gives an indicator's target rate, if any.
 */
export function sampleFindings(
  ds: readonly SampledDossier[],
  reported: readonly ReportedRate[],
  targetOf: (id: IndicatorId) => number | undefined,
): SampleFinding[] {
  if (ds.length === 0) return [];
  const f = sampleFigures(ds);
  const systems = Object.keys(f.bySystem) as CheckSystem[];
  const divisions = [...new Set(ds.map((d) => d.division))];
  const common = {
    ...(divisions.length === 1 && divisions[0] ? { division: divisions[0] } : {}),
  };
  const evidence = (codes: readonly string[]) => ({
    evidence: {
      ...(codes.length ? { dossiers: codes.slice(0, MAX_CODES) } : {}),
      ...(systems.length === 1 ? { system: systems[0]! } : {}),
    },
  });
  const out: SampleFinding[] = [];
  const late = f.late;
  out.push({
    figure: 'timeliness',
    area: 'oneStop',
    item: 'handledOnSystem',
    kind: late.length ? 'shortcoming' : 'good',
    text: late.length
      ? `${late.length}/${f.total} hồ sơ kiểm tra giải quyết trễ hạn (${codeList(late.map((l) => `${l.code}: ${l.days} ngày làm việc`))})`
      : `${f.total}/${f.total} hồ sơ kiểm tra giải quyết đúng hạn`,
    ...evidence(late.map((l) => l.code)),
    ...common,
  });
  if (late.length) {
    const missing = f.unapologised;
    out.push({
      figure: 'apologies',
      area: 'oneStop',
      item: 'apologies',
      kind: missing.length ? 'violation' : 'good',
      text: missing.length
        ? `${missing.length}/${late.length} hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, cá nhân (${codeList(missing)})`
        : `${late.length}/${late.length} hồ sơ trễ hạn đã có văn bản xin lỗi tổ chức, cá nhân`,
      ...evidence(missing.length ? missing : late.map((l) => l.code)),
      ...common,
    });
  }
  for (const r of f.rates) {
    if (r.rate === undefined) continue;
    const spec = RATE_FIGURES.find((x) => x.figure === r.figure)!;
    const target = targetOf(r.indicator);
    const place = indicatorPlace(r.indicator);
    out.push({
      figure: r.figure,
      ...place,
      ...(target !== undefined ? { kind: r.rate >= target ? 'good' : 'shortcoming' } : {}),
      text: `${r.count}/${r.base} ${spec.baseWhat} ${spec.what} (${formatRate(r.rate)}${target !== undefined ? `; chỉ tiêu ${formatRate(target)}` : ''})`,
      ...evidence([]),
      ...common,
    });
  }
  for (const r of f.rates) {
    const value = reported.find((k) => k.id === r.indicator)?.value;
    if (r.rate === undefined || value === undefined || Math.abs(r.rate - value) <= SAMPLE_GAP_TOLERANCE) continue;
    out.push({
      figure: `gap:${r.indicator}`,
      ...indicatorPlace(r.indicator),
      kind: 'shortcoming',
      text: `Số liệu báo cáo "${indicatorLabel(r.indicator)}" (${formatRate(value)}) chưa khớp với kết quả kiểm tra hồ sơ (${r.count}/${r.base} hồ sơ, ${formatRate(r.rate)}): chênh lệch ${points(r.rate, value)} điểm phần trăm, vượt ngưỡng ${SAMPLE_GAP_TOLERANCE} điểm`,
      ...evidence([]),
      ...common,
    });
  }
  // An evidence without anything in it is left out.
  for (const x of out) if (x.evidence && Object.keys(x.evidence).length === 0) delete x.evidence;
  return out;
}

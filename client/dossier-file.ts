import fs from 'node:fs/promises';
import path from 'node:path';
import { storeContent } from '../activities/documents';
import { documentsDir } from '../config/paths';
import { ExitCode, UserFacingError } from '../config/errors';
import { parseCsv, parseDossierTable, type Cell, type SampledDossier } from '../domain/dossier-sample';
import { displayLine as shown } from '../domain/safe-text';

/**
 * Reads the team's file of dossiers checked (Mục II.2.b): an .xlsx (its first worksheet, read with
 * exceljs) or a CSV (UTF-8, comma, semicolon or tab), into rows of cells; then the pure parser of
 * domain/dossier-sample.ts validates them. The file is kept in the content store (by its hash) so
 * the sample names the file it came from.
 */

/** The largest file read (a sample of 500 dossiers is far smaller). */
const MAX_BYTES = 10 * 1024 * 1024;

/** The dossiers of a file, and the file as stored; a bad file is one Vietnamese message, nothing stored. */
export async function readDossierFile(file: string): Promise<{ dossiers: SampledDossier[]; file: { name: string; sha256: string } }> {
  const name = path.basename(file).normalize('NFC');
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv')
    throw new UserFacingError(`${shown(name)}: tệp kết quả kiểm tra hồ sơ phải là .xlsx hoặc .csv.`, ExitCode.badInput);
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new UserFacingError(`không đọc được tệp ${shown(file)}.`, ExitCode.badInput);
  if (stat.size > MAX_BYTES) throw new UserFacingError(`${shown(name)} lớn hơn 10 MB.`, ExitCode.badInput);
  const content = await fs.readFile(file);
  const rows = ext === '.xlsx' ? await xlsxRows(content, name) : csvRows(content, name);
  const parsed = parseDossierTable(rows);
  if (!parsed.ok) throw new UserFacingError(`${shown(name)}: ${parsed.message}.`, ExitCode.badInput);
  const type = ext === '.xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  const stored = await storeContent(documentsDir(), content, name, type);
  return { dossiers: parsed.dossiers, file: { name, sha256: stored.sha256 } };
}

/** A CSV file's rows; it must be UTF-8 (what Excel writes as "CSV UTF-8"). */
function csvRows(content: Buffer, name: string): Cell[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new UserFacingError(`${shown(name)} không phải tệp CSV mã UTF-8; trong Excel, lưu dưới dạng "CSV UTF-8".`, ExitCode.badInput);
  }
  return parseCsv(text);
}

/** The first worksheet's rows, each cell as text, a number or a boolean (a date as `YYYY-MM-DD`). */
async function xlsxRows(content: Buffer, name: string): Promise<Cell[][]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- exceljs loads only for this command
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new UserFacingError(`${shown(name)} không phải bảng tính .xlsx đọc được.`, ExitCode.badInput);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new UserFacingError(`${shown(name)} không có trang tính nào.`, ExitCode.badInput);
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellValue(cell.value);
    });
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** An exceljs value as a plain cell: rich text joined, a formula's result, a hyperlink's text. */
function cellValue(v: import('exceljs').CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v) return v.result === undefined ? null : cellValue(v.result as import('exceljs').CellValue);
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('error' in v) return String(v.error);
  return null;
}

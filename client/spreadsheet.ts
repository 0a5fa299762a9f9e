import fs from 'node:fs/promises';
import path from 'node:path';
import { ExitCode, UserFacingError } from '../config/errors';
import { parseCsv, type Cell } from '../domain/csv';
import { displayLine as shown } from '../domain/safe-text';

/**
 * The rows of a table the Office keeps, as a .csv (UTF-8: comma, semicolon or tab) or an .xlsx
 * (its first worksheet, read with exceljs): one reader for every import (units, dossier samples).
 * Rows stay in place, so `rows[i]` is the file's row `i + 1` and a message can name it; cells keep
 * the .xlsx's types (a date as `YYYY-MM-DD`).
 */

/** The largest table read (10,000 units or a sample of 500 dossiers are far smaller). */
const MAX_BYTES = 10 * 1024 * 1024;

/** A table file read: its rows and its bytes (for a caller that keeps the file). */
export interface TableFile {
  name: string;
  type: 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  content: Buffer;
  rows: Cell[][];
}

/** Reads a .csv or .xlsx file; anything else, or a file that cannot be read, is one Vietnamese message. */
export async function readTableFile(file: string, what: string): Promise<TableFile> {
  const name = path.basename(file).normalize('NFC');
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') throw new UserFacingError(`${shown(name)}: ${what} phải là .xlsx hoặc .csv.`, ExitCode.badInput);
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new UserFacingError(`không đọc được tệp ${shown(file)}.`, ExitCode.badInput);
  if (stat.size > MAX_BYTES) throw new UserFacingError(`${shown(name)} lớn hơn 10 MB.`, ExitCode.badInput);
  const content = await fs.readFile(file);
  return ext === '.xlsx'
    ? { name, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content, rows: await xlsxRows(content, name) }
    : { name, type: 'text/csv', content, rows: csvRows(content, name) };
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- exceljs loads only for the commands that read a table
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

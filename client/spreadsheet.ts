import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError, ExitCode } from '../config/errors';
import { parseCsv } from '../domain/csv';

/**
 * The rows of a table the Office keeps as a .csv or an .xlsx file (the first sheet), as strings:
 * the first row is the header. Dates and numbers of an .xlsx come as the text a person reads
 * (dates as YYYY-MM-DD). Shared by every import (units, dossier samples).
 */
export async function readTableRows(file: string): Promise<string[][]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return parseCsv(fs.readFileSync(file, 'utf8'));
  if (ext !== '.xlsx') throw new UserFacingError(`tệp ${file} phải là .csv hoặc .xlsx`, ExitCode.badInput);
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
  } catch {
    throw new UserFacingError(`không đọc được ${file}: tệp không phải bảng tính .xlsx hợp lệ`, ExitCode.badInput);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new UserFacingError(`tệp ${file} không có trang tính nào`, ExitCode.badInput);
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  });
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

type CellValue = import('exceljs').CellValue;

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

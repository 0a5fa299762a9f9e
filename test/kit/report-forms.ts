import { strToU8, zipSync } from 'fflate';
import { REPORT_FORMS, type ReportFormId } from '../../domain/report-outline';
import { formNumber } from '../../domain/report-measures';
import type { ReportCounts } from '../../domain/report-measures';

/**
 * The unit's report in full for tests (issue 23): the forms of II.2 as small Open XML files, as a
 * unit exports them from the Office's templates (the form's number in the heading, in cells or
 * runs), and counts for every measure of Phụ lục I.
 */

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${body}`;

/** One modification time in every entry, so the same form makes the same bytes (and hash) whenever it is made. */
const FIXED_MTIME = { mtime: new Date('2026-01-01T00:00:00Z') };

/** An .xlsx whose first cells read `heading` (default: the form's own heading) and a few figures. */
export function formXlsx(form: ReportFormId | undefined, heading = form ? `Biểu số ${formNumber(form)}` : 'Bảng tổng hợp'): Buffer {
  const cells = [heading, 'Tình hình, kết quả giải quyết thủ tục hành chính', 'Tổng số hồ sơ', '1000'];
  return Buffer.from(
    zipSync(
      {
        '[Content_Types].xml': strToU8(
          xml(
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
          ),
        ),
        'xl/workbook.xml': strToU8(xml('<workbook><sheets><sheet name="Biểu" sheetId="1"/></sheets></workbook>')),
        'xl/sharedStrings.xml': strToU8(xml(`<sst>${cells.map((c) => `<si><t>${c}</t></si>`).join('')}</sst>`)),
        'xl/worksheets/sheet1.xml': strToU8(
          xml('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'),
        ),
      },
      FIXED_MTIME,
    ),
  );
}

/** A .docx whose heading holds `heading`, split across two runs as Word often writes it. */
export function formDocx(form: ReportFormId, heading = `Biểu số ${formNumber(form)}`): Buffer {
  const half = Math.floor(heading.length / 2);
  return Buffer.from(
    zipSync(
      {
        '[Content_Types].xml': strToU8(xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')),
        'word/document.xml': strToU8(
          xml(
            `<w:document><w:body><w:p><w:r><w:t>${heading.slice(0, half)}</w:t></w:r><w:r><w:t>${heading.slice(half)}</w:t></w:r></w:p></w:body></w:document>`,
          ),
        ),
      },
      FIXED_MTIME,
    ),
  );
}

/** The ids of every form. */
export const FORM_IDS = REPORT_FORMS.map((f) => f.id);

/** Counts for every measure of the report: most targets met, online receipt (62%) and time cut (40%) missed. */
export const FULL_COUNTS: ReportCounts = {
  centerProcedures: { numerator: 290, denominator: 312 },
  satisfaction: { numerator: 960, denominator: 1000 },
  satisfactionLandConstructionInvestment: { numerator: 180, denominator: 200 },
  fullOnlineServices: { numerator: 120, denominator: 120 },
  fullOnlineWithDossiers: { numerator: 96, denominator: 120 },
  businessProceduresOnline: { numerator: 85, denominator: 85 },
  onlineReceived: { numerator: 620, denominator: 1000 },
  onlineProcessed: { numerator: 850, denominator: 1000 },
  onlinePayment: { numerator: 410, denominator: 500 },
  boundaryFree: { numerator: 312, denominator: 312 },
  handledOnSystem: { numerator: 1000, denominator: 1000 },
  digitised: { numerator: 1000, denominator: 1000 },
  electronicResults: { numerator: 950, denominator: 950 },
  dataReuse: { numerator: 460, denominator: 500 },
  complaintsReceived: { numerator: 14, denominator: 14 },
  complaintsHandled: { numerator: 14, denominator: 14 },
  complaintsPublished: { numerator: 14, denominator: 14 },
  apologies: { numerator: 7, denominator: 9 },
  dossierCuts: { numerator: 18, denominator: 240 },
  publishedOnTime: { numerator: 40, denominator: 40 },
  timeReduction: { numerator: 1200, denominator: 3000 },
  costReduction: { numerator: 1_600_000_000, denominator: 3_000_000_000 },
};

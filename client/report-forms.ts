import { unzipSync } from 'fflate';
import { formNumber, formOf } from '../domain/report-measures';
import type { ReportFormId } from '../domain/report-outline';

/**
 * Whether a file a unit declares as one of the forms of II.2 (Biểu số II.04/VPCP/KSTT …) is that
 * form, checked before the update is sent (the page server and the CLI both call it):
 *
 * - a Word (.docx) or Excel (.xlsx) file must hold the form's number ("II.04/VPCP/KSTT") in its
 *   text: the Office's templates of Thông tư 01/2020/TT-VPCP print it in their heading. The text
 *   is read from every XML part of the file (document, shared strings, sheets, headers), tags
 *   removed and spaces ignored, so a number split across runs or cells is still found; the number
 *   of another form (II.05a for II.04) is not enough;
 * - a PDF's text cannot be read reliably (a scanned, signed copy is an image), so its file name
 *   must name the form ("Bieu-II.04.pdf", "II04_VPCP_KSTT.pdf"): a weaker check, said in the docs;
 * - any other type (an image) is refused for a form.
 */

/** The types a form may be sent as. */
export const FORM_TYPES_TEXT = 'Excel (.xlsx), Word (.docx) hoặc PDF';

const ZIP_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/** The text of an Open XML file's XML parts, tags removed, or undefined when it cannot be read. */
function openXmlText(bytes: Uint8Array): string | undefined {
  try {
    const entries = unzipSync(bytes, { filter: (f) => f.name.endsWith('.xml') && f.originalSize < 50 * 1024 * 1024 });
    return Object.values(entries)
      .map((b) => new TextDecoder().decode(b).replace(/<[^>]*>/g, ''))
      .join('\n');
  } catch {
    return undefined;
  }
}

/** The parts of a form's id: "II.05a" → ["II", "05a"]. */
const idParts = (id: ReportFormId) => id.split('.') as [string, string];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether text holds a form's number ("II.04/VPCP/KSTT", spaces allowed around its dots and
 * slashes), not within a longer one ("III.04/…"; "II.04a/…" is another number).
 */
function holdsNumber(text: string, id: ReportFormId): boolean {
  const [roman, no] = idParts(id);
  return new RegExp(`(?<![IVX0-9.])${roman}\\s*\\.\\s*${escapeRe(no)}\\s*/\\s*VPCP\\s*/\\s*KSTT`, 'i').test(text);
}

/** Whether a file name names a form: "Bieu-II.04.pdf", "II04_VPCP_KSTT.pdf", "bieu so II.05a.pdf". */
function namesForm(name: string, id: ReportFormId): boolean {
  const [roman, no] = idParts(id);
  return new RegExp(`(?<![A-Z0-9])${roman}[\\s._-]*${escapeRe(no)}(?![A-Z0-9])`, 'i').test(name.replace(/\.pdf$/i, ''));
}

/**
 * Why a file is not the form it is declared as, as a unit reads it (naming the form and the
 * file), or undefined when it is.
 */
export function declaredFormProblem(id: ReportFormId, file: { name: string; type: string }, bytes: Uint8Array): string | undefined {
  const label = formOf(id)?.label ?? id;
  const number = formNumber(id);
  if (ZIP_TYPES.has(file.type)) {
    const text = openXmlText(bytes);
    if (text === undefined) return `Tệp "${file.name}" không đọc được nội dung, không phải ${label}.`;
    if (!holdsNumber(text, id)) return `Tệp "${file.name}" không phải ${label}: nội dung tệp không có số hiệu biểu mẫu "${number}".`;
    return undefined;
  }
  if (file.type === 'application/pdf') {
    if (!namesForm(file.name, id))
      return `Tệp PDF "${file.name}" phải ghi số hiệu biểu mẫu trong tên tệp (ví dụ "Bieu-${id}.pdf") để được nhận là ${label}.`;
    return undefined;
  }
  return `${label} phải là tệp ${FORM_TYPES_TEXT}; tệp "${file.name}" không đúng loại.`;
}

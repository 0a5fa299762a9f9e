import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, UserFacingError } from '../config/errors';
import { uploadFilePath, uploadsDir } from '../config/paths';
import { bufferSource, checkContent } from '../domain/file-content';
import type { ReportFormId } from '../domain/report-outline';
import { displayFileName } from '../domain/safe-text';
import type { FileRef, UploadType } from '../domain/validation';
import { declaredFormProblem, FORM_TYPES_TEXT } from './report-forms';

/**
 * A form of II.2 given to the CLI as a file (`kiemtra report … --form II.04=bieu-II04.xlsx`):
 * read, checked to be what its extension says (domain/file-content.ts) and to be the declared
 * form (./report-forms.ts), then kept in the units' upload store, as the page server keeps a
 * unit's upload. Anything refused is a {@link UserFacingError} naming the file; nothing is kept.
 */

const BY_EXTENSION: Record<string, UploadType> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pdf': 'application/pdf',
};

/** Reads and checks a form's file; returns its reference and its bytes, to keep once all are checked. */
export function readFormFile(form: ReportFormId, file: string): { ref: FileRef; bytes: Buffer } {
  const name = path.basename(file).normalize('NFC');
  const type = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!type) throw new UserFacingError(`Biểu ${form}: tệp ${displayFileName(name)} phải là ${FORM_TYPES_TEXT}.`, ExitCode.badInput);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UserFacingError(`Biểu ${form}: không đọc được tệp ${displayFileName(file)}.`, ExitCode.badInput);
  }
  if (bytes.length === 0 || !checkContent(type, bufferSource(bytes)).ok)
    throw new UserFacingError(`Biểu ${form}: tệp ${displayFileName(name)} không đúng định dạng ${path.extname(file)}.`, ExitCode.badInput);
  const problem = declaredFormProblem(form, { name, type }, bytes);
  if (problem) throw new UserFacingError(problem, ExitCode.badInput);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ref: { sha256, name, size: bytes.length, type }, bytes };
}

/** Keeps a checked file in the upload store (once per content; folders 0700, files 0600). */
export function keepFormFile(f: { ref: FileRef; bytes: Buffer }, dir: string = uploadsDir()): void {
  const target = uploadFilePath(dir, f.ref.sha256);
  if (fs.existsSync(target)) return;
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.${process.pid}.part`;
  fs.writeFileSync(tmp, f.bytes, { mode: 0o600 });
  fs.renameSync(tmp, target);
}

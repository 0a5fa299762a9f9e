import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UPLOAD_TYPES, type FileRef, type UploadType } from '../domain/validation';

/**
 * The store of files units upload: content-addressed (sha256) under one folder, written once and
 * never overwritten. Only a file's hash, name, size and type go into workflow history.
 */

/** A file refused, with the reason a unit reads. */
export class UploadRefused extends Error {}

/** The first bytes of each allowed type: the declared type must match the content. */
const MAGIC: Record<UploadType, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) =>
    b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) =>
    b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

/** The accepted types, as a unit reads them. */
export const ACCEPTED_TYPES_TEXT = 'PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG';

// eslint-disable-next-line no-control-regex -- control characters are what a file name must lose
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f<>"]/g;

/** A file name safe to show and to keep: its last path segment, no control characters or < >, at most 200 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE_IN_NAME, '').trim().slice(0, 200);
  return clean || 'tep-dinh-kem';
}

/**
 * Checks one uploaded file: size at most `maxBytes`, a type of {@link UPLOAD_TYPES} whose
 * extension and first bytes agree. Throws {@link UploadRefused}.
 */
export function checkUpload(content: Buffer, name: string, declaredType: string, maxBytes: number): void {
  if (content.length === 0) throw new UploadRefused(`Tệp "${cleanName(name)}" rỗng.`);
  if (content.length > maxBytes)
    throw new UploadRefused(`Tệp "${cleanName(name)}" lớn hơn giới hạn ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  const type = declaredType as UploadType;
  const ext = path.extname(name).toLowerCase();
  const allowed = UPLOAD_TYPES[type] as string | undefined;
  if (!allowed || !(ext === allowed || (type === 'image/jpeg' && ext === '.jpeg')) || !MAGIC[type](content)) {
    throw new UploadRefused(`Tệp "${cleanName(name)}" không đúng loại được nhận (${ACCEPTED_TYPES_TEXT}).`);
  }
}

/** Checks ({@link checkUpload}) and stores one file, once per content. Returns what history records. */
export function storeUpload(dir: string, content: Buffer, name: string, declaredType: string, maxBytes: number): FileRef {
  checkUpload(content, name, declaredType, maxBytes);
  const type = declaredType as UploadType;
  const sha256 = createHash('sha256').update(content).digest('hex');
  const file = path.join(dir, sha256.slice(0, 2), sha256);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content, { mode: 0o640 });
    fs.renameSync(tmp, file);
  }
  return { sha256, name: cleanName(name), size: content.length, type };
}

/** Where a stored file is. */
export function uploadPath(dir: string, sha256: string): string {
  return path.join(dir, sha256.slice(0, 2), sha256);
}

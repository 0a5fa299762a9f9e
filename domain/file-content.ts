import type { UploadType } from './validation';

/**
 * What an uploaded file is, judged by its structure rather than its first bytes: a PDF needs its
 * header, a cross-reference (`startxref` pointing at an `xref` table or stream) and `%%EOF` at the
 * end; a .docx/.xlsx needs a zip whose end record and central directory agree and that holds the
 * Open XML parts of its kind; a JPEG needs its marker segments up to a frame and the end marker; a
 * PNG needs its chunks from IHDR to IEND ending the file. A file that is also another format (a
 * PDF header on a zip, a zip appended to an image, a PDF in a zip's first bytes) is refused.
 *
 * Pure: it reads through a {@link ByteSource}, so the page server checks a file on disk a few
 * kilobytes at a time and the tests check buffers.
 */

/** Random access to a file's bytes. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

/** A {@link ByteSource} over bytes in memory. */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

/** Why a file is not what it says, for the operator's log and the tests (the unit reads one general message). */
export type ContentVerdict = { ok: true } | { ok: false; reason: string };

const ok: ContentVerdict = { ok: true };
const no = (reason: string): ContentVerdict => ({ ok: false, reason });

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
const be16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const be32 = (b: Uint8Array, at: number) => b[at]! * 0x1000000 + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);

/** How far from the start a PDF reader looks for `%PDF-`. */
const PDF_HEADER_WINDOW = 1024;
/** A zip's end record (22 bytes) and the longest comment it may carry. */
const EOCD_WINDOW = 22 + 0xffff;
const EOCD_SIG = 'PK\x05\x06';

/** True when the file's first kilobyte holds a PDF header anywhere but where a PDF has it. */
function pdfHeaderWithin(src: ByteSource): boolean {
  return latin1(src.read(0, PDF_HEADER_WINDOW)).includes('%PDF-');
}

/** The offset of a zip end record in the file's last 64 KiB, or -1. */
function findEocd(src: ByteSource): number {
  const start = Math.max(0, src.size - EOCD_WINDOW);
  const tail = latin1(src.read(start, src.size - start));
  const at = tail.lastIndexOf(EOCD_SIG);
  return at < 0 ? -1 : start + at;
}

function checkPdf(src: ByteSource): ContentVerdict {
  if (!/^%PDF-[12]\.\d/.test(latin1(src.read(0, 8)))) return no('pdf: no header at the start');
  const tailStart = Math.max(0, src.size - 1024);
  const tail = latin1(src.read(tailStart, src.size - tailStart));
  const end = /startxref\s+(\d{1,12})\s+%%EOF\s*$/.exec(tail);
  if (!end) return no('pdf: no startxref and %%EOF at the end');
  const xrefAt = Number(end[1]);
  if (xrefAt < 8 || xrefAt >= src.size) return no('pdf: startxref outside the file');
  const xref = latin1(src.read(xrefAt, 256));
  if (!/^(xref\s|\d+\s+\d+\s+obj\s*<<[^]*?\/Type\s*\/XRef\b)/.test(xref)) return no('pdf: startxref does not point at a cross-reference');
  if (findEocd(src) >= 0) return no('pdf: also a zip (end record in the tail)');
  return ok;
}

/** The names in a zip's central directory, or why the zip is not sound. */
export function zipEntries(src: ByteSource): { ok: true; names: string[] } | { ok: false; reason: string } {
  if (latin1(src.read(0, 4)) !== 'PK\x03\x04') return { ok: false, reason: 'zip: no local header at the start' };
  if (pdfHeaderWithin(src)) return { ok: false, reason: 'zip: a PDF header in its first kilobyte' };
  const eocdAt = findEocd(src);
  if (eocdAt < 0) return { ok: false, reason: 'zip: no end record' };
  const eocd = src.read(eocdAt, 22);
  if (eocd.length < 22) return { ok: false, reason: 'zip: truncated end record' };
  const [disk, cdDisk, here, total] = [u16(eocd, 4), u16(eocd, 6), u16(eocd, 8), u16(eocd, 10)];
  const [cdSize, cdAt, commentLength] = [u32(eocd, 12), u32(eocd, 16), u16(eocd, 20)];
  if (eocdAt + 22 + commentLength !== src.size) return { ok: false, reason: 'zip: bytes after the end record' };
  if (commentLength !== 0) return { ok: false, reason: 'zip: a comment (office files carry none)' };
  if (disk !== 0 || cdDisk !== 0 || here !== total) return { ok: false, reason: 'zip: split over several disks' };
  if (total === 0xffff || cdAt === 0xffffffff || cdSize === 0xffffffff) return { ok: false, reason: 'zip: zip64 is not accepted' };
  if (cdAt + cdSize !== eocdAt) return { ok: false, reason: 'zip: the central directory does not end at the end record' };
  const cd = src.read(cdAt, cdSize);
  if (cd.length !== cdSize) return { ok: false, reason: 'zip: truncated central directory' };
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < total; i++) {
    if (at + 46 > cd.length || latin1(cd.subarray(at, at + 4)) !== 'PK\x01\x02')
      return { ok: false, reason: 'zip: a damaged central directory entry' };
    const [nameLength, extraLength, entryCommentLength] = [u16(cd, at + 28), u16(cd, at + 30), u16(cd, at + 32)];
    const localAt = u32(cd, at + 42);
    if (localAt >= cdAt || latin1(src.read(localAt, 4)) !== 'PK\x03\x04')
      return { ok: false, reason: 'zip: an entry whose local header is missing' };
    if (i === 0 && localAt !== 0) return { ok: false, reason: 'zip: data before the first entry' };
    const name = Buffer.from(cd.subarray(at + 46, at + 46 + nameLength)).toString('utf8');
    if (name.startsWith('/') || name.split(/[\\/]/).includes('..')) return { ok: false, reason: 'zip: an entry outside the archive' };
    names.push(name);
    at += 46 + nameLength + extraLength + entryCommentLength;
  }
  if (at !== cd.length) return { ok: false, reason: 'zip: the central directory holds more than its entries' };
  return { ok: true, names };
}

function checkOffice(src: ByteSource, main: string, macros: string): ContentVerdict {
  const zip = zipEntries(src);
  if (!zip.ok) return zip;
  const names = new Set(zip.names);
  if (!names.has('[Content_Types].xml')) return no('office: no [Content_Types].xml');
  if (!names.has(main)) return no(`office: no ${main}`);
  if (names.has(macros)) return no('office: macros');
  return ok;
}

/** JPEG markers that start a frame (SOF0–SOF15 but DHT, JPG and DAC). */
const isFrameMarker = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function checkJpeg(src: ByteSource): ContentVerdict {
  const head = src.read(0, 3);
  if (head[0] !== 0xff || head[1] !== 0xd8 || head[2] !== 0xff) return no('jpeg: no start marker');
  let at = 2;
  let frame = false;
  for (;;) {
    const seg = src.read(at, 4);
    if (seg.length < 4 || seg[0] !== 0xff) return no('jpeg: a damaged marker segment');
    const marker = seg[1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01)
      return no('jpeg: a marker without data before the scan');
    const length = be16(seg, 2);
    if (length < 2) return no('jpeg: a segment shorter than its header');
    if (isFrameMarker(marker)) frame = true;
    if (marker === 0xda) break;
    at += 2 + length;
  }
  if (!frame) return no('jpeg: a scan without a frame');
  // Entropy-coded data follows; the file must end with the end-of-image marker (padding zeros allowed).
  const tailStart = Math.max(at, src.size - 1024);
  const tail = src.read(tailStart, src.size - tailStart);
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--;
  if (end < 2 || tail[end - 2] !== 0xff || tail[end - 1] !== 0xd9) return no('jpeg: no end marker at the end');
  if (findEocd(src) >= 0 || pdfHeaderWithin(src)) return no('jpeg: also a zip or a PDF');
  return ok;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function checkPng(src: ByteSource): ContentVerdict {
  const sig = src.read(0, 8);
  if (sig.length < 8 || PNG_SIGNATURE.some((b, i) => sig[i] !== b)) return no('png: no signature');
  let at = 8;
  let first = true;
  for (;;) {
    const head = src.read(at, 8);
    if (head.length < 8) return no('png: ends before IEND');
    const length = be32(head, 0);
    const type = latin1(head.subarray(4, 8));
    if (!/^[A-Za-z]{4}$/.test(type)) return no('png: a damaged chunk');
    if (first && (type !== 'IHDR' || length !== 13)) return no('png: the first chunk is not IHDR');
    first = false;
    const next = at + 12 + length;
    if (next > src.size) return no('png: a chunk longer than the file');
    if (type === 'IEND') {
      if (length !== 0 || next !== src.size) return no('png: bytes after IEND');
      break;
    }
    at = next;
  }
  if (pdfHeaderWithin(src)) return no('png: also a PDF');
  return ok;
}

const CHECKS: Record<UploadType, (src: ByteSource) => ContentVerdict> = {
  'application/pdf': checkPdf,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (src) =>
    checkOffice(src, 'word/document.xml', 'word/vbaProject.bin'),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (src) => checkOffice(src, 'xl/workbook.xml', 'xl/vbaProject.bin'),
  'image/jpeg': checkJpeg,
  'image/png': checkPng,
};

/** Whether a file's content is sound for its declared type (and for no other format as well). */
export function checkContent(type: UploadType, src: ByteSource): ContentVerdict {
  if (src.size === 0) return no('empty');
  return CHECKS[type](src);
}

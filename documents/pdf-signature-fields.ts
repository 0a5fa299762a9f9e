/**
 * Finds the signature dictionaries of a PDF in its raw bytes (ISO 32000-1 §12.8): each one's
 * /ByteRange, the /Contents hole it leaves out, the CMS blob in that hole and its /SubFilter.
 *
 * A signature dictionary is never inside a compressed object stream (its /Contents must be a
 * byte-exact hole in the file), so a scan of the bytes finds every one without a full PDF parser.
 * Whatever the scan finds is then checked byte by byte; nothing here trusts the file's own offsets.
 */

/** A signature found in the file, before any cryptography. */
export interface PdfSignatureField {
  /** The four numbers of /ByteRange: [start1, length1, start2, length2]. */
  byteRange: [number, number, number, number];
  /** The bytes the signature covers: the file less the /Contents hole. */
  signedBytes: Buffer;
  /** The CMS SignedData, DER, with the hole's zero padding removed by the caller's parser. */
  contents: Buffer;
  /** The /SubFilter name, without the slash; undefined when the dictionary has none. */
  subFilter: string | undefined;
  /** Where the covered range ends: the file's length for a signature over the whole file. */
  end: number;
}

/** Why the bytes cannot be read as a signed PDF, before any cryptography. */
export type PdfScanProblem = 'notPdf' | 'notSigned' | 'brokenField';

/** The scan's result: the fields in file order, or the first problem met. */
export type PdfScan = { ok: true; fields: PdfSignatureField[] } | { ok: false; problem: PdfScanProblem; detail: string };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g;
const ANY_BYTE_RANGE = /\/ByteRange\b/g;
const HEX = /^[0-9A-Fa-f\s]*$/;

/** Reads every signature field of a PDF; see {@link PdfScan}. */
export function scanPdfSignatures(pdf: Buffer): PdfScan {
  const text = pdf.toString('latin1');
  // ISO 32000-1 §7.5.2: the header may follow up to 1024 bytes of leading garbage.
  const header = text.indexOf('%PDF-');
  if (header < 0 || header > 1024 || !/%%EOF/.test(text.slice(-1024))) {
    return { ok: false, problem: 'notPdf', detail: 'no %PDF- header or no %%EOF trailer' };
  }
  const fields: PdfSignatureField[] = [];
  const numeric = new Set<number>();
  for (const match of text.matchAll(BYTE_RANGE)) {
    numeric.add(match.index);
    const byteRange = match.slice(1, 5).map(Number) as [number, number, number, number];
    const field = fieldAt(pdf, text, match.index, byteRange);
    if (typeof field === 'string') return { ok: false, problem: 'brokenField', detail: field };
    fields.push(field);
  }
  for (const match of text.matchAll(ANY_BYTE_RANGE)) {
    // A /ByteRange that is not four numbers: a placeholder never signed, or a damaged field.
    if (!numeric.has(match.index)) return { ok: false, problem: 'brokenField', detail: `unreadable /ByteRange at ${match.index}` };
  }
  if (fields.length === 0) return { ok: false, problem: 'notSigned', detail: 'no /ByteRange' };
  return { ok: true, fields };
}

function fieldAt(pdf: Buffer, text: string, at: number, byteRange: [number, number, number, number]): PdfSignatureField | string {
  const [start1, length1, start2, length2] = byteRange;
  const holeStart = start1 + length1;
  const end = start2 + length2;
  if (start1 !== 0 || holeStart >= start2 || end > pdf.length)
    return `ByteRange ${byteRange.join(' ')} outside a file of ${pdf.length} bytes`;
  if (pdf[holeStart] !== 0x3c || pdf[start2 - 1] !== 0x3e) return `ByteRange ${byteRange.join(' ')}: the hole is not a <hex> string`;
  const hex = text.slice(holeStart + 1, start2 - 1);
  if (!HEX.test(hex)) return `ByteRange ${byteRange.join(' ')}: the hole holds non-hex bytes`;
  if (!/\/Contents\s*$/.test(text.slice(Math.max(0, holeStart - 64), holeStart))) {
    return `ByteRange ${byteRange.join(' ')}: the hole is not the value of /Contents`;
  }
  // The dictionary that holds this /ByteRange: from its object's header to its endobj.
  const objStart = text.lastIndexOf(' obj', at);
  const objEnd = text.indexOf('endobj', at);
  if (objStart < 0 || objEnd < 0 || holeStart < objStart || start2 > objEnd) {
    return `ByteRange at ${at}: its /Contents is not in the same object`;
  }
  const dictionary = text.slice(objStart, holeStart) + text.slice(start2, objEnd);
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_+-]+)/.exec(dictionary)?.[1];
  return {
    byteRange,
    signedBytes: Buffer.concat([pdf.subarray(0, holeStart), pdf.subarray(start2, end)]),
    contents: Buffer.from(hex.replace(/\s+/g, ''), 'hex'),
    subFilter,
    end,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { projectRoot } from '../../config/paths';

/**
 * Real files of each type a unit may upload, and the broken and two-faced ones it must not: a zip
 * writer (stored entries, a real central directory), a PNG writer, a .docx from the `docx` package,
 * and two JPEGs from Go's image test data (BSD licence, test/fixtures/uploads; the chromium.* files there were
 * written by Chromium's print to PDF and screenshots).
 */

/** A zip of `entries` (stored, not compressed), optionally with bytes before it or a comment after. */
export function zip(entries: Record<string, string | Buffer>, o: { prefix?: Buffer; comment?: string } = {}): Buffer {
  const prefix = o.prefix ?? Buffer.alloc(0);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(o.comment ?? '', 'latin1');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(entries).length, 8);
  eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([prefix, ...locals, cd, eocd, comment]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** A minimal workbook: the parts an .xlsx must have. */
export function sampleXlsx(): Buffer {
  return zip({
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
    'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
  });
}

/** A real Word document, written by the `docx` package. */
export async function sampleDocx(text = 'Báo cáo'): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] }));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real PNG of `width` × `height` grey pixels. */
export function samplePng(width = 4, height = 4): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0x80)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline or a progressive JPEG photograph. */
export function sampleJpeg(kind: 'baseline' | 'progressive' = 'baseline'): Buffer {
  return fs.readFileSync(
    path.join(projectRoot, 'test', 'fixtures', 'uploads', kind === 'baseline' ? 'photo.jpg' : 'photo-progressive.jpg'),
  );
}

/** A small, real PDF; with `size`, padded to exactly that many bytes by a stream of filler. */
export function samplePdf(text = 'Bao cao', size?: number): Buffer {
  const build = (filler: number) => {
    const body = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
    const objs = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      ...(filler > 0 ? [`<< /Length ${filler} >>\nstream\n${'0'.repeat(filler)}\nendstream`] : []),
    ];
    let out = '%PDF-1.4\n';
    const offsets: number[] = [];
    objs.forEach((o, i) => {
      offsets.push(out.length);
      out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  };
  if (size === undefined) return build(0);
  // The filler's length is written in the file too: a few rounds settle it.
  let filler = 1;
  for (let i = 0; i < 4; i++) filler += size - build(filler).length;
  const pdf = build(filler);
  if (pdf.length !== size) throw new Error(`samplePdf: cannot make a PDF of exactly ${size} bytes`);
  return pdf;
}

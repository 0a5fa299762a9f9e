import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { bufferSource, checkContent, zipEntries } from '../domain/file-content';
import type { UploadType } from '../domain/validation';
import { sampleDocx, sampleJpeg, samplePdf, samplePng, sampleXlsx, zip } from './kit/files';

/**
 * Uploads are judged by their structure (issue 26): real files of each type pass; files that only
 * start like one, are cut short, carry another format inside or after them, or are another kind of
 * office file are refused.
 */
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const check = (type: UploadType, bytes: Buffer) => checkContent(type, bufferSource(bytes));
const reason = (type: UploadType, bytes: Buffer) => {
  const v = check(type, bytes);
  return v.ok ? 'accepted' : v.reason;
};

/** A PDF 1.5 whose cross-reference is a stream object. */
function pdfWithXrefStream(): Buffer {
  const head = '%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n';
  const xrefAt = head.length;
  return Buffer.from(
    `${head}3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`,
    'latin1',
  );
}

describe('upload content checks', () => {
  it('accepts real files of every type', async () => {
    expect(reason(PDF, samplePdf())).toBe('accepted');
    expect(reason(PDF, pdfWithXrefStream())).toBe('accepted');
    const padded = samplePdf('Bao cao', 300_000);
    expect([padded.length, reason(PDF, padded)]).toEqual([300_000, 'accepted']);
    expect(reason(DOCX, await sampleDocx())).toBe('accepted');
    expect(reason(XLSX, sampleXlsx())).toBe('accepted');
    expect(reason('image/jpeg', sampleJpeg('baseline'))).toBe('accepted');
    expect(reason('image/jpeg', sampleJpeg('progressive'))).toBe('accepted');
    expect(reason('image/png', samplePng())).toBe('accepted');
  });

  it('accepts what a real producer writes (Chromium: a PDF, a PNG and a JPEG)', () => {
    const fixture = (name: string) => fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'uploads', name));
    expect(reason(PDF, fixture('chromium.pdf'))).toBe('accepted');
    expect(reason('image/png', fixture('chromium.png'))).toBe('accepted');
    expect(reason('image/jpeg', fixture('chromium.jpg'))).toBe('accepted');
  });

  it('refuses a PDF that only starts like one, is cut short, or points its startxref nowhere', () => {
    const pdf = samplePdf();
    expect(reason(PDF, Buffer.from('%PDF-1.4\nnot a pdf at all\n'))).toMatch(/startxref/);
    expect(reason(PDF, pdf.subarray(0, pdf.length - 20))).toMatch(/startxref and %%EOF/);
    expect(reason(PDF, Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n9'), 'latin1'))).toMatch(/cross-reference/);
    expect(reason(PDF, Buffer.concat([Buffer.from('junk'), pdf]))).toMatch(/no header/);
    expect(reason(PDF, Buffer.alloc(0))).toBe('empty');
  });

  it('refuses polyglots: a zip after a PDF, a PDF header on a zip, a PDF inside a zip, formats appended to images', async () => {
    const pdf = samplePdf();
    const docx = await sampleDocx();
    // A zip appended to a PDF.
    expect(reason(PDF, Buffer.concat([pdf, docx]))).toMatch(/startxref and %%EOF/);
    // Both at once: the zip's entries after the PDF, its comment carrying the PDF's end.
    const tail = /startxref\n\d+\n%%EOF\n$/.exec(pdf.toString('latin1'))![0];
    const both = zip({ '[Content_Types].xml': 'x', 'word/document.xml': 'x' }, { prefix: pdf, comment: `\n${tail}` });
    expect(reason(PDF, both)).toBe('pdf: also a zip (end record in the tail)');
    expect(reason(DOCX, both)).toBe('zip: no local header at the start');
    // A PDF in the zip's first kilobyte, where PDF readers look for it.
    expect(reason(DOCX, zip({ '[Content_Types].xml': pdf, 'word/document.xml': 'x' }))).toBe('zip: a PDF header in its first kilobyte');
    expect(reason('image/jpeg', Buffer.concat([sampleJpeg(), docx]))).toMatch(/end marker/);
    expect(reason('image/png', Buffer.concat([samplePng(), pdf]))).toBe('png: bytes after IEND');
  });

  it('refuses zips that are not the office file they claim, or are damaged', async () => {
    const docx = await sampleDocx();
    expect(reason(XLSX, docx)).toBe('office: no xl/workbook.xml');
    expect(reason(DOCX, sampleXlsx())).toBe('office: no word/document.xml');
    expect(reason(DOCX, zip({ 'word/document.xml': 'x' }))).toBe('office: no [Content_Types].xml');
    expect(reason(DOCX, zip({ '[Content_Types].xml': 'x', 'word/document.xml': 'x', 'word/vbaProject.bin': 'x' }))).toBe('office: macros');
    expect(reason(DOCX, zip({ '[Content_Types].xml': 'x', 'word/document.xml': 'x' }, { comment: 'hello' }))).toMatch(/comment/);
    expect(reason(DOCX, zip({ '[Content_Types].xml': 'x', 'word/document.xml': 'x', '../evil': 'x' }))).toMatch(/outside/);
    expect(reason(DOCX, docx.subarray(0, docx.length - 30))).toMatch(/^zip: /);
    expect(reason(DOCX, Buffer.from('PK\x03\x04 just the magic bytes', 'latin1'))).toBe('zip: no end record');
    const entries = zipEntries(bufferSource(docx));
    expect(entries.ok && entries.names).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
  });

  it('refuses images that only start like one or are cut short', () => {
    const jpeg = sampleJpeg();
    const png = samplePng();
    expect(reason('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]))).toMatch(/^jpeg: /);
    expect(reason('image/jpeg', jpeg.subarray(0, jpeg.length - 100))).toBe('jpeg: no end marker at the end');
    expect(reason('image/png', png.subarray(0, 8 + 25))).toBe('png: ends before IEND');
    expect(reason('image/png', Buffer.concat([png.subarray(0, 8), png.subarray(33)]))).toBe('png: the first chunk is not IHDR');
    expect(reason('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png: ends before IEND');
  });
});

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A PDF's text with positions and fonts, as poppler reads it (`pdftohtml -xml -zoom 1`: one
 * element per run of text on a line, in points from the top left, with its bold and italic), and
 * the exact page size (`pdfinfo`). For the suites that check a document's layout on the page.
 */

/** One run of text on a page. */
export interface PdfText {
  page: number;
  top: number;
  left: number;
  width: number;
  height: number;
  /** The font size in points (rounded by poppler). */
  size: number;
  bold: boolean;
  italic: boolean;
  text: string;
}

/** A PDF read back: its pages' sizes and its text. */
export interface PdfLayout {
  pages: { width: number; height: number }[];
  texts: PdfText[];
}

const unescape = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Reads a PDF's layout. */
export function readPdfLayout(pdf: Buffer): PdfLayout {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pdftext-'));
  try {
    const file = path.join(dir, 'd.pdf');
    fs.writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '1000', file], { encoding: 'utf8' });
    const pages = [...info.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
      width: Number(m[1]),
      height: Number(m[2]),
    }));
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-zoom', '1', '-stdout', file], { encoding: 'utf8' });
    const fonts = new Map<string, number>();
    for (const m of xml.matchAll(/<fontspec id="(\d+)" size="(\d+)"/g)) fonts.set(m[1]!, Number(m[2]));
    const texts: PdfText[] = [];
    let page = 0;
    for (const line of xml.split('\n')) {
      const p = /<page number="(\d+)"/.exec(line);
      if (p) page = Number(p[1]);
      const t = /<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)">(.*)<\/text>/.exec(line);
      if (!t) continue;
      const inner = t[6]!;
      texts.push({
        page,
        top: Number(t[1]),
        left: Number(t[2]),
        width: Number(t[3]),
        height: Number(t[4]),
        size: fonts.get(t[5]!) ?? 0,
        bold: inner.includes('<b>'),
        italic: inner.includes('<i>'),
        text: unescape(inner).replace(/\s+/g, ' ').trim(),
      });
    }
    return { pages, texts };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The horizontal centre of a run. */
export const centreOf = (t: PdfText) => t.left + t.width / 2;
/** The right edge of a run. */
export const rightOf = (t: PdfText) => t.left + t.width;

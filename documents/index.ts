import type { DocumentFields } from '../domain/document-fields';
import { DOCUMENT_KINDS, type DocumentKind } from '../domain/documents';
import { docxToPdf, type PdfOptions } from './pdf';
import { renderDocx, type TemplateSet } from './render';

/**
 * The one call the activities and the CLI make: a kind's fields to its .docx, its PDF where
 * LibreOffice is installed, and the file name the Office sees.
 */

/** What renderDocument needs: the loaded templates, and whether (and how) to make the PDF. */
export interface RenderOptions extends PdfOptions {
  templates: TemplateSet;
  /** False to skip the PDF (a preview). */
  pdf?: boolean;
}

/** A rendered document. */
export interface RenderedDocument {
  docx: Buffer;
  pdf?: Buffer;
  /** The file name without extension (documentFileName). */
  name: string;
}

/** A file name from a kind and its symbol: "schedule_notice-08-TB-VP", "draft_conclusion-du-thao". */
export function documentFileName(kind: DocumentKind, symbol?: string): string {
  const tail = symbol
    ? symbol
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/Đ/g, 'D')
        .replace(/đ/g, 'd')
        .replace(/[^A-Za-z0-9]+/g, '-')
    : DOCUMENT_KINDS[kind].numbered
      ? 'chua-so'
      : 'du-thao';
  return `${kind}-${tail}`;
}

/** Renders a kind's fields to .docx, and to PDF where LibreOffice is installed (unless `pdf: false`). */
export async function renderDocument<K extends DocumentKind>(
  kind: K,
  content: DocumentFields<K>,
  opts: RenderOptions & { symbol?: string },
): Promise<RenderedDocument> {
  const docx = renderDocx(kind, content, opts.templates);
  const pdf = opts.pdf === false ? undefined : await docxToPdf(docx, opts);
  return { docx, ...(pdf ? { pdf } : {}), name: documentFileName(kind, opts.symbol) };
}

import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { TEMPLATE_OPTIONS, type TemplateSet } from '../config/templates';
import { DOCUMENT_FIELDS, type DocumentFields } from '../domain/document-fields';
import type { DocumentKind } from '../domain/documents';

/**
 * Fills a kind's template with its fields (docxtemplater over the .docx's XML). The fields are
 * checked against the kind's schema (domain/document-fields.ts) first, so a builder's mistake
 * fails here instead of printing an empty line.
 */

export type { TemplateSet };

/** A filled .docx of one kind. */
export function renderDocx<K extends DocumentKind>(kind: K, content: DocumentFields<K>, templates: TemplateSet): Buffer {
  const fields = DOCUMENT_FIELDS[kind].parse(content);
  const doc = new Docxtemplater(new PizZip(templates[kind]), { ...TEMPLATE_OPTIONS, nullGetter: () => '' });
  doc.render(fields);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

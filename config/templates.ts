/* eslint-disable @typescript-eslint/no-require-imports -- docxtemplater loads only where documents are made */
import fs from 'node:fs';
import path from 'node:path';
import { fieldTree, type FieldTree } from '../domain/document-fields';
import { DOCUMENT_KIND_IDS, DOCUMENT_KINDS, type DocumentKind } from '../domain/documents';
import { projectRoot } from './paths';
import { ExitCode, UserFacingError } from './user-facing-error';

/**
 * The templates of the documents: the defaults in templates/documents/<kind>.docx (made by
 * scripts/make-templates.ts from the layout rules), each replaceable by a file of the same name in
 * the folder KIEMTRA_TEMPLATES names. Loaded and checked once at start-up: a template whose tags
 * do not parse, or that names a placeholder its kind's fields (domain/document-fields.ts) do not
 * have, is refused with a Vietnamese message naming the file and the placeholder.
 */

/** The template of each kind, as .docx bytes. */
export type TemplateSet = Record<DocumentKind, Buffer>;

/** Where the default templates are. */
export const DEFAULT_TEMPLATES_DIR = path.join(projectRoot, 'templates', 'documents');

/** The docxtemplater options every template is read with, at the check and at rendering. */
export const TEMPLATE_OPTIONS = { paragraphLoop: true, linebreaks: true } as const;

/** The file name of a kind's template. */
export const templateFile = (kind: DocumentKind) => `${kind}.docx`;

interface TemplateErrorProps {
  id?: string;
  xtag?: string;
  explanation?: string;
}

/** A docxtemplater parse error, in Vietnamese. */
function describeParseError(p: TemplateErrorProps): string {
  const tag = p.xtag ? `"${p.xtag}"` : '';
  switch (p.id) {
    case 'unclosed_tag':
      return `thẻ ${tag} thiếu dấu đóng "}"`;
    case 'unopened_tag':
      return `thẻ ${tag} thiếu dấu mở "{"`;
    case 'duplicate_open_tag':
      return `thẻ ${tag} có hai dấu mở "{" liền nhau`;
    case 'duplicate_close_tag':
      return `thẻ ${tag} có hai dấu đóng "}" liền nhau`;
    case 'unclosed_loop':
      return `vòng lặp ${tag} không có thẻ đóng {/${p.xtag ?? ''}}`;
    case 'unopened_loop':
      return `thẻ đóng ${tag} không có thẻ mở tương ứng`;
    case 'closing_tag_does_not_match_opening_tag':
      return `thẻ đóng không khớp thẻ mở ${tag}`;
    default:
      return `thẻ ${tag} viết sai cú pháp`;
  }
}

function parseErrors(err: unknown): TemplateErrorProps[] {
  const props = (err as { properties?: { errors?: { properties?: TemplateErrorProps }[] } & TemplateErrorProps }).properties;
  if (props?.errors?.length) return props.errors.map((e) => e.properties ?? {});
  return [props ?? {}];
}

/** The placeholders a template uses that the fields (or the fields of an enclosing list) lack. */
function unknownTags(used: Record<string, unknown>, allowed: FieldTree[], prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, inner] of Object.entries(used)) {
    const owner = allowed.find((t) => name in t);
    if (!owner) {
      out.push(`${prefix}${name}`);
      continue;
    }
    const children = inner as Record<string, unknown>;
    if (Object.keys(children).length) out.push(...unknownTags(children, [owner[name] ?? {}, ...allowed], `${prefix}${name}.`));
  }
  return out;
}

/**
 * Checks one template: its tags parse, and each placeholder is a field of the kind. Returns the
 * problem in Vietnamese (naming the file and the placeholder), or undefined when it is good.
 */
export function checkTemplate(kind: DocumentKind, file: string, bytes: Buffer): string | undefined {
  const PizZip = require('pizzip') as typeof import('pizzip');
  const Docxtemplater = require('docxtemplater') as typeof import('docxtemplater');
  type Inspect = InstanceType<typeof import('docxtemplater/js/inspect-module.js').default>;
  const inspectModule = require('docxtemplater/js/inspect-module.js') as () => Inspect;
  const where = `mẫu văn bản ${file} (${DOCUMENT_KINDS[kind].label})`;
  let zip: InstanceType<typeof PizZip>;
  try {
    zip = new PizZip(bytes);
  } catch {
    return `${where} không phải tệp .docx đọc được`;
  }
  const inspect = inspectModule();
  try {
    new Docxtemplater(zip, { ...TEMPLATE_OPTIONS, errorLogging: false, modules: [inspect] });
  } catch (err) {
    return `${where} bị lỗi: ${parseErrors(err).map(describeParseError).join('; ')}`;
  }
  const unknown = unknownTags(inspect.getAllTags() as Record<string, unknown>, [fieldTree(kind)]);
  if (unknown.length) return `${where} dùng trường không có trong dữ liệu của loại văn bản này: ${unknown.map((t) => `{${t}}`).join(', ')}`;
  return undefined;
}

/**
 * Loads every kind's template: from KIEMTRA_TEMPLATES when that folder has the kind's file, else
 * the default. Throws a UserFacingError (exit 2) naming the file and the problem.
 */
export function loadTemplates(env: NodeJS.ProcessEnv = process.env): TemplateSet {
  const override = env.KIEMTRA_TEMPLATES?.trim() ? path.resolve(env.KIEMTRA_TEMPLATES.trim()) : undefined;
  if (override) {
    if (!fs.existsSync(override) || !fs.statSync(override).isDirectory())
      throw new UserFacingError(`KIEMTRA_TEMPLATES="${env.KIEMTRA_TEMPLATES}" không phải thư mục có sẵn.`, ExitCode.badInput);
    const known = new Set(DOCUMENT_KIND_IDS.map(templateFile));
    const stray = fs.readdirSync(override).filter((f) => f.endsWith('.docx') && !f.startsWith('~$') && !known.has(f));
    if (stray.length)
      throw new UserFacingError(
        `Thư mục mẫu ${override} có tệp không ứng với loại văn bản nào: ${stray.join(', ')}; tên tệp phải là một trong: ${[...known].join(', ')}.`,
        ExitCode.badInput,
      );
  }
  const set = {} as TemplateSet;
  for (const kind of DOCUMENT_KIND_IDS) {
    const own = override ? path.join(override, templateFile(kind)) : undefined;
    const file = own && fs.existsSync(own) ? own : path.join(DEFAULT_TEMPLATES_DIR, templateFile(kind));
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      throw new UserFacingError(`Không đọc được mẫu văn bản ${file}.`, ExitCode.badInput);
    }
    const problem = checkTemplate(kind, file, bytes);
    if (problem) throw new UserFacingError(`${problem[0]!.toUpperCase()}${problem.slice(1)}.`, ExitCode.badInput);
    set[kind] = bytes;
  }
  return set;
}

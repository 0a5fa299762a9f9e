import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PizZip from 'pizzip';
import { afterEach, describe, expect, it } from 'vitest';
import { checkTemplate, DEFAULT_TEMPLATES_DIR, loadTemplates, templateFile } from '../config/templates';
import { UserFacingError } from '../config/user-facing-error';
import { DOCUMENT_FIELDS, fieldTree } from '../domain/document-fields';
import { DOCUMENT_KIND_IDS, type DocumentKind } from '../domain/documents';
import { documentFileName, renderDocument } from '../documents/index';
import { renderDocx } from '../documents/render';
import { makeTemplate } from '../documents/template-maker';
import { rehearsalContents } from '../scripts/document-samples';

/**
 * The templates: the committed defaults are what scripts/make-templates.ts makes from the layout;
 * KIEMTRA_TEMPLATES replaces one; a broken template or an unknown placeholder is refused at
 * start-up naming the file and the placeholder; a kind's fields are one zod schema.
 */

/** A .docx's text and placeholders, part by part (document, headers), without its dates or ids. */
function textOf(docx: Buffer): string[] {
  const zip = new PizZip(docx);
  return Object.keys(zip.files)
    .filter((f) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(f))
    .sort()
    .map(
      (f) =>
        `${f}: ${[
          ...zip
            .file(f)!
            .asText()
            .matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:instrText[^>]*>([^<]*)</g),
        ]
          .map((m) => m[1] ?? m[2])
          .join('¦')}`,
    );
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function folder(files: Record<string, Buffer>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-templates-'));
  dirs.push(d);
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(d, name), bytes);
  return d;
}
/** A default template with its document.xml edited. */
function edited(kind: DocumentKind, edit: (xml: string) => string): Buffer {
  const zip = new PizZip(fs.readFileSync(path.join(DEFAULT_TEMPLATES_DIR, templateFile(kind))));
  zip.file('word/document.xml', edit(zip.file('word/document.xml')!.asText()));
  return zip.generate({ type: 'nodebuffer' }) as Buffer;
}
function refusal(env: NodeJS.ProcessEnv): UserFacingError {
  try {
    loadTemplates(env);
  } catch (e) {
    if (e instanceof UserFacingError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('the default templates', () => {
  it.each(DOCUMENT_KIND_IDS)('%s: the committed file has the text and placeholders scripts/make-templates.ts makes', async (kind) => {
    const committed = fs.readFileSync(path.join(DEFAULT_TEMPLATES_DIR, templateFile(kind)));
    expect(textOf(committed)).toEqual(textOf(await makeTemplate(kind)));
  });

  it('would notice a committed template that drifted', async () => {
    expect(textOf(edited('conclusion', (x) => x.replace('{subject}', '{subject} ')))).not.toEqual(textOf(await makeTemplate('conclusion')));
  });

  it('all pass the start-up check', () => {
    const set = loadTemplates({});
    expect(Object.keys(set).sort()).toEqual([...DOCUMENT_KIND_IDS].sort());
  });
});

describe('KIEMTRA_TEMPLATES', () => {
  it('replaces the template of a kind the folder has, and keeps the defaults of the others', () => {
    const own = edited('schedule_notice', (x) => x.replace('Kính gửi: {addressee}', 'Kính gửi: {addressee} (bản của Văn phòng)'));
    const set = loadTemplates({ KIEMTRA_TEMPLATES: folder({ 'schedule_notice.docx': own }) });
    expect(set.schedule_notice.equals(own)).toBe(true);
    const fields = rehearsalContents().schedule_notice;
    const text = textOf(renderDocx('schedule_notice', fields, set)).join('');
    expect(text).toContain('(bản của Văn phòng)');
    expect(set.conclusion.equals(fs.readFileSync(path.join(DEFAULT_TEMPLATES_DIR, 'conclusion.docx')))).toBe(true);
  });

  it('refuses a template whose tag is not closed, naming the file and the tag', () => {
    const dir = folder({ 'conclusion.docx': edited('conclusion', (x) => x.replace('{subject}', '{subject')) });
    const e = refusal({ KIEMTRA_TEMPLATES: dir });
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      `Mẫu văn bản ${path.join(dir, 'conclusion.docx')} (Kết luận kiểm tra) bị lỗi: thẻ "subject" thiếu dấu đóng "}".`,
    );
  });

  it('refuses a placeholder the kind does not have, naming it', () => {
    const dir = folder({ 'schedule_notice.docx': edited('schedule_notice', (x) => x.replace('{subject}', '{subject} {ngayHop}')) });
    expect(refusal({ KIEMTRA_TEMPLATES: dir }).message).toBe(
      `Mẫu văn bản ${path.join(dir, 'schedule_notice.docx')} (Thông báo lịch làm việc của Đoàn kiểm tra) dùng trường không có trong dữ liệu của loại văn bản này: {ngayHop}.`,
    );
  });

  it('refuses a placeholder of another kind (the minutes have no Kính gửi), and one misplaced in a list', () => {
    expect(
      checkTemplate(
        'opening_minutes',
        'x.docx',
        edited('opening_minutes', (x) => x.replace('{subject}', '{addressee}')),
      ),
    ).toMatch(/dùng trường .*: \{addressee\}$/u);
    expect(
      checkTemplate(
        'round_report',
        'y.docx',
        edited('round_report', (x) => x.replace('{heading}', '{heading}{cells}')),
      ),
    ).toMatch(/\{sections\.cells\}$/u);
  });

  it('refuses a folder that does not exist, a file that is no .docx, and a file named for no kind', () => {
    expect(refusal({ KIEMTRA_TEMPLATES: '/nonexistent/kiemtra' }).message).toContain('không phải thư mục có sẵn');
    expect(refusal({ KIEMTRA_TEMPLATES: folder({ 'conclusion.docx': Buffer.from('not a zip') }) }).message).toContain(
      'không phải tệp .docx đọc được',
    );
    expect(refusal({ KIEMTRA_TEMPLATES: folder({ 'ket-luan.docx': Buffer.from('') }) }).message).toContain(
      'có tệp không ứng với loại văn bản nào: ket-luan.docx',
    );
  });
});

describe("each kind's fields", () => {
  it('are one schema: the builder output passes it, and a missing or unknown field is refused before rendering', () => {
    const contents = rehearsalContents();
    const set = loadTemplates({});
    for (const kind of DOCUMENT_KIND_IDS) expect(DOCUMENT_FIELDS[kind].safeParse(contents[kind]).success, kind).toBe(true);
    const { subject: _subject, ...withoutSubject } = contents.conclusion;
    expect(() => renderDocx('conclusion', withoutSubject as never, set)).toThrow();
    expect(() => renderDocx('conclusion', { ...contents.conclusion, extra: 'x' } as never, set)).toThrow();
  });

  it('name every placeholder the default templates use, and nothing else', () => {
    for (const kind of DOCUMENT_KIND_IDS) expect(Object.keys(fieldTree(kind)).length).toBeGreaterThan(10);
    expect(fieldTree('team_decision')).toHaveProperty('basis');
    expect(fieldTree('schedule_notice')).toHaveProperty('addressee');
    expect(fieldTree('opening_minutes')).not.toHaveProperty('recipients');
  });
});

describe('renderDocument', () => {
  it('returns the .docx and a file name from the kind and its symbol, without a PDF when asked for none', async () => {
    const doc = await renderDocument('schedule_notice', rehearsalContents().schedule_notice, {
      templates: loadTemplates({}),
      pdf: false,
      symbol: '08/TB-VP',
    });
    expect(doc.name).toBe('schedule_notice-08-TB-VP');
    expect(doc.pdf).toBeUndefined();
    expect(doc.docx.subarray(0, 2).toString()).toBe('PK');
    expect(documentFileName('conclusion', '05/KL-ĐKT')).toBe('conclusion-05-KL-DKT');
    expect(documentFileName('draft_conclusion')).toBe('draft_conclusion-du-thao');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../config/templates';
import { DOCUMENT_KIND_IDS } from '../domain/documents';
import { renderDocx } from '../documents/render';
import { rehearsalContents } from '../scripts/document-samples';
import { SAMPLES_DIR } from '../scripts/render-samples-dir';

/**
 * The rehearsal set committed under docs/documents/ (`npm run documents:samples`) is what the
 * builders and templates make now: one .docx per kind, its text read back by mammoth, and the PNG
 * of its first page beside it.
 */

const text = async (buffer: Buffer) => (await mammoth.extractRawText({ buffer })).value;

describe('the committed rehearsal documents (docs/documents/)', () => {
  const templates = loadTemplates({});
  const contents = rehearsalContents();

  it.each(DOCUMENT_KIND_IDS)('%s: the .docx has the text the script makes now, and its first page as PNG', async (kind) => {
    const committed = fs.readFileSync(path.join(SAMPLES_DIR, `${kind}.docx`));
    expect(await text(committed)).toBe(await text(renderDocx(kind, contents[kind] as never, templates)));
    const png = fs.readFileSync(path.join(SAMPLES_DIR, `${kind}.png`));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

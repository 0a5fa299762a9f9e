import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTemplates } from '../config/templates';
import { renderDocument } from '../documents/index';
import { rehearsalContents, SAMPLE_KINDS } from './document-samples';
import { SAMPLES_DIR } from './render-samples-dir';

/**
 * `npm run documents:samples`: renders the rehearsal set (scripts/document-samples.ts) into
 * docs/documents/: one .docx per kind and the PNG of its first page (LibreOffice, then
 * `pdftoppm -r 60`). The files are committed, so a reader sees what the Office gets;
 * test/document-samples.test.ts fails when a committed .docx's text differs from what this makes.
 */

async function main(): Promise<void> {
  const templates = loadTemplates();
  const contents = rehearsalContents();
  fs.mkdirSync(SAMPLES_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-samples-'));
  try {
    for (const kind of SAMPLE_KINDS) {
      const doc = await renderDocument(kind, contents[kind] as never, { templates });
      fs.writeFileSync(path.join(SAMPLES_DIR, `${kind}.docx`), doc.docx);
      if (!doc.pdf) {
        process.stderr.write(`${kind}: không có LibreOffice, bỏ qua ảnh trang đầu\n`);
        continue;
      }
      const pdf = path.join(tmp, `${kind}.pdf`);
      fs.writeFileSync(pdf, doc.pdf);
      execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SAMPLES_DIR, kind)]);
      process.stdout.write(`docs/documents/${kind}.docx, ${kind}.png\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();

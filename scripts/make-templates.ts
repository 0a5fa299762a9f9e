import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TEMPLATES_DIR, templateFile } from '../config/templates';
import { DOCUMENT_KIND_IDS } from '../domain/documents';
import { makeTemplate } from '../documents/template-maker';

/**
 * `npm run documents:templates`: writes the default template of every kind to
 * templates/documents/<kind>.docx, laid out from domain/document-layout.ts. The files are
 * committed; test/document-templates.test.ts fails when one differs from what this makes.
 */
async function main(): Promise<void> {
  fs.mkdirSync(DEFAULT_TEMPLATES_DIR, { recursive: true });
  for (const kind of DOCUMENT_KIND_IDS) {
    const file = path.join(DEFAULT_TEMPLATES_DIR, templateFile(kind));
    fs.writeFileSync(file, await makeTemplate(kind));
    process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  }
}

void main();

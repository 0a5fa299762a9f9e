import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docxToPdf, findSoffice } from '../documents/pdf';

/**
 * How documents/pdf.ts runs LibreOffice, with a stand-in `soffice` script that records its
 * arguments and times: a profile of its own per conversion, one conversion at a time, a timeout,
 * and no PDF (with a log line) where soffice is absent. The real conversion is checked by
 * test/documents-pdf.test.ts.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-fake-soffice-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const log = path.join(dir, 'calls.log');

/** A stand-in soffice: logs start, args and end; sleeps; writes <outdir>/document.pdf. */
function fake(sleep: number): string {
  const file = path.join(dir, `soffice-${sleep}`);
  fs.writeFileSync(
    file,
    `#!/usr/bin/env bash
echo "start $(date +%s%N) $*" >> ${log}
sleep ${sleep}
out=""; prev=""
for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done
printf '%%PDF-fake' > "$out/document.pdf"
echo "end $(date +%s%N)" >> ${log}
`,
    { mode: 0o755 },
  );
  return file;
}

describe('docxToPdf', () => {
  it('gives undefined and one log line where soffice is absent', async () => {
    const lines: string[] = [];
    expect(findSoffice({ PATH: '' })).toBeUndefined();
    expect(await docxToPdf(Buffer.from('x'), { env: { PATH: '' }, log: (l) => lines.push(l) })).toBeUndefined();
    expect(lines).toEqual(['soffice not found: documents are kept as .docx only, without PDF']);
  });

  it('converts one at a time, each with its own temporary profile, headless', async () => {
    fs.rmSync(log, { force: true });
    const soffice = fake(0.3);
    const pdfs = await Promise.all([1, 2, 3].map(() => docxToPdf(Buffer.from('docx'), { soffice })));
    expect(pdfs.map((p) => p?.toString())).toEqual(['%PDF-fake', '%PDF-fake', '%PDF-fake']);
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.map((c) => c.split(' ')[0])).toEqual(['start', 'end', 'start', 'end', 'start', 'end']);
    const starts = calls.filter((c) => c.startsWith('start'));
    const profiles = starts.map((c) => /-env:UserInstallation=file:\/\/(\S+)/.exec(c)![1]!);
    expect(new Set(profiles).size).toBe(3);
    for (const p of profiles) expect(p.startsWith(os.tmpdir())).toBe(true);
    for (const c of starts) expect(c).toContain('--headless --norestore --convert-to pdf');
    // The temporary folders are gone.
    for (const p of profiles) expect(fs.existsSync(path.dirname(p))).toBe(false);
  });

  it('kills a conversion that takes longer than the timeout, and the next one still runs', async () => {
    await expect(docxToPdf(Buffer.from('docx'), { soffice: fake(5), timeoutMs: 300 })).rejects.toThrow(/soffice failed/);
    expect((await docxToPdf(Buffer.from('docx'), { soffice: fake(0) }))?.toString()).toBe('%PDF-fake');
  });
});

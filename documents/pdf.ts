import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A .docx to PDF by LibreOffice (`soffice --headless --convert-to pdf`), where it is installed.
 * Each conversion runs with its own temporary profile (-env:UserInstallation), so it never meets
 * a user's LibreOffice or another conversion's lock; conversions run one at a time in this
 * process, and one that takes longer than the timeout is killed. Without LibreOffice the result is
 * undefined and one log line says so: the .docx alone is still the document.
 */

/** How long one conversion may take. */
export const PDF_TIMEOUT_MS = 60_000;

/** The LibreOffice binary: KIEMTRA_SOFFICE, else the first `soffice` on PATH. */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KIEMTRA_SOFFICE) return fs.existsSync(env.KIEMTRA_SOFFICE) ? env.KIEMTRA_SOFFICE : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'soffice');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

let queue: Promise<unknown> = Promise.resolve();
let warned = false;

/** Options of a conversion: where soffice is, the timeout, and where a missing soffice is told. */
export interface PdfOptions {
  soffice?: string;
  /** Where to look for soffice when `soffice` is not given (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  log?: (line: string) => void;
}

async function convert(docx: Buffer, soffice: string, timeoutMs: number): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-pdf-'));
  try {
    const input = path.join(dir, 'document.docx');
    fs.writeFileSync(input, docx);
    const args = [
      `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      input,
    ];
    await new Promise<void>((resolve, reject) => {
      // Its own process group: /usr/bin/soffice is a script that starts soffice.bin, and a timeout
      // must kill both.
      const child = spawn(soffice, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`soffice failed: ${err.message}`));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`soffice failed: ${signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}`} ${stderr}`.trim()));
      });
    });
    const out = path.join(dir, 'document.pdf');
    if (!fs.existsSync(out)) throw new Error('soffice wrote no PDF');
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF of a .docx, or undefined where LibreOffice is not installed. */
export function docxToPdf(docx: Buffer, opts: PdfOptions = {}): Promise<Buffer | undefined> {
  const soffice = opts.soffice ?? findSoffice(opts.env);
  if (!soffice) {
    if (!warned || opts.log)
      (opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))('soffice not found: documents are kept as .docx only, without PDF');
    warned = true;
    return Promise.resolve(undefined);
  }
  const run = queue.then(() => convert(docx, soffice, opts.timeoutMs ?? PDF_TIMEOUT_MS));
  queue = run.catch(() => undefined);
  return run;
}

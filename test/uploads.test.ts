import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DailyUploadQuota,
  IncomingFiles,
  incomingDir,
  prepareUploadsDir,
  uploadPath,
  UploadRefused,
  type UploadLimits,
} from '../web/uploads';
import { samplePdf, samplePng } from './kit/files';

/**
 * The page server's upload store (issue 26): files stream to a temporary file while hashed, enter
 * the store only when kept, and the request's and the link's day limits hold; whatever is refused
 * or discarded leaves nothing behind.
 */
const PDF = 'application/pdf';
const LIMITS: UploadLimits = { fileBytes: 4000, requestFiles: 3, requestBytes: 6000, dayFiles: 4, dayBytes: 9000 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function store(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-store-')), 'uploads');
  dirs.push(path.dirname(dir));
  prepareUploadsDir(dir);
  return dir;
}
/** Every file under the store (the incoming folder included). */
const filesIn = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
/** A stream of `bytes` in 1 KiB chunks, as a request delivers a part. */
const chunks = (bytes: Buffer) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / 1024) }, (_, i) => bytes.subarray(i * 1024, (i + 1) * 1024)));
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UploadRefused);
  return [(err as UploadRefused).status, (err as UploadRefused).message] as const;
};

describe('the upload store', () => {
  it('keeps files only when told, hashed as streamed, 0600 in 0700 folders', async () => {
    const dir = store();
    const pdf = samplePdf('a', 3000);
    const png = samplePng();
    const incoming = new IncomingFiles(dir, LIMITS, new DailyUploadQuota(), 'link', '2026-12-01');
    await incoming.receive('files', chunks(pdf), 'bao-cao.pdf', PDF);
    await incoming.receive('files', chunks(png), 'anh.png', 'image/png');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(incoming.refs()).toEqual({
      files: [
        { sha256: sha(pdf), name: 'bao-cao.pdf', size: 3000, type: PDF },
        { sha256: sha(png), name: 'anh.png', size: png.length, type: 'image/png' },
      ],
    });
    // Before keeping, only the incoming folder holds them.
    expect(filesIn(dir).every((f) => f.startsWith('.incoming'))).toBe(true);
    incoming.keep();
    incoming.discard();
    expect(filesIn(dir).sort()).toEqual(
      [path.relative(dir, uploadPath(dir, sha(pdf))), path.relative(dir, uploadPath(dir, sha(png)))].sort(),
    );
    expect(fs.readFileSync(uploadPath(dir, sha(pdf))).equals(pdf)).toBe(true);
    expect(fs.statSync(uploadPath(dir, sha(pdf))).mode & 0o777).toBe(0o600);
    for (const d of [dir, incomingDir(dir), path.dirname(uploadPath(dir, sha(pdf)))]) expect(fs.statSync(d).mode & 0o777).toBe(0o700);
  });

  it('tightens what earlier versions wrote (0755 folders, 0640 files) and clears what a crash left incoming', () => {
    const dir = store();
    const old = path.join(dir, 'ab', 'ab'.padEnd(64, '0'));
    fs.mkdirSync(path.dirname(old), { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(old, 'x', { mode: 0o640 });
    fs.writeFileSync(path.join(incomingDir(dir), 'left.part'), 'x');
    prepareUploadsDir(dir);
    expect([dir, path.dirname(old)].map((d) => fs.statSync(d).mode & 0o777)).toEqual([0o700, 0o700]);
    expect(fs.statSync(old).mode & 0o777).toBe(0o600);
    expect(filesIn(dir)).toEqual([path.relative(dir, old)]);
  });

  it('refuses a file too large, too many files, a request too large, a wrong type; discarding leaves nothing', async () => {
    const dir = store();
    const quota = new DailyUploadQuota();
    const fresh = () => new IncomingFiles(dir, LIMITS, quota, 'link', '2026-12-01');
    const big = fresh();
    expect(await refusal(big.receive('files', chunks(samplePdf('a', 4001)), 'lon.pdf', PDF))).toEqual([
      413,
      'Tệp quá lớn: mỗi tệp tối đa 0 MB.',
    ]);
    big.discard();

    const many = fresh();
    for (let i = 0; i < 3; i++) await many.receive('files', chunks(samplePdf(String(i))), `${i}.pdf`, PDF);
    expect(await refusal(many.receive('files', chunks(samplePdf('4')), '4.pdf', PDF))).toEqual([413, 'Mỗi lần gửi tối đa 3 tệp.']);
    many.discard();

    const heavy = fresh();
    await heavy.receive('files', chunks(samplePdf('a', 3500)), 'a.pdf', PDF);
    expect((await refusal(heavy.receive('files', chunks(samplePdf('b', 3500)), 'b.pdf', PDF)))[1]).toMatch(/các tệp của một lần gửi/);
    heavy.discard();

    const wrong = fresh();
    expect((await refusal(wrong.receive('files', chunks(samplePdf()), 'bao-cao.docx', PDF)))[0]).toBe(415);
    expect((await refusal(wrong.receive('files', chunks(Buffer.from('%PDF-1.4 fake')), 'gia.pdf', PDF)))[0]).toBe(415);
    wrong.discard();
    expect(filesIn(dir)).toEqual([]);
    // Everything refused was given back: the day's quota is whole.
    expect(quota.remaining('link', '2026-12-01', LIMITS)).toEqual({ files: 4, bytes: 9000 });
  });

  it('counts what a link keeps in a day, across requests, and starts again the next day', async () => {
    const dir = store();
    const quota = new DailyUploadQuota();
    const limits = { ...LIMITS, requestBytes: 8000 };
    const first = new IncomingFiles(dir, limits, quota, 'link', '2026-12-01');
    for (let i = 0; i < 3; i++) await first.receive('files', chunks(samplePdf(`a${i}`, 2500)), `${i}.pdf`, PDF);
    first.keep();
    // Two requests at once: the files reserved by one count for the other.
    const [a, b] = [1, 2].map(() => new IncomingFiles(dir, limits, quota, 'link', '2026-12-01'));
    expect((await refusal(a!.receive('files', chunks(samplePdf('b', 2000)), 'b.pdf', PDF)))[1]).toMatch(/đã nhận đủ 0 MB trong ngày/);
    a!.discard();
    await b!.receive('files', chunks(samplePdf('c', 1000)), 'c.pdf', PDF);
    expect((await refusal(a!.receive('files', chunks(samplePdf('d')), 'd.pdf', PDF)))[1]).toMatch(/đã nhận đủ 4 tệp trong ngày/);
    b!.keep();
    expect(quota.remaining('link', '2026-12-01', limits)).toEqual({ files: 0, bytes: 9000 - 7500 - 1000 });
    // Another link, and the next day, are not affected.
    expect(quota.remaining('other', '2026-12-01', limits)).toEqual({ files: 4, bytes: 9000 });
    const tomorrow = new IncomingFiles(dir, limits, quota, 'link', '2026-12-02');
    await tomorrow.receive('files', chunks(samplePdf('e')), 'e.pdf', PDF);
    tomorrow.keep();
    expect(filesIn(dir).filter((f) => f.startsWith('.incoming'))).toEqual([]);
  });
});

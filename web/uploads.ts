import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkContent, type ByteSource } from '../domain/file-content';
import { UPLOAD_TYPES, type FileRef, type UploadType } from '../domain/validation';
import { uploadFilePath } from '../config/paths';

/**
 * The store of files units upload: content-addressed (sha256) under one folder, written once and
 * never overwritten. Only a file's hash, name, size and type go into workflow history.
 *
 * A request's files are streamed, each to a temporary file of its own while it is hashed and
 * counted (never the whole request in memory), checked by content once complete, and moved into the
 * store only when the Workflow Update that names them has been accepted ({@link IncomingFiles}).
 * Anything refused or failed is removed, so a refused request leaves nothing behind.
 */

/** A file refused, with the reason a unit reads and the HTTP status of the page. */
export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly status = 415,
  ) {
    super(message);
  }
}

/** The accepted types, as a unit reads them. */
export const ACCEPTED_TYPES_TEXT = 'PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG';

/** How much one request and one link in one day may bring. */
export interface UploadLimits {
  /** One file, in bytes (KIEMTRA_UPLOAD_MAX_MB). */
  fileBytes: number;
  /** Files in one request. */
  requestFiles: number;
  /** All the files of one request, in bytes. */
  requestBytes: number;
  /** Files kept for one link in one day (Hải Phòng time). */
  dayFiles: number;
  /** Bytes kept for one link in one day. */
  dayBytes: number;
}

/** The limits for a largest file of `fileBytes`: 20 files and 3 such files a request, 40 files and 10 such files a link a day. */
export function uploadLimits(fileBytes: number): UploadLimits {
  return { fileBytes, requestFiles: 20, requestBytes: 3 * fileBytes, dayFiles: 40, dayBytes: 10 * fileBytes };
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10}`.replace('.', ',');

// eslint-disable-next-line no-control-regex -- control characters are what a file name must lose
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f<>"]/g;

/** A file name safe to show and to keep: its last path segment, no control characters or < >, at most 200 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(UNSAFE_IN_NAME, '').trim().slice(0, 200);
  return clean || 'tep-dinh-kem';
}

/** The declared type, when it is one of {@link UPLOAD_TYPES} and agrees with the name's extension. */
function declaredType(name: string, type: string): UploadType | undefined {
  const allowed = UPLOAD_TYPES[type as UploadType] as string | undefined;
  const ext = path.extname(name).toLowerCase();
  return allowed && (ext === allowed || (type === 'image/jpeg' && ext === '.jpeg')) ? (type as UploadType) : undefined;
}

const wrongType = (name: string) => new UploadRefused(`Tệp "${cleanName(name)}" không đúng loại được nhận (${ACCEPTED_TYPES_TEXT}).`);

/** Where a stored file is (config/paths.ts keeps the layout, which the CLI shares). */
export function uploadPath(dir: string, sha256: string): string {
  return uploadFilePath(dir, sha256);
}

/** The folder, inside the store's, where files being received wait (so a move into the store is a rename). */
export function incomingDir(dir: string): string {
  return path.join(dir, '.incoming');
}

/**
 * Creates the store's folder and its incoming folder (0700), removes what a crash left incoming, and
 * tightens what earlier versions wrote (folders 0755, files 0640) to folders 0700 and files 0600.
 */
export function prepareUploadsDir(dir: string): void {
  fs.mkdirSync(incomingDir(dir), { recursive: true, mode: 0o700 });
  for (const d of [dir, incomingDir(dir)]) fs.chmodSync(d, 0o700);
  for (const f of fs.readdirSync(incomingDir(dir))) fs.rmSync(path.join(incomingDir(dir), f), { force: true });
  for (const sub of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory() || !/^[0-9a-f]{2}$/.test(sub.name)) continue;
    const folder = path.join(dir, sub.name);
    fs.chmodSync(folder, 0o700);
    for (const f of fs.readdirSync(folder)) fs.chmodSync(path.join(folder, f), 0o600);
  }
}

/** A {@link ByteSource} over an open file, read a few kilobytes at a time. */
function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      const got = n ? fs.readSync(fd, buf, 0, n, offset) : 0;
      return buf.subarray(0, got);
    },
  };
}

/** The bytes and files already kept for each link today. */
export class DailyUploadQuota {
  private readonly used = new Map<string, { day: string; files: number; bytes: number }>();

  /** What `link` may still bring on `day`. */
  remaining(link: string, day: string, limits: UploadLimits): { files: number; bytes: number } {
    const u = this.used.get(link);
    const today = u?.day === day ? u : { files: 0, bytes: 0 };
    return { files: limits.dayFiles - today.files, bytes: limits.dayBytes - today.bytes };
  }

  /** Counts files kept (or, with negative numbers, files given back). */
  add(link: string, day: string, files: number, bytes: number): void {
    const u = this.used.get(link);
    const today = u?.day === day ? u : { day, files: 0, bytes: 0 };
    this.used.set(link, { day, files: Math.max(0, today.files + files), bytes: Math.max(0, today.bytes + bytes) });
    // One entry per link for today only: yesterday's counts are dropped as they are met.
    for (const [k, v] of this.used) if (v.day !== day) this.used.delete(k);
  }
}

/** A stream that hashes and counts what passes and fails past `cap` bytes. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly cap: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.size += chunk.length;
    if (this.size > this.cap) return done(new TooLarge());
    this.hash.update(chunk);
    done(null, chunk);
  }
}
class TooLarge extends Error {}

/** A body that is not well-formed multipart (cut short, damaged), told apart from the server's own failures. */
export class MalformedUpload extends Error {}

interface Received {
  field: string;
  tmp: string;
  ref: FileRef;
}

/**
 * One request's files while it is handled: received ({@link receive}) into the incoming folder
 * within the request's and the link's limits, then either kept ({@link keep}, after the update was
 * accepted) or discarded ({@link discard}, always safe to call; removes whatever was not kept).
 */
export class IncomingFiles {
  private readonly received: Received[] = [];
  private bytes = 0;
  private kept = false;

  constructor(
    private readonly dir: string,
    private readonly limits: UploadLimits,
    private readonly quota: DailyUploadQuota,
    private readonly link: string,
    private readonly day: string,
  ) {}

  /** How many files were received. */
  get count(): number {
    return this.received.length;
  }

  /**
   * Streams one file part to a temporary file while hashing it, then checks its content. Throws
   * {@link UploadRefused} (too many, too large, empty, wrong type) or {@link MalformedUpload}.
   */
  async receive(field: string, stream: Readable & { truncated?: boolean }, name: string, type: string): Promise<void> {
    // What the link may still bring today, this request's files already counted in.
    const left = this.quota.remaining(this.link, this.day, this.limits);
    if (this.received.length >= this.limits.requestFiles)
      throw new UploadRefused(`Mỗi lần gửi tối đa ${this.limits.requestFiles} tệp.`, 413);
    if (left.files <= 0)
      throw new UploadRefused(`Đường dẫn này đã nhận đủ ${this.limits.dayFiles} tệp trong ngày; đề nghị gửi tiếp vào ngày mai.`, 413);
    const known = declaredType(name, type);
    if (!known) throw wrongType(name);
    const cap = Math.min(this.limits.fileBytes, this.limits.requestBytes - this.bytes, left.bytes);
    const tmp = path.join(incomingDir(this.dir), `${randomBytes(16).toString('hex')}.part`);
    const meter = new Meter(cap);
    const out = fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(stream, meter, out);
      if (stream.truncated) throw new TooLarge();
    } catch (err) {
      // A refusal can come before the file is even opened: the destroyed stream still opens it, then
      // closes it. Removed only once closed, so no temporary file outlives the refused request.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      fs.rmSync(tmp, { force: true });
      if (err instanceof TooLarge) throw this.tooLarge(cap);
      if ((err as NodeJS.ErrnoException).syscall) throw err;
      throw new MalformedUpload((err as Error).message);
    }
    const size = meter.size;
    const sha256 = meter.hash.digest('hex');
    // Counted (and reserved against the link's day) before the check, so parallel requests cannot both pass.
    this.bytes += size;
    this.quota.add(this.link, this.day, 1, size);
    this.received.push({ field, tmp, ref: { sha256, name: cleanName(name), size, type: known } });
    if (size === 0) throw new UploadRefused(`Tệp "${cleanName(name)}" rỗng.`);
    const fd = fs.openSync(tmp, 'r');
    try {
      if (!checkContent(known, fileSource(fd, size)).ok) throw wrongType(name);
    } finally {
      fs.closeSync(fd);
    }
  }

  private tooLarge(cap: number): UploadRefused {
    if (cap === this.limits.fileBytes) return new UploadRefused(`Tệp quá lớn: mỗi tệp tối đa ${mb(this.limits.fileBytes)} MB.`, 413);
    if (cap === this.limits.requestBytes - this.bytes)
      return new UploadRefused(`Tệp quá lớn: các tệp của một lần gửi tối đa ${mb(this.limits.requestBytes)} MB.`, 413);
    return new UploadRefused(
      `Tệp quá lớn: đường dẫn này đã nhận đủ ${mb(this.limits.dayBytes)} MB trong ngày; đề nghị gửi tiếp vào ngày mai.`,
      413,
    );
  }

  /** The bytes of a file received in this request (to check what it holds), or undefined. */
  read(ref: FileRef): Uint8Array | undefined {
    const r = this.received.find((x) => x.ref.sha256 === ref.sha256);
    return r ? fs.readFileSync(r.tmp) : undefined;
  }

  /** The files received, by field name, as history will record them. */
  refs(): Record<string, FileRef[]> {
    const out: Record<string, FileRef[]> = {};
    for (const r of this.received) (out[r.field] ??= []).push(r.ref);
    return out;
  }

  /** Moves every file into the store (once per content; folders 0700, files 0600). */
  keep(): void {
    for (const r of this.received) {
      const file = uploadPath(this.dir, r.ref.sha256);
      if (fs.existsSync(file)) fs.rmSync(r.tmp, { force: true });
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.renameSync(r.tmp, file);
      }
    }
    this.kept = true;
  }

  /** Removes what was received and not kept, and gives its share of the day's quota back. */
  discard(): void {
    if (this.kept) return;
    for (const r of this.received) fs.rmSync(r.tmp, { force: true });
    this.quota.add(this.link, this.day, -this.received.length, -this.bytes);
    this.received.length = 0;
    this.bytes = 0;
  }
}

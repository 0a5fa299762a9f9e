import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { projectRoot } from '../config/paths';
import { cleanEnv, freePort, kiemtra, run } from './kit/process';
import { devServerEnv } from './kit/temporal';

/** What a person reads may carry no English library text nor a stack trace. */
const ENGLISH = /\b(ENOENT|EACCES|EISDIR|EADDRINUSE|no such file|not found|already in use|Namespace|indicator|Unexpected)\b|\n\s+at /;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-day-one-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('the CLI, run as a person runs it, on errors from below', () => {
  it('names a missing plan file and says what to do (exit 2, one line)', async () => {
    const missing = path.join(dir, 'khong-co.yaml');
    const r = await kiemtra(['plan', 'check', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `Lỗi: không đọc được tệp kế hoạch: không tìm thấy tệp hoặc thư mục ${missing}: kiểm tra lại đường dẫn (đường dẫn tương đối tính từ thư mục đang đứng).\n`,
    );
  });

  it('gives the line and the column of broken YAML, in Vietnamese', async () => {
    const file = write('broken.yaml', 'round: x\nunits:\n  - name: a\n   bad: 1\n');
    const r = await kiemtra(['plan', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^Lỗi: tệp kế hoạch không hợp lệ: ${file}:4:1: sai cú pháp YAML ở dòng 4, cột 1: `));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(ENGLISH);
  });

  it('reports a plan’s three mistakes at once', async () => {
    const shipped = fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8');
    const file = write(
      'three.yaml',
      shipped
        .replace(/^year: .*$/m, '')
        .replace(/^title: .*$/m, 'title: 5')
        .replace(/^round: .*$/m, 'round: "Không Hợp Lệ"'),
    );
    for (const args of [
      ['plan', 'check', file],
      ['round', 'start', file],
    ]) {
      const r = await kiemtra(args, cleanEnv({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }));
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`Lỗi: tệp kế hoạch ${file} có 3 lỗi, cần sửa hết:`);
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^  ${file}:\\d+: round: `)),
        expect.stringMatching(new RegExp(`^  ${file}:\\d+: year: thiếu trường bắt buộc$`)),
        expect.stringMatching(new RegExp(`^  ${file}:\\d+: title: `)),
      ]);
    }
  });

  it('says "cổng … đang được dùng, có thể kiemtra đã chạy" when npm start finds its port taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const r = await run(
        process.execPath,
        [path.join(projectRoot, 'dist', 'scripts', 'start.js')],
        cleanEnv({
          KIEMTRA_DATA_DIR: fs.mkdtempSync(path.join(dir, 'data-')),
          TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
          KIEMTRA_WEB_PORT: String(port),
          KIEMTRA_SMTP_PORT: '0',
          KIEMTRA_UI_PORT: '0',
        }),
      );
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        `Lỗi: cổng ${port} (trang đơn vị) đang được dùng, có thể kiemtra đã chạy: dùng hệ thống đang chạy, hoặc dừng tiến trình đó (xem bằng ss -ltnp 'sport = :${port}') hoặc đặt KIEMTRA_WEB_PORT khác rồi chạy lại.`,
      ]);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});

describe('the CLI against a dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await devServerEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it('names a namespace the server does not have, and says what to set', async () => {
    const r = await kiemtra(
      ['list'],
      cleanEnv({ TEMPORAL_ADDRESS: env.connection.options.address, TEMPORAL_NAMESPACE: 'kiemtra-khong-co' }),
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'Lỗi: máy chủ Temporal không có namespace "kiemtra-khong-co": đặt TEMPORAL_NAMESPACE đúng namespace của máy chủ, hoặc nhờ người quản trị tạo nó (temporal operator namespace create --namespace kiemtra-khong-co).\n',
    );
  });
});

describe('the CLI’s help and version', () => {
  /** The column where each row's description starts, in each section of a help text. */
  const descriptionColumns = (help: string): number[][] =>
    help
      .split(/\n(?=\S)/)
      .filter((s) => /^(Tùy chọn|Lệnh|Tham số):/.test(s))
      .map((section) =>
        section
          .split('\n')
          .slice(1)
          .filter((l) => /^ {2}\S/.test(l))
          .map((l) => [...l].length - [...l.replace(/^ {2}\S.*?\S {2,}(?=\S)/, '')].length),
      );

  it('aligns every row, "[tùy chọn]" ones too, in Vietnamese', async () => {
    for (const args of [['--help'], ['tasks', '--help'], ['list', '--help'], ['round', '--help'], ['help', 'plan']]) {
      const r = await kiemtra(args);
      expect(r.code, args.join(' ')).toBe(0);
      const sections = descriptionColumns(r.stdout);
      expect(sections.length, args.join(' ')).toBeGreaterThan(0);
      for (const columns of sections) expect(new Set(columns).size, `${args.join(' ')}\n${r.stdout}`).toBe(1);
      expect(r.stdout).not.toMatch(/\b(Usage|Options|Commands|Arguments|default|options|command)\b/);
    }
    const top = await kiemtra(['--help']);
    expect(top.stdout).toMatch(/^ {2}outbox \[tùy chọn\] {2,}\S/m);
    expect(top.stdout).toMatch(/^ {2}-V, --version {2,}in số phiên bản của kiemtra$/m);
  });

  it('prints the version of package.json with --version and -V', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await kiemtra([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('runs as `kiemtra` on the PATH after `npm link`, as the README shows', async () => {
    const prefix = fs.mkdtempSync(path.join(dir, 'prefix-'));
    const linked = await run('npm', ['link', '--no-audit', '--no-fund'], cleanEnv({ npm_config_prefix: prefix }));
    expect(linked.code, linked.stderr).toBe(0);
    const r = await run(
      'kiemtra',
      ['--version'],
      cleanEnv({ PATH: [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) }),
      undefined,
      os.tmpdir(),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  }, 60_000);
});

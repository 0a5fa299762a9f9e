import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NamespaceNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ExitCode, translateError, UserFacingError } from '../config/errors';
import { projectRoot } from '../config/paths';
import { assertNoProblems, loadPlan } from '../loaders/plan';
import { YamlDataError } from '../loaders/yaml';
import { loadCalendarData } from '../loaders/calendar';

/** What a person reads may carry no English library text: these words mark it. */
const ENGLISH =
  /\b(ENOENT|EACCES|EISDIR|EADDRINUSE|ECONNREFUSED|no such file|permission denied|not found|address already in use|illegal operation|indicator|Namespace)\b/;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-user-errors-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
};
const translated = (err: unknown, file?: string) => {
  const t = translateError(err, file);
  expect(t).toBeInstanceOf(UserFacingError);
  const message = (t as UserFacingError).message;
  expect(message).not.toMatch(ENGLISH);
  expect(message.split('\n')).toHaveLength(1);
  return t as UserFacingError;
};

describe('errors from the file system', () => {
  it('name the file and say what to do: a missing file, a folder, no permission', () => {
    const missing = path.join(dir, 'khong-co.yaml');
    const enoent = translated(caught(() => fs.readFileSync(missing)));
    expect(enoent.message).toContain(`không tìm thấy tệp hoặc thư mục ${missing}`);
    expect(enoent.exitCode).toBe(ExitCode.badInput);
    expect(enoent.detail).toMatch(/ENOENT/);
    // Reading a folder: Node's error does not carry the path, the caller gives it.
    expect(
      translated(
        caught(() => fs.readFileSync(dir)),
        dir,
      ).message,
    ).toContain(`${dir} là một thư mục`);
    // As root nothing is refused, so the error is the one Node raises for an unreadable file.
    const eacces = Object.assign(new Error(`EACCES: permission denied, open '${missing}'`), {
      code: 'EACCES',
      path: missing,
      syscall: 'open',
    });
    expect(translated(eacces).message).toContain(`không có quyền truy cập ${missing}`);
  });

  it('make a data file that cannot be read one line naming it', () => {
    const missing = path.join(dir, 'nope.yaml');
    const err = caught(() => loadPlan(missing)) as YamlDataError;
    expect(err).toBeInstanceOf(YamlDataError);
    expect(err.message).toBe(
      `không đọc được tệp kế hoạch: không tìm thấy tệp hoặc thư mục ${missing}: kiểm tra lại đường dẫn (đường dẫn tương đối tính từ thư mục đang đứng).`,
    );
    expect((caught(() => loadCalendarData(missing)) as Error).message).toMatch(/^không đọc được dữ liệu lịch: không tìm thấy tệp/);
  });
});

describe('errors from the network and Temporal', () => {
  it('say a port is in use and that kiemtra may already run', async () => {
    const first = net.createServer();
    await new Promise<void>((r) => first.listen(0, '127.0.0.1', r));
    const { port } = first.address() as net.AddressInfo;
    const second = net.createServer();
    const err = await new Promise<Error>((resolve) => {
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    await new Promise((r) => first.close(r));
    expect(translated(err).message).toMatch(new RegExp(`^cổng ${port} đang được dùng, có thể kiemtra đã chạy`));
  });

  it('say a server does not answer, by its address', async () => {
    const free = net.createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const { port } = free.address() as net.AddressInfo;
    await new Promise((r) => free.close(r));
    const err = await new Promise<Error>((resolve) => net.connect(port, '127.0.0.1').once('error', resolve));
    const t = translated(err);
    expect(t.message).toContain(`không kết nối được 127.0.0.1:${port}`);
    expect(t.exitCode).toBe(ExitCode.connection);
  });

  it('name a namespace the server does not have', () => {
    const t = translated(new NamespaceNotFoundError('kiemtra-khong-co'));
    expect(t.message).toMatch(/^máy chủ Temporal không có namespace "kiemtra-khong-co": đặt TEMPORAL_NAMESPACE/);
    expect(t.exitCode).toBe(ExitCode.connection);
  });

  it('leave a bug as it is, and a message meant for people as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(translateError(bug)).toBe(bug);
    const meant = new UserFacingError('đã rõ');
    expect(translateError(meant)).toBe(meant);
  });
});

describe('a YAML data file', () => {
  it('with broken syntax names the line and the column, in Vietnamese', () => {
    const file = write('broken.yaml', 'round: x\nunits:\n  - name: a\n   bad: 1\n');
    const err = caught(() => loadPlan(file)) as YamlDataError;
    expect(err).toBeInstanceOf(YamlDataError);
    expect(err.message).toMatch(new RegExp(`^tệp kế hoạch không hợp lệ: ${file}:4:1: sai cú pháp YAML ở dòng 4, cột 1: `));
    expect(err.message).not.toMatch(ENGLISH);
  });

  it('with several syntax errors reports each', () => {
    const err = caught(() => loadPlan(write('twice.yaml', 'a: 1\na: 2\n\tb: 3\n'))) as YamlDataError;
    expect(err.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 1],
      [3, 1],
    ]);
    expect(err.message).toMatch(/khóa bị lặp[\s\S]*Tab/);
  });

  it('with three mistakes reports all three at once, each with its line', () => {
    const shipped = fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8');
    const broken = shipped
      .replace(/^year: .*$/m, '')
      .replace(/^title: .*$/m, 'title: 5')
      .replace(/^round: .*$/m, 'round: "Không Hợp Lệ"');
    expect(broken).not.toBe(shipped);
    const file = write('three.yaml', broken);
    const err = caught(() => loadPlan(file)) as YamlDataError;
    expect(err).toBeInstanceOf(YamlDataError);
    expect(err.problems).toHaveLength(3);
    const lines = err.message.split('\n');
    expect(lines[0]).toBe(`tệp kế hoạch ${file} có 3 lỗi, cần sửa hết:`);
    expect(lines).toHaveLength(4);
    expect(err.message).toContain('year: thiếu trường bắt buộc');
    expect(err.message).toMatch(/title: /);
    expect(err.message).toMatch(/round: /);
    expect(err.message).not.toMatch(/undefined/);
  });

  it('reports every problem of a plan check at once', () => {
    const loaded = loadPlan(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'));
    const err = caught(() =>
      assertNoProblems(loaded, [
        { path: ['units', 0], unit: 'A', message: 'một' },
        { path: ['units', 1], unit: 'B', message: 'hai' },
        { path: ['window'], message: 'ba' },
      ]),
    ) as YamlDataError;
    expect(err.problems.map((p) => p.reason)).toEqual(['ba', 'A: một', 'B: hai']);
    expect(err.message.split('\n')).toHaveLength(4);
    expect(() => assertNoProblems(loaded, [])).not.toThrow();
  });
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../client/admin';
import { projectRoot } from '../config/paths';
import { localDateOf } from '../domain/dates';
import {
  DOCUMENT_REGISTER_TYPE,
  documentRegisterWorkflowId,
  registerStartOptions,
  registerStateQuery,
  type DocumentRegisterWorkflow,
  type RegisterState,
} from '../workflows/document-register/contract';
import { headlessDevServer, type HeadlessDevServer } from './kit/dev-server';
import { cleanEnv, kiemtra } from './kit/process';
import { restartingWorker } from './kit/faults';
import { waitForWorkflowPoller } from './kit/temporal';

/**
 * The register of outgoing documents on a real dev server, with the worker as its own process and
 * the allocations sent by 4 other processes (bench/register-allocate.ts, built, through client/):
 * 200 numbers allocated at once are 200 distinct consecutive numbers; a worker SIGKILLed while
 * they run loses and duplicates none; the CLI refuses a number already used.
 */
const QUEUE = 'register-e2e';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-register-'));
const year = Number(localDateOf(Date.now()).slice(0, 4));

interface Allocated {
  requestId: string;
  symbol: string;
  number: number;
}

/** Runs `lanes` allocating processes of `count` numbers each; `onLine` sees the total so far. */
async function allocateFrom(address: string, body: string, lanes: number, count: number, onLine?: (total: number) => void) {
  let total = 0;
  const results = await Promise.all(
    Array.from({ length: lanes }, (_, lane) => {
      const env = cleanEnv({
        TEMPORAL_ADDRESS: address,
        KIEMTRA_TASK_QUEUE: QUEUE,
        KIEMTRA_ALLOCATE_COUNT: String(count),
        KIEMTRA_ALLOCATE_LANE: `${body === 'VP' ? 'vp' : 'dkt'}${lane}`,
        KIEMTRA_ALLOCATE_BODY: body,
        KIEMTRA_ALLOCATE_TYPE: 'TB',
        KIEMTRA_ALLOCATE_YEAR: String(year),
      });
      return new Promise<{ code: number | null; lines: Allocated[]; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(projectRoot, 'dist', 'bench', 'register-allocate.js')], { env });
        let out = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => {
          const before = out.split('\n').length;
          out += d.toString();
          total += out.split('\n').length - before;
          onLine?.(total);
        });
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('error', reject);
        child.once('close', (code) =>
          resolve({
            code,
            stderr,
            lines: out
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as Allocated),
          }),
        );
      });
    }),
  );
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  return results.flatMap((r) => r.lines);
}

/** Every allocation distinct, numbered 1…n without a gap, and each the register's own entry for its request. */
function expectWhole(allocated: Allocated[], state: RegisterState, n: number) {
  expect(allocated).toHaveLength(n);
  expect(new Set(allocated.map((a) => a.symbol)).size).toBe(n);
  expect(allocated.map((a) => a.number).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  expect(state.entries).toHaveLength(n);
  const byRequest = new Map(state.entries.map((e) => [e.requestId, e.symbol]));
  expect(byRequest.size).toBe(n);
  for (const a of allocated) expect(byRequest.get(a.requestId)).toBe(a.symbol);
}

describe('the register of outgoing documents on a dev server', () => {
  let server: HeadlessDevServer | undefined;
  let worker: ReturnType<typeof restartingWorker> | undefined;
  let connection: Connection | undefined;
  let client: Client;
  let address: string;
  const cli = (args: string[]) => kiemtra(['register', ...args], cleanEnv({ TEMPORAL_ADDRESS: address, KIEMTRA_TASK_QUEUE: QUEUE }));
  const registerOf = (body: string) => client.workflow.getHandle(documentRegisterWorkflowId(year, body)).query(registerStateQuery);

  beforeAll(async () => {
    server = await headlessDevServer(path.join(dir, 'temporal.sqlite'));
    await server.start();
    address = server.address;
    connection = await Connection.connect({ address });
    await ensureSearchAttributes(connection, 'default');
    client = new Client({ connection });
    worker = restartingWorker(
      cleanEnv({
        TEMPORAL_ADDRESS: address,
        KIEMTRA_TASK_QUEUE: QUEUE,
        KIEMTRA_LOG_LEVEL: 'INFO',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: '2525',
      }),
      path.join(dir, 'worker.log'),
    );
    await waitForWorkflowPoller(connection, QUEUE, 'the worker', 120_000);
  }, 180_000);
  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await server?.stop();
  });

  it('gives 200 numbers allocated at once from 4 processes as 200 distinct consecutive numbers', async () => {
    const started = Date.now();
    const allocated = await allocateFrom(address, 'VP', 4, 50);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`register: 200 allocations from 4 processes in ${seconds.toFixed(1)} s (${(200 / seconds).toFixed(1)}/s)\n`);
    expectWhole(allocated, await registerOf('VP'), 200);
    expect(allocated.every((a) => /^\d{2,3}\/TB-VP$/.test(a.symbol))).toBe(true);
  }, 240_000);

  it('loses and duplicates no number when the worker is SIGKILLed mid-allocation, across continue-as-new', async () => {
    // A short history, so the register also continues as new several times while the numbers run.
    const o = registerStartOptions({ body: 'ĐKT', year, maxHistoryEvents: 150 }, QUEUE);
    const first = await client.workflow.start<DocumentRegisterWorkflow>(DOCUMENT_REGISTER_TYPE, o);
    let killed = false;
    const allocated = await allocateFrom(address, 'ĐKT', 4, 25, (total) => {
      if (!killed && total >= 30) {
        killed = true;
        worker!.kill();
      }
    });
    expect(killed).toBe(true);
    expectWhole(allocated, await registerOf('ĐKT'), 100);
    expect(worker!.starts()).toBe(2);
    expect((await registerOf('ĐKT')).generation).toBeGreaterThan(1);
    expect((await client.workflow.getHandle(o.workflowId, first.firstExecutionRunId).describe()).status.name).toBe('CONTINUED_AS_NEW');
  }, 300_000);

  it('refuses in Vietnamese, through the CLI, a number already used; records a new one; lists and withdraws', async () => {
    const before = (await registerOf('VP')).entries.length;
    const used = await cli(['record', '--body', 'VP', '--number', '05/TB-VP', '--type', 'TB', '--subject', 'Ghi trùng']);
    expect(used.code).toBe(2);
    expect(used.stderr).toMatch(
      /^Lỗi: Số 05\/TB-VP đã được sử dụng trong sổ năm \d{4}: 05\/TB-VP ngày \d{2}\/\d{2}\/\d{4}, thông báo "Văn bản thử vp\d\.\d+"\.?\n$/,
    );
    const wrongType = await cli(['record', '--body', 'VP', '--number', '300/QĐ-VP', '--type', 'TB', '--subject', 'Sai loại']);
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toBe('Lỗi: Không ghi được số vào sổ: số "300/QĐ-VP" là số của quyết định, không phải thông báo\n');
    const badBody = await cli(['allocate', '--body', 'XYZ', '--type', 'TB', '--subject', 'Sai']);
    expect(badBody.code).toBe(2);
    expect(badBody.stderr).toMatch(/^Lỗi: .*cơ quan ban hành "XYZ" không có trong sổ; dùng một trong: UBND/);
    expect((await registerOf('VP')).entries).toHaveLength(before);

    const recorded = await cli([
      'record',
      '--body',
      'VP',
      '--number',
      '250/TB-VP',
      '--type',
      'TB',
      '--subject',
      'Thông báo kết luận kiểm tra',
      '--signer',
      'Lê Văn C',
    ]);
    expect(recorded.stderr).toBe('');
    expect(recorded.stdout).toMatch(
      /^Đã ghi vào sổ: Số: 250\/TB-VP ngày \d{2}\/\d{2}\/\d{4}, thông báo "Thông báo kết luận kiểm tra" \(sổ register-\d{4}-vp\)\.\n$/,
    );
    const next = await cli(['allocate', '--body', 'VP', '--type', 'BC', '--subject', 'Báo cáo kết quả kiểm tra', '--json']);
    expect((JSON.parse(next.stdout) as { entry: { symbol: string } }).entry.symbol).toBe('251/BC-VP');
    const withdrawn = await cli(['withdraw', '--body', 'VP', '--number', '251/BC-VP', '--reason', 'Ban hành nhầm']);
    expect(withdrawn.stdout).toMatch(/^Đã thu hồi văn bản: Số: 251\/BC-VP/);
    const again = await cli(['allocate', '--body', 'VP', '--type', 'BC', '--subject', 'Báo cáo kết quả kiểm tra (thay thế)']);
    expect(again.stdout).toMatch(/^Đã cấp số: Số: 252\/BC-VP/);

    const list = await cli(['list', '--year', String(year), '--body', 'VP']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Sổ đăng ký văn bản đi năm ${year}: Văn phòng Ủy ban nhân dân thành phố Hải Phòng (VP): 203 số, 1 đã thu hồi`);
    expect(lines).toHaveLength(204);
    expect(lines.find((l) => l.includes('251/BC-VP'))).toMatch(/\[ĐÃ THU HỒI; thu hồi: Ban hành nhầm/);
    const json = JSON.parse((await cli(['list', '--json'])).stdout) as RegisterState[];
    expect(json.map((s) => [s.body, s.entries.length])).toEqual([
      ['ĐKT', 100],
      ['VP', 203],
    ]);
    const none = await cli(['withdraw', '--body', 'UBND', '--number', '01/QĐ-UBND', '--reason', 'Không có']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Lỗi: chưa có sổ đăng ký văn bản đi năm \d{4} của Ủy ban nhân dân thành phố Hải Phòng \(UBND\)/);
  }, 180_000);
});

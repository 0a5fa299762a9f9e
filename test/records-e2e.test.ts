import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { unzipSync } from 'fflate';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../client/admin';
import { LazyRecords } from '../client/archive';
import { FileRecordStore } from '../client/records/file-store';
import type { RecordStore } from '../client/records/store';
import { loadRecordSettings } from '../config/records';
import { addDays } from '../domain/dates';
import { recordHash, type ProcessRecord } from '../domain/records';
import { completeInspectionInput, INSPECTION_WORKFLOW, inspectionStartOptions, updates } from '../workflows/inspection/contract';
import { inspectionWorkflowId, roundWorkflowId, selfInspectionWorkflowId } from '../workflows/ids';
import { progressQuery, ROUND_WORKFLOW, type RoundInput } from '../workflows/round/contract';
import { SELF_INSPECTION_WORKFLOW, selfInspectionStartOptions } from '../workflows/self-inspection/contract';
import { Recorder } from '../worker/recorder';
import { inspectionInput } from './kit/inspection';
import { liveDates } from './kit/live-dates';
import { background, cleanEnv, kiemtra, run as runCommand } from './kit/process';
import { started } from './kit/stack';
import { projectRoot } from '../config/paths';
import { eventually, sharedCalendar, SHORT_RETENTION_CONFIG } from './kit/temporal';
import { useWebStack } from './kit/web';

/**
 * Issue 26, item 1 on a real dev server. The retention check refuses a start while a run near
 * deletion is unrecorded, and a failed recording is retried. Then, on a namespace whose retention
 * is cut to {@link RETENTION_SECONDS} seconds (the server runs with SHORT_RETENTION_CONFIG), the real
 * worker records a round's closed inspection, a terminated one and a terminated self-inspection as
 * they close; once the engine itself has deleted them, `status`, `self status`, the round summary,
 * `list` and the unit's link still answer from the record store and say so, and the summary names
 * the child that neither has. `records verify` finds an altered and a removed record (exit 1).
 */

const data = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-records-e2e-'));
const records = new LazyRecords({ ...process.env, KIEMTRA_DATA_DIR: data, KIEMTRA_RECORDS: 'files' });
const stack = useWebStack({ records, devServer: { dynamicConfig: SHORT_RETENTION_CONFIG } });
const quiet = pino({ level: 'silent' });
const ROUND = `luu-tru-${Math.random().toString(36).slice(2, 8)}`;
const [CLOSED, TERMINATED, VANISHED, SELF] = ['Sở Tài chính', 'Sở Y tế', 'UBND xã An Lão', 'Sở Xây dựng'];
/** The namespace's retention in the last test: the engine deletes a closed run this long after it closed. */
const RETENTION_SECONDS = 30;
const main = path.join(projectRoot, 'dist', 'worker', 'main.js');

describe('records that outlive the engine (dev server)', () => {
  let cliEnv: NodeJS.ProcessEnv;
  let store: RecordStore;
  let closedRun: { workflowId: string; runId: string } | undefined;
  const cal = sharedCalendar();
  const dates = liveDates(cal, Date.now());
  const year = Number(dates.visited.slice(0, 4));
  const id = (unit: string) => inspectionWorkflowId(year, unit);

  beforeAll(async () => {
    cliEnv = cleanEnv({
      TEMPORAL_ADDRESS: stack.env.connection.options.address,
      KIEMTRA_TASK_QUEUE: stack.worker.options.taskQueue,
      KIEMTRA_DATA_DIR: data,
      KIEMTRA_ACTOR: 'Nguyễn Văn A',
      KIEMTRA_YEAR: String(year),
    });
    store = await records.get();
  });
  afterAll(async () => {
    await records.close();
    fs.rmSync(data, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => kiemtra(args, cliEnv);
  /** The real worker's settings: its own task queue and deployment, a data folder, an unused SMTP port. */
  const workerEnv = (dir: string, extra: NodeJS.ProcessEnv = {}) => ({
    ...cliEnv,
    KIEMTRA_DATA_DIR: dir,
    KIEMTRA_TASK_QUEUE: `records-${Math.random().toString(36).slice(2, 8)}`,
    KIEMTRA_DEPLOYMENT_NAME: `records-${Math.random().toString(36).slice(2, 8)}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: '2599',
    SMTP_SECURE: 'false',
    ...extra,
  });
  const recorder = (o: { store?: RecordStore; now?: () => number } = {}) =>
    new Recorder({ client: stack.env.client, store: o.store ?? store, settings: loadRecordSettings({}), log: quiet, pageSize: 2, ...o });
  /** Waits until the engine no longer has `workflowId` (describe: not found). */
  const deletedByEngine = (workflowId: string, timeoutMs: number) =>
    eventually(
      () =>
        stack.env.client.workflow
          .getHandle(workflowId)
          .describe()
          .then(
            () => undefined,
            (err: unknown) => (err instanceof WorkflowNotFoundError ? Date.now() : undefined),
          ),
      timeoutMs,
      `${workflowId} deleted by the engine`,
    );

  it('retries a failed recording, and refuses to start while an unrecorded run is due for deletion', async () => {
    const unit = 'Sở Nội vụ';
    const o = inspectionStartOptions(inspectionInput(unit, dates.noticeLater), stack.worker.options.taskQueue);
    const h = await stack.env.client.workflow.start(INSPECTION_WORKFLOW, o);
    await h.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử lưu trữ', by: 'Nguyễn Văn A' }] });
    const { closeTime } = await eventually(async () => {
      const d = await h.describe();
      return d.status.name === 'COMPLETED' ? d : undefined;
    });
    await eventually(async () =>
      (await stack.env.client.workflow.count(`WorkflowId = '${o.workflowId}' AND ExecutionStatus != 'Running'`)).count ? true : undefined,
    );

    const fresh = await FileRecordStore.open(path.join(data, 'second'));
    let failing = true;
    const flaky: RecordStore = Object.assign(Object.create(fresh) as RecordStore, {
      put: (r: Parameters<RecordStore['put']>[0]) => (failing ? Promise.reject(new Error('disk full')) : fresh.put(r)),
    });
    const day = 86_400_000;
    // 29 days after the close, within the margin (30 days − 3): refused, naming the run.
    const late = recorder({ store: flaky, now: () => closeTime!.getTime() + 29 * day });
    await expect(late.firstPass()).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(
        new RegExp(`^\\d+ quy trình đã kết thúc chưa được ghi vào hồ sơ lưu trữ mà sắp hết hạn lưu giữ 30 ngày`),
      ),
    });
    // A day after the close: no refusal; the run is pending, and the next pass records it.
    const early = recorder({ store: flaky, now: () => closeTime!.getTime() + day });
    const pass = await early.firstPass();
    expect(pass.unrecorded.find((u) => u.workflowId === o.workflowId)).toMatchObject({ error: 'disk full', attempts: 1 });
    failing = false;
    const next = await early.pass();
    expect(next.unrecorded).toEqual([]);
    expect(await fresh.has(o.workflowId, (await h.describe()).runId)).toBe(true);
    closedRun = { workflowId: o.workflowId, runId: (await h.describe()).runId };
  });

  it('the worker process records at start, and exits 2 when a run due for deletion cannot be recorded', async () => {
    const run = started(closedRun, 'the closed run of the test before');
    const good = path.join(data, 'worker-good');
    const worker = background(process.execPath, [main], workerEnv(good));
    try {
      await worker.waitFor(/đã ghi \d+ hồ sơ lưu trữ/, 90_000);
      const kept = await FileRecordStore.open(path.join(good, 'records'));
      expect(await kept.has(run.workflowId, run.runId)).toBe(true);
    } finally {
      await worker.stop('SIGTERM');
    }

    // A retention of 1 hour (margin 1 hour): every closed run must be recorded before the worker runs.
    const bad = path.join(data, 'worker-bad');
    const blocked = (await FileRecordStore.open(path.join(bad, 'records'))).recordFile(run.workflowId, run.runId);
    fs.mkdirSync(path.dirname(path.dirname(blocked)), { recursive: true });
    fs.writeFileSync(path.dirname(blocked), 'không phải thư mục'); // its record cannot be written
    const refused = await runCommand(process.execPath, [main], workerEnv(bad, { KIEMTRA_RETENTION: '1h' }));
    expect(refused.code).toBe(2);
    // Logs are JSON lines; the one line for a person is the last, in Vietnamese.
    const lines = refused.stderr.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([lines.at(-1)]);
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^Lỗi: 1 quy trình đã kết thúc chưa được ghi vào hồ sơ lưu trữ mà sắp hết hạn lưu giữ 1 giờ của Temporal \\(đầu tiên: ${run.workflowId}, kết thúc \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d; .*worker không khởi động`,
      ),
    );
    expect(lines.some((l) => l.includes('"workflowId":"' + run.workflowId + '"') && l.includes('EEXIST'))).toBe(true);
  });

  it('records processes as they close, and answers from the store once the engine itself deleted them after retention', async () => {
    // The namespace's retention cut to seconds, through the path `npm start` takes. Runs closed
    // before (the tests above) keep the retention they closed under; the server applies the change
    // within its namespace cache's refresh (1 s here).
    const namespace = stack.env.namespace ?? 'default';
    await applyRetention(stack.env.connection, namespace, RETENTION_SECONDS);
    const described = await stack.env.connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(RETENTION_SECONDS);
    await new Promise((r) => setTimeout(r, 2500));

    // The real worker, recording every 5 s into the data folder the CLI and the page server read.
    // KIEMTRA_RETENTION's shortest, 1 hour, behaves as the namespace's 30 s would: its margin (1 hour)
    // covers the whole retention, so every closed run must be recorded, and its first pass, having
    // recorded them all, lets the worker start.
    const worker = background(process.execPath, [main], workerEnv(data, { KIEMTRA_RECORD_INTERVAL: '5', KIEMTRA_RETENTION: '1h' }));
    let closed: ProcessRecord | undefined;
    let terminated: ProcessRecord | undefined;
    let selfYear = year;
    try {
      await worker.waitFor(/đang nhận việc từ hàng đợi/, 90_000);

      const input = (unit: string) =>
        completeInspectionInput({
          ...inspectionInput(unit, { start: dates.visited, end: dates.visited }, 'surprise'),
          round: ROUND,
          current: { stage: 'on_site' },
        });
      const round: RoundInput = { round: ROUND, year, inspections: [CLOSED, TERMINATED, VANISHED].map(input), selfInspections: [] };
      const roundHandle = await stack.env.client.workflow.start(ROUND_WORKFLOW, {
        taskQueue: stack.worker.options.taskQueue,
        workflowId: roundWorkflowId(ROUND),
        args: [round],
      });
      await eventually(
        async () => ((await roundHandle.query(progressQuery)).started === 3 ? true : undefined),
        60_000,
        'the round started',
      );
      // A self-inspection outside the round, terminated (as from the Web UI).
      const selfBase = inspectionInput(SELF, dates.noticeLater);
      const before = cal.addWorkingDays(dates.today, 20);
      selfYear = Number(before.slice(0, 4));
      const selfOptions = selfInspectionStartOptions(
        { round: `${ROUND}-tu`, year: selfYear, unit: selfBase.unit, before, basis: 'Kế hoạch, Mục V.4', contacts: selfBase.contacts },
        stack.worker.options.taskQueue,
      );
      const selfHandle = await stack.env.client.workflow.start(SELF_INSPECTION_WORKFLOW, selfOptions);
      expect(selfOptions.workflowId).toBe(selfInspectionWorkflowId(selfYear, SELF));

      // One unit through every step to `closed`, one terminated (as from the Web UI), one left running.
      const h = stack.env.client.workflow.getHandle(id(CLOSED));
      const by = 'Nguyễn Văn A';
      const up = async (name: keyof typeof updates, payload: unknown) =>
        h.executeUpdate(updates[name] as never, { args: [payload as never] });
      await up('recordOpeningMeeting', { date: dates.visited, by });
      await up('recordFinding', { text: 'Chưa niêm yết đầy đủ TTHC tại Bộ phận Một cửa', by });
      await up('recordClosingMeeting', { date: dates.visited, preliminaryResults: 'Cơ bản đạt yêu cầu', by });
      await up('issueDraftConclusion', {
        issuedOn: dates.today,
        responseBy: dates.responseBy,
        recommendations: ['Niêm yết đầy đủ TTHC'],
        by,
      });
      await up('recordUnitResponse', { receivedOn: dates.today, accepted: true, by });
      await up('signConclusion', {
        signer: 'Trần Văn B',
        signedOn: dates.today,
        recommendations: [{ text: 'Niêm yết đầy đủ TTHC', deadline: dates.remediationBy }],
        by,
      });
      await up('recordRemediationReport', { receivedOn: dates.today, done: [{ id: 'R1', evidence: 'Ảnh chụp bảng niêm yết' }], by });
      expect((await h.result()).stage).toBe('closed');
      await stack.env.client.workflow.getHandle(id(TERMINATED)).terminate('kiểm thử: chấm dứt từ Web UI');
      await selfHandle.terminate('kiểm thử: chấm dứt từ Web UI');
      const closedAt = Date.now();

      // A recorder's first pass (pages of 2) into a store of its own writes them, while the engine has them.
      const own = await FileRecordStore.open(path.join(data, 'pages-of-2'));
      const first = await recorder({ store: own }).firstPass();
      expect(first.unrecorded).toEqual([]);
      expect(first.recorded).toBeGreaterThanOrEqual(3);

      // The worker's recorder writes all three within a pass or two, with everything the Office keeps.
      [closed, terminated] = await eventually(
        async () => {
          const got = await Promise.all([id(CLOSED), id(TERMINATED), selfOptions.workflowId].map((w) => store.get(w)));
          return got.every(Boolean) ? got : undefined;
        },
        20_000,
        "the worker's records",
      );
      expect(worker.output()).toMatch(/đã ghi \d+ hồ sơ lưu trữ/);
      expect(recordHash(started(closed, 'the closed record'))).toBe(recordHash((await own.get(id(CLOSED)))!));
      expect(closed).toMatchObject({ status: 'COMPLETED', workflowType: 'inspection', parentWorkflowId: roundWorkflowId(ROUND) });
      expect(closed?.finalState).toMatchObject({ stage: 'closed', config: { unit: { name: CLOSED } } });
      expect(closed?.searchAttributes).toMatchObject({ InspectionRound: ROUND, InspectionUnit: CLOSED, InspectionStage: 'closed' });
      const events = (closed?.history as { events: { eventType: string }[] }).events;
      expect(events[0]!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
      expect(events.at(-1)!.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
      expect(terminated).toMatchObject({ status: 'TERMINATED', finalState: { stage: 'on_site' } });
      expect((terminated?.history as { events: { eventType: string }[] }).events.at(-1)!.eventType).toBe(
        'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
      );
      expect(await store.get(selfOptions.workflowId)).toMatchObject({ status: 'TERMINATED', workflowType: 'selfInspection' });
      // Another pass writes nothing again.
      expect((await recorder().pass()).recorded).toBe(0);
      expect((await store.list({ parentWorkflowId: roundWorkflowId(ROUND) })).map((e) => e.workflowId).sort()).toEqual(
        [id(CLOSED), id(TERMINATED)].sort(),
      );

      // Retention's own work: nothing here deletes them; the engine forgets them after 30 s.
      const deletedAt = await Promise.all([id(CLOSED), id(TERMINATED), selfOptions.workflowId].map((w) => deletedByEngine(w, 120_000)));
      for (const at of deletedAt) expect(at - closedAt).toBeGreaterThanOrEqual((RETENTION_SECONDS - 5) * 1000);
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await worker.stop('SIGTERM');
    }
    const [closedRecord, terminatedRecord] = [started(closed, 'the closed record'), started(terminated, 'the terminated record')];
    // The running one retention never deletes: removed by hand, as a process lost otherwise (a
    // server's data lost) would be, unrecorded.
    const { runId } = await stack.env.client.workflow.getHandle(id(VANISHED)).describe();
    await stack.env.connection.workflowService.deleteWorkflowExecution({
      namespace,
      workflowExecution: { workflowId: id(VANISHED), runId },
    });
    await deletedByEngine(id(VANISHED), 120_000);

    const status = await cli('status', CLOSED);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Theo hồ sơ lưu trữ: quy trình đã hoàn thành lúc .*Temporal không còn giữ/);
    expect(status.stdout).toContain(`${CLOSED}: Đã hoàn thành`);
    const ended = await cli('status', TERMINATED);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toMatch(/^Theo hồ sơ lưu trữ: quy trình bị chấm dứt lúc/);
    const gone = await cli('status', VANISHED);
    expect([gone.code, gone.stderr]).toEqual([
      2,
      `Lỗi: không tìm thấy ${id(VANISHED)} trong Temporal lẫn hồ sơ lưu trữ: kiểm tra tên hoặc mã đơn vị và năm (--year).\n`,
    ]);

    // `self status` the same way: from the store, shown as terminated.
    const self = await cli('self', 'status', SELF, '--year', String(selfYear));
    expect([self.code, self.stderr]).toEqual([0, '']);
    expect(self.stdout).toMatch(/^Theo hồ sơ lưu trữ: quy trình bị chấm dứt lúc .*Temporal không còn giữ/);
    expect(self.stdout).toContain(`${SELF}: Đã bị chấm dứt\n`);
    expect(self.stdout).toContain('Quy trình đã bị chấm dứt từ bên ngoài lúc');
    const selfJson = await cli('self', 'status', SELF, '--year', String(selfYear), '--json');
    expect(selfJson.stderr).toMatch(/^Theo hồ sơ lưu trữ: quy trình bị chấm dứt/);
    expect(JSON.parse(selfJson.stdout)).toMatchObject({ unit: SELF, terminated: { at: expect.any(String) }, overdue: false });
    const selfGone = await cli('self', 'status', 'Sở Du lịch', '--year', String(selfYear));
    expect([selfGone.code, selfGone.stderr]).toEqual([
      2,
      `Lỗi: không tìm thấy ${selfInspectionWorkflowId(selfYear, 'Sở Du lịch')} trong Temporal lẫn hồ sơ lưu trữ: kiểm tra tên hoặc mã đơn vị và năm (--year).\n`,
    ]);

    const out = path.join(data, 'bao-cao');
    const summary = await cli('round', 'summary', ROUND, '-o', out);
    expect(summary.code).toBe(0);
    expect(summary.stderr).toContain(`Số liệu của 2 đơn vị lấy từ hồ sơ lưu trữ`);
    expect(summary.stderr).toContain(
      `CHÚ Ý: 1 đơn vị của đợt không có trong Temporal lẫn hồ sơ lưu trữ nên không có trong số liệu: ${VANISHED}.`,
    );
    const md = fs.readFileSync(path.join(out, `${ROUND}.md`), 'utf8');
    expect(md).toContain('Số cơ quan, đơn vị được kiểm tra: 2.');
    expect(md).toContain(`CHÚ Ý: 1 đơn vị của đợt không có trong Temporal lẫn hồ sơ lưu trữ`);
    expect(md).toMatch(new RegExp(`\\| ${CLOSED} \\| Đã hoàn thành \\|`));
    const figures = JSON.parse((await cli('round', 'summary', ROUND, '--json')).stdout) as Record<string, unknown>;
    expect(figures).toMatchObject({ inspections: 2, recommendations: 1, recommendationsDone: 1, missing: [VANISHED] });
    expect((figures.fromRecords as string[]).sort()).toEqual([CLOSED, TERMINATED].sort());

    const listed = JSON.parse((await cli('list', '--round', ROUND, '--json')).stdout) as {
      unit: string;
      fromRecords?: boolean;
      status: string;
    }[];
    expect(listed.map((r) => [r.unit, r.status, r.fromRecords]).sort()).toEqual(
      [
        [CLOSED, 'COMPLETED', true],
        [TERMINATED, 'TERMINATED', true],
      ].sort(),
    );
    expect((await cli('list', '--round', ROUND)).stdout).toContain('* 2 quy trình đã kết thúc, lấy từ hồ sơ lưu trữ');

    // The unit's link: the receipt from the store, with the note; a post is refused.
    const link = stack.sign({ v: 1, w: id(CLOSED), a: 'remediation', u: CLOSED, exp: addDays(dates.today, 30), g: 0 });
    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Mọi kiến nghị đã được ghi nhận khắc phục xong.');
    expect(html).toContain('Theo hồ sơ lưu trữ: quy trình đã hoàn thành');
    const post = await fetch(link, { method: 'POST', body: new FormData() });
    expect(post.status).toBe(410);
    const unknown = await fetch(stack.sign({ v: 1, w: id(VANISHED), a: 'remediation', u: VANISHED, exp: addDays(dates.today, 30), g: 0 }));
    expect(unknown.status).toBe(404);

    // The CLI lists and exports them; the zip's sums are the records' hashes.
    const recordsList = await cli('records', 'list', '--round', ROUND);
    expect(recordsList.stdout).toContain(`2 hồ sơ lưu trữ của đợt ${ROUND}.`);
    expect(recordsList.stdout).toContain('bị chấm dứt');
    const exported = await cli('records', 'export', path.join(data, 'xuat'), '--round', ROUND, '--zip');
    expect([exported.code, exported.stderr]).toEqual([0, '']);
    const zip = unzipSync(fs.readFileSync(path.join(data, 'xuat', `${ROUND}.zip`)));
    const sums = Buffer.from(zip['sha256sums.txt']!).toString('utf8').trim().split('\n');
    expect(sums).toHaveLength(2);
    for (const line of sums) {
      const [hash, name] = line.split('  ');
      expect(createHash('sha256').update(zip[name!]!).digest('hex')).toBe(hash);
    }
    expect(sums.map((l) => l.split('  ')[0])).toContain(recordHash(closedRecord));
    expect((await cli('records', 'export', path.join(data, 'xuat'), '--round', ROUND, '--zip')).code).toBe(2);

    // Tampering is found.
    const intact = await cli('records', 'verify');
    expect([intact.code, intact.stdout]).toEqual([
      0,
      expect.stringMatching(/^Kho hồ sơ lưu trữ nguyên vẹn: \d+ hồ sơ; mã băm cuối chuỗi [0-9a-f]{64}/),
    ]);
    const files = store as FileRecordStore;
    const closedFile = files.recordFile(closedRecord.workflowId, closedRecord.runId);
    fs.writeFileSync(closedFile, fs.readFileSync(closedFile, 'utf8').replace('"stage":"closed"', '"stage":"cancelled"'));
    const altered = await cli('records', 'verify');
    expect(altered.code).toBe(1);
    expect(altered.stdout).toContain(`Hồ sơ của ${id(CLOSED)} (mục `);
    expect(altered.stdout).toContain('đã bị sửa: mã băm không khớp với danh sách.');
    fs.rmSync(files.recordFile(terminatedRecord.workflowId, terminatedRecord.runId));
    const removed = await cli('records', 'verify');
    expect(removed.code).toBe(1);
    expect(removed.stdout).toContain('KHÔNG nguyên vẹn: 2 lỗi.');
    expect(removed.stdout).toContain(`Hồ sơ của ${id(TERMINATED)} (mục `);
    expect(removed.stdout).toContain('đã bị xóa khỏi kho.');
  });
});

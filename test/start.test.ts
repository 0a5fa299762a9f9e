import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { projectRoot, temporalCliPath } from '../config/paths';
import { liveDates } from './kit/live-dates';
import { inspectionInput } from './kit/inspection';
import { background, cleanEnv, freePort, run, type Background } from './kit/process';
import { devServerEnv, eventually, sharedCalendar, waitForWorkflowPoller } from './kit/temporal';
import {
  INSPECTION_WORKFLOW,
  inspectionStartOptions,
  type InspectionWorkflow,
  stateQuery,
  updates,
} from '../workflows/inspection/contract';
import { readToolVersions } from '../config/tool-versions';

/** `npm start` as a user runs it: real dev server, Web UI, worker; stop and start again. */
describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-start-'));
  let current: Background | undefined;
  afterAll(async () => {
    await current?.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts server, UI and worker, stops cleanly, and resumes workflows after a restart', async () => {
    const port = await freePort();
    const uiPort = await freePort();
    const webPort = await freePort();
    const address = `127.0.0.1:${port}`;
    const env = cleanEnv({
      TEMPORAL_ADDRESS: address,
      KIEMTRA_UI_PORT: String(uiPort),
      KIEMTRA_WEB_PORT: String(webPort),
      KIEMTRA_DATA_DIR: dataDir,
      // Not the default (30 days) nor the dev server's own (24 hours): npm start sets it (docs/records.md).
      KIEMTRA_RETENTION: '45d',
    });
    const start = () => background(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'start.js')], env);

    current = start();
    await current.waitFor(/kiemtra đã sẵn sàng/, 120_000);

    const health = await run(temporalCliPath(), ['operator', 'cluster', 'health', '--address', address]);
    expect(health.stdout).toContain('SERVING');
    // The pinned CLI, with the Server and Web UI it embeds (scripts/versions.env).
    const versions = readToolVersions();
    const cli = await run(temporalCliPath(), ['--version']);
    expect(cli.stdout).toContain(
      `temporal version ${versions.temporalCli} (Server ${versions.temporalCliServer}, UI ${versions.temporalCliUi})`,
    );
    const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<html');
    expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(true);

    // The units' page server runs as its own process, with a link key made once in the data folder.
    expect(current.output()).toContain(`Trang đơn vị http://localhost:${webPort}`);
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${webPort}/healthz`).catch(() => undefined))?.ok ? true : undefined),
      30_000,
      'the page server',
    );
    const bogus = await fetch(`http://127.0.0.1:${webPort}/l/not-a-link`);
    expect(bogus.status).toBe(400);
    expect(await bogus.text()).toContain('Đường dẫn không hợp lệ');
    expect((fs.statSync(path.join(dataDir, 'link.key')).mode & 0o777).toString(8)).toBe('600');

    const connection = await Connection.connect({ address });
    try {
      expect((await connection.workflowService.getSystemInfo({})).serverVersion).toBe(versions.temporalCliServer);
      const ns = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(Number(ns.config?.workflowExecutionRetentionTtl?.seconds)).toBe(45 * 86_400);
      expect(current.output()).toContain('Lưu giữ    Temporal giữ quy trình 45 ngày sau khi kết thúc (KIEMTRA_RETENTION)');
      const client = new Client({ connection });
      await waitForWorkflowPoller(connection, 'kiemtra', 'a worker polling the kiemtra task queue');

      // An inspection waiting for its notice, started before the stop.
      const options = inspectionStartOptions(
        { ...inspectionInput('UBND phường Hồng Bàng', liveDates(sharedCalendar(), Date.now()).noticeLater), round: 'restart' },
        'kiemtra',
      );
      const handle = await client.workflow.start(INSPECTION_WORKFLOW, options);
      await eventually(
        async () => ((await handle.query(stateQuery)).deadlines.length ? true : undefined),
        30_000,
        'the inspection to load its calendar',
      );
      await connection.close();

      expect(await current.stop('SIGINT')).toBe(0);
      expect(current.output()).toContain('đã dừng');

      current = start();
      await current.waitFor(/kiemtra đã sẵn sàng/, 120_000);
      const again = await Connection.connect({ address });
      try {
        // The new worker picks the inspection up where it was, takes an update and runs it to its end.
        const resumed = new Client({ connection: again }).workflow.getHandle<InspectionWorkflow>(handle.workflowId);
        expect((await resumed.query(stateQuery)).stage).toBe('scheduled');
        await resumed.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử khởi động lại', by: 'A' }] });
        const result = await resumed.result();
        expect(result.stage).toBe('cancelled');
        expect(result.history[0]!.action).toBe('Lên lịch kiểm tra');
      } finally {
        await again.close();
      }
    } finally {
      await connection.close().catch(() => undefined);
    }
    expect(await current.stop('SIGTERM')).toBe(0);
  });
});

describe('npm start with a server already running', () => {
  it('uses the running server instead of starting one', async () => {
    const external = await devServerEnv();
    const address = external.connection.options.address;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-start-'));
    const env = cleanEnv({
      TEMPORAL_ADDRESS: address,
      KIEMTRA_DATA_DIR: dataDir,
      KIEMTRA_SMTP_PORT: '0',
      KIEMTRA_WEB_PORT: String(await freePort()),
    });
    const started = background(process.execPath, [path.join(projectRoot, 'dist', 'scripts', 'start.js')], env);
    try {
      await started.waitFor(/kiemtra đã sẵn sàng/, 60_000);
      expect(started.output()).toContain('đang chạy sẵn, dùng máy chủ này');
      expect(fs.existsSync(path.join(dataDir, 'temporal.sqlite'))).toBe(false);
      await waitForWorkflowPoller(external.connection, 'kiemtra', 'the worker polling the running server');
      expect(await started.stop('SIGINT')).toBe(0);
      const health = await run(temporalCliPath(), ['operator', 'cluster', 'health', '--address', address]);
      expect(health.stdout).toContain('SERVING');
    } finally {
      await started.stop('SIGKILL');
      await external.teardown();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

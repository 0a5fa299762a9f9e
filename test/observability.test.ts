import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { projectRoot } from '../config/paths';
import { liveDates } from './kit/live-dates';
import { overdueQuery } from '../worker/overdue';
import { inspectionStartOptions, stateQuery, type InspectionWorkflow } from '../workflows/inspection/contract';
import { inspectionInput, slug } from './kit/inspection';
import { background, cleanEnv, freePort, kiemtra, type Background } from './kit/process';
import { devServerEnv, eventually, sharedCalendar, taskQueue } from './kit/temporal';

/**
 * The operator's view of a real run: the built worker and page server as processes, on the dev
 * server, sending through a real SMTP server that requires a password. The worker's Prometheus
 * endpoint serves the SDK's metrics and the project's counters after real work; every log line of
 * the worker, the page server and the CLI's debug mode is JSON, and none of them holds the link
 * token, the link key, the SMTP password or the API key configured for the run.
 */
describe('logs and metrics', () => {
  let env: TestWorkflowEnvironment;
  let smtp: SMTPServer;
  const processes: Background[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-obs-'));
  const secrets = {
    smtpPassword: `smtp-${randomBytes(12).toString('hex')}`,
    linkKey: `key-${randomBytes(24).toString('hex')}`,
    apiKey: `api-${randomBytes(16).toString('hex')}`,
  };
  const refused = 'refused@haiphong.example';
  let temporaryFailures = 0;
  const accepted: { to: string[]; text: string }[] = [];

  beforeAll(async () => {
    env = await devServerEnv();
    smtp = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === 'kiemtra' && auth.password === secrets.smtpPassword) cb(null, { user: 'kiemtra' });
        else cb(Object.assign(new Error('bad credentials'), { responseCode: 535 }));
      },
      onRcptTo(address, _session, cb) {
        if (address.address === refused) cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        else cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          // The first message to Sở Y tế is answered "try again later": a temporary failure, retried.
          if (session.envelope.rcptTo.some((r) => r.address === `${slug('Sở Y tế')}@haiphong.example`) && temporaryFailures++ === 0) {
            return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
          }
          accepted.push({ to: session.envelope.rcptTo.map((r) => r.address), text: Buffer.concat(chunks).toString('utf8') });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    for (const p of processes) await p.stop('SIGTERM');
    await new Promise<void>((r) => smtp?.close(() => r()));
    await env?.teardown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the SDK's and the project's metrics, and logs JSON without a token, key or password", async () => {
    const address = env.connection.options.address;
    const queue = taskQueue('obs');
    const [metricsPort, webPort, webMetricsPort] = [await freePort(), await freePort(), await freePort()];
    const common = cleanEnv({
      TEMPORAL_ADDRESS: address,
      TEMPORAL_API_KEY: secrets.apiKey,
      TEMPORAL_TLS: 'false',
      KIEMTRA_TASK_QUEUE: queue,
      KIEMTRA_LINK_KEY: secrets.linkKey,
      KIEMTRA_PUBLIC_URL: `http://127.0.0.1:${webPort}`,
      KIEMTRA_WEB_PORT: String(webPort),
      KIEMTRA_UPLOADS_DIR: path.join(dataDir, 'uploads'),
      KIEMTRA_LOG_LEVEL: 'debug',
    });
    const worker = background(process.execPath, [path.join(projectRoot, 'dist', 'worker', 'main.js')], {
      ...common,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
      SMTP_SECURE: 'false',
      SMTP_USER: 'kiemtra',
      SMTP_PASSWORD: secrets.smtpPassword,
      KIEMTRA_DEPLOYMENT_NAME: `obs-${queue.slice(-8)}`,
      KIEMTRA_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
      KIEMTRA_OVERDUE_GAUGE_SECONDS: '1',
    });
    processes.push(worker);
    const web = background(process.execPath, [path.join(projectRoot, 'dist', 'web', 'main.js')], {
      ...common,
      KIEMTRA_WEB_METRICS_ADDRESS: `127.0.0.1:${webMetricsPort}`,
    });
    processes.push(web);
    await worker.waitFor(/phiên bản hiện hành/, 60_000);
    await web.waitFor(/địa chỉ công khai/, 60_000);

    // Real work: a notice that is sent (after one temporary failure), one refused for good (so an
    // escalation goes to the coordinator), and an imported inspection whose report is overdue.
    const live = liveDates(sharedCalendar(), Date.now());
    const start = (unit: string, input: Parameters<typeof inspectionStartOptions>[0]) =>
      env.client.workflow
        .start<InspectionWorkflow>('inspection', inspectionStartOptions({ ...input, round: 'obs' }, queue))
        .then((h) => ({ unit, h }));
    const sent = await start('Sở Y tế', inspectionInput('Sở Y tế', live.noticeDue));
    const refusedInput = inspectionInput('UBND phường Gia Viên', live.noticeDue);
    await start('UBND phường Gia Viên', { ...refusedInput, unit: { ...refusedInput.unit, emails: [refused] } });
    const overdue = await start('UBND phường Kiến An', {
      ...inspectionInput('UBND phường Kiến An', live.reportOverdue),
      current: { stage: 'on_site' },
    });
    await eventually(
      async () => (accepted.some((m) => m.to.includes('dieuphoi@haiphong.example')) ? true : undefined),
      60_000,
      'the escalation of the refused notice',
    );
    await eventually(async () => ((await overdue.h.query(stateQuery)).overdue.length ? true : undefined), 30_000, 'the overdue inspection');

    const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const overdueNow = (await env.client.workflow.count(overdueQuery('inspection'))).count;
    expect(overdueNow).toBeGreaterThanOrEqual(1);
    const metrics = await eventually(
      async () => {
        const m = await scrape(metricsPort);
        return new RegExp(`kiemtra_overdue_workflows\\{[^}]*workflow_type="inspection"[^}]*\\} ${overdueNow}\\b`).test(m) ? m : undefined;
      },
      30_000,
      'the overdue gauge to count the overdue inspection',
    );
    // The SDK's own metrics …
    expect(metrics).toMatch(/^temporal_request\{/m);
    expect(metrics).toMatch(/^temporal_workflow_task_execution_latency/m);
    expect(metrics).toMatch(/^temporal_activity_execution_latency/m);
    // … and the project's, through the SDK's meter.
    const value = (name: string, kind: string) =>
      Number(new RegExp(`^${name}\\{[^}]*kind="${kind}"[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    expect(value('kiemtra_emails_retried(?:_total)?', 'notice')).toBe(1);
    expect(value('kiemtra_emails_failed(?:_total)?', 'notice')).toBe(1);
    expect(value('kiemtra_emails_sent(?:_total)?', 'delivery_failure_escalation')).toBe(1);
    expect(value('kiemtra_escalations_sent(?:_total)?', 'delivery_failure_escalation')).toBe(1);

    // The page server: the unit opens its link from the email; a forged and a malformed link are refused.
    const notice = await eventually(
      async () => accepted.find((m) => m.to.includes(`${slug('Sở Y tế')}@haiphong.example`)),
      90_000,
      'the notice sent after the retry',
    );
    const token = /\/l\/([A-Za-z0-9_.~-]+)/.exec(notice.text.replace(/=\r?\n/g, ''))?.[1];
    expect(token, 'a link in the notice').toBeTruthy();
    const base = `http://127.0.0.1:${webPort}`;
    expect((await fetch(`${base}/l/${token}`)).status).toBe(200);
    expect((await fetch(`${base}/l/${token!.slice(0, -4)}AAAA`)).status).toBe(403);
    expect((await fetch(`${base}/l/not-a-link`)).status).toBe(400);
    const webMetrics = await scrape(webMetricsPort);
    expect(webMetrics).toMatch(/^kiemtra_links_refused_total\{status="403"\} 1$/m);
    expect(webMetrics).toMatch(/^kiemtra_links_refused_total\{status="400"\} 1$/m);
    expect(webMetrics).toMatch(/^kiemtra_web_process_resident_memory_bytes /m);
    expect(await sent.h.query(stateQuery).then((s) => s.emails.find((e) => e.kind === 'notice')?.status)).toBe('sent');

    // The CLI's debug mode, against the same server with the same API key.
    const cli = await kiemtra(['status', 'Sở Y tế', '--year', live.noticeDue.start.slice(0, 4)], { ...common, KIEMTRA_DEBUG: 'true' });
    const cliJson = cli.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(cliJson.map((l) => JSON.parse(l).msg)).toContain('connected');

    // Logs: JSON lines only, the access log has the route and a path without its token, no secret anywhere.
    const lines = (out: string) => out.split('\n').filter((l) => l.trim() !== '');
    for (const line of [...lines(worker.output()), ...lines(web.output())]) expect(() => JSON.parse(line), line).not.toThrow();
    const access = lines(web.output())
      .map((l) => JSON.parse(l))
      .filter((r) => r.msg === 'request');
    expect(access.map((r) => `${r.status} ${r.route} ${r.path}`)).toEqual(
      expect.arrayContaining(['200 /l/:token /l/[token]', '403 /l/:token /l/[token]', '400 /l/:token /l/[token]']),
    );
    expect(lines(worker.output()).map((l) => JSON.parse(l).msg)).toContain('Worker state changed');
    const everything = `${worker.output()}\n${web.output()}\n${cli.stdout}\n${cli.stderr}`;
    for (const [what, secret] of Object.entries({ ...secrets, linkToken: token! }))
      expect(everything.includes(secret), `${what} in the logs`).toBe(false);
  }, 240_000);
});

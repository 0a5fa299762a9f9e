import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import type { LazyRecords } from '../../client/archive';
import type { WebSettings } from '../../config/links';
import { signLink } from '../../domain/link-token';
import { linkUrl, type LinkClaims } from '../../domain/links';
import { originInterceptor } from '../../client/origin-header';
import { buildWebServer } from '../../web/server';
import { INSPECTION_WORKFLOW, inspectionStartOptions } from '../../workflows/inspection/contract';
import { inspectionInput, slug } from './inspection';
import { liveDates } from './live-dates';
import { sharedCalendar } from './shared-data';
import type { UploadLimits } from '../../web/uploads';
import { freePort } from './process';
import { started, useWorkerStack } from './stack';
import type { Received, TestSmtp } from './smtp';
import { devServerEnv, eventually, type DevServerOptions } from './temporal';

/**
 * The units' side, real from end to end: a Temporal dev server, a real SMTP server, the kiemtra
 * worker signing links into its emails, and the page server listening on a loopback port.
 */
export interface WebStack {
  readonly env: TestWorkflowEnvironment;
  readonly smtp: TestSmtp;
  readonly worker: Worker;
  readonly settings: WebSettings;
  /** The page server's address, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  /** A link signed with the stack's key (for cases no email carries). */
  sign(claims: LinkClaims): string;
  /** The key as KIEMTRA_LINK_KEY holds it, for the CLI. */
  readonly keyText: string;
}

/** The links an email carries, by their text (`<label>: <url>`). */
export function linksIn(m: Received): string[] {
  return [...String(m.parsed.text ?? '').matchAll(/https?:\/\/\S+\/l\/[A-Za-z0-9_.-]+/g)].map((x) => x[0]);
}

/** Starts the stack in `beforeAll` and stops it in `afterAll`. */
export function useWebStack(
  o: {
    maxUploadBytes?: number;
    ratePerMinute?: number;
    /** Per client address (all the test's requests come from 127.0.0.1): by default no limit a test reaches. */
    clientRatePerMinute?: number;
    refusedPerMinute?: number;
    trustedProxies?: string[];
    uploadLimits?: UploadLimits;
    records?: LazyRecords;
    /** The dev server's options (e.g. its dynamic config). */
    devServer?: DevServerOptions;
  } = {},
): WebStack {
  const key = Buffer.from(randomBytes(32).toString('base64url'));
  let app: FastifyInstance | undefined;
  let settings: WebSettings | undefined;
  // Registered before the worker stack's, so the worker signs its links with these settings.
  beforeAll(async () => {
    const port = await freePort();
    settings = {
      key: () => key,
      publicUrl: `http://127.0.0.1:${port}`,
      port,
      host: '127.0.0.1',
      uploadsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-uploads-')),
      maxUploadBytes: o.maxUploadBytes ?? 256 * 1024,
      ratePerMinute: o.ratePerMinute ?? 60,
      clientRatePerMinute: o.clientRatePerMinute ?? 10_000,
      refusedPerMinute: o.refusedPerMinute ?? 10_000,
      trustedProxies: o.trustedProxies ?? [],
    };
  });
  const stack = useWorkerStack(() => devServerEnv(o.devServer), { mail: (smtp) => ({ ...smtp.mail(), links: settings! }) });
  beforeAll(async () => {
    // The page server's own client, as web/main.ts connects it: its calls carry its origin header.
    const identity = 'kiemtra-web@test';
    const client = new Client({
      connection: stack.env.connection,
      namespace: stack.env.namespace ?? 'default',
      identity,
      interceptors: { workflow: [originInterceptor({ channel: 'client', identity })] },
    });
    app = await buildWebServer({
      settings: settings!,
      client,
      taskQueue: stack.worker.options.taskQueue,
      ...(o.uploadLimits ? { uploadLimits: o.uploadLimits } : {}),
      ...(o.records ? { records: o.records } : {}),
    });
    await app.listen({ port: settings!.port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    if (settings) fs.rmSync(settings.uploadsDir, { recursive: true, force: true });
  });
  return {
    get env() {
      return stack.env;
    },
    get smtp() {
      return stack.smtp;
    },
    get worker() {
      return stack.worker;
    },
    get settings() {
      return started(settings, "the web stack's settings");
    },
    get url() {
      return started(settings, "the web stack's settings").publicUrl;
    },
    keyText: key.toString('utf8'),
    sign(claims) {
      return linkUrl(started(settings, "the web stack's settings").publicUrl, signLink(claims, key));
    },
  };
}

/** A page's form: its CSRF field and the cookie the server set with it. */
export async function openForm(url: string): Promise<{ status: number; html: string; csrf?: string; cookie?: string }> {
  const res = await fetch(url);
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, html, csrf, cookie };
}

/** Posts a form as a browser does (multipart), with the page's cookie. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  files: { field: string; name: string; type: string; content: Buffer }[] = [],
  cookie?: string,
): Promise<{ status: number; html: string; location?: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append(f.field, new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
  const res = await fetch(url, { method: 'POST', body: form, redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') ?? undefined };
}

export { samplePdf } from './files';

/**
 * Starts an inspection of `unit` whose notice goes out at once (a visit at the notice period), and
 * returns its id, the notice's acknowledge and report links, and the notice itself.
 */
export async function notifiedInspection(
  stack: WebStack,
  unit: string,
): Promise<{ id: string; ack: string; report: string; notice: Received }> {
  const o = inspectionStartOptions(
    inspectionInput(unit, liveDates(sharedCalendar(), Date.now()).noticeDue),
    stack.worker.options.taskQueue,
  );
  await stack.env.client.workflow.start(INSPECTION_WORKFLOW, o);
  const notice = await eventually(
    async () =>
      stack.smtp.messages.find(
        (m) => m.envelopeTo.includes(`${slug(unit)}@haiphong.example`) && m.parsed.headers.get('x-kiemtra-kind') === 'notice',
      ),
    60_000,
    `the notice to ${unit}`,
  );
  const [ack, report] = linksIn(notice);
  return { id: o.workflowId, ack: ack!, report: report!, notice };
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { WebSettings } from '../config/links';
import { localDateOf, type LocalDate } from '../domain/dates';
import { verifyLink, type LinkRefusal } from '../domain/link-token';
import { LINK_ACTION_LABELS, type LinkClaims } from '../domain/links';
import type { FileRef } from '../domain/validation';
import { executeUpdateRetrying } from '../client/connect';
import { readerMessage } from '../workflows/kit/refusal';
import { findLatestPeriodicReport } from '../client/prefill';
import { loadYearTargets } from '../loaders/targets';
import { ACTIONS, submissionField, submissionUpdateIdOf, type ActionContext, type ActionDef, type Submission } from './actions';
import { AccessLog, webLogger, type WebMetrics } from './observability';
import { esc, page, refusalPage } from './pages';
import { checkUpload, storeUpload, UploadRefused } from './uploads';

/**
 * The units' page server: one page per signed link (`/l/<token>`). GET shows the action's form, or
 * what was already recorded; POST stores the files, sends the same Workflow Update as the CLI (the
 * actor is the unit) and redirects back to the page, which then shows the receipt. A link that is
 * forged, altered, expired, re-issued, for another unit, or for an action already done is refused
 * with a page that says so, and nothing is recorded.
 */

export interface WebServerOptions {
  settings: WebSettings;
  client: Client;
  /** The day in Hải Phòng (tests pass the time-skipping clock's). */
  today?: () => LocalDate;
  /** The ids of the yearly plans whose periodic reports pre-fill the report form; else those in plans/, read once. */
  plans?: readonly string[];
  /** The JSON logger (access log, errors); without it the server logs nothing. */
  logger?: PinoLogger;
  /** Counts refused links and requests; without it nothing is counted. */
  metrics?: WebMetrics;
}

const REFUSALS: Record<LinkRefusal, { status: number; title: string; message: string }> = {
  malformed: {
    status: 400,
    title: 'Đường dẫn không hợp lệ',
    message: 'Đường dẫn không đúng dạng. Đề nghị mở lại đường dẫn trong email, không sửa nội dung đường dẫn.',
  },
  forged: { status: 403, title: 'Đường dẫn không hợp lệ', message: 'Đường dẫn không do hệ thống cấp hoặc đã bị sửa đổi.' },
  expired: { status: 410, title: 'Đường dẫn đã hết hạn', message: 'Đường dẫn đã quá thời hạn sử dụng.' },
};

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

const CSRF_COOKIE = 'kiemtra_csrf';

/** Builds the page server (not yet listening). */
export async function buildWebServer(o: WebServerOptions): Promise<FastifyInstance> {
  const { settings, client } = o;
  const today = o.today ?? (() => localDateOf(Date.now()));
  const plans = o.plans ?? loadYearTargets().map((p) => p.plan);
  const app = Fastify({
    ...(o.logger ? { loggerInstance: webLogger(o.logger) as FastifyBaseLogger, logController: new AccessLog() } : { logger: false }),
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 2048 },
  });
  o.metrics?.instrument(app);
  const secure = settings.publicUrl.startsWith('https://');

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: settings.maxUploadBytes, files: 60, fields: 120, fieldSize: 64 * 1024, parts: 200 },
  });
  await app.register(rateLimit, {
    max: settings.ratePerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => (req.params as { token?: string } | undefined)?.token ?? req.ip,
    errorResponseBuilder: () =>
      new Refusal(429, 'Quá nhiều yêu cầu', 'Đường dẫn này được mở quá nhiều lần trong một phút. Đề nghị thử lại sau ít phút.'),
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof Refusal) {
      o.metrics?.linkRefused(err.status);
      return sendPage(reply, err.status, refusalPage(err.title, err.message));
    }
    if (err.code === 'FST_REQ_FILE_TOO_LARGE')
      return sendPage(
        reply,
        413,
        refusalPage(
          'Tệp quá lớn',
          `Mỗi tệp tối đa ${Math.round(settings.maxUploadBytes / 1024 / 1024)} MB. Không có gì được ghi nhận; đề nghị gửi lại với tệp nhỏ hơn.`,
        ),
      );
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendPage(
        reply,
        err.statusCode,
        refusalPage('Yêu cầu không hợp lệ', 'Biểu mẫu gửi lên không hợp lệ. Không có gì được ghi nhận.'),
      );
    // Unexpected: said to the operator (one line, no request data), never to the unit.
    req.log.error({ err: err.message.split('\n')[0] }, 'kiemtra trang đơn vị: lỗi không mong đợi');
    return sendPage(
      reply,
      503,
      refusalPage('Hệ thống tạm thời chưa xử lý được', 'Không có gì được ghi nhận. Đề nghị thử lại sau ít phút.'),
    );
  });
  app.setNotFoundHandler((_req, reply) =>
    sendPage(reply, 404, refusalPage('Không tìm thấy trang', 'Đề nghị mở đường dẫn trong email của hệ thống.')),
  );

  app.get('/healthz', async () => ({ ok: true }));

  /** The link's claims and the workflow's state, or a refusal. */
  async function open(token: string): Promise<{ claims: LinkClaims; def: ActionDef<unknown>; state: unknown }> {
    const v = verifyLink(token, settings.key(), today());
    if (!v.ok) {
      const r = REFUSALS[v.reason];
      throw new Refusal(r.status, r.title, r.message);
    }
    const def = ACTIONS[v.claims.a] as ActionDef<unknown>;
    let state: unknown;
    try {
      state = await stateOf(client.workflow.getHandle(v.claims.w), def);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new Refusal(404, 'Không tìm thấy hồ sơ', 'Không tìm thấy cuộc kiểm tra hoặc kỳ báo cáo mà đường dẫn này chỉ tới.');
      throw err;
    }
    if (def.unitOf(state) !== v.claims.u)
      throw new Refusal(403, 'Đường dẫn không dành cho đơn vị này', 'Đường dẫn không khớp với đơn vị của hồ sơ.');
    if (def.generation(state) !== v.claims.g)
      throw new Refusal(
        410,
        'Đường dẫn đã được thay thế',
        'Văn phòng UBND thành phố đã cấp đường dẫn mới cho việc này; đường dẫn cũ không còn dùng được. Đề nghị dùng đường dẫn trong email mới nhất.',
      );
    return { claims: v.claims, def, state };
  }

  async function context(claims: LinkClaims, state: unknown): Promise<ActionContext> {
    if (claims.a !== 'report') return { today: today() };
    const periodic = await findLatestPeriodicReport(
      client,
      plans,
      (state as { config: { unit: { name: string } } }).config.unit.name,
      today(),
    );
    return { today: today(), ...(periodic ? { periodic } : {}) };
  }

  const csrfFor = (nonce: string, token: string) =>
    createHmac('sha256', settings.key()).update(`kiemtra-csrf.${nonce}.${token}`).digest('base64url');

  function formPage(
    token: string,
    claims: LinkClaims,
    def: ActionDef<unknown>,
    state: unknown,
    ctx: ActionContext,
    nonce: string,
    error?: string,
  ): string {
    const title = LINK_ACTION_LABELS[claims.a];
    return page(
      title,
      [
        error
          ? `<section class="error" role="alert"><p>${esc(error)}</p><p>Chưa có gì được ghi nhận; đề nghị sửa và gửi lại.</p></section>`
          : '',
        `<section>${def.about(state as never)}</section>`,
        `<form method="post" action="/l/${esc(token)}" enctype="multipart/form-data">`,
        `<input type="hidden" name="_csrf" value="${esc(csrfFor(nonce, token))}">`,
        submissionField(),
        def.form(state as never, ctx),
        `<button type="submit">Gửi</button>`,
        `</form>`,
      ].join('\n'),
    );
  }

  const nonceOf = (req: FastifyRequest, reply: FastifyReply): string => {
    const existing = req.cookies[CSRF_COOKIE];
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const nonce = randomBytes(32).toString('base64url');
    void reply.setCookie(CSRF_COOKIE, nonce, { path: '/l/', httpOnly: true, sameSite: 'strict', secure });
    return nonce;
  };

  app.get<{ Params: { token: string } }>('/l/:token', async (req, reply) => {
    const { claims, def, state } = await open(req.params.token);
    const closed = def.closed(state as never);
    if (closed)
      return sendPage(
        reply,
        200,
        page(
          LINK_ACTION_LABELS[claims.a],
          `<section class="done" role="status"><p>${esc(closed)}</p></section><section>${def.about(state as never)}</section>`,
        ),
      );
    const ctx = await context(claims, state);
    return sendPage(reply, 200, formPage(req.params.token, claims, def, state, ctx, nonceOf(req, reply)));
  });

  app.post<{ Params: { token: string } }>('/l/:token', async (req, reply) => {
    const token = req.params.token;
    const { claims, def, state } = await open(token);
    if (!req.isMultipart()) throw new Refusal(400, 'Yêu cầu không hợp lệ', 'Biểu mẫu gửi lên không đúng dạng.');
    // Read every part; files are checked (size, type) before any is stored.
    const fields: Record<string, string> = {};
    const raw: { field: string; name: string; type: string; content: Buffer }[] = [];
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (content.length > 0 || part.filename) raw.push({ field: part.fieldname, name: part.filename, type: part.mimetype, content });
      } else {
        // Browsers send a textarea's line breaks as CR LF: kept as LF, like text typed in the CLI.
        fields[part.fieldname] = String(part.value ?? '').replace(/\r\n?/g, '\n');
      }
    }
    const nonce = req.cookies[CSRF_COOKIE];
    const expected = nonce ? Buffer.from(csrfFor(nonce, token)) : undefined;
    const given = Buffer.from(fields._csrf ?? '');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new Refusal(
        403,
        'Phiên làm việc không hợp lệ',
        'Biểu mẫu không được gửi từ trang của hệ thống (thiếu hoặc sai mã xác thực biểu mẫu). Đề nghị mở lại đường dẫn trong email rồi gửi lại.',
      );
    }
    const closed = def.closed(state as never);
    if (closed) throw new Refusal(409, 'Việc này đã được thực hiện', `${closed} Lần gửi này không được ghi nhận.`);

    const ctx = await context(claims, state);
    const again = (status: number, message: string) => sendPage(reply, status, formPage(token, claims, def, state, ctx, nonce!, message));
    const real = raw.filter((f) => f.name || f.content.length > 0);
    const byField = new Map<string, number>();
    for (const f of real) byField.set(f.field, (byField.get(f.field) ?? 0) + 1);
    if ([...byField.values()].some((n) => n > 5)) return again(400, 'Mỗi mục gửi tối đa 5 tệp.');
    const files: Record<string, FileRef[]> = {};
    try {
      for (const f of real) checkUpload(f.content, f.name, f.type, settings.maxUploadBytes);
      for (const f of real)
        (files[f.field] ??= []).push(storeUpload(settings.uploadsDir, f.content, f.name, f.type, settings.maxUploadBytes));
    } catch (err) {
      if (err instanceof UploadRefused) return again(415, err.message);
      throw err;
    }
    const submission: Submission = { fields, files };
    const built = def.build(state as never, submission, ctx);
    if (!built.ok) return again(400, built.message);
    const handle = client.workflow.getHandle(claims.w);
    try {
      await executeUpdateRetrying(handle, built.update, built.payload as never, {
        updateId: submissionUpdateIdOf(built.update.name, fields),
      });
    } catch (err) {
      // Refused, or the process ended, because another submission got there first (a second tab, a
      // double click with another form): say what was recorded.
      if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
      const now = def.closed((await stateOf(handle, def, true)) as never);
      if (now) throw new Refusal(409, 'Việc này đã được thực hiện', `${now} Lần gửi này không được ghi nhận.`);
      if (err instanceof WorkflowNotFoundError) throw err;
      return again(400, readerMessage(err.cause?.message ?? err.message).text);
    }
    return reply.redirect(`/l/${token}`, 303);
  });

  return app;
}

/**
 * A process's state: its `state` query, or once it has completed its result (the final state, read
 * from history). A query of a process that has just completed waits for a worker to replay it and
 * can time out under load; the result needs no worker. `ended` (the caller has reason to think the
 * process may have just completed) asks the server first.
 */
async function stateOf(handle: WorkflowHandle, def: ActionDef<unknown>, ended = false): Promise<unknown> {
  const completed = async () => (await handle.describe()).status.name === 'COMPLETED';
  if (ended && (await completed())) return handle.result();
  try {
    return await handle.query(def.query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || !(await completed())) throw err;
    return handle.result();
  }
}

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    )
    .send(html);
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { WebSettings } from '../config/links';
import { localDateOf, type LocalDate } from '../domain/dates';
import { verifyLink, type LinkRefusal } from '../domain/link-token';
import { LINK_ACTION_LABELS, type LinkClaims } from '../domain/links';
import { executeUpdateRetrying } from '../client/connect';
import { readerMessage } from '../workflows/kit/refusal';
import { PrefillCache, temporalReportSource } from '../client/prefill-cache';
import { loadYearTargets } from '../loaders/targets';
import {
  ACTIONS,
  SUBMISSION_FIELD,
  submissionField,
  submissionUpdateIdOf,
  type ActionContext,
  type ActionDef,
  type Submission,
} from './actions';
import { isSubmissionId, newSubmissionId } from '../client/submission';
import { AccessLog, webLogger, type WebMetrics } from './observability';
import { HEALTH_PATH, LIMIT_PAGES, registerLimits } from './limits';
import { esc, page, refusalPage } from './pages';
import { formFields, type FormFields } from './form-fields';
import { grpcCodeOf, isTemporalUnavailable } from '../client/deadline';
import { RETRY_AFTER_SECONDS, UNAVAILABLE_STATUS, unavailablePage } from './unavailable';
import {
  DailyUploadQuota,
  IncomingFiles,
  MalformedUpload,
  prepareUploadsDir,
  uploadLimits,
  UploadRefused,
  type UploadLimits,
} from './uploads';
import { LazyRecords } from '../client/archive';
import { archivedPage, archivedState } from './archived';
import { DEFAULT_TASK_QUEUE } from '../config/temporal';
import { yearOf } from '../domain/dates';
import { parseQuestionNumber } from '../domain/questions';
import { askQuestion, loadQuestionContacts, questionState, type QuestionContacts } from '../client/questions';
import { buildQuestion, questionAbout, questionForm, questionReceipt } from './question-page';

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
  /** How much a request and a link in a day may upload; else {@link uploadLimits} of the settings' largest file. */
  uploadLimits?: UploadLimits;
  /** The record store, for links to processes the engine has deleted; else the one KIEMTRA_RECORDS names. */
  records?: LazyRecords;
  /** The task queue a unit's question starts on (KIEMTRA_TASK_QUEUE); else the default one. */
  taskQueue?: string;
  /** Where a unit's question goes, for a year; else the yearly plan's in plans/ (client/questions.ts). */
  questionContacts?: (year: number) => QuestionContacts;
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
  const records = o.records ?? new LazyRecords();
  const app = Fastify({
    ...(o.logger ? { loggerInstance: webLogger(o.logger) as FastifyBaseLogger, logController: new AccessLog() } : { logger: false }),
    // X-Forwarded-For is believed only from the configured proxies (KIEMTRA_TRUSTED_PROXIES).
    trustProxy: settings.trustedProxies.length ? settings.trustedProxies : false,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 2048 },
    // Fastify's own refusals (a bad URL, a too long link) as a Vietnamese page, never echoing the URL.
    frameworkErrors: (err, _req, reply) => {
      void sendPage(reply, err.statusCode ?? 400, frameworkRefusalPage(err.statusCode ?? 400));
    },
    clientErrorHandler: clientErrorPage,
  });
  o.metrics?.instrument(app);
  const secure = settings.publicUrl.startsWith('https://');

  const limits = o.uploadLimits ?? uploadLimits(settings.maxUploadBytes);
  const quota = new DailyUploadQuota();
  prepareUploadsDir(settings.uploadsDir);

  // Every response (pages, redirects, framework errors) carries the security headers.
  app.addHook('onSend', async (_req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(k)) void reply.header(k, v);
  });
  await app.register(cookie);
  // The parser's own limits are a backstop: the handler refuses earlier (IncomingFiles, the form's fields).
  await app.register(multipart, {
    limits: { fileSize: limits.fileBytes + 1, files: limits.requestFiles + 1, fields: 120, fieldSize: 64 * 1024, parts: 200 },
  });
  // Per link, per client address, and refused requests per client address: before any lookup.
  const isLink = (token: string) => {
    const v = verifyLink(token, settings.key(), today());
    return v.ok || v.reason === 'expired';
  };
  registerLimits(app, settings, isLink, (why) => new Refusal(429, LIMIT_PAGES[why].title, LIMIT_PAGES[why].message));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof Refusal) {
      o.metrics?.linkRefused(err.status);
      return sendPage(reply, err.status, refusalPage(err.title, err.message));
    }
    if (isTemporalUnavailable(err)) {
      req.log.warn({ err: err.message.split('\n')[0], code: grpcCodeOf(err) ?? null }, 'kiemtra trang đơn vị: Temporal không trả lời kịp');
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendPage(reply, UNAVAILABLE_STATUS, unavailablePage(req.method === 'POST'));
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

  app.get(HEALTH_PATH, async () => ({ ok: true }));

  /** The link's claims, or a refusal. */
  function verified(token: string): LinkClaims {
    const v = verifyLink(token, settings.key(), today());
    if (!v.ok) {
      const r = REFUSALS[v.reason];
      throw new Refusal(r.status, r.title, r.message);
    }
    return v.claims;
  }

  /** The link's claims and the workflow's state, or a refusal. */
  async function open(token: string): Promise<{ claims: LinkClaims; def: ActionDef<unknown>; state: unknown; archived?: string }> {
    const claims = verified(token);
    if (claims.a === 'question') throw new Error('a question link has no step to open');
    const v = { claims: { ...claims, a: claims.a } };
    const def = ACTIONS[v.claims.a] as ActionDef<unknown>;
    let state: unknown;
    let archived: string | undefined;
    try {
      state = await stateOf(client.workflow.getHandle(v.claims.w), def);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const kept = await archivedState(records, v.claims.w);
      if (!kept) throw new Refusal(404, 'Không tìm thấy hồ sơ', 'Không tìm thấy cuộc kiểm tra hoặc kỳ báo cáo mà đường dẫn này chỉ tới.');
      ({ state, note: archived } = kept);
    }
    if (def.unitOf(state) !== v.claims.u)
      throw new Refusal(403, 'Đường dẫn không dành cho đơn vị này', 'Đường dẫn không khớp với đơn vị của hồ sơ.');
    if (def.generation(state) !== v.claims.g)
      throw new Refusal(
        410,
        'Đường dẫn đã được thay thế',
        'Văn phòng UBND thành phố đã cấp đường dẫn mới cho việc này; đường dẫn cũ không còn dùng được. Đề nghị dùng đường dẫn trong email mới nhất.',
      );
    return { claims: v.claims, def, state, ...(archived ? { archived } : {}) };
  }

  // The report form's pre-fill, cached until a report it depends on changes (client/prefill-cache.ts).
  const prefill = new PrefillCache(temporalReportSource(client));
  async function context(claims: LinkClaims, state: unknown): Promise<ActionContext> {
    if (claims.a !== 'report') return { today: today() };
    const periodic = await prefill.latest(plans, (state as { config: { unit: { name: string } } }).config.unit.name, today());
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

  const taskQueue = o.taskQueue ?? DEFAULT_TASK_QUEUE;
  const contactsOf = o.questionContacts ?? ((year: number) => loadQuestionContacts(year));
  const questionTitle = LINK_ACTION_LABELS.question;
  function questionPage(token: string, claims: LinkClaims, nonce: string, error?: string): string {
    return page(
      questionTitle,
      [
        error
          ? `<section class="error" role="alert"><p>${esc(error)}</p><p>Chưa có gì được gửi; đề nghị sửa và gửi lại.</p></section>`
          : '',
        `<section>${questionAbout(claims, contactsOf(yearOf(today())))}</section>`,
        `<form method="post" action="/l/${esc(token)}" enctype="multipart/form-data">`,
        `<input type="hidden" name="_csrf" value="${esc(csrfFor(nonce, token))}">`,
        submissionField(),
        questionForm(),
        `<button type="submit">Gửi</button>`,
        `</form>`,
      ].join('\n'),
    );
  }

  app.get<{ Params: { token: string }; Querystring: { q?: string } }>('/l/:token', async (req, reply) => {
    const linkClaims = verified(req.params.token);
    if (linkClaims.a === 'question') {
      // After a question is sent, its receipt (this unit's only), then the form for another one.
      const number = typeof req.query.q === 'string' ? parseQuestionNumber(req.query.q) : undefined;
      const asked = number ? await questionState(client, number).catch(() => undefined) : undefined;
      const receipt = asked && asked.unit === linkClaims.u && asked.origin.workflowId === linkClaims.w ? questionReceipt(asked) : '';
      const form = questionPage(req.params.token, linkClaims, nonceOf(req, reply));
      return sendPage(reply, 200, receipt ? form.replace('<main>\n', `<main>\n${receipt}\n`) : form);
    }
    const { claims, def, state, archived } = await open(req.params.token);
    const closed = def.closed(state as never);
    if (archived) return sendPage(reply, 200, archivedPage(LINK_ACTION_LABELS[claims.a], closed, def.about(state as never), archived));
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

  /** The form's CSRF code as expected for this cookie and link. */
  const csrfValid = (given: string, nonce: string | undefined, token: string): boolean => {
    const expected = nonce ? Buffer.from(csrfFor(nonce, token)) : undefined;
    const got = Buffer.from(given);
    return !!expected && got.length === expected.length && timingSafeEqual(got, expected);
  };
  const csrfRefusal = () =>
    new Refusal(
      403,
      'Phiên làm việc không hợp lệ',
      'Biểu mẫu không được gửi từ trang của hệ thống (thiếu hoặc sai mã xác thực biểu mẫu). Đề nghị mở lại đường dẫn trong email rồi gửi lại.',
    );
  const malformed = () => new Refusal(400, 'Yêu cầu không hợp lệ', 'Biểu mẫu gửi lên không đúng dạng. Không có gì được ghi nhận.');
  const unknownField = () => new UploadRefused('Biểu mẫu gửi lên có mục không có trong trang.', 400);

  /**
   * Reads a posted form part by part: text fields by the form's names only, the CSRF code before any
   * file, each file streamed into `incoming`. Throws {@link Refusal} or {@link UploadRefused}.
   */
  async function readForm(
    req: FastifyRequest,
    token: string,
    form: FormFields,
    incoming: IncomingFiles,
    closed: string | undefined,
  ): Promise<Record<string, string>> {
    const nonce = req.cookies[CSRF_COOKIE];
    const fields: Record<string, string> = {};
    const perField = new Map<string, number>();
    let csrf = false;
    const parts = req.parts()[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Awaited<ReturnType<typeof parts.next>>['value']>;
      try {
        next = await parts.next();
      } catch (err) {
        // The parser's failures: no boundary, a damaged or cut-short body, a parser limit.
        if ((err as { statusCode?: number }).statusCode === 413) throw new UploadRefused('Biểu mẫu gửi lên quá lớn.', 413);
        throw malformed();
      }
      if (next.done) break;
      const part = next.value;
      if (part.type === 'field') {
        if (part.fieldname === '_csrf') {
          if (csrf || !csrfValid(String(part.value ?? ''), nonce, token)) throw csrfRefusal();
          csrf = true;
          if (closed) throw new Refusal(409, 'Việc này đã được thực hiện', `${closed} Lần gửi này không được ghi nhận.`);
          continue;
        }
        // Before the CSRF code of a form already sent, other fields are not looked at.
        if (closed) continue;
        if (!form.text.has(part.fieldname) || Object.hasOwn(fields, part.fieldname)) throw unknownField();
        if (part.valueTruncated) throw new UploadRefused('Một mục của biểu mẫu dài quá giới hạn.', 413);
        // Browsers send a textarea's line breaks as CR LF: kept as LF, like text typed in the CLI.
        fields[part.fieldname] = String(part.value ?? '').replace(/\r\n?/g, '\n');
        continue;
      }
      if (!csrf) throw csrfRefusal();
      const allowed = form.files.get(part.fieldname);
      if (allowed === undefined) throw unknownField();
      if (!part.filename) {
        // An empty file input: browsers send a part without a name or content.
        for await (const chunk of part.file as AsyncIterable<Buffer>) if (chunk.length) throw malformed();
        continue;
      }
      const n = (perField.get(part.fieldname) ?? 0) + 1;
      if (n > allowed) throw new UploadRefused(allowed === 1 ? 'Mục này chỉ nhận một tệp.' : `Mỗi mục gửi tối đa ${allowed} tệp.`, 400);
      perField.set(part.fieldname, n);
      try {
        await incoming.receive(part.fieldname, part.file, part.filename, part.mimetype);
      } catch (err) {
        if (err instanceof MalformedUpload) throw malformed();
        throw err;
      }
    }
    if (!csrf) throw csrfRefusal();
    return fields;
  }

  /** A unit's question posted: checked, its files stored, the question started, then its receipt. */
  async function postQuestion(req: FastifyRequest, reply: FastifyReply, token: string, claims: LinkClaims) {
    if (!req.isMultipart()) throw new Refusal(400, 'Yêu cầu không hợp lệ', 'Biểu mẫu gửi lên không đúng dạng.');
    const nonce = req.cookies[CSRF_COOKIE] ?? '';
    const form = formFields(questionPage(token, claims, nonce));
    const incoming = new IncomingFiles(settings.uploadsDir, limits, quota, `${claims.w}\n${claims.a}\n${claims.u}`, today());
    const again = (status: number, message: string) => {
      incoming.discard();
      return sendPage(reply, status, questionPage(token, claims, nonce, message));
    };
    try {
      let fields: Record<string, string>;
      try {
        fields = await readForm(req, token, form, incoming, undefined);
      } catch (err) {
        req.raw.unpipe();
        req.raw.resume();
        if (err instanceof UploadRefused) return await again(err.status, err.message);
        throw err;
      }
      const built = buildQuestion(fields, incoming.refs().files ?? []);
      if (!built.ok) return await again(400, built.message);
      const submission =
        fields[SUBMISSION_FIELD] && isSubmissionId(fields[SUBMISSION_FIELD]) ? fields[SUBMISSION_FIELD] : newSubmissionId();
      let number: string;
      try {
        number = await askQuestion(client, taskQueue, {
          originWorkflowId: claims.w,
          unit: claims.u,
          askedBy: built.askedBy,
          replyTo: [built.replyTo],
          text: built.text,
          files: built.files,
          submission,
          today: today(),
          contacts: contactsOf(yearOf(today())),
        });
      } catch (err) {
        // Not known to be refused: the files are kept, so history never names a file the store lacks.
        incoming.keep();
        throw err;
      }
      incoming.keep();
      return await reply.redirect(`/l/${token}?q=${encodeURIComponent(number)}`, 303);
    } finally {
      incoming.discard();
    }
  }

  app.post<{ Params: { token: string } }>('/l/:token', async (req, reply) => {
    const token = req.params.token;
    const linkClaims = verified(token);
    if (linkClaims.a === 'question') return postQuestion(req, reply, token, linkClaims);
    const { claims, def, state, archived } = await open(token);
    if (archived) throw new Refusal(410, 'Hồ sơ đã kết thúc', archived);
    if (!req.isMultipart()) throw new Refusal(400, 'Yêu cầu không hợp lệ', 'Biểu mẫu gửi lên không đúng dạng.');
    const closed = def.closed(state as never);
    const ctx = closed ? { today: today() } : await context(claims, state);
    const nonce = req.cookies[CSRF_COOKIE] ?? '';
    // The fields of the form this page shows now: nothing else is read.
    const form = closed
      ? { text: new Set<string>(), files: new Map<string, number>() }
      : formFields(formPage(token, claims, def, state, ctx, nonce));
    // Per link (not per spelling of its token) and per day.
    const incoming = new IncomingFiles(settings.uploadsDir, limits, quota, `${claims.w}\n${claims.a}\n${claims.u}`, today());
    /** The form again with a message; the refused request's files are removed before the unit sees it. */
    const again = (status: number, message: string) => {
      incoming.discard();
      return sendPage(reply, status, formPage(token, claims, def, state, ctx, nonce, message));
    };
    try {
      let fields: Record<string, string>;
      try {
        fields = await readForm(req, token, form, incoming, closed);
      } catch (err) {
        // The rest of the body is read and dropped, so the unit's browser gets the page.
        req.raw.unpipe();
        req.raw.resume();
        if (err instanceof UploadRefused) return await again(err.status, err.message);
        throw err;
      }
      const submission: Submission = { fields, files: incoming.refs(), read: (ref) => incoming.read(ref) };
      const built = def.build(state as never, submission, ctx);
      if (!built.ok) return await again(400, built.message);
      const handle = client.workflow.getHandle(claims.w);
      try {
        await executeUpdateRetrying(handle, built.update, built.payload as never, {
          updateId: submissionUpdateIdOf(built.update.name, fields),
          // Sent through the unit's link, whatever the page server's own Temporal identity is.
          origin: { channel: 'link', identity: claims.u },
        });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
          // Refused, or the process ended, because another submission got there first (a second tab,
          // a double click with another form): say what was recorded. Nothing of this one is kept.
          const now = def.closed((await stateOf(handle, def, true)) as never);
          if (now) throw new Refusal(409, 'Việc này đã được thực hiện', `${now} Lần gửi này không được ghi nhận.`);
          if (err instanceof WorkflowNotFoundError) throw err;
          return await again(400, readerMessage(err.cause?.message ?? err.message).text);
        }
        // Not known to be refused (the engine may have accepted it before the failure): the files are
        // kept, so history never names a file the store lacks; an unused one costs only its quota.
        incoming.keep();
        throw err;
      }
      // Accepted: only now do the files enter the store.
      incoming.keep();
      return await reply.redirect(`/l/${token}`, 303);
    } finally {
      incoming.discard();
    }
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

/** The headers every response carries. */
const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function sendPage(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).headers(SECURITY_HEADERS).header('content-type', 'text/html; charset=utf-8').send(html);
}

/** The page for a request Fastify or Node refuses before any route runs (no part of the request echoed). */
function frameworkRefusalPage(status: number): string {
  if (status === 414) return refusalPage('Đường dẫn quá dài', 'Đường dẫn dài hơn mức hệ thống nhận. Đề nghị mở lại đường dẫn trong email.');
  if (status === 431)
    return refusalPage(
      'Yêu cầu quá lớn',
      'Phần đầu của yêu cầu dài hơn mức hệ thống nhận. Đề nghị xóa cookie của trang rồi mở lại đường dẫn.',
    );
  if (status === 408) return refusalPage('Hết thời gian chờ', 'Yêu cầu gửi quá chậm. Đề nghị thử lại.');
  return refusalPage('Yêu cầu không hợp lệ', 'Yêu cầu không đúng dạng. Đề nghị mở lại đường dẫn trong email.');
}

/** Node's refusals of a malformed request (bad HTTP, headers too large, timeout): a Vietnamese page on the socket. */
function clientErrorPage(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = Buffer.from(frameworkRefusalPage(status), 'utf8');
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    connection: 'close',
  };
  if (!socket.writable) return void socket.destroy(err);
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n`, 'latin1'), body]));
}

import http from 'node:http';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebSettings } from '../config/links';
import { createLogger } from '../config/logging';
import { addDays, localDateOf } from '../domain/dates';
import { buildWebServer } from '../web/server';
import { freePort } from './kit/process';
import { notifiedInspection, useWebStack } from './kit/web';

/**
 * The page server's limits and its access log, over real HTTP from several loopback addresses
 * (127.0.0.x: each is a client of its own), against a dev server: a link is limited as one link
 * whatever its spelling, a client by its address (the connection's, or the one a trusted proxy
 * forwarded), and forged links and unknown pages count against the client; no log line holds a
 * token.
 */
describe('page server limits and logs (real HTTP, dev server)', () => {
  const stack = useWebStack();
  const servers: FastifyInstance[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  /** A page server of its own (its own counts), with these settings over the stack's; its log lines in `lines`. */
  async function server(over: Partial<WebSettings>): Promise<{ base: string; lines: string[] }> {
    const port = await freePort();
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(...chunk.toString().split('\n').filter(Boolean)), cb()) });
    const app = await buildWebServer({
      settings: { ...stack.settings, port, publicUrl: `http://127.0.0.1:${port}`, ...over },
      client: stack.env.client,
      logger: createLogger('web', 'debug', sink),
    });
    await app.listen({ port, host: '127.0.0.1' });
    servers.push(app);
    return { base: `http://127.0.0.1:${port}`, lines };
  }

  interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
  }
  /** A GET from the loopback address `from`, with `headers`. */
  const get = (url: string, from: string, headers: Record<string, string> = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = http.get(url, { localAddress: from, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
    });
  const statuses = async (n: number, ask: (i: number) => Promise<Answer>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await ask(i)).status);
    return out;
  };
  /** The other spellings of a token, each decoding to the same bytes (the MAC's last character has 2 unused bits). */
  const otherSpellings = (token: string): string[] => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const i = ALPHABET.indexOf(token.at(-1)!);
    return [0, 1, 2, 3].filter((k) => k !== (i & 3)).map((k) => `${token.slice(0, -1)}${ALPHABET[(i & ~3) | k]}`);
  };
  const expectTooMany = (a: Answer, words: string) => {
    expect(a.status).toBe(429);
    expect(a.body).toContain(words);
    expect(a.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(a.headers['content-security-policy']).toContain("default-src 'none'");
    expect(a.headers['x-frame-options']).toBe('DENY');
  };
  const tokenOf = (url: string) => new URL(url).pathname.slice(3);

  it('limits a link as one link: its other spellings are refused, not counted as new links', async () => {
    const s = await server({ ratePerMinute: 5 });
    const { report } = await notifiedInspection(stack, 'Sở Tư pháp');
    const token = tokenOf(report);
    for (const other of otherSpellings(token)) {
      const a = await get(`${s.base}/l/${other}`, '127.0.0.2');
      expect([a.status, a.body.includes('Đường dẫn không đúng dạng')]).toEqual([400, true]);
    }
    // Five opens from five addresses, then the link is spent for everyone, whatever the spelling.
    expect(await statuses(5, (i) => get(`${s.base}/l/${token}`, `127.0.0.${10 + i}`))).toEqual([200, 200, 200, 200, 200]);
    expectTooMany(await get(`${s.base}/l/${token}`, '127.0.0.20'), 'Đường dẫn này được mở quá nhiều lần');
    expect((await get(`${s.base}/l/${otherSpellings(token)[0]}`, '127.0.0.21')).status).toBe(400);
    // Another link is not affected.
    const other = stack.sign({ v: 1, w: 'inspection-none', a: 'report', u: 'Sở Tư pháp', exp: addDays(localDateOf(Date.now()), 30), g: 0 });
    expect((await get(`${s.base}${new URL(other).pathname}`, '127.0.0.20')).status).toBe(404);
  }, 120_000);

  it('limits a client that sprays forged links or unknown pages, and only that client', async () => {
    const s = await server({ refusedPerMinute: 6 });
    const { ack } = await notifiedInspection(stack, 'Sở Công Thương');
    const token = tokenOf(ack);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'QQ' : 'AA'}`;
    const sprayed = await statuses(6, (i) =>
      get(i % 3 === 0 ? `${s.base}/l/${forged}` : i % 3 === 1 ? `${s.base}/l/not-a-link-${i}` : `${s.base}/wp-admin/${i}`, '127.0.0.30'),
    );
    expect(sprayed).toEqual([403, 400, 404, 403, 400, 404]);
    // Spent: the sprayer gets 429 for anything, its real link included, until its minute ends.
    expectTooMany(await get(`${s.base}/l/${forged}`, '127.0.0.30'), 'quá nhiều lần mở đường dẫn không hợp lệ');
    expectTooMany(await get(`${s.base}/l/${token}`, '127.0.0.30'), 'quá nhiều lần mở đường dẫn không hợp lệ');
    expectTooMany(await get(`${s.base}/nothing`, '127.0.0.30'), 'quá nhiều lần mở đường dẫn không hợp lệ');
    // Another address opens the link.
    expect((await get(`${s.base}/l/${token}`, '127.0.0.31')).status).toBe(200);
    // The icon a browser asks for with every page is not counted as a refusal.
    expect(await statuses(10, () => get(`${s.base}/favicon.ico`, '127.0.0.32'))).toEqual(Array(10).fill(404));
    expect((await get(`${s.base}/l/${token}`, '127.0.0.32')).status).toBe(200);
  }, 120_000);

  it('limits every request of a client address; X-Forwarded-For is ignored unless it comes from a trusted proxy', async () => {
    const direct = await server({ clientRatePerMinute: 4 });
    // No proxy configured: a forwarded address changes nothing, the connection's address is the client.
    expect(await statuses(5, (i) => get(`${direct.base}/favicon.ico`, '127.0.0.40', { 'x-forwarded-for': `198.51.100.${i + 1}` }))).toEqual(
      [404, 404, 404, 404, 429],
    );
    expectTooMany(await get(`${direct.base}/favicon.ico`, '127.0.0.40'), 'Từ địa chỉ mạng này đã có quá nhiều yêu cầu');
    expect((await get(`${direct.base}/favicon.ico`, '127.0.0.41')).status).toBe(404);
    // The health probe is outside every limit, even for a spent address.
    expect((await get(`${direct.base}/healthz`, '127.0.0.40')).status).toBe(200);

    // Behind a trusted proxy (127.0.0.50): each forwarded address is a client of its own …
    const proxied = await server({ clientRatePerMinute: 4, trustedProxies: ['127.0.0.50'] });
    const via = (client: string) => get(`${proxied.base}/favicon.ico`, '127.0.0.50', { 'x-forwarded-for': client });
    expect(await statuses(8, (i) => via(`198.51.100.${i + 1}`))).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    expect(await statuses(5, () => via('203.0.113.7'))).toEqual([404, 404, 404, 404, 429]);
    // … a spoofed chain counts against the address the proxy saw (the right-most untrusted one) …
    expect((await via('203.0.113.99, 203.0.113.7')).status).toBe(429);
    // … and from any other address the header is not believed.
    expect(await statuses(5, (i) => get(`${proxied.base}/favicon.ico`, '127.0.0.51', { 'x-forwarded-for': `192.0.2.${i + 1}` }))).toEqual([
      404, 404, 404, 404, 429,
    ]);
    // A CIDR range is a set of trusted proxies.
    const ranged = await server({ clientRatePerMinute: 2, trustedProxies: ['127.0.0.64/28'] });
    expect(
      await statuses(4, (i) => get(`${ranged.base}/favicon.ico`, `127.0.0.${65 + i}`, { 'x-forwarded-for': `198.51.100.${i + 1}` })),
    ).toEqual([404, 404, 404, 404]);
  }, 120_000);

  it('writes no token into any log line: pages, refusals, unknown paths, errors and limits', async () => {
    const s = await server({ ratePerMinute: 2 });
    const { report } = await notifiedInspection(stack, 'Sở Khoa học và Công nghệ');
    const token = tokenOf(report);
    const [body, sig] = token.split('.') as [string, string];
    // A link to a process whose state cannot be read (a type no worker runs): past the page's deadline on
    // Temporal the unit gets the 'temporarily unavailable' page, and the server logs a warning.
    const stuck = `inspection-stuck-${Date.now()}`;
    await stack.env.client.workflow.start('noSuchWorkflowType', { taskQueue: stack.worker.options.taskQueue, workflowId: stuck });
    const broken = tokenOf(stack.sign({ v: 1, w: stuck, a: 'report', u: 'Sở Khoa học và Công nghệ', exp: '2099-12-31', g: 0 }));
    const asked = [
      [`/l/${token}`, 200],
      [`/l/${token}?utm=${token}`, 200],
      [`/l/${otherSpellings(token)[0]}`, 400],
      [`/l/${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'QQ' : 'AA'}`, 403],
      [`/l/${token}`, 429],
      [`/x/${token}`, 404],
      [`/l/${token}/more`, 404],
      [`/${token}`, 404],
      [`/l/${body}%2E${sig}`, 429],
      [`/l/${broken}`, 503],
    ] as const;
    for (const [path, status] of asked) expect((await get(`${s.base}${path}`, '127.0.0.80')).status, path).toBe(status);
    expect((await get(`${s.base}/l/%zz${token}`, '127.0.0.80')).status).toBe(400);
    expect((await get(`${s.base}/l/${token}${'A'.repeat(3000)}`, '127.0.0.80')).status).toBe(414);
    await stack.env.client.workflow.getHandle(stuck).terminate('test over');

    const records = s.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = records.filter((r) => r.msg === 'request');
    expect(access.map((r) => r.status)).toEqual(expect.arrayContaining([200, 400, 403, 404, 429, 503]));
    expect(records.some((r) => r.level === 'warn' && String(r.msg).includes('Temporal không trả lời kịp'))).toBe(true);
    for (const secret of [token, body, sig, broken, broken.split('.')[1]!])
      for (const line of s.lines) expect(line.includes(secret), `a token part in ${line}`).toBe(false);
  }, 120_000);
});

import type { FastifyInstance } from 'fastify';

/**
 * The page server's request limits, per minute: per link (a link is its canonical token: other
 * spellings are refused as malformed before they are counted), per client address for every
 * request, and per client address for refused requests (a forged or malformed link, an unknown
 * page), after which that address gets only "too many requests" until its minute ends. The client
 * address is the connection's, or the one a trusted reverse proxy forwarded (Fastify's
 * `trustProxy`, set from KIEMTRA_TRUSTED_PROXIES only). The counts live in the page server's memory,
 * bounded in size, and start again when it restarts.
 */

/** How many requests a minute, for each of the three limits. */
export interface RequestLimitSettings {
  ratePerMinute: number;
  clientRatePerMinute: number;
  refusedPerMinute: number;
}

/** Why a request is refused with 429: its own text for the page. */
export type LimitExceeded = 'link' | 'client' | 'refused';

/** The Vietnamese page of each 429. */
export const LIMIT_PAGES: Record<LimitExceeded, { title: string; message: string }> = {
  link: {
    title: 'Quá nhiều yêu cầu',
    message: 'Đường dẫn này được mở quá nhiều lần trong một phút. Đề nghị thử lại sau ít phút.',
  },
  client: {
    title: 'Quá nhiều yêu cầu',
    message: 'Từ địa chỉ mạng này đã có quá nhiều yêu cầu trong một phút. Đề nghị thử lại sau ít phút.',
  },
  refused: {
    title: 'Quá nhiều yêu cầu không hợp lệ',
    message:
      'Từ địa chỉ mạng này có quá nhiều lần mở đường dẫn không hợp lệ hoặc trang không tồn tại trong một phút. Đề nghị thử lại sau ít phút, bằng đúng đường dẫn trong email của hệ thống.',
  },
};

const MINUTE = 60_000;

/** The page server's health probe, outside every limit. */
export const HEALTH_PATH = '/healthz';

/** What browsers ask of any site by themselves: a 404 there is no sign of guessing (still counted per client). */
const BROWSER_PROBES = /^\/(?:favicon\.ico|robots\.txt|apple-touch-icon[\w-]*\.png)(?:\?.*)?$/;

/** A fixed one-minute window of counts per key, holding at most `maxKeys` keys (the oldest go first). */
export class MinuteCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string): { start: number; count: number } | undefined {
    const w = this.windows.get(key);
    if (w && this.now() - w.start < MINUTE) return w;
    if (w) this.windows.delete(key);
    return undefined;
  }

  /** Counts one request of `key`; whether it is over the limit now. */
  hit(key: string): boolean {
    let w = this.current(key);
    if (!w) {
      if (this.windows.size >= this.maxKeys) this.evict();
      w = { start: this.now(), count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.max;
  }

  /** Whether `key` has used up its minute (without counting a request). */
  spent(key: string): boolean {
    return (this.current(key)?.count ?? 0) >= this.max;
  }

  /** Seconds until `key`'s window ends (at least 1). */
  retryAfter(key: string): number {
    const w = this.current(key);
    return w ? Math.max(1, Math.ceil((w.start + MINUTE - this.now()) / 1000)) : 1;
  }

  /** The number of keys held (for tests of the bound). */
  get size(): number {
    return this.windows.size;
  }

  private evict(): void {
    const now = this.now();
    for (const [k, w] of this.windows) if (now - w.start >= MINUTE) this.windows.delete(k);
    // Still full: the oldest windows go (a Map iterates in insertion order).
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(k);
    }
  }
}

/**
 * Adds the limits to the page server, checked before any route runs (so before any lookup in
 * Temporal). `isLink(token)` says whether a token is a link the system signed (canonical, its MAC
 * valid; expired or not); `exceeded(why)` is the error the request is refused with (the server's
 * error handler sends the page). Answers carry `Retry-After`.
 */
export function registerLimits(
  app: FastifyInstance,
  settings: RequestLimitSettings,
  isLink: (token: string) => boolean,
  exceeded: (why: LimitExceeded) => Error,
  now: () => number = Date.now,
): void {
  const links = new MinuteCounter(settings.ratePerMinute, 10_000, now);
  const clients = new MinuteCounter(settings.clientRatePerMinute, 10_000, now);
  const refused = new MinuteCounter(settings.refusedPerMinute, 10_000, now);
  app.addHook('onRequest', async (req, reply) => {
    // The health probe of a monitor or load balancer asks often, and reads nothing of anyone's.
    if (req.url === HEALTH_PATH) return;
    const client = req.ip;
    const refuse = (why: LimitExceeded, counter: MinuteCounter, key: string): never => {
      void reply.header('retry-after', String(counter.retryAfter(key)));
      throw exceeded(why);
    };
    if (refused.spent(client)) refuse('refused', refused, client);
    if (clients.hit(client)) refuse('client', clients, client);
    const token = (req.params as { token?: unknown } | undefined)?.token;
    if (req.is404) {
      if (!BROWSER_PROBES.test(req.url)) refused.hit(client);
    } else if (typeof token === 'string') {
      if (!isLink(token)) refused.hit(client);
      else if (links.hit(token)) refuse('link', links, token);
    }
  });
}

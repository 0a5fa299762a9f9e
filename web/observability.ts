import http from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { redactLinkPath } from '../config/logging';
import { METRIC } from '../domain/metric-names';

/**
 * The page server's access log and metrics. The access log has one JSON line per request: method,
 * path with the link token replaced, route, status, duration; no query string, no address, no
 * cookie, no form field. The metrics (prom-client: the page server is not a Temporal worker, so
 * the SDK's exporter is not there) are served on their own address, never on the public one.
 */

/** Serializers for pino, so that any record Fastify writes about a request has no token. */
export const requestSerializers = {
  req: (req: { method?: string; url?: string }) => ({ method: req.method, path: redactLinkPath(req.url ?? '') }),
};

/** The page server's logger: the process's, with request records stripped of tokens. */
export function webLogger(base: PinoLogger): PinoLogger {
  return base.child({}, { serializers: requestSerializers });
}

/**
 * Fastify's request logging replaced by the access log: no "incoming request" line, and one line
 * per answered request instead of "request completed" (which would carry the raw URL).
 */
export class AccessLog extends LogController {
  override incomingRequest(): void {}

  /** Fastify's own "Route … not found" line names the raw URL: the path is logged redacted instead. */
  override routeNotFound(req: FastifyRequest): void {
    req.log.info({ method: req.method, path: redactLinkPath(req.url) }, 'route not found');
  }

  /** Fastify's line would carry the request (its URL): only the error's first line is kept. */
  override writeHeadError(error: Error, req: FastifyRequest): void {
    req.log.warn({ path: redactLinkPath(req.url), err: error.message.split('\n')[0] }, 'writeHead failed');
  }

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const record = {
      method: req.method,
      path: redactLinkPath(req.url),
      route: req.routeOptions.url ?? null,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (error) req.log.error({ ...record, err: error.message.split('\n')[0] }, 'request');
    else req.log.info(record, 'request');
  }
}

/** The page server's metrics: requests by route and status, links refused, and the process's own. */
export class WebMetrics {
  readonly registry = new Registry();
  private readonly refused = new Counter({
    name: `${METRIC.linksRefused}_total`,
    help: "Links to the units' pages refused, by HTTP status",
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly requests = new Histogram({
    name: 'kiemtra_web_request_duration_seconds',
    help: 'Page server requests by route and status',
    labelNames: ['route', 'status'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kiemtra_web_' });
  }

  /** Counts a refused link (forged, expired, superseded, for another unit, rate-limited, …). */
  linkRefused(status: number): void {
    this.refused.inc({ status: String(status) });
  }

  /** Observes every request (route pattern, never the path: no token in a label). */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', async (req, reply) => {
      this.requests.observe({ route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }

  /** Serves `/metrics` on `host:port`; resolves with a function that stops it. */
  async serve(host: string, port: number): Promise<{ address: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    const a = server.address() as { address: string; port: number };
    return { address: `${a.address}:${a.port}`, close: () => new Promise((r) => server.close(() => r())) };
  }
}

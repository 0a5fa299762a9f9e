import { ExitCode, UserFacingError } from './errors';
import { z } from '../domain/validation';

/**
 * Where the worker and the page server serve their Prometheus metrics (see docs/metrics.md).
 * Unset means no endpoint. Bind to loopback or a private interface: the metrics are for the
 * city's monitoring, not for the public.
 */
export interface MetricsSettings {
  /** KIEMTRA_METRICS_ADDRESS: the worker's endpoint (the Temporal SDK's exporter), `host:port`. */
  worker?: { host: string; port: number };
  /** KIEMTRA_WEB_METRICS_ADDRESS: the page server's endpoint (prom-client), `host:port`. */
  web?: { host: string; port: number };
  /** KIEMTRA_OVERDUE_GAUGE_SECONDS (default 60): how often the worker counts overdue workflows. */
  overdueEverySeconds: number;
}

const address = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'phải có dạng host:port, ví dụ 127.0.0.1:9464')
  .transform((s) => {
    const at = s.lastIndexOf(':');
    return { host: s.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(s.slice(at + 1)) };
  })
  .refine((a) => a.port >= 1 && a.port <= 65535, 'cổng phải từ 1 đến 65535');

const schema = z.object({
  KIEMTRA_METRICS_ADDRESS: address.optional(),
  KIEMTRA_WEB_METRICS_ADDRESS: address.optional(),
  KIEMTRA_OVERDUE_GAUGE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

/** Reads KIEMTRA_METRICS_ADDRESS, KIEMTRA_WEB_METRICS_ADDRESS, KIEMTRA_OVERDUE_GAUGE_SECONDS; a bad value is exit 2. */
export function loadMetricsSettings(env: NodeJS.ProcessEnv = process.env): MetricsSettings {
  const parsed = schema.safeParse({
    KIEMTRA_METRICS_ADDRESS: env.KIEMTRA_METRICS_ADDRESS || undefined,
    KIEMTRA_WEB_METRICS_ADDRESS: env.KIEMTRA_WEB_METRICS_ADDRESS || undefined,
    KIEMTRA_OVERDUE_GAUGE_SECONDS: env.KIEMTRA_OVERDUE_GAUGE_SECONDS || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new UserFacingError(`${variable}="${env[variable]}" không hợp lệ: ${issue.message}.`, ExitCode.badInput);
  }
  return {
    ...(parsed.data.KIEMTRA_METRICS_ADDRESS ? { worker: parsed.data.KIEMTRA_METRICS_ADDRESS } : {}),
    ...(parsed.data.KIEMTRA_WEB_METRICS_ADDRESS ? { web: parsed.data.KIEMTRA_WEB_METRICS_ADDRESS } : {}),
    overdueEverySeconds: parsed.data.KIEMTRA_OVERDUE_GAUGE_SECONDS,
  };
}

/** `host:port` for the SDK's bindAddress (IPv6 hosts in brackets). */
export function bindAddress(a: { host: string; port: number }): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

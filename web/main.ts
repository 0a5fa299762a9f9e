import { runMain } from '../config/errors';
import { loadWebSettings } from '../config/links';
import { createLogger, loadLogLevel } from '../config/logging';
import { loadMetricsSettings } from '../config/metrics';
import { loadTemporalSettings } from '../config/temporal';
import { loadWebTemporalTimeout } from '../config/web-timeout';
import { connectClient } from '../client/connect';
import { WebMetrics } from './observability';
import { buildWebServer } from './server';

/**
 * The units' page server, a process of its own (the worker is another): KIEMTRA_WEB_PORT (default
 * 8234), KIEMTRA_WEB_HOST (default 127.0.0.1: put it behind the city's reverse proxy and TLS),
 * KIEMTRA_PUBLIC_URL, KIEMTRA_LINK_KEY or KIEMTRA_LINK_KEY_FILE, KIEMTRA_UPLOADS_DIR; JSON logs at
 * KIEMTRA_LOG_LEVEL, metrics on KIEMTRA_WEB_METRICS_ADDRESS (docs/metrics.md); each Temporal call ends
 * after KIEMTRA_WEB_TEMPORAL_TIMEOUT_MS (a unit then reads "temporarily unavailable").
 */
async function main(): Promise<void> {
  const settings = loadWebSettings();
  const metricsSettings = loadMetricsSettings();
  const log = createLogger('web', loadLogLevel());
  const callTimeoutMs = loadWebTemporalTimeout();
  const temporal = loadTemporalSettings();
  const { client, connection } = await connectClient(temporal, { connectTimeout: 10_000, callTimeoutMs, channel: 'client' });
  const metrics = metricsSettings.web ? new WebMetrics() : undefined;
  const app = await buildWebServer({ settings, client, taskQueue: temporal.taskQueue, logger: log, ...(metrics ? { metrics } : {}) });
  const address = await app.listen({ port: settings.port, host: settings.host });
  const exporter = metrics && metricsSettings.web ? await metrics.serve(metricsSettings.web.host, metricsSettings.web.port) : undefined;
  log.info(
    { address, publicUrl: settings.publicUrl, ...(exporter ? { metrics: exporter.address } : {}) },
    `kiemtra trang đơn vị: ${address} (địa chỉ công khai ${settings.publicUrl})`,
  );
  const stop = () => {
    void app
      .close()
      .then(() => exporter?.close())
      .then(() => connection.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void runMain(main);

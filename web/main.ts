import { Client, Connection } from '@temporalio/client';
import { runMain } from '../config/errors';
import { loadWebSettings } from '../config/links';
import { connectionError, loadTemporalSettings } from '../config/temporal';
import { buildWebServer } from './server';

/**
 * The units' page server, a process of its own (the worker is another): KIEMTRA_WEB_PORT (default
 * 8234), KIEMTRA_WEB_HOST (default 127.0.0.1: put it behind the city's reverse proxy and TLS),
 * KIEMTRA_PUBLIC_URL, KIEMTRA_LINK_KEY or KIEMTRA_LINK_KEY_FILE, KIEMTRA_UPLOADS_DIR.
 */
async function main(): Promise<void> {
  const settings = loadWebSettings();
  const temporal = loadTemporalSettings();
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporal.connectionOptions, connectTimeout: 10_000 });
  } catch (err) {
    throw connectionError(temporal, err);
  }
  const app = await buildWebServer({ settings, client: new Client({ connection, namespace: temporal.namespace }) });
  const address = await app.listen({ port: settings.port, host: settings.host });
  process.stderr.write(`kiemtra trang đơn vị: ${address} (địa chỉ công khai ${settings.publicUrl})\n`);
  const stop = () => {
    void app.close().then(() => connection.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void runMain(main);

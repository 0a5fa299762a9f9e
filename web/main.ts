import { runMain } from '../config/errors';
import { loadWebSettings } from '../config/links';
import { loadTemporalSettings } from '../config/temporal';
import { connectClient } from '../client/connect';
import { buildWebServer } from './server';

/**
 * The units' page server, a process of its own (the worker is another): KIEMTRA_WEB_PORT (default
 * 8234), KIEMTRA_WEB_HOST (default 127.0.0.1: put it behind the city's reverse proxy and TLS),
 * KIEMTRA_PUBLIC_URL, KIEMTRA_LINK_KEY or KIEMTRA_LINK_KEY_FILE, KIEMTRA_UPLOADS_DIR.
 */
async function main(): Promise<void> {
  const settings = loadWebSettings();
  const { client, connection } = await connectClient(loadTemporalSettings(), { connectTimeout: 10_000 });
  const app = await buildWebServer({ settings, client });
  const address = await app.listen({ port: settings.port, host: settings.host });
  process.stderr.write(`kiemtra trang đơn vị: ${address} (địa chỉ công khai ${settings.publicUrl})\n`);
  const stop = () => {
    void app.close().then(() => connection.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void runMain(main);

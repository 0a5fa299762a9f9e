import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { loadTemporalSettings, connectionError } from '../config/temporal';
import { runMain } from '../config/errors';
import { loadWorkingCalendar } from '../loaders/calendar';
import { loadYearTargets } from '../loaders/targets';
import { loadLinkSettings } from '../config/links';
import { loadSmtpSettings } from '../config/smtp';
import { smtpTransport } from '../activities/email';
import { ExitCode, UserFacingError } from '../config/errors';
import { loadWorkerTuning } from '../config/worker';
import { createKiemtraWorker } from './worker';

/**
 * The worker process: validates its configuration once, connects, and polls the task queue
 * until SIGINT/SIGTERM, when it finishes in-flight tasks and exits.
 */
async function main(): Promise<void> {
  const settings = loadTemporalSettings();
  const tuning = loadWorkerTuning();
  const level = (process.env.KIEMTRA_LOG_LEVEL ?? 'WARN').toUpperCase() as LogLevel;
  Runtime.install({ logger: new DefaultLogger(level) });
  const calendar = loadWorkingCalendar();
  const targets = loadYearTargets();
  if (!process.env.SMTP_HOST) {
    throw new UserFacingError('chưa cấu hình SMTP_HOST (máy chủ gửi thư). `npm start` tự dùng hộp thư thử nghiệm tích hợp; khi chạy riêng worker, hãy đặt SMTP_HOST, SMTP_PORT, MAIL_FROM (xem README).', ExitCode.badInput);
  }
  const smtp = loadSmtpSettings();
  const links = loadLinkSettings();
  const mail = { transport: smtpTransport(smtp), settings: smtp, ...(links ? { links } : {}) };
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect(settings.connectionOptions);
  } catch (err) {
    throw connectionError(settings, err);
  }
  try {
    const worker = await createKiemtraWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      activityDeps: { calendar, targets, mail },
      tuning,
    });
    process.stderr.write(
      `kiemtra worker: đang nhận việc từ hàng đợi "${settings.taskQueue}" tại ${settings.address} (namespace ${settings.namespace}, Node ${process.versions.node})\n`,
    );
    await worker.run();
  } finally {
    await connection.close();
  }
}

void runMain(main);

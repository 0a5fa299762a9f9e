import { Client } from '@temporalio/client';
import { bundleWorkflowCode, makeTelemetryFilterString, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { loadTemporalSettings, connectionError } from '../config/temporal';
import { runMain } from '../config/errors';
import { loadWorkingCalendar } from '../loaders/calendar';
import { loadYearTargets } from '../loaders/targets';
import { loadLinkSettings } from '../config/links';
import { loadSmtpSettings } from '../config/smtp';
import { loadSigningSettings } from '../config/signing';
import { smtpTransport } from '../activities/email';
import { ExitCode, UserFacingError } from '../config/errors';
import { createLogger, loadLogLevel } from '../config/logging';
import { bindAddress, loadMetricsSettings } from '../config/metrics';
import { projectRoot } from '../config/paths';
import { defaultBuildId, loadWorkerDeployment, loadWorkerTuning } from '../config/worker';
import { promote, versionLabel } from './deployment';
import { PinoTemporalLogger } from './log';
import { startOverdueGauge } from './overdue';
import { createKiemtraWorker, workflowInterceptorModules, workflowsPath } from './worker';
import { loadRecordSettings } from '../config/records';
import { openRecordStore } from '../client/records/open';
import { Recorder } from './recorder';
import { loadTemplates } from '../config/templates';

/**
 * The worker process: validates its configuration once, installs the SDK runtime (JSON logs,
 * Prometheus metrics), bundles the workflows, joins its Worker Deployment Version, and polls the
 * task queue until SIGINT/SIGTERM, when it finishes in-flight tasks and exits.
 */
async function main(): Promise<void> {
  const settings = loadTemporalSettings();
  const tuning = loadWorkerTuning();
  const deployment = loadWorkerDeployment();
  const metrics = loadMetricsSettings();
  const recordSettings = loadRecordSettings();
  const level = loadLogLevel();
  const log = createLogger('worker', level);
  const calendar = loadWorkingCalendar();
  const targets = loadYearTargets();
  // The documents' templates (KIEMTRA_TEMPLATES or the defaults): a broken one stops the worker here.
  loadTemplates();
  if (!process.env.SMTP_HOST) {
    throw new UserFacingError(
      'chưa cấu hình SMTP_HOST (máy chủ gửi thư). `npm start` tự dùng hộp thư thử nghiệm tích hợp; khi chạy riêng worker, hãy đặt SMTP_HOST, SMTP_PORT, MAIL_FROM (xem README).',
      ExitCode.badInput,
    );
  }
  const smtp = loadSmtpSettings();
  const links = loadLinkSettings();
  // KIEMTRA_SIGNING_CA, checked here so a bad CA file stops the worker at start-up; the document
  // activities verify uploads with signatureVerifier(loadSigningSettings()) (documents/signature.ts).
  loadSigningSettings();
  const mail = { transport: smtpTransport(smtp), settings: smtp, ...(links ? { links } : {}) };
  const store = await openRecordStore().catch((err: unknown) => {
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError(`không mở được kho hồ sơ lưu trữ: ${(err as Error).message}`, ExitCode.failure);
  });

  const sdkLevel = level.toUpperCase() as LogLevel;
  // Installed once every setting is valid: an installed runtime keeps the process alive until a
  // connection or a worker has used it, so an exit-2 error after it would hang.
  Runtime.install({
    logger: new PinoTemporalLogger(log),
    telemetryOptions: {
      // The native core's messages go through the same JSON logger (its `other` crates at WARN).
      logging: { filter: makeTelemetryFilterString({ core: sdkLevel, other: 'WARN' }), forward: {} },
      ...(metrics.worker ? { metrics: { prometheus: { bindAddress: bindAddress(metrics.worker) } } } : {}),
    },
  });
  let connection: NativeConnection;
  try {
    connection = await NativeConnection.connect(settings.connectionOptions);
  } catch (err) {
    throw connectionError(settings, err);
  }
  try {
    const bundle = await bundleWorkflowCode({
      workflowsPath: workflowsPath(),
      workflowInterceptorModules: workflowInterceptorModules(),
      logger: new PinoTemporalLogger(
        log.child({ component: 'bundler' }, { level: level === 'trace' || level === 'debug' ? level : 'warn' }),
      ),
    });
    const version = {
      deploymentName: deployment.deploymentName,
      buildId: deployment.buildId ?? defaultBuildId(packageVersion(), bundle.code),
    };
    const worker = await createKiemtraWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      activityDeps: { calendar, targets, mail },
      workflowBundle: bundle,
      deployment: version,
      tuning,
    });
    const client = new Client({ connection, namespace: settings.namespace });
    const stopGauge = startOverdueGauge(
      client,
      Runtime.instance().metricMeter,
      (err) => log.warn({ err: (err as Error).message }, 'không đếm được quy trình quá hạn'),
      metrics.overdueEverySeconds * 1000,
    );
    const running = worker.run();
    // Awaited below, after the promotion; this only keeps an early failure from being "unhandled" meanwhile.
    running.catch(() => undefined);
    try {
      const { current, changed } = await promote(connection, settings.namespace, version, deployment.promote, worker.options.identity);
      if (changed)
        log.info(
          { version: versionLabel(version) },
          `kiemtra worker: phiên bản ${versionLabel(version)} là phiên bản hiện hành của ${version.deploymentName}`,
        );
      else if (current?.buildId !== version.buildId) {
        log.warn(
          { version: versionLabel(version), current: current ? versionLabel(current) : null },
          `kiemtra worker: phiên bản hiện hành là ${current ? versionLabel(current) : '(chưa có)'}; phiên bản này chỉ nhận quy trình khi được đặt làm hiện hành: temporal worker deployment set-current-version --deployment-name ${version.deploymentName} --build-id ${version.buildId}`,
        );
      }
    } catch (err) {
      log.error({ err: (err as Error).message }, `kiemtra worker: không đặt được phiên bản hiện hành cho ${version.deploymentName}`);
    }
    log.info(
      {
        taskQueue: settings.taskQueue,
        address: settings.address,
        namespace: settings.namespace,
        version: versionLabel(version),
        node: process.versions.node,
        ...(metrics.worker ? { metrics: bindAddress(metrics.worker) } : {}),
      },
      `kiemtra worker: đang nhận việc từ hàng đợi "${settings.taskQueue}" tại ${settings.address}, phiên bản ${versionLabel(version)} (Node ${process.versions.node})`,
    );
    const recorder = new Recorder({ client, store, settings: recordSettings, log, meter: Runtime.instance().metricMeter });
    try {
      recorder.logPass(await recorder.firstPass());
    } catch (err) {
      if (err instanceof UserFacingError) {
        stopGauge();
        worker.shutdown();
        await running.catch(() => undefined);
        throw err;
      }
      log.warn({ err: (err as Error).message }, 'kiemtra worker: lượt ghi hồ sơ lưu trữ đầu tiên bị lỗi, sẽ thử lại');
    }
    const stopRecorder = recorder.start();
    try {
      await running;
    } finally {
      stopGauge();
      stopRecorder();
    }
  } finally {
    await store.close();
    await connection.close();
  }
}

/** The package's version, the first part of the default build id. */
function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once at start-up
  return (require(`${projectRoot}/package.json`) as { version: string }).version;
}

void runMain(main);

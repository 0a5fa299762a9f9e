import type { Logger as PinoLogger } from 'pino';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

/**
 * The Temporal SDK's logger interface over pino: the SDK's own messages, the native core's
 * (forwarded, see worker/main.ts), and those of workflows and activities (`log`, `Context.log`)
 * all become JSON lines of the worker's logger, with the SDK's metadata (workflow id, run id,
 * activity type, `sdkComponent`) as fields.
 */
export class PinoTemporalLogger implements Logger {
  constructor(private readonly pino: PinoLogger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    // The SDK passes symbols and a bigint timestamp (nanoseconds) in meta: keep plain fields only.
    const fields: Record<string, unknown> = {};
    if (meta) for (const [k, v] of Object.entries(meta)) fields[k] = typeof v === 'bigint' ? v.toString() : v;
    this.pino[method](fields, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

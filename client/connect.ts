import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { connectionError, loadTemporalSettings, type TemporalSettings } from '../config/temporal';

/**
 * Runs a command with a Temporal client. Connection failures become exit 3 with one line; a refused
 * update (a validator's Vietnamese message) and an unknown workflow become exit 2.
 */
export async function withClient<T>(fn: (client: Client, settings: TemporalSettings) => Promise<T>): Promise<T> {
  const settings = loadTemporalSettings();
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...settings.connectionOptions, connectTimeout: 5_000 });
    await connection.workflowService.getSystemInfo({});
  } catch (err) {
    throw connectionError(settings, err);
  }
  try {
    return await fn(new Client({ connection, namespace: settings.namespace }), settings);
  } catch (err) {
    throw explain(err);
  } finally {
    await connection.close();
  }
}

function explain(err: unknown): unknown {
  if (err instanceof UserFacingError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    return new UserFacingError(err.cause?.message ?? err.message, ExitCode.badInput);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new UserFacingError(`không tìm thấy ${err.workflowId ?? 'cuộc kiểm tra'}: kiểm tra tên hoặc mã đơn vị và năm (--year).`, ExitCode.badInput);
  }
  const code = (err as { code?: number }).code;
  if (code === 14 || code === 4) return new UserFacingError(`mất kết nối tới Temporal: ${(err as Error).message.split('\n')[0]}`, ExitCode.connection);
  return err;
}

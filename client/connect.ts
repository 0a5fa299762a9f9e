import { Client, Connection, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { ExitCode, UserFacingError } from '../config/errors';
import { cliDebugLogger } from '../config/logging';
import { connectionError, loadTemporalSettings, type TemporalSettings } from '../config/temporal';
import type { Origin } from '../workflows/kit/origin';
import { NOT_READY, readerMessage } from '../workflows/kit/refusal';
import { withCallDeadline } from './deadline';
import { resolveIdentity } from './identity';
import { asOrigin, originInterceptor } from './origin-header';

/** gRPC FAILED_PRECONDITION, which the server answers while a workflow's last task has failed. */
const FAILED_PRECONDITION = 9;

/**
 * True for an update the server or the workflow refused before accepting it, for a reason that
 * passes: the inspection is still loading its calendar (`NotReady`), or its last workflow task
 * failed (a worker was killed or restarted mid-task) and the server is retrying it. Nothing was
 * recorded, so sending the update again is safe.
 */
export function isPassingRefusal(err: unknown): boolean {
  if (err instanceof WorkflowUpdateFailedError) return (err.cause as { type?: string } | undefined)?.type === NOT_READY;
  const e = err as { code?: number; details?: string; message?: string; cause?: { code?: number; details?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  return (
    code === FAILED_PRECONDITION &&
    /Workflow Task in failed state/i.test(`${e.details ?? e.message ?? ''} ${e.cause?.details ?? e.cause?.message ?? ''}`)
  );
}

/**
 * Executes an update, sending it again for up to `attempts` × 500 ms while the refusal is a
 * passing one ({@link isPassingRefusal}). Pass `updateId` to make the retries idempotent. Its
 * `kiemtra-via` header ({@link originInterceptor}) says who sent it: `origin` (the page server's: a
 * unit's link), else the client's own identity.
 */
export async function executeUpdateRetrying<Ret, Arg>(
  handle: WorkflowHandle,
  def: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  { updateId, attempts = 20, origin }: { updateId?: string; attempts?: number; origin?: Origin } = {},
): Promise<Ret> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await asOrigin(origin, () => handle.executeUpdate(def, { args: [arg], updateId }));
    } catch (err) {
      if (attempt >= attempts || !isPassingRefusal(err)) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Connects a Temporal client with the project's settings (the CLI and the page server alike). A
 * failure to connect, or with `probe` to answer a first call, is one Vietnamese line
 * ({@link connectionError}, exit 3). With `callTimeoutMs`, every call of the client ends after that
 * long at most (client/deadline.ts). The client's identity is who it acts for
 * ({@link resolveIdentity}): Temporal records it on every event the client causes, and every
 * start, update and signal carries it as its origin (`channel`: `cli` for the coordinators' CLI,
 * `client` for another program such as the page server; {@link originInterceptor}). The caller
 * closes `connection`.
 */
export async function connectClient(
  settings: TemporalSettings,
  {
    connectTimeout,
    probe = false,
    callTimeoutMs,
    channel = 'cli',
  }: { connectTimeout: number; probe?: boolean; callTimeoutMs?: number; channel?: Origin['channel'] },
): Promise<{ client: Client; connection: Connection }> {
  let connection: Connection;
  try {
    connection = await Connection.connect({
      ...settings.connectionOptions,
      connectTimeout,
      ...(callTimeoutMs ? { interceptors: withCallDeadline(callTimeoutMs) } : {}),
    });
    if (probe) await connection.workflowService.getSystemInfo({});
  } catch (err) {
    throw connectionError(settings, err);
  }
  const { identity } = resolveIdentity(settings);
  const client = new Client({
    connection,
    namespace: settings.namespace,
    identity,
    interceptors: { workflow: [originInterceptor({ channel, identity })] },
  });
  return { client, connection };
}

/**
 * Runs a command with a Temporal client. Connection failures become exit 3 with one line; a refused
 * update (a validator's Vietnamese message) and an unknown workflow become exit 2.
 */
export async function withClient<T>(fn: (client: Client, settings: TemporalSettings) => Promise<T>): Promise<T> {
  const settings = loadTemporalSettings();
  const debug = cliDebugLogger()?.child({ address: settings.address, namespace: settings.namespace, secured: settings.secured });
  const started = Date.now();
  let connected: { client: Client; connection: Connection };
  try {
    connected = await connectClient(settings, { connectTimeout: 5_000, probe: true });
  } catch (err) {
    debug?.debug(
      { err: ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message, ms: Date.now() - started },
      'connect failed',
    );
    throw err;
  }
  debug?.debug({ ms: Date.now() - started }, 'connected');
  const { client, connection } = connected;
  try {
    const result = await fn(client, settings);
    debug?.debug({ ms: Date.now() - started }, 'command done');
    return result;
  } catch (err) {
    debug?.debug(
      { err: (err as Error).message, code: (err as { code?: number }).code ?? null, ms: Date.now() - started },
      'command failed',
    );
    throw explain(await closedWorkflow(client, err));
  } finally {
    await connection.close();
  }
}

/** An update to a workflow that has ended is answered "not found": say that it has ended. */
async function closedWorkflow(client: Client, err: unknown): Promise<unknown> {
  if (!(err instanceof WorkflowNotFoundError) || !err.workflowId) return err;
  const status = await client.workflow
    .getHandle(err.workflowId)
    .describe()
    .then(
      (d) => d.status.name,
      () => undefined,
    );
  if (!status || status === 'RUNNING') return err;
  return new UserFacingError(
    `${err.workflowId} đã kết thúc (${status === 'COMPLETED' ? 'hoàn thành' : status}), không nhận thêm cập nhật; báo cáo hoặc việc này đã được ghi nhận trước đó. Xem tình hình bằng lệnh status.`,
    ExitCode.badInput,
  );
}

function explain(err: unknown): unknown {
  if (err instanceof UserFacingError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const { text, detail } = readerMessage(err.cause?.message ?? err.message);
    return new UserFacingError(text, ExitCode.badInput, detail);
  }
  if (err instanceof WorkflowNotFoundError) {
    return new UserFacingError(
      `không tìm thấy ${err.workflowId ?? 'cuộc kiểm tra'}: kiểm tra tên hoặc mã đơn vị và năm (--year).`,
      ExitCode.badInput,
    );
  }
  const code = (err as { code?: number }).code;
  const cause = (err as { cause?: { code?: number; details?: string } }).cause;
  if (cause?.code === 4 && /query timed out/i.test(cause.details ?? '')) {
    return new UserFacingError(
      'không có worker nào trả lời truy vấn: kiểm tra worker kiemtra đang chạy (npm start hoặc node dist/worker/main.js) rồi thử lại.',
      ExitCode.connection,
    );
  }
  if (isPassingRefusal(err)) {
    return new UserFacingError(
      'quy trình đang xử lý lại một bước bị lỗi nên chưa nhận cập nhật; thử lại sau ít phút, hoặc xem quy trình trên Temporal Web UI.',
      ExitCode.failure,
    );
  }
  if (code === 14 || code === 4)
    return new UserFacingError(`mất kết nối tới Temporal: ${(err as Error).message.split('\n')[0]}`, ExitCode.connection);
  return err;
}

/** A workflow's query answer, or undefined when the workflow does not exist. */
export async function queryIfExists<T>(client: Client, workflowId: string, query: QueryDefinition<T>): Promise<T | undefined> {
  try {
    return await client.workflow.getHandle(workflowId).query(query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

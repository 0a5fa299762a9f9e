import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { ISSUING_BODIES, type DocumentType, type IssuingBody } from '../domain/document-register';
import {
  allocateNumber,
  DOCUMENT_REGISTER_TYPE,
  documentRegisterWorkflowId,
  recordNumber,
  registerStartOptions,
  registerStateQuery,
  withdrawNumber,
  type RegisterEntry,
  type RegisterState,
  type RegisterUpdateInputs,
} from '../workflows/document-register/contract';
import { executeUpdateRetrying, queryIfExists } from './connect';
import { newSubmissionId } from './submission';

/**
 * The register of outgoing documents for every client (the CLI, and later the documents' own
 * workflows through an activity): allocate a number for a type issued by a body in a year, record
 * a number the Office's own system gave, withdraw a document, read a register. The year's
 * register opens at its first number.
 */

/** Which register: the issuing body and the year. */
export interface RegisterKey {
  body: IssuingBody;
  year: number;
  /** The types numbered in their own series, used only when this call opens the register. */
  ownSeries?: DocumentType[];
}

/** How an update is sent: the task queue to open the register on, and the request's id. */
export interface RegisterCall {
  taskQueue: string;
  /**
   * The request's id (the Temporal update id). A request sent again with the same id, by a retry
   * or after a crash, gets the same entry back and never a second number. Defaults to a new id.
   */
  requestId?: string;
}

/** What a number's allocation answers: the entry and the register it is in. */
export interface Allocation {
  workflowId: string;
  entry: RegisterEntry;
}

/**
 * True for an error after which the same request is sent again (same id, so never entered twice):
 * the run that was about to take it continued as new, or the server lost track of it while the
 * worker restarted. A refusal of the register (a validator's message) is not one of them.
 */
export function isResendable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateFailedError) return false;
  const text = `${(err as Error)?.message ?? ''} ${((err as { cause?: Error })?.cause as Error | undefined)?.message ?? ''}`;
  return /continued as new|continued-as-new|already completed|workflow execution .*(completed|closed)|aborted|update.*(not found|was rejected by the server)/i.test(
    text,
  );
}

async function send<K extends keyof RegisterUpdateInputs>(
  client: Client,
  key: RegisterKey,
  call: RegisterCall,
  name: K,
  input: RegisterUpdateInputs[K],
  open: boolean,
): Promise<Allocation> {
  const options = registerStartOptions({ body: key.body, year: key.year, ownSeries: key.ownSeries ?? [] }, call.taskQueue);
  const updateId = call.requestId ?? newSubmissionId();
  const definition = { allocate: allocateNumber, record: recordNumber, withdraw: withdrawNumber }[name];
  // The register usually exists: send the update first, and open the register only when it is not found.
  let opened = false;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = client.workflow.getHandle(options.workflowId);
      const entry = await executeUpdateRetrying(handle, definition as typeof allocateNumber, input as RegisterUpdateInputs['allocate'], {
        updateId,
      });
      return { workflowId: options.workflowId, entry };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && open && !opened) {
        // USE_EXISTING: of several processes opening it at once, all get the same register.
        await client.workflow.start(DOCUMENT_REGISTER_TYPE, options);
        opened = true;
        continue;
      }
      if (err instanceof WorkflowNotFoundError && !open)
        throw new UserFacingError(
          `chưa có sổ đăng ký văn bản đi năm ${key.year} của ${ISSUING_BODIES[key.body].name} (${key.body}): chưa cấp số nào trong năm.`,
          ExitCode.badInput,
        );
      if (attempt >= 20 || !isResendable(err)) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Allocates the next number of `type` in the body's register of the year (opening it if needed). */
export function allocate(
  client: Client,
  key: RegisterKey,
  request: RegisterUpdateInputs['allocate'],
  call: RegisterCall,
): Promise<Allocation> {
  return send(client, key, call, 'allocate', request, true);
}

/** Records a number the Office's own system gave; refused (exit 2 in the CLI) if already used. */
export function record(client: Client, key: RegisterKey, request: RegisterUpdateInputs['record'], call: RegisterCall): Promise<Allocation> {
  return send(client, key, call, 'record', request, true);
}

/** Marks a document withdrawn; its number stays used. */
export function withdraw(
  client: Client,
  key: RegisterKey,
  request: RegisterUpdateInputs['withdraw'],
  call: RegisterCall,
): Promise<Allocation> {
  return send(client, key, call, 'withdraw', request, false);
}

/** A body's register of a year, or undefined when no number was given that year. */
export function readRegister(client: Client, key: Pick<RegisterKey, 'body' | 'year'>): Promise<RegisterState | undefined> {
  return queryIfExists(client, documentRegisterWorkflowId(key.year, key.body), registerStateQuery);
}

/** The open registers, by workflow id, filtered by year and body. */
export async function listRegisters(client: Client, filter: { year?: number; body?: IssuingBody }): Promise<RegisterState[]> {
  const prefix = filter.year === undefined ? 'register-' : `register-${filter.year}-`;
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowType = '${DOCUMENT_REGISTER_TYPE}' AND ExecutionStatus = 'Running'` }))
    if (wf.workflowId.startsWith(prefix)) ids.push(wf.workflowId);
  const states: RegisterState[] = [];
  for (const id of [...new Set(ids)].sort()) {
    const s = await queryIfExists(client, id, registerStateQuery);
    if (s && (filter.body === undefined || s.body === filter.body)) states.push(s);
  }
  return states;
}

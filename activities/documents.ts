import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { documentRegisterWorkflowId, REGISTER_WORKFLOW, type DocumentType, type IssuingBody } from '../domain/document-register';
import type { DocumentKind, IssueFacts, StoredFile } from '../domain/documents';

/**
 * The activities of a document's life: draft it (render through the injected renderer and keep the
 * file content-addressed under the documents folder), verify a signed PDF's signature (through the
 * injected verifier), take or record its number in the register of outgoing documents, withdraw it
 * there. The renderer and the verifier are dependencies, so tests pass doubles and the worker the
 * real ones (documents/, the PAdES verifier).
 */

/** What the renderer makes of a document: the .docx, the PDF where LibreOffice is installed, a file name. */
export interface RenderedDocument {
  docx: Buffer;
  pdf?: Buffer;
  name: string;
}

/**
 * Renders a kind of document from what its workflow holds: an inspection's state for an
 * inspection's kinds, a round document's plan facts and content for a round's kinds
 * (worker/documents.ts reads each; typed loosely here: activities may not import workflows/).
 */
export type RenderDocument = (kind: DocumentKind, state: unknown, facts: IssueFacts) => Promise<RenderedDocument>;

/** The verdict on a signed PDF's digital signature; `message` is Vietnamese. */
export type SignatureVerdict = { ok: true; signer: string; signedAt: string } | { ok: false; message: string };
export type VerifySignature = (pdf: Buffer) => Promise<SignatureVerdict>;

/** What the document activities need. */
export interface DocumentDeps {
  /** The folder of the content-addressed store (config/paths.ts `documentsDir`). */
  dir: string;
  render: RenderDocument;
  verifySignature: VerifySignature;
}

/** The failure type of a refusal by the register (a number already used): never retried. */
export const REGISTER_REFUSED = 'RegisterRefused';
/** The failure type of a file missing from the store. */
export const DOCUMENT_FILE_MISSING = 'DocumentFileMissing';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Writes content into the store under its hash (once; a second write of the same bytes is a no-op). */
export async function storeContent(dir: string, content: Buffer, name: string, type: string): Promise<StoredFile> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, sha256);
  try {
    await fs.access(file);
  } catch {
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  }
  return { sha256, name, size: content.length, type };
}

/** Reads a stored file by its hash. */
export async function readStored(dir: string, sha256: string): Promise<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw ApplicationFailure.nonRetryable(`bad sha256 ${sha256}`, DOCUMENT_FILE_MISSING);
  try {
    return await fs.readFile(path.join(dir, sha256));
  } catch {
    throw ApplicationFailure.nonRetryable(`Không tìm thấy tệp ${sha256.slice(0, 12)}… trong kho văn bản`, DOCUMENT_FILE_MISSING);
  }
}

/** A request for a number: allocated by the register, or the Office's own (`number`), recorded. */
export interface TakeNumberInput {
  body: IssuingBody;
  year: number;
  type: DocumentType;
  subject: string;
  by: string;
  signer?: string;
  /** "08/TB-VP" given by the Office's own document system; absent: the register allocates. */
  number?: string;
  issuedOn?: string;
  /** The update id: the same request sent again (a retry) gets the same entry back. */
  requestId: string;
}

/** What the register answered. */
export interface TakenNumber {
  registerId: string;
  number: number;
  symbol: string;
  issuedOn: string;
}

async function registerUpdate<T>(
  client: Client,
  body: IssuingBody,
  year: number,
  name: string,
  args: unknown,
  requestId: string,
): Promise<T> {
  const workflowId = documentRegisterWorkflowId(year, body);
  for (let opened = false; ;) {
    try {
      return (await client.workflow.getHandle(workflowId).executeUpdate(name, { args: [args], updateId: requestId })) as T;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && !opened && name !== REGISTER_WORKFLOW.updates.withdraw) {
        // The first number of the year opens the register (USE_EXISTING: concurrent openers share it).
        await client.workflow.start(REGISTER_WORKFLOW.type, {
          taskQueue: Context.current().info.taskQueue,
          workflowId,
          args: [{ schemaVersion: 1, body, year, ownSeries: [] }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          staticSummary: `Sổ đăng ký văn bản đi năm ${year} (${body})`,
        });
        opened = true;
        continue;
      }
      if (err instanceof WorkflowUpdateFailedError) {
        // The register's own refusal (a number already used, a bad symbol): its message, never retried.
        throw ApplicationFailure.nonRetryable(String(err.cause?.message ?? err.message), REGISTER_REFUSED);
      }
      // Anything else (the run continued as new, the server restarting): the retry sends the same id.
      throw err;
    }
  }
}

/** Creates the document activities. */
export function createDocumentActivities(deps: DocumentDeps) {
  return {
    /** Renders a document and keeps its files (the .docx, and the PDF when made) in the store. */
    async draftDocument(input: { kind: DocumentKind; state: unknown; facts: IssueFacts }): Promise<StoredFile[]> {
      const r = await deps.render(input.kind, input.state, input.facts);
      const files = [await storeContent(deps.dir, r.docx, `${r.name}.docx`, DOCX)];
      if (r.pdf) files.push(await storeContent(deps.dir, r.pdf, `${r.name}.pdf`, 'application/pdf'));
      return files;
    },

    /** Verifies the digital signature of a stored PDF. */
    async verifySignedPdf(input: { sha256: string }): Promise<SignatureVerdict> {
      return deps.verifySignature(await readStored(deps.dir, input.sha256));
    },

    /**
     * Takes a number in the register of the body and year through the worker's client, or records
     * the Office's own; the request id makes a retry return the same number.
     */
    async takeNumber(input: TakeNumberInput): Promise<TakenNumber> {
      const client = Context.current().client;
      const registerId = documentRegisterWorkflowId(input.year, input.body);
      const common = { type: input.type, subject: input.subject, by: input.by, ...(input.signer ? { signer: input.signer } : {}) };
      const entry = await registerUpdate<{ number: number; symbol: string; issuedOn: string }>(
        client,
        input.body,
        input.year,
        input.number ? REGISTER_WORKFLOW.updates.record : REGISTER_WORKFLOW.updates.allocate,
        input.number ? { ...common, number: input.number, ...(input.issuedOn ? { issuedOn: input.issuedOn } : {}) } : common,
        input.requestId,
      );
      return { registerId, number: entry.number, symbol: entry.symbol, issuedOn: entry.issuedOn };
    },

    /** Marks a document's number withdrawn in its register (the number stays used). */
    async withdrawNumber(input: {
      body: IssuingBody;
      year: number;
      symbol: string;
      reason: string;
      by: string;
      requestId: string;
    }): Promise<void> {
      const client = Context.current().client;
      await registerUpdate(
        client,
        input.body,
        input.year,
        REGISTER_WORKFLOW.updates.withdraw,
        { number: input.symbol, reason: input.reason, by: input.by },
        input.requestId,
      );
    },
  };
}

/** Attachments of an email, read from the store. */
export async function readAttachments(
  dir: string,
  files: readonly StoredFile[],
): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
  return Promise.all(files.map(async (f) => ({ filename: f.name, content: await readStored(dir, f.sha256), contentType: f.type })));
}

import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { localDateOf } from '../../domain/dates';
import { defaultSigner } from '../../domain/document-life';
import { DOCUMENT_KINDS, type DocumentSigner, type InspectionDocumentKind } from '../../domain/documents';
import type { EmailKind } from '../../emails/kinds';
import type { EmailData } from '../../emails/templates';
import { record, SYSTEM } from '../kit/history';
import { register, renderer, verifier } from '../kit/document-activities';
import { readerMessage, refuse } from '../kit/refusal';
import type { DocumentJob } from './desk-jobs';
import { addDraft, applyIssue, applyUpload, applyWithdraw, attachmentsOf, issueFacts, latest, markSent, replaceFiles } from './documents';
import { deadlineOf, transition } from './state';
import type { InspectionDocument, InspectionState } from './types';

/**
 * The workflow side of the documents: runs the jobs the updates and the timed actions ask for
 * (./desk-jobs.ts) through activities, applies their results to the state with the pure rules
 * (./documents.ts), and sends an issued document with its email. A job from a command runs in the
 * command's handler, so a refusal (a used number, a broken signature) fails that command and
 * changes nothing; a job of the system runs in the main loop before the mail, and a failure is
 * recorded in history.
 */

/** What the desk needs of the workflow. */
export interface DeskContext {
  state: InspectionState;
  workflowId: string;
  nowIso: () => string;
  /** Whether an issued Thông báo kết luận is sent to the unit (executions from December 2026 on). */
  sendsConclusionNotice: () => boolean;
  /** Queues an email with the issued file attached, and the visit invite when `method` is set. */
  send: (
    kind: EmailKind,
    to: string[],
    extra: Partial<EmailData>,
    method: 'REQUEST' | undefined,
    attachments: InspectionDocument['files'],
  ) => void;
}

/** The message of an activity's failure, as a person reads it. */
function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}

/** The register's refusal of a command (a number already used), or undefined for another failure. */
function registerRefusal(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === 'RegisterRefused' ? readerMessage(cause.message).text : undefined;
}

/** Creates the desk of one inspection. */
export function createDesk(ctx: DeskContext) {
  const { state } = ctx;
  const queue: DocumentJob[] = [];
  const byId = (id: string) => state.documents!.find((d) => d.id === id)!;
  const autoIssued = (kind: InspectionDocumentKind) => state.config.documents?.autoIssue.includes(kind) ?? false;
  const subject = (kind: InspectionDocumentKind) => `${DOCUMENT_KINDS[kind].label} tại ${state.config.unit.name}`;

  async function render(kind: InspectionDocumentKind, doc?: InspectionDocument) {
    return renderer.draftDocument({ kind, state, facts: doc ? issueFacts(doc) : {} });
  }

  /** The email an issued document goes with, by kind (the notice moves the inspection to notified). */
  function sendIssued(doc: InspectionDocument, at: string): void {
    const unit = state.config.unit.emails;
    const files = attachmentsOf(doc);
    const document = {
      label: DOCUMENT_KINDS[doc.kind].label,
      ...(doc.symbol ? { symbol: doc.symbol } : {}),
      issuedOn: doc.issuedOn,
      attached: files.length > 0,
    };
    const info = (id: string) => {
      const d = deadlineOf(state, id);
      return d ? { deadline: { date: d.date, rule: d.rule, basis: d.basis } } : {};
    };
    switch (doc.kind) {
      case 'schedule_notice':
        if (state.stage === 'scheduled') {
          transition(state, 'notified', SYSTEM, `Đã gửi ${DOCUMENT_KINDS[doc.kind].label}${doc.symbol ? ` số ${doc.symbol}` : ''}`, at);
          ctx.send('notice', unit, { document, ...info('notice') }, 'REQUEST', files);
        } else if (state.stage === 'notified') ctx.send('revised_notice', unit, { document }, 'REQUEST', files);
        else return;
        break;
      case 'draft_conclusion':
        if (!state.draft) return;
        ctx.send(
          'draft_conclusion',
          unit,
          { document, recommendationsDraft: state.draft.recommendations, meetingDate: state.draft.meetingDate, ...info('response') },
          undefined,
          files,
        );
        break;
      case 'conclusion':
        if (!state.conclusion) return;
        ctx.send('conclusion', unit, { document, conclusion: state.conclusion, recommendations: state.recommendations }, undefined, files);
        break;
      case 'conclusion_notice':
        if (!state.conclusion || !ctx.sendsConclusionNotice()) return;
        ctx.send('conclusion_notice', unit, { document, conclusion: state.conclusion }, undefined, files);
        break;
      default:
        return;
    }
    markSent(doc, at);
  }

  /** Numbers (or records the Office's number), renders the issued version, issues and sends. */
  async function issue(doc: InspectionDocument, by: string, number?: string, signer?: DocumentSigner): Promise<void> {
    const kind = DOCUMENT_KINDS[doc.kind];
    const c = state.conclusion;
    const concluded: DocumentSigner | undefined =
      doc.kind === 'conclusion' && c
        ? { name: c.signer, position: c.position ?? '', ...(c.authority ? { authority: c.authority, signsFor: c.signsFor } : {}) }
        : undefined;
    const chosen = signer ?? doc.signer ?? concluded ?? defaultSigner(doc.kind, state.team, state.config.documents);
    const today = localDateOf(Date.now());
    let taken: { symbol: string; registerId: string; issuedOn: string } | undefined;
    if (kind.numbered) {
      taken = await register.takeNumber({
        body: kind.body,
        year: Number(today.slice(0, 4)),
        type: kind.type,
        subject: subject(doc.kind),
        by,
        ...(chosen ? { signer: chosen.name } : {}),
        ...(number ? { number, issuedOn: today } : {}),
        requestId: `${ctx.workflowId}:${doc.id}:${number ? `record:${number}` : 'allocate'}`,
      });
    }
    const issuedOn = taken?.issuedOn ?? today;
    // The uploaded signed PDF is the issued file; otherwise the draft is rendered with its number.
    let files = doc.files;
    if (!doc.signed?.file) {
      const numbered: InspectionDocument = {
        ...doc,
        issuedOn,
        ...(taken ? { symbol: taken.symbol } : {}),
        ...(chosen ? { signer: chosen } : {}),
      };
      try {
        files = await render(doc.kind, numbered);
      } catch (err) {
        record(state.history, { actor: SYSTEM, action: `Không lập được bản ban hành ${kind.label}`, detail: failureMessage(err) });
      }
    }
    const at = ctx.nowIso();
    applyIssue(
      state,
      doc,
      { ...(taken ? { symbol: taken.symbol, register: taken.registerId } : {}), issuedOn, ...(chosen ? { signer: chosen } : {}), files },
      at,
      by,
    );
    sendIssued(doc, at);
  }

  /** Runs one job; a refusal of a command's job is thrown as the command's refusal. */
  async function run(job: DocumentJob, command: boolean): Promise<void> {
    switch (job.type) {
      case 'draft': {
        let files: InspectionDocument['files'] = [];
        try {
          files = await render(job.kind);
        } catch (err) {
          record(state.history, {
            actor: SYSTEM,
            action: `Không lập được dự thảo ${DOCUMENT_KINDS[job.kind].label}`,
            detail: failureMessage(err),
          });
        }
        const doc = addDraft(state, job.kind, files, ctx.nowIso(), job.by);
        const now = job.thenIssue || (autoIssued(job.kind) && !(job.kind === 'schedule_notice' && state.stage === 'scheduled'));
        if (now) await runSystem({ type: 'issue', docId: doc.id, by: SYSTEM });
        return;
      }
      case 'render': {
        const doc = latest(state, job.kind);
        try {
          const files = await render(job.kind);
          // A kind whose draft could not be made (no renderer then) gets its first draft now.
          if (!doc || doc.state === 'withdrawn') addDraft(state, job.kind, files, ctx.nowIso(), job.by);
          else replaceFiles(state, doc, files, ctx.nowIso(), job.by);
        } catch (err) {
          if (command) refuse(`Không lập lại được ${DOCUMENT_KINDS[job.kind].label}: ${failureMessage(err)}`, 'render failed');
          throw err;
        }
        return;
      }
      case 'upload': {
        const doc = byId(job.docId);
        let verdict;
        try {
          verdict = await verifier.verifySignedPdf({ sha256: job.file.sha256 });
        } catch (err) {
          refuse(`Không kiểm tra được chữ ký số: ${failureMessage(err)}`, 'verification failed');
        }
        if (!verdict.ok) refuse(`Bản ký số không hợp lệ: ${verdict.message}`, 'invalid signature');
        applyUpload(state, doc, job.file, verdict, ctx.nowIso(), job.by);
        return;
      }
      case 'issue': {
        const doc = byId(job.docId);
        // Issued meanwhile (a command and the timed action at once): never a second number.
        if (doc.state !== 'drafted' && doc.state !== 'signed') return;
        try {
          await issue(doc, job.by, job.number, job.signer);
        } catch (err) {
          const refused = registerRefusal(err);
          if (command) refuse(refused ?? `Không cấp được số: ${failureMessage(err)}`, 'issue failed');
          record(state.history, {
            actor: SYSTEM,
            action: `Không ban hành được ${DOCUMENT_KINDS[doc.kind].label}`,
            detail: refused ?? failureMessage(err),
          });
        }
        return;
      }
      case 'withdraw': {
        const doc = byId(job.docId);
        const year = Number((doc.issuedOn ?? localDateOf(Date.now())).slice(0, 4));
        try {
          await register.withdrawNumber({
            body: DOCUMENT_KINDS[doc.kind].body,
            year,
            symbol: doc.symbol!,
            reason: job.reason,
            by: job.by,
            requestId: `${ctx.workflowId}:${doc.id}:withdraw`,
          });
        } catch (err) {
          refuse(registerRefusal(err) ?? `Không thu hồi được số ${doc.symbol}: ${failureMessage(err)}`, 'withdraw failed');
        }
        applyWithdraw(state, doc, job.reason, ctx.nowIso(), job.by);
        return;
      }
    }
  }

  /** A system job: its failure is recorded, never thrown. */
  async function runSystem(job: DocumentJob): Promise<void> {
    try {
      await run(job, false);
    } catch (err) {
      record(state.history, { actor: SYSTEM, action: 'Không xử lý được văn bản', detail: failureMessage(err) });
    } finally {
      if ('docId' in job) delete byId(job.docId).busy;
    }
  }

  return {
    /** Queues a job of the system (run by the main loop, before the mail). */
    later(job: DocumentJob): void {
      queue.push(job);
    },
    /** Runs a command's job now; a refusal fails the command and the state is as before. */
    async command(job: DocumentJob): Promise<void> {
      try {
        await run(job, true);
      } finally {
        if ('docId' in job) delete byId(job.docId).busy;
      }
    },
    pending: () => queue.length > 0,
    /** Runs the queued jobs of the system, in order. */
    async drain(): Promise<void> {
      while (queue.length > 0) await runSystem(queue.shift()!);
    },
    /** Issues the latest revision of a kind as the system (its legal moment came and it is auto-issued). */
    autoIssue(kind: InspectionDocumentKind): void {
      const doc = latest(state, kind);
      if (!doc || doc.state === 'withdrawn') queue.push({ type: 'draft', kind, by: SYSTEM, thenIssue: true });
      else if ((doc.state === 'drafted' || doc.state === 'signed') && !doc.busy) {
        doc.busy = 'issue';
        queue.push({ type: 'issue', docId: doc.id, by: SYSTEM });
      }
    },
  };
}

export type Desk = ReturnType<typeof createDesk>;

import { ActivityFailure, ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { localDateOf } from '../../domain/dates';
import { DOCUMENT_KINDS, type DocumentSigner, type IssueFacts, type StoredFile } from '../../domain/documents';
import { plannedRoundSigner } from '../../domain/round-documents';
import { startInput } from '../common';
import { SYSTEM, record } from '../kit/history';
import { runProcess } from '../kit/process';
import { createPublisher } from '../kit/publish';
import { register, renderer, verifier } from '../kit/document-activities';
import { readerMessage, refuse } from '../kit/refusal';
import type { UpdateTable } from '../kit/updates';
import { SA } from '../search-attributes';
import {
  ROUND_DOCUMENT_INPUT_SCHEMAS,
  roundDocumentStateQuery,
  roundDocumentUpdates,
  roundDocumentUpdateSchemas,
  type RoundDocument,
  type RoundDocumentConfig,
  type RoundDocumentInput,
  type RoundDocumentState,
  type RoundDocumentUpdateSchemas,
} from './contract';
import {
  addDraft,
  applyIssue,
  applySign,
  applyUpload,
  applyWithdraw,
  checkDraft,
  checkedRoundSigner,
  checkIssue,
  checkNotBusy,
  initialRoundDocumentState,
  issueFacts,
  issueSigner,
  latestRevision,
  refuseStage,
  roundDocumentDetails,
  stageOf,
  type RoundDocumentStage,
} from './rules';

/**
 * One document of a whole round through its life (docs/documents-life.md): drafted by kiemtra
 * (the Decision from the plan's team and decisions, the report from the content the client
 * computed), signed by a command of the signer or by the upload of a signed PDF whose signature
 * the verifier checks, numbered from the register of its issuing body and issued, kept. The
 * updates that need an activity run it in their handler, so its refusal fails that command and
 * leaves the state as it was; every refusal the rules can make is in the validator.
 */

interface CheckContext {
  state: RoundDocumentState;
  config: RoundDocumentConfig;
}
interface ApplyContext extends CheckContext {
  at: string;
}

/** The work an update asks for, done by activities after its apply (an apply is synchronous). */
type Job =
  | { type: 'draft'; by: string; report?: RoundDocument['report'] }
  | { type: 'upload'; file: StoredFile; by: string }
  | { type: 'issue'; by: string; number?: string; signer?: DocumentSigner }
  | { type: 'withdraw'; reason: string; by: string };

function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const m = cause instanceof Error ? cause.message : String(cause);
  return cause instanceof ApplicationFailure ? readerMessage(m).text : m;
}

const ALL: RoundDocumentStage[] = ['none', 'drafted', 'signed', 'issued', 'sent', 'withdrawn'];

/** The update table: every update with its stages, its check (validator) and its apply. */
function table(job: (j: Job) => void): UpdateTable<RoundDocumentUpdateSchemas, RoundDocumentStage, CheckContext, ApplyContext> {
  return {
    draft: {
      stages: ALL,
      check: (c, p) => checkDraft(c.state, p),
      apply: (_a, p) => job({ type: 'draft', by: p.by, ...(p.report ? { report: p.report } : {}) }),
    },
    sign: {
      stages: ['drafted'],
      check: (c, p) => {
        checkNotBusy(c.state);
        checkedRoundSigner(c.config, p.signer);
      },
      apply: (a, p) => applySign(a.state, checkedRoundSigner(a.config, p.signer), a.at, p.by),
    },
    upload: {
      stages: ['drafted'],
      check: (c) => checkNotBusy(c.state),
      apply: (a, p) => {
        latestRevision(a.state)!.busy = 'upload';
        job({ type: 'upload', file: p.file, by: p.by });
      },
    },
    issue: {
      stages: ['drafted', 'signed'],
      check: (c, p) => checkIssue(c.state, c.config, p),
      apply: (a, p) => {
        latestRevision(a.state)!.busy = 'issue';
        job({
          type: 'issue',
          by: p.by,
          ...(p.number ? { number: p.number } : {}),
          ...(p.signer ? { signer: checkedRoundSigner(a.config, p.signer) } : {}),
        });
      },
    },
    withdraw: {
      stages: ['drafted', 'signed', 'issued', 'sent'],
      check: (c) => checkNotBusy(c.state),
      apply: (a, p) => {
        const doc = latestRevision(a.state)!;
        if (!doc.symbol) return applyWithdraw(a.state, doc, p.reason, a.at, p.by);
        doc.busy = 'withdraw';
        job({ type: 'withdraw', reason: p.reason, by: p.by });
      },
    },
  };
}

const WHAT: Record<string, string> = {
  draft: 'lập dự thảo',
  sign: 'ký duyệt',
  upload: 'tải lên bản ký số của',
  issue: 'ban hành',
  withdraw: 'thu hồi',
};

/** A round's document, from its first draft to its issue (and a withdrawal or a new revision). */
export async function roundDocument(input: RoundDocumentInput): Promise<RoundDocumentState> {
  const config = startInput(ROUND_DOCUMENT_INPUT_SCHEMAS[1](), input);
  const state = initialRoundDocumentState(workflowInfo().workflowId, config, Date.now());
  const kind = DOCUMENT_KINDS[config.kind];
  let pending: Job | undefined;
  const nowIso = () => new Date().toISOString();

  const render = (doc: { report?: RoundDocument['report']; draftedOn: string }, facts: IssueFacts) =>
    renderer.draftDocument({
      kind: config.kind,
      state: { plan: config.plan, draftedOn: doc.draftedOn, ...(doc.report ? { report: doc.report } : {}) },
      facts,
    });

  async function run(job: Job): Promise<void> {
    switch (job.type) {
      case 'draft': {
        const draftedOn = localDateOf(Date.now());
        const planned = plannedRoundSigner(config.kind, config.signers);
        let files: StoredFile[];
        try {
          files = await render({ draftedOn, ...(job.report ? { report: job.report } : {}) }, planned ? { signer: planned } : {});
        } catch (err) {
          refuse(`Không lập được dự thảo ${state.label}: ${failureMessage(err)}`, 'draft failed');
        }
        addDraft(state, files, { at: nowIso(), by: job.by, draftedOn, ...(job.report ? { report: job.report } : {}) });
        return;
      }
      case 'upload': {
        const doc = latestRevision(state)!;
        let verdict;
        try {
          verdict = await verifier.verifySignedPdf({ sha256: job.file.sha256 });
        } catch (err) {
          refuse(`Không kiểm tra được chữ ký số: ${failureMessage(err)}`, 'verification failed');
        }
        if (!verdict.ok) refuse(`Bản ký số không hợp lệ: ${verdict.message}`, 'invalid signature');
        applyUpload(state, doc, job.file, verdict, config.signers, nowIso(), job.by);
        return;
      }
      case 'issue': {
        const doc = latestRevision(state)!;
        const signer = issueSigner(config, doc, job.signer);
        const today = localDateOf(Date.now());
        let taken;
        try {
          taken = await register.takeNumber({
            body: kind.body,
            year: Number(today.slice(0, 4)),
            type: kind.type,
            subject: `${state.label}: ${config.plan.title}`,
            by: job.by,
            ...(signer ? { signer: signer.name } : {}),
            ...(job.number ? { number: job.number, issuedOn: today } : {}),
            requestId: `${state.workflowId}:${doc.id}:${job.number ? `record:${job.number}` : 'allocate'}`,
          });
        } catch (err) {
          refuse(failureMessage(err), 'issue failed');
        }
        // The uploaded signed PDF is the issued file; otherwise the draft is rendered with its number.
        let files = doc.files;
        if (!doc.signed?.file) {
          const numbered: RoundDocument = { ...doc, symbol: taken.symbol, issuedOn: taken.issuedOn, ...(signer ? { signer } : {}) };
          try {
            files = await render(doc, issueFacts(numbered));
          } catch (err) {
            record(state.history, { actor: SYSTEM, action: `Không lập được bản ban hành ${state.label}`, detail: failureMessage(err) });
          }
        }
        applyIssue(
          state,
          doc,
          { symbol: taken.symbol, register: taken.registerId, issuedOn: taken.issuedOn, ...(signer ? { signer } : {}), files },
          nowIso(),
          job.by,
        );
        return;
      }
      case 'withdraw': {
        const doc = latestRevision(state)!;
        try {
          await register.withdrawNumber({
            body: kind.body,
            year: Number((doc.issuedOn ?? localDateOf(Date.now())).slice(0, 4)),
            symbol: doc.symbol!,
            reason: job.reason,
            by: job.by,
            requestId: `${state.workflowId}:${doc.id}:withdraw`,
          });
        } catch (err) {
          refuse(`Không thu hồi được số ${doc.symbol}: ${failureMessage(err)}`, 'withdraw failed');
        }
        applyWithdraw(state, doc, job.reason, nowIso(), job.by);
        return;
      }
    }
  }

  const publisher = createPublisher();
  return runProcess({
    state,
    query: roundDocumentStateQuery,
    updates: {
      definitions: roundDocumentUpdates,
      schemas: roundDocumentUpdateSchemas,
      table: table((j) => {
        pending = j;
      }),
      stage: () => stageOf(state),
      wrongStage: (name) => refuseStage(state, WHAT[name] ?? name),
      checkContext: () => ({ state, config }),
      applyContext: () => ({ state, config, at: nowIso() }),
      after: async () => {
        const job = pending;
        pending = undefined;
        if (!job) return;
        try {
          await run(job);
        } finally {
          const doc = latestRevision(state);
          if (doc) delete doc.busy;
        }
      },
    },
    start: () => Promise.resolve(),
    agenda: {
      items: () => [],
      fired: new Set<string>(),
      fire: () => undefined,
      // A round's document is kept as long as the round: a new revision, or a withdrawal, may come.
      isFinal: () => false,
      mailer: { drain: () => Promise.resolve(), pending: () => false },
      publish: () =>
        publisher.publish(
          [
            { key: SA.round, value: config.round },
            { key: SA.kind, value: 'round_document' },
            { key: SA.stage, value: stageOf(state) },
          ],
          roundDocumentDetails(state),
        ),
    },
  });
}

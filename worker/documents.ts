import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { DocumentDeps } from '../activities/documents';
import { documentsDir } from '../config/paths';
import type { SigningSettings } from '../config/signing';
import type { TemplateSet } from '../config/templates';
import type { DocumentKind, IssueFacts } from '../domain/documents';
import type { LocalDate } from '../domain/dates';
import type { Decisions, Team } from '../domain/team';
import { renderDocument } from '../documents';
import type { DocumentContext } from '../documents/common';
import { inspectionDocumentContent } from '../documents/inspection';
import { roundReportContent, type ReportInput } from '../documents/reports';
import { teamDecisionContent } from '../documents/team-decision';
import { signatureVerifier } from '../documents/signature';
import { loadPlan } from '../loaders/plan';
import { plansDir } from '../loaders/targets';
import type { InspectionState } from '../workflows/inspection/contract';

/**
 * The documents' real dependencies for the worker's activities: the renderer (the Office's
 * templates, the content builders of documents/, LibreOffice for the PDF where installed) and the
 * verifier of signed PDFs (the Office's CA). Built once at start-up from validated settings.
 */

/** What each round's documents cite from its plan: its title and its own Quyết định, by round id. */
export function roundDocumentContexts(dir: string = plansDir()): Map<string, DocumentContext> {
  const contexts = new Map<string, DocumentContext>();
  if (!fs.existsSync(dir)) return contexts;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))) {
    const file = path.join(dir, name);
    // The plans folder also holds the yearly TTHC plans (tasks and targets): only round plans name a round.
    const head: unknown = parseYaml(fs.readFileSync(file, 'utf8'));
    if (typeof (head as { round?: unknown } | null)?.round !== 'string') continue;
    const { plan } = loadPlan(file);
    contexts.set(plan.round, { planTitle: plan.title, ...(plan.decisions ? { planDecision: plan.decisions.plan } : {}) });
  }
  return contexts;
}

/** The issued Kết luận an inspection's Thông báo kết luận reports, from its documents. */
function issuedConclusion(state: InspectionState): DocumentContext['conclusion'] {
  const kl = (state.documents ?? [])
    .filter((d) => d.kind === 'conclusion' && d.symbol && d.issuedOn && d.state !== 'withdrawn')
    .sort((a, b) => b.revision - a.revision)[0];
  return kl ? { symbol: kl.symbol!, issuedOn: kl.issuedOn! } : undefined;
}

/** What the round-document workflow gives the renderer (workflows/round-document/workflow.ts). */
interface RoundDocumentSource {
  plan: { title: string; year: number; team: Team; decisions?: Decisions };
  draftedOn: LocalDate;
  report?: ReportInput;
}

/** The documents' dependencies: the store's folder, the renderer and the verifier. */
export function createDocumentDeps(o: {
  templates: TemplateSet;
  signing: SigningSettings | undefined;
  contexts: Map<string, DocumentContext>;
  dir?: string;
  log?: (line: string) => void;
}): DocumentDeps {
  return {
    dir: o.dir ?? documentsDir(),
    render: async (kind: DocumentKind, raw: unknown, facts: IssueFacts) => {
      const opts = { templates: o.templates, ...(facts.symbol ? { symbol: facts.symbol } : {}), ...(o.log ? { log: o.log } : {}) };
      // A round's kinds: the round-document workflow gives the plan's facts and the report's content.
      if (kind === 'team_decision') {
        const r = raw as RoundDocumentSource;
        return renderDocument(kind, teamDecisionContent({ ...r.plan, draftedOn: r.draftedOn }, facts), opts);
      }
      if (kind === 'round_report') {
        const r = raw as RoundDocumentSource;
        if (!r.report) throw new Error('round_report without its content');
        return renderDocument(kind, roundReportContent(r.report, facts), opts);
      }
      if (kind === 'period_report') throw new Error('period_report is not rendered by a workflow');
      const state = raw as InspectionState;
      const conclusion = issuedConclusion(state);
      const ctx: DocumentContext = { ...o.contexts.get(state.config.round), ...(conclusion ? { conclusion } : {}) };
      const content = inspectionDocumentContent(kind, state, facts, ctx);
      return renderDocument(kind, content, opts);
    },
    verifySignature: signatureVerifier(o.signing),
  };
}

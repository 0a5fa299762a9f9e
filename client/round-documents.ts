import fs from 'node:fs';
import path from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { parse as parseYaml } from 'yaml';
import { ExitCode, UserFacingError } from '../config/errors';
import { DOCUMENT_KINDS } from '../domain/documents';
import { ROUND_DOCUMENT_WORDS, type RoundDocumentKind } from '../domain/round-documents';
import type { Plan } from '../domain/plan-schema';
import { displayLine as shown } from '../domain/safe-text';
import { loadPlan } from '../loaders/plan';
import { plansDir } from '../loaders/targets';
import {
  roundDocumentStartOptions,
  roundDocumentStateQuery,
  roundDocumentWorkflowId,
  type RoundDocumentInput,
  type RoundDocumentState,
} from '../workflows/round-document/contract';

/**
 * The documents of a whole round for every client: the Quyết định thành lập Đoàn kiểm tra and the
 * Báo cáo kết quả kiểm tra, one workflow per round and kind (workflows/round-document/). The first
 * draft starts the workflow with what it cites from the round plan; every later command reads or
 * updates the running one.
 */

/** The kind a person typed (`decision`, `report`, or the kind's id), or a Vietnamese refusal. */
export function roundDocumentKindOf(given: string): RoundDocumentKind {
  const g = given.trim();
  const k =
    (ROUND_DOCUMENT_WORDS as Record<string, RoundDocumentKind>)[g] ??
    (Object.values(ROUND_DOCUMENT_WORDS) as string[]).find((x) => x === g);
  if (!k)
    throw new UserFacingError(
      `loại văn bản của đợt "${shown(given)}" không có; dùng decision (${DOCUMENT_KINDS.team_decision.label}) hoặc report (${DOCUMENT_KINDS.round_report.label}).`,
      ExitCode.badInput,
    );
  return k as RoundDocumentKind;
}

/** The round plan file of a round id: `file` if given, else the plan in the plans folder that names that round. */
export function roundPlanFile(round: string, file?: string, dir: string = plansDir()): string {
  if (file) return file;
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)) : [];
  for (const name of names) {
    const head: unknown = parseYaml(fs.readFileSync(path.join(dir, name), 'utf8'));
    if ((head as { round?: unknown } | null)?.round === round) return path.join(dir, name);
  }
  throw new UserFacingError(`không tìm thấy kế hoạch của đợt ${shown(round)} trong ${dir}; chỉ rõ tệp bằng --plan.`, ExitCode.badInput);
}

/** The round-document workflow's input from a checked plan: its title, year, team, decisions and signers. */
export function roundDocumentInputFromPlan(plan: Plan, kind: RoundDocumentKind): RoundDocumentInput {
  const office = plan.documents?.office;
  const chairman = plan.documents?.chairman;
  return {
    round: plan.round,
    kind,
    plan: { title: plan.title, year: plan.year, team: plan.team, ...(plan.decisions ? { decisions: plan.decisions } : {}) },
    signers: {
      ...(chairman ? { chairman } : {}),
      ...(office
        ? {
            office: {
              name: office.name,
              position: office.position,
              ...(office.authority ? { authority: office.authority } : {}),
              ...(office.signsFor ? { signsFor: office.signsFor } : {}),
            },
          }
        : {}),
    },
  };
}

/** Loads the plan file (validated by its schema: a bad file is refused with file, line and field). */
export function loadRoundPlan(file: string): Plan {
  return loadPlan(file).plan;
}

/** Starts the round's document workflow of a kind, or joins the one already running. */
export async function openRoundDocument(client: Client, input: RoundDocumentInput, taskQueue: string): Promise<string> {
  const options = roundDocumentStartOptions(input, taskQueue);
  await client.workflow.start('roundDocument', options);
  return options.workflowId;
}

/** The state of a round's document, or a Vietnamese refusal when it has no draft yet. */
export async function roundDocumentState(client: Client, round: string, kind: RoundDocumentKind): Promise<RoundDocumentState> {
  try {
    return await client.workflow.getHandle(roundDocumentWorkflowId(round, kind)).query(roundDocumentStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new UserFacingError(
        `chưa có ${DOCUMENT_KINDS[kind].label} của đợt ${shown(round)}; lập dự thảo trước: kiemtra documents round ${round} ${kind === 'team_decision' ? 'decision' : 'report'} draft.`,
        ExitCode.badInput,
      );
    throw err;
  }
}

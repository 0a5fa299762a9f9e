import type { Client } from '@temporalio/client';
import { ExitCode, UserFacingError } from '../config/errors';
import { closestNames, didYouMean, sameName } from '../domain/closest-names';
import { localDateOf } from '../domain/dates';
import { slugify } from '../domain/slug';
import { ROUND_ID_PATTERN } from '../domain/validation';
import { inspectionWorkflowId, selfInspectionWorkflowId } from '../workflows/ids';
import { SA } from '../workflows/search-attributes';

/**
 * Finding a unit's inspection or self-inspection by unit (and round or year) through visibility,
 * not by a workflow id built from the current year: a command about the 2026 round still reaches
 * it in January 2027. A name that matches nothing gets the closest names, compared without
 * diacritics. Where the server has no visibility (the time-skipping test server), or has not yet
 * indexed a process just started, the id of the year the command is about is used, as before.
 */

/** The processes found by unit. */
export type UnitProcessType = 'inspection' | 'selfInspection';

const ID_OF: Record<UnitProcessType, (year: number, unit: string) => string> = {
  inspection: inspectionWorkflowId,
  selfInspection: selfInspectionWorkflowId,
};
const WHAT: Record<UnitProcessType, string> = { inspection: 'cuộc kiểm tra', selfInspection: 'quy trình tự kiểm tra' };

/** One process as visibility lists it. */
export interface UnitProcessCandidate {
  workflowId: string;
  unit: string;
  round?: string;
  running: boolean;
  startTime: Date;
}

/** What to look for. */
export interface UnitProcessQuery {
  type: UnitProcessType;
  /** The unit as typed: its name (with or without diacritics) or its slug. */
  unit: string;
  /** `--year` as typed: the id of that year, without a search. */
  year?: number;
  /** `--round`: only that round's processes. */
  round?: string;
}

/** The outcome of a search: the id to use, or a refusal for a person. */
export type UnitProcessChoice = { workflowId: string } | { refusal: string };

/** True when a listed process is the typed unit's: same name without diacritics, or its id's slug (workflows/ids.ts). */
function isUnit(c: UnitProcessCandidate, typed: string): boolean {
  return sameName(c.unit, typed) || /^(?:self-)?inspection-\d{4}-(.+)$/.exec(c.workflowId)?.[1] === slugify(typed);
}

/**
 * Picks the typed unit's process among those visibility listed (pure, for tests): the one still
 * open, else the latest started; two open ones (two rounds) need `--year` or `--round`. Nothing
 * found: undefined when no listed name is close either (the caller falls back to the year's id),
 * else a refusal that names the closest units.
 */
export function chooseUnitProcess(q: UnitProcessQuery, listed: readonly UnitProcessCandidate[]): UnitProcessChoice | undefined {
  const mine = listed.filter((c) => isUnit(c, q.unit));
  if (mine.length) {
    const open = mine.filter((c) => c.running);
    if (open.length > 1)
      return {
        refusal: `"${q.unit}" có ${open.length} ${WHAT[q.type]} đang mở (${open.map((c) => c.round ?? c.workflowId).join(', ')}): chọn bằng --year <năm>.`,
      };
    const pick = open[0] ?? [...mine].sort((a, b) => b.startTime.getTime() - a.startTime.getTime())[0]!;
    return { workflowId: pick.workflowId };
  }
  const names = listed.map((c) => c.unit).filter(Boolean);
  if (!closestNames(q.unit, names).length) return undefined;
  return {
    refusal: `không tìm thấy ${WHAT[q.type]} nào của "${q.unit}"${q.round ? ` trong đợt ${q.round}` : ''}.${didYouMean(q.unit, names)}`,
  };
}

/** The year a command is about without `--year`: KIEMTRA_YEAR, else this year in Hải Phòng. */
const defaultYear = (now: number): number => Number(process.env.KIEMTRA_YEAR ?? localDateOf(now).slice(0, 4));

/** The processes of a type (and round) that visibility lists, or undefined when the server has no visibility. */
async function listCandidates(client: Client, q: UnitProcessQuery): Promise<UnitProcessCandidate[] | undefined> {
  if (q.round !== undefined && !ROUND_ID_PATTERN.test(q.round))
    throw new UserFacingError(`mã đợt "${q.round}" không hợp lệ.`, ExitCode.badInput);
  const query = [`WorkflowType = '${q.type}'`, q.round ? `InspectionRound = '${q.round}'` : undefined].filter(Boolean).join(' AND ');
  const out: UnitProcessCandidate[] = [];
  try {
    for await (const wf of client.workflow.list({ query })) {
      out.push({
        workflowId: wf.workflowId,
        unit: wf.typedSearchAttributes.get(SA.unit) ?? '',
        round: wf.typedSearchAttributes.get(SA.round),
        running: wf.status.name === 'RUNNING',
        startTime: wf.startTime,
      });
    }
  } catch (err) {
    // The time-skipping test server answers list requests with "unimplemented".
    if ((err as { code?: number }).code === 12) return undefined;
    throw err;
  }
  return out;
}

/**
 * The workflow id of a unit's inspection or self-inspection: with `--year`, that year's id; else the
 * unit's process that visibility finds (open first, then the latest); else the id of the year the
 * command is about (a process not yet indexed, a server without visibility, one kept only by the
 * record store: `keptElsewhere`), so that the caller's "not found" still names it. A mistyped unit is
 * refused with the closest names.
 */
export async function findUnitProcess(
  client: Client,
  q: UnitProcessQuery,
  now = Date.now(),
  /** Whether something other than the engine has a process by that id (the record store, for `status`). */
  keptElsewhere: (workflowId: string) => Promise<boolean> = async () => false,
): Promise<string> {
  if (q.year !== undefined) return ID_OF[q.type](q.year, q.unit);
  const fallback = ID_OF[q.type](defaultYear(now), q.unit);
  const listed = await listCandidates(client, q);
  if (!listed) return fallback;
  const choice = chooseUnitProcess(q, listed);
  if (!choice) return fallback;
  if ('workflowId' in choice) return choice.workflowId;
  // Not indexed yet: the year's own id, if the engine has it.
  const exists = await client.workflow
    .getHandle(fallback)
    .describe()
    .then(
      () => true,
      () => false,
    );
  if (exists || (await keptElsewhere(fallback))) return fallback;
  throw new UserFacingError(choice.refusal, ExitCode.badInput);
}

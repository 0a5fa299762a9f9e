import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { formatLocalDateTime, localDateOf, localInstant, type LocalDate } from '../../domain/dates';
import { inspectionWorkflowId } from '../../workflows/ids';
import { type InspectionInput, type InspectionState, type InspectionWorkflow, stateQuery } from '../../workflows/inspection/contract';
import type { ReportingPeriod } from '../../domain/periods';
import { periodicReportOptions } from '../../workflows/periodic-report/contract';
import { sharedCalendar } from './shared-data';

export const COORDINATOR = 'dieuphoi@haiphong.example';
export const TEAM_LEAD = 'truongdoan@haiphong.example';

/** A start input for a unit, with the contacts of the 2026 plan. */
export function inspectionInput(
  unit: string,
  visit: { start: LocalDate; end: LocalDate },
  kind: 'periodic' | 'surprise' = 'periodic',
): InspectionInput {
  return {
    round: 'test-round',
    year: Number(visit.start.slice(0, 4)),
    unit: { name: unit, kind: unit.startsWith('Sở') ? 'department' : 'commune', emails: [`${slug(unit)}@haiphong.example`] },
    kind,
    visit,
    contacts: {
      coordinator: { name: 'Phòng Kiểm soát TTHC, Văn phòng UBND thành phố', email: COORDINATOR },
      teamLead: { name: 'Trưởng đoàn kiểm tra', email: TEAM_LEAD },
      center: {
        name: 'Trung tâm Phục vụ hành chính công thành phố',
        address: 'số 1 đường Ví Dụ, Hải Phòng',
        email: 'tthc@haiphong.example',
      },
    },
  };
}

export function slug(unit: string): string {
  return inspectionWorkflowId(2026, unit).replace('inspection-2026-', '');
}

/** The test clock's local date and instant. */
export async function clock(env: TestWorkflowEnvironment): Promise<{ now: number; today: LocalDate }> {
  const now = Number(await env.currentTimeMs());
  return { now, today: localDateOf(now) };
}

/** Skips time until a local date and time ("HH:MM"). */
export async function skipTo(env: TestWorkflowEnvironment, date: LocalDate, time: string): Promise<void> {
  const target = localInstant(date, time).getTime();
  const { now } = await clock(env);
  if (target <= now) throw new Error(`cannot go back to ${date} ${time}`);
  await env.sleep(target - now);
}

/** The n-th working day after the test clock's today. */
export async function workingDaysFromToday(env: TestWorkflowEnvironment, n: number): Promise<LocalDate> {
  return sharedCalendar().addWorkingDays((await clock(env)).today, n);
}

/** The emails of a state as `kind → recipient @ dd/mm/yyyy HH:MM (status)` lines, for exact assertions. */
export function emailLines(state: InspectionState): string[] {
  return state.emails.map((e) => `${e.kind} → ${e.to.join(',')} @ ${formatLocalDateTime(Date.parse(e.requestedAt))} (${e.status})`);
}

/** `dd/mm/yyyy 08:00` of a date. */
export function at8(date: LocalDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)} 08:00`;
}

export type InspectionHandle = WorkflowHandle<InspectionWorkflow>;

export async function state(handle: InspectionHandle): Promise<InspectionState> {
  return handle.query(stateQuery);
}

/**
 * The workflow's result once it has completed, read through a plain client on the same connection.
 * The time-skipping client's `result()` unlocks time skipping while it waits, even for a completed
 * workflow; an idle server then skips to the end of time and moves the clock for every later test.
 */
export async function finished(env: TestWorkflowEnvironment, handle: InspectionHandle): Promise<InspectionState> {
  const plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  const deadline = Date.now() + 30_000;
  while ((await handle.describe()).status.name === 'RUNNING') {
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} did not complete`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return plain.workflow.getHandle<InspectionWorkflow>(handle.workflowId).result();
}

/**
 * The start options of one unit's periodic report for `period`, due `due`, under the 2026 TTHC
 * plan and with the contacts of the unit's inspection input: as the reporting period would start it.
 */
export function periodicReportStart(input: InspectionInput, period: ReportingPeriod, due: LocalDate) {
  const [options] = periodicReportOptions(
    {
      plan: 'kstthc-2026',
      planTitle: 'Kế hoạch kiểm soát TTHC năm 2026',
      units: [input.unit],
      contacts: { coordinator: input.contacts.coordinator, center: input.contacts.center },
    },
    period,
    due,
  );
  return options!;
}

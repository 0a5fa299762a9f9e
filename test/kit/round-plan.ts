import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../config/paths';
import { addDays, type LocalDate } from '../../domain/dates';
import { planSchema, proposeVisits, type Plan } from '../../domain/plan';
import { sharedCalendar } from './shared-data';

/**
 * A small round from the shipped 2026 plan: its first `units` units, every one a surprise visit on
 * the day `proposeVisits` gives it within a window of 200 days from `today`, no self-inspections.
 * For tests that need a real round of a few units under their own id and year.
 */
export function smallRoundPlan(round: string, year: number, units: number, today: LocalDate): Plan {
  const shipped = parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')) as Record<string, unknown>;
  const plan = planSchema.parse({
    ...shipped,
    round,
    year,
    units: (shipped.units as object[]).slice(0, units),
    selfInspection: undefined,
    window: { from: today, to: addDays(today, 200) },
  });
  const { proposed } = proposeVisits(plan, sharedCalendar(), today);
  for (const u of plan.units) {
    u.type = 'surprise';
    u.visit = proposed.get(u.name);
  }
  return plan;
}

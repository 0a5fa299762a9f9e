import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { LocalDate } from '../domain/dates';
import { recentPeriods } from '../domain/periods';
import { periodicReportStateQuery, type PeriodicReportState } from '../workflows/periodic-report/contract';
import { queryIfExists } from './connect';
import { searchLatestPeriodicReport, type LatestPeriodicReport } from './prefill';

/**
 * The report form's pre-fill, cached. Finding a unit's latest periodic report asks up to one query
 * per recent period and plan, and a query of a completed report makes a worker replay it (the issue
 * measured 100 ms a view against 12 ms). The answer can only change when a report still awaited,
 * more recent than the one found, is recorded; so an entry (per plan list, unit and set of recent
 * periods, which changes on the 15th) keeps the change marker of each of those and is used only
 * while every marker is the same. A marker is read with `describe` (the server answers it; no
 * worker, no replay). Entries are bounded in number and in age (a report process started for a
 * past period after the entry was made is seen when the entry expires).
 */

/** What the cache reads of the periodic reports. */
export interface PeriodicReportSource {
  /** A report's state; undefined when the process does not exist. */
  state(workflowId: string): Promise<PeriodicReportState | undefined>;
  /** A value that changes whenever the process records anything; undefined when it does not exist. */
  marker(workflowId: string): Promise<string | undefined>;
}

/** The reports as Temporal holds them: the `state` query, and `describe`'s status and history length as the marker. */
export function temporalReportSource(client: Client): PeriodicReportSource {
  return {
    state: (id) => queryIfExists(client, id, periodicReportStateQuery),
    async marker(id) {
      try {
        const d = await client.workflow.getHandle(id).describe();
        return `${d.runId}:${d.status.name}:${d.historyLength}`;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
  };
}

interface Entry {
  latest?: LatestPeriodicReport;
  /** The awaited reports before the one found, with their markers when the entry was made. */
  watched: [workflowId: string, marker: string | undefined][];
  madeAt: number;
}

/** Cached pre-fills, at most `maxEntries` for at most `ttlMs` each. */
export class PrefillCache {
  private readonly entries = new Map<string, Entry>();
  /** Lookups answered from the cache, and lookups that asked the reports (for the bench and tests). */
  readonly counts = { hits: 0, misses: 0 };

  constructor(
    private readonly source: PeriodicReportSource,
    private readonly o: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
  ) {}

  private get now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** The unit's latest periodic report under `plans` as of `asOf`, as {@link latestPeriodicReport} finds it. */
  async latest(plans: readonly string[], unit: string, asOf: LocalDate): Promise<LatestPeriodicReport | undefined> {
    const key = JSON.stringify([plans, unit, recentPeriods(asOf).map((p) => p.id)]);
    const cached = this.entries.get(key);
    if (cached && this.now - cached.madeAt < (this.o.ttlMs ?? 10 * 60_000) && (await this.unchanged(cached))) {
      this.counts.hits++;
      return cached.latest;
    }
    this.counts.misses++;
    const madeAt = this.now;
    const markers = new Map<string, string | undefined>();
    const found = await searchLatestPeriodicReport(
      (id) => this.source.state(id),
      plans,
      unit,
      asOf,
      async (id) => void markers.set(id, await this.source.marker(id)),
    );
    this.entries.delete(key);
    while (this.entries.size >= (this.o.maxEntries ?? 1000)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, {
      ...(found.latest ? { latest: found.latest } : {}),
      watched: found.waiting.map((id) => [id, markers.get(id)]),
      madeAt,
    });
    return found.latest;
  }

  /** The number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  private async unchanged(e: Entry): Promise<boolean> {
    for (const [id, marker] of e.watched) if ((await this.source.marker(id)) !== marker) return false;
    return true;
  }
}

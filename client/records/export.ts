import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { canonicalJson, type ProcessRecord, type RecordEntry } from '../../domain/records';
import type { RecordStore } from './store';

/**
 * `kiemtra records export`: the records of each round as a folder, or one zip per round, holding
 * each record's canonical JSON (the exact text its hash is over), the round's chain entries, and a
 * `sha256sums.txt` that `sha256sum -c` checks.
 */

/** The group of records that are not part of a round (yearly-plan tasks, periodic reports…). */
export const NO_ROUND = 'khong-thuoc-dot';

/** The round a record belongs to: its parent `round-<id>`, the round itself, or its InspectionRound. */
export function roundOf(entry: RecordEntry, record?: ProcessRecord): string | undefined {
  if (entry.parentWorkflowId?.startsWith('round-')) return entry.parentWorkflowId.slice('round-'.length);
  if (entry.workflowType === 'round' && entry.workflowId.startsWith('round-')) return entry.workflowId.slice('round-'.length);
  const sa = record?.searchAttributes.InspectionRound;
  return typeof sa === 'string' && sa ? sa : undefined;
}

/** The entries of the store with their round, reading a record only when its entry does not tell. */
export async function entriesWithRound(store: RecordStore): Promise<{ entry: RecordEntry; round: string | undefined }[]> {
  const out: { entry: RecordEntry; round: string | undefined }[] = [];
  for (const entry of await store.list()) {
    const known = roundOf(entry);
    out.push({
      entry,
      round: known ?? (entry.parentWorkflowId ? undefined : roundOf(entry, await store.get(entry.workflowId, entry.runId))),
    });
  }
  return out;
}

/** What an export wrote: per round, the folder or zip and how many records. */
export interface Exported {
  round: string;
  path: string;
  records: number;
}

const safeName = (id: string) => encodeURIComponent(id).replace(/\./g, '%2E');

/**
 * Writes the records (of one round, or all by round) under `folder`: `<round>/` or `<round>.zip`.
 * Never overwrites: an existing round folder or zip is refused before anything is written.
 */
export async function exportRecords(store: RecordStore, folder: string, o: { round?: string; zip?: boolean } = {}): Promise<Exported[]> {
  const groups = new Map<string, RecordEntry[]>();
  for (const { entry, round } of await entriesWithRound(store)) {
    const group = round ?? NO_ROUND;
    if (o.round !== undefined && group !== o.round) continue;
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  const target = (group: string) => path.join(folder, o.zip ? `${group}.zip` : group);
  const taken = [...groups.keys()].map(target).filter((p) => fs.existsSync(p));
  if (taken.length > 0) throw new ExportExists(taken[0]!);
  fs.mkdirSync(folder, { recursive: true });
  const out: Exported[] = [];
  for (const [group, entries] of groups) {
    const files: Record<string, Uint8Array> = {};
    const sums: string[] = [];
    for (const e of entries) {
      const record = await store.get(e.workflowId, e.runId);
      if (!record) continue;
      const name = `${safeName(e.workflowId)}/${safeName(e.runId)}.json`;
      files[name] = Buffer.from(canonicalJson(record), 'utf8');
      sums.push(`${e.recordHash}  ${name}`);
    }
    files['danh-sach.jsonl'] = Buffer.from(entries.map((e) => `${canonicalJson(e)}\n`).join(''), 'utf8');
    files['sha256sums.txt'] = Buffer.from(sums.map((s) => `${s}\n`).join(''), 'utf8');
    const dest = target(group);
    if (o.zip) fs.writeFileSync(dest, zipSync(files, { level: 6 }), { flag: 'wx', mode: 0o600 });
    else {
      for (const [name, bytes] of Object.entries(files)) {
        const file = path.join(dest, name);
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, bytes, { flag: 'wx', mode: 0o600 });
      }
    }
    out.push({ round: group, path: dest, records: sums.length });
  }
  return out;
}

/** An export refused because its folder or zip is already there. */
export class ExportExists extends Error {
  constructor(readonly target: string) {
    super(`${target} exists`);
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../../client/records/store';
import { sampleRecord } from './sample-record';

export { sampleRecord };

/**
 * The conformance cases every record store backend must pass (client/records/store.ts): files
 * under the data folder and PostgreSQL. Each case opens a fresh, empty store with `open`, closes
 * it, then calls `cleanup`.
 *
 * Cases that damage the store behind its back need the backend's help: pass `hooks.tamper` (they
 * are skipped, with one line on stderr, without it; every shipped backend passes it). The case
 * "two handles" needs `hooks.reopen`, a second handle on the store `open` last returned, as
 * another process would hold it (so only the backend's cross-process lock keeps the chain whole).
 */
export function describeRecordStore(
  name: string,
  open: () => Promise<RecordStore>,
  cleanup?: () => Promise<void>,
  hooks: RecordStoreHooks = {},
): void {
  describe(`record store: ${name}`, () => {
    let store: RecordStore;
    const others: RecordStore[] = [];
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await store.close();
      await cleanup?.();
    });

    it('starts empty and intact', async () => {
      expect(await store.list()).toEqual([]);
      expect(await store.verify()).toEqual([]);
      expect(await store.has('kiem-tra-x', 'run-1')).toBe(false);
      expect(await store.get('kiem-tra-x')).toBeUndefined();
    });

    it('writes a record once and reads it back', async () => {
      const record = sampleRecord({ workflowId: 'kiem-tra-a', runId: 'run-a1' });
      const entry = await store.put(record);
      expect(entry).toMatchObject({ seq: 1, workflowId: 'kiem-tra-a', runId: 'run-a1', status: 'COMPLETED' });
      expect(await store.has('kiem-tra-a', 'run-a1')).toBe(true);
      expect(await store.get('kiem-tra-a', 'run-a1')).toEqual(record);
      expect(await store.get('kiem-tra-a', 'run-other')).toBeUndefined();
    });

    it('returns the existing entry when the same record is put again', async () => {
      const record = sampleRecord({ workflowId: 'kiem-tra-a', runId: 'run-a1' });
      const first = await store.put(record);
      const again = await store.put(structuredClone(record));
      expect(again).toEqual(first);
      expect(await store.list()).toHaveLength(1);
    });

    it('refuses a different record for a run already recorded', async () => {
      const record = sampleRecord({ workflowId: 'kiem-tra-a', runId: 'run-a1' });
      await store.put(record);
      await expect(store.put({ ...record, finalState: { stage: 'closed', changed: true } })).rejects.toThrow();
      expect(await store.get('kiem-tra-a', 'run-a1')).toEqual(record);
      expect(await store.list()).toHaveLength(1);
      expect(await store.verify()).toEqual([]);
    });

    it('gives the latest recorded run of a workflow id when no run is named', async () => {
      await store.put(sampleRecord({ workflowId: 'kiem-tra-a', runId: 'run-a1', closeTime: '2026-11-02T03:00:00.000Z' }));
      await store.put(sampleRecord({ workflowId: 'kiem-tra-b', runId: 'run-b1' }));
      await store.put(sampleRecord({ workflowId: 'kiem-tra-a', runId: 'run-a2', closeTime: '2026-11-05T03:00:00.000Z' }));
      expect((await store.get('kiem-tra-a'))?.runId).toBe('run-a2');
      expect((await store.get('kiem-tra-a', 'run-a1'))?.runId).toBe('run-a1');
    });

    it('lists in order, by round and by type', async () => {
      await store.put(sampleRecord({ workflowId: 'kiem-tra-a', runId: 'r1', parentWorkflowId: 'dot-1' }));
      await store.put(
        sampleRecord({ workflowId: 'tu-kiem-tra-b', runId: 'r2', workflowType: 'selfInspection', parentWorkflowId: 'dot-1' }),
      );
      await store.put(sampleRecord({ workflowId: 'kiem-tra-c', runId: 'r3', parentWorkflowId: 'dot-2', status: 'TERMINATED' }));
      await store.put(sampleRecord({ workflowId: 'nhiem-vu-d', runId: 'r4', workflowType: 'planTask' }));
      const all = await store.list();
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(all.map((e) => e.workflowId)).toEqual(['kiem-tra-a', 'tu-kiem-tra-b', 'kiem-tra-c', 'nhiem-vu-d']);
      expect((await store.list({ parentWorkflowId: 'dot-1' })).map((e) => e.workflowId)).toEqual(['kiem-tra-a', 'tu-kiem-tra-b']);
      expect((await store.list({ workflowType: 'inspection' })).map((e) => e.workflowId)).toEqual(['kiem-tra-a', 'kiem-tra-c']);
      expect(await store.list({ parentWorkflowId: 'dot-2', workflowType: 'selfInspection' })).toEqual([]);
      expect(all[2]).toMatchObject({ status: 'TERMINATED', parentWorkflowId: 'dot-2' });
      expect(all[3]?.parentWorkflowId).toBeUndefined();
    });

    it('keeps the chain whole under concurrent puts', async () => {
      const records = Array.from({ length: 24 }, (_, i) => sampleRecord({ workflowId: `kiem-tra-${i}`, runId: `run-${i}` }));
      // Each record put twice at once: one entry each, nothing refused.
      await Promise.all([...records, ...records].map((r) => store.put(r)));
      const entries = await store.list();
      expect(entries.map((e) => e.seq)).toEqual(records.map((_, i) => i + 1));
      expect(new Set(entries.map((e) => e.workflowId)).size).toBe(records.length);
      expect(await store.verify()).toEqual([]);
    });

    it('keeps the chain whole when two handles put at once (as two processes would)', async (ctx) => {
      if (!hooks.reopen) return skip(ctx, 'no reopen hook');
      const other = await hooks.reopen();
      others.push(other);
      const records = Array.from({ length: 16 }, (_, i) => sampleRecord({ workflowId: `kiem-tra-${i}`, runId: `run-${i}` }));
      await Promise.all(records.flatMap((r, i) => (i % 2 ? [store.put(r), other.put(r)] : [other.put(r), store.put(r)])));
      const entries = await store.list();
      expect(entries.map((e) => e.seq)).toEqual(records.map((_, i) => i + 1));
      expect(await other.list()).toEqual(entries);
      expect(await store.verify()).toEqual([]);
    });

    describe('verify', () => {
      const three = async () => {
        for (const id of ['a', 'b', 'c']) await store.put(sampleRecord({ workflowId: `kiem-tra-${id}`, runId: `run-${id}` }));
      };

      it('finds an altered record', async (ctx) => {
        if (!hooks.tamper) return skip(ctx, 'no tamper hooks');
        await three();
        await hooks.tamper.alterRecord('kiem-tra-b', 'run-b');
        expect(await store.verify()).toEqual([{ seq: 2, workflowId: 'kiem-tra-b', kind: 'record-altered' }]);
      });

      it('finds a removed record', async (ctx) => {
        if (!hooks.tamper) return skip(ctx, 'no tamper hooks');
        await three();
        await hooks.tamper.removeRecord('kiem-tra-c', 'run-c');
        expect(await store.verify()).toEqual([{ seq: 3, workflowId: 'kiem-tra-c', kind: 'record-missing' }]);
      });

      it('finds an altered chain entry', async (ctx) => {
        if (!hooks.tamper) return skip(ctx, 'no tamper hooks');
        await three();
        await hooks.tamper.alterEntry(2);
        const defects = await store.verify();
        expect(defects.length).toBeGreaterThan(0);
        expect(defects).toContainEqual(expect.objectContaining({ seq: 2, kind: 'entry-altered' }));
      });

      it('finds a removed chain entry', async (ctx) => {
        if (!hooks.tamper) return skip(ctx, 'no tamper hooks');
        await three();
        await hooks.tamper.removeEntry(2);
        const defects = await store.verify();
        expect(defects.length).toBeGreaterThan(0);
        expect(defects).toContainEqual(expect.objectContaining({ seq: 3, kind: 'seq-gap' }));
        expect(defects).toContainEqual(expect.objectContaining({ seq: 3, kind: 'chain-broken' }));
      });

      it('still refuses to re-record a run whose record was removed, and chains new records after the damage', async (ctx) => {
        if (!hooks.tamper) return skip(ctx, 'no tamper hooks');
        await three();
        await hooks.tamper.removeRecord('kiem-tra-a', 'run-a');
        expect(await store.has('kiem-tra-a', 'run-a')).toBe(true);
        const entry = await store.put(sampleRecord({ workflowId: 'kiem-tra-d', runId: 'run-d' }));
        expect(entry.seq).toBe(4);
        expect(await store.verify()).toEqual([{ seq: 1, workflowId: 'kiem-tra-a', kind: 'record-missing' }]);
      });
    });
  });
}

/** What a backend provides so the cases can reach behind the store's back. */
export interface RecordStoreHooks {
  /** Damage done to the store `open` last returned, each as an attacker or a broken disk would. */
  tamper?: RecordStoreTamper;
  /** A second handle on the store `open` last returned (another process's). */
  reopen?: () => Promise<RecordStore>;
}

/** Ways to damage a store without its code: the cases check that `verify` finds each. */
export interface RecordStoreTamper {
  /** Change the stored record of a run (its content, e.g. the final state), leaving its chain entry. */
  alterRecord(workflowId: string, runId: string): Promise<void>;
  /** Remove the stored record of a run, leaving its chain entry. */
  removeRecord(workflowId: string, runId: string): Promise<void>;
  /** Change a field of the chain entry numbered `seq` (e.g. its closeTime) without recomputing its hash. */
  alterEntry(seq: number): Promise<void>;
  /** Remove the chain entry numbered `seq`, leaving its record and the other entries as they are. */
  removeEntry(seq: number): Promise<void>;
}

function skip(ctx: { skip: (note?: string) => void }, why: string): void {
  process.stderr.write(`record store case skipped: ${why}\n`);
  ctx.skip(why);
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { projectRoot } from '../config/paths';
import { evaluateIndicators, INDICATORS, targetsForYear } from '../domain/kpi';
import { loadYearTargets } from '../loaders/targets';
import { kiemtra } from './kit/process';

/** The city's 2026 plan (seed 004) as data: every task of its table, its deadlines normalised, its targets. */
const PLAN = path.join(projectRoot, 'plans', 'kstthc-2026.yaml');

describe('kiemtra tasks check', () => {
  it('prints every row of the table and every target as one JSON object', async () => {
    const r = await kiemtra(['tasks', 'check', PLAN, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      tasks: { id: string; lead: string[]; deadline: { kind: string; date?: string } }[];
      targets: { id: string; value: number }[];
    };
    const ids = out.tasks.map((t) => t.id);
    const expected = [
      'I.1',
      'I.2',
      'I.3',
      'II.1',
      'II.2.a',
      'II.2.b',
      'II.2.c',
      'II.2.d',
      'II.2.e',
      'II.2.f',
      'II.2.g',
      'II.3.a',
      'II.3.b',
      'II.3.c',
      'II.3.d',
      'II.3.e',
      ...Array.from({ length: 9 }, (_, i) => `III.${i + 1}`),
      'IV.1',
      'IV.2',
      'IV.3',
      ...Array.from({ length: 8 }, (_, i) => `V.${i + 1}`),
    ];
    expect(ids).toEqual(expected);
    const byId = new Map(out.tasks.map((t) => [t.id, t.deadline]));
    expect(byId.get('I.2')).toMatchObject({ kind: 'date', date: '2026-05-30' });
    expect(byId.get('I.3')).toMatchObject({ kind: 'date', date: '2026-06-30' });
    expect(byId.get('II.2.d')).toMatchObject({ kind: 'date', date: '2026-09-15' });
    expect(byId.get('II.2.f')).toMatchObject({ kind: 'external' });
    expect(byId.get('II.2.g')).toMatchObject({ kind: 'from', date: '2026-03-15' });
    expect(byId.get('II.3.d')).toMatchObject({ kind: 'range', date: '2026-11-30' });
    expect(byId.get('V.4')).toMatchObject({ kind: 'quarter', date: '2026-06-30' });
    for (const t of out.tasks) {
      expect(t.lead.length).toBeGreaterThan(0);
      if (t.deadline.date !== undefined) expect(t.deadline.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const target = new Map(out.targets.map((g) => [g.id, g.value]));
    expect(Object.fromEntries(target)).toMatchObject({
      satisfaction: 95,
      satisfactionLandConstructionInvestment: 90,
      onlineReceived: 80,
      onlineProcessed: 80,
      onlinePayment: 80,
      handledOnSystem: 100,
      digitised: 100,
      electronicResults: 100,
      dataReuse: 90,
      publishedOnTime: 100,
      timeReduction: 50,
      costReduction: 50,
      complaintsReceived: 100,
      complaintsHandled: 100,
      complaintsPublished: 100,
    });
    for (const g of out.targets) expect(typeof g.value).toBe('number');
  });

  it('is where the worker reads the targets a unit’s indicators are evaluated against (one source)', async () => {
    const out = JSON.parse((await kiemtra(['tasks', 'check', PLAN, '--json'])).stdout) as { targets: { id: string; value: number }[] };
    const plan = new Map(out.targets.map((g) => [g.id, g.value]));
    const served = targetsForYear(loadYearTargets(), 2026)!;
    expect(served.plan).toBe('kstthc-2026');
    for (const i of INDICATORS) expect([i.id, served.targets[i.id]]).toEqual([i.id, plan.get(i.id)]);

    // Change a target in a copy of the plan: the evaluation follows the file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-targets-'));
    const doc = parseDocument(fs.readFileSync(PLAN, 'utf8'));
    const at = (doc.toJS() as { targets: { id: string }[] }).targets.findIndex((g) => g.id === 'onlineReceived');
    doc.setIn(['targets', at, 'value'], 60);
    fs.writeFileSync(path.join(dir, 'kstthc-2026.yaml'), doc.toString());
    fs.copyFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), path.join(dir, 'haiphong-2026.yaml'));
    const changed = targetsForYear(loadYearTargets(dir), 2026)!.targets;
    expect(evaluateIndicators({ onlineReceived: 62.4 }, served.targets)[0]!.text).toBe('Hồ sơ tiếp nhận trực tuyến 62,4% < 80%');
    expect(evaluateIndicators({ onlineReceived: 62.4 }, changed)[0]!.text).toBe('Hồ sơ tiếp nhận trực tuyến 62,4% ≥ 60%');

    // A plan without a target for an indicator units report is refused, naming it.
    doc.deleteIn(['targets', at]);
    fs.writeFileSync(path.join(dir, 'kstthc-2026.yaml'), doc.toString());
    expect(() => loadYearTargets(dir)).toThrow(/targets: thiếu chỉ tiêu cho: onlineReceived/);
  });

  it.each([
    [
      'a deadline whose form disagrees with its words',
      (d: ReturnType<typeof parseDocument>) => d.setIn(['tasks', 1, 'deadline', 'date'], '2026-05-31'),
      /:\d+: tasks\.1\.deadline: thời hạn "Chậm nhất 30\/5\/2026" phải được chuẩn hóa/,
    ],
    [
      'an unknown wording',
      (d: ReturnType<typeof parseDocument>) => d.setIn(['tasks', 2, 'deadline', 'text'], 'Sớm nhất có thể'),
      /tasks\.2\.deadline\.text: không hiểu thời hạn "Sớm nhất có thể"/,
    ],
    ['a repeated task', (d: ReturnType<typeof parseDocument>) => d.setIn(['tasks', 3, 'id'], 'I.1'), /tasks\.3\.id: nhiệm vụ I\.1 bị lặp/],
    [
      'a target of an unknown task',
      (d: ReturnType<typeof parseDocument>) => d.setIn(['targets', 0, 'task'], 'V.99'),
      /targets\.0\.task: không có nhiệm vụ V\.99/,
    ],
  ])('refuses %s with file:line and exit 2', async (_name, edit, message) => {
    const doc = parseDocument(fs.readFileSync(PLAN, 'utf8'));
    edit(doc);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-tasks-')), 'plan.yaml');
    fs.writeFileSync(file, doc.toString());
    const r = await kiemtra(['tasks', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

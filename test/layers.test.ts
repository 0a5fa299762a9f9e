import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { importCycles, importGraph, importsIn, importsOf, sources } from './kit/imports';

/**
 * Imports only point down the layers:
 *
 *   domain (pure: no Temporal, no file or network I/O)
 *     ← config, emails
 *     ← loaders (files), workflows (deterministic), activities (side effects)
 *     ← documents (content, rendering, the signed-PDF check: domain and config, workflow types only)
 *     ← client/records (the record store of closed processes: domain and config only)
 *     ← worker, client (the Temporal-client layer the CLI and the page server share)
 *     ← client/cli (the `kiemtra` command line), web (the units' page server)
 *     ← scripts
 *     ← test/kit (the test and bench helpers: real-clock dates, mail counting, dev server, SMTP, lanes)
 *     ← bench, test
 *
 * Workflows may import activity *types* (for proxyActivities), nothing else from activities.
 * Nothing imports the CLI (client/cli) but the CLI itself and tests: the page server, the scripts
 * and the shared client layer use client/, never a CLI module.
 */
/** The CLI: a layer of its own inside client/. */
const CLI = 'client/cli';
/** The record store: below the client, so the worker's recorder may use it too. */
const RECORDS = 'client/records';
const BELOW = ['domain'];
const CORE = ['domain', 'config', 'emails', 'documents', 'loaders', 'workflows', 'activities'];
const APPS = [...CORE, RECORDS, 'worker', 'client'];
/** The layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  config: BELOW,
  emails: BELOW,
  loaders: ['domain', 'config'],
  workflows: ['domain', 'emails'],
  activities: ['domain', 'emails', 'config', 'documents'],
  documents: ['domain', 'config'],
  [RECORDS]: ['domain', 'config'],
  worker: [...CORE, RECORDS],
  client: [...CORE, RECORDS],
  [CLI]: [...CORE, RECORDS, 'client'],
  web: [...CORE, RECORDS, 'client'],
  scripts: [...APPS, 'web'],
  'test/kit': [...APPS, 'web', 'scripts'],
  bench: [...APPS, 'scripts', 'test/kit'],
  test: [...APPS, CLI, 'web', 'scripts', 'bench', 'test/kit'],
};
/** Node modules with I/O, forbidden in the pure domain and in workflow code. */
const IO = /^(node:)?(fs|fs\/promises|path|os|child_process|net|http|https|dgram|dns)$/;

/** The layer of a file: its top-level folder, or client/cli for the CLI, or test/kit for the test kit. */
function layerOf(file: string): string {
  const parts = path.relative(projectRoot, file).split(path.sep);
  if (parts[0] === 'client' && parts[1] === 'cli') return CLI;
  if (parts[0] === 'client' && parts[1] === 'records') return RECORDS;
  if (parts[0] === 'test' && parts[1] === 'kit') return 'test/kit';
  return parts[0]!;
}

function violations(): string[] {
  const bad: string[] = [];
  for (const top of Object.keys(ALLOWED).filter((l) => !l.includes('/'))) {
    const dir = path.join(projectRoot, top);
    if (!fs.existsSync(dir)) continue;
    for (const file of sources(dir)) {
      const layer = layerOf(file);
      for (const imp of importsOf(file)) {
        const where = `${path.relative(projectRoot, file)} → ${imp.spec}`;
        if (!imp.spec.startsWith('.')) {
          if ((layer === 'domain' || layer === 'workflows') && IO.test(imp.spec)) bad.push(`${where}: I/O in ${layer}`);
          if (layer === 'domain' && imp.spec.startsWith('@temporalio/') && !imp.typeOnly) bad.push(`${where}: Temporal in the pure domain`);
          continue;
        }
        const target = layerOf(path.resolve(path.dirname(file), imp.spec));
        if (target === layer || !(target in ALLOWED)) continue;
        const allowed =
          ALLOWED[layer]!.includes(target) ||
          (layer === 'workflows' && target === 'activities' && imp.typeOnly) ||
          (layer === 'documents' && target === 'workflows' && imp.typeOnly);
        if (!allowed) bad.push(`${where}: ${layer} may not import ${target}`);
      }
    }
  }
  return bad;
}

const shown = (cycle: string[]) => [...cycle, cycle[0]!].map((f) => path.relative(projectRoot, f)).join(' → ');

describe('import cycles', () => {
  it('has none across the source folders, type-only imports included', () => {
    expect(importCycles(importGraph(Object.keys(ALLOWED).filter((l) => !l.includes('/')))).map(shown)).toEqual([]);
  });

  it('would catch one, even of type-only imports, and name its files in order', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
    ]);
    expect(importCycles(graph).map((c) => c.join(' → '))).toEqual(['a.ts → b.ts → c.ts', 'e.ts']);
    const typeOnly = importsIn(
      'x.ts',
      "import type { A } from './a';\nexport type { B } from './b';\nconst c = import('./c');\ntype D = typeof import('./d');\n",
    );
    expect(typeOnly.map((i) => [i.spec, i.typeOnly])).toEqual([
      ['./a', true],
      ['./b', true],
      ['./c', false],
      ['./d', true],
    ]);
  });

  it('finds a cycle written into the tree', () => {
    const a = path.join(projectRoot, 'domain', 'zz-cycle-a.ts');
    const b = path.join(projectRoot, 'domain', 'zz-cycle-b.ts');
    fs.writeFileSync(a, "import type { B } from './zz-cycle-b';\nexport type A = B[];\n");
    fs.writeFileSync(b, "import type { A } from './zz-cycle-a';\nexport type B = { a?: A };\n");
    try {
      expect(importCycles(importGraph(Object.keys(ALLOWED).filter((l) => !l.includes('/')))).map(shown)).toContain(
        'domain/zz-cycle-a.ts → domain/zz-cycle-b.ts → domain/zz-cycle-a.ts',
      );
    } finally {
      fs.rmSync(a);
      fs.rmSync(b);
    }
  });
});

/** The folders of the workflow types on the kit: outside `workflows/`, only their contracts are imported. */
const TYPE_FOLDERS = [
  'workflows/inspection/',
  'workflows/self-inspection/',
  'workflows/round/',
  'workflows/plan-task/',
  'workflows/periodic-report/',
  'workflows/reporting-period/',
];
/** The pure rule modules a unit test (or a script building sample states, scripts/document-samples.ts) may import besides a contract (documents.ts: the documents' life, December 2026; findings.ts: the findings and the dossier sample, issue 23). */
const PURE_RULES = /\/(agenda|actions|projection|state|rules|stages|input|types|documents|findings)\.ts$/;

function implementationImports(): string[] {
  const bad: string[] = [];
  for (const layer of Object.keys(ALLOWED).filter((l) => l !== 'workflows')) {
    const dir = path.join(projectRoot, layer);
    if (!fs.existsSync(dir)) continue;
    for (const file of sources(dir)) {
      for (const imp of importsOf(file)) {
        if (!imp.spec.startsWith('.')) continue;
        const target = path
          .relative(projectRoot, path.resolve(path.dirname(file), imp.spec))
          .split(path.sep)
          .join('/');
        if (!TYPE_FOLDERS.some((t) => `${target}.ts`.startsWith(t)) || target.endsWith('/contract')) continue;
        if ((layer === 'test' || layer === 'scripts') && PURE_RULES.test(`${target}.ts`)) continue;
        bad.push(`${path.relative(projectRoot, file)} → ${imp.spec}`);
      }
    }
  }
  return bad;
}

describe('contracts', () => {
  it("the CLI, the page server, the bench, the worker and the tests import a workflow type's contract, never its implementation", () => {
    expect(implementationImports()).toEqual([]);
  });

  it('would catch one', () => {
    const file = path.join(projectRoot, 'client', 'zz-contract-probe.ts');
    fs.writeFileSync(file, "import { inspection } from '../workflows/inspection/workflow';\nexport const probe = inspection;\n");
    try {
      expect(implementationImports()).toContain('client/zz-contract-probe.ts → ../workflows/inspection/workflow');
    } finally {
      fs.rmSync(file);
    }
  });
});

describe('layers', () => {
  it('has no import that runs back up the layers', () => {
    expect(violations()).toEqual([]);
  });

  /** The violations found while `text` is written at `relative` (a probe, removed afterwards). */
  function withProbe(relative: string, text: string): string[] {
    const file = path.join(projectRoot, relative);
    fs.writeFileSync(file, text);
    try {
      return violations();
    } finally {
      fs.rmSync(file);
    }
  }

  it('lets the bench import the test kit, never a test, and keeps the kit below the tests', () => {
    const probes = {
      [path.join(projectRoot, 'bench', 'zz-layer-probe.ts')]:
        "import { inLanes } from '../test/kit/lanes';\nimport { probe } from '../test/zz-layer-probe';\nexport const p = [inLanes, probe];\n",
      [path.join(projectRoot, 'test', 'kit', 'zz-layer-probe.ts')]: "import { probe } from '../zz-layer-probe';\nexport const p = probe;\n",
      [path.join(projectRoot, 'test', 'zz-layer-probe.ts')]: 'export const probe = 1;\n',
    };
    for (const [file, text] of Object.entries(probes)) fs.writeFileSync(file, text);
    try {
      const bad = violations().filter((v) => v.includes('zz-layer-probe.ts →'));
      expect(bad.sort()).toEqual([
        'bench/zz-layer-probe.ts → ../test/zz-layer-probe: bench may not import test',
        'test/kit/zz-layer-probe.ts → ../zz-layer-probe: test/kit may not import test',
      ]);
    } finally {
      for (const file of Object.keys(probes)) fs.rmSync(file);
    }
  });

  it('would catch one', () => {
    expect(
      withProbe('domain/zz-layer-probe.ts', "import { loadPlan } from '../loaders/plan';\nexport const probe = loadPlan;\n"),
    ).toContain('domain/zz-layer-probe.ts → ../loaders/plan: domain may not import loaders');
  });

  it('keeps the CLI to itself: the page server and the shared client layer may not import it', () => {
    const probe = "import { actor } from './cli/args';\nexport const probe = actor;\n";
    expect(withProbe('web/zz-layer-probe.ts', probe.replace('./cli', '../client/cli'))).toContain(
      'web/zz-layer-probe.ts → ../client/cli/args: web may not import client/cli',
    );
    expect(withProbe('client/zz-layer-probe.ts', probe)).toContain(
      'client/zz-layer-probe.ts → ./cli/args: client may not import client/cli',
    );
    expect(withProbe('scripts/zz-layer-probe.ts', probe.replace('./cli', '../client/cli'))).toContain(
      'scripts/zz-layer-probe.ts → ../client/cli/args: scripts may not import client/cli',
    );
  });

  it('lets the page server use the shared client layer, and the CLI and tests use the CLI', () => {
    expect(
      withProbe('web/zz-layer-probe.ts', "import { withClient } from '../client/connect';\nexport const probe = withClient;\n"),
    ).toEqual([]);
    expect(
      withProbe('client/cli/zz-layer-probe.ts', "import { withClient } from '../connect';\nexport const probe = withClient;\n"),
    ).toEqual([]);
  });
});

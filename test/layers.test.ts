import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';

/**
 * Imports only point down the layers:
 *
 *   domain (pure: no Temporal, no file or network I/O)
 *     ← config, emails
 *     ← loaders (files), workflows (deterministic), activities (side effects)
 *     ← worker, client
 *     ← web (the units' page server; uses the client's Temporal helpers)
 *     ← scripts
 *     ← bench, test
 *
 * Workflows may import activity *types* (for proxyActivities), nothing else from activities.
 */
const BELOW = ['domain'];
const CORE = ['domain', 'config', 'emails', 'loaders', 'workflows', 'activities'];
const APPS = [...CORE, 'worker', 'client'];
/** The layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  config: BELOW,
  emails: BELOW,
  loaders: ['domain', 'config'],
  workflows: ['domain', 'emails'],
  activities: ['domain', 'emails', 'config'],
  worker: CORE,
  client: CORE,
  web: [...CORE, 'client'],
  scripts: [...APPS, 'web'],
  bench: [...APPS, 'scripts'],
  test: [...APPS, 'web', 'scripts', 'bench'],
};
/** Node modules with I/O, forbidden in the pure domain and in workflow code. */
const IO = /^(node:)?(fs|fs\/promises|path|os|child_process|net|http|https|dgram|dns)$/;

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The imports of a source text: static (value or type-only), side-effect, `require` and `import()`. */
export function importsIn(file: string, text: string): Import[] {
  const found: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) found.push({ file, spec: m[3]!, typeOnly: !!m[2] });
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push({ file, spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/require\('([^']+)'\)/g)) found.push({ file, spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/(typeof )?import\('([^']+)'\)/g)) found.push({ file, spec: m[2]!, typeOnly: !!m[1] });
  return found;
}

function importsOf(file: string): Import[] {
  return importsIn(file, fs.readFileSync(file, 'utf8'));
}

/** The source file a relative import names (`./x` → `x.ts` or `x/index.ts`), if it is one of ours. */
function resolveSource(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && fs.existsSync(f));
}

/** Every source file of the layers, with the source files it imports (type-only imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const layer of Object.keys(ALLOWED)) {
    const dir = path.join(projectRoot, layer);
    if (!fs.existsSync(dir)) continue;
    for (const file of sources(dir)) {
      const targets = importsOf(file).flatMap((imp) => (imp.spec.startsWith('.') ? [resolveSource(file, imp.spec)] : [])).filter((f): f is string => f !== undefined);
      graph.set(file, [...new Set(targets)]);
    }
  }
  return graph;
}

/**
 * The import cycles of a graph, each once, as the files around it (from its first file back to
 * it): Tarjan's strongly connected components, then one cycle through each component.
 */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    // A shortest way from `start` back to itself inside the component.
    const previous = new Map<string, string>([[start, start]]);
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (w === start) last = v;
        if (last !== undefined) break;
        if (!members.has(w) || previous.has(w)) continue;
        previous.set(w, v);
        queue.push(w);
      }
    }
    const cycle: string[] = [];
    for (let v = last!; v !== start; v = previous.get(v)!) cycle.unshift(v);
    return [start, ...cycle];
  });
}

const layerOf = (file: string) => path.relative(projectRoot, file).split(path.sep)[0]!;

function violations(): string[] {
  const bad: string[] = [];
  for (const layer of Object.keys(ALLOWED)) {
    const dir = path.join(projectRoot, layer);
    if (!fs.existsSync(dir)) continue;
    for (const file of sources(dir)) {
      for (const imp of importsOf(file)) {
        const where = `${path.relative(projectRoot, file)} → ${imp.spec}`;
        if (!imp.spec.startsWith('.')) {
          if ((layer === 'domain' || layer === 'workflows') && IO.test(imp.spec)) bad.push(`${where}: I/O in ${layer}`);
          if (layer === 'domain' && imp.spec.startsWith('@temporalio/') && !imp.typeOnly) bad.push(`${where}: Temporal in the pure domain`);
          continue;
        }
        const target = layerOf(path.resolve(path.dirname(file), imp.spec));
        if (target === layer || !(target in ALLOWED)) continue;
        const allowed = ALLOWED[layer]!.includes(target) || (layer === 'workflows' && target === 'activities' && imp.typeOnly);
        if (!allowed) bad.push(`${where}: ${layer} may not import ${target}`);
      }
    }
  }
  return bad;
}

const shown = (cycle: string[]) => [...cycle, cycle[0]!].map((f) => path.relative(projectRoot, f)).join(' → ');

describe('import cycles', () => {
  it('has none across the source folders, type-only imports included', () => {
    expect(importCycles(importGraph()).map(shown)).toEqual([]);
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
    const typeOnly = importsIn('x.ts', "import type { A } from './a';\nexport type { B } from './b';\nconst c = import('./c');\ntype D = typeof import('./d');\n");
    expect(typeOnly.map((i) => [i.spec, i.typeOnly])).toEqual([['./a', true], ['./b', true], ['./c', false], ['./d', true]]);
  });

  it('finds a cycle written into the tree', () => {
    const a = path.join(projectRoot, 'domain', 'zz-cycle-a.ts');
    const b = path.join(projectRoot, 'domain', 'zz-cycle-b.ts');
    fs.writeFileSync(a, "import type { B } from './zz-cycle-b';\nexport type A = B[];\n");
    fs.writeFileSync(b, "import type { A } from './zz-cycle-a';\nexport type B = { a?: A };\n");
    try {
      expect(importCycles(importGraph()).map(shown)).toContain('domain/zz-cycle-a.ts → domain/zz-cycle-b.ts → domain/zz-cycle-a.ts');
    } finally {
      fs.rmSync(a);
      fs.rmSync(b);
    }
  });
});

describe('layers', () => {
  it('has no import that runs back up the layers', () => {
    expect(violations()).toEqual([]);
  });

  it('would catch one', () => {
    const file = path.join(projectRoot, 'domain', 'zz-layer-probe.ts');
    fs.writeFileSync(file, "import { loadPlan } from '../loaders/plan';\nexport const probe = loadPlan;\n");
    try {
      expect(violations()).toContain('domain/zz-layer-probe.ts → ../loaders/plan: domain may not import loaders');
    } finally {
      fs.rmSync(file);
    }
  });
});

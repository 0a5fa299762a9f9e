import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';

/**
 * The repository's imports, read from the sources with a small parser (static, side-effect,
 * `require`, `import()`, type-only or not): the layer and cycle checks of test/layers.test.ts and
 * the bundle check of test/round-bundle.test.ts use it.
 */

/** One import of a source file. */
export interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

/** Every TypeScript source file under a folder. */
export function sources(dir: string): string[] {
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
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm))
    found.push({ file, spec: m[3]!, typeOnly: !!m[2] });
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push({ file, spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/require\('([^']+)'\)/g)) found.push({ file, spec: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/(typeof )?import\('([^']+)'\)/g)) found.push({ file, spec: m[2]!, typeOnly: !!m[1] });
  return found;
}

/** The imports of a source file. */
export function importsOf(file: string): Import[] {
  return importsIn(file, fs.readFileSync(file, 'utf8'));
}

/** The source file a relative import names (`./x` → `x.ts` or `x/index.ts`), if it is one of ours. */
export function resolveSource(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && fs.existsSync(f));
}

/** Every source file of the folders, with the source files it imports (type-only imports included). */
export function importGraph(folders: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const layer of folders) {
    const dir = path.join(projectRoot, layer);
    if (!fs.existsSync(dir)) continue;
    for (const file of sources(dir)) {
      const targets = importsOf(file)
        .flatMap((imp) => (imp.spec.startsWith('.') ? [resolveSource(file, imp.spec)] : []))
        .filter((f): f is string => f !== undefined);
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

/**
 * The source files a module evaluates when it is loaded: itself and, transitively, every module it
 * imports for a value (type-only imports are erased by the compiler and evaluate nothing).
 */
export function valueClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of importsOf(file)) {
      if (imp.typeOnly || !imp.spec.startsWith('.')) continue;
      const target = resolveSource(file, imp.spec);
      if (target) visit(target);
    }
  };
  visit(entry);
  return seen;
}

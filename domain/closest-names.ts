import { slugify } from './slug';

/**
 * The names closest to a mistyped one, compared without diacritics, case or punctuation (as
 * workflow ids compare them, domain/slug.ts): "So Tai chin" is close to "Sở Tài chính". Pure.
 */

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** True when two names are the same once diacritics, case and punctuation are set aside. */
export const sameName = (a: string, b: string): boolean => slugify(a) === slugify(b);

/**
 * Up to `max` of `names` closest to `typed`, closest first: within a third of the typed name's
 * length (at least 2 edits), or containing it, or contained in it, once both are slugs.
 */
export function closestNames(typed: string, names: readonly string[], max = 3): string[] {
  const t = slugify(typed);
  if (!t) return [];
  const limit = Math.max(2, Math.floor(t.length / 3));
  const scored = [...new Set(names)]
    .map((name) => {
      const n = slugify(name);
      const d = editDistance(t, n);
      const contains = n.includes(t) || (t.length >= 4 && t.includes(n));
      return { name, d: contains ? Math.min(d, limit) : d };
    })
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name, 'vi'));
  return scored.slice(0, max).map((s) => s.name);
}

/** "Có phải: "Sở Tài chính", "Sở Tư pháp"?", or nothing when there is no close name. */
export function didYouMean(typed: string, names: readonly string[]): string {
  const close = closestNames(typed, names);
  return close.length ? ` Có phải: ${close.map((n) => `"${n}"`).join(', ')}?` : '';
}

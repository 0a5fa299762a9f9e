/**
 * Rules of administrative Vietnamese that apply to any text a person reads, kept in one place. Pure: no I/O.
 */

const FULL = /Ủy ban nhân dân|ỦY BAN NHÂN DÂN|Uỷ ban nhân dân/;
const SHORT = /(^|[^\p{L}\p{N}])UBND(?![\p{L}\p{N}])/u;

/**
 * Spells out "Ủy ban nhân dân" at its first mention: texts are in reading order; if an abbreviation "UBND"
 * comes before any full mention, that first "UBND" becomes "Ủy ban nhân dân" (later ones stay abbreviated).
 */
export function spellOutFirstUbnd(texts: readonly string[]): string[] {
  const out = [...texts];
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    const full = FULL.exec(t);
    const short = SHORT.exec(t);
    if (short && (!full || short.index + short[1]!.length < full.index)) {
      out[i] = `${t.slice(0, short.index)}${short[1]}Ủy ban nhân dân${t.slice(short.index + short[0].length)}`;
      return out;
    }
    if (full) return out;
  }
  return out;
}

/** True when "Ủy ban nhân dân" is written out before (or without) any "UBND" in the text. */
export function ubndSpelledOutFirst(text: string): boolean {
  const short = SHORT.exec(text);
  if (!short) return true;
  const full = FULL.exec(text);
  return full !== null && full.index < short.index + short[1]!.length;
}

/** A text as a sentence: a full stop added unless it already ends with one (or "!", "?", "…"). */
export function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

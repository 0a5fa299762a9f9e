/**
 * Text that cannot take over a terminal or forge a line: the one rule for which characters free
 * text may hold (used by `line()` and `text()` at every zod boundary), and the one way every printer
 * shows unit text that slipped through anyway (recorded before the rule, or read from elsewhere).
 *
 * Refused: C0 controls (ESC, CR, BEL…), DEL, C1 controls (U+0080–U+009F, CSI included), the Unicode
 * line and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) that reorder what a reader sees. A
 * multi-line field (`text()`) keeps LF, and TAB (tables pasted from an office file): neither moves
 * the cursor back or over another line. Printers show a refused character as `<U+XXXX>`: `<` and
 * `>` are themselves refused in free text, so the marker cannot be typed to look like one.
 */

/** A character free text may not hold, and why. */
export interface UnsafeCharacter {
  /** `U+XXXX`. */
  codePoint: string;
  kind: 'control' | 'bidi';
}

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Every refused character; LF and TAB are told apart by the caller. */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's purpose
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** What a multi-line field keeps. */
const MULTILINE_ALLOWED = new Set(['\n', '\t']);

/** `U+001B` for ESC. */
export function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first character of `s` that free text may not hold (LF and TAB allowed when `multiline`), if any. */
export function unsafeCharacter(s: string, multiline: boolean): UnsafeCharacter | undefined {
  for (const m of s.matchAll(UNSAFE)) {
    if (multiline && MULTILINE_ALLOWED.has(m[0])) continue;
    return { codePoint: codePointLabel(m[0]), kind: BIDI.test(m[0]) ? 'bidi' : 'control' };
  }
  return undefined;
}

/** The Vietnamese message of a refused character, for the zod issue. */
export function unsafeCharacterMessage(c: UnsafeCharacter): string {
  return c.kind === 'bidi'
    ? `không được chứa ký tự đảo chiều hiển thị văn bản (${c.codePoint})`
    : `không được chứa ký tự điều khiển (${c.codePoint})`;
}

const marker = (ch: string) => `<${codePointLabel(ch)}>`;

/**
 * Unit text on one line of a terminal: every refused character, LF and TAB included, shown as
 * `<U+XXXX>` (a TAB as a space), so nothing in it can move the cursor, recolour, retitle or start
 * a new line.
 */
export function displayLine(s: string): string {
  return s.replace(UNSAFE, (ch) => (ch === '\t' ? ' ' : marker(ch)));
}

/**
 * Multi-line unit text as a quoted block: each of its lines escaped like {@link displayLine} and
 * printed after `indent` and a `│ ` gutter, so no line of it can pass for a line of the printer's
 * own (a history entry, a heading).
 */
export function quotedLines(s: string, indent: string): string[] {
  return s.split('\n').map((l) => `${indent}│ ${displayLine(l)}`);
}

/**
 * A printed line followed by unit text: `head` and the text inline (through `inline`) when the text
 * is one line; else `head` alone and the text as a quoted block under it ({@link quotedLines}).
 */
export function withUnitText(
  head: string,
  text: string | undefined,
  indent: string,
  inline: (shown: string) => string = (shown) => ` (${shown})`,
): string[] {
  if (text === undefined || text === '') return [head];
  if (!text.includes('\n')) return [head + inline(displayLine(text))];
  return [head, ...quotedLines(text, indent)];
}

/**
 * The characters a file name shows as they are: printable ASCII and the Latin letters and marks
 * Vietnamese is written with (Latin-1 and Latin Extended-A/B, Latin Extended Additional, combining
 * diacritics). Everything else (Cyrillic or Greek look-alikes, full-width forms, dot leaders, spaces
 * of other widths, invisible characters) is shown as `<U+XXXX>`, so a name that looks like another
 * (`bа́o-cáo.pdf` with a Cyrillic а) reads differently.
 */
const PLAIN_NAME_RANGES: readonly (readonly [number, number])[] = [
  [0x00c0, 0x024f],
  [0x1e00, 0x1eff],
  [0x0300, 0x036f],
];
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const plainInName = (ch: string): boolean => {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp <= 0x7e) return true;
  return PLAIN_NAME_RANGES.some(([from, to]) => cp >= from && cp <= to) && LETTER_OR_MARK.test(ch);
};

/** A file name as a person may trust it: NFC, controls and bidi escaped, look-alike characters of other scripts made visible. */
export function displayFileName(name: string): string {
  return Array.from(displayLine(name.normalize('NFC')), (ch) => (plainInName(ch) ? ch : marker(ch))).join('');
}

/**
 * Unit or plan text inside Markdown that the Temporal Web UI renders (static and current details):
 * refused characters shown as `<U+XXXX>` markers, the characters that open an inline construct
 * (link, image, emphasis, code, HTML, entity, heading, table) backslash-escaped, and a web address
 * or `www.` broken so no autolink forms; it renders as the same text, and cannot add a link, an
 * image (fetched by the supervisor's browser) or a heading.
 */
export function markdownText(s: string): string {
  return displayLine(s)
    .replace(/[\\`*_{}[\]()<>#!|~&@]/g, (ch) => `\\${ch}`)
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, -1)}\\.`);
}

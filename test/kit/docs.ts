import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/paths';
import type { WorkingCalendar } from '../../domain/calendar';
import { addDays, type LocalDate } from '../../domain/dates';
import { liveDates } from './live-dates';

/**
 * Reading the project's Markdown docs for the tests that keep them true: their relative links, and
 * the `npx kiemtra …` commands of their `sh` blocks, which the docs walkthrough runs.
 */

/** The pages whose commands the walkthrough runs, in the order it runs them (repository paths). */
export const WALKTHROUGH_PAGES = [
  'README.md',
  'docs/calendar.md',
  'docs/units.md',
  'docs/coordinators.md',
  'docs/yearly-plan.md',
  'docs/units-pages.md',
  'docs/supervisors.md',
  'docs/email.md',
] as const;

/** Every Markdown page of the docs: the README and docs/*.md (repository paths). */
export function docPages(): string[] {
  const docs = fs
    .readdirSync(path.join(projectRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** One line of a page, and whether it lies in a fenced block (and which language). */
export interface PageLine {
  page: string;
  /** 1-based. */
  number: number;
  text: string;
  /** The fence's language ('' for a bare fence), or undefined outside fences. */
  fence?: string;
}

/** The lines of a page, each with the fenced block it is in. The fence lines themselves are left out. */
export function pageLines(page: string, text = fs.readFileSync(path.join(projectRoot, page), 'utf8')): PageLine[] {
  const out: PageLine[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*```(\S*)/.exec(line);
    if (marker) {
      fence = fence === undefined ? marker[1]! : undefined;
      return;
    }
    out.push({ page, number: i + 1, text: line, ...(fence !== undefined ? { fence } : {}) });
  });
  return out;
}

/** A documented command: `npx kiemtra` and its arguments, from a line of an `sh` block. */
export interface DocCommand {
  page: string;
  line: number;
  /** The line as written, without its comment. */
  text: string;
  /** The arguments after `npx kiemtra`, as a POSIX shell would split them. */
  args: string[];
  /** The exact stdout (without its final newline) from a trailing `# → value` comment. */
  expected?: string;
}

const PREFIX = 'npx kiemtra';

/**
 * The `npx kiemtra …` commands of a page's `sh` blocks, in order, and the `kiemtra …` ones (the
 * CLI on the PATH after `npm link`), which run the same built CLI.
 */
export function documentedCommands(page: string, text?: string): DocCommand[] {
  return pageLines(page, text)
    .filter((l) => l.fence === 'sh' && (l.text.trimStart().startsWith(`${PREFIX} `) || l.text.trimStart().startsWith('kiemtra ')))
    .map((l) => {
      const line = l.text.trim();
      const { words: all, comment, commentAt } = shellWords(line);
      const words = all[0] === 'kiemtra' ? ['npx', ...all] : all;
      if (words[0] !== 'npx' || words[1] !== 'kiemtra') throw new Error(`${page}:${l.number}: not a kiemtra command: ${l.text}`);
      const expected = comment !== undefined ? /^→\s*(.*)$/.exec(comment)?.[1]?.trim() : undefined;
      return {
        page,
        line: l.number,
        text: line.slice(0, commentAt).trim(),
        args: words.slice(2),
        ...(expected !== undefined ? { expected } : {}),
      };
    });
}

/**
 * Mentions of `npx kiemtra` that the walkthrough would not run: anywhere outside an `sh` block
 * other than the generic forms (`npx kiemtra`, `npx kiemtra …`, `npx kiemtra <lệnh> --help`), and
 * in an `sh` block anywhere but at the start of a line.
 */
export function strayMentions(page: string, text?: string): PageLine[] {
  const generic = /^npx kiemtra(`| …`| <lệnh> --help`)/;
  return pageLines(page, text).filter((l) => {
    if (l.fence === 'sh') return l.text.includes(PREFIX) && !l.text.trimStart().startsWith(`${PREFIX} `);
    let at = l.text.indexOf(PREFIX);
    while (at >= 0) {
      if (!generic.test(l.text.slice(at))) return true;
      at = l.text.indexOf(PREFIX, at + 1);
    }
    return false;
  });
}

/**
 * Splits a line as a POSIX shell does for the forms the docs use: words separated by blanks,
 * double and single quotes (also inside a word: `R1="a b"` is `R1=a b`), backslash escapes
 * outside single quotes, and a `#` that starts a word begins the comment.
 */
export function shellWords(line: string): { words: string[]; comment?: string; commentAt?: number } {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === '#' && word === undefined) {
      return { words, comment: line.slice(i + 1).trim(), commentAt: i };
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        if (line[j] === '$' || line[j] === '`') throw new Error(`shell expansion is not supported in a documented command: ${line}`);
        s += line[j];
        j++;
      }
      if (j >= line.length) throw new Error(`unterminated " in: ${line}`);
      word = (word ?? '') + s;
      i = j + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      word = (word ?? '') + line[i + 1];
      i += 2;
    } else if ('$`|;&<>()*?'.includes(c)) {
      throw new Error(`shell syntax "${c}" is not supported in a documented command: ${line}`);
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return { words };
}

/** A relative link of a page: its target file (repository path) and anchor. */
export interface DocLink {
  page: string;
  line: number;
  target: string;
  file: string;
  anchor?: string;
}

/** The relative links and images of a page outside code (fenced blocks and inline code). */
export function relativeLinks(page: string, text?: string): DocLink[] {
  const out: DocLink[] = [];
  for (const l of pageLines(page, text)) {
    if (l.fence !== undefined) continue;
    const prose = l.text.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [ref, anchor] = target.split('#') as [string, string | undefined];
      const file = ref === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), ref));
      out.push({ page, line: l.number, target, file, ...(anchor ? { anchor } : {}) });
    }
  }
  return out;
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(page: string, text?: string): Set<string> {
  const anchors = new Set<string>();
  for (const l of pageLines(page, text)) {
    if (l.fence !== undefined) continue;
    const m = /^#{1,6}\s+(.*)$/.exec(l.text);
    if (!m) continue;
    let slug = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    for (let n = 1; anchors.has(slug); n++) slug = `${slug.replace(/-\d+$/, '')}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}

/**
 * What each example date of the documented commands stands for. The pages tell a story set in late
 * 2026; the walkthrough replaces each date by one with the same role relative to today, so it holds
 * on the real clock at any hour of any day. The `calendar` commands keep their dates: they are the
 * 2026 calendar's own.
 */
export const DATE_ROLES = {
  // Facts recorded today: a report, a meeting's draft, a response, a signature, a remediation, a
  // self-inspection, a task's document, a periodic report.
  '2026-11-27': 'today',
  '2026-12-09': 'today',
  '2026-12-11': 'today',
  '2026-12-16': 'today',
  '2027-01-08': 'today',
  '2026-11-20': 'today',
  '2026-05-28': 'today',
  '2026-11-18': 'today',
  '2026-12-02': 'today',
  // Sở Tài chính's visit (one day, begun five working days ago): its opening and closing meetings.
  '2026-12-03': 'visit',
  '2026-12-04': 'visit',
  // The draft's response deadline: a working day after today.
  '2026-12-14': 'responseBy',
  // A later working day: a recommendation's remediation deadline, a task's new deadline.
  '2027-01-15': 'remediationBy',
  '2026-12-31': 'remediationBy',
  // A two-day visit after every proposed visit of the round, for a reschedule.
  '2027-01-11': 'freeVisitStart',
  '2027-01-12': 'freeVisitEnd',
  // The last monthly reporting period that has ended.
  '2026-11': 'lastMonthlyPeriod',
} as const;

/** A role of an example date. */
export type DateRole = (typeof DATE_ROLES)[keyof typeof DATE_ROLES];

/** The dates (YYYY-MM-DD) and periods (YYYY-MM) written in an argument. */
export function datesIn(arg: string): string[] {
  return [...arg.matchAll(/(?<![\d-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])/g)].map((m) => m[0]);
}

/** Whether a command's dates are the calendar's own (kept as written). */
export function keepsItsDates(c: DocCommand): boolean {
  return c.args[0] === 'calendar';
}

/** The example dates of a command that have no role in {@link DATE_ROLES}. */
export function datesWithoutRole(c: DocCommand): string[] {
  if (keepsItsDates(c)) return [];
  return c.args.flatMap(datesIn).filter((d) => !(d in DATE_ROLES));
}

/** A command's arguments with each example date replaced by the value of its role today. */
export function withLiveDates(c: DocCommand, value: (role: DateRole) => string): string[] {
  if (keepsItsDates(c)) return c.args;
  const missing = datesWithoutRole(c);
  if (missing.length > 0) throw new Error(`${c.page}:${c.line}: no role for ${missing.join(', ')} in DATE_ROLES (test/kit/docs.ts)`);
  return c.args.map((a) => a.replace(/(?<![\d-])\d{4}-\d{2}(?:-\d{2})?(?![\d-])/g, (d) => value(DATE_ROLES[d as keyof typeof DATE_ROLES])));
}

/** The round of the walkthrough, as the shipped plan names it. */
export const WALKTHROUGH_ROUND = 'haiphong-2026';

/** A round plan as read from its YAML file, before validation. */
export interface RawRoundPlan {
  window: { from: string; to: string };
  team: { lead: { name: string }; members: { name: string }[] };
  units: { name: string; visit?: unknown; current?: unknown }[];
}

/**
 * The shipped round plan (as parsed from YAML) as the walkthrough's coordinator has it at `now`: the
 * window extended from today (the 2026 window is over), Sở Tài chính on site since a one-day visit
 * that began five working days ago, its report not yet in, and Sở Xây dựng notified, its visit days
 * away; the team's names filled in as the Office does (the lead Trần Văn B, who signs the documented
 * conclusion; the members Phạm Thị Dung, Lê Văn Cường, Hoàng Thị Em). Returns a changed copy.
 */
export function walkthroughRoundPlan<P extends RawRoundPlan>(shipped: P, cal: WorkingCalendar, now: number): P {
  const live = liveDates(cal, now);
  const plan = structuredClone(shipped);
  plan.window.to = addDays(live.today, 300);
  plan.team.lead.name = 'Trần Văn B';
  ['Phạm Thị Dung', 'Lê Văn Cường', 'Hoàng Thị Em'].forEach((name, i) => {
    if (!plan.team.members[i]) throw new Error(`the shipped plan has no member ${i + 1}`);
    plan.team.members[i].name = name;
  });
  const unit = (name: string) => {
    const u = plan.units.find((x) => x.name === name);
    if (!u) throw new Error(`the shipped plan has no unit ${name}`);
    return u;
  };
  Object.assign(unit('Sở Tài chính'), { visit: live.reportOverdue, current: { stage: 'on_site' } });
  Object.assign(unit('Sở Xây dựng'), { visit: live.noticeDue, current: { stage: 'notified' } });
  return plan;
}

/** A two-day visit ten working days after the last of `visits`: free for the documented reschedule. */
export function freeVisitAfter(visits: readonly { end: LocalDate }[], cal: WorkingCalendar): { start: LocalDate; end: LocalDate } {
  const last = visits
    .map((v) => v.end)
    .sort()
    .at(-1);
  if (!last) throw new Error('no visit to follow');
  const start = cal.addWorkingDays(last, 10);
  return { start, end: cal.addWorkingDays(start, 1) };
}

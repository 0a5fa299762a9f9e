import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { parseDocument } from 'yaml';
import { localDateOf } from '../domain/dates';
import { noticeDeadline } from '../domain/deadlines';
import { liveDates } from './kit/live-dates';
import { periodBefore } from '../domain/periods';
import { checkPlan, planSchema, proposeVisits, visitClash } from '../domain/plan';
import { loadWorkingCalendar } from '../loaders/calendar';
import {
  datesWithoutRole,
  freeVisitAfter,
  walkthroughRoundPlan,
  WALKTHROUGH_ROUND,
  docPages,
  documentedCommands,
  headingAnchors,
  relativeLinks,
  shellWords,
  strayMentions,
  WALKTHROUGH_PAGES,
  withLiveDates,
  type RawRoundPlan,
} from './kit/docs';

/**
 * The docs stay true without a server: every relative link resolves, every `npx kiemtra` command
 * shown is one the walkthrough (test/docs-commands-e2e.test.ts) runs, and each of its example
 * dates has a role there.
 */
describe('the docs', () => {
  const pages = docPages();

  it('are the README and one page a topic under docs/', () => {
    expect(pages[0]).toBe('README.md');
    expect(pages.length).toBeGreaterThan(10);
    expect(fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(200);
  });

  it('carry no merge-conflict markers, nor Prettier’s quoted form of one', () => {
    const marker = /^(<{7}|={7}|>{7})( |$)|^(> ){6}>/m;
    expect(pages.filter((page) => marker.test(fs.readFileSync(path.join(projectRoot, page), 'utf8')))).toEqual([]);
  });

  it('link only to files that exist, and to headings those files have', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of relativeLinks(page)) {
        if (!fs.existsSync(path.join(projectRoot, link.file))) broken.push(`${page}:${link.line}: ${link.target} (no file ${link.file})`);
        else if (link.anchor && link.file.endsWith('.md') && !headingAnchors(link.file).has(link.anchor))
          broken.push(`${page}:${link.line}: ${link.target} (no heading #${link.anchor} in ${link.file})`);
      }
    }
    expect(broken).toEqual([]);
    expect(pages.flatMap((p) => relativeLinks(p)).length).toBeGreaterThan(30);
  });

  it('show `npx kiemtra` commands only in sh blocks of the pages the walkthrough runs', () => {
    const stray = pages.flatMap((p) => strayMentions(p)).map((l) => `${l.page}:${l.number}: ${l.text.trim()}`);
    expect(stray).toEqual([]);
    const withCommands = pages.filter((p) => documentedCommands(p).length > 0);
    expect(withCommands.filter((p) => !(WALKTHROUGH_PAGES as readonly string[]).includes(p))).toEqual([]);
    for (const page of WALKTHROUGH_PAGES) expect(documentedCommands(page), page).not.toEqual([]);
  });

  it('give every example date of a live command a role in the walkthrough', () => {
    const commands = WALKTHROUGH_PAGES.flatMap((p) => documentedCommands(p));
    expect(commands.flatMap((c) => datesWithoutRole(c).map((d) => `${c.page}:${c.line}: ${d}`))).toEqual([]);
  });
});

describe('reading the docs', () => {
  it('splits a command line as the shell does', () => {
    const line = 'npx kiemtra remediation "Sở Tài chính" --done R1="Văn bản số 12" x\\ y \'a "b"\'   # → done';
    expect(shellWords(line)).toEqual({
      words: ['npx', 'kiemtra', 'remediation', 'Sở Tài chính', '--done', 'R1=Văn bản số 12', 'x y', 'a "b"'],
      comment: '→ done',
      commentAt: line.indexOf('# →'),
    });
    expect(shellWords('npx kiemtra finding a#b')).toEqual({ words: ['npx', 'kiemtra', 'finding', 'a#b'] });
    expect(() => shellWords('npx kiemtra status "$UNIT"')).toThrow(/expansion/);
    expect(() => shellWords('npx kiemtra list | head')).toThrow(/shell syntax/);
    expect(() => shellWords('npx kiemtra status "Sở')).toThrow(/unterminated/);
  });

  it('finds the commands of sh blocks only, with their expected output', () => {
    const md = [
      'Run `npx kiemtra …` or `npx kiemtra <lệnh> --help`.',
      '```sh',
      'npm start',
      'npx kiemtra calendar is-working-day 2026-02-16   # → false',
      'npx kiemtra status "Sở Y tế"                    # the unit',
      '```',
      '```yaml',
      'npx kiemtra not-a-command',
      '```',
    ].join('\n');
    expect(documentedCommands('x.md', md)).toEqual([
      {
        page: 'x.md',
        line: 4,
        text: 'npx kiemtra calendar is-working-day 2026-02-16',
        args: ['calendar', 'is-working-day', '2026-02-16'],
        expected: 'false',
      },
      { page: 'x.md', line: 5, text: 'npx kiemtra status "Sở Y tế"', args: ['status', 'Sở Y tế'] },
    ]);
    expect(strayMentions('x.md', md).map((l) => l.number)).toEqual([8]);
    expect(strayMentions('y.md', 'Try `npx kiemtra status "Sở Y tế"`.\n```sh\necho $(npx kiemtra list)\n```').map((l) => l.number)).toEqual(
      [1, 3],
    );
  });

  it('replaces example dates by their role, keeps the calendar’s, and refuses a date without a role', () => {
    const live = (role: string) => `<${role}>`;
    const [draft, cal, stray] = documentedCommands(
      'x.md',
      '```sh\nnpx kiemtra draft A --issued 2026-12-09 --response-by 2026-12-14 --recommendation "X@2027-01-15"\nnpx kiemtra calendar add-working-days 2026-02-13 1\nnpx kiemtra report A --received 2031-03-03\n```',
    );
    expect(withLiveDates(draft!, live)).toEqual([
      'draft',
      'A',
      '--issued',
      '<today>',
      '--response-by',
      '<responseBy>',
      '--recommendation',
      'X@<remediationBy>',
    ]);
    expect(withLiveDates(cal!, live)).toEqual(['calendar', 'add-working-days', '2026-02-13', '1']);
    expect(() => withLiveDates(stray!, live)).toThrow(/x\.md:4: no role for 2031-03-03/);
  });

  it('finds relative links and the anchors of headings', () => {
    const md =
      '# What `npm start` starts\n## Running in production: the cluster\n[a](docs/b.md#x) ![s](screenshots/s.png) [w](https://temporal.io) `[c](no.md)`\n```\n[d](no.md)\n```';
    expect(relativeLinks('docs/x.md', md).map((l) => [l.file, l.anchor])).toEqual([
      ['docs/docs/b.md', 'x'],
      ['docs/screenshots/s.png', undefined],
    ]);
    expect([...headingAnchors('x.md', md)]).toEqual(['what-npm-start-starts', 'running-in-production-the-cluster']);
  });
});

describe("the walkthrough's round plan", () => {
  const cal = loadWorkingCalendar();
  const shipped = parseDocument(
    fs.readFileSync(path.join(projectRoot, 'plans', `${WALKTHROUGH_ROUND}.yaml`), 'utf8'),
  ).toJS() as RawRoundPlan;

  it('passes plan check, is fully proposed, and leaves a free reschedule slot, on every day from December 2026 to the end of 2027', () => {
    const failures: string[] = [];
    // 03:00 Vietnam time each day (20:00 UTC the day before); the dates only change at midnight.
    for (let now = Date.UTC(2026, 10, 30, 20); now < Date.UTC(2027, 11, 31, 20); now += 86_400_000) {
      const live = liveDates(cal, now);
      const today = live.today;
      const fail = (what: string) => failures.push(`${today}: ${what}`);
      const plan = planSchema.parse(walkthroughRoundPlan(shipped, cal, now));
      const before = checkPlan(plan, cal, today).problems;
      if (before.length > 0) fail(`plan check: ${before.map((p) => `${p.unit}: ${p.message}`).join('; ')}`);
      const { proposed, unplaced } = proposeVisits(plan, cal, today);
      if (unplaced.length > 0) fail(`unplaced: ${unplaced.join(', ')}`);
      const full = { ...plan, units: plan.units.map((u) => ({ ...u, visit: u.visit ?? proposed.get(u.name) })) };
      const after = checkPlan(full, cal, today).problems;
      if (after.length > 0) fail(`proposed plan check: ${after.map((p) => `${p.unit}: ${p.message}`).join('; ')}`);
      const visits = full.units.map((u) => ({ unit: u.name, ...u.visit! }));
      const slot = freeVisitAfter(visits, cal);
      if (visitClash(visits, { unit: 'Sở Y tế', ...slot }, plan.rules)) fail(`the reschedule slot ${slot.start} clashes`);
      if (slot.end > full.window.to) fail(`the reschedule slot ${slot.start} is outside the window`);
      if (noticeDeadline(cal, slot.start).date < today) fail(`the reschedule slot ${slot.start} leaves no notice`);
      if (periodBefore('monthly', today).to >= today) fail('the last monthly period has not ended');
      if (!(live.reportOverdue.start < today && today < live.responseBy && live.responseBy < live.remediationBy))
        fail('the roles are out of order');
    }
    expect(failures).toEqual([]);
    expect(localDateOf(Date.UTC(2026, 11, 31, 20))).toBe('2027-01-01');
  });
});

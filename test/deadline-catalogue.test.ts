import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../config/paths';
import { DEADLINE_ACTOR_LABELS, DEADLINE_KINDS, DEADLINES, deadlineName, deadlineOfId } from '../domain/deadline-catalogue';
import { forwardDeadline, inspectionDeadlines } from '../domain/deadlines';
import { LINK_ACTIONS } from '../domain/links';
import { loadWorkingCalendar } from '../loaders/calendar';

/**
 * The catalogue of deadlines against the code that sets deadlines and against the links: every
 * kind of deadline the workflows and the domain create has an entry (and no entry is stale), and
 * the link of each entry is the page where the unit meets that deadline.
 */

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) ? [p] : [];
  });
}

/**
 * The kinds of the deadline ids written in the code: the id given to a deadline constructor, an id
 * pushed on an overdue list, a literal `id:` in the domain's deadline rules.
 */
function kindsInCode(): Set<string> {
  const kinds = new Set<string>();
  const found = (id: string) => kinds.add(id.split(':')[0]!);
  for (const file of [...sources(path.join(projectRoot, 'workflows')), ...sources(path.join(projectRoot, 'domain'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:forwardDeadline|beforeDateDeadline)\([^,]+,\s*['`]([^'`$]+)/g)) found(m[1]!);
    for (const m of text.matchAll(/overdue\.push\(\s*['`]([^'`$]+)/g)) found(m[1]!);
    if (path.basename(file) === 'deadlines.ts') for (const m of text.matchAll(/\bid: '([^']+)'/g)) found(m[1]!);
  }
  return kinds;
}

describe('the catalogue of deadlines', () => {
  it('has an entry for every kind of deadline the code creates, and none other', () => {
    const kinds = kindsInCode();
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    expect([...kinds].sort()).toEqual([...DEADLINE_KINDS].sort());
  });

  it('names each deadline an inspection is computed with', () => {
    const cal = loadWorkingCalendar();
    const d = inspectionDeadlines(cal, { start: '2026-05-25', end: '2026-05-26' });
    const ids = [
      d.notice!,
      d.report!,
      d.conclusion!,
      forwardDeadline(cal, 'response', '2026-06-05', 'x'),
      forwardDeadline(cal, 'remediation:R2', '2026-07-01', 'x'),
    ].map((x) => x.id);
    for (const id of ids) expect(deadlineOfId(id), id).toBeDefined();
    expect(ids.map((id) => deadlineName(id))).toEqual([
      'Thông báo lịch kiểm tra',
      'Báo cáo của đơn vị',
      'Ban hành kết luận',
      'Góp ý dự thảo',
      'Khắc phục kiến nghị R2',
    ]);
    expect(ids.map((id) => deadlineName(id, 'phrase'))).toEqual([
      'gửi thông báo lịch kiểm tra',
      'báo cáo của đơn vị',
      'ban hành kết luận',
      'ý kiến về dự thảo',
      'khắc phục kiến nghị R2',
    ]);
    expect(ids.map((id) => deadlineName(id, 'todo'))).toEqual([
      'Gửi thông báo lịch kiểm tra',
      'Báo cáo phục vụ kiểm tra',
      'Ban hành kết luận kiểm tra',
      'Ý kiến về dự thảo kết luận',
      'Khắc phục kiến nghị R2',
    ]);
    expect(ids.map((id) => deadlineName(id, 'marker'))).toEqual([
      'Thông báo',
      'Hạn báo cáo',
      'Hạn kết luận',
      'Hạn góp ý',
      'Hạn khắc phục R2',
    ]);
  });

  it('reads the ref of a deadline id, and knows no other kind', () => {
    expect(deadlineOfId('remediation:R12')).toEqual({ kind: 'remediation', entry: DEADLINES.remediation, ref: 'R12' });
    expect(deadlineOfId('report')).toEqual({ kind: 'report', entry: DEADLINES.report });
    expect(deadlineOfId('visit')).toBeUndefined();
    expect(deadlineOfId('constructor')).toBeUndefined();
  });

  it('capitalises headings, not phrases, and says who acts for each', () => {
    for (const kind of DEADLINE_KINDS) {
      const e = DEADLINES[kind];
      for (const name of [e.label, e.todo, e.marker]) expect(name, kind).toMatch(/^\p{Lu}/u);
      expect(e.phrase, kind).toMatch(/^\p{Ll}/u);
      expect(DEADLINE_ACTOR_LABELS[e.actor], kind).toBeTruthy();
    }
  });

  it('links each deadline a unit meets to its page, one deadline a link action', () => {
    const linked = DEADLINE_KINDS.filter((k) => DEADLINES[k].link !== undefined);
    for (const k of linked) {
      expect(LINK_ACTIONS, k).toContain(DEADLINES[k].link);
      expect(DEADLINES[k].actor, `${k}: only a unit opens a link`).toBe('unit');
    }
    // `ack` answers the notice email (the unit confirms it received it), `forms` the reminder of the
    // missing forms of II.2 (sent with the report, or after it): they meet no deadline of their own,
    // nor does `question` (a difficulty or a question to the Center, at the foot of every email to a unit).
    expect(linked.map((k) => DEADLINES[k].link).sort()).toEqual(
      LINK_ACTIONS.filter((a) => a !== 'ack' && a !== 'forms' && a !== 'question').sort(),
    );
  });
});

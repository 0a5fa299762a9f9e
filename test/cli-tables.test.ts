import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ListedWorkflow } from '../client/listing';
import { listingTable, nextDeadlineId } from '../client/cli/listing-table';
import { projectRoot } from '../config/paths';
import { localInstant } from '../domain/dates';
import { noticeDeadline, reportDeadline } from '../domain/deadlines';
import { loadWorkingCalendar } from '../loaders/calendar';
import { documentedCommands } from './kit/docs';

const cal = loadWorkingCalendar();
const VISIT = '2026-06-15';
const row = (over: Partial<ListedWorkflow>): ListedWorkflow => ({
  workflowId: 'inspection-2026-so-x',
  type: 'inspection',
  unit: 'Sở X',
  stage: 'scheduled',
  kind: 'periodic',
  visit: localInstant(VISIT),
  overdue: false,
  status: 'RUNNING',
  ...over,
});

describe('kiemtra list as a table', () => {
  it('is compact: 34 units take 34 lines between the heading and the totals, no rule between rows', () => {
    const rows = Array.from({ length: 34 }, (_, i) => row({ unit: `Đơn vị ${i + 1}` }));
    const lines = listingTable(rows, cal).trimEnd().split('\n');
    // top rule, heading, rule under the heading, 34 rows, bottom rule, the totals
    expect(lines).toHaveLength(34 + 5);
    expect(lines.filter((l) => l.startsWith('├'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('34 cuộc kiểm tra');
  });

  it('says which deadline is next', () => {
    const notice = noticeDeadline(cal, VISIT).date;
    const report = reportDeadline(cal, VISIT).date;
    const next = (date: string) => localInstant(date as never, '23:59');
    expect(nextDeadlineId(row({ next: next(notice) }), cal)).toBe('notice');
    expect(nextDeadlineId(row({ stage: 'notified', next: next(report) }), cal)).toBe('report');
    expect(nextDeadlineId(row({ stage: 'notified', next: next('2026-07-06') }), cal)).toBe('conclusion');
    expect(nextDeadlineId(row({ stage: 'remediating', next: next('2026-09-01') }), cal)).toBe('remediation');
    expect(nextDeadlineId(row({ type: 'selfInspection', stage: 'self_waiting', next: next('2026-09-01') }), cal)).toBe('self-inspection');
    expect(nextDeadlineId(row({ stage: 'closed' }), cal)).toBeUndefined();
    const table = listingTable([row({ stage: 'notified', next: next(report) })], cal);
    expect(table).toContain('Hạn tiếp theo (việc)');
    expect(table).toMatch(new RegExp(`${report.slice(8, 10)}/${report.slice(5, 7)}/2026, báo cáo của đơn vị`));
    expect(listingTable([row({ stage: 'drafting', next: next('2026-07-06') })], cal)).toContain(
      '06/07/2026, ban hành kết luận hoặc ý kiến về dự thảo',
    );
  });
});

describe('the packages the CLI and the servers load', () => {
  it('are dependencies, not devDependencies (outbox reads mail with mailparser at run time)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const runtime = ['client', 'config', 'loaders', 'domain', 'emails', 'web', 'worker', 'activities', 'workflows', 'documents'];
    const used = new Map<string, string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (e.name.endsWith('.ts')) {
          const text = fs.readFileSync(file, 'utf8');
          for (const m of text.matchAll(/(?:^import [^;]*? from |require\()'([^'.][^']*)'/gm)) {
            const spec = m[1]!;
            if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!)) continue;
            if (/^import type /.test(m[0])) continue;
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
            used.set(name, path.relative(projectRoot, file));
          }
        }
      }
    };
    for (const d of runtime) if (fs.existsSync(path.join(projectRoot, d))) walk(path.join(projectRoot, d));
    expect(used.get('mailparser')).toBe('client/cli/commands/email.ts');
    const notRuntime = [...used].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (${file})`);
    expect(notRuntime).toEqual([]);
  });
});

describe('the README', () => {
  it('puts kiemtra on the PATH with npm link, and its kiemtra commands are run like the npx ones', () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toMatch(/^npm link\b/m);
    const commands = documentedCommands('README.md');
    expect(commands.map((c) => c.text)).toEqual(expect.arrayContaining(['kiemtra --version', 'kiemtra --help']));
    expect(commands.find((c) => c.text === 'kiemtra --help')?.args).toEqual(['--help']);
    expect(commands.some((c) => c.text.startsWith('npx '))).toBe(false);
  });
});

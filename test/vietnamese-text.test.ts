import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateInText, formatDateNd30 } from '../domain/dates';
import { teamSchemas } from '../domain/team';
import { asSentence, spellOutFirstUbnd, ubndSpelledOutFirst } from '../domain/vi-text';
import { EMAIL_KINDS, type EmailKind } from '../emails/kinds';
import { sampleRequest } from '../emails/sample';
import { renderEmail, type EmailData } from '../emails/templates';

/**
 * The Vietnamese of every text a person reads (issue 22, item 8): the unit named, "Ủy ban nhân dân" in full
 * at first mention, one form of a date in running text, "tỷ lệ", no raw ids, English or ISO timestamps.
 */

const root = path.resolve(__dirname, '..');

/** What no text a person reads may contain, each with why. */
const BANNED: [RegExp, string][] = [
  [/quý cơ quan/i, '"quý cơ quan": name the unit'],
  [/tỉ lệ/i, '"tỉ lệ": write "tỷ lệ"'],
  [/\d{4}-\d{2}-\d{2}/, 'an ISO date or timestamp'],
  [/\b(remediation|report|response|conclusion|notice|self-inspection|periodic-report|task):[A-Za-z0-9]/, 'a raw deadline id'],
  [/\b[a-z]+[A-Z][A-Za-z]*\b/, 'a camelCase identifier (recordReport, onlineReceived…)'],
  [/\b(undefined|null|NaN|Error|true|false|object Object|TODO)\b/, 'an English word from the code'],
  [/Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy), \d/, 'a table-form date ("Thứ Sáu, 22/05/2026") in running text'],
  [/Chủ Nhật/, '"Chủ Nhật": write "Chủ nhật"'],
  [/\b\d{2}\/0[3-9]\/\d{4}\b/, 'a month from 3 to 9 with a leading zero (Nghị định 30/2020: "12/6/2026")'],
  [/Mục [IVX]+\.\d/, 'a citation as "Mục V.3.a": write "điểm a khoản 3 Mục V"'],
  [/Cách tính thời hạn/, "the Office's deadline rule"],
];

function offences(text: string): string[] {
  return BANNED.filter(([re]) => re.test(text)).map(([re, why]) => `${why}: ${re.exec(text)![0]}`);
}

/** The kinds a unit receives (the others go to the coordinator or the team lead). */
const TO_UNIT = EMAIL_KINDS.filter((k) => !k.endsWith('_escalation') && k !== 'conclusion_reminder' && k !== 'document_issue_reminder');
/** The kinds whose reader may be shown how a deadline was counted. */
const INTERNAL: readonly EmailKind[] = [
  'conclusion_reminder',
  'conclusion_overdue_escalation',
  'document_issue_reminder',
  'document_issue_overdue_escalation',
];

const team = teamSchemas().team.parse({
  lead: { name: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'an@haiphong.example' },
  members: [{ name: 'Hoàng Văn Em', position: 'Chuyên viên', organisation: 'Sở Tư pháp' }],
  secretary: { name: 'Trung tâm Phục vụ hành chính công thành phố', email: 'thuky@haiphong.example' },
});
/** A commune, whose name begins with the abbreviation, with a team and the coordinator named as the plan does. */
const commune = (kind: EmailKind): EmailData => {
  const d = sampleRequest(kind).data;
  return {
    ...d,
    unitName: 'UBND phường Nguyễn Trãi',
    team,
    contacts: { ...d.contacts, coordinator: { name: 'Phòng Kiểm soát TTHC - Văn phòng UBND thành phố', email: 'kstthc@haiphong.example' } },
  };
};

describe('the Vietnamese of the emails', () => {
  const cases = EMAIL_KINDS.flatMap((kind) => [
    { kind, who: 'Sở Tài chính', data: sampleRequest(kind).data },
    { kind, who: 'UBND phường Nguyễn Trãi', data: commune(kind) },
  ]);

  it.each(cases)('$kind to $who: nothing banned, in the subject, the text and the HTML', ({ kind, data }) => {
    const r = renderEmail(kind, data);
    const html = r.html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"');
    const found = [r.subject, r.text, html].flatMap((t) => offences(INTERNAL.includes(kind) ? t.replace(/Cách tính thời hạn/g, '') : t));
    expect(found).toEqual([]);
  });

  it.each(cases)('$kind to $who: "Ủy ban nhân dân" in full before any "UBND"', ({ kind, data }) => {
    const r = renderEmail(kind, data);
    expect(ubndSpelledOutFirst(r.subject), r.subject).toBe(true);
    expect(ubndSpelledOutFirst(r.text), r.text.slice(0, 300)).toBe(true);
  });

  it.each(TO_UNIT)('%s names the unit in the body, not only in "Kính gửi"', (kind) => {
    const text = renderEmail(kind, sampleRequest(kind).data).text;
    expect(text.split('Sở Tài chính').length - 1, text).toBeGreaterThanOrEqual(2);
    expect(text).not.toMatch(/Cách tính thời hạn|Căn cứ:/);
  });

  it('addresses a commune with its name spelled out, and shortens it only afterwards', () => {
    const text = renderEmail('notice', commune('notice')).text;
    expect(text).toMatch(/^Kính gửi: Ủy ban nhân dân phường Nguyễn Trãi\.\n/);
    expect(text).toContain('làm việc trực tiếp tại UBND phường Nguyễn Trãi từ ngày 25/5/2026 (thứ Hai) đến ngày 26/5/2026 (thứ Ba).');
  });

  it('writes every date of running text as "ngày 22/5/2026 (thứ Sáu)" and cites the plan by its parts', () => {
    const notice = renderEmail('notice', sampleRequest('notice').data).text;
    expect(notice).toContain('chậm nhất ngày 22/5/2026 (thứ Sáu), theo điểm a khoản 3 Mục V của Kế hoạch.');
    const conclusion = renderEmail('conclusion', sampleRequest('conclusion').data).text;
    expect(conclusion).toContain('ký ngày 12/6/2026 (thứ Sáu).');
    expect(conclusion).toContain('R2. Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt chỉ tiêu 80%. Thời hạn: ngày 30/9/2026 (thứ Tư).');
  });

  it('keeps the rule of a deadline for the team lead and the coordinator only', () => {
    expect(renderEmail('conclusion_reminder', sampleRequest('conclusion_reminder').data).text).toContain(
      'Cách tính thời hạn: trước ít nhất 02 ngày kể từ ngày Đoàn kiểm tra đến làm việc. Căn cứ: điểm a khoản 3 Mục V của Kế hoạch kiểm tra năm 2026.',
    );
  });
});

describe('the running-text date', () => {
  it('is "ngày 12/6/2026 (thứ Sáu)": leading zeros for days below 10 and for months 1 and 2 only', () => {
    expect(dateInText('2026-06-12')).toBe('ngày 12/6/2026 (thứ Sáu)');
    expect(dateInText('2026-05-08')).toBe('ngày 08/5/2026 (thứ Sáu)');
    expect(dateInText('2026-02-27')).toBe('ngày 27/02/2026 (thứ Sáu)');
    expect(dateInText('2026-01-05')).toBe('ngày 05/01/2026 (thứ Hai)');
    expect(formatDateNd30('2026-11-15')).toBe('15/11/2026');
  });

  it('keeps the capital of "Chủ nhật" and lowers "thứ" mid-sentence', () => {
    expect(dateInText('2026-06-14')).toBe('ngày 14/6/2026 (Chủ nhật)');
    expect(dateInText('2026-06-13')).toBe('ngày 13/6/2026 (thứ Bảy)');
  });
});

describe('"Ủy ban nhân dân" at first mention', () => {
  it('spells out the first "UBND" only, across texts in reading order', () => {
    expect(spellOutFirstUbnd(['Kính gửi: UBND xã An Lão.', 'Văn phòng UBND thành phố'])).toEqual([
      'Kính gửi: Ủy ban nhân dân xã An Lão.',
      'Văn phòng UBND thành phố',
    ]);
  });

  it('leaves the texts alone when the full name comes first, and does not touch addresses', () => {
    const texts = ['trình Ủy ban nhân dân thành phố', 'UBND phường Kiến An'];
    expect(spellOutFirstUbnd(texts)).toEqual(texts);
    expect(spellOutFirstUbnd(['ubnd-xa-an-lao@haiphong.example'])).toEqual(['ubnd-xa-an-lao@haiphong.example']);
  });

  it('ends a text as a sentence once', () => {
    expect([asSentence('Lý do'), asSentence('Lý do.'), asSentence('Vì sao?')]).toEqual(['Lý do.', 'Lý do.', 'Vì sao?']);
  });
});

/** Source files whose string literals people read. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts')) out.push(rel);
    }
  };
  for (const dir of ['emails', 'web', 'client', 'workflows', 'domain', 'loaders', 'documents']) walk(dir);
  return out;
}

describe('the texts in the code and the plans', () => {
  it('never write "quý cơ quan", "tỉ lệ", "Chủ Nhật" or a table-form date after "ngày", "hạn", "chậm nhất"', () => {
    const bad = /[qQ]uý cơ quan|[tT]ỉ lệ|Chủ Nhật|(ngày|[hH]ạn|chậm nhất) \$\{formatDateVi\(/;
    const found = sources().flatMap((f) =>
      fs
        .readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (bad.test(line) ? [`${f}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it.each(['plans/haiphong-2026.yaml', 'plans/kstthc-2026.yaml'])('%s carries no typo copied from the seeds', (file) => {
    const text = fs
      .readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    expect(text).not.toMatch(/Cổng Dịch vụ Quốc gia|Cổng dịch vụ công|cập kết quả|tỉ lệ|Mục [IVX]+\.\d/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { projectRoot } from '../config/paths';
import { planSchema } from '../domain/plan-schema';
import {
  citeDecision,
  citedDate,
  decisionsSchema,
  findSigner,
  isPlaceholder,
  leadAddressee,
  signerRefusalMessage,
  signers,
  teamSchemas,
  teamWarnings,
} from '../domain/team';
import { describeIssue } from '../domain/validation';
import { SAMPLE_TEAM } from './kit/team';
import { describeState, roundTitleOf } from '../client/cli/commands/inspection';
import { completeInspectionInput } from '../workflows/inspection/contract';
import { initialState } from '../workflows/inspection/state';
import { inspectionInput } from './kit/inspection';

const TEAM = SAMPLE_TEAM;

describe('the team in the plan (domain/team.ts)', () => {
  it('lets the lead and the deputies named with an authority sign, and no one else', () => {
    expect(signers(TEAM).map((s) => s.name)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
    expect(findSigner(TEAM, 'Nguyễn Văn An')).toEqual({ name: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố' });
    // Compared as a person would: case, spaces and Unicode normalisation (NFD input) ignored.
    expect(findSigner(TEAM, '  trần  thị bình '.normalize('NFD'))).toEqual({
      name: 'Trần Thị Bình',
      position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố',
      authority: 'KT.',
      signsFor: 'Trưởng đoàn kiểm tra',
    });
    expect(findSigner(TEAM, 'Lê Văn Cường')).toBeUndefined();
    expect(findSigner(TEAM, 'Phạm Thị Dung')).toBeUndefined();
    expect(findSigner(TEAM, 'Trần Văn B')).toBeUndefined();
  });

  it('names who may sign when it refuses a signer', () => {
    expect(signerRefusalMessage(TEAM, 'Lê Văn Cường')).toBe(
      '"Lê Văn Cường" không phải Trưởng đoàn hoặc người được giao ký thay trong kế hoạch; người được ký kết luận kiểm tra: ' +
        'Nguyễn Văn An (Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn); ' +
        'Trần Thị Bình (KT. Trưởng đoàn kiểm tra, Giám đốc Trung tâm Phục vụ hành chính công thành phố)',
    );
  });

  it('refuses a bad team with Vietnamese messages', () => {
    const bad = (team: unknown) => {
      const r = teamSchemas().team.safeParse(team);
      return r.success ? 'ok' : describeIssue(r.error.issues[0]!);
    };
    const base = { lead: TEAM.lead, secretary: TEAM.secretary };
    expect(bad({ ...base, deputies: [{ name: 'X', position: 'Y', authority: 'UQ.' }] })).toBe(
      'deputies.0.authority: thẩm quyền ký phải là KT., TL. hoặc Q.',
    );
    expect(bad({ ...base, members: [{ name: 'X', position: 'Y' }] })).toMatch(/^members\.0\.organisation: /);
    expect(bad({ ...base, lead: { ...TEAM.lead, name: 'A\nB' } })).toMatch(/^lead\.name: không được chứa xuống dòng/);
    expect(bad({ ...base, lead: { name: 'A', email: 'không-phải-email' } })).toMatch(/^lead\.email: địa chỉ email không hợp lệ/);
    expect(bad(base)).toBe('ok');
  });

  it('cites decisions as seed 000 does, with the dates in the required form', () => {
    const d = decisionsSchema().parse({
      plan: { issuer: 'Chủ tịch Ủy ban nhân dân thành phố' },
      basis: [{ number: '714/QĐ-UBND', date: '2026-02-27', issuer: 'Chủ tịch Ủy ban nhân dân thành phố', subject: 'ban hành Kế hoạch' }],
    });
    expect(citeDecision(d.basis[0]!)).toBe(
      'Quyết định số 714/QĐ-UBND ngày 27/02/2026 của Chủ tịch Ủy ban nhân dân thành phố ban hành Kế hoạch',
    );
    expect(citeDecision(d.plan)).toBe('Quyết định số …/QĐ-UBND ngày … của Chủ tịch Ủy ban nhân dân thành phố');
    expect([citedDate('2010-06-08'), citedDate('2017-10-31'), citedDate('2025-01-05')]).toEqual(['08/6/2010', '31/10/2017', '05/01/2025']);
    expect(decisionsSchema().safeParse({ plan: { number: 'số 12', issuer: 'X' } }).error?.issues[0]?.message).toBe(
      'số quyết định có dạng 714/QĐ-UBND',
    );
  });

  it('tells placeholders from names', () => {
    expect(isPlaceholder('[cần điền] Họ và tên Lãnh đạo Văn phòng UBND thành phố')).toBe(true);
    expect(isPlaceholder('Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)')).toBe(true);
    expect(isPlaceholder('Chuyên viên Trung tâm Phục vụ hành chính công thành phố')).toBe(true);
    expect(isPlaceholder('Nguyễn Văn An')).toBe(false);
    expect(teamWarnings(TEAM, decisionsSchema().parse({ plan: { number: '12/QĐ-UBND', date: '2026-05-08', issuer: 'X' } }))).toEqual([]);
  });

  it('addresses the lead by name and position, saying "Trưởng đoàn" once', () => {
    expect(leadAddressee(TEAM.lead)).toBe('đồng chí Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn kiểm tra');
    expect(leadAddressee({ name: 'Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)' })).toBe(
      'Lãnh đạo Văn phòng UBND thành phố, Trưởng đoàn kiểm tra',
    );
  });

  it('the shipped plan names the team with placeholders to fill, and cites Quyết định số 714/QĐ-UBND ngày 27/02/2026', () => {
    const plan = planSchema.parse(parse(fs.readFileSync(path.join(projectRoot, 'plans', 'haiphong-2026.yaml'), 'utf8')));
    expect(plan.team.lead.position).toBe('Phó Chánh Văn phòng UBND thành phố');
    expect(plan.team.members.map((m) => m.organisation)).toContain('Trung tâm Phục vụ hành chính công thành phố');
    expect(plan.team.secretary.name).toBe('Trung tâm Phục vụ hành chính công thành phố');
    expect(citeDecision(plan.decisions!.basis[0]!)).toMatch(
      /^Quyết định số 714\/QĐ-UBND ngày 27\/02\/2026 của Chủ tịch Ủy ban nhân dân thành phố ban hành Kế hoạch kiểm soát thủ tục hành chính/,
    );
    expect(teamWarnings(plan.team, plan.decisions).map((w) => w.path.join('.'))).toEqual([
      'team.lead.name',
      'team.members.0.name',
      'team.members.1.name',
      'team.members.2.name',
      'decisions.plan',
    ]);
  });

  it('kiemtra status shows the team and who signed, with position and authority', () => {
    const input = { ...inspectionInput('Sở Y tế', { start: '2026-05-25', end: '2026-05-26' }), team: TEAM };
    const s = initialState('inspection-2026-so-y-te', completeInspectionInput(input), '2026-05-01T00:00:00.000Z');
    s.conclusion = {
      signer: 'Trần Thị Bình',
      signedOn: '2026-06-12',
      late: false,
      position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố',
      authority: 'KT.',
      signsFor: 'Trưởng đoàn kiểm tra',
    };
    // The round by its plan's title (the shipped plan names round haiphong-2026), its code after.
    const title = roundTitleOf('haiphong-2026');
    expect(title).toMatch(/^Kiểm tra công tác kiểm soát TTHC/);
    expect(roundTitleOf('khong-co-dot')).toBeUndefined();
    expect(describeState(s, title).split('\n').slice(1, 3)).toEqual([
      `Đợt: ${title}`,
      `Mã quy trình: ${s.workflowId}; mã đợt: ${s.config.round}`,
    ]);
    const printed = describeState(s).split('\n');
    const at = printed.indexOf('Đoàn kiểm tra:');
    expect(printed.slice(at, at + 7)).toEqual([
      'Đoàn kiểm tra:',
      '  - Trưởng đoàn: Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố',
      '  - Phó Trưởng đoàn: Trần Thị Bình, Giám đốc Trung tâm Phục vụ hành chính công thành phố (ký KT. Trưởng đoàn kiểm tra)',
      '  - Phó Trưởng đoàn: Lê Văn Cường, Phó Giám đốc Trung tâm Phục vụ hành chính công thành phố',
      '  - Thành viên: Phạm Thị Dung, Chuyên viên, Trung tâm Phục vụ hành chính công thành phố',
      '  - Thành viên: Hoàng Văn Em, Chuyên viên, Sở Tư pháp',
      '  - Thư ký: Trung tâm Phục vụ hành chính công thành phố',
    ]);
    expect(printed).toContain(
      'Kết luận: KT. Trưởng đoàn kiểm tra Trần Thị Bình (Giám đốc Trung tâm Phục vụ hành chính công thành phố) ký ngày 12/6/2026 (thứ Sáu)',
    );
  });
});

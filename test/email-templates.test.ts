import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS } from '../emails/kinds';
import { sampleRequest } from '../emails/sample';
import { renderEmail, type EmailData } from '../emails/templates';
import { teamSchemas } from '../domain/team';

/** A team as the plan names it (December 2026): the lead, a deputy who signs KT., members from the Center and a department. */
const team = teamSchemas().team.parse({
  lead: { name: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'an@haiphong.example' },
  deputies: [{ name: 'Trần Thị Bình', position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố', authority: 'KT.' }],
  members: [{ name: 'Hoàng Văn Em', position: 'Chuyên viên', organisation: 'Sở Tư pháp' }],
  secretary: { name: 'Trung tâm Phục vụ hành chính công thành phố', email: 'thuky@haiphong.example' },
});
const withTeam = (kind: Parameters<typeof sampleRequest>[0], extra: Partial<EmailData> = {}): EmailData => ({
  ...sampleRequest(kind).data,
  team,
  ...extra,
});

describe('email templates', () => {
  it.each(EMAIL_KINDS)('%s renders in Vietnamese, text and HTML, with no gaps', (kind) => {
    const r = renderEmail(kind, sampleRequest(kind).data);
    expect(r.subject).toMatch(/[ạảãáàâăêôơưđ]/i);
    expect(r.subject).not.toMatch(/[\r\n]/);
    for (const part of [r.text, r.html]) {
      expect(part).not.toMatch(/undefined|null|NaN|\[object/);
      expect(part).toContain('Trân trọng.');
    }
    expect(r.html).toMatch(/^<!DOCTYPE html>/);
    expect(r.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('states the report deadline as "ngày 22/5/2026 (thứ Sáu)", what to send and to whom, in the notice', () => {
    const r = renderEmail('notice', sampleRequest('notice').data);
    expect(r.text).toContain('chậm nhất ngày 22/5/2026 (thứ Sáu), theo điểm a khoản 3 Mục V của Kế hoạch.');
    expect(r.text).toContain('Biểu số II.04/VPCP/KSTT');
    expect(r.text).toContain('Trung tâm Phục vụ hành chính công thành phố');
    expect(r.text).toContain('từ ngày 01/10/2025');
    // The Office's rule for counting the deadline is its own business, not the unit's.
    expect(r.text).not.toContain('Cách tính thời hạn');
  });

  it('escapes HTML and keeps CR/LF out of the subject', () => {
    const data = { ...sampleRequest('notice').data, unitName: 'Sở <b>Tài chính</b>\r\nBcc: evil@example.com' };
    const r = renderEmail('notice', data);
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.html).toContain('&lt;b&gt;Tài chính&lt;/b&gt;');
    expect(r.html).not.toContain('<b>Tài chính</b>');
  });

  it('addresses the conclusion reminder to the lead by name and position, saying "Trưởng đoàn" once', () => {
    const r = renderEmail('conclusion_reminder', withTeam('conclusion_reminder'));
    expect(r.text).toContain('Kính gửi: đồng chí Nguyễn Văn An, Phó Chánh Văn phòng Ủy ban nhân dân thành phố, Trưởng đoàn kiểm tra.');
    // A plan written before December 2026 put the role in the lead's name: it is no longer said twice.
    const old = sampleRequest('conclusion_reminder').data;
    const legacy = renderEmail('conclusion_reminder', {
      ...old,
      contacts: {
        ...old.contacts,
        teamLead: { name: 'Lãnh đạo Văn phòng UBND thành phố (Trưởng đoàn)', email: 'truongdoan@haiphong.example' },
      },
    });
    expect(legacy.text).toContain('Kính gửi: Lãnh đạo Văn phòng Ủy ban nhân dân thành phố, Trưởng đoàn kiểm tra.');
    expect(legacy.text).not.toMatch(/\(Trưởng đoàn\)/);
  });

  it('names the team in the notice and the revised notice', () => {
    for (const kind of ['notice', 'revised_notice'] as const) {
      const r = renderEmail(kind, withTeam(kind));
      expect(r.text).toContain('Thành phần Đoàn kiểm tra');
      expect(r.text).toContain('Trưởng đoàn: Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố.');
      expect(r.text).toContain('Phó Trưởng đoàn: Trần Thị Bình, Giám đốc Trung tâm Phục vụ hành chính công thành phố.');
      expect(r.text).toContain('Thành viên: Hoàng Văn Em, Chuyên viên, Sở Tư pháp.');
      expect(r.text).toContain('Thư ký: Trung tâm Phục vụ hành chính công thành phố.');
    }
    expect(renderEmail('notice', sampleRequest('notice').data).text).not.toContain('Thành phần Đoàn kiểm tra');
  });

  it('says who signed the conclusion, with position and authority', () => {
    const lead = renderEmail(
      'conclusion',
      withTeam('conclusion', {
        conclusion: { signer: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố', signedOn: '2026-06-12' },
      }),
    );
    expect(lead.text).toContain(
      'thông báo kết luận kiểm tra do đồng chí Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn kiểm tra, ký ngày 12/6/2026 (thứ Sáu).',
    );
    const deputy = renderEmail(
      'conclusion',
      withTeam('conclusion', {
        conclusion: {
          signer: 'Trần Thị Bình',
          position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố',
          authority: 'KT.',
          signsFor: 'Trưởng đoàn kiểm tra',
          signedOn: '2026-06-12',
        },
      }),
    );
    expect(deputy.text).toContain(
      'do đồng chí Trần Thị Bình, Giám đốc Trung tâm Phục vụ hành chính công thành phố (KT. Trưởng đoàn kiểm tra), ký ngày 12/6/2026 (thứ Sáu).',
    );
  });
});

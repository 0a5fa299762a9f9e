import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from '../domain/link-token';
import { addDays } from '../domain/dates';
import { linkExpiry, QUESTION_LINK_DAYS, type LinkClaims } from '../domain/links';
import { EMAIL_AUDIENCE, emailLinkClaims, EMAIL_LINK_ACTIONS } from '../emails/links';
import { EMAIL_KINDS } from '../emails/kinds';
import { renderEmail } from '../emails/templates';
import { sampleRequest } from '../emails/sample';

/** Signed links, pure: signature, expiry, tampering; which emails carry which links. */
describe('signed links', () => {
  const key = Buffer.from('k'.repeat(40));
  const claims: LinkClaims = { v: 1, w: 'inspection-2026-so-tai-chinh', a: 'report', u: 'Sở Tài chính', exp: '2026-12-31', g: 0 };

  it('verifies its own token up to and including the last day, not after', () => {
    const t = signLink(claims, key);
    expect(verifyLink(t, key, '2026-12-31')).toEqual({ ok: true, claims });
    expect(verifyLink(t, key, '2027-01-01')).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another key, an altered body, a truncated signature and garbage', () => {
    const t = signLink(claims, key);
    const [body, sig] = t.split('.') as [string, string];
    expect(verifyLink(t, Buffer.from('x'.repeat(40)), '2026-12-01')).toEqual({ ok: false, reason: 'forged' });
    const other = Buffer.from(JSON.stringify({ ...claims, w: 'inspection-2026-so-xay-dung' })).toString('base64url');
    expect(verifyLink(`${other}.${sig}`, key, '2026-12-01')).toEqual({ ok: false, reason: 'forged' });
    expect(verifyLink(`${body}.${sig.slice(0, -1)}`, key, '2026-12-01')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLink('abc', key, '2026-12-01')).toEqual({ ok: false, reason: 'malformed' });
    // A well-signed token whose claims are not a link's is refused too.
    const odd = signLink({ ...claims, a: 'delete' } as unknown as LinkClaims, key);
    expect(verifyLink(odd, key, '2026-12-01')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts only the canonical spelling of a token: the other spellings of its body and its MAC are malformed', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // Every spelling of a base64url text that decodes to the same bytes (the unused low bits of its last character).
    const spellings = (text: string): string[] => {
      const unused = text.length % 4 === 3 ? 2 : text.length % 4 === 2 ? 4 : 0;
      const last = ALPHABET.indexOf(text.at(-1)!);
      return Array.from({ length: 2 ** unused }, (_, k) => `${text.slice(0, -1)}${ALPHABET[(last & ~(2 ** unused - 1)) | k]}`);
    };
    // A body whose length leaves unused bits too (4 or 16 spellings, depending on the claims' length).
    const c = [0, 1, 2]
      .map((n) => ({ ...claims, w: `${claims.w}${'x'.repeat(n)}` }))
      .find((x) => signLink(x, key).split('.')[0]!.length % 4 !== 0)!;
    const t = signLink(c, key);
    const [body, sig] = t.split('.') as [string, string];
    const sigs = spellings(sig);
    expect(sigs).toHaveLength(4); // 32 bytes of HMAC: 43 characters, 2 unused bits
    expect(spellings(body).length).toBeGreaterThanOrEqual(4);
    for (const s of sigs) expect(Buffer.from(s, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    const others = [...sigs.map((s) => `${body}.${s}`), ...spellings(body).map((b) => `${b}.${sig}`)].filter((x) => x !== t);
    expect(others.length).toBeGreaterThanOrEqual(6);
    for (const other of others) expect(verifyLink(other, key, '2026-12-01'), other).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLink(t, key, '2026-12-01')).toEqual({ ok: true, claims: c });
    // A part whose length is 1 modulo 4 is no base64url at all.
    expect(verifyLink(`${'A'.repeat(13)}.${sig}`, key, '2026-12-01')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('expires 30 days after the action’s deadline', () => {
    expect(linkExpiry('2026-12-01')).toBe('2026-12-31');
  });

  it('puts one link per action in the emails that ask a unit for something, at the workflow’s generation', () => {
    const notice = sampleRequest('notice');
    const c = emailLinkClaims('notice', notice.workflowId, notice.data, { report: 2 }, '2026-05-14');
    expect(c.map((x) => [x.a, x.g, x.u])).toEqual([
      ['ack', 0, notice.data.unitName],
      ['report', 2, notice.data.unitName],
      ['question', 0, notice.data.unitName],
    ]);
    expect(c[1]!.exp).toBe(linkExpiry(notice.data.reportBy!));
    // The question link outlives the email's own links: at least 90 days.
    expect(c[2]!.exp).toBe(addDays('2026-05-14', QUESTION_LINK_DAYS));
    expect(emailLinkClaims('report_overdue_escalation', 'x', notice.data, {}, '2026-05-14')).toEqual([]);
    expect(Object.keys(EMAIL_LINK_ACTIONS).sort()).toEqual(
      [
        'conclusion',
        'document_request',
        'document_request_reminder',
        'draft_conclusion',
        'notice',
        'periodic_report_reminder',
        'periodic_report_request',
        'remediation_reminder',
        'report_reminder',
        'report_forms_reminder',
        'response_reminder',
        'revised_notice',
        'self_inspection_reminder',
        'self_inspection_request',
      ].sort(),
    );
  });

  it('renders the links in both parts of the email, escaped', () => {
    const r = renderEmail('report_reminder', sampleRequest('report_reminder').data, [
      { action: 'report', url: 'https://kiemtra.example/l/a.b?x=1&y=2' },
    ]);
    expect(r.text).toContain('Gửi báo cáo phục vụ kiểm tra: https://kiemtra.example/l/a.b?x=1&y=2');
    expect(r.html).toContain('<a href="https://kiemtra.example/l/a.b?x=1&amp;y=2">Gửi báo cáo phục vụ kiểm tra</a>');
  });

  it('ends every email to a unit with the link to raise a difficulty with the Center, and no email to the Office', () => {
    for (const kind of EMAIL_KINDS) {
      const r = sampleRequest(kind);
      const claims = emailLinkClaims(kind, r.workflowId, r.data, {}, '2026-05-14');
      const question = claims.filter((c) => c.a === 'question');
      expect(question.length, kind).toBe(EMAIL_AUDIENCE[kind] === 'unit' ? 1 : 0);
      const links = claims.map((c) => ({ action: c.a, url: `https://kiemtra.example/l/${c.a}` }));
      const text = renderEmail(kind, r.data, links).text;
      if (EMAIL_AUDIENCE[kind] === 'unit') {
        expect(text, kind).toContain(
          `Nếu có khó khăn, vướng mắc hoặc cần hỏi về nội dung thư, ${r.data.unitName} phản ánh qua Trung tâm Phục vụ hành chính công thành phố tại đường dẫn dưới đây`,
        );
        // Last, after the signature: never taken for one of the email's own actions.
        expect(text.trimEnd().endsWith('Phản ánh khó khăn, vướng mắc, đặt câu hỏi: https://kiemtra.example/l/question'), kind).toBe(true);
      } else expect(text, kind).not.toContain('/l/question');
    }
    // Without links (no key configured), the foot is as before.
    expect(renderEmail('notice', sampleRequest('notice').data).text).toContain('vui lòng không trả lời trực tiếp thư này.\n');
  });
});

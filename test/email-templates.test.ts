import { describe, expect, it } from 'vitest';
import { EMAIL_KINDS } from '../emails/kinds';
import { sampleRequest } from '../emails/sample';
import { renderEmail } from '../emails/templates';

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

  it('states the report deadline as "Thứ Sáu, 22/05/2026", what to send and to whom, in the notice', () => {
    const r = renderEmail('notice', sampleRequest('notice').data);
    expect(r.text).toContain('chậm nhất Thứ Sáu, 22/05/2026');
    expect(r.text).toContain('Biểu số II.04/VPCP/KSTT');
    expect(r.text).toContain('Trung tâm Phục vụ hành chính công thành phố');
    expect(r.text).toContain('từ ngày 01/10/2025');
    expect(r.text).toContain('Căn cứ');
  });

  it('escapes HTML and keeps CR/LF out of the subject', () => {
    const data = { ...sampleRequest('notice').data, unitName: 'Sở <b>Tài chính</b>\r\nBcc: evil@example.com' };
    const r = renderEmail('notice', data);
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.html).toContain('&lt;b&gt;Tài chính&lt;/b&gt;');
    expect(r.html).not.toContain('<b>Tài chính</b>');
  });
});

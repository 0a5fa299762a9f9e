import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSigningSettings } from '../config/signing';
import { UserFacingError } from '../config/errors';
import { signatureVerifier, verifySignedPdf, type SignatureCheck, type VerifySignature } from '../documents/signature';
import {
  addTimestamp,
  appendSignature,
  appendUpdate,
  makeCa,
  makeSigner,
  signatureCms,
  signPdf,
  unsignedPdf,
  withCms,
  type TestCert,
} from './kit/signed-pdf';

const SIGNED_AT = new Date('2026-05-08T02:30:00Z');
const NOW = new Date('2026-05-08T03:00:00Z');
const TEXT = 'Ket luan kiem tra so 05/KL-DKT';

let ca: TestCert;
let otherCa: TestCert;
let signer: TestCert;
let signed: Buffer;
const trust = () => ({ caCertificates: [ca.pem] });

beforeAll(async () => {
  ca = makeCa({ cn: 'CA thu nghiem Hai Phong', organisation: 'Ban Co yeu Chinh phu (thu nghiem)' });
  otherCa = makeCa({ cn: 'Other CA', organisation: 'Untrusted Org' });
  signer = makeSigner(ca, { cn: 'Nguyễn Văn An', organisation: 'Văn phòng UBND thành phố Hải Phòng' });
  signed = await signPdf(unsignedPdf(TEXT), signer, ca, SIGNED_AT);
});

function refused(check: SignatureCheck): { reason: string; message: string } {
  expect(check.ok).toBe(false);
  if (check.ok) throw new Error('accepted');
  // No English library text reaches a person.
  expect(check.message).not.toMatch(/\b(error|invalid|the|failed|undefined)\b/i);
  return { reason: check.reason, message: check.message };
}

/** The DER in the signature's /Contents hole and where it starts in the file. */
function signatureDer(pdf: Buffer): { der: Buffer; at: number } {
  const [, start1, length1] = /\/ByteRange \[(\d+) (\d+)/.exec(pdf.toString('latin1'))!.map(Number) as [number, number, number];
  const hex = pdf.subarray(start1 + length1 + 1, pdf.indexOf('>', start1 + length1)).toString('latin1');
  const bytes = Buffer.from(hex, 'hex');
  const { offset } = asn1js.fromBER(bytes);
  return { der: bytes.subarray(0, offset), at: start1 + length1 + 1 };
}

describe('a signed PDF (PAdES) checked against the Office CA', () => {
  it('accepts a valid signature with the signer’s CN and the signing time', async () => {
    const check = await verifySignedPdf(signed, trust(), NOW);
    expect(check).toMatchObject({ ok: true, signer: 'Nguyễn Văn An', signedAt: SIGNED_AT.toISOString(), timeSource: 'signingTime' });
    if (check.ok) expect(check.certificate.issuer).toContain('CN=CA thu nghiem Hai Phong');
  });

  it('accepts ETSI.CAdES.detached and a CA given as a parsed certificate', async () => {
    const cades = await signPdf(unsignedPdf(TEXT, 'ETSI.CAdES.detached'), signer, ca, SIGNED_AT);
    const { X509Certificate } = await import('node:crypto');
    expect(await verifySignedPdf(cades, { caCertificates: [new X509Certificate(ca.pem)] }, NOW)).toMatchObject({ ok: true });
  });

  it('refuses a file with one byte changed in the signed range', async () => {
    const at = signed.indexOf(TEXT);
    const altered = Buffer.from(signed);
    altered[at] = 'k'.charCodeAt(0);
    expect(refused(await verifySignedPdf(altered, trust(), NOW))).toEqual({
      reason: 'altered',
      message: 'Tệp PDF đã bị thay đổi sau khi ký: nội dung không còn khớp với chữ ký số.',
    });
  });

  it('refuses a signature value that does not match the signer’s key', async () => {
    const { der, at } = signatureDer(signed);
    const broken = Buffer.from(signed);
    // The signature value is the last field of the SignerInfo, so the DER's last byte is in it.
    const last = at + (der.length - 1) * 2;
    const flipped = (der[der.length - 1]! ^ 0x01).toString(16).padStart(2, '0');
    broken.write(flipped, last, 'latin1');
    expect(refused(await verifySignedPdf(broken, trust(), NOW)).reason).toBe('invalid');
  });

  it('refuses an incremental update appended after the signature', async () => {
    const updated = appendUpdate(signed, 'Noi dung da sua');
    expect(refused(await verifySignedPdf(updated, trust(), NOW))).toEqual({
      reason: 'notCovered',
      message: 'Tệp PDF đã được sửa đổi hoặc bổ sung sau khi ký: có phần nội dung nằm ngoài phạm vi được ký.',
    });
  });

  it('refuses a signer whose certificate another CA issued, naming the configured CA', async () => {
    const stranger = makeSigner(otherCa, { cn: 'Nguyễn Văn An' });
    const pdf = await signPdf(unsignedPdf(TEXT), stranger, otherCa, SIGNED_AT);
    const { reason, message } = refused(await verifySignedPdf(pdf, trust(), NOW));
    expect(reason).toBe('untrusted');
    expect(message).toContain('“C=VN, O=Ban Co yeu Chinh phu (thu nghiem), CN=CA thu nghiem Hai Phong”');
    expect(message).toContain('CN=Other CA');
    // Trusting the other CA as well, the same file holds.
    expect(await verifySignedPdf(pdf, { caCertificates: [ca.pem, otherCa.pem] }, NOW)).toMatchObject({ ok: true });
  });

  it('refuses a certificate expired at the signing time', async () => {
    const old = makeSigner(ca, {
      cn: 'Trần Thị Bình',
      validFrom: new Date('2024-01-01T00:00:00Z'),
      validTo: new Date('2025-01-01T00:00:00Z'),
    });
    const pdf = await signPdf(unsignedPdf(TEXT), old, ca, SIGNED_AT);
    const { reason, message } = refused(await verifySignedPdf(pdf, trust(), NOW));
    expect(reason).toBe('expired');
    expect(message).toBe(
      'Chứng thư số của người ký không còn hiệu lực tại thời điểm ký (08/05/2026 09:30): hiệu lực từ 01/01/2024 07:00 đến 01/01/2025 07:00.',
    );
  });

  it('refuses a certificate whose key usage does not allow signing', async () => {
    const encipher = makeSigner(ca, { cn: 'Lê Văn Cường', keyUsage: { keyEncipherment: true } });
    const pdf = await signPdf(unsignedPdf(TEXT), encipher, ca, SIGNED_AT);
    expect(refused(await verifySignedPdf(pdf, trust(), NOW)).reason).toBe('keyUsage');
  });

  it('refuses a signing time in the future', async () => {
    expect(refused(await verifySignedPdf(signed, trust(), new Date('2026-05-08T02:00:00Z'))).reason).toBe('futureTime');
  });

  it('refuses an unsigned PDF, a PDF with an empty placeholder, and garbage', async () => {
    const plain = Buffer.from(
      unsignedPdf(TEXT)
        .toString('latin1')
        .replace(/\/ByteRange[^\]]*\]/, ''),
      'latin1',
    );
    expect(refused(await verifySignedPdf(plain, trust(), NOW))).toEqual({ reason: 'notSigned', message: 'Tệp PDF chưa có chữ ký số.' });
    expect(refused(await verifySignedPdf(unsignedPdf(TEXT), trust(), NOW)).reason).toBe('brokenSignature');
    expect(refused(await verifySignedPdf(Buffer.from('không phải PDF'), trust(), NOW))).toEqual({
      reason: 'notPdf',
      message: 'Tệp tải lên không phải là tệp PDF hợp lệ.',
    });
    // A PDF frame around a signature hole full of random bytes.
    const garbage = Buffer.from(signed);
    const { at } = signatureDer(signed);
    garbage.write('3082ffff0102', at, 'latin1');
    expect(refused(await verifySignedPdf(garbage, trust(), NOW))).toEqual({
      reason: 'brokenSignature',
      message: 'Chữ ký số trong tệp PDF bị hỏng, không đọc được.',
    });
  });

  it('refuses every upload when the Office has configured no CA', async () => {
    const verify: VerifySignature = signatureVerifier(undefined);
    expect(await verify(signed)).toEqual(
      expect.objectContaining({ ok: false, message: expect.stringContaining('chưa cấu hình chứng thư số') }),
    );
    expect(refused(await verifySignedPdf(signed, { caCertificates: [] }, NOW)).reason).toBe('noTrust');
  });

  it('gives the workflows a verifier of the injected shape, bound to the configured CA', async () => {
    const verify: VerifySignature = signatureVerifier(trust(), () => NOW);
    expect(await verify(signed)).toMatchObject({ ok: true, signer: 'Nguyễn Văn An', signedAt: SIGNED_AT.toISOString() });
  });
});

describe('the edges of a PAdES signature', () => {
  it('refuses a SubFilter other than adbe.pkcs7.detached and ETSI.CAdES.detached', async () => {
    const pdf = await signPdf(unsignedPdf(TEXT, 'adbe.x509.rsa.sha1'), signer, ca, SIGNED_AT);
    expect(refused(await verifySignedPdf(pdf, trust(), NOW)).reason).toBe('unsupported');
  });

  it('refuses bytes other than the zero padding after the CMS in the /Contents hole', async () => {
    const { der, at } = signatureCms(signed);
    const smuggled = Buffer.from(signed);
    smuggled.write('ff', at + der.length * 2, 'latin1');
    expect(refused(await verifySignedPdf(smuggled, trust(), NOW)).reason).toBe('brokenSignature');
  });

  it('accepts a second trusted signature in an incremental update, and names its signer', async () => {
    const deputy = makeSigner(ca, { cn: 'Phạm Thị Dung' });
    const twice = await appendSignature(signed, deputy, ca, NOW);
    expect(await verifySignedPdf(twice, trust(), NOW)).toMatchObject({ ok: true, signer: 'Phạm Thị Dung', signedAt: NOW.toISOString() });
  });

  it('refuses a second signature by a certificate another CA issued', async () => {
    const stranger = makeSigner(otherCa, { cn: 'Người lạ' });
    const twice = await appendSignature(signed, stranger, otherCa, NOW);
    expect(refused(await verifySignedPdf(twice, trust(), NOW)).reason).toBe('untrusted');
  });

  it('checks every signature, not only the last: a trusted one over an untrusted one is refused', async () => {
    const stranger = makeSigner(otherCa, { cn: 'Người lạ' });
    const first = await signPdf(unsignedPdf(TEXT), stranger, otherCa, SIGNED_AT);
    const twice = await appendSignature(first, signer, ca, NOW);
    expect(refused(await verifySignedPdf(twice, trust(), NOW)).reason).toBe('untrusted');
  });

  describe('a signature timestamp token (RFC 3161)', () => {
    const STAMPED_AT = new Date('2026-05-08T02:45:00Z');
    let tsa: TestCert;
    beforeAll(() => {
      tsa = makeSigner(ca, { cn: 'TSA thu nghiem', keyUsage: { digitalSignature: true }, extKeyUsage: { timeStamping: true } });
    });

    it('gives the signing time when its TSA chains to the configured CA', async () => {
      expect(await verifySignedPdf(withCms(signed, signatureCms(signed).signedData), trust(), NOW)).toMatchObject({ ok: true });
      const stamped = addTimestamp(signed, tsa, STAMPED_AT);
      expect(await verifySignedPdf(stamped, trust(), NOW)).toMatchObject({
        ok: true,
        signedAt: STAMPED_AT.toISOString(),
        timeSource: 'timestampToken',
      });
    });

    it('is what an expired certificate is judged by, not a signingTime the signer backdated', async () => {
      const old = makeSigner(ca, {
        cn: 'Trần Thị Bình',
        validFrom: new Date('2024-01-01T00:00:00Z'),
        validTo: new Date('2025-01-01T00:00:00Z'),
      });
      const backdated = await signPdf(unsignedPdf(TEXT), old, ca, new Date('2024-06-01T00:00:00Z'));
      expect(refused(await verifySignedPdf(addTimestamp(backdated, tsa, STAMPED_AT), trust(), NOW)).reason).toBe('expired');
    });

    it('refuses a token that does not cover this signature', async () => {
      const wrong = addTimestamp(signed, tsa, STAMPED_AT, Buffer.alloc(32, 7));
      expect(refused(await verifySignedPdf(wrong, trust(), NOW)).reason).toBe('invalid');
    });

    it('sets aside a token from a TSA the Office does not trust, keeping signingTime', async () => {
      const strangerTsa = makeSigner(otherCa, { cn: 'TSA la', keyUsage: { digitalSignature: true }, extKeyUsage: { timeStamping: true } });
      const stamped = addTimestamp(signed, strangerTsa, new Date('2026-01-01T00:00:00Z'));
      expect(await verifySignedPdf(stamped, trust(), NOW)).toMatchObject({
        ok: true,
        signedAt: SIGNED_AT.toISOString(),
        timeSource: 'signingTime',
      });
    });
  });
});

describe('KIEMTRA_SIGNING_CA', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiemtra-signing-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  function failure(env: NodeJS.ProcessEnv): { message: string; exitCode: number } {
    try {
      loadSigningSettings(env);
    } catch (err) {
      expect(err).toBeInstanceOf(UserFacingError);
      return { message: (err as UserFacingError).message, exitCode: (err as UserFacingError).exitCode };
    }
    throw new Error('accepted');
  }

  it('is optional, and reads every CA certificate of one PEM file', () => {
    expect(loadSigningSettings({})).toBeUndefined();
    const settings = loadSigningSettings({ KIEMTRA_SIGNING_CA: file('cas.pem', `${ca.pem}\n${otherCa.pem}`) });
    expect(settings?.caCertificates.map((c) => c.ca)).toEqual([true, true]);
  });

  it('refuses a missing file, a file without certificates, a damaged one and a non-CA one, in one line and exit 2', () => {
    const missing = path.join(dir, 'none.pem');
    expect(failure({ KIEMTRA_SIGNING_CA: missing })).toEqual({
      message: `tệp chứng thư CA trong KIEMTRA_SIGNING_CA (${missing}): không tìm thấy tệp.`,
      exitCode: 2,
    });
    expect(failure({ KIEMTRA_SIGNING_CA: file('empty.pem', 'not a certificate') }).message).toContain(
      'không chứa chứng thư số nào dạng PEM',
    );
    const damaged = ca.pem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');
    expect(failure({ KIEMTRA_SIGNING_CA: file('damaged.pem', damaged) }).message).toContain('chứng thư thứ 1 không đọc được');
    const leaf = failure({ KIEMTRA_SIGNING_CA: file('leaf.pem', signer.pem) });
    expect(leaf.message).toContain('không phải chứng thư của tổ chức chứng thực');
    for (const f of [leaf]) expect(f.message).not.toMatch(/\n/);
  });
});

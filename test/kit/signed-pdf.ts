/**
 * Signed PDFs made by the tests: a CA, signer certificates it issues, a one-page PDF with a
 * signature placeholder, signed by @signpdf with a PKCS#12 (a signer independent of the checker
 * in documents/signature.ts), and an incremental update appended after the signature.
 * Keys come from node:crypto (fast), certificates and PKCS#12 from node-forge.
 *
 * Give a CA an ASCII subject: node-forge 1.4.3 encodes a UTF-8 issuer name twice in the CMS
 * signer identifier, so a signer under a CA named with diacritics is not found in its own
 * SignedData (a signer's own CN may have diacritics: the identifier carries the issuer only).
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import forge from 'node-forge';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';

/** A certificate with its private key. */
export interface TestCert {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
}

interface CertOptions {
  cn: string;
  organisation?: string;
  validFrom?: Date;
  validTo?: Date;
  /** forge keyUsage flags for a signer; default digitalSignature and nonRepudiation. */
  keyUsage?: Record<string, boolean>;
  /** forge extKeyUsage flags, e.g. `{ timeStamping: true }` for a TSA. */
  extKeyUsage?: Record<string, boolean>;
}

const YEAR = 365 * 86_400_000;

function name(cn: string, organisation: string): forge.pki.CertificateField[] {
  const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });
  return [
    { shortName: 'C', value: 'VN' },
    { shortName: 'O', ...utf8(organisation) },
    { shortName: 'CN', ...utf8(cn) },
  ];
}

function keyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey,
  };
}

function issue(options: CertOptions, extensions: object[], issuer?: TestCert): TestCert {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = options.validFrom ?? new Date(Date.now() - YEAR);
  cert.validity.notAfter = options.validTo ?? new Date(Date.now() + YEAR);
  const subject = name(options.cn, options.organisation ?? 'Test Organisation');
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const authority = issuer ?? { cert };
  cert.setExtensions([
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: authority.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, pem: forge.pki.certificateToPem(cert) };
}

/** A self-signed CA certificate. */
export function makeCa(options: CertOptions): TestCert {
  return issue(options, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
}

/** A signer's certificate issued by `ca`. */
export function makeSigner(ca: TestCert, options: CertOptions): TestCert {
  return issue(
    options,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', critical: true, ...(options.keyUsage ?? { digitalSignature: true, nonRepudiation: true }) },
      ...(options.extKeyUsage ? [{ name: 'extKeyUsage', critical: true, ...options.extKeyUsage }] : []),
    ],
    ca,
  );
}

const P12_PASSWORD = 'kiemtra-test';

/** The signer's key and certificates (its own, then its CA's) as a PKCS#12 file. */
export function toP12(signer: TestCert, ca: TestCert): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(signer.key, [signer.cert, ca.cert], P12_PASSWORD, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** A one-page PDF with `text` on it and an empty signature of `subFilter` waiting to be filled. */
export function unsignedPdf(text: string, subFilter = 'adbe.pkcs7.detached'): Buffer {
  const content = `BT /F1 14 Tf 72 770 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [5 0 R] /Resources << /Font << /F1 6 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /V 7 0 R /T (Signature1) /F 4 /P 3 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /${subFilter} /ByteRange [0 /********** /********** /**********] /Contents <${'0'.repeat(16384)}> /Reason (Test) /M (D:20260508090000+07'00') >>`,
  ];
  return Buffer.from(
    withXref(
      '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n',
      objects.map((body, i) => ({ num: i + 1, body })),
      undefined,
    ),
    'latin1',
  );
}

/** Objects appended to `head` with an xref section and a trailer (`prev`: the previous xref's offset). */
function withXref(head: string, objects: { num: number; body: string }[], prev: number | undefined, size = 8): string {
  let out = head;
  const offsets = new Map<number, number>();
  for (const { num, body } of objects) {
    offsets.set(num, out.length);
    out += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xref = out.length;
  out += 'xref\n';
  if (prev === undefined) {
    out += `0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const { num } of objects) out += `${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`;
  } else {
    for (const { num } of objects) out += `${num} 1\n${String(offsets.get(num)).padStart(10, '0')} 00000 n \n`;
  }
  out += `trailer\n<< /Size ${size} /Root 1 0 R${prev === undefined ? '' : ` /Prev ${prev}`} >>\nstartxref\n${xref}\n%%EOF\n`;
  return out;
}

/** Signs a PDF's placeholder with the signer's PKCS#12, at `signingTime` (default now). */
export async function signPdf(pdf: Buffer, signer: TestCert, ca: TestCert, signingTime?: Date): Promise<Buffer> {
  return new SignPdf().sign(pdf, new P12Signer(toP12(signer, ca), { passphrase: P12_PASSWORD }), signingTime);
}

/** An incremental update after the signature that replaces the page's text, as an editor saves it. */
export function appendUpdate(signed: Buffer, text: string): Buffer {
  const latin = signed.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin)?.[1]);
  const content = `BT /F1 14 Tf 72 770 Td (${text}) Tj ET`;
  const head = latin.endsWith('\n') ? latin : `${latin}\n`;
  return Buffer.from(withXref(head, [{ num: 4, body: `<< /Length ${content.length} >>\nstream\n${content}\nendstream` }], prev), 'latin1');
}

/** A second signature in an incremental update (a new field and placeholder), signed by `signer`. */
export async function appendSignature(signed: Buffer, signer: TestCert, ca: TestCert, signingTime?: Date): Promise<Buffer> {
  const latin = signed.toString('latin1');
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin)?.[1]);
  const objects = [
    { num: 1, body: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R 9 0 R] /SigFlags 3 >> >>' },
    {
      num: 8,
      body: `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 /********** /********** /**********] /Contents <${'0'.repeat(16384)}> >>`,
    },
    { num: 9, body: '<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [0 0 0 0] /V 8 0 R /T (Signature2) /F 4 /P 3 0 R >>' },
  ];
  const withPlaceholder = Buffer.from(withXref(latin.endsWith('\n') ? latin : `${latin}\n`, objects, prev, 10), 'latin1');
  return signPdf(withPlaceholder, signer, ca, signingTime);
}

/** The CMS in a signed PDF's (last) /Contents hole, parsed, and where its hex starts in the file. */
export function signatureCms(pdf: Buffer): { signedData: pkijs.SignedData; der: Buffer; at: number; holeLength: number } {
  const ranges = [...pdf.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+)/g)];
  const [, start1, length1, start2] = ranges[ranges.length - 1]!.map(Number) as [number, number, number, number];
  const at = start1 + length1 + 1;
  const bytes = Buffer.from(pdf.subarray(at, start2 - 1).toString('latin1'), 'hex');
  const parsed = asn1js.fromBER(bytes);
  const info = new pkijs.ContentInfo({ schema: parsed.result });
  return {
    signedData: new pkijs.SignedData({ schema: info.content }),
    der: bytes.subarray(0, parsed.offset),
    at,
    holeLength: start2 - 1 - at,
  };
}

/** The PDF with another CMS in its last signature's hole (the signed bytes unchanged). */
export function withCms(pdf: Buffer, signedData: pkijs.SignedData): Buffer {
  const { at, holeLength } = signatureCms(pdf);
  const info = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) });
  const hex = Buffer.from(info.toSchema().toBER()).toString('hex');
  const out = Buffer.from(pdf);
  out.write(hex.padEnd(holeLength, '0'), at, 'latin1');
  return out;
}

const SHA256 = '2.16.840.1.101.3.4.2.1';

/**
 * Adds an RFC 3161 signature timestamp token from `tsa` to a signed PDF's last signature, with
 * `genTime`; `imprint` overrides the hash of the signature value the token covers.
 */
export function addTimestamp(pdf: Buffer, tsa: TestCert, genTime: Date, imprint?: Buffer): Buffer {
  const { signedData } = signatureCms(pdf);
  const signerInfo = signedData.signerInfos[0]!;
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: '1.3.6.1.4.1.99999.1',
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: imprint ?? createHash('sha256').update(signatureValue).digest() }),
    }),
    serialNumber: new asn1js.Integer({ value: 1 }),
    genTime,
  });
  const eContent = Buffer.from(tstInfo.toSchema().toBER());
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.9.16.1.4' })] }),
      new pkijs.Attribute({
        type: '1.2.840.113549.1.9.4',
        values: [new asn1js.OctetString({ valueHex: createHash('sha256').update(eContent).digest() })],
      }),
    ],
  });
  const toSign = Buffer.from(signedAttrs.toSchema().toBER());
  toSign[0] = 0x31;
  const key = createPrivateKey(forge.pki.privateKeyToPem(tsa.key));
  const tsaCert = pkijs.Certificate.fromBER(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(tsa.cert)).getBytes(), 'binary'));
  const token = new pkijs.SignedData({
    version: 3,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: '1.2.840.113549.1.9.16.1.4',
      eContent: new asn1js.OctetString({ valueHex: eContent }),
    }),
    certificates: [tsaCert],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: tsaCert.issuer, serialNumber: tsaCert.serialNumber }),
        digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256 }),
        signedAttrs,
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.1' }),
        signature: new asn1js.OctetString({ valueHex: sign('sha256', toSign, key) }),
      }),
    ],
  });
  const tokenInfo = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: token.toSchema(true) });
  signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 1,
    attributes: [new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.14', values: [tokenInfo.toSchema()] })],
  });
  return withCms(pdf, signedData);
}

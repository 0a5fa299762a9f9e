/**
 * The check of an uploaded signed PDF (PAdES, ETSI EN 319 142-1 baseline B): every signature of the
 * file is read, the last one must cover the whole file, each one's CMS digest and signature must
 * hold, and its signer's certificate must chain to a CA certificate the Office configured and be
 * valid at the signing time. The result is the signer's name and the signing time, or one
 * Vietnamese sentence saying why the file is refused.
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { checkChain, type TrustAnchor } from './certificate-chain';
import { describeName, signerName } from './certificate-names';
import { digestName, verifyCms, type VerifiedCms } from './cms-signature';
import { scanPdfSignatures } from './pdf-signature-fields';
import { problemMessage, SignatureProblem, type SignatureReason } from './signature-problems';

export type { SignatureReason } from './signature-problems';

/** The CA certificates the Office trusts: PEM texts (one or more certificates each) or parsed ones. */
export interface SigningTrust {
  caCertificates: readonly (string | X509Certificate)[];
}

/** A signature that holds: the signer's name (the certificate's CN) and the signing time (ISO 8601). */
export interface SignatureAccepted {
  ok: true;
  signer: string;
  signedAt: string;
  /** The signer certificate's subject and issuer, and its SHA-256 fingerprint, for the history. */
  certificate: { subject: string; issuer: string; fingerprint256: string };
  /** Where the time came from: a timestamp token in the signature, or the signer's own signingTime. */
  timeSource: 'timestampToken' | 'signingTime';
}

/** A refusal: a Vietnamese sentence for the person, a reason code, an English detail for logs. */
export interface SignatureRefused {
  ok: false;
  message: string;
  reason: SignatureReason;
  detail: string;
}

/** The result of {@link verifySignedPdf}. */
export type SignatureCheck = SignatureAccepted | SignatureRefused;

/** The dependency the document workflows inject: a PDF in, a signer and time or a message out. */
export type VerifySignature = (pdf: Buffer) => Promise<{ ok: true; signer: string; signedAt: string } | { ok: false; message: string }>;

const SUB_FILTERS = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);
const TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
/** Clock skew allowed between the signer's machine and ours. */
const SKEW_MS = 5 * 60_000;
/** Bytes that may follow the covered range without changing the document (an end-of-line). */
const TRAILING = /^[\r\n\t \0]*$/;

/**
 * Verifies the digital signatures of a PDF against the Office's CA certificates.
 * @param pdf the uploaded file
 * @param trust the configured CA certificates
 * @param now the present, for refusing a signing time in the future
 * @returns the signer and time of the last signature (the one covering the whole file), or a refusal
 */
export async function verifySignedPdf(pdf: Buffer, trust: SigningTrust, now: Date = new Date()): Promise<SignatureCheck> {
  let anchors: TrustAnchor[];
  try {
    anchors = trustAnchors(trust);
  } catch (err) {
    return refusal(new SignatureProblem('noTrust', (err as Error).message));
  }
  if (anchors.length === 0) return refusal(new SignatureProblem('noTrust', 'no CA certificate configured'));
  try {
    return check(pdf, anchors, now);
  } catch (err) {
    if (err instanceof SignatureProblem) return refusal(err);
    return refusal(new SignatureProblem('brokenSignature', (err as Error).message));
  }
}

/**
 * The verifier to inject into the document workflows: bound to the configured trust, or, without
 * one, a verifier that refuses every upload saying the Office has not configured its CA.
 */
export function signatureVerifier(trust: SigningTrust | undefined, clock: () => Date = () => new Date()): VerifySignature {
  if (!trust) return () => Promise.resolve(refusal(new SignatureProblem('noTrust', 'KIEMTRA_SIGNING_CA not set')));
  const anchors = trustAnchors(trust);
  return (pdf) => verifySignedPdf(pdf, { caCertificates: anchors.map((a) => a.x509) }, clock());
}

function check(pdf: Buffer, anchors: TrustAnchor[], now: Date): SignatureCheck {
  const scan = scanPdfSignatures(pdf);
  if (!scan.ok) throw new SignatureProblem(scan.problem === 'brokenField' ? 'brokenSignature' : scan.problem, scan.detail);
  const last = scan.fields.reduce((a, b) => (b.end > a.end ? b : a));
  if (!TRAILING.test(pdf.subarray(last.end).toString('latin1'))) {
    throw new SignatureProblem('notCovered', `the last signature covers ${last.end} of ${pdf.length} bytes`);
  }
  let accepted: SignatureAccepted | undefined;
  for (const field of scan.fields) {
    if (!field.subFilter || !SUB_FILTERS.has(field.subFilter))
      throw new SignatureProblem('unsupported', `SubFilter ${field.subFilter ?? 'missing'}`);
    const cms = verifyCms(field.contents, field.signedBytes);
    const { at, source } = signingTime(cms, anchors);
    if (at.getTime() > now.getTime() + SKEW_MS) throw new SignatureProblem('futureTime', `signed at ${at.toISOString()}`, { signedAt: at });
    const signer = { parsed: cms.signer, x509: cms.signerX509 };
    checkChain(signer, cms.certificates, anchors, at);
    if (field === last) {
      accepted = {
        ok: true,
        signer: signerName(cms.signer),
        signedAt: at.toISOString(),
        certificate: {
          subject: describeName(cms.signer.subject),
          issuer: describeName(cms.signer.issuer),
          fingerprint256: cms.signerX509.fingerprint256,
        },
        timeSource: source,
      };
    }
  }
  return accepted!;
}

/**
 * The signing time: the genTime of a signature timestamp token (RFC 3161) when the token covers
 * this signature value, its own CMS signature holds and its TSA certificate (with the
 * timeStamping extended key usage) chains to a configured CA; else the signer's signingTime.
 * A token anyone could have added (unsigned attributes are outside the signer's signature) but
 * from a TSA the Office does not trust is set aside, never preferred to signingTime; a token that
 * does not match this signature is a tampered signature and refused.
 */
function signingTime(cms: VerifiedCms, anchors: TrustAnchor[]): { at: Date; source: SignatureAccepted['timeSource'] } {
  const token = cms.signerInfo.unsignedAttrs?.attributes.find((a) => a.type === TIMESTAMP_TOKEN)?.values[0] as asn1js.AsnType | undefined;
  if (token) {
    const tokenCms = verifyCms(Buffer.from(token.toBER()), undefined);
    if (tokenCms.signedData.encapContentInfo.eContentType !== TST_INFO || !tokenCms.eContent) {
      throw new SignatureProblem('brokenSignature', 'the timestamp token holds no TSTInfo');
    }
    const info = pkijs.TSTInfo.fromBER(tokenCms.eContent);
    const hash = digestName(info.messageImprint.hashAlgorithm.algorithmId);
    if (!hash) throw new SignatureProblem('weakAlgorithm', `timestamp imprint ${info.messageImprint.hashAlgorithm.algorithmId}`);
    const imprint = Buffer.from(info.messageImprint.hashedMessage.getValue());
    const expected = createHash(hash).update(cms.signature).digest();
    if (!imprint.equals(expected)) throw new SignatureProblem('invalid', 'the timestamp token does not cover this signature');
    if (trustedTsa(tokenCms, anchors, info.genTime)) return { at: info.genTime, source: 'timestampToken' };
  }
  if (!cms.signingTime) throw new SignatureProblem('noSigningTime', 'no signingTime attribute and no trusted timestamp token');
  return { at: cms.signingTime, source: 'signingTime' };
}

/** Whether a timestamp token's signer is a TSA (timeStamping EKU) whose certificate chains to a configured CA. */
function trustedTsa(token: VerifiedCms, anchors: TrustAnchor[], at: Date): boolean {
  if (!(token.signerX509.keyUsage ?? []).includes(TIME_STAMPING)) return false;
  try {
    checkChain({ parsed: token.signer, x509: token.signerX509 }, token.certificates, anchors, at);
    return true;
  } catch {
    return false;
  }
}

/** The configured CA certificates, each with the subject quoted in messages. */
function trustAnchors(trust: SigningTrust): TrustAnchor[] {
  return trust.caCertificates
    .flatMap((entry) => (typeof entry === 'string' ? splitPem(entry) : [entry]))
    .map((x509) => {
      const parsed = pkijs.Certificate.fromBER(x509.raw);
      return { x509, parsed, subject: describeName(parsed.subject) };
    });
}

/** Every certificate of a PEM text. */
export function splitPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

function refusal(problem: SignatureProblem): SignatureRefused {
  return { ok: false, message: problemMessage(problem.reason, problem.facts), reason: problem.reason, detail: problem.detail };
}

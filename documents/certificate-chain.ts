/**
 * The trust checks on a signer's certificate: a chain of signatures up to one of the CA
 * certificates the Office configured, every certificate of it valid at the signing time, and the
 * signer's key usage allowing a signature. Names and extensions through pkijs; the signatures of
 * the certificates and the issuer matches through node:crypto's X509Certificate.
 */
import type { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describeName } from './certificate-names';
import { SignatureProblem } from './signature-problems';

/** A certificate in both forms. */
export interface Cert {
  parsed: pkijs.Certificate;
  x509: X509Certificate;
}

/** A configured CA with the subject quoted in messages. */
export interface TrustAnchor extends Cert {
  subject: string;
}

const KEY_USAGE = '2.5.29.15';
/** digitalSignature (bit 0) and nonRepudiation/contentCommitment (bit 1) of KeyUsage. */
const SIGNING_BITS = 0x80 | 0x40;
/** Longest chain accepted from the signer to an anchor (intermediates in between). */
const MAX_DEPTH = 6;

/**
 * Checks that `signer` chains to one of `anchors` through `intermediates`, each link a signature
 * by a CA certificate, and that every certificate was valid at `at`.
 * @returns the chain, signer first, anchor last.
 * @throws SignatureProblem `untrusted`, `expired` (the signer's), `caExpired` or `keyUsage`.
 */
export function checkChain(signer: Cert, intermediates: Cert[], anchors: TrustAnchor[], at: Date): Cert[] {
  checkKeyUsage(signer.parsed);
  const chain: Cert[] = [signer];
  let current = signer;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const anchor = anchors.find((a) => a.x509.fingerprint256 === current.x509.fingerprint256 || issues(a, current));
    if (anchor) {
      if (anchor.x509.fingerprint256 !== current.x509.fingerprint256) chain.push(anchor);
      checkValidity(chain, at);
      return chain;
    }
    const next = intermediates.find((c) => c.x509.ca && !chain.includes(c) && issues(c, current));
    if (!next) break;
    chain.push(next);
    current = next;
  }
  throw new SignatureProblem('untrusted', `no chain from ${describeName(signer.parsed.subject)} to a configured CA`, {
    trusted: anchors.map((a) => a.subject),
    issuer: describeName(signer.parsed.issuer),
  });
}

/** Whether `issuer` issued `subject`: names (and key identifiers) match and its key signed it. */
function issues(issuer: Cert, subject: Cert): boolean {
  try {
    return issuer.x509.ca && subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

function checkValidity(chain: Cert[], at: Date): void {
  chain.forEach((cert, index) => {
    const from = cert.x509.validFromDate;
    const to = cert.x509.validToDate;
    if (at >= from && at <= to) return;
    const facts = { signedAt: at, validFrom: from, validTo: to, issuer: describeName(cert.parsed.subject) };
    throw new SignatureProblem(
      index === 0 ? 'expired' : 'caExpired',
      `${describeName(cert.parsed.subject)} not valid at ${at.toISOString()}`,
      facts,
    );
  });
}

/** When the signer's certificate has a KeyUsage, it must allow digitalSignature or nonRepudiation. */
function checkKeyUsage(certificate: pkijs.Certificate): void {
  const extension = certificate.extensions?.find((e) => e.extnID === KEY_USAGE);
  if (!extension) return;
  const parsed = asn1js.fromBER(extension.extnValue.getValue());
  const bits = parsed.result instanceof asn1js.BitString ? parsed.result.valueBlock.valueHexView : undefined;
  if (!bits || ((bits[0] ?? 0) & SIGNING_BITS) === 0) {
    throw new SignatureProblem('keyUsage', 'KeyUsage has neither digitalSignature nor nonRepudiation');
  }
}

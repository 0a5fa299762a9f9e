/**
 * Verifies one CMS SignedData (RFC 5652) over given content: the parse with asn1js/pkijs, the
 * digest and the signature with node:crypto. The trust chain is the caller's
 * (see {@link ./certificate-chain}); this module only says the signer's key signed these bytes.
 */
import crypto, { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SignatureProblem } from './signature-problems';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** Digest algorithms accepted (SHA-1 and MD5 are refused as weak). */
const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms with their own hash. */
const SIGNATURES: Record<string, { kind: 'rsa' | 'ecdsa'; hash: string }> = {
  '1.2.840.113549.1.1.11': { kind: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { kind: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { kind: 'rsa', hash: 'sha512' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
};

/** A SignedData whose signature over the content holds. */
export interface VerifiedCms {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  /** The signer's certificate, parsed for its names and extensions. */
  signer: pkijs.Certificate;
  /** The same certificate for node:crypto. */
  signerX509: X509Certificate;
  /** Every certificate the SignedData carries (the signer's and any intermediates). */
  certificates: { parsed: pkijs.Certificate; x509: X509Certificate }[];
  /** The signingTime signed attribute, when present. */
  signingTime: Date | undefined;
  /** The encapsulated content, for a SignedData that carries its own (a timestamp token). */
  eContent: Buffer | undefined;
  /** The signature value, which a timestamp token's message imprint covers. */
  signature: Buffer;
}

/** Hash names for a digest algorithm OID; undefined for weak or unknown ones. */
export function digestName(oid: string): string | undefined {
  return DIGESTS[oid];
}

/**
 * Parses a DER ContentInfo holding a SignedData and checks its one signer: signed attributes
 * present, contentType as declared, messageDigest equal to the digest of `content` (or of the
 * encapsulated content when `content` is undefined), and the signature over the signed attributes
 * made by the key of the certificate the signer identifier names.
 * @throws SignatureProblem for any failure.
 */
export function verifyCms(der: Buffer, content: Buffer | undefined): VerifiedCms {
  const signedData = parseSignedData(der);
  if (signedData.signerInfos.length !== 1) {
    throw new SignatureProblem('unsupported', `${signedData.signerInfos.length} signer infos, expected exactly 1`);
  }
  const signerInfo = signedData.signerInfos[0]!;
  const encapsulated = signedData.encapContentInfo.eContent;
  const eContent = encapsulated ? Buffer.from(encapsulated.getValue()) : undefined;
  if (content !== undefined && eContent !== undefined && eContent.length > 0) {
    throw new SignatureProblem('unsupported', 'a detached signature expected, the SignedData carries content');
  }
  const covered = content ?? eContent;
  if (covered === undefined) throw new SignatureProblem('brokenSignature', 'a SignedData without content');

  const hash = digestName(signerInfo.digestAlgorithm.algorithmId);
  if (!hash) throw new SignatureProblem('weakAlgorithm', `digest algorithm ${signerInfo.digestAlgorithm.algorithmId}`);
  const attributes = signerInfo.signedAttrs?.attributes;
  if (!attributes || !signerInfo.signedAttrs) throw new SignatureProblem('unsupported', 'no signed attributes');
  const attribute = (type: string) => attributes.find((a) => a.type === type)?.values[0] as unknown;

  const declaredType = attribute(OID.contentType);
  if (
    !(declaredType instanceof asn1js.ObjectIdentifier) ||
    declaredType.valueBlock.toString() !== signedData.encapContentInfo.eContentType
  ) {
    throw new SignatureProblem('brokenSignature', 'contentType attribute missing or not the eContentType');
  }
  const digest = attribute(OID.messageDigest);
  if (!(digest instanceof asn1js.OctetString)) throw new SignatureProblem('brokenSignature', 'no messageDigest attribute');
  const actual = crypto.createHash(hash).update(covered).digest();
  if (!actual.equals(Buffer.from(digest.getValue()))) {
    throw new SignatureProblem(
      'altered',
      `messageDigest ${Buffer.from(digest.getValue()).toString('hex')} ≠ ${hash} ${actual.toString('hex')}`,
    );
  }

  const certificates = (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((parsed) => ({ parsed, x509: new X509Certificate(Buffer.from(parsed.toSchema().toBER())) }));
  const signerCert = certificates.find((c) => identifies(signerInfo.sid, c.parsed));
  if (!signerCert) throw new SignatureProblem('brokenSignature', 'the signer certificate is not in the SignedData');

  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  // RFC 5652 §5.4: the signature covers the DER of the signed attributes as a SET OF (pkijs
  // keeps the original bytes and re-tags them 0x31).
  const signedBytes = Buffer.from(signerInfo.signedAttrs.encodedValue);
  if (!verifySignature(signerInfo.signatureAlgorithm, hash, signedBytes, signature, signerCert.x509)) {
    throw new SignatureProblem('invalid', 'the signature does not verify with the signer certificate');
  }
  return {
    signedData,
    signerInfo,
    signer: signerCert.parsed,
    signerX509: signerCert.x509,
    certificates,
    signingTime: timeOf(attribute(OID.signingTime)),
    eContent,
    signature,
  };
}

function parseSignedData(der: Buffer): pkijs.SignedData {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    // The /Contents hole is zero-padded after the DER; anything else there is not a signature.
    if (der.subarray(asn1.offset).some((b) => b !== 0)) throw new Error('bytes after the SignedData');
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) throw new Error(`content type ${info.contentType}`);
    return new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    throw new SignatureProblem('brokenSignature', (err as Error).message);
  }
}

/** Whether a signer identifier (issuer and serial, or subject key identifier) names a certificate. */
function identifies(sid: unknown, certificate: pkijs.Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber);
  }
  // [0] SubjectKeyIdentifier, an implicitly tagged OCTET STRING.
  const keyId = (sid as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  const extension = certificate.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  if (!keyId || !extension) return false;
  const parsed = asn1js.fromBER(extension.extnValue.getValue());
  return (
    parsed.offset !== -1 && parsed.result instanceof asn1js.OctetString && Buffer.from(parsed.result.getValue()).equals(Buffer.from(keyId))
  );
}

function verifySignature(
  algorithm: pkijs.AlgorithmIdentifier,
  digest: string,
  data: Buffer,
  signature: Buffer,
  certificate: X509Certificate,
): boolean {
  const key = certificate.publicKey;
  const oid = algorithm.algorithmId;
  try {
    if (oid === OID.rsaEncryption) return crypto.verify(digest, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
    if (oid === OID.ecPublicKey) return crypto.verify(digest, data, key, signature);
    if (oid === OID.rsaPss) {
      const params = new pkijs.RSASSAPSSParams({ schema: algorithm.algorithmParams });
      const hash = digestName(params.hashAlgorithm.algorithmId);
      if (!hash) throw new SignatureProblem('weakAlgorithm', `PSS hash ${params.hashAlgorithm.algorithmId}`);
      return crypto.verify(hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength }, signature);
    }
    const known = SIGNATURES[oid];
    if (!known) throw new SignatureProblem('weakAlgorithm', `signature algorithm ${oid}`);
    if (known.kind === 'rsa') return crypto.verify(known.hash, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signature);
    return crypto.verify(known.hash, data, key, signature);
  } catch (err) {
    if (err instanceof SignatureProblem) throw err;
    return false;
  }
}

/** A UTCTime or GeneralizedTime attribute value as a Date. */
function timeOf(value: unknown): Date | undefined {
  if (value instanceof asn1js.UTCTime || value instanceof asn1js.GeneralizedTime) return value.toDate();
  return undefined;
}

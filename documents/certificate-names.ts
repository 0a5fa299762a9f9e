/** The names people read in an X.509 certificate: the subject's CN, and a subject or issuer in short form. */
import * as pkijs from 'pkijs';

const SHORT: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.6': 'C',
};

/** The text of one attribute value (UTF8String, PrintableString, BMPString… as asn1js decodes them). */
function valueText(value: unknown): string {
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  return typeof block?.value === 'string' ? block.value : '';
}

/** The first value of an attribute type in a name, e.g. the CN (2.5.4.3). */
export function nameAttribute(name: pkijs.RelativeDistinguishedNames, type: string): string | undefined {
  const found = name.typesAndValues.find((tv) => tv.type === type);
  return found ? valueText(found.value) : undefined;
}

/** A name as "CN=…, O=…, C=VN", in the order of the certificate, with the types people know. */
export function describeName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .filter((tv) => tv.type in SHORT)
    .map((tv) => `${SHORT[tv.type]}=${valueText(tv.value)}`)
    .join(', ');
}

/** The name of the signer: the subject's CN, or the whole subject when it has none. */
export function signerName(certificate: pkijs.Certificate): string {
  return nameAttribute(certificate.subject, '2.5.4.3') ?? describeName(certificate.subject);
}

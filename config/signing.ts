import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ExitCode, UserFacingError } from './errors';

/**
 * The Office's trust for signed PDFs: the CA certificates of KIEMTRA_SIGNING_CA (a path to one PEM
 * file with one or more certificates), validated once at start-up. Unset, there is no trust, and
 * every uploaded signed PDF is refused saying the Office has not configured its CA.
 */
export interface SigningSettings {
  /** The file the certificates came from. */
  caFile: string;
  /** The CA certificates, each with BasicConstraints cA=true. */
  caCertificates: X509Certificate[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Why a file could not be read, in Vietnamese (the errno code stays out of the message). */
function unreadable(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'không tìm thấy tệp';
  if (err.code === 'EACCES' || err.code === 'EPERM') return 'không có quyền đọc tệp';
  if (err.code === 'EISDIR') return 'đường dẫn là một thư mục, không phải tệp';
  return 'không đọc được tệp';
}

/**
 * Reads KIEMTRA_SIGNING_CA. A missing, unreadable or invalid file is one Vietnamese line and exit 2.
 * @returns the settings, or undefined when the variable is unset or empty.
 */
export function loadSigningSettings(env: NodeJS.ProcessEnv = process.env): SigningSettings | undefined {
  const caFile = env.KIEMTRA_SIGNING_CA?.trim();
  if (!caFile) return undefined;
  const where = `tệp chứng thư CA trong KIEMTRA_SIGNING_CA (${caFile})`;
  let text: string;
  try {
    text = fs.readFileSync(caFile, 'utf8');
  } catch (err) {
    throw new UserFacingError(`${where}: ${unreadable(err as NodeJS.ErrnoException)}.`, ExitCode.badInput, (err as Error).message);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new UserFacingError(`${where} không chứa chứng thư số nào dạng PEM (-----BEGIN CERTIFICATE-----).`, ExitCode.badInput);
  }
  const caCertificates = blocks.map((block, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch (err) {
      throw new UserFacingError(
        `${where}: chứng thư thứ ${index + 1} không đọc được (không phải chứng thư X.509 hợp lệ).`,
        ExitCode.badInput,
        (err as Error).message,
      );
    }
    if (!certificate.ca) {
      throw new UserFacingError(
        `${where}: chứng thư thứ ${index + 1} (${certificate.subject.replace(/\n/g, ', ')}) không phải chứng thư của tổ chức chứng thực (thiếu BasicConstraints CA).`,
        ExitCode.badInput,
      );
    }
    return certificate;
  });
  return { caFile, caCertificates };
}

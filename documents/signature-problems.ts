/**
 * The reasons a signed PDF is refused, one Vietnamese sentence each: the only text a person sees
 * when a check fails (library messages stay in `detail`, for logs).
 */
import { formatLocalDateTime } from '../domain/dates';

/** Why a signed PDF was refused. */
export type SignatureReason =
  | 'noTrust'
  | 'notPdf'
  | 'notSigned'
  | 'brokenSignature'
  | 'unsupported'
  | 'weakAlgorithm'
  | 'altered'
  | 'notCovered'
  | 'invalid'
  | 'untrusted'
  | 'expired'
  | 'caExpired'
  | 'keyUsage'
  | 'noSigningTime'
  | 'futureTime';

/** The facts some messages quote. */
export interface ProblemFacts {
  /** The subjects of the configured CA certificates. */
  trusted?: string[];
  /** The issuer named by the signer's certificate. */
  issuer?: string;
  signedAt?: Date;
  validFrom?: Date;
  validTo?: Date;
}

/** A refusal on its way out of the checks: a reason, the facts to quote, an English detail for logs. */
export class SignatureProblem extends Error {
  constructor(
    readonly reason: SignatureReason,
    readonly detail: string,
    readonly facts: ProblemFacts = {},
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'SignatureProblem';
  }
}

const when = (d: Date | undefined): string => (d ? formatLocalDateTime(d) : '?');
const quoted = (names: string[] | undefined): string => (names ?? []).map((n) => `“${n}”`).join('; ');

/** The Vietnamese sentence for a refusal. */
export function problemMessage(reason: SignatureReason, facts: ProblemFacts = {}): string {
  switch (reason) {
    case 'noTrust':
      return 'Văn phòng chưa cấu hình chứng thư số của tổ chức cung cấp dịch vụ chứng thực chữ ký số (KIEMTRA_SIGNING_CA), nên chưa thể tiếp nhận văn bản đã ký số.';
    case 'notPdf':
      return 'Tệp tải lên không phải là tệp PDF hợp lệ.';
    case 'notSigned':
      return 'Tệp PDF chưa có chữ ký số.';
    case 'brokenSignature':
      return 'Chữ ký số trong tệp PDF bị hỏng, không đọc được.';
    case 'unsupported':
      return 'Kiểu chữ ký số trong tệp PDF không được hỗ trợ (chỉ tiếp nhận chữ ký PAdES: adbe.pkcs7.detached hoặc ETSI.CAdES.detached).';
    case 'weakAlgorithm':
      return 'Chữ ký số dùng thuật toán không được chấp nhận (chỉ chấp nhận băm SHA-256, SHA-384, SHA-512 với khóa RSA hoặc ECDSA).';
    case 'altered':
      return 'Tệp PDF đã bị thay đổi sau khi ký: nội dung không còn khớp với chữ ký số.';
    case 'notCovered':
      return 'Tệp PDF đã được sửa đổi hoặc bổ sung sau khi ký: có phần nội dung nằm ngoài phạm vi được ký.';
    case 'invalid':
      return 'Chữ ký số không hợp lệ: giá trị chữ ký không khớp với chứng thư số của người ký.';
    case 'untrusted':
      return `Chứng thư số của người ký không do tổ chức chứng thực mà Văn phòng đã cấu hình cấp (được tin cậy: ${quoted(facts.trusted)}; chứng thư của người ký do “${facts.issuer ?? '?'}” cấp).`;
    case 'expired':
      return `Chứng thư số của người ký không còn hiệu lực tại thời điểm ký (${when(facts.signedAt)}): hiệu lực từ ${when(facts.validFrom)} đến ${when(facts.validTo)}.`;
    case 'caExpired':
      return `Chứng thư số của tổ chức chứng thực “${facts.issuer ?? '?'}” không còn hiệu lực tại thời điểm ký (${when(facts.signedAt)}).`;
    case 'keyUsage':
      return 'Chứng thư số của người ký không được phép dùng để ký số văn bản (thiếu mục đích sử dụng chữ ký số hoặc chống chối bỏ).';
    case 'noSigningTime':
      return 'Chữ ký số không ghi thời điểm ký.';
    case 'futureTime':
      return `Thời điểm ký ghi trong chữ ký số (${when(facts.signedAt)}) ở sau thời điểm hiện tại.`;
  }
}

import { ExitCode, UserFacingError } from './user-facing-error';

/**
 * The one place where errors from below (the file system, the network, the Temporal client) become
 * one Vietnamese line that says what to do. Every entry point reports through it (config/errors.ts
 * `reportError`), so a command, the worker, the page server and `npm start` say the same thing for
 * the same cause. The original English text is kept as the error's `detail` (logs, `--json`).
 */

/** A Node.js system error: `code`, and the path, address or port it was about. */
interface SystemError {
  code: string;
  message: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
  syscall?: string;
}

function isSystemError(err: unknown): err is SystemError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
}

/** The message for a port another process holds (EADDRINUSE), shared with `npm start`'s own check. */
export function portInUseMessage(port: number | string, what?: string, setting?: string): string {
  return (
    `cổng ${port}${what ? ` (${what})` : ''} đang được dùng, có thể kiemtra đã chạy: dùng hệ thống đang chạy, ` +
    `hoặc dừng tiến trình đó (xem bằng ss -ltnp 'sport = :${port}')${setting ? ` hoặc đặt ${setting} khác` : ''} rồi chạy lại.`
  );
}

/** The port of an EADDRINUSE error: its `port`, else the end of "listen EADDRINUSE: … 127.0.0.1:8234". */
function portOf(err: SystemError): number | string {
  if (typeof err.port === 'number') return err.port;
  const m = /:(\d+)\s*$/.exec(err.message);
  return m ? m[1]! : '?';
}

const FILE_MESSAGES: Record<string, (file: string) => string> = {
  ENOENT: (f) => `không tìm thấy tệp hoặc thư mục ${f}: kiểm tra lại đường dẫn (đường dẫn tương đối tính từ thư mục đang đứng).`,
  EACCES: (f) => `không có quyền truy cập ${f}: kiểm tra quyền của tệp (ls -l ${f}) hoặc chạy bằng tài khoản có quyền.`,
  EPERM: (f) => `hệ điều hành không cho phép thao tác trên ${f}: kiểm tra quyền của tệp và thư mục chứa nó.`,
  EISDIR: (f) => `${f} là một thư mục, không phải tệp: hãy chỉ đến một tệp.`,
  ENOTDIR: (f) => `đường dẫn ${f} có một phần không phải thư mục: kiểm tra lại đường dẫn.`,
  EEXIST: (f) => `${f} đã tồn tại: xóa nó hoặc chọn tên khác.`,
  ENOSPC: (f) => `ổ đĩa hết chỗ khi ghi ${f}: giải phóng dung lượng rồi chạy lại.`,
  EROFS: (f) => `${f} nằm trên ổ chỉ đọc: chọn thư mục ghi được.`,
  EMFILE: () => 'quá nhiều tệp đang mở cùng lúc: đóng bớt chương trình hoặc tăng giới hạn (ulimit -n) rồi chạy lại.',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Where a network error was going: "127.0.0.1:2525", or the host name it could not find. */
function peerOf(err: SystemError): string {
  if (err.address) return err.port ? `${err.address}:${err.port}` : err.address;
  const m = /(?:connect|getaddrinfo)\s+\w+\s+(\S+)/.exec(err.message);
  return m ? m[1]! : 'máy chủ';
}

/**
 * An error as a person should read it: a {@link UserFacingError} as it is; a file-system, network or
 * Temporal error as one Vietnamese line with what to do; anything else (a bug) unchanged. `file`
 * names the file for a file-system error that does not carry its path.
 */
export function translateError(err: unknown, file?: string): unknown {
  if (err instanceof UserFacingError || !(err instanceof Error)) return err;
  // The Temporal client's NamespaceNotFoundError (matched by shape: config/ does not load the client).
  const namespace = (err as { namespace?: unknown }).namespace;
  if (err.name === 'NamespaceNotFoundError' && typeof namespace === 'string') {
    return new UserFacingError(
      `máy chủ Temporal không có namespace "${namespace}": đặt TEMPORAL_NAMESPACE đúng namespace của máy chủ, ` +
        `hoặc nhờ người quản trị tạo nó (temporal operator namespace create --namespace ${namespace}).`,
      ExitCode.connection,
      err.message,
    );
  }
  if (!isSystemError(err)) return err;
  // `file`: the caller's, for errors that do not carry their path (reading a folder: EISDIR).
  const path = err.path ?? err.dest ?? file;
  const fileMessage = FILE_MESSAGES[err.code];
  if (fileMessage && (path || err.code === 'EMFILE')) return new UserFacingError(fileMessage(path ?? ''), ExitCode.badInput, err.message);
  if (err.code === 'EADDRINUSE') return new UserFacingError(portInUseMessage(portOf(err)), ExitCode.badInput, err.message);
  if (NETWORK_CODES.has(err.code)) {
    const peer = peerOf(err);
    const why =
      err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
        ? `không tìm thấy máy chủ ${peer} (tên máy không phân giải được)`
        : `không kết nối được ${peer} (máy chủ không trả lời hoặc từ chối kết nối)`;
    return new UserFacingError(
      `${why}: kiểm tra máy chủ đang chạy và địa chỉ trong cấu hình rồi chạy lại.`,
      ExitCode.connection,
      err.message,
    );
  }
  return err;
}

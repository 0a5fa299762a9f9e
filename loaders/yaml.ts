import fs from 'node:fs';
import { LineCounter, parseDocument, type ErrorCode } from 'yaml';
import { ExitCode, translateError, UserFacingError } from '../config/errors';
import { describeIssue, issuePath, type z } from '../domain/validation';

/** One problem of a data file: where (line 0 for the whole file; column 0 when not known) and why. */
export interface DataProblem {
  line: number;
  column: number;
  reason: string;
}

/** `file:line:column` (or less, when not known). */
function where(file: string, p: Pick<DataProblem, 'line' | 'column'>): string {
  if (p.line <= 0) return file;
  return p.column > 0 ? `${file}:${p.line}:${p.column}` : `${file}:${p.line}`;
}

/**
 * Invalid YAML data: names the file and, for each problem, its line (and column for a syntax
 * error) and reason. Every problem the file has is in it, not only the first: one per line.
 * `line` and `reason` are the first problem's.
 */
export class YamlDataError extends UserFacingError {
  readonly line: number;
  readonly reason: string;
  constructor(
    readonly file: string,
    readonly problems: DataProblem[],
    what: string,
  ) {
    const [first] = problems;
    super(
      problems.length === 1
        ? first!.line <= 0
          ? `không đọc được ${what}: ${first!.reason}`
          : `${what} không hợp lệ: ${where(file, first!)}: ${first!.reason}`
        : `${what} ${file} có ${problems.length} lỗi, cần sửa hết:\n${problems.map((p) => `  ${where(file, p)}: ${p.reason}`).join('\n')}`,
      ExitCode.badInput,
    );
    this.name = 'YamlDataError';
    this.line = first?.line ?? 0;
    this.reason = first?.reason ?? '';
  }
}

/** The yaml library's syntax errors, in Vietnamese (its English message goes to no one). */
const SYNTAX_REASONS: Record<ErrorCode, string> = {
  ALIAS_PROPS: 'bí danh (*tên) không được có thẻ hay neo',
  BAD_ALIAS: 'bí danh (*tên) không hợp lệ hoặc chưa được khai báo',
  BAD_DIRECTIVE: 'chỉ thị YAML (%…) không hợp lệ',
  BAD_DQ_ESCAPE: 'ký tự thoát (\\…) trong chuỗi đặt trong dấu ngoặc kép không hợp lệ',
  BAD_INDENT: 'thụt lề không đúng: các mục cùng cấp phải thẳng cột, mục con thụt vào sâu hơn',
  BAD_PROP_ORDER: 'thẻ và neo đặt sai thứ tự',
  BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự này; hãy đặt nó trong dấu ngoặc kép',
  BLOCK_AS_IMPLICIT_KEY: 'một khối không thể làm khóa',
  BLOCK_IN_FLOW: 'không được viết khối nhiều dòng bên trong [ ] hoặc { }',
  DUPLICATE_KEY: 'khóa bị lặp: mỗi khóa chỉ được có một lần trong cùng một mục',
  IMPOSSIBLE: 'cấu trúc YAML không đọc được',
  KEY_OVER_1024_CHARS: 'khóa dài quá 1024 ký tự',
  MISSING_CHAR: 'thiếu một ký tự của cấu trúc (dấu "- " của mục danh sách, dấu ngoặc hay dấu nháy đóng, dấu hai chấm), hoặc thụt lề sai',
  MULTILINE_IMPLICIT_KEY: 'khóa không được trải trên nhiều dòng; có thể thiếu dấu hai chấm hoặc dấu nháy đóng ở dòng trên',
  MULTIPLE_ANCHORS: 'một giá trị chỉ được có một neo (&tên)',
  MULTIPLE_DOCS: 'tệp chỉ được chứa một tài liệu YAML (bỏ dòng ---)',
  MULTIPLE_TAGS: 'một giá trị chỉ được có một thẻ (!thẻ)',
  NON_STRING_KEY: 'khóa phải là chuỗi',
  RESOURCE_EXHAUSTION: 'tệp quá lớn hoặc lồng quá sâu để đọc',
  TAB_AS_INDENT: 'dùng ký tự Tab để thụt lề; YAML chỉ cho phép dấu cách',
  TAG_RESOLVE_FAILED: 'thẻ (!thẻ) không được hỗ trợ',
  UNEXPECTED_TOKEN: 'ký tự không đúng chỗ; kiểm tra dấu gạch đầu dòng "- ", dấu hai chấm và thụt lề',
  BAD_COLLECTION_TYPE: 'kiểu danh sách hoặc đối tượng không phù hợp',
};

/** A parsed YAML document with the means to point at the line of any field. */
export interface YamlSource {
  data: unknown;
  lineOf: (at: (string | number)[]) => number;
  /** Whether the document has a value at `at` (a missing field has none). */
  has: (at: (string | number)[]) => boolean;
}

/**
 * Parses YAML text, keeping line positions. Syntax errors raise a {@link YamlDataError} with every
 * one of them, each with its line and column, in Vietnamese.
 */
export function parseYaml(text: string, file: string, what: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new YamlDataError(
      file,
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return {
          line,
          column: col,
          reason: `sai cú pháp YAML ở dòng ${line}, cột ${col}: ${SYNTAX_REASONS[e.code] ?? 'cấu trúc không đọc được'}`,
        };
      }),
      what,
    );
  }
  const lineOf = (at: (string | number)[]): number => {
    for (let n = at.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return 1;
  };
  return { data: doc.toJS(), lineOf, has: (at) => at.length === 0 || doc.hasIn(at) };
}

/** An issue of zod as a person reads it: a field that is not there is "thiếu", not "undefined". */
function reasonOf(issue: z.core.$ZodIssue, source: YamlSource): string {
  const at = issuePath(issue);
  if (issue.code === 'invalid_type' && at.length > 0 && !source.has(at)) return `${at.join('.')}: thiếu trường bắt buộc`;
  return describeIssue(issue);
}

/**
 * Parses YAML text and validates it with a zod schema. Every wrong field is reported at once, each
 * with its line ({@link YamlDataError}). `prepare` rewrites the data first (a plan's unit ids
 * resolved through the registry); its problems are reported the same way, and stop there.
 */
export function parseYamlWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  what: string,
  prepare?: (data: unknown) => { data: unknown; problems: { path: (string | number)[]; message: string }[] },
): z.output<S> {
  const source = parseYaml(text, file, what);
  const prepared = prepare ? prepare(source.data) : { data: source.data, problems: [] };
  if (prepared.problems.length > 0)
    throw new YamlDataError(
      file,
      prepared.problems
        .map((p) => ({ line: source.lineOf(p.path), column: 0, reason: `${p.path.join('.')}: ${p.message}` }))
        .sort((a, b) => a.line - b.line),
      what,
    );
  const parsed = schema.safeParse(prepared.data);
  if (!parsed.success) {
    // One problem a field: a later check of a field already wrong (the weekday of an impossible
    // date) would only repeat it in other words.
    const seen = new Set<string>();
    const issues = parsed.error.issues.filter((issue) => {
      const key = JSON.stringify(issuePath(issue));
      return !seen.has(key) && !!seen.add(key);
    });
    const problems = issues.map((issue) => ({
      line: source.lineOf(issuePath(issue)),
      column: 0,
      reason: reasonOf(issue, source),
    }));
    throw new YamlDataError(
      file,
      problems.sort((a, b) => a.line - b.line),
      what,
    );
  }
  return parsed.data;
}

/**
 * Reads a file for {@link parseYamlWith}. A file that cannot be read is one Vietnamese line that
 * names it and says what to do (config/translate-error.ts), whatever the reason.
 */
export function readDataFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const translated = translateError(err, file);
    const reason = translated instanceof UserFacingError ? translated.message : `không đọc được tệp (${(err as Error).message})`;
    throw new YamlDataError(file, [{ line: 0, column: 0, reason }], what);
  }
}

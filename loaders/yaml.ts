import fs from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ExitCode, UserFacingError } from '../config/errors';
import { describeIssue, issuePath, type z } from '../domain/validation';

/** Invalid YAML data: names the file, the line, the field and the reason. */
export class YamlDataError extends UserFacingError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    what: string,
  ) {
    super(`${what} không hợp lệ: ${line > 0 ? `${file}:${line}` : file}: ${reason}`, ExitCode.badInput);
    this.name = 'YamlDataError';
  }
}

/** A parsed YAML document with the means to point at the line of any field. */
export interface YamlSource {
  data: unknown;
  lineOf: (at: (string | number)[]) => number;
}

/** Parses YAML text, keeping line positions. Syntax errors raise a {@link YamlDataError}. */
export function parseYaml(text: string, file: string, what: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new YamlDataError(file, lineCounter.linePos(e.pos[0]).line, `YAML không hợp lệ: ${e.message.split('\n')[0]}`, what);
  }
  const lineOf = (at: (string | number)[]): number => {
    for (let n = at.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return 1;
  };
  return { data: doc.toJS(), lineOf };
}

/** Parses YAML text and validates it with a zod schema; the first issue names its line and field. */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, file: string, what: string): z.output<S> {
  const source = parseYaml(text, file, what);
  const parsed = schema.safeParse(source.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new YamlDataError(file, source.lineOf(issuePath(issue)), describeIssue(issue), what);
  }
  return parsed.data;
}

/** Reads a file for {@link parseYamlWith}, with a clear error when it cannot be read. */
export function readDataFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new YamlDataError(file, 0, `không đọc được tệp: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, what);
  }
}

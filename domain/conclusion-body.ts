import { line, z } from './validation';

/**
 * The body of a Kết luận kiểm tra as the team edits it before signing (issue 23): its sections
 * I–II (the general part and the results, issue by issue), as headings and paragraphs. The
 * recommendations (III) and the follow-up (IV) are not part of it: they are built from the
 * recommendations the conclusion records, so the document and the remediation tracking never
 * disagree. One text format for the file the team edits, its parser (each refusal names the line)
 * and the update's schema. Pure.
 */

/** One section of the body: a heading and its paragraphs (one line each). */
export interface ConclusionBodySection {
  heading: string;
  paragraphs: string[];
}

/** The editable body: its sections in order. */
export interface ConclusionBody {
  sections: ConclusionBodySection[];
}

/**
 * The line that stands for the table of the unit's indicators against the year's targets (built
 * from the unit's report, not typed): the last paragraph of the section it closes.
 */
export const KPI_TABLE_MARK = '[BẢNG KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU]';

/** Limits of the body, shared by the parser and the schema. */
export const CONCLUSION_BODY_LIMITS = { sections: 40, paragraphs: 300, heading: 300, paragraph: 4000 } as const;

/** Where the mark may stand: at most once, as the last paragraph of its section; or a Vietnamese refusal. */
export function kpiMarkProblem(sections: readonly ConclusionBodySection[]): string | undefined {
  const at = sections.flatMap((s, i) => s.paragraphs.map((p, j) => ({ i, j, p }))).filter((x) => x.p === KPI_TABLE_MARK);
  if (at.length > 1) return `dòng ${KPI_TABLE_MARK} chỉ được có một lần`;
  const m = at[0];
  if (m && m.j !== sections[m.i]!.paragraphs.length - 1)
    return `dòng ${KPI_TABLE_MARK} phải là dòng cuối của mục "${sections[m.i]!.heading}" (bảng đứng sau các đoạn của mục)`;
  return undefined;
}

/** The schema of a body (the update's payload), built when used. */
export function conclusionBodySchema() {
  const L = CONCLUSION_BODY_LIMITS;
  return z
    .array(
      z.strictObject({
        heading: line(L.heading),
        paragraphs: z.array(line(L.paragraph)).max(L.paragraphs, { message: `mỗi mục tối đa ${L.paragraphs} đoạn` }),
      }),
    )
    .min(1, { message: 'nội dung kết luận cần ít nhất một mục' })
    .max(L.sections, { message: `nội dung kết luận tối đa ${L.sections} mục` })
    .superRefine((sections, ctx) => {
      const problem = kpiMarkProblem(sections);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** A heading line of the text file. */
const HEADING = /^#\s+/u;
/** A comment line (the file's own explanation), ignored. */
const COMMENT = /^\/\//u;

/**
 * The body as the file the team edits: a heading a line starting with `# `, each other line a
 * paragraph, blank lines ignored, lines starting with `//` a comment.
 */
export function conclusionBodyText(body: ConclusionBody, comments: readonly string[] = []): string {
  const out = comments.map((c) => `// ${c}`);
  if (out.length) out.push('');
  for (const s of body.sections) out.push(`# ${s.heading}`, ...s.paragraphs, '');
  return out.join('\n');
}

/** What the parser gives: the body, or a refusal naming the line. */
export type ParsedBody = { ok: true; body: ConclusionBody } | { ok: false; message: string };

/** The lines of a text as sections (`# ` headings); lines before the first heading are `lead`. */
export function sectionsOfText(text: string): {
  lead: { line: number; text: string }[];
  sections: (ConclusionBodySection & { line: number })[];
} {
  const lead: { line: number; text: string }[] = [];
  const sections: (ConclusionBodySection & { line: number })[] = [];
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .forEach((raw, i) => {
      const l = raw.trim();
      if (!l || COMMENT.test(l)) return;
      if (HEADING.test(l)) sections.push({ heading: l.replace(HEADING, '').trim(), paragraphs: [], line: i + 1 });
      else if (sections.length) sections.at(-1)!.paragraphs.push(l);
      else lead.push({ line: i + 1, text: l });
    });
  return { lead, sections };
}

/** Parses the edited file and checks it against the schema; a refusal names the line or the section. */
export function parseConclusionBody(text: string): ParsedBody {
  const { lead, sections } = sectionsOfText(text);
  if (lead.length)
    return { ok: false, message: `dòng ${lead[0]!.line}: đoạn văn đứng trước tiêu đề mục đầu tiên (tiêu đề bắt đầu bằng "# ")` };
  const empty = sections.find((s) => !s.heading);
  if (empty) return { ok: false, message: `dòng ${empty.line}: tiêu đề mục trống` };
  const plain = sections.map(({ heading, paragraphs }) => ({ heading, paragraphs }));
  const r = conclusionBodySchema().safeParse(plain);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const [i, field, j] = issue.path as (string | number)[];
    const s = typeof i === 'number' ? sections[i] : undefined;
    const where = s
      ? field === 'paragraphs' && typeof j === 'number'
        ? `mục "${s.heading}", đoạn ${j + 1}`
        : `dòng ${s.line}`
      : undefined;
    return { ok: false, message: where ? `${where}: ${issue.message}` : issue.message };
  }
  return { ok: true, body: { sections: r.data } };
}

import { DOCUMENT_KINDS, type DocumentSigner } from './documents';
import { SIGNING_AUTHORITIES, isPlaceholder, sameName } from './team';
import { line, z } from './validation';

/**
 * The documents of a whole round, pure: the Quyết định thành lập Đoàn kiểm tra (for the
 * Chairman's signature, UBND register) and the Báo cáo kết quả kiểm tra to the Chairman (VP
 * register); the words the CLI takes for them, and who may sign each. The round-document
 * workflow, the CLI and the renderer read it.
 */

/** The kinds of document a round produces. */
export const ROUND_DOCUMENT_KINDS = ['team_decision', 'round_report'] as const;
export type RoundDocumentKind = (typeof ROUND_DOCUMENT_KINDS)[number];

/** The words the CLI takes for each kind (`kiemtra documents round <round> decision|report …`). */
export const ROUND_DOCUMENT_WORDS: Record<'decision' | 'report', RoundDocumentKind> = {
  decision: 'team_decision',
  report: 'round_report',
};

/** A signer as the plan names them: name, position, and the authority when signing for someone. */
export function roundSignerSchema() {
  return z.strictObject({
    name: line(120),
    position: line(200),
    authority: z.enum([...SIGNING_AUTHORITIES, 'TM.'] as const).optional(),
    signsFor: line(200).optional(),
  });
}
export type RoundSigner = z.output<ReturnType<typeof roundSignerSchema>>;

/** Who signs a round's documents, as the plan names them (either may be absent). */
export interface RoundSigners {
  /** The Chairman or the Vice-Chairman who signs the Decision (plan `documents.chairman`). */
  chairman?: RoundSigner;
  /** The Office's signer of the report (plan `documents.office`). */
  office?: RoundSigner;
}

/** The Decision's signer when the plan names nobody: a Vice-Chairman, KT. CHỦ TỊCH. */
export const VICE_CHAIRMAN: Omit<DocumentSigner, 'name'> = { position: 'Phó Chủ tịch', authority: 'KT.', signsFor: 'Chủ tịch' };

const asSigner = (s: RoundSigner): DocumentSigner => ({
  name: s.name,
  position: s.position,
  ...(s.authority ? { authority: s.authority } : {}),
  ...(s.signsFor ? { signsFor: s.signsFor } : {}),
});

const describe = (s: RoundSigner) => `${s.name} (${s.authority ? `${s.authority} ` : ''}${s.position})`;

/**
 * The signer of that name for a round's kind, or the Vietnamese refusal naming who may sign. The
 * Decision: the Chairman or Vice-Chairman the plan names (`documents.chairman`), else whoever the
 * Office names, as a Vice-Chairman signing KT. CHỦ TỊCH. The report: the Office's signer alone.
 */
export function roundSignerFor(
  kind: RoundDocumentKind,
  name: string,
  signers: RoundSigners,
): { ok: true; signer: DocumentSigner } | { ok: false; message: string } {
  const label = DOCUMENT_KINDS[kind].label;
  if (isPlaceholder(name) || name.trim() === '') return { ok: false, message: `Chưa ghi họ tên người ký ${label}` };
  const named = kind === 'team_decision' ? signers.chairman : signers.office;
  if (!named) {
    if (kind === 'round_report') return { ok: false, message: 'Kế hoạch chưa ghi người ký văn bản của Văn phòng (documents.office)' };
    return { ok: true, signer: { name: name.trim(), ...VICE_CHAIRMAN } };
  }
  if (isPlaceholder(named.name)) return { ok: false, message: `Kế hoạch chưa điền họ tên người ký ${label} ("${named.name}")` };
  if (sameName(named.name, name)) return { ok: true, signer: asSigner(named) };
  return { ok: false, message: `"${name}" không phải người ký ${label}; người ký theo kế hoạch: ${describe(named)}` };
}

/** The signer the plan names for a kind (printed in the draft's signing block), if any. */
export function plannedRoundSigner(kind: RoundDocumentKind, signers: RoundSigners): DocumentSigner | undefined {
  const named = kind === 'team_decision' ? signers.chairman : signers.office;
  return named && !isPlaceholder(named.name) ? asSigner(named) : undefined;
}

/** What the Office has still to fill in for the round's documents: the Chairman's name, if the plan names one. */
export function roundDocumentsWarnings(
  documents: { chairman?: RoundSigner } | undefined,
): { path: (string | number)[]; message: string }[] {
  const c = documents?.chairman;
  return c && isPlaceholder(c.name)
    ? [{ path: ['documents', 'chairman', 'name'], message: `chưa điền họ tên người ký Quyết định thành lập Đoàn kiểm tra ("${c.name}")` }]
    : [];
}

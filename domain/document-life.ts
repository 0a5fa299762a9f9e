import { DOCUMENT_KINDS, type DocumentKind, type DocumentSigner, type InspectionDocumentKind } from './documents';
import { SIGNING_AUTHORITIES, findSigner, isPlaceholder, type Team, type TeamWarning } from './team';
import { emailSchema, line, z } from './validation';

/**
 * The life of one inspection's documents as the plan configures it, pure: which kinds the system
 * issues on its own, who signs for the Office, how long before a document's legal moment the
 * Office is reminded; which email carries which kind, which deadline is each kind's legal moment,
 * and who may sign each kind. The inspection workflow, the plan file and the CLI read it.
 */

/** The kinds one inspection produces, in order. */
export const INSPECTION_DOCUMENT_KINDS = (Object.keys(DOCUMENT_KINDS) as DocumentKind[]).filter(
  (k) => DOCUMENT_KINDS[k].scope === 'inspection',
) as InspectionDocumentKind[];

/** The schema of the plan's (and the inspection input's) `documents` block, built when used. */
export function documentsConfigSchema() {
  const kind = z.enum(INSPECTION_DOCUMENT_KINDS as [InspectionDocumentKind, ...InspectionDocumentKind[]], {
    message: `loại văn bản không hợp lệ; dùng một trong: ${INSPECTION_DOCUMENT_KINDS.join(', ')}`,
  });
  return z.strictObject({
    /**
     * The kinds the system issues by itself at their moment: numbered from the register, the
     * signer recorded as the plan names them (the Office's signer, or the Trưởng đoàn who concluded).
     */
    autoIssue: z.array(kind).max(INSPECTION_DOCUMENT_KINDS.length).default([]),
    /** Who signs the Office's documents (Thông báo): a leader of the City PC Office. */
    office: z
      .strictObject({
        name: line(120),
        position: line(200),
        authority: z.enum([...SIGNING_AUTHORITIES, 'TM.'] as const).optional(),
        signsFor: line(200).optional(),
        /** Where the reminders to issue go; the coordinator's address when absent. */
        email: emailSchema.optional(),
      })
      .optional(),
    /** Working days before a document's legal moment at which the Office is reminded to issue it. */
    issueWorkingDaysBefore: z.array(z.number().int().min(0).max(20)).max(5).default([2]),
  });
}

/** The `documents` block, defaults filled. */
export type DocumentsConfig = z.output<ReturnType<typeof documentsConfigSchema>>;

/** The email each kind is sent with, once issued (kinds without one are kept, not sent). */
export const DOCUMENT_EMAILS: Partial<Record<InspectionDocumentKind, 'notice' | 'draft_conclusion' | 'conclusion'>> = {
  schedule_notice: 'notice',
  draft_conclusion: 'draft_conclusion',
  conclusion: 'conclusion',
};

/** The deadline that is each kind's legal moment: the Office is reminded before it, the coordinator told after it. */
export const DOCUMENT_MOMENTS: Partial<Record<InspectionDocumentKind, 'notice'>> = {
  schedule_notice: 'notice',
};

/** Who may sign a kind in this inspection, or a Vietnamese refusal saying why nobody can. */
export function expectedSigners(
  kind: InspectionDocumentKind,
  team: Team | undefined,
  config: DocumentsConfig | undefined,
): { ok: true; signers: DocumentSigner[] | 'anyone' } | { ok: false; message: string } {
  const role = DOCUMENT_KINDS[kind].signer;
  if (role === 'office') {
    const o = config?.office;
    if (!o) return { ok: false, message: 'Kế hoạch chưa ghi người ký văn bản của Văn phòng (documents.office)' };
    return { ok: true, signers: [signerOf(o)] };
  }
  if (!team) return { ok: true, signers: 'anyone' };
  return {
    ok: true,
    signers: [
      { name: team.lead.name, position: team.lead.position ?? 'Trưởng đoàn kiểm tra' },
      ...team.deputies.flatMap((d) =>
        d.authority ? [{ name: d.name, position: d.position, authority: d.authority, signsFor: d.signsFor }] : [],
      ),
    ],
  };
}

function signerOf(o: NonNullable<DocumentsConfig['office']>): DocumentSigner {
  return {
    name: o.name,
    position: o.position,
    ...(o.authority ? { authority: o.authority } : {}),
    ...(o.signsFor ? { signsFor: o.signsFor } : {}),
  };
}

/** The signer of that name for a kind, or the Vietnamese refusal naming who may sign. */
export function signerFor(
  kind: InspectionDocumentKind,
  name: string,
  team: Team | undefined,
  config: DocumentsConfig | undefined,
): { ok: true; signer: DocumentSigner } | { ok: false; message: string } {
  const expected = expectedSigners(kind, team, config);
  if (!expected.ok) return expected;
  if (expected.signers === 'anyone') return { ok: true, signer: { name, position: '' } };
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('vi');
  const found = expected.signers.find((s) => norm(s.name) === norm(name));
  if (found) return { ok: true, signer: found };
  if (team && DOCUMENT_KINDS[kind].signer !== 'office' && findSigner(team, name)) return { ok: true, signer: { name, position: '' } };
  return {
    ok: false,
    message: `"${name}" không phải người ký ${DOCUMENT_KINDS[kind].label}; người ký theo kế hoạch: ${expected.signers
      .map((s) => `${s.name} (${s.authority ? `${s.authority} ` : ''}${s.position})`)
      .join('; ')}`,
  };
}

/** The default signer of a kind the system issues by itself: the Office's signer, or the Trưởng đoàn. */
export function defaultSigner(
  kind: InspectionDocumentKind,
  team: Team | undefined,
  config: DocumentsConfig | undefined,
): DocumentSigner | undefined {
  const expected = expectedSigners(kind, team, config);
  return expected.ok && expected.signers !== 'anyone' ? expected.signers[0] : undefined;
}

/** What the Office has still to fill in the plan's `documents` block: who signs for the Office. */
export function documentsWarnings(config: Pick<DocumentsConfig, 'autoIssue' | 'office'> | undefined): TeamWarning[] {
  if (!config) return [];
  const officeKinds = INSPECTION_DOCUMENT_KINDS.filter((k) => DOCUMENT_KINDS[k].signer === 'office');
  if (!config.office) {
    const auto = config.autoIssue.filter((k) => officeKinds.includes(k));
    return auto.length
      ? [
          {
            path: ['documents', 'office'],
            message: `chưa ghi người ký văn bản của Văn phòng, nên không ban hành được: ${auto.map((k) => DOCUMENT_KINDS[k].label).join(', ')}`,
          },
        ]
      : [];
  }
  return isPlaceholder(config.office.name)
    ? [{ path: ['documents', 'office', 'name'], message: `chưa điền họ tên người ký văn bản của Văn phòng ("${config.office.name}")` }]
    : [];
}

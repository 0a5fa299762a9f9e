import { OUTLINE_PLACES, type OutlinePlace } from './report-outline';
import { line, z } from './validation';

/**
 * Where a finding of the Đoàn kiểm tra belongs (issue 23): the content area of Mục II.1 of the plan,
 * the Phụ lục I item it concerns, its kind, the evidence it rests on and the unit's division. One
 * source for these labels and for the schema every boundary (CLI, file import, update validator)
 * uses. Pure.
 */

/** The four content areas of Mục II.1, in the plan's order. */
export const CONTENT_AREAS = {
  control: '(1) Công tác kiểm soát thủ tục hành chính',
  oneStop: '(2) Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính',
  electronic: '(3) Giải quyết thủ tục hành chính trên môi trường điện tử',
  headResponsibility: '(4) Trách nhiệm người đứng đầu trong tổ chức thực hiện nhiệm vụ được giao',
} as const;
export type ContentArea = keyof typeof CONTENT_AREAS;

/** What a finding says of the unit: a good result, a shortcoming, or a violation (someone is responsible). */
export const FINDING_KINDS = {
  good: 'Kết quả đạt được',
  shortcoming: 'Tồn tại, hạn chế',
  violation: 'Vi phạm',
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

/** The systems a dossier is checked on (Mục II.2.b). */
export const CHECK_SYSTEMS = {
  nationalPortal: 'Cổng Dịch vụ công quốc gia',
  citySystem: 'Hệ thống thông tin giải quyết thủ tục hành chính thành phố',
  ministrySystem: 'Hệ thống thông tin giải quyết thủ tục hành chính của Bộ, ngành',
  paper: 'Hồ sơ giấy tại đơn vị',
} as const;
export type CheckSystem = keyof typeof CHECK_SYSTEMS;

/** Where a finding comes from: the team, the unit's indicators against the targets, or the dossier sample. */
export type FindingSource = 'team' | 'kpi' | 'sample';

/** The evidence a finding rests on. */
export interface FindingEvidence {
  /** Codes of the dossiers checked. */
  dossiers?: string[];
  system?: CheckSystem;
  /** Files (hash and name; the content stays in the upload store). */
  files?: { sha256: string; name: string }[];
}

/** The place of a finding; every field optional, so findings recorded before December 2026 still read. */
export interface FindingPlace {
  area?: ContentArea;
  /** The Phụ lục I place it concerns. */
  item?: OutlinePlace;
  kind?: FindingKind;
  evidence?: FindingEvidence;
  /** The unit's division (phòng, ban, bộ phận) the finding concerns. */
  division?: string;
}

/** `F1`, `F2`…: how a recommendation points to the findings it answers. */
export const FINDING_ID_PATTERN = /^F\d{1,3}$/;

/**
 * The schemas of a finding's place, built when used (workflow code keeps no zod at module level;
 * see workflows/inspection/updates.ts).
 */
export function findingSchemas() {
  const enumOf = <T extends string>(values: readonly T[], what: string) =>
    z.enum(values as [T, ...T[]], { message: `${what} không hợp lệ; dùng một trong: ${values.join(', ')}` });
  const area = enumOf(Object.keys(CONTENT_AREAS) as ContentArea[], 'nội dung kiểm tra');
  const kind = enumOf(Object.keys(FINDING_KINDS) as FindingKind[], 'loại phát hiện');
  const system = enumOf(Object.keys(CHECK_SYSTEMS) as CheckSystem[], 'hệ thống kiểm tra');
  const item = enumOf(
    OUTLINE_PLACES.map((p) => p.id),
    'mục của đề cương báo cáo',
  );
  const dossierCode = line(60);
  const evidence = z.strictObject({
    dossiers: z
      .array(dossierCode)
      .min(1)
      .max(200)
      .refine((codes) => new Set(codes).size === codes.length, { message: 'mã hồ sơ bị lặp' })
      .optional(),
    system: system.optional(),
    files: z
      .array(z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'mã băm sha256 không hợp lệ' }), name: line(200) }))
      .min(1)
      .max(5)
      .optional(),
  });
  const findingId = z.string().regex(FINDING_ID_PATTERN, { message: 'mã phát hiện có dạng F1, F2…' });
  return {
    area,
    kind,
    system,
    item,
    evidence,
    findingId,
    place: z.strictObject({
      area: area.optional(),
      item: item.optional(),
      kind: kind.optional(),
      evidence: evidence.optional(),
      division: line(200).optional(),
    }),
  };
}

/** A label for each part of a place, for tables and the CLI. */
export function placeLabels(p: FindingPlace): { area?: string; item?: string; kind?: string; system?: string } {
  const item = p.item ? OUTLINE_PLACES.find((o) => o.id === p.item)?.label : undefined;
  return {
    ...(p.area ? { area: CONTENT_AREAS[p.area] } : {}),
    ...(item ? { item } : {}),
    ...(p.kind ? { kind: FINDING_KINDS[p.kind] } : {}),
    ...(p.evidence?.system ? { system: CHECK_SYSTEMS[p.evidence.system] } : {}),
  };
}

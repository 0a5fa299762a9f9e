import type { LinkAction } from './links';

/**
 * The catalogue of deadlines: for each kind of deadline the workflows set (see ./deadlines.ts), what
 * it is called in Vietnamese, who has to act before it, and the link (./links.ts) through which a
 * unit meets it. Every place that names a deadline reads it here: the status of an inspection, its
 * current details in the Web UI, the round dashboard and the round timeline.
 *
 * A deadline's id is its kind, or `<kind>:<ref>` for one of several (`remediation:R1`: the
 * remediation deadline of recommendation R1); the ref follows the name (`Khắc phục kiến nghị R1`).
 */

/** Who has to act before a deadline. */
export type DeadlineActor = 'office' | 'teamLead' | 'unit';

/** Who acts, in Vietnamese, as the round dashboard says it ("cần: đơn vị"). */
export const DEADLINE_ACTOR_LABELS: Record<DeadlineActor, string> = {
  office: 'Văn phòng UBND thành phố',
  teamLead: 'Trưởng đoàn',
  unit: 'đơn vị',
};

/** The ways a deadline is named, each for one kind of place. */
export interface DeadlineNames {
  /** As a heading in a list of deadlines (`kiemtra status`): "Báo cáo của đơn vị". */
  label: string;
  /** Inside a sentence, lower case (the Web UI's current details): "báo cáo của đơn vị". */
  phrase: string;
  /** What someone has to do (the round dashboard's missed deadlines): "Báo cáo phục vụ kiểm tra". */
  todo: string;
  /** Short, beside a date on a chart (the round timeline): "Hạn báo cáo". */
  marker: string;
}

/** One kind of deadline. */
export interface DeadlineEntry extends DeadlineNames {
  actor: DeadlineActor;
  /** The link action of the page where the unit meets the deadline; none when no unit acts. */
  link?: LinkAction;
}

/** The kinds of deadline the workflows set. */
export const DEADLINE_KINDS = [
  'notice',
  'report',
  'conclusion',
  'response',
  'remediation',
  'self-inspection',
  'periodic-report',
  'task',
  'nomination',
  'documents',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The catalogue. */
export const DEADLINES: Record<DeadlineKind, DeadlineEntry> = {
  notice: {
    label: 'Thông báo lịch kiểm tra',
    phrase: 'gửi thông báo lịch kiểm tra',
    todo: 'Gửi thông báo lịch kiểm tra',
    marker: 'Thông báo',
    actor: 'office',
  },
  report: {
    label: 'Báo cáo của đơn vị',
    phrase: 'báo cáo của đơn vị',
    todo: 'Báo cáo phục vụ kiểm tra',
    marker: 'Hạn báo cáo',
    actor: 'unit',
    link: 'report',
  },
  conclusion: {
    label: 'Ban hành kết luận',
    phrase: 'ban hành kết luận',
    todo: 'Ban hành kết luận kiểm tra',
    marker: 'Hạn kết luận',
    actor: 'teamLead',
  },
  response: {
    label: 'Góp ý dự thảo',
    phrase: 'ý kiến về dự thảo',
    todo: 'Ý kiến về dự thảo kết luận',
    marker: 'Hạn góp ý',
    actor: 'unit',
    link: 'response',
  },
  remediation: {
    label: 'Khắc phục kiến nghị',
    phrase: 'khắc phục kiến nghị',
    todo: 'Khắc phục kiến nghị',
    marker: 'Hạn khắc phục',
    actor: 'unit',
    link: 'remediation',
  },
  'self-inspection': {
    label: 'Báo cáo tự kiểm tra',
    phrase: 'báo cáo tự kiểm tra',
    todo: 'Báo cáo tự kiểm tra',
    marker: 'Hạn báo cáo tự kiểm tra',
    actor: 'unit',
    link: 'self',
  },
  'periodic-report': {
    label: 'Báo cáo định kỳ',
    phrase: 'báo cáo định kỳ',
    todo: 'Báo cáo định kỳ',
    marker: 'Hạn báo cáo định kỳ',
    actor: 'unit',
    link: 'periodic',
  },
  task: {
    label: 'Nhiệm vụ của kế hoạch',
    phrase: 'thực hiện nhiệm vụ',
    todo: 'Thực hiện nhiệm vụ',
    marker: 'Hạn nhiệm vụ',
    actor: 'unit',
  },
  nomination: {
    label: 'Cử thành viên Đoàn kiểm tra',
    phrase: 'cử thành viên Đoàn kiểm tra',
    todo: 'Cử thành viên tham gia Đoàn kiểm tra',
    marker: 'Hạn cử thành viên',
    actor: 'unit',
  },
  documents: {
    label: 'Cung cấp tài liệu theo yêu cầu',
    phrase: 'cung cấp tài liệu theo yêu cầu',
    todo: 'Cung cấp tài liệu Đoàn kiểm tra yêu cầu',
    marker: 'Hạn cung cấp tài liệu',
    actor: 'unit',
    link: 'documents',
  },
};

/** A deadline id read against the catalogue: its kind, its entry, and the ref after the colon. */
export interface DeadlineOfId {
  kind: DeadlineKind;
  entry: DeadlineEntry;
  ref?: string;
}

const isKind = (k: string): k is DeadlineKind => (DEADLINE_KINDS as readonly string[]).includes(k);

/** The catalogue's entry for a deadline id (`report`, `remediation:R1`), or undefined for an unknown kind. */
export function deadlineOfId(id: string): DeadlineOfId | undefined {
  const colon = id.indexOf(':');
  const kind = colon < 0 ? id : id.slice(0, colon);
  if (!isKind(kind)) return undefined;
  return { kind, entry: DEADLINES[kind], ...(colon < 0 ? {} : { ref: id.slice(colon + 1) }) };
}

/** A deadline id's name in one of its forms, followed by its ref: `deadlineName('remediation:R1', 'marker')` is "Hạn khắc phục R1". */
export function deadlineName(id: string, form: keyof DeadlineNames = 'label'): string {
  const d = deadlineOfId(id);
  if (!d) return id;
  return d.ref === undefined ? d.entry[form] : `${d.entry[form]} ${d.ref}`;
}

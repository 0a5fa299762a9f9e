import { formatDateNd30, type LocalDate } from './dates';
import { dateSchema, emailSchema, line, personSchema, z } from './validation';

/**
 * The inspection team (Đoàn kiểm tra) and the decisions behind it, as the round plan states them
 * (seed 000, Mục III.1): the Trưởng đoàn (a leader of the City PC Office), deputies who may sign
 * with an authority (KT./TL./Q.), the members (the Center's staff and staff invited from
 * departments), the Thư ký (the Center). Pure: the plan, the inspection workflow and the emails use
 * it. Schemas are built when used (see workflows/inspection/updates.ts for why).
 */

/** The marker the plan files put in a value the Office must still fill in. */
export const TO_FILL = '[cần điền]';

/** The authorities a deputy may sign with (Nghị định 30/2020, Điều 13): ký thay, thừa lệnh, quyền. */
export const SIGNING_AUTHORITIES = ['KT.', 'TL.', 'Q.'] as const;
export type SigningAuthority = (typeof SIGNING_AUTHORITIES)[number];

/** What the Trưởng đoàn signs as, when a deputy signs for them. */
export const LEAD_TITLE = 'Trưởng đoàn kiểm tra';

/** The schemas of the team, built when used. */
export function teamSchemas() {
  const name = line(120);
  const position = line(200);
  const lead = z.strictObject({
    name,
    /** e.g. "Phó Chánh Văn phòng UBND thành phố"; optional only for plan files written before December 2026. */
    position: position.optional(),
    email: emailSchema,
  });
  const deputy = z.strictObject({
    name,
    position,
    email: emailSchema.optional(),
    /** Present when the deputy may sign the conclusion, with this authority. */
    authority: z.enum(SIGNING_AUTHORITIES, { error: 'thẩm quyền ký phải là KT., TL. hoặc Q.' }).optional(),
    /** The position signed for ("KT. Trưởng đoàn kiểm tra"). */
    signsFor: position.default(LEAD_TITLE),
  });
  const member = z.strictObject({
    name,
    /** Optional only for plan files written before December 2026. */
    position: position.optional(),
    organisation: line(200),
    email: emailSchema.optional(),
  });
  const team = z.strictObject({
    lead,
    deputies: z.array(deputy).max(10).default([]),
    members: z.array(member).max(50).default([]),
    secretary: personSchema,
  });
  return { lead, deputy, member, team };
}

/** The team as the plan and an inspection hold it (defaults filled). */
export type Team = z.output<ReturnType<typeof teamSchemas>['team']>;
export type TeamMember = Team['members'][number];
export type TeamDeputy = Team['deputies'][number];

/** A decision number, e.g. `714/QĐ-UBND`. */
const DECISION_NUMBER = /^\d{1,5}\/[A-ZĐ][A-ZĐ0-9]*(-[A-ZĐ0-9]+)*$/u;

/** A decision cited by the plan: number and date optional until the decision is issued. */
export const decisionSchema = () =>
  z.strictObject({
    number: z.string().regex(DECISION_NUMBER, { message: 'số quyết định có dạng 714/QĐ-UBND' }).optional(),
    date: dateSchema.optional(),
    /** Who issued it, e.g. "Chủ tịch Ủy ban nhân dân thành phố". */
    issuer: line(200),
    /** What it does, e.g. "ban hành Kế hoạch kiểm soát thủ tục hành chính … năm 2026". */
    subject: line(500).optional(),
  });
export type Decision = z.output<ReturnType<typeof decisionSchema>>;

/** The plan's decisions: its own Quyết định and the decisions it is based on (Căn cứ). */
export const decisionsSchema = () =>
  z.strictObject({
    plan: decisionSchema(),
    basis: z.array(decisionSchema()).max(20).default([]),
  });
export type Decisions = z.output<ReturnType<typeof decisionsSchema>>;

/** A date as decisions cite it: "27/02/2026", "08/6/2010" (leading zero for days below 10 and months 1–2). */
export function citedDate(d: LocalDate): string {
  return formatDateNd30(d);
}

/** "Quyết định số 714/QĐ-UBND ngày 27/02/2026 của Chủ tịch Ủy ban nhân dân thành phố ban hành …". */
export function citeDecision(d: Decision): string {
  const number = d.number ?? '…/QĐ-UBND';
  const date = d.date ? citedDate(d.date) : '…';
  return `Quyết định số ${number} ngày ${date} của ${d.issuer}${d.subject ? ` ${d.subject}` : ''}`;
}

const LEGACY_PLACEHOLDER = /^(Lãnh đạo|Chuyên viên|Đại diện)\s|\((Trưởng đoàn|Thư ký)\)\s*$/u;

/** Whether a name is still a placeholder: the `[cần điền]` marker, or a role written where a name belongs. */
export function isPlaceholder(name: string): boolean {
  return name.toLowerCase().includes(TO_FILL) || LEGACY_PLACEHOLDER.test(name.trim());
}

/** A warning about the team or the decisions, with where it is in the plan file. */
export interface TeamWarning {
  path: (string | number)[];
  message: string;
}

/** What the Office has still to fill in: the lead's name and position, deputies', members', the decision's number and date. */
export function teamWarnings(team: Team, decisions: Decisions | undefined): TeamWarning[] {
  const w: TeamWarning[] = [];
  if (isPlaceholder(team.lead.name))
    w.push({
      path: ['team', 'lead', 'name'],
      message: `chưa điền họ tên Trưởng đoàn ("${team.lead.name}"): cần ghi họ tên Lãnh đạo Văn phòng UBND thành phố làm Trưởng đoàn`,
    });
  if (!team.lead.position || isPlaceholder(team.lead.position))
    w.push({ path: ['team', 'lead', 'position'], message: 'chưa điền chức vụ của Trưởng đoàn' });
  team.deputies.forEach((d, i) => {
    if (isPlaceholder(d.name)) w.push({ path: ['team', 'deputies', i, 'name'], message: `Phó Trưởng đoàn thứ ${i + 1} chưa điền họ tên` });
  });
  team.members.forEach((m, i) => {
    if (isPlaceholder(m.name))
      w.push({ path: ['team', 'members', i, 'name'], message: `thành viên thứ ${i + 1} chưa điền họ tên (${m.organisation})` });
    else if (!m.position) w.push({ path: ['team', 'members', i, 'position'], message: `thành viên ${m.name} chưa điền chức vụ` });
  });
  if (!decisions) w.push({ path: ['decisions'], message: 'kế hoạch chưa ghi Quyết định ban hành và các căn cứ (decisions)' });
  else if (!decisions.plan.number || !decisions.plan.date)
    w.push({ path: ['decisions', 'plan'], message: 'chưa điền số và ngày Quyết định ban hành Kế hoạch (điền khi đã ký ban hành)' });
  return w;
}

/** Names compared as a person would: Unicode-normalised, spaces collapsed, case ignored. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('vi');
  return norm(a) === norm(b);
}

/** Who signs a conclusion: the Trưởng đoàn, or a deputy with an authority. */
export interface Signer {
  name: string;
  position?: string;
  /** Absent for the Trưởng đoàn. */
  authority?: SigningAuthority;
  signsFor?: string;
}

/** The people the plan lets sign a conclusion: the Trưởng đoàn and each deputy named with an authority. */
export function signers(team: Team): Signer[] {
  return [
    { name: team.lead.name, ...(team.lead.position ? { position: team.lead.position } : {}) },
    ...team.deputies.flatMap((d) =>
      d.authority ? [{ name: d.name, position: d.position, authority: d.authority, signsFor: d.signsFor }] : [],
    ),
  ];
}

/** The signer of that name, if the plan lets them sign. */
export function findSigner(team: Team, name: string): Signer | undefined {
  return signers(team).find((s) => sameName(s.name, name));
}

/**
 * The one signer rule of a conclusion: the refusal message when `name` may not sign for this team
 * (neither the Trưởng đoàn nor a deputy named with an authority), else undefined. `conclude`
 * (the inspection's `signConclusion`), the plan file's `current:` and a new inspection's start
 * input all ask it.
 */
export function conclusionSignerRefusal(team: Team, name: string): string | undefined {
  return findSigner(team, name) ? undefined : signerRefusalMessage(team, name);
}

/**
 * The refusal of a conclusion imported through `current:` whose signer the team does not let
 * sign, as the plan file and a start input name it; undefined when there is no team, no imported
 * conclusion, or its signer may sign.
 */
export function importedSignerRefusal(
  team: Team | undefined,
  current: { conclusion?: { signer: string } } | undefined,
): string | undefined {
  const signer = current?.conclusion?.signer;
  if (!team || signer === undefined) return undefined;
  const refusal = conclusionSignerRefusal(team, signer);
  return refusal && `kết luận đã ký nhập qua current: ${refusal}`;
}

/** "Nguyễn Văn A (Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn)" or "Trần Thị B (KT. Trưởng đoàn kiểm tra, Phó Trưởng đoàn)". */
export function describeSigner(s: Signer): string {
  const role = s.authority ? `${s.authority} ${s.signsFor ?? LEAD_TITLE}` : 'Trưởng đoàn';
  return `${s.name} (${s.authority ? `${role}${s.position ? `, ${s.position}` : ''}` : `${s.position ? `${s.position}, ` : ''}${role}`})`;
}

/** The refusal of a signer the plan does not name, naming who may sign. */
export function signerRefusalMessage(team: Team, name: string): string {
  return `"${name}" không phải Trưởng đoàn hoặc người được giao ký thay trong kế hoạch; người được ký kết luận kiểm tra: ${signers(team)
    .map(describeSigner)
    .join('; ')}`;
}

/** The lead as an email addresses them: "đồng chí Nguyễn Văn A, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn kiểm tra". */
export function leadAddressee(lead: { name: string; position?: string }): string {
  // A plan written before December 2026 put the role in the name ("… (Trưởng đoàn)"): say it once.
  const name = lead.name.replace(/\s*\(Trưởng đoàn\)\s*$/u, '').trim();
  if (isPlaceholder(lead.name) || !lead.position) return `${name}, ${LEAD_TITLE}`;
  return `đồng chí ${name}, ${lead.position}, ${LEAD_TITLE}`;
}

/** A member as a line: "Nguyễn Văn C, Phó Giám đốc, Trung tâm Phục vụ hành chính công thành phố". */
export function describeMember(m: { name: string; position?: string; organisation: string }): string {
  return [m.name, m.position, m.organisation].filter(Boolean).join(', ');
}

/** The team as lines, for the CLI's status and the notice. */
export function teamLines(team: Team): string[] {
  return [
    `Trưởng đoàn: ${[team.lead.name, team.lead.position].filter(Boolean).join(', ')}`,
    ...team.deputies.map((d) => `Phó Trưởng đoàn: ${d.name}, ${d.position}${d.authority ? ` (ký ${d.authority} ${d.signsFor})` : ''}`),
    ...team.members.map((m) => `Thành viên: ${describeMember(m)}`),
    `Thư ký: ${team.secretary.name}`,
  ];
}

import { dateInText, formatDateNd30 } from '../domain/dates';
import { deadlineName } from '../domain/deadline-catalogue';
import { paras, type DocumentFields, type DocumentSection } from '../domain/document-fields';
import type { InspectionDocumentKind, IssueFacts } from '../domain/documents';
import type { LocalDate } from '../domain/dates';
import type { MeetingAttendees } from '../domain/meetings';
import { describeMember, sameName, type Team } from '../domain/team';
import type { InspectionState } from '../workflows/inspection/contract';
import { bodySections, conclusionBodyOf, recommendationParagraphs } from './conclusion-body';
import { cleanName, commonFields, defaultSigner, recipientsField, type DocumentContext } from './common';

/**
 * The content of an inspection's documents, from its state (workflows/inspection/types.ts): the
 * Thông báo lịch làm việc, the two Biên bản, the Dự thảo Kết luận and the Kết luận, the Thông
 * báo kết luận. Pure; dates in running text as "ngày 12/6/2026 (thứ Sáu)".
 */

const PLAN_TOPIC =
  'công tác kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử';

/** The unit's side at the meetings, as Mục III.2.b of the plan lists it, for departments and for communes. */
export function unitAttendees(kind: 'department' | 'commune'): string[] {
  return kind === 'department'
    ? [
        'Đại diện lãnh đạo Sở, ngành.',
        'Lãnh đạo Văn phòng, phòng chuyên môn thuộc Sở, ngành có liên quan việc giải quyết thủ tục hành chính.',
        'Công chức, viên chức có liên quan đến các nội dung công tác kiểm soát thủ tục hành chính của đơn vị.',
      ]
    : [
        'Đại diện lãnh đạo Ủy ban nhân dân xã, phường.',
        'Đại diện lãnh đạo Trung tâm Phục vụ hành chính công cấp xã.',
        'Lãnh đạo Văn phòng, phòng chuyên môn thuộc Ủy ban nhân dân xã, phường có liên quan việc giải quyết thủ tục hành chính.',
        'Công chức, viên chức có liên quan đến các nội dung công tác kiểm soát thủ tục hành chính của đơn vị.',
      ];
}

/** The team as the notice and the minutes list it: lead, deputies, members, Thư ký. */
export function teamParagraphs(team: Team | undefined, leadFallback: string): string[] {
  if (!team) return [`Trưởng đoàn: ${leadFallback}.`];
  const named = (n: string) => cleanName(n) || '……………';
  return [
    `Trưởng đoàn: ${[named(team.lead.name), team.lead.position].filter(Boolean).join(', ')}.`,
    ...team.deputies.map((d) => `Phó Trưởng đoàn: ${named(d.name)}, ${d.position}.`),
    ...team.members.map((m) => `Thành viên: ${describeMember({ ...m, name: named(m.name) })}.`),
    `Thư ký: ${team.secretary.name}.`,
  ];
}

/** One person of the team at a meeting, with their role in the team: "Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố, Trưởng đoàn". */
export function teamAttendeeLine(team: Team | undefined, name: string): string {
  if (!team) return `${name}.`;
  const is = (n: string) => sameName(n, name);
  if (is(team.lead.name)) return `${[cleanName(team.lead.name), team.lead.position, 'Trưởng đoàn'].filter(Boolean).join(', ')}.`;
  const deputy = team.deputies.find((d) => is(d.name));
  if (deputy) return `${cleanName(deputy.name)}, ${deputy.position}, Phó Trưởng đoàn.`;
  const member = team.members.find((m) => is(m.name));
  if (member) return `${describeMember({ ...member, name: cleanName(member.name) })}, thành viên Đoàn.`;
  if (is(team.secretary.name)) return `${team.secretary.name}, Thư ký Đoàn.`;
  return `${name}.`;
}

/** Section I of a Biên bản: who attended, as recorded with the meeting, else the team and the plan's composition. */
function attendanceLines(state: InspectionState, attendees: MeetingAttendees | undefined): string[] {
  const unit = state.config.unit.name;
  return [
    '1. Đoàn kiểm tra:',
    ...(attendees
      ? attendees.team.map((n) => teamAttendeeLine(state.team, n))
      : teamParagraphs(state.team, state.config.contacts.teamLead.name)
    ).map((l) => `- ${l}`),
    `2. ${unit}:`,
    ...(attendees ? attendees.unit.map((u) => `${u.name}, ${u.position}.`) : unitAttendees(state.config.unit.kind)).map((l) => `- ${l}`),
  ];
}

const section = (heading: string, lines: string[]): DocumentSection => ({ heading, paragraphs: paras(lines), table: [] });

function deadlineDate(state: InspectionState, id: string): LocalDate | undefined {
  return state.deadlines.find((d) => d.id === id)?.date;
}

function visitText(state: InspectionState): string {
  const { start, end } = state.visit;
  return start === end ? `từ 08 giờ 00 phút ${dateInText(start)}` : `từ 08 giờ 00 phút ${dateInText(start)} đến hết ${dateInText(end)}`;
}

function planMention(ctx: DocumentContext, year: number): string {
  const title = ctx.planTitle ?? `Kế hoạch kiểm tra ${PLAN_TOPIC} năm ${year} trên địa bàn thành phố Hải Phòng`;
  const decision = ctx.planDecision;
  const cite = decision?.number
    ? ` ban hành kèm theo Quyết định số ${decision.number}${decision.date ? ` ngày ${formatDateNd30(decision.date)}` : ''} của ${decision.issuer}`
    : '';
  return `${title.startsWith('Kế hoạch') ? title : `Kế hoạch ${title.charAt(0).toLowerCase()}${title.slice(1)}`}${cite}`;
}

function teamDecisionMention(ctx: DocumentContext): string {
  const d = ctx.teamDecision;
  return d?.number
    ? `Quyết định số ${d.number}${d.date ? ` ngày ${formatDateNd30(d.date)}` : ''} của ${d.issuer} về việc thành lập Đoàn kiểm tra`
    : 'Quyết định của Chủ tịch Ủy ban nhân dân thành phố về việc thành lập Đoàn kiểm tra';
}

function scheduleNotice(state: InspectionState, facts: IssueFacts, ctx: DocumentContext): DocumentFields<'schedule_notice'> {
  const unit = state.config.unit.name;
  const center = state.config.contacts.center;
  const reportBy = deadlineDate(state, 'report');
  const surprise = state.kind === 'surprise';
  const draftedOn = facts.issuedOn ?? state.stageSince.slice(0, 10);
  const intro = [
    `Thực hiện ${planMention(ctx, state.config.year)}; ${teamDecisionMention(ctx)}, Văn phòng Ủy ban nhân dân thành phố thông báo lịch làm việc của Đoàn kiểm tra tại ${unit} như sau:`,
    ...(facts.replaces
      ? [
          `Thông báo này thay thế Thông báo số ${facts.replaces.symbol} ngày ${formatDateNd30(facts.replaces.issuedOn)} của Văn phòng Ủy ban nhân dân thành phố về lịch làm việc của Đoàn kiểm tra tại ${unit}.`,
        ]
      : []),
  ];
  return {
    ...commonFields('schedule_notice', facts, {
      draftedOn,
      subject: `Lịch làm việc của Đoàn kiểm tra ${PLAN_TOPIC} năm ${state.config.year} tại ${unit}`,
      signer: defaultSigner('schedule_notice'),
    }),
    ...recipientsField(['Như trên', 'Trưởng đoàn, thành viên Đoàn kiểm tra', 'Trung tâm PVHCC TP']),
    addressee: unit,
    intro: paras(intro),
    sections: [
      section('1. Thời gian làm việc', [`${visitText(state).charAt(0).toUpperCase()}${visitText(state).slice(1)}.`]),
      section('2. Địa điểm', [`Tại trụ sở ${unit} và các phòng, đơn vị có liên quan của ${unit}.`]),
      section('3. Thành phần', [
        'a) Đoàn kiểm tra:',
        ...teamParagraphs(state.team, state.config.contacts.teamLead.name).map((l) => `- ${l}`),
        `b) ${unit}:`,
        ...unitAttendees(state.config.unit.kind).map((l) => `- ${l}`),
      ]),
      section('4. Nội dung làm việc', [
        `Kiểm tra việc tổ chức triển khai thực hiện nhiệm vụ kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử theo nội dung kiểm tra tại khoản 1 Mục II của Kế hoạch.`,
        ...(surprise
          ? []
          : [`Thời kỳ kiểm tra: từ ngày ${formatDateNd30(state.periodReviewed.from)} đến thời điểm Đoàn kiểm tra đến làm việc.`]),
      ]),
      section('5. Đề nghị', [
        ...(reportBy
          ? [
              `${unit} xây dựng Báo cáo phục vụ kiểm tra theo đề cương tại Phụ lục I của Kế hoạch, gửi về ${center.name} (${center.address}; thư điện tử: ${center.email}) trước ${dateInText(reportBy)}.`,
            ]
          : []),
        `${unit} bố trí lãnh đạo, công chức, viên chức có liên quan làm việc trực tiếp với Đoàn kiểm tra; chuẩn bị đầy đủ hồ sơ, tài liệu theo yêu cầu của Đoàn kiểm tra.`,
        `Thông tin liên hệ: ${state.config.contacts.coordinator.name}, thư điện tử: ${state.config.contacts.coordinator.email}.`,
      ]),
    ],
    closing: paras([`Văn phòng Ủy ban nhân dân thành phố thông báo để ${unit} biết, phối hợp thực hiện./.`]),
  };
}

function minutes(kind: 'opening_minutes' | 'closing_minutes', state: InspectionState, facts: IssueFacts, ctx: DocumentContext) {
  const unit = state.config.unit.name;
  const opening = kind === 'opening_minutes';
  const date = opening ? (state.openingMeeting?.date ?? state.visit.start) : (state.closingMeeting?.date ?? state.visit.end);
  const results = opening
    ? [
        `Trưởng đoàn công bố ${teamDecisionMention(ctx)} và ${planMention(ctx, state.config.year)}; thông qua lịch làm việc, nội dung và phương pháp kiểm tra.`,
        `Đại diện lãnh đạo ${unit} báo cáo tình hình, kết quả thực hiện công tác kiểm soát thủ tục hành chính của đơn vị${state.report ? ` (Báo cáo phục vụ kiểm tra nhận ${dateInText(state.report.receivedOn)})` : ''}.`,
        ...(state.openingMeeting?.notes ? [state.openingMeeting.notes] : []),
      ]
    : [
        `Đoàn kiểm tra thông báo sơ bộ kết quả kiểm tra tại ${unit}:`,
        ...(state.closingMeeting?.preliminaryResults ? [state.closingMeeting.preliminaryResults] : []),
        ...state.findings.map((f) => `- ${f.text}.`),
      ];
  const agreed = opening
    ? [`Hai bên thống nhất lịch làm việc và nội dung kiểm tra; ${unit} cung cấp đầy đủ hồ sơ, tài liệu theo yêu cầu của Đoàn kiểm tra.`]
    : [
        `Hai bên thống nhất kết quả kiểm tra sơ bộ nêu trên. Đoàn kiểm tra tổng hợp, xây dựng dự thảo Kết luận kiểm tra gửi ${unit} cho ý kiến.`,
      ];
  const lead = defaultSigner(kind, state.team);
  return {
    ...commonFields(kind, facts, {
      draftedOn: date,
      subject: `${opening ? 'Họp mở đầu' : 'Họp kết thúc'} kiểm tra ${PLAN_TOPIC} tại ${unit}`,
      signer: lead,
    }),
    intro: paras([
      `Hôm nay, vào hồi ${opening ? '08 giờ 00' : '15 giờ 00'} phút ${dateInText(date)}, tại trụ sở ${unit}, Đoàn kiểm tra tổ chức ${opening ? 'họp mở đầu' : 'họp kết thúc'} đợt kiểm tra tại ${unit}.`,
    ]),
    sections: [
      section('I. THÀNH PHẦN', attendanceLines(state, opening ? state.openingMeeting?.attendees : state.closingMeeting?.attendees)),
      section(opening ? 'II. NỘI DUNG' : 'II. KẾT QUẢ KIỂM TRA SƠ BỘ', results),
      section('III. Ý KIẾN THỐNG NHẤT', agreed),
    ],
    closing: paras([
      `Cuộc họp kết thúc vào hồi ${opening ? '09 giờ 30' : '16 giờ 30'} phút cùng ngày. Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản; đã đọc lại cho những người dự họp cùng nghe và nhất trí ký tên./.`,
    ]),
    unitSignTitle: `ĐẠI DIỆN ${unit.toLocaleUpperCase('vi')}`,
    unitSignName: '',
  };
}

/**
 * The findings and recommendations, issue by issue: the sections of the draft, the conclusion and
 * its notice. The body (I–II) is the team's recorded edit or the one built from the findings
 * (./conclusion-body.ts); the recommendations and the follow-up are built from what is recorded.
 */
function conclusionSections(state: InspectionState, draft: boolean): DocumentSection[] {
  const unit = state.config.unit.name;
  return [
    ...bodySections(state, conclusionBodyOf(state)),
    section('III. KIẾN NGHỊ', recommendationParagraphs(state, draft)),
    section('IV. TỔ CHỨC THỰC HIỆN', [
      draft && state.draft
        ? `Đề nghị ${unit} nghiên cứu, có ý kiến tiếp thu, giải trình về dự thảo Kết luận kiểm tra, gửi Đoàn kiểm tra trước ${dateInText(state.draft.responseBy)}.`
        : `${unit} tổ chức thực hiện nghiêm túc các kiến nghị nêu trên; báo cáo kết quả khắc phục về Đoàn kiểm tra (qua ${state.config.contacts.center.name}) theo thời hạn của từng kiến nghị.`,
    ]),
  ];
}

function conclusion(kind: 'draft_conclusion' | 'conclusion', state: InspectionState, facts: IssueFacts, ctx: DocumentContext) {
  const unit = state.config.unit.name;
  const draft = kind === 'draft_conclusion';
  const c = state.conclusion;
  const signer = c
    ? {
        name: c.signer,
        position: c.authority ? (c.position ?? 'Phó Trưởng đoàn') : 'Trưởng đoàn',
        ...(c.authority ? { authority: c.authority, signsFor: 'Trưởng đoàn' } : {}),
      }
    : defaultSigner(kind, state.team);
  const draftedOn = draft ? (state.draft?.issuedOn ?? state.visit.end) : (c?.signedOn ?? state.visit.end);
  return {
    ...commonFields(
      kind,
      { ...facts, ...(facts.issuedOn || draft ? {} : c ? { issuedOn: c.signedOn } : {}) },
      {
        draftedOn,
        subject: `Kiểm tra ${PLAN_TOPIC} tại ${unit}`,
        signer: draft ? defaultSigner(kind, state.team) : signer,
      },
    ),
    ...recipientsField(['CT, các PCT UBND TP (để b/c)', unit, 'Văn phòng UBND TP', 'Thành viên Đoàn kiểm tra'], 'ĐKT'),
    intro: paras([
      `Thực hiện ${planMention(ctx, state.config.year)}; ${teamDecisionMention(ctx)}, từ ${dateInText(state.visit.start)} đến ${dateInText(state.visit.end)}, Đoàn kiểm tra đã làm việc tại ${unit}. Xét Báo cáo phục vụ kiểm tra của ${unit} và kết quả kiểm tra thực tế, Đoàn kiểm tra kết luận như sau:`,
    ]),
    sections: conclusionSections(state, draft),
    closing: paras([]),
  };
}

function conclusionNotice(state: InspectionState, facts: IssueFacts, ctx: DocumentContext): DocumentFields<'conclusion_notice'> {
  const unit = state.config.unit.name;
  const c = state.conclusion;
  const kl = ctx.conclusion;
  const signedOn = kl?.issuedOn ?? c?.signedOn;
  return {
    ...commonFields('conclusion_notice', facts, {
      draftedOn: facts.issuedOn ?? signedOn ?? state.visit.end,
      subject: `Kết luận kiểm tra ${PLAN_TOPIC} tại ${unit}`,
      signer: defaultSigner('conclusion_notice'),
    }),
    ...recipientsField(['Như trên', 'CT, các PCT UBND TP (để b/c)', 'Trưởng đoàn, thành viên Đoàn kiểm tra', 'Trung tâm PVHCC TP']),
    addressee: unit,
    intro: paras([
      `${kl ? `Ngày ${formatDateNd30(kl.issuedOn)}, Trưởng đoàn kiểm tra đã ký Kết luận kiểm tra số ${kl.symbol}` : signedOn ? `${dateInText(signedOn).replace(/^ngày/u, 'Ngày')}, Trưởng đoàn kiểm tra đã ký Kết luận kiểm tra` : 'Trưởng đoàn kiểm tra đã ký Kết luận kiểm tra'} tại ${unit}. Văn phòng Ủy ban nhân dân thành phố thông báo kết luận kiểm tra như sau:`,
    ]),
    sections: conclusionSections(state, false).filter((s) => !s.heading.startsWith('I. ')),
    closing: paras([`Văn phòng Ủy ban nhân dân thành phố thông báo để ${unit} biết, thực hiện./.`]),
  };
}

/**
 * The fields of one of an inspection's documents, from the inspection's state, the issue's facts
 * (number, date, signer, the notice it replaces) and what the plan says (`ctx`).
 */
export function inspectionDocumentContent<K extends InspectionDocumentKind>(
  kind: K,
  state: InspectionState,
  facts: IssueFacts,
  ctx: DocumentContext = {},
): DocumentFields<K> {
  const out = (() => {
    switch (kind) {
      case 'schedule_notice':
        return scheduleNotice(state, facts, ctx);
      case 'opening_minutes':
      case 'closing_minutes':
        return minutes(kind, state, facts, ctx);
      case 'draft_conclusion':
      case 'conclusion':
        return conclusion(kind, state, facts, ctx);
      case 'conclusion_notice':
        return conclusionNotice(state, facts, ctx);
    }
    throw new Error(`unknown inspection document kind ${String(kind)}`);
  })();
  return out as DocumentFields<K>;
}

/** A deadline's name without its raw id, for documents that list missed deadlines. */
export function overdueNames(ids: readonly string[]): string[] {
  return ids.map((id) => deadlineName(id));
}

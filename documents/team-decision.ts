import { paras, type DocumentFields } from '../domain/document-fields';
import type { IssueFacts } from '../domain/documents';
import type { LocalDate } from '../domain/dates';
import { citeDecision, type Decisions, type Team } from '../domain/team';
import { cleanName, commonFields, defaultSigner, recipientsField } from './common';

/**
 * The Quyết định thành lập Đoàn kiểm tra (per round, for the Chairman's signature: KT. CHỦ TỊCH /
 * PHÓ CHỦ TỊCH), from the round plan: its title, its decisions (the Căn cứ; seed 000 cites
 * Quyết định số 714/QĐ-UBND ngày 27/02/2026) and its team. Pure.
 */

/** What the Decision reads from the round plan. */
export interface TeamDecisionPlan {
  title: string;
  year: number;
  team: Team;
  decisions?: Decisions;
  /** The date the draft is made, when the decision has no date of issue yet. */
  draftedOn: LocalDate;
}

/** The laws every Decision of the plan cites first (seed 000's Căn cứ). */
export const STANDING_BASIS = ['Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025;'];

const blank = (name: string) => cleanName(name) || '……………';

/** The Decision's fields. */
export function teamDecisionContent(plan: TeamDecisionPlan, facts: IssueFacts): DocumentFields<'team_decision'> {
  const rest = plan.title.replace(/^Kiểm tra\s+/u, '');
  const topic = `kiểm tra ${rest.charAt(0).toLowerCase()}${rest.slice(1)}`;
  const t = plan.team;
  const members = [
    `${blank(t.lead.name)}${t.lead.position ? `, ${t.lead.position}` : ''} - Trưởng đoàn;`,
    ...t.deputies.map((d) => `${blank(d.name)}, ${d.position} - Phó Trưởng đoàn;`),
    ...t.members.map((m) => `${blank(m.name)}${m.position ? `, ${m.position}` : ''}, ${m.organisation} - Thành viên;`),
    `${t.secretary.name} - Thư ký Đoàn kiểm tra.`,
  ].map((l, i) => `${i + 1}. ${l}`);
  const decisions = plan.decisions;
  const basis = [
    ...STANDING_BASIS,
    ...(decisions?.basis ?? []).map((d) => `Căn cứ ${citeDecision(d)};`),
    ...(decisions?.plan ? [`Căn cứ ${citeDecision(decisions.plan)};`] : []),
    'Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân thành phố.',
  ];
  return {
    ...commonFields('team_decision', facts, {
      draftedOn: plan.draftedOn,
      subject: `Về việc thành lập Đoàn ${topic} trên địa bàn thành phố Hải Phòng`,
      signer: defaultSigner('team_decision'),
    }),
    ...recipientsField(['Như Điều 3', 'CT, các PCT UBND TP', 'Các cơ quan, đơn vị được kiểm tra', 'Trung tâm PVHCC TP']),
    authorityLine: 'CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ',
    basis: paras(basis),
    intro: [],
    sections: [
      {
        heading: `Điều 1. Thành lập Đoàn ${topic} trên địa bàn thành phố Hải Phòng, gồm các ông (bà) có tên sau:`,
        paragraphs: paras(members),
        table: [],
      },
      {
        heading: 'Điều 2. Nhiệm vụ của Đoàn kiểm tra',
        paragraphs: paras([
          'Đoàn kiểm tra có nhiệm vụ kiểm tra tại các cơ quan, đơn vị, địa phương theo nội dung, thời gian của Kế hoạch; Trưởng đoàn kiểm tra ký ban hành Kết luận kiểm tra; Văn phòng Ủy ban nhân dân thành phố thông báo lịch làm việc và Kết luận kiểm tra, tổng hợp báo cáo Chủ tịch Ủy ban nhân dân thành phố kết quả kiểm tra.',
          'Đoàn kiểm tra tự giải thể sau khi hoàn thành nhiệm vụ.',
        ]),
        table: [],
      },
      {
        heading: 'Điều 3. Tổ chức thực hiện',
        paragraphs: paras([
          'Quyết định có hiệu lực thi hành kể từ ngày ký.',
          'Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc Trung tâm Phục vụ hành chính công thành phố, Thủ trưởng các cơ quan, đơn vị, địa phương được kiểm tra và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.',
        ]),
        table: [],
      },
    ],
    closing: [],
  };
}

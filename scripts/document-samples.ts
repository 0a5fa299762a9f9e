import { loadWorkingCalendar } from '../loaders/calendar';
import { loadPlan } from '../loaders/plan';
import { loadYearTargets } from '../loaders/targets';
import { projectRoot } from '../config/paths';
import path from 'node:path';
import type { DocumentFields } from '../domain/document-fields';
import { DOCUMENT_KIND_IDS, type DocumentKind, type InspectionDocumentKind, type IssueFacts } from '../domain/documents';
import { documentSymbol } from '../domain/document-register';
import { targetsForYear } from '../domain/kpi';
import { teamSchemas, type Team } from '../domain/team';
import type { DocumentContext } from '../documents/common';
import { inspectionDocumentContent } from '../documents/inspection';
import { periodReportContent, roundReportContent, type ReportInput } from '../documents/reports';
import { teamDecisionContent } from '../documents/team-decision';
import { completeInspectionInput } from '../workflows/inspection/contract';
import { applyConclusion, applyReport, initialState, recomputeDeadlines, transition } from '../workflows/inspection/state';
import type { InspectionState } from '../workflows/inspection/contract';

/**
 * One rehearsal set of documents: one unit (Sở Tài chính) taken through every stage by the pure
 * state functions of workflows/inspection/state.ts, as the workflow's updates would, plus the
 * round's Decision and Báo cáo and a period's Báo cáo tổng hợp. `npm run documents:samples`
 * renders it into docs/documents/; the PDF test renders it too.
 */

/** The rehearsal's team: names filled in as the Office would. */
export const REHEARSAL_TEAM: Team = teamSchemas().team.parse({
  lead: { name: 'Nguyễn Văn An', position: 'Phó Chánh Văn phòng UBND thành phố', email: 'an@haiphong.example' },
  deputies: [{ name: 'Trần Thị Bình', position: 'Giám đốc Trung tâm Phục vụ hành chính công thành phố', authority: 'KT.' }],
  members: [
    { name: 'Phạm Thị Dung', position: 'Chuyên viên', organisation: 'Trung tâm Phục vụ hành chính công thành phố' },
    { name: 'Hoàng Văn Em', position: 'Chuyên viên', organisation: 'Sở Tư pháp' },
  ],
  secretary: { name: 'Trung tâm Phục vụ hành chính công thành phố', email: 'thuky@haiphong.example' },
});

const at = (date: string, time = '09:00') => `${date}T${time}:00.000+07:00`;

/** The unit's state after each stage: notified, on site (opening), closing, drafting, concluded. */
export function rehearsalStates(): Record<'notified' | 'opened' | 'closed' | 'drafted' | 'concluded', InspectionState> {
  const cal = loadWorkingCalendar();
  const targets = targetsForYear(loadYearTargets(), 2026)!.targets;
  const config = completeInspectionInput({
    round: 'haiphong-2026',
    year: 2026,
    unit: { name: 'Sở Tài chính', kind: 'department', emails: ['so-tai-chinh@haiphong.example'] },
    kind: 'periodic',
    visit: { start: '2026-06-11', end: '2026-06-12' },
    contacts: {
      coordinator: { name: 'Phòng Kiểm soát TTHC - Văn phòng UBND thành phố', email: 'kstthc@haiphong.example' },
      teamLead: { name: 'Nguyễn Văn An', email: 'an@haiphong.example' },
      center: {
        name: 'Trung tâm Phục vụ hành chính công thành phố',
        address: 'Trung tâm Phục vụ hành chính công thành phố Hải Phòng',
        email: 'tthc@haiphong.example',
      },
    },
    team: REHEARSAL_TEAM,
  });
  const copy = (s: InspectionState) => structuredClone(s);
  const s = initialState('inspection-haiphong-2026-so-tai-chinh', config, at('2026-05-25'));
  recomputeDeadlines(s, cal);
  transition(s, 'notified', 'Văn phòng', 'Đã gửi Thông báo lịch làm việc', at('2026-05-29'));
  const notified = copy(s);
  applyReport(
    s,
    targets,
    { receivedOn: '2026-06-08', indicators: { satisfaction: 96, onlineReceived: 62.4, onlinePayment: 41, digitised: 88 } },
    at('2026-06-08'),
  );
  transition(s, 'on_site', 'Nguyễn Văn An', 'Họp mở đầu', at('2026-06-11', '08:00'));
  s.openingMeeting = { date: '2026-06-11', notes: 'Sở Tài chính cử đồng chí Phó Giám đốc Sở làm đầu mối làm việc với Đoàn kiểm tra.' };
  const opened = copy(s);
  s.findings.push({
    text: 'Một số thủ tục hành chính chưa được công khai đầy đủ tại Bộ phận Một cửa',
    source: 'team',
    at: at('2026-06-12', '10:00'),
    by: 'Phạm Thị Dung',
  });
  // Findings with their place (issue 23): the conclusion lists them by content area.
  s.findings.push(
    {
      id: 'F2',
      text: 'Bộ phận Một cửa bố trí đủ công chức, trang thiết bị tiếp nhận hồ sơ theo quy định',
      source: 'team',
      area: 'oneStop',
      kind: 'good',
      at: at('2026-06-12', '10:30'),
      by: 'Phạm Thị Dung',
    },
    {
      id: 'F3',
      text: '05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi tổ chức, cá nhân',
      source: 'team',
      area: 'oneStop',
      item: 'apologies',
      kind: 'violation',
      division: 'Phòng Quản lý giá và công sản',
      evidence: { dossiers: ['000.00.12.H23-260412-0001', '000.00.12.H23-260415-0007'], system: 'citySystem' },
      at: at('2026-06-12', '11:00'),
      by: 'Hoàng Văn Em',
    },
  );
  s.closingMeeting = {
    date: '2026-06-12',
    preliminaryResults: 'Sở Tài chính cơ bản thực hiện đúng quy định về kiểm soát thủ tục hành chính; còn một số chỉ tiêu chưa đạt.',
  };
  const closed = copy(s);
  transition(s, 'drafting', 'Nguyễn Văn An', 'Dự thảo kết luận', at('2026-06-15'));
  s.draft = {
    issuedOn: '2026-06-15',
    recommendations: [
      'Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt mục tiêu năm 2026',
      'Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa',
    ],
    responseBy: '2026-06-19',
  };
  const drafted = copy(s);
  s.unitResponse = { receivedOn: '2026-06-18', accepted: true };
  applyConclusion(s, cal, {
    signer: 'Nguyễn Văn An',
    signedOn: '2026-06-24',
    recommendations: [
      { text: 'Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt mục tiêu năm 2026', deadline: '2026-09-30' },
      { text: 'Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa', deadline: '2026-07-31' },
    ],
  });
  s.recommendations[1]!.answers = ['F3'];
  transition(s, 'concluded', 'Nguyễn Văn An', 'Ký kết luận', at('2026-06-24'));
  return { notified, opened, closed, drafted, concluded: copy(s) };
}

const OFFICE = { name: 'Lê Thị Hoa', position: 'Phó Chánh Văn phòng', authority: 'KT.', signsFor: 'Chánh Văn phòng' } as const;

/** The facts of each kind's issue in the rehearsal: numbers from the register's rules, dates, signers. */
export function rehearsalFacts(kind: DocumentKind): IssueFacts {
  const n = (k: Parameters<typeof documentSymbol>, issuedOn: string, signer?: IssueFacts['signer']): IssueFacts => ({
    symbol: documentSymbol(...k),
    issuedOn,
    ...(signer ? { signer } : {}),
  });
  switch (kind) {
    case 'team_decision':
      return n([12, 'QĐ', 'UBND'], '2026-05-08', {
        name: 'Hoàng Minh Cường',
        position: 'Phó Chủ tịch',
        authority: 'KT.',
        signsFor: 'Chủ tịch',
      });
    case 'schedule_notice':
      return n([8, 'TB', 'VP'], '2026-05-29', OFFICE);
    case 'opening_minutes':
      return n([3, 'BB', 'ĐKT'], '2026-06-11');
    case 'closing_minutes':
      return n([4, 'BB', 'ĐKT'], '2026-06-12');
    case 'draft_conclusion':
      return {};
    case 'conclusion':
      return n([5, 'KL', 'ĐKT'], '2026-06-24');
    case 'conclusion_notice':
      return n([15, 'TB', 'VP'], '2026-06-26', OFFICE);
    case 'round_report':
      return n([2, 'BC', 'VP'], '2026-11-25', OFFICE);
    case 'period_report':
      return n([3, 'BC', 'VP'], '2026-12-10', OFFICE);
  }
}

/** The plan's context: its title and decisions, and the Decision forming the team as issued in the rehearsal. */
export function rehearsalContext(): DocumentContext {
  const plan = loadPlan(path.join(projectRoot, 'plans', 'haiphong-2026.yaml')).plan;
  const td = rehearsalFacts('team_decision');
  const kl = rehearsalFacts('conclusion');
  return {
    planTitle: plan.title,
    ...(plan.decisions ? { planDecision: { ...plan.decisions.plan, number: '123/QĐ-UBND', date: '2026-05-06' } } : {}),
    teamDecision: { number: td.symbol!, date: td.issuedOn!, issuer: 'Chủ tịch Ủy ban nhân dân thành phố' },
    conclusion: { symbol: kl.symbol!, issuedOn: kl.issuedOn! },
  };
}

/** A round report long enough for two pages (its unit table continues on page 2 with its head). */
export function rehearsalRoundReport(): ReportInput {
  const plan = loadPlan(path.join(projectRoot, 'plans', 'haiphong-2026.yaml')).plan;
  return {
    subject: `Kết quả ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)}`,
    asOf: '2026-11-25',
    opening: `Thực hiện ${plan.title.startsWith('Kế hoạch') ? plan.title : `Kế hoạch ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)}`}, Văn phòng Ủy ban nhân dân thành phố báo cáo Chủ tịch Ủy ban nhân dân thành phố kết quả kiểm tra như sau:`,
    sections: [
      {
        heading: 'I. TÌNH HÌNH CHUNG',
        paragraphs: [
          `Số cơ quan, đơn vị được kiểm tra: ${plan.units.length}.`,
          'Báo cáo phục vụ kiểm tra đã nhận: 30 (muộn: 2).',
          'Kiến nghị: 56; đã khắc phục: 41; quá hạn: 3.',
        ],
      },
      {
        heading: 'II. KẾT QUẢ THEO TỪNG ĐƠN VỊ',
        table: {
          head: ['Đơn vị', 'Giai đoạn', 'Ngày làm việc', 'Việc quá hạn', 'Kiến nghị (đã khắc phục/tổng)'],
          rows: plan.units.map((u, i) => [
            u.name,
            i % 3 ? 'Đã hoàn thành' : 'Đang khắc phục',
            '11/6/2026–12/6/2026',
            i % 7 ? '' : 'Khắc phục kiến nghị R2',
            `${i % 3}/2`,
          ]),
        },
      },
      {
        heading: 'III. KIẾN NGHỊ VÀ TÌNH HÌNH KHẮC PHỤC',
        paragraphs: ['Sở Tài chính: Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt mục tiêu năm 2026 (hạn 30/9/2026): đang khắc phục.'],
      },
      {
        heading: 'IV. ĐỀ XUẤT',
        paragraphs: ['Đôn đốc các đơn vị có việc quá hạn và các đơn vị chưa gửi báo cáo tự kiểm tra.'],
      },
    ],
  };
}

/** Every kind's fields in the rehearsal. */
export function rehearsalContents(): { [K in DocumentKind]: DocumentFields<K> } {
  const states = rehearsalStates();
  const ctx = rehearsalContext();
  const plan = loadPlan(path.join(projectRoot, 'plans', 'haiphong-2026.yaml')).plan;
  const stateFor: Record<InspectionDocumentKind, InspectionState> = {
    schedule_notice: states.notified,
    opening_minutes: states.opened,
    closing_minutes: states.closed,
    draft_conclusion: states.drafted,
    conclusion: states.concluded,
    conclusion_notice: states.concluded,
  };
  const inspection = <K extends InspectionDocumentKind>(k: K) => inspectionDocumentContent(k, stateFor[k], rehearsalFacts(k), ctx);
  return {
    team_decision: teamDecisionContent(
      {
        title: plan.title,
        year: plan.year,
        team: REHEARSAL_TEAM,
        ...(plan.decisions
          ? { decisions: { ...plan.decisions, plan: { ...plan.decisions.plan, number: '123/QĐ-UBND', date: '2026-05-06' } } }
          : {}),
        draftedOn: '2026-05-06',
      },
      rehearsalFacts('team_decision'),
    ),
    schedule_notice: inspection('schedule_notice'),
    opening_minutes: inspection('opening_minutes'),
    closing_minutes: inspection('closing_minutes'),
    draft_conclusion: inspection('draft_conclusion'),
    conclusion: inspection('conclusion'),
    conclusion_notice: inspection('conclusion_notice'),
    round_report: roundReportContent(rehearsalRoundReport(), rehearsalFacts('round_report')),
    period_report: periodReportContent(
      {
        subject: 'Tổng hợp kết quả kiểm soát thủ tục hành chính quý IV năm 2026',
        asOf: '2026-12-10',
        opening:
          'Thực hiện Kế hoạch kiểm soát thủ tục hành chính năm 2026, Văn phòng Ủy ban nhân dân thành phố tổng hợp báo cáo của các cơ quan, đơn vị, địa phương về kết quả kiểm soát thủ tục hành chính quý IV năm 2026 như sau:',
        sections: [
          { heading: 'I. TÌNH HÌNH BÁO CÁO', paragraphs: ['Số cơ quan, đơn vị phải báo cáo: 34; đã báo cáo: 33 (muộn: 1).'] },
          {
            heading: 'II. KẾT QUẢ THEO TỪNG CHỈ TIÊU',
            table: { head: ['Chỉ tiêu', 'Mục tiêu', 'Đơn vị đạt'], rows: [['Hồ sơ tiếp nhận trực tuyến', '≥ 80%', '21/33']] },
          },
          { heading: 'III. ĐỀ XUẤT', paragraphs: ['Đôn đốc các đơn vị chưa báo cáo.'] },
        ],
      },
      rehearsalFacts('period_report'),
    ),
  };
}

/** The kinds in the order of the catalogue. */
export const SAMPLE_KINDS = DOCUMENT_KIND_IDS;

import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { summaryDocx, summaryMarkdown } from '../client/cli/summary';
import type { DocumentFields } from '../domain/document-fields';
import { inspectionDocumentContent } from '../documents/inspection';
import { teamDecisionContent } from '../documents/team-decision';
import { rehearsalContents, rehearsalContext, rehearsalFacts, rehearsalStates, REHEARSAL_TEAM } from '../scripts/document-samples';

/** What each document says, from the inspection's state and the plan (documents/). */

/** Every line a reader sees in a document's fields. */
function lines(f: DocumentFields): string[] {
  const out: string[] = [f.issuingBody, f.numberLine, f.placeDate, f.subject, f.signAuthority, f.signPosition, f.signName];
  for (const k of ['intro', 'closing', 'governingBody', 'draftMark', 'basis', 'recipients'] as const) {
    const list = (f as Record<string, unknown>)[k] as { text: string }[] | undefined;
    for (const p of list ?? []) out.push(p.text);
  }
  for (const s of f.sections) {
    out.push(s.heading, ...s.paragraphs.map((p) => p.text));
    for (const t of s.table) out.push(...t.head.map((h) => h.text), ...t.rows.flatMap((r) => r.cells.map((c) => c.text)));
  }
  if ('addressee' in f) out.push(f.addressee as string);
  return out;
}
const all = (f: DocumentFields) => lines(f).join('\n');

describe('the Thông báo lịch làm việc', () => {
  const states = rehearsalStates();
  const notice = rehearsalContents().schedule_notice;

  it('is addressed to the unit by name, numbered by the Office and signed KT. CHÁNH VĂN PHÒNG', () => {
    expect(notice.addressee).toBe('Sở Tài chính');
    expect(notice.numberLine).toBe('Số: 08/TB-VP');
    expect(notice.placeDate).toBe('Hải Phòng, ngày 29 tháng 5 năm 2026');
    expect([notice.signAuthority, notice.signPosition, notice.signName]).toEqual([
      'KT. CHÁNH VĂN PHÒNG',
      'PHÓ CHÁNH VĂN PHÒNG',
      'Lê Thị Hoa',
    ]);
    expect(all(notice)).not.toMatch(/quý cơ quan/iu);
  });

  it('gives the time with the weekday, the place, the content and the period reviewed', () => {
    const text = all(notice);
    expect(text).toContain('Từ 08 giờ 00 phút ngày 11/6/2026 (thứ Năm) đến hết ngày 12/6/2026 (thứ Sáu).');
    expect(text).toContain('Tại trụ sở Sở Tài chính');
    expect(text).toContain('Thời kỳ kiểm tra: từ ngày 01/10/2025 đến thời điểm Đoàn kiểm tra đến làm việc.');
    expect(text).toContain('khoản 1 Mục II của Kế hoạch');
  });

  it('says which report to send, by when and to whom', () => {
    const report = states.notified.deadlines.find((d) => d.id === 'report')!.date;
    expect(report).toBe('2026-06-09');
    expect(all(notice)).toContain(
      'gửi về Trung tâm Phục vụ hành chính công thành phố (Trung tâm Phục vụ hành chính công thành phố Hải Phòng; thư điện tử: tthc@haiphong.example) trước ngày 09/6/2026 (thứ Ba).',
    );
  });

  it("lists the team and the unit's attendees as Mục III.2.b gives them, for a department and for a commune", () => {
    const text = all(notice);
    expect(text).toContain('- Trưởng đoàn: Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố.');
    expect(text).toContain('- Thành viên: Hoàng Văn Em, Chuyên viên, Sở Tư pháp.');
    expect(text).toContain('- Đại diện lãnh đạo Sở, ngành.');
    expect(text).not.toContain('cấp xã');
    const commune = structuredClone(states.notified);
    commune.config.unit = { ...commune.config.unit, name: 'UBND phường Nam Đồ Sơn', kind: 'commune' };
    const c = all(inspectionDocumentContent('schedule_notice', commune, rehearsalFacts('schedule_notice'), rehearsalContext()));
    expect(c).toContain('- Đại diện lãnh đạo Trung tâm Phục vụ hành chính công cấp xã.');
    expect(c).toContain('- Đại diện lãnh đạo Ủy ban nhân dân xã, phường.');
  });

  it('leaves out the period reviewed and the report for a surprise inspection', () => {
    const surprise = structuredClone(states.notified);
    surprise.kind = 'surprise';
    surprise.deadlines = surprise.deadlines.filter((d) => d.id !== 'report' && d.id !== 'notice');
    const text = all(inspectionDocumentContent('schedule_notice', surprise, rehearsalFacts('schedule_notice'), rehearsalContext()));
    expect(text).not.toContain('Thời kỳ kiểm tra');
    expect(text).not.toContain('Báo cáo phục vụ kiểm tra');
  });

  it('cites the Thông báo a revised one replaces', () => {
    const facts = { ...rehearsalFacts('schedule_notice'), symbol: '11/TB-VP', replaces: { symbol: '08/TB-VP', issuedOn: '2026-05-29' } };
    const text = all(inspectionDocumentContent('schedule_notice', states.notified, facts, rehearsalContext()));
    expect(text).toContain('Thông báo này thay thế Thông báo số 08/TB-VP ngày 29/5/2026 của Văn phòng Ủy ban nhân dân thành phố');
  });
});

describe('the Biên bản', () => {
  it('gives the time, the place, both sides and what was agreed; the closing one the preliminary results', () => {
    const c = rehearsalContents();
    const opening = all(c.opening_minutes);
    expect(opening).toContain('Hôm nay, vào hồi 08 giờ 00 phút ngày 11/6/2026 (thứ Năm), tại trụ sở Sở Tài chính');
    expect(opening).toContain('- Trưởng đoàn: Nguyễn Văn An');
    expect(opening).toContain('- Đại diện lãnh đạo Sở, ngành.');
    expect(opening).toContain('Hai bên thống nhất lịch làm việc');
    expect(c.opening_minutes.unitSignTitle).toBe('ĐẠI DIỆN SỞ TÀI CHÍNH');
    const closing = all(c.closing_minutes);
    expect(closing).toContain('Sở Tài chính cơ bản thực hiện đúng quy định');
    expect(closing).toContain('- Một số thủ tục hành chính chưa được công khai đầy đủ tại Bộ phận Một cửa.');
  });
});

describe('the Kết luận', () => {
  const c = rehearsalContents();

  it('is laid out issue by issue: the indicators, the shortcomings, the recommendations with their deadlines', () => {
    const k = c.conclusion;
    expect(k.sections.map((s) => s.heading)).toEqual([
      'I. KHÁI QUÁT CHUNG',
      'II. KẾT QUẢ KIỂM TRA',
      '2. Thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính',
      '3. Giải quyết thủ tục hành chính trên môi trường điện tử',
      '4. Các nội dung khác',
      'III. KIẾN NGHỊ',
      'IV. TỔ CHỨC THỰC HIỆN',
    ]);
    expect(k.sections[1]!.table[0]!.rows.map((r) => r.cells[3]!.text)).toContain('Chưa đạt');
    expect(all(k)).toContain(
      '1. Nâng tỷ lệ hồ sơ tiếp nhận trực tuyến đạt mục tiêu năm 2026. Thời hạn hoàn thành: trước ngày 30/9/2026 (thứ Tư).',
    );
    expect(all(k)).toContain(
      '2. Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa. Thời hạn hoàn thành: trước ngày 31/7/2026 (thứ Sáu). Nhằm khắc phục: 05 hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi tổ chức, cá nhân.',
    );
    expect(all(k)).toContain('Trách nhiệm: Phòng Quản lý giá và công sản.');
    expect(all(k)).not.toMatch(/remediation:|R\d\b|\d{4}-\d{2}-\d{2}/u);
  });

  it('is signed by the Trưởng đoàn, or KT. TRƯỞNG ĐOÀN by the deputy named in the plan', () => {
    expect([c.conclusion.signAuthority, c.conclusion.signPosition, c.conclusion.signName]).toEqual(['', 'TRƯỞNG ĐOÀN', 'Nguyễn Văn An']);
    const s = structuredClone(rehearsalStates().concluded);
    s.conclusion = {
      ...s.conclusion!,
      signer: 'Trần Thị Bình',
      authority: 'KT.',
      position: 'Phó Trưởng đoàn',
      signsFor: 'Trưởng đoàn kiểm tra',
    };
    const k = inspectionDocumentContent('conclusion', s, rehearsalFacts('conclusion'), rehearsalContext());
    expect([k.signAuthority, k.signPosition, k.signName]).toEqual(['KT. TRƯỞNG ĐOÀN', 'PHÓ TRƯỞNG ĐOÀN', 'Trần Thị Bình']);
  });

  it('as a draft prints "Số:      /KL-ĐKT", "DỰ THẢO", a blank day, and asks for comments by a date', () => {
    const d = c.draft_conclusion;
    expect(d.numberLine).toMatch(/^Số:\s{6}\/KL-ĐKT$/u);
    expect(d.draftMark).toEqual([{ text: 'DỰ THẢO' }]);
    expect(d.placeDate).toMatch(/^Hải Phòng, ngày\s+tháng\s+năm 2026$/u);
    expect(all(d)).toContain('gửi Đoàn kiểm tra trước ngày 19/6/2026 (thứ Sáu).');
  });

  it('is reported by the Office in the Thông báo kết luận, citing the Kết luận by number and date', () => {
    const n = c.conclusion_notice;
    expect(n.numberLine).toBe('Số: 15/TB-VP');
    expect(n.addressee).toBe('Sở Tài chính');
    expect(all(n)).toContain('Ngày 24/6/2026, Trưởng đoàn kiểm tra đã ký Kết luận kiểm tra số 05/KL-ĐKT tại Sở Tài chính.');
    expect(all(n)).toContain('Thời hạn hoàn thành: trước ngày 31/7/2026 (thứ Sáu).');
  });
});

describe('the Quyết định thành lập Đoàn kiểm tra', () => {
  it('cites Quyết định 714/QĐ-UBND ngày 27/02/2026, names the team, and is signed KT. CHỦ TỊCH / PHÓ CHỦ TỊCH', () => {
    const d = rehearsalContents().team_decision;
    expect(d.basis.map((b) => b.text)).toContain(
      'Căn cứ Quyết định số 714/QĐ-UBND ngày 27/02/2026 của Chủ tịch Ủy ban nhân dân thành phố ban hành Kế hoạch kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông năm 2026 trên địa bàn thành phố Hải Phòng;',
    );
    expect(d.governingBody).toEqual([]);
    expect(d.issuingBody).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG');
    expect(d.sections[0]!.paragraphs.map((p) => p.text)).toContain('1. Nguyễn Văn An, Phó Chánh Văn phòng UBND thành phố - Trưởng đoàn;');
    expect([d.signAuthority, d.signPosition, d.signName]).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Hoàng Minh Cường']);
    expect(d.subject).not.toMatch(/kiểm tra kiểm tra/u);
  });

  it('leaves a placeholder name blank, and the signer to be filled when the facts do not name one', () => {
    const team = { ...REHEARSAL_TEAM, lead: { ...REHEARSAL_TEAM.lead, name: '[cần điền] Họ và tên' } };
    const d = teamDecisionContent({ title: 'Kiểm tra công tác X năm 2026', year: 2026, team, draftedOn: '2026-05-06' }, {});
    expect(d.sections[0]!.paragraphs[0]!.text).toBe('1. ……………, Phó Chánh Văn phòng UBND thành phố - Trưởng đoàn;');
    expect([d.signAuthority, d.signPosition, d.signName]).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', '']);
    expect(all(d)).not.toContain('[cần điền]');
  });
});

describe('the round summary (kiemtra round summary)', () => {
  it('writes the .md and the .docx with the same sections, recommendations included, without raw ids', async () => {
    const s = structuredClone(rehearsalStates().concluded);
    s.stage = 'remediating';
    s.overdue = ['remediation:R2'];
    s.recommendations[1]!.overdue = true;
    const d = { round: 'haiphong-2026', asOf: '2026-11-25', inspections: [s], selfInspections: [] };
    const md = summaryMarkdown(d);
    const docx = (await mammoth.extractRawText({ buffer: await summaryDocx(d) })).value;
    const headings = [...md.matchAll(/^## (.+)$/gmu)].map((m) => m[1]!);
    expect(headings).toEqual([
      'I. TÌNH HÌNH CHUNG',
      'II. KẾT QUẢ THEO TỪNG ĐƠN VỊ',
      'III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2026 (THEO BÁO CÁO CỦA ĐƠN VỊ)',
      'IV. KẾT QUẢ KIỂM TRA TẠI TỪNG ĐƠN VỊ',
      'V. NHỮNG TỒN TẠI, HẠN CHẾ LẶP LẠI Ở NHIỀU ĐƠN VỊ',
      'VI. KIẾN NGHỊ VÀ TÌNH HÌNH KHẮC PHỤC',
      'VII. BÁO CÁO TỰ KIỂM TRA CỦA CÁC ĐƠN VỊ KHÔNG THUỘC PHẠM VI KIỂM TRA',
      'VIII. ĐỀ XUẤT GIẢI PHÁP VÀ BIỆN PHÁP XỬ LÝ VI PHẠM',
    ]);
    for (const h of headings) expect(docx).toContain(h);
    const rec = 'Sở Tài chính: Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa (hạn 31/07/2026): quá hạn.';
    expect(md).toContain(rec);
    expect(docx).toContain(rec);
    expect(md).toContain('| Sở Tài chính | Đang khắc phục | 11/06/2026–12/06/2026 | Khắc phục kiến nghị R2 | 1/4 | 0/2 |');
    for (const text of [md, docx]) {
      expect(text).not.toMatch(/remediation:|recordReport|haiphong-2026|report, conclusion/u);
      expect(text).toContain('Số: ');
      expect(text).toContain('- Lưu: VT, KSTTHC.');
    }
    expect(md).toContain('# Báo cáo kết quả kiểm tra công tác kiểm soát thủ tục hành chính');
  });
});

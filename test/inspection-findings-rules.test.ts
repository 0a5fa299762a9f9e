import { describe, expect, it } from 'vitest';
import type { SampledDossier } from '../domain/dossier-sample';
import { targetsForYear } from '../domain/kpi';
import { answersRefusal, applyDossierSample, applyTeamFinding, sampleRepeatRefusal } from '../workflows/inspection/findings';
import { applyConclusion, applyReport, initialState, recomputeDeadlines } from '../workflows/inspection/state';
import { completeInspectionInput, type InspectionState, type UpdateInputs, updateSchemas } from '../workflows/inspection/contract';
import { inspectionInput } from './kit/inspection';
import { sharedCalendar, sharedTargets } from './kit/shared-data';

/**
 * The findings' rules in the update table, without Temporal (issue 23, items 3 and 4): ids F1, F2…
 * in order, the place of a team finding and of a missed target, recommendations that answer
 * findings (an unknown id refused), the dossier sample recorded with its findings and its gap with
 * the report, a code already in the sample refused naming its row.
 */
const cal = sharedCalendar();
const targets = targetsForYear(sharedTargets(), 2026)!.targets;
const AT = '2026-05-26T03:00:00.000Z';

function onSite(): InspectionState {
  const config = completeInspectionInput(inspectionInput('Sở Tài chính', { start: '2026-05-25', end: '2026-05-26' }));
  const s = initialState('inspection-2026-so-tai-chinh', config, '2026-05-01T00:00:00.000Z');
  recomputeDeadlines(s, cal);
  s.stage = 'on_site';
  return s;
}

/**
 * Sends an update as the table does for the four this file is about: the payload through its
 * schema, the refusal of the rule (thrown), then the apply (workflows/inspection/table.ts calls
 * the same functions).
 */
function send<K extends 'recordFinding' | 'recordDossierSample' | 'signConclusion' | 'recordReport'>(
  state: InspectionState,
  name: K,
  payload: UpdateInputs[K],
): void {
  const targetOf = (id: keyof typeof targets) => targets[id];
  if (name === 'recordFinding') applyTeamFinding(state, updateSchemas.recordFinding.parse(payload), AT);
  if (name === 'recordReport') applyReport(state, targets, updateSchemas.recordReport.parse(payload), AT);
  if (name === 'recordDossierSample') {
    const p = updateSchemas.recordDossierSample.parse(payload);
    const refusal = sampleRepeatRefusal(state, p.dossiers);
    if (refusal) throw new Error(refusal);
    applyDossierSample(state, p, targetOf, AT);
  }
  if (name === 'signConclusion') {
    const p = updateSchemas.signConclusion.parse(payload);
    const refusal = answersRefusal(state, p.recommendations);
    if (refusal) throw new Error(refusal);
    applyConclusion(state, cal, p);
  }
}

const dossier = (code: string, o: Partial<SampledDossier> = {}): SampledDossier => ({
  code,
  procedure: 'Cấp giấy phép xây dựng',
  system: 'citySystem',
  online: true,
  lateDays: 0,
  paidOnline: true,
  digitised: true,
  electronicResult: true,
  ...o,
});

describe('findings with a place', () => {
  it('numbers the findings F1, F2… in order; a missed target gets its indicator’s place; a team finding keeps its own', () => {
    const s = onSite();
    applyReport(s, targets, { receivedOn: '2026-05-20', indicators: { onlineReceived: 50.1, satisfaction: 99 } }, AT);
    send(s, 'recordFinding', {
      text: 'Chưa gửi văn bản xin lỗi khi hồ sơ trễ hạn',
      area: 'oneStop',
      item: 'apologies',
      kind: 'violation',
      evidence: { dossiers: ['H-1', 'H-2'], system: 'citySystem', files: [{ sha256: 'a'.repeat(64), name: 'bien-ban.pdf' }] },
      division: 'Bộ phận Một cửa',
      by: 'Trưởng đoàn',
    });
    send(s, 'recordFinding', { text: 'Niêm yết TTHC đầy đủ', by: 'Trưởng đoàn' });
    expect(s.findings.map(({ at: _at, ...f }) => f)).toEqual([
      {
        id: 'F1',
        text: 'Hồ sơ tiếp nhận trực tuyến 50,1% < 80%',
        source: 'kpi',
        area: 'electronic',
        item: 'onlineReceivedAndPaid',
        kind: 'shortcoming',
        by: 'hệ thống',
      },
      {
        id: 'F2',
        text: 'Chưa gửi văn bản xin lỗi khi hồ sơ trễ hạn',
        source: 'team',
        area: 'oneStop',
        item: 'apologies',
        kind: 'violation',
        evidence: { dossiers: ['H-1', 'H-2'], system: 'citySystem', files: [{ sha256: 'a'.repeat(64), name: 'bien-ban.pdf' }] },
        division: 'Bộ phận Một cửa',
        by: 'Trưởng đoàn',
      },
      { id: 'F3', text: 'Niêm yết TTHC đầy đủ', source: 'team', by: 'Trưởng đoàn' },
    ]);
    expect(s.history.at(-1)).toMatchObject({ action: 'Ghi nhận phát hiện F3' });
  });

  it('refuses a place outside the lists, and an unknown key, at the schema', () => {
    const bad = (extra: object) => updateSchemas.recordFinding.safeParse({ text: 'x', by: 'A', ...extra });
    expect(bad({ area: 'finance' }).error?.issues[0]?.message).toMatch(/^nội dung kiểm tra không hợp lệ; dùng một trong: control, oneStop/);
    expect(bad({ kind: 'bad' }).success).toBe(false);
    expect(bad({ item: 'II.99' }).success).toBe(false);
    expect(bad({ evidence: { dossiers: ['A', 'A'] } }).error?.issues[0]?.message).toBe('mã hồ sơ bị lặp');
    expect(bad({ colour: 'red' }).success).toBe(false);
    expect(bad({}).success).toBe(true);
  });

  it('a recommendation answers findings that exist; an unknown id is refused with the ids there are', () => {
    const s = onSite();
    send(s, 'recordFinding', { text: 'Một', by: 'A' });
    send(s, 'recordFinding', { text: 'Hai', by: 'A' });
    s.stage = 'drafting';
    const conclude = (answers: string[]) =>
      send(s, 'signConclusion', {
        signer: 'Trưởng đoàn',
        signedOn: '2026-05-26',
        recommendations: [
          { text: 'Khắc phục', deadline: '2026-06-30' },
          { text: 'Xin lỗi', deadline: '2026-06-30', answers },
        ],
        by: 'A',
      });
    expect(() => conclude(['F1', 'F9'])).toThrow('Kiến nghị thứ 2 trả lời phát hiện không có: F9; các phát hiện: F1, F2');
    expect(s.stage).toBe('drafting');
    expect(() =>
      updateSchemas.signConclusion.parse({
        signer: 'A',
        signedOn: '2026-05-26',
        recommendations: [{ text: 'x', deadline: '2026-06-30', answers: ['R1'] }],
        by: 'A',
      }),
    ).toThrow('mã phát hiện có dạng F1, F2…');
    conclude(['F2', 'F1']);
    expect(s.recommendations.map((r) => [r.id, r.answers])).toEqual([
      ['R1', undefined],
      ['R2', ['F2', 'F1']],
    ]);
  });
});

describe('the dossier sample in the inspection', () => {
  it('records the dossiers, states their figures as findings, and a gap with the report once it arrives', () => {
    const s = onSite();
    send(s, 'recordFinding', { text: 'Của Đoàn', by: 'A' });
    send(s, 'recordDossierSample', {
      dossiers: [dossier('H-1', { row: 2 }), dossier('H-2', { row: 3, online: false, lateDays: 2, apology: false })],
      file: { name: 'mau.xlsx', sha256: 'b'.repeat(64) },
      by: 'Thư ký',
    });
    expect(s.dossierSample?.dossiers.map((d) => d.code)).toEqual(['H-1', 'H-2']);
    expect(s.dossierSample?.imports).toEqual([{ at: AT, by: 'Thư ký', count: 2, file: { name: 'mau.xlsx', sha256: 'b'.repeat(64) } }]);
    expect(s.history.at(-1)).toMatchObject({
      action: 'Ghi nhận kết quả kiểm tra hồ sơ',
      detail: '2 hồ sơ từ tệp mau.xlsx; mẫu có 2 hồ sơ, 1 hồ sơ trễ hạn',
    });
    const sample = () => s.findings.filter((f) => f.source === 'sample').map((f) => `${f.id} ${f.figure} ${f.kind}: ${f.text}`);
    expect(sample()).toEqual([
      'F2 timeliness shortcoming: 1/2 hồ sơ kiểm tra giải quyết trễ hạn (H-2: 2 ngày làm việc)',
      'F3 apologies violation: 1/1 hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, cá nhân (H-2)',
      'F4 online shortcoming: 1/2 hồ sơ kiểm tra được tiếp nhận trực tuyến (50%; chỉ tiêu 80%)',
      'F5 payment good: 2/2 hồ sơ kiểm tra có thu phí, lệ phí được thanh toán phí, lệ phí trực tuyến (100%; chỉ tiêu 80%)',
      'F6 digitised good: 2/2 hồ sơ kiểm tra được số hóa (100%; chỉ tiêu 100%)',
      'F7 electronicResults good: 2/2 hồ sơ kiểm tra được cấp kết quả điện tử (100%; chỉ tiêu 100%)',
    ]);

    // The report arrives: its 90% online against the sample's 50% is a gap.
    send(s, 'recordReport', { receivedOn: '2026-05-26', indicators: { onlineReceived: 90 }, by: 'Đơn vị' });
    expect(s.findings.filter((f) => f.figure === 'gap:onlineReceived').map((f) => [f.id, f.area, f.item, f.kind, f.text])).toEqual([
      [
        'F8',
        'electronic',
        'onlineReceivedAndPaid',
        'shortcoming',
        'Số liệu báo cáo "Hồ sơ tiếp nhận trực tuyến" (90%) chưa khớp với kết quả kiểm tra hồ sơ (1/2 hồ sơ, 50%): chênh lệch 40 điểm phần trăm, vượt ngưỡng 10 điểm',
      ],
    ]);

    // More dossiers: the same figures keep their ids with new counts; a closed gap goes.
    send(s, 'recordDossierSample', {
      dossiers: [dossier('H-3'), dossier('H-4'), dossier('H-5'), dossier('H-6'), dossier('H-7'), dossier('H-8')],
      by: 'Thư ký',
    });
    expect(sample().slice(0, 3)).toEqual([
      'F2 timeliness shortcoming: 1/8 hồ sơ kiểm tra giải quyết trễ hạn (H-2: 2 ngày làm việc)',
      'F3 apologies violation: 1/1 hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, cá nhân (H-2)',
      'F4 online good: 7/8 hồ sơ kiểm tra được tiếp nhận trực tuyến (87,5%; chỉ tiêu 80%)',
    ]);
    expect(s.findings.some((f) => f.figure === 'gap:onlineReceived')).toBe(false);
    expect(s.findings.map((f) => f.id)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7']);
  });

  it('refuses a code already in the sample, naming its row, and records nothing', () => {
    const s = onSite();
    send(s, 'recordDossierSample', { dossiers: [dossier('H-1', { row: 2 })], by: 'A' });
    const before = JSON.stringify(s);
    expect(() => send(s, 'recordDossierSample', { dossiers: [dossier('H-9', { row: 2 }), dossier(' h-1', { row: 3 })], by: 'A' })).toThrow(
      'Dòng 3, cột "Mã hồ sơ": hồ sơ "h-1" đã có trong mẫu hồ sơ đã kiểm tra; không ghi nhận hồ sơ nào',
    );
    expect(JSON.stringify(s)).toBe(before);
  });

  it('refuses at the schema a code twice in one payload, a late dossier without its apology, an on-time one with it', () => {
    const parse = (dossiers: object[]) => updateSchemas.recordDossierSample.safeParse({ dossiers, by: 'A' }).error?.issues[0]?.message;
    expect(parse([dossier('A', { row: 4 }), dossier('a', { row: 9 })])).toBe('Dòng 9, cột "Mã hồ sơ": hồ sơ "a" đã có ở dòng 4');
    expect(parse([dossier('A'), dossier('A')])).toBe('Hồ sơ thứ 2, cột "Mã hồ sơ": hồ sơ "A" đã có ở hồ sơ thứ 1');
    expect(parse([dossier('A', { lateDays: 1 })])).toBe(
      'Hồ sơ thứ 1, cột "Xin lỗi khi trễ hạn": hồ sơ trễ hạn cần ghi có văn bản xin lỗi hay không',
    );
    expect(parse([dossier('A', { apology: true })])).toBe(
      'Hồ sơ thứ 1, cột "Xin lỗi khi trễ hạn": hồ sơ đúng hạn không cần văn bản xin lỗi',
    );
    expect(parse([])).toBeDefined();
    expect(parse([{ ...dossier('A'), system: 'email' }])).toMatch(/^hệ thống kiểm tra không hợp lệ; dùng một trong: nationalPortal/);
  });
});

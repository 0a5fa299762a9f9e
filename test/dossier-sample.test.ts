import { describe, expect, it } from 'vitest';
import {
  DOSSIER_COLUMNS,
  parseDossierTable,
  SAMPLE_GAP_TOLERANCE,
  sampleFigures,
  sampleFindings,
  systemOf,
  type Cell,
  type SampledDossier,
} from '../domain/dossier-sample';
import { parseCsv } from '../domain/csv';
import { INDICATOR_PLACES } from '../domain/indicator-places';
import { INDICATORS } from '../domain/kpi';
import { REPORT_ITEMS } from '../domain/report-outline';
import { CONTENT_AREAS } from '../domain/findings';

/**
 * The dossier review's pure rules (issue 23, item 3): the team's table read with one Vietnamese
 * message naming the row and the column, the sample's figures, its findings and the gap with the
 * unit's report; and the place of each indicator (item 4).
 */

const HEADER = DOSSIER_COLUMNS.map((c) => c.header);
/** A row in the columns' order. */
const row = (code: string, o: Partial<Record<string, Cell>> = {}): Cell[] => {
  const v: Record<string, Cell> = {
    code,
    procedure: 'Cấp giấy phép xây dựng',
    system: 'Hệ thống TTHC thành phố',
    division: 'Phòng Quản lý xây dựng',
    online: 'Có',
    onTime: 'Có',
    lateDays: '',
    paidOnline: 'Có',
    digitised: 'Có',
    electronicResult: 'Có',
    apology: '',
    ...o,
  };
  return DOSSIER_COLUMNS.map((c) => v[c.key]);
};

describe('reading the team’s table', () => {
  it('finds the header under a title, matches headers without diacritics or case, reads each value', () => {
    const rows: Cell[][] = [
      ['KẾT QUẢ KIỂM TRA HỒ SƠ'],
      [],
      HEADER.map((h) => h.toUpperCase()),
      row('H49.26-0001'),
      [],
      row('H49.26-0002', { online: 'không', onTime: 'Không', lateDays: 3, paidOnline: '', apology: 'Không', system: 'Cổng DVCQG' }),
      row('H49.26-0003', { onTime: false, lateDays: '2', apology: true, digitised: 'x', electronicResult: 0, division: '' }),
    ];
    const r = parseDossierTable(rows);
    expect(r).toEqual({
      ok: true,
      headerRow: 3,
      dossiers: [
        {
          code: 'H49.26-0001',
          procedure: 'Cấp giấy phép xây dựng',
          system: 'citySystem',
          division: 'Phòng Quản lý xây dựng',
          online: true,
          lateDays: 0,
          paidOnline: true,
          digitised: true,
          electronicResult: true,
          row: 4,
        },
        {
          code: 'H49.26-0002',
          procedure: 'Cấp giấy phép xây dựng',
          system: 'nationalPortal',
          division: 'Phòng Quản lý xây dựng',
          online: false,
          lateDays: 3,
          digitised: true,
          electronicResult: true,
          apology: false,
          row: 6,
        },
        {
          code: 'H49.26-0003',
          procedure: 'Cấp giấy phép xây dựng',
          system: 'citySystem',
          online: true,
          lateDays: 2,
          paidOnline: true,
          digitised: true,
          electronicResult: false,
          apology: true,
          row: 7,
        },
      ],
    });
    // Without diacritics, other accepted headers, the division column left out.
    const plain = [
      'Ma ho so',
      'Ten thu tuc',
      'He thong',
      'Truc tuyen',
      'Dung han',
      'So ngay tre han',
      'Thanh toan truc tuyen',
      'So hoa',
      'Cap ket qua dien tu',
      'Van ban xin loi',
    ];
    const p = parseDossierTable([plain, ['A1', 'Thủ tục', 'citySystem', 'Có', 'Có', '', '', 'Có', 'Có', '']]);
    expect(p.ok && p.dossiers[0]).toMatchObject({ code: 'A1', system: 'citySystem' });
  });

  it('names every missing column, once, with the header row', () => {
    const header = HEADER.filter((h) => h !== 'Đúng hạn' && h !== 'Số hóa');
    expect(parseDossierTable([header, ['A']])).toEqual({
      ok: false,
      message: `Thiếu cột "Đúng hạn", "Số hóa" ở dòng tiêu đề (dòng 1); các cột cần có: ${DOSSIER_COLUMNS.filter((c) => !c.optional)
        .map((c) => `"${c.header}"`)
        .join(', ')}`,
    });
    expect(
      parseDossierTable([
        ['Số TT', 'Tên hồ sơ'],
        ['1', 'x'],
      ]),
    ).toEqual({
      ok: false,
      message: expect.stringMatching(/^Không tìm thấy dòng tiêu đề \(cột "Mã hồ sơ"\) trong 10 dòng đầu; các cột cần có: "Mã hồ sơ", /),
    });
    expect(parseDossierTable([[...HEADER, 'Số hồ sơ']])).toEqual({
      ok: false,
      message: 'Dòng 1: cột "Mã hồ sơ" có hai lần ở dòng tiêu đề',
    });
  });

  it('refuses a code seen twice, naming both rows (codes compared without case or spaces)', () => {
    expect(parseDossierTable([HEADER, row('H-1'), row('H-2'), row(' h-1 ')])).toEqual({
      ok: false,
      message: 'Dòng 4, cột "Mã hồ sơ": hồ sơ "h-1" đã có ở dòng 2',
    });
  });

  it.each([
    [{ online: 'có lẽ' }, 'Dòng 2, cột "Tiếp nhận trực tuyến": "có lẽ" không hợp lệ; ghi "Có" hoặc "Không"'],
    [{ digitised: '' }, 'Dòng 2, cột "Số hóa": còn trống; ghi "Có" hoặc "Không"'],
    [{ procedure: '' }, 'Dòng 2, cột "Thủ tục hành chính": còn trống'],
    [{ system: 'Zalo' }, /^Dòng 2, cột "Hệ thống kiểm tra": "Zalo" không phải hệ thống kiểm tra; ghi một trong: Cổng DVCQG;/],
    [{ onTime: 'Không' }, 'Dòng 2, cột "Số ngày trễ hạn": hồ sơ trễ hạn cần số ngày làm việc trễ hạn'],
    [
      { onTime: 'Không', lateDays: 'ba', apology: 'Có' },
      'Dòng 2, cột "Số ngày trễ hạn": "ba" không hợp lệ; ghi số nguyên ngày làm việc, từ 1',
    ],
    [
      { onTime: 'Không', lateDays: 1.5, apology: 'Có' },
      'Dòng 2, cột "Số ngày trễ hạn": "1.5" không hợp lệ; ghi số nguyên ngày làm việc, từ 1',
    ],
    [{ lateDays: 2 }, 'Dòng 2, cột "Số ngày trễ hạn": hồ sơ ghi đúng hạn nhưng có "2" ngày trễ hạn; để trống hoặc ghi 0'],
    [
      { onTime: 'Không', lateDays: 2 },
      'Dòng 2, cột "Xin lỗi khi trễ hạn": hồ sơ trễ hạn cần ghi "Có" hoặc "Không" (đã có văn bản xin lỗi chưa)',
    ],
    [{ apology: 'Có' }, 'Dòng 2, cột "Xin lỗi khi trễ hạn": hồ sơ đúng hạn không cần văn bản xin lỗi; để trống'],
    [{ procedure: 'Thủ tục <b>' }, /^Dòng 2, cột "Thủ tục hành chính": không được chứa xuống dòng hoặc ký tự < >$/],
  ])('refuses a bad value: %o', (cells, message) => {
    const r = parseDossierTable([HEADER, row('H-1', cells)]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('refuses a table with no dossier under its header', () => {
    expect(parseDossierTable([HEADER, [], ['', null]])).toEqual({ ok: false, message: 'Không có hồ sơ nào dưới dòng tiêu đề (dòng 1)' });
  });

  it('knows the systems by id, label and short form', () => {
    expect(['nationalPortal', 'Cổng Dịch vụ công quốc gia', 'cổng dvcqg', 'DVCQG'].map(systemOf)).toEqual(Array(4).fill('nationalPortal'));
    expect(systemOf('Hệ thống của Bộ, ngành')).toBe('ministrySystem');
    expect(systemOf('hồ sơ giấy')).toBe('paper');
    expect(systemOf('email')).toBeUndefined();
  });

  it('parses CSV with its delimiter, quotes, doubled quotes, CRLF, a BOM and line breaks in quotes', () => {
    expect(parseCsv('\uFEFFa;b;c\r\n"x;1";"say ""hi""";\r\n"two\nlines";2;3')).toEqual([
      ['a', 'b', 'c'],
      ['x;1', 'say "hi"', ''],
      ['two\nlines', '2', '3'],
    ]);
    expect(parseCsv('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

/** A dossier on time, received and paid online, digitised, its result electronic. */
const good = (code: string, o: Partial<SampledDossier> = {}): SampledDossier => ({
  code,
  procedure: 'Thủ tục',
  system: 'citySystem',
  online: true,
  lateDays: 0,
  paidOnline: true,
  digitised: true,
  electronicResult: true,
  ...o,
});
const targets = { onlineReceived: 80, onlinePayment: 45, digitised: 100, electronicResults: 100 } as Record<string, number>;
const targetOf = (id: string) => targets[id];

describe('the sample’s figures and findings', () => {
  const sample = [
    good('H1'),
    good('H2', { online: false, lateDays: 3, apology: false }),
    good('H3', { lateDays: 1, apology: true, paidOnline: undefined }),
    good('H4', { online: false, digitised: false }),
    good('H5', { paidOnline: false, electronicResult: false }),
  ];

  it('counts late dossiers, apologies and each rate over its base', () => {
    expect(sampleFigures(sample)).toEqual({
      total: 5,
      late: [
        { code: 'H2', days: 3 },
        { code: 'H3', days: 1 },
      ],
      unapologised: ['H2'],
      rates: [
        { figure: 'online', indicator: 'onlineReceived', count: 3, base: 5, rate: 60 },
        { figure: 'payment', indicator: 'onlinePayment', count: 3, base: 4, rate: 75 },
        { figure: 'digitised', indicator: 'digitised', count: 4, base: 5, rate: 80 },
        { figure: 'electronicResults', indicator: 'electronicResults', count: 4, base: 5, rate: 80 },
      ],
      bySystem: { citySystem: 5 },
    });
  });

  it('states each figure as a finding with its place and kind, late and unapologised dossiers named', () => {
    expect(sampleFindings(sample, [], targetOf)).toEqual([
      {
        figure: 'timeliness',
        area: 'oneStop',
        item: 'handledOnSystem',
        kind: 'shortcoming',
        text: '2/5 hồ sơ kiểm tra giải quyết trễ hạn (H2: 3 ngày làm việc, H3: 1 ngày làm việc)',
        evidence: { dossiers: ['H2', 'H3'], system: 'citySystem' },
      },
      {
        figure: 'apologies',
        area: 'oneStop',
        item: 'apologies',
        kind: 'violation',
        text: '1/2 hồ sơ trễ hạn chưa có văn bản xin lỗi tổ chức, cá nhân (H2)',
        evidence: { dossiers: ['H2'], system: 'citySystem' },
      },
      {
        figure: 'online',
        area: 'electronic',
        item: 'onlineReceivedAndPaid',
        kind: 'shortcoming',
        text: '3/5 hồ sơ kiểm tra được tiếp nhận trực tuyến (60%; chỉ tiêu 80%)',
        evidence: { system: 'citySystem' },
      },
      {
        figure: 'payment',
        area: 'electronic',
        item: 'onlineReceivedAndPaid',
        kind: 'good',
        text: '3/4 hồ sơ kiểm tra có thu phí, lệ phí được thanh toán phí, lệ phí trực tuyến (75%; chỉ tiêu 45%)',
        evidence: { system: 'citySystem' },
      },
      {
        figure: 'digitised',
        area: 'electronic',
        item: 'digitisation',
        kind: 'shortcoming',
        text: '4/5 hồ sơ kiểm tra được số hóa (80%; chỉ tiêu 100%)',
        evidence: { system: 'citySystem' },
      },
      {
        figure: 'electronicResults',
        area: 'electronic',
        item: 'digitisation',
        kind: 'shortcoming',
        text: '4/5 hồ sơ kiểm tra được cấp kết quả điện tử (80%; chỉ tiêu 100%)',
        evidence: { system: 'citySystem' },
      },
    ]);
  });

  it('an all on-time sample is a good result; apologies are said only when a dossier is late; one division is named', () => {
    const f = sampleFindings(
      [good('A', { division: 'Bộ phận Một cửa' }), good('B', { division: 'Bộ phận Một cửa', system: 'nationalPortal' })],
      [],
      targetOf,
    );
    expect(f[0]).toEqual({
      figure: 'timeliness',
      area: 'oneStop',
      item: 'handledOnSystem',
      kind: 'good',
      text: '2/2 hồ sơ kiểm tra giải quyết đúng hạn',
      division: 'Bộ phận Một cửa',
    });
    expect(f.map((x) => x.figure)).toEqual(['timeliness', 'online', 'payment', 'digitised', 'electronicResults']);
    const apologised = sampleFindings([good('A', { lateDays: 2, apology: true })], [], targetOf).find((x) => x.figure === 'apologies');
    expect(apologised).toMatchObject({ kind: 'good', text: '1/1 hồ sơ trễ hạn đã có văn bản xin lỗi tổ chức, cá nhân' });
  });

  it(`a rate more than ${SAMPLE_GAP_TOLERANCE} points from the reported one is a finding; at the tolerance it is not`, () => {
    // 3/5 = 60% online in the sample.
    const gaps = (reported: number) =>
      sampleFindings(sample, [{ id: 'onlineReceived', value: reported }], targetOf).filter((x) => x.figure.startsWith('gap:'));
    expect(gaps(70)).toEqual([]);
    expect(gaps(50)).toEqual([]);
    expect(gaps(70.1)).toHaveLength(1);
    expect(gaps(85)).toEqual([
      {
        figure: 'gap:onlineReceived',
        area: 'electronic',
        item: 'onlineReceivedAndPaid',
        kind: 'shortcoming',
        text: 'Số liệu báo cáo "Hồ sơ tiếp nhận trực tuyến" (85%) chưa khớp với kết quả kiểm tra hồ sơ (3/5 hồ sơ, 60%): chênh lệch 25 điểm phần trăm, vượt ngưỡng 10 điểm',
        evidence: { system: 'citySystem' },
      },
    ]);
    // An indicator the unit did not report, or one the sample does not measure, is not compared.
    expect(sampleFindings(sample, [{ id: 'satisfaction', value: 10 }], targetOf).some((x) => x.figure.startsWith('gap:'))).toBe(false);
  });

  it('no sample, no findings', () => {
    expect(sampleFindings([], [{ id: 'onlineReceived', value: 90 }], targetOf)).toEqual([]);
  });
});

describe('the place of each indicator', () => {
  it('maps every indicator to a content area and an item of Phụ lục I', () => {
    const items = new Set<string>(REPORT_ITEMS.map((i) => i.id));
    for (const i of INDICATORS) {
      const p = INDICATOR_PLACES[i.id];
      expect(Object.keys(CONTENT_AREAS), i.id).toContain(p.area);
      expect(items.has(p.item), i.id).toBe(true);
    }
  });
});

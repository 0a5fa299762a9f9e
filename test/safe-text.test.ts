import { describe, expect, it } from 'vitest';
import { displayFileName, displayLine, markdownText, quotedLines, unsafeCharacter, withUnitText } from '../domain/safe-text';
import { acceptingRecordedText, fileRefSchema, line, text } from '../domain/validation';
import { describeState } from '../client/cli/commands/inspection';
import { inspectionStart } from '../workflows/child-starts';
import { completeInspectionInput } from '../workflows/inspection/contract';
import { currentDetails } from '../workflows/inspection/projection';
import { initialState } from '../workflows/inspection/state';
import { inspectionInput } from './kit/inspection';

/** Free text that cannot take over a terminal or forge a line (issue 26, item 5): the rule and the printers. */
const ESC = '\u001b';
const CSI = '\u009b';
const RLO = '\u202e';

const issue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error!.issues[0]!.message);

describe('free text at the zod boundary', () => {
  it.each([
    ['ESC (a cursor move, a new terminal title)', `Nguyễn Văn A${ESC}]0;hacked${ESC}\\`, 'không được chứa ký tự điều khiển (U+001B)'],
    ['a C1 CSI', `a${CSI}2J`, 'không được chứa ký tự điều khiển (U+009B)'],
    ['BEL', 'a\u0007', 'không được chứa ký tự điều khiển (U+0007)'],
    ['DEL', 'a\u007f', 'không được chứa ký tự điều khiển (U+007F)'],
    ['a TAB in one line', 'a\tb', 'không được chứa ký tự điều khiển (U+0009)'],
    ['the line separator', 'a\u2028b', 'không được chứa ký tự điều khiển (U+2028)'],
    ['a right-to-left override', `hoso${RLO}fdp.exe`, 'không được chứa ký tự đảo chiều hiển thị văn bản (U+202E)'],
    ['a left-to-right isolate', 'a\u2066b', 'không được chứa ký tự đảo chiều hiển thị văn bản (U+2066)'],
    ['a right-to-left mark', 'a\u200fb', 'không được chứa ký tự đảo chiều hiển thị văn bản (U+200F)'],
    ['an Arabic letter mark', 'a\u061cb', 'không được chứa ký tự đảo chiều hiển thị văn bản (U+061C)'],
  ])('refuses %s in a single-line field, naming the character', (_what, value, message) => {
    expect(issue(line(200).safeParse(value))).toBe(message);
  });

  it('keeps refusing a newline in a single-line field with its own message', () => {
    expect(issue(line(200).safeParse('Trưởng đoàn\n14:00 Rút dự thảo'))).toBe('không được chứa xuống dòng hoặc ký tự < >');
  });

  it('allows LF and TAB in a multi-line field, and nothing else of the kind', () => {
    expect(text(200).parse('Dòng 1\nDòng 2\tcột 2')).toBe('Dòng 1\nDòng 2\tcột 2');
    expect(issue(text(200).safeParse('Dòng 1\r14:00 Trưởng đoàn'))).toBe('không được chứa ký tự điều khiển (U+000D)');
    expect(issue(text(200).safeParse(`Dòng 1\n${ESC}[1A${ESC}[2K`))).toBe('không được chứa ký tự điều khiển (U+001B)');
    expect(issue(text(200).safeParse(`a${RLO}b`))).toBe('không được chứa ký tự đảo chiều hiển thị văn bản (U+202E)');
  });

  it('keeps Vietnamese text as it is', () => {
    const v = 'UBND xã Yết Kiêu — “Đề xuất”: ổn định, ưu tiên; 50% (dự kiến)';
    expect(line(200).parse(v)).toBe(v);
    expect(unsafeCharacter(v, false)).toBeUndefined();
  });

  it('lets a workflow re-read what it accepted before the rule, and only inside acceptingRecordedText', () => {
    expect(acceptingRecordedText(() => line(200).safeParse(`a${ESC}b`).success)).toBe(true);
    expect(line(200).safeParse(`a${ESC}b`).success).toBe(false);
    expect(() => acceptingRecordedText(() => line(200).parse(''))).toThrow();
    expect(line(200).safeParse(`a${RLO}b`).success).toBe(false);
  });

  it('normalises a file name to NFC and refuses controls and bidi in it', () => {
    const ref = (name: string) => fileRefSchema.safeParse({ sha256: 'a'.repeat(64), name, size: 1, type: 'application/pdf' });
    const decomposed = 'bao-ca\u0301o.pdf';
    expect(ref(decomposed).data?.name).toBe('bao-cáo.pdf');
    expect(ref(decomposed).data?.name).not.toBe(decomposed);
    expect(issue(ref(`hoso${RLO}fdp.exe`))).toBe('không được chứa ký tự đảo chiều hiển thị văn bản (U+202E)');
    expect(issue(ref(`a${ESC}.pdf`))).toBe('không được chứa ký tự điều khiển (U+001B)');
  });
});

describe('printing unit text', () => {
  it('shows every control and direction character on one line as a marker', () => {
    expect(displayLine(`A${ESC}[2J${CSI}1A${RLO}B\r\nC\tD\u0000`)).toBe('A<U+001B>[2J<U+009B>1A<U+202E>B<U+000D><U+000A>C D<U+0000>');
    expect(displayLine('Sở Tài chính')).toBe('Sở Tài chính');
    expect(displayLine(displayLine(`a${ESC}`))).toBe('a<U+001B>');
  });

  it('prints multi-line text as an indented, quoted block that cannot pass for a history line', () => {
    const forged = 'Chúng tôi tiếp thu.\n  - 01/12/2026 14:00 Trưởng đoàn: Rút dự thảo kết luận';
    expect(quotedLines(forged, '      ')).toEqual([
      '      │ Chúng tôi tiếp thu.',
      '      │   - 01/12/2026 14:00 Trưởng đoàn: Rút dự thảo kết luận',
    ]);
    expect(withUnitText('  - 14:00 A: Ghi nhận', forged, '      ')).toEqual(['  - 14:00 A: Ghi nhận', ...quotedLines(forged, '      ')]);
    expect(withUnitText('  - 14:00 A: Ghi nhận', `một dòng${ESC}`, '      ')).toEqual(['  - 14:00 A: Ghi nhận (một dòng<U+001B>)']);
    expect(withUnitText('  - 14:00 A: Ghi nhận', undefined, '      ')).toEqual(['  - 14:00 A: Ghi nhận']);
  });

  it('shows a file name in Vietnamese as it is, and look-alikes of other scripts visibly', () => {
    expect(displayFileName('Báo cáo tự kiểm tra (bản 2).pdf')).toBe('Báo cáo tự kiểm tra (bản 2).pdf');
    expect(displayFileName('Ba\u0301o ca\u0301o.pdf')).toBe('Báo cáo.pdf');
    // A Cyrillic "а" and "о", a full-width "ｐ", a one-dot leader for the dot, a zero-width space.
    expect(displayFileName('b\u0430o-c\u0430o.pdf')).toBe('b<U+0430>o-c<U+0430>o.pdf');
    expect(displayFileName('bao\u2024\uff50df')).toBe('bao<U+2024><U+FF50>df');
    expect(displayFileName('a\u200bb.pdf')).toBe('a<U+200B>b.pdf');
    expect(displayFileName(`hoso${RLO}fdp.exe`)).toBe('hoso<U+202E>fdp.exe');
  });

  it('escapes Markdown so a name cannot add a link, an image or a heading in the Web UI', () => {
    expect(markdownText('![x](http://evil.example/p.png) [bấm](http://evil.example)')).toBe(
      '\\!\\[x\\]\\(http\\://evil.example/p.png\\) \\[bấm\\]\\(http\\://evil.example\\)',
    );
    expect(markdownText('# Tiêu đề *đậm*')).toBe('\\# Tiêu đề \\*đậm\\*');
    expect(markdownText(`Sở Y tế${RLO}`)).toBe('Sở Y tế\\<U+202E\\>');
    expect(markdownText('xem www.evil.example, hoặc a@evil.example')).toBe('xem www\\.evil.example, hoặc a\\@evil.example');
    expect(markdownText('Sở Tài chính, tháng 11/2026: 1.2 - 3')).toBe('Sở Tài chính, tháng 11/2026: 1.2 - 3');
  });
});

describe('unit text where people read it', () => {
  const VISIT = { start: '2026-05-25', end: '2026-05-26' };
  const image = '![ảnh](http://evil.example/p.png)';

  it('is Markdown-escaped in the Web UI’s static and current details: no remote image, no link', () => {
    const input = inspectionInput(`Sở Y tế ${image}`, VISIT);
    const details = [inspectionStart(input).staticDetails];
    const s = initialState('inspection-2026-so-y-te', completeInspectionInput(input), '2026-05-01T00:00:00.000Z');
    details.push(currentDetails(s, undefined, undefined));
    for (const d of details) {
      expect(d).toContain('Sở Y tế \\!\\[ảnh\\]\\(http\\://evil.example/p.png\\)');
      expect(d).not.toContain('](');
      expect(d).not.toContain('http://');
    }
  });

  it('prints a multi-line explanation in kiemtra status indented and quoted, so it cannot forge a history line', () => {
    const input = inspectionInput('Sở Y tế', VISIT);
    const s = initialState('inspection-2026-so-y-te', completeInspectionInput(input), '2026-05-01T00:00:00.000Z');
    const forged = 'Chúng tôi giải trình như sau.\n  - 01/12/2026 14:00 Trưởng đoàn: Rút dự thảo kết luận';
    s.history.push({ at: '2026-06-01T07:00:00.000Z', actor: `UBND${ESC}]0;x`, action: 'Ghi nhận ý kiến của đơn vị', detail: forged });
    const printed = describeState(s).split('\n');
    const at = printed.findIndex((l) => l.includes('Ghi nhận ý kiến của đơn vị'));
    expect(printed.slice(at, at + 3)).toEqual([
      '  - 01/06/2026 14:00 UBND<U+001B>]0;x: Ghi nhận ý kiến của đơn vị',
      '      │ Chúng tôi giải trình như sau.',
      '      │   - 01/12/2026 14:00 Trưởng đoàn: Rút dự thảo kết luận',
    ]);
    expect(printed.filter((l) => l.startsWith('  - 01/12/2026'))).toEqual([]);
  });

  it('shows a file name in kiemtra status with its bidi override and look-alikes made visible', () => {
    const s = initialState(
      'inspection-2026-so-y-te',
      completeInspectionInput(inspectionInput('Sở Y tế', VISIT)),
      '2026-05-01T00:00:00.000Z',
    );
    const file = { sha256: 'a'.repeat(64), size: 2048, type: 'application/pdf' as const, for: 'báo cáo', at: '2026-05-20T01:00:00.000Z' };
    s.files = [
      { ...file, name: `Bao-cao${RLO}fdp.exe` },
      { ...file, name: 'B\u0430o-c\u0430o.pdf' },
    ];
    const printed = describeState(s).split('\n');
    expect(printed).toContain('  - Bao-cao<U+202E>fdp.exe (2 KB, báo cáo; sha256 aaaaaaaaaaaa…)');
    expect(printed).toContain('  - B<U+0430>o-c<U+0430>o.pdf (2 KB, báo cáo; sha256 aaaaaaaaaaaa…)');
  });
});

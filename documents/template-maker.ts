import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type IBordersOptions,
} from 'docx';
import PizZip from 'pizzip';
import {
  BODY_SPACING,
  FIRST_LINE_INDENT_MM,
  FONT,
  HEADER,
  kindLayout,
  mmToTwip,
  MOTTO,
  NATIONAL_TITLE,
  PAGE,
  SIGNATURE_SPACE_LINES,
  SIZES,
  TEXT_WIDTH_MM,
} from '../domain/document-layout';
import type { DocumentKind } from '../domain/documents';

/**
 * The default template of each kind, laid out from the rules of domain/document-layout.ts
 * (Nghị định 30/2020, Phụ lục I) with the `docx` package. `npm run documents:templates`
 * (scripts/make-templates.ts) writes them to templates/documents/<kind>.docx; the Office may edit
 * a copy in Word and point KIEMTRA_TEMPLATES at its folder. Placeholders are docxtemplater tags,
 * each inside one run so that Word keeps them whole; a list is a paragraph loop
 * (`{#list}` … `{/list}` alone on their lines).
 */

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size: number;
}

const run = (text: string, s: RunStyle) => new TextRun({ text, bold: s.bold, italics: s.italics, font: FONT, size: s.size * 2 });

const tight = { before: 0, after: 0 };

/** A centred line. */
function centred(text: string, s: RunStyle, spacing: { before?: number; after?: number } = tight): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing, children: [run(text, s)] });
}

/** A short rule, centred in the width it sits in: an empty, thin paragraph with a top border. */
function rule(lengthMm: number, withinMm: number): Paragraph {
  const side = mmToTwip((withinMm - lengthMm) / 2);
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 20, after: 0, line: 120, lineRule: LineRuleType.EXACT },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
    children: [run('', { size: 2 })],
  });
}

/** A tag alone on its line, opening or closing a paragraph loop (docxtemplater drops the line). */
const loopTag = (tag: string) => new Paragraph({ spacing: tight, children: [run(tag, { size: SIZES.body })] });

/** A body paragraph: justified, first-line indent. */
function body(text: string, s: Partial<RunStyle> = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mmToTwip(FIRST_LINE_INDENT_MM) },
    spacing: { before: 0, after: BODY_SPACING.afterPt * 20, line: Math.round(BODY_SPACING.line * 240), lineRule: LineRuleType.AUTO },
    children: [run(text, { size: SIZES.body, ...s })],
  });
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS: IBordersOptions = { top: NONE, bottom: NONE, left: NONE, right: NONE };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const ALL_BORDERS: IBordersOptions = { top: LINE, bottom: LINE, left: LINE, right: LINE };

const cell = (widthMm: number, children: (Paragraph | Table)[]) =>
  new TableCell({ width: { size: mmToTwip(widthMm), type: WidthType.DXA }, borders: NO_BORDERS, children });

/** A table without borders, in columns of these widths. */
function layoutTable(widthsMm: number[], rows: (Paragraph | Table)[][][]): Table {
  return new Table({
    width: { size: mmToTwip(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: widthsMm.map(mmToTwip),
    layout: TableLayoutType.FIXED,
    borders: { ...NO_BORDERS, insideHorizontal: NONE, insideVertical: NONE },
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    rows: rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((c, i) => cell(widthsMm[i]!, c)) })),
  });
}

/** The two-column header: the bodies and the national title, then the number and the place and date. */
function header(): Table {
  const L = HEADER.leftMm;
  const R = HEADER.rightMm;
  return layoutTable(
    [L, R],
    [
      [
        [
          loopTag('{#governingBody}'),
          centred('{text}', { size: SIZES.governingBody }),
          loopTag('{/governingBody}'),
          centred('{issuingBody}', { bold: true, size: SIZES.issuingBody }),
          rule(HEADER.issuingRuleMm, L),
        ],
        [
          centred(NATIONAL_TITLE, { bold: true, size: SIZES.nationalTitle }),
          centred(MOTTO, { bold: true, size: SIZES.motto }),
          rule(HEADER.mottoRuleMm, R),
        ],
      ],
      [
        [centred('{numberLine}', { size: SIZES.number }, { before: 120, after: 0 })],
        [centred('{placeDate}', { italics: true, size: SIZES.placeDate }, { before: 120, after: 0 })],
      ],
    ],
  );
}

/** A section's table: the head row repeated on each page, one row per item, one cell per column. */
function sectionTable(): Table {
  const para = (text: string, bold = false) =>
    new Paragraph({ alignment: AlignmentType.LEFT, spacing: tight, children: [run(text, { bold, size: SIZES.table })] });
  return new Table({
    width: { size: mmToTwip(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: [mmToTwip(TEXT_WIDTH_MM)],
    borders: { ...ALL_BORDERS, insideHorizontal: LINE, insideVertical: LINE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [new TableCell({ borders: ALL_BORDERS, children: [para('{-w:tc head}{text}{/head}', true)] })],
      }),
      new TableRow({
        cantSplit: true,
        children: [new TableCell({ borders: ALL_BORDERS, children: [para('{-w:tr rows}{-w:tc cells}{text}{/cells}{/rows}')] })],
      }),
    ],
  });
}

/** The signing block of one signer: authority, position, space, name. */
function signer(prefix: '' | 'unit'): Paragraph[] {
  const s = { bold: true, size: SIZES.signer };
  const lines =
    prefix === 'unit'
      ? [centred('{unitSignTitle}', s)]
      : [centred('{#signAuthority}{signAuthority}{/signAuthority}', s), centred('{signPosition}', s)];
  return [
    ...lines,
    ...Array.from({ length: SIGNATURE_SPACE_LINES }, () => centred('', { size: SIZES.signer })),
    centred(prefix === 'unit' ? '{unitSignName}' : '{signName}', s),
  ];
}

function recipients(): Paragraph[] {
  const left = (text: string, s: RunStyle) => new Paragraph({ spacing: tight, children: [run(text, s)] });
  return [
    left('Nơi nhận:', { bold: true, italics: true, size: SIZES.recipientsLabel }),
    loopTag('{#recipients}'),
    left('{text}', { size: SIZES.recipients }),
    loopTag('{/recipients}'),
  ];
}

/** The body of every kind: intro, sections (heading, paragraphs, table), closing. */
function bodyParts(): (Paragraph | Table)[] {
  return [
    loopTag('{#intro}'),
    body('{text}'),
    loopTag('{/intro}'),
    loopTag('{#sections}'),
    body('{heading}', { bold: true }),
    loopTag('{#paragraphs}'),
    body('{text}'),
    loopTag('{/paragraphs}'),
    loopTag('{#table}'),
    sectionTable(),
    loopTag('{/table}'),
    loopTag('{/sections}'),
    loopTag('{#closing}'),
    body('{text}'),
    loopTag('{/closing}'),
  ];
}

/** The whole document of a kind, as the `docx` package models it. */
export function templateDocument(kind: DocumentKind): Document {
  const layout = kindLayout(kind);
  const before = (pt: number) => ({ before: pt * 20, after: 0 });
  const children: (Paragraph | Table)[] = [
    header(),
    loopTag('{#draftMark}'),
    centred('{text}', { bold: true, size: SIZES.type }, before(12)),
    loopTag('{/draftMark}'),
    centred(layout.title, { bold: true, size: SIZES.type }, before(18)),
    centred('{subject}', { bold: true, size: SIZES.subject }),
    rule(HEADER.subjectRuleMm, TEXT_WIDTH_MM),
  ];
  if (kind === 'team_decision')
    children.push(
      centred('{authorityLine}', { bold: true, size: SIZES.body }, { before: 240, after: 120 }),
      loopTag('{#basis}'),
      body('{text}', { italics: true }),
      loopTag('{/basis}'),
      centred('QUYẾT ĐỊNH:', { bold: true, size: SIZES.body }, { before: 120, after: 120 }),
    );
  if (layout.addressee) children.push(centred('Kính gửi: {addressee}', { size: SIZES.body }, { before: 240, after: 240 }));
  else if (kind !== 'team_decision') children.push(new Paragraph({ spacing: { before: 120, after: 0 }, children: [] }));
  children.push(...bodyParts());
  const half = TEXT_WIDTH_MM / 2;
  children.push(
    new Paragraph({ spacing: before(6), children: [] }),
    layout.twoSided ? layoutTable([half, half], [[signer('unit'), signer('')]]) : layoutTable([half, half], [[recipients(), signer('')]]),
  );
  const m = PAGE.marginsMm;
  return new Document({
    creator: 'kiemtra',
    title: layout.title,
    styles: { default: { document: { run: { font: FONT, size: SIZES.body * 2 } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: mmToTwip(PAGE.widthMm), height: mmToTwip(PAGE.heightMm) },
            margin: {
              top: mmToTwip(m.top),
              bottom: mmToTwip(m.bottom),
              left: mmToTwip(m.left),
              right: mmToTwip(m.right),
              header: mmToTwip(PAGE.headerMm),
              footer: mmToTwip(PAGE.headerMm),
            },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZES.pageNumber * 2 })],
              }),
            ],
          }),
          first: new Header({ children: [new Paragraph({ children: [] })] }),
        },
        children,
      },
    ],
  });
}

/** The date a template's parts carry, fixed so that making the templates again changes no byte. */
const FIXED_DATE = new Date('2026-12-01T00:00:00Z');

/** The default template of a kind, as .docx bytes: the same bytes every time. */
export async function makeTemplate(kind: DocumentKind): Promise<Buffer> {
  const zip = new PizZip(await Packer.toBuffer(templateDocument(kind)));
  const core = zip.file('docProps/core.xml');
  if (core)
    zip.file(
      'docProps/core.xml',
      core.asText().replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${FIXED_DATE.toISOString().replace('.000', '')}`),
    );
  const out = new PizZip();
  for (const name of Object.keys(zip.files).sort()) {
    const f = zip.file(name);
    if (f) out.file(name, f.asUint8Array(), { date: FIXED_DATE, createFolders: false });
  }
  return out.generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}

/**
 * Tables the Office keeps (.csv here; .xlsx is read by client/spreadsheet.ts): one reader, one
 * cell type, shared by every import (units, dossier samples). Pure. Rows stay in place (an empty
 * line is an empty row) so that a message's row number is the file's.
 */

/** A cell as a table gives it: text, a number or a boolean (an .xlsx keeps its types), or nothing. */
export type Cell = string | number | boolean | null | undefined;

/** A cell as text, trimmed; nothing is the empty string. */
export function cellText(c: Cell): string {
  return c === null || c === undefined ? '' : String(c).trim();
}

/**
 * Parses CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes), with the
 * delimiter the header line uses: comma, semicolon (Excel in Vietnamese locales) or tab. A BOM is
 * dropped. Returns the rows of cells.
 */
export function parseCsv(input: string): string[][] {
  const s = input.replace(/^\uFEFF/, '');
  const firstLine = s.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

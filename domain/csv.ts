/**
 * A CSV reader for the files the Office keeps (RFC 4180: commas or semicolons, quoted fields with
 * doubled quotes, CRLF or LF, a UTF-8 byte-order mark). Pure: the rows as strings, the first one
 * the header. The delimiter is the one of `,` and `;` the header line has more of (Excel in a
 * Vietnamese locale writes `;`).
 */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/u, '');
  const firstLine = src.slice(0, src.search(/\r?\n|$/u));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/**
 * A small CSV writer for reports: RFC 4180 quoting, UTF-8 with a BOM (so Excel opens Chinese text
 * correctly) and CRLF line ends (RFC 4180's record separator, which Excel on every platform reads;
 * every record, including the last, ends with one).
 *
 * Formula injection (OWASP): a *text* cell starting with `= + - @`, tab, CR or LF is prefixed with
 * `'` so a spreadsheet shows it as text. Numbers are written as numbers, so -5 stays -5.
 */

/** One cell: text, a number (written in shortest round-trip form), a boolean, or empty (null). */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** Record separator; default CRLF. */
  eol?: '\r\n' | '\n';
  /** Prefix a UTF-8 BOM; default true. */
  bom?: boolean;
}

const DANGEROUS = /^[=+\-@\t\r\n]/;

/** Neutralises a text value that a spreadsheet would read as a formula by prefixing `'`. */
export function neutralizeText(s: string): string {
  return DANGEROUS.test(s) ? "'" + s : s;
}

/** Text of one cell, quoted when it holds a comma, quote, CR or LF. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(Object.is(cell, -0) ? 0 : cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const s = neutralizeText(cell);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** Whole CSV text: header and rows, each record ending in `eol`. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], opts: CsvOptions = {}): string {
  const eol = opts.eol ?? '\r\n';
  const out: string[] = [];
  out.push(header.map(csvField).join(','));
  for (const r of rows) out.push(r.map(csvField).join(','));
  return (opts.bom === false ? '' : '\uFEFF') + out.join(eol) + eol;
}

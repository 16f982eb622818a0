/**
 * Writes an .xlsx from raw XML, for the files a workbook library will not write: phonetic runs in
 * shared strings, cells and rows without `r`, error cells, formulas without a saved result,
 * namespace prefixes. Each sheet is the inner XML of its `<sheetData>`; `strings` are the inner
 * XML of each shared string item (`<si>…</si>`). Style 1 is a date (numFmtId 14), style 2
 * `yyyy"年"m"月"d"日"`.
 */
import { writeFileSync } from 'node:fs';
import JSZip from 'jszip';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

export interface RawBook {
  sheets: Array<{ name: string; data: string }>;
  strings?: string[];
  /** The 1904 date system, written as date1904="1" (true) or date1904="true" ('true'). */
  date1904?: boolean | 'true';
  /** Whole parts to use as given (e.g. `xl/worksheets/sheet1.xml`), replacing the generated ones. */
  parts?: Record<string, string>;
}

/** The workbook's parts, by path in the zip. */
export function rawXlsxParts(book: RawBook): Record<string, string> {
  const n = book.sheets.length;
  const parts: Record<string, string> = {
    '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`
      + book.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`).join('')
      + `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`
      + (book.strings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` : '')
      + '</Types>',
    '_rels/.rels': `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}">${book.date1904 ? `<workbookPr date1904="${book.date1904 === 'true' ? 'true' : '1'}"/>` : ''}<sheets>`
      + book.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels': `${XML}<Relationships xmlns="${PKG}">`
      + book.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>`
      + (book.strings ? `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '')
      + '</Relationships>',
    'xl/styles.xml': `${XML}<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>`
      + '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
      + '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
      + '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
  };
  book.sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = `${XML}<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${s.data}</sheetData></worksheet>`;
  });
  if (book.strings) {
    parts['xl/sharedStrings.xml'] = `${XML}<sst xmlns="${NS}" count="${book.strings.length}" uniqueCount="${book.strings.length}">`
      + book.strings.map((si) => `<si>${si}</si>`).join('') + '</sst>';
  }
  return { ...parts, ...book.parts };
}

/** Writes the workbook to `path` (deflated, as Excel does). */
export async function writeRawXlsx(path: string, book: RawBook): Promise<string> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(rawXlsxParts(book))) zip.file(name, text);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

/** An inline-string cell (`ref` may be '' for a cell without `r`). */
export const inl = (ref: string, text: string): string =>
  `<c${ref ? ` r="${ref}"` : ''} t="inlineStr"><is><t>${text}</t></is></c>`;
/** A number cell, with a style (1 = date). */
export const num = (ref: string, v: number | string, s = 0): string =>
  `<c${ref ? ` r="${ref}"` : ''}${s ? ` s="${s}"` : ''}><v>${v}</v></c>`;
/** A shared-string cell. */
export const sst = (ref: string, i: number): string => `<c${ref ? ` r="${ref}"` : ''} t="s"><v>${i}</v></c>`;
/** A row of cells (`r` omitted when `n` is null). */
export const row = (n: number | null, ...cells: string[]): string => `<row${n === null ? '' : ` r="${n}"`}>${cells.join('')}</row>`;

/**
 * The parts of an .xlsx whose values kpi reads, parsed here rather than by exceljs's streaming
 * WorksheetReader: the shared strings (xl/sharedStrings.xml) and a worksheet's cells, on the XML
 * tokenizer exceljs itself uses (saxes), straight into `Cell`s. exceljs 4.4 still reads the
 * workbook, its relationships and the styles (xlsx-source.ts).
 *
 * Why not exceljs's own: it read valid files wrong — a string item's phonetic guide (`<rPh>`, which
 * Japanese and Chinese Excel write) replaced the text; an inline string's rich-text runs kept only
 * the last run; a cell or row without its optional `r` attribute stopped the read ("Invalid
 * Address"); an error cell that is a formula's result came back as a formula without a result; and
 * it decoded each inflated chunk on its own, so a character split between two chunks became U+FFFD.
 * What ECMA-376 (Part 1, §18.3.1 sheetData, §18.4 shared strings) says, as done here:
 * - a string item (`<si>`, or a cell's `<is>`) is its `<t>`, or the concatenated `<t>` of its
 *   `<r>` runs; `<rPh>` (phonetic reading) and `<phoneticPr>` are not part of the text; `_xHHHH_`
 *   in a string is an escaped character (§22.9.2.19 ST_Xstring);
 * - `r` is optional on `<row>` and `<c>`: a row without it is the row after the previous row, a
 *   cell without it the column after the previous cell of its row;
 * - a cell's type `t`: `s` shared string, `inlineStr`, `str` (a formula's text result), `b`
 *   boolean, `e` error, `d` ISO date text, `n` or none a number — a date when its style's number
 *   format is a date format;
 * - a formula's value is its cached `<v>`, typed by `t` like any cell's;
 * - an error (`t="e"`, typed or a formula's result) and a formula with no cached `<v>` become a
 *   `CellError`: never a blank or a text, so a row with one is reported where the plan reads it.
 */
import { createRequire } from 'node:module';
import { CellError, columnLetter, type Cell, type CellDate } from './table-source.js';

const require = createRequire(import.meta.url);

/** The tokenizer's view of a tag (saxes, with namespaces off: `name` keeps any prefix). */
interface SaxTag { name: string; attributes: Record<string, string | undefined> }
interface Sax {
  on(event: 'opentag' | 'closetag', handler: (tag: SaxTag) => void): void;
  on(event: 'text' | 'cdata', handler: (text: string) => void): void;
  write(chunk: string): void;
  close(): void;
}

let SaxesParser: (new (opts: { position: boolean }) => Sax) | null = null;

/** A saxes parser: exceljs's own dependency, resolved from exceljs so it is the version it was tested with. */
function newSax(): Sax {
  if (SaxesParser === null) {
    const fromExceljs = createRequire(require.resolve('exceljs'));
    SaxesParser = (fromExceljs('saxes') as { SaxesParser: typeof SaxesParser }).SaxesParser;
  }
  return new SaxesParser!({ position: false });
}

/** A part that breaks the file format (a cell address that is not one, a shared string that does not exist). */
export class XlsxFormatError extends Error {}

/** Largest row number and column count of a worksheet (Excel's limits, ECMA-376 §18.3.1.73). */
const MAX_ROW = 1_048_576;
const MAX_COLUMNS = 16_384;

/** A tag's name without its namespace prefix (`x:row` → `row`): some writers prefix every tag. */
function local(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Feeds the chunks of a part to the tokenizer, decoding UTF-8 across chunk boundaries, and
 * yields after each chunk (the handlers have run for everything in it).
 */
async function* feed(chunks: AsyncIterable<Buffer | string>, sax: Sax): AsyncGenerator<void> {
  const utf8 = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    sax.write(typeof chunk === 'string' ? chunk : utf8.decode(chunk, { stream: true }));
    yield;
  }
  const rest = utf8.decode();
  if (rest) sax.write(rest);
  sax.close();
  yield;
}

/**
 * A string as Excel shows it: `_xHHHH_` escapes decoded (ECMA-376 §22.9.2.19 ST_Xstring). Excel
 * writes a carriage return in a cell as `_x000D_`, and a typed `_x0041_` as `_x005F_x0041_`.
 */
function xstring(s: string): string {
  return s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** The shared string table: each item's text (`''` for an empty item). */
export async function readSharedStrings(chunks: AsyncIterable<Buffer | string>): Promise<string[]> {
  const sax = newSax();
  const out: string[] = [];
  let inItem = false, inText = false, phonetic = 0;
  let text = '';
  sax.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'si') { inItem = true; text = ''; phonetic = 0; } else if (!inItem) return;
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && phonetic === 0) inText = true;
  });
  sax.on('closetag', (tag) => {
    if (!inItem) return;
    const name = local(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si') { out.push(xstring(text)); inItem = false; }
  });
  const onText = (t: string) => { if (inText) text += t; };
  sax.on('text', onText);
  sax.on('cdata', onText);
  for await (const _ of feed(chunks, sax)) { /* handlers collect */ }
  return out;
}

/** One worksheet row as read: its row number and its cells by column (index 0 = column A). */
export interface SheetRow {
  number: number;
  cells: Cell[];
}

export interface SheetContext {
  /** The sheet's name, for the address of a `CellError` (`销售!E3`). */
  sheet: string;
  /** The shared string table (readSharedStrings). */
  strings: readonly string[];
  /** Whether cell style `s` (an index into cellXfs) has a date number format. */
  isDateStyle(s: number): boolean;
  /** The workbook counts dates from 1904 (`<workbookPr date1904="1">`). */
  date1904: boolean;
}

/** Wall-clock parts of a JS Date read with UTC getters, rounded to the second. */
export function cellDateOf(d: Date): CellDate {
  // Round to the second: Excel fractions of a day rarely land on whole milliseconds.
  const t = Math.round(d.getTime() / 1000) * 1000;
  const r = new Date(t);
  return {
    y: r.getUTCFullYear(), m: r.getUTCMonth() + 1, d: r.getUTCDate(),
    hh: r.getUTCHours(), mi: r.getUTCMinutes(), ss: r.getUTCSeconds(),
  };
}

/** An Excel serial date as a UTC Date, as exceljs converts it (1900 or 1904 system, to the millisecond). */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

const NONE = 0, VALUE = 1, FORMULA = 2, INLINE = 3;

/**
 * The rows of a worksheet part, in file order, a chunk's worth at a time. Rows of no cells come
 * too (as empty `cells`). Throws XlsxFormatError for a row or cell address that is not one and
 * for a shared string index beyond the table; the tokenizer throws on XML that is not well formed.
 */
export async function* readSheetRows(chunks: AsyncIterable<Buffer | string>, ctx: SheetContext): AsyncGenerator<SheetRow[]> {
  const sax = newSax();
  let out: SheetRow[] = [];
  let inData = false;
  /** The current row's number; between rows, the previous row's (0 before the first). */
  let rowNo = 0;
  let cells: Cell[] | null = null;
  /** The current cell's column (0-based), and the column of a next cell without `r`. */
  let col = 0, nextCol = 0;
  let inCell = false, inInline = false, phonetic = 0;
  let type: string | undefined;
  let style = 0;
  /** The text of the cell's `<v>`, `<f>` and `<is>`, or null when it has none. */
  let v: string | null = null, f: string | null = null, inline: string | null = null;
  let target = NONE;

  const where = () => `${ctx.sheet}!${columnLetter(col)}${rowNo}`;
  /** A cell with nothing in `<v>`: a formula without a saved result, or empty. */
  const noValue = (): Cell => (f === null ? null : new CellError(null, where(), f || null));
  const value = (): Cell => {
    switch (type) {
      case 's': {
        if (v === null || v.trim() === '') return noValue();
        const s = ctx.strings[Number(v)];
        if (s === undefined) {
          throw new XlsxFormatError(`cell ${where()} refers to shared string ${v.trim()}, but the workbook has ${ctx.strings.length}`);
        }
        return s === '' ? null : s;
      }
      case 'inlineStr': {
        const s = inline ?? v;
        return s === null || s === '' ? null : xstring(s);
      }
      case 'str':
        return v === null ? noValue() : v === '' ? null : xstring(v);
      case 'e': {
        const e = v === null ? '' : v.trim();
        return e === '' ? noValue() : new CellError(e, where(), f || null);
      }
      case 'b': {
        if (v === null || v.trim() === '') return noValue();
        const b = v.trim().toLowerCase();
        return !(b === '0' || b === 'false');
      }
      case 'd':
        return v === null || v.trim() === '' ? noValue() : v.trim();
      default: {
        if (v === null || v.trim() === '') return noValue();
        const x = parseFloat(v);
        if (!Number.isFinite(x)) return v.trim(); // not a number: the parsers say what it is not
        if (!ctx.isDateStyle(style)) return x;
        const d = serialDate(x, ctx.date1904);
        return Number.isNaN(d.getTime()) ? x : cellDateOf(d);
      }
    }
  };

  sax.on('opentag', (tag) => {
    const name = local(tag.name);
    if (!inData) {
      if (name === 'sheetData') inData = true;
      return;
    }
    switch (name) {
      case 'row': {
        const r = tag.attributes.r;
        if (r === undefined || r === '') rowNo++;
        else {
          const n = /^\d{1,7}$/.test(r) ? Number(r) : NaN;
          if (!(n >= 1 && n <= MAX_ROW)) throw new XlsxFormatError(`sheet ${ctx.sheet}: row number ${JSON.stringify(r)} (after row ${rowNo}) is not a row number`);
          rowNo = n;
        }
        cells = [];
        nextCol = 0;
        break;
      }
      case 'c': {
        if (cells === null) break;
        const r = tag.attributes.r;
        col = r === undefined || r === '' ? nextCol : columnOf(r);
        if (col < 0 || col >= MAX_COLUMNS) {
          throw new XlsxFormatError(r === undefined || r === ''
            ? `sheet ${ctx.sheet} row ${rowNo} has more than ${MAX_COLUMNS} cells`
            : `sheet ${ctx.sheet} row ${rowNo}: ${JSON.stringify(r)} is not a cell address`);
        }
        nextCol = col + 1;
        type = tag.attributes.t;
        const s = tag.attributes.s;
        style = s === undefined ? 0 : parseInt(s, 10) || 0;
        v = f = inline = null;
        inCell = true;
        break;
      }
      case 'v':
        if (inCell) { v = ''; target = VALUE; }
        break;
      case 'f':
        if (inCell) { f = ''; target = FORMULA; }
        break;
      case 'is':
        if (inCell) { inInline = true; inline = ''; phonetic = 0; }
        break;
      case 'rPh':
        if (inInline) phonetic++;
        break;
      case 't':
        if (inInline && phonetic === 0) target = INLINE;
        break;
      default:
        break;
    }
  });
  sax.on('closetag', (tag) => {
    if (!inData) return;
    switch (local(tag.name)) {
      case 'v': case 'f': case 't':
        target = NONE;
        break;
      case 'rPh':
        if (inInline) phonetic--;
        break;
      case 'is':
        inInline = false;
        break;
      case 'c':
        if (inCell) {
          inCell = false;
          const x = value();
          if (x !== null) {
            const row = cells!;
            if (col < row.length) row[col] = x;
            else {
              while (row.length < col) row.push(null);
              row.push(x);
            }
          }
        }
        break;
      case 'row':
        if (cells !== null) {
          out.push({ number: rowNo, cells });
          cells = null;
        }
        break;
      case 'sheetData':
        inData = false;
        break;
      default:
        break;
    }
  });
  const onText = (t: string) => {
    if (target === VALUE) v += t;
    else if (target === FORMULA) f += t;
    else if (target === INLINE) inline += t;
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  for await (const _ of feed(chunks, sax)) {
    if (out.length) {
      yield out;
      out = [];
    }
  }
}

/** The 0-based column of a cell address (`B7` → 1, `aa3` → 26), or -1 when it is not one. */
function columnOf(ref: string): number {
  let n = 0, i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
    if (n > MAX_COLUMNS) return -1;
  }
  if (i === 0 || i === ref.length) return -1;
  for (let k = i; k < ref.length; k++) {
    const c = ref.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
  }
  return n - 1;
}

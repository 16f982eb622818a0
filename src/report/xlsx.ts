/**
 * Shared exceljs helpers for the xlsx reports: a workbook with fixed metadata dates, a table sheet
 * (bold shaded header, frozen header row, autofilter, widths from content where CJK characters
 * count double, real number formats), injection-safe text, and `workbookToBuffer()`, which re-zips
 * exceljs's output with a fixed date and a fixed entry order so the same workbook gives the same
 * bytes. exceljs is loaded lazily (it is large and only xlsx output needs it).
 */
import type ExcelJSNs from 'exceljs';
import JSZip from 'jszip';
import { neutralizeText } from './csv.js';
import { displayWidth, formatNumber, formatPercent } from './format.js';

export type ExcelJS = typeof ExcelJSNs;
export type Workbook = ExcelJSNs.Workbook;
export type Worksheet = ExcelJSNs.Worksheet;

/** Every date the file carries (document properties, zip entries): 2000-01-01T00:00:00Z. */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/** Number formats. Percent cells hold fractions (0.852 shows as 85.2%). */
export const FMT = {
  money: '#,##0.00',
  percent: '0.0%',
  hours: '0.0',
  oneDecimal: '0.0',
  twoDecimals: '0.00',
  integer: '#,##0',
  date: 'yyyy-mm-dd',
} as const;

/** Loads exceljs on first use (CommonJS module: take its default export when present). */
export async function loadExcel(): Promise<ExcelJS> {
  const mod = (await import('exceljs')) as unknown as { default?: ExcelJS } & ExcelJS;
  return mod.default ?? mod;
}

/** A new workbook whose document properties carry no clock time. */
export function createWorkbook(X: ExcelJS): Workbook {
  const wb = new X.Workbook();
  wb.creator = 'kpi';
  wb.lastModifiedBy = 'kpi';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.calcProperties = { fullCalcOnLoad: false };
  return wb;
}

/** Text for a cell: a leading `= + - @`, tab, CR or LF is neutralised with `'` (see csv.ts). */
export function safeText(s: string): string {
  return neutralizeText(s);
}

export type Fill = 'met' | 'near' | 'missed' | 'none';
const FILL_ARGB: Record<Exclude<Fill, 'none'>, string> = { met: 'FFC6EFCE', near: 'FFFFEB9C', missed: 'FFFFC7CE' };
const FONT_ARGB: Record<Exclude<Fill, 'none'>, string> = { met: 'FF006100', near: 'FF9C5700', missed: 'FF9C0006' };

/** Conditional-formatting style for a status: in a dxf, a solid fill's colour is `bgColor`. */
export function statusDxf(f: Exclude<Fill, 'none'>): { fill: ExcelJSNs.Fill; font: Partial<ExcelJSNs.Font> } {
  return {
    fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: FILL_ARGB[f] } },
    font: { color: { argb: FONT_ARGB[f] } },
  };
}

/** A solid fill + font colour pair for met (green) / near (yellow) / missed (red). */
export function statusStyle(f: Exclude<Fill, 'none'>): { fill: ExcelJSNs.Fill; font: Partial<ExcelJSNs.Font> } {
  return {
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_ARGB[f] } },
    font: { color: { argb: FONT_ARGB[f] } },
  };
}

export type Primitive = string | number | boolean | Date | null | undefined;
/** A cell: a bare value, or a value with its own number format and/or status colour. */
export type XCell = Primitive | { v: Primitive; fmt?: string; fill?: Fill };

export interface ColumnSpec {
  header: string;
  /** Number format for number cells of the column (a cell's own `fmt` wins). */
  fmt?: string;
  /** Cap on the computed width (characters); default 60. */
  maxWidth?: number;
}

/** Spreadsheet column letters of a 1-based index: 1 → A, 28 → AB. */
export function colLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Rough displayed text of a value under a format, for column widths. */
function shownText(v: Primitive, fmt: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return '0000-00-00';
  if (typeof v === 'number') {
    if (fmt === FMT.percent) return formatPercent(v);
    if (fmt === FMT.money || fmt === FMT.twoDecimals) return formatNumber(v, 2);
    if (fmt === FMT.oneDecimal) return formatNumber(v, 1);
    if (fmt === FMT.integer) return formatNumber(v, 0);
    return String(v);
  }
  return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v;
}

/** Writes one value into a cell: strings through safeText, numbers as numbers, format and fill. */
export function setCell(cell: ExcelJSNs.Cell, x: XCell, colFmt?: string): void {
  const obj = x !== null && typeof x === 'object' && !(x instanceof Date) ? x : { v: x as Primitive };
  const v = obj.v;
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) {
    cell.value = null;
  } else if (typeof v === 'string') {
    cell.value = safeText(v);
  } else {
    cell.value = v;
    const fmt = obj.fmt ?? colFmt ?? (v instanceof Date ? FMT.date : undefined);
    if (fmt && typeof v !== 'boolean') cell.numFmt = fmt;
  }
  if (obj.fill && obj.fill !== 'none') {
    const st = statusStyle(obj.fill);
    cell.fill = st.fill;
    cell.font = st.font;
  }
}

/** Styles row `r` of `ws` as a header: bold on light grey with a bottom border. */
export function styleHeaderRow(ws: Worksheet, r: number, ncols: number): void {
  const row = ws.getRow(r);
  for (let c = 1; c <= ncols; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.border = { bottom: { style: 'thin' } };
    cell.alignment = { vertical: 'middle' };
  }
}

/**
 * Adds a sheet holding one table: header row 1 (styled, frozen, autofiltered) and `rows` below.
 * Column widths come from the longest shown value (CJK counts double), between 6 and maxWidth.
 * `freezeCols`: the leading columns that say whose row it is (id, name), kept in view when
 * scrolling right and printed on every page, as the header row is.
 */
export function addTableSheet(
  wb: Workbook, name: string, columns: readonly ColumnSpec[], rows: readonly (readonly XCell[])[], opts: { freezeCols?: number } = {},
): Worksheet {
  const cols = opts.freezeCols ?? 0;
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: cols, ySplit: 1 }] });
  writeTable(ws, 1, columns, rows);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: Math.max(1, Math.ceil(columns.length / 12)),
    fitToHeight: 0, printTitlesRow: '1:1', ...(cols ? { printTitlesColumn: `A:${colLetter(cols)}` } : {}) };
  return ws;
}

/** Writes a header + rows block starting at row `top`, and widens columns to fit it. */
export function writeTable(ws: Worksheet, top: number, columns: readonly ColumnSpec[], rows: readonly (readonly XCell[])[]): void {
  const header = ws.getRow(top);
  columns.forEach((c, i) => { header.getCell(i + 1).value = safeText(c.header); });
  styleHeaderRow(ws, top, columns.length);
  rows.forEach((r, ri) => {
    const row = ws.getRow(top + 1 + ri);
    columns.forEach((c, ci) => setCell(row.getCell(ci + 1), r[ci], c.fmt));
  });
  columns.forEach((c, ci) => {
    let w = displayWidth(c.header) + 3; // room for the autofilter button
    for (const r of rows) {
      const x = r[ci];
      const obj = x !== null && typeof x === 'object' && !(x instanceof Date) ? x : { v: x as Primitive };
      const t = shownText(obj.v, obj.fmt ?? c.fmt);
      w = Math.max(w, displayWidth(typeof obj.v === 'string' ? safeText(t) : t) + 2);
    }
    const col = ws.getColumn(ci + 1);
    // +0.7: Excel's cell padding; it also keeps widths off exceljs's default 9, which it drops.
    col.width = Math.max(col.width ?? 0, Math.min(Math.max(w, 6), c.maxWidth ?? 60) + 0.7);
  });
}

/** Zip entries first in this order, then the rest by name. */
const FIRST = ['[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml'];

/**
 * The workbook as .xlsx bytes, reproducible: exceljs writes the package, then every entry is
 * re-zipped with FIXED_DATE, DEFLATE level 6, DOS attributes and a fixed entry order.
 */
export async function workbookToBuffer(wb: Workbook): Promise<Buffer> {
  const raw = await wb.xlsx.writeBuffer();
  const src = await JSZip.loadAsync(raw as ArrayBuffer);
  const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
  names.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out = new JSZip();
  for (const n of names) {
    const data = await src.files[n].async('uint8array');
    out.file(n, data, { date: FIXED_DATE, createFolders: false, binary: true });
  }
  return out.generateAsync({
    type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS', streamFiles: false,
  });
}

function rank(name: string): number {
  const i = FIRST.indexOf(name);
  return i < 0 ? FIRST.length : i;
}

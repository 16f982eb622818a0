/**
 * Streaming reader for .xlsx exports, the one adapter around exceljs (PITFALLS.md): zip and size
 * guards before parsing, the streaming WorkbookReader with cached styles (so date cells arrive as
 * dates) and cached shared strings, and one `cellToPrimitive()` for every shape a cell value takes.
 */
import { sha256File } from './sha256.js';
import { zipSummary } from './zip-guard.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
import {
  checkHeader, columnLetter, openedFromEvents, tableError, type Cell, type CellDate, type OpenedTable, type RowBatch,
  type TableInfo, type TableSpec,
} from './table-source.js';

const MiB = 1024 * 1024;
const DEFAULT_MAX_FILE = 512 * MiB;
const DEFAULT_MAX_UNCOMPRESSED = 1024 * MiB;
/** Largest expansion ratio accepted for an entry over 10 MiB expanded (see zip-guard.ts). */
const MAX_RATIO = 100;
const BATCH_ROWS = 500;

/** Wall-clock parts of a JS Date read with UTC getters (exceljs stores cell dates as UTC). */
export function cellDateOf(d: Date): CellDate {
  // Round to the second: Excel fractions of a day rarely land on whole milliseconds.
  const t = Math.round(d.getTime() / 1000) * 1000;
  const r = new Date(t);
  return {
    y: r.getUTCFullYear(), m: r.getUTCMonth() + 1, d: r.getUTCDate(),
    hh: r.getUTCHours(), mi: r.getUTCMinutes(), ss: r.getUTCSeconds(),
  };
}

/** Signals a formula cell saved without a cached result (the file was never calculated). */
export class FormulaWithoutResult extends Error {}

/**
 * Turns any exceljs cell value into a `Cell`: rich text → its text; hyperlink → its text;
 * formula / shared formula → the cached result (none → `FormulaWithoutResult`); error values →
 * their text (`#N/A`, so parsers report them as bad values); Date → `CellDate` (UTC getters).
 */
export function cellToPrimitive(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : '#NUM!';
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : cellDateOf(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return (o.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    }
    if ('formula' in o || 'sharedFormula' in o) {
      if (!('result' in o) || o.result === undefined) throw new FormulaWithoutResult();
      const r = o.result;
      if (typeof r === 'number' && Number.isNaN(r)) return '#VALUE!';
      if (r !== null && typeof r === 'object' && 'error' in (r as object)) return String((r as { error: unknown }).error);
      return cellToPrimitive(r);
    }
    if ('error' in o) return String(o.error);
    if ('hyperlink' in o || 'text' in o) return cellToPrimitive(o.text);
    if ('sharedString' in o) return null;
  }
  return String(v);
}

/** Header text of a cell. */
function headerText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'object') {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${c.y}-${p(c.m)}-${p(c.d)}`;
  }
  return String(c).trim();
}

/** Opens an .xlsx; see `openTable`. `size` is the file size in bytes. */
export async function openXlsx(spec: TableSpec, size: number): Promise<OpenedTable> {
  const maxFile = spec.maxXlsxFileBytes ?? DEFAULT_MAX_FILE;
  const headerRow = spec.headerRow ?? 1;
  const maxUnz = spec.maxXlsxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED;
  if (size > maxFile) {
    throw tableError(spec, 'xlsx_too_large',
      `${spec.displayPath} is ${(size / MiB).toFixed(1)} MiB; the limit is ${(maxFile / MiB).toFixed(0)} MiB — export CSV instead`);
  }
  const zip = await zipSummary(spec.path, size);
  if (zip === null) {
    throw tableError(spec, 'xlsx_invalid',
      `${spec.displayPath} is not a valid .xlsx workbook (not a zip archive); if it is an old .xls or a CSV renamed to .xlsx, save it again as .xlsx or use the right extension`);
  }
  if (zip.uncompressed > maxUnz) {
    throw tableError(spec, 'xlsx_too_large',
      `${spec.displayPath} expands to ${(zip.uncompressed / MiB).toFixed(0)} MiB when unzipped; the limit is ${(maxUnz / MiB).toFixed(0)} MiB — export CSV instead`);
  }
  if (zip.worst && zip.worst.ratio > MAX_RATIO) {
    throw tableError(spec, 'xlsx_too_large',
      `${spec.displayPath}: ${zip.worst.name} expands ${zip.worst.ratio.toFixed(0)}:1 to ${(zip.worst.uncompressed / MiB).toFixed(0)} MiB (real worksheets expand about 5–20:1); refusing a likely zip bomb — export CSV instead`);
  }
  const sha256 = await sha256File(spec.path);
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(spec.path, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  readInDirectoryOrder(reader, spec.path);
  const info: TableInfo = { kind: 'xlsx', header: [], headerRow: 1, sha256 };

  async function* events(): AsyncGenerator<RowBatch | string[]> {
    const seen: string[] = [];
    let found = false;
    try {
      for await (const ws of reader as AsyncIterable<{ name?: string; id?: number } & AsyncIterable<unknown>>) {
        const name = ws.name ?? `Sheet${ws.id ?? seen.length + 1}`;
        seen.push(name);
        if (spec.sheet !== undefined && name !== spec.sheet && name.trim() !== spec.sheet.trim()) {
          // Read a skipped sheet to its end, so its entry stream is closed before the next opens.
          for await (const _row of ws) { /* skipped sheet */ }
          continue;
        }
        found = true;
        info.sheet = name;
        let header: string[] | null = null;
        let batch: RowBatch = { rows: [], rowNumbers: [] };
        for await (const rowObj of ws) {
          const row = rowObj as { number: number; values: unknown[] };
          const values = row.values;
          const cells: Cell[] = [];
          let blank = true;
          for (let c = 1; c < values.length; c++) {
            let cell: Cell;
            try {
              cell = cellToPrimitive(values[c]);
            } catch (e) {
              if (e instanceof FormulaWithoutResult) {
                throw tableError(spec, 'xlsx_formula_no_result',
                  `cell ${name}!${columnLetter(c - 1)}${row.number} holds a formula without a saved result; open the file in Excel/WPS and save it again`,
                  { sheet: name, row: row.number });
              }
              throw e;
            }
            if (cell !== null && !(typeof cell === 'string' && cell.trim() === '')) blank = false;
            cells.push(cell);
          }
          if (blank) continue;
          if (header === null) {
            if (row.number < headerRow) continue; // a title or notes above the headers (header_row)
            header = cells.map(headerText);
            while (header.length && header[header.length - 1] === '') header.pop();
            checkHeader(spec, header, row.number, name);
            info.header = header;
            info.headerRow = row.number;
            yield header;
            continue;
          }
          while (cells.length < header.length) cells.push(null);
          batch.rows.push(cells);
          batch.rowNumbers.push(row.number);
          if (batch.rows.length >= BATCH_ROWS) {
            yield batch;
            batch = { rows: [], rowNumbers: [] };
          }
        }
        if (batch.rows.length) yield batch;
        if (header === null) yield [];
        break;
      }
    } catch (e) {
      if ((e as { diagnostic?: unknown }).diagnostic) throw e;
      throw tableError(spec, 'xlsx_invalid', `${spec.displayPath} could not be read as .xlsx: ${(e as Error).message}`);
    } finally {
      const s = (reader as unknown as { stream?: { destroy?: () => void } }).stream;
      s?.destroy?.();
    }
    if (!found) {
      throw tableError(spec, 'sheet_missing',
        spec.sheet === undefined
          ? `${spec.displayPath} has no worksheets`
          : `${spec.displayPath} has no sheet named ${JSON.stringify(spec.sheet)}; sheets present: ${seen.map((s) => JSON.stringify(s)).join(', ') || '(none)'}`,
        { sheet: spec.sheet });
    }
  }

  return openedFromEvents(spec, info, events(), () => ({
    message: headerRow > 1
      ? `${spec.displayPath}${info.sheet ? ` [${info.sheet}]` : ''} has no header row at or below row ${headerRow} (header_row: ${headerRow})`
      : `${spec.displayPath}${info.sheet ? ` [${info.sheet}]` : ''} has no header row (the sheet is blank)`,
    extra: { sheet: info.sheet },
  }));
}

/**
 * exceljs 4.4's streaming reader walks the zip in stored order. Most writers (Excel, exceljs
 * itself) store worksheets before sharedStrings.xml — and exceljs stores workbook.xml last — so
 * the reader parks each sheet in a temp file (left behind when a read stops early; its lazily
 * opened stream fails with an uncaught ENOENT when a skipped sheet's file is deleted) and now and
 * then parses a sheet before the workbook (exceljs#3064: "Cannot read properties of undefined
 * (reading 'sheets')"). Reading through the zip's central directory instead takes the parts in
 * the order they are needed — relationships, workbook, shared strings, styles, then the sheets
 * in the workbook's own order — each entry still streamed row by row, with no temp files. The
 * reader's own part parsers do the work; only the order changes (as in exceljs PR #3065).
 */
function readInDirectoryOrder(reader: unknown, path: string): void {
  type Part = { stream(): NodeJS.ReadableStream };
  type Parser = {
    _parseRels(s: NodeJS.ReadableStream): Promise<void>;
    _parseWorkbook(s: NodeJS.ReadableStream): Promise<void>;
    _parseSharedStrings(s: NodeJS.ReadableStream): AsyncGenerator<unknown>;
    _parseStyles(s: NodeJS.ReadableStream): Promise<void>;
    _parseWorksheet(it: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
    workbookRels?: { Id: string; Target: string }[];
    model?: { sheets?: { rId: string }[] };
    parse(): AsyncGenerator<unknown>;
  };
  const r = reader as Parser;
  r.parse = async function* parse(this: Parser) {
    const unzipper = require('unzipper') as { Open: { file(p: string): Promise<{ files: ({ path: string } & Part)[] }> } };
    const iterateStream = require('exceljs/lib/utils/iterate-stream') as (s: NodeJS.ReadableStream) => AsyncIterable<unknown>;
    const dir = await unzipper.Open.file(path);
    const byPath = new Map(dir.files.map((f) => [f.path, f] as const));
    const part = (name: string) => byPath.get(name)?.stream();
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await this._parseRels(rels);
    const workbook = part('xl/workbook.xml');
    if (workbook) await this._parseWorkbook(workbook);
    const strings = part('xl/sharedStrings.xml');
    if (strings) yield* this._parseSharedStrings(strings);
    const styles = part('xl/styles.xml');
    if (styles) await this._parseStyles(styles);
    // Sheets in the workbook's order (what Excel shows as the first sheet), then any others.
    const order = new Map<string, number>();
    (this.model?.sheets ?? []).forEach((sh, i) => {
      const rel = (this.workbookRels ?? []).find((x) => x.Id === sh.rId);
      if (rel) order.set(rel.Target.replace(/^\/?(xl\/)?/, ''), i);
    });
    const sheets = dir.files
      .map((f) => ({ f, m: /^xl\/(worksheets\/sheet(\d+)\.xml)$/.exec(f.path) }))
      .filter((x): x is { f: typeof x.f; m: RegExpExecArray } => x.m !== null)
      .sort((a, b) => (order.get(a.m[1]) ?? 1e9 + Number(a.m[2])) - (order.get(b.m[1]) ?? 1e9 + Number(b.m[2])));
    for (const { f, m } of sheets) yield* this._parseWorksheet(iterateStream(f.stream()), m[2]);
  };
}

/**
 * The sheet names of a workbook in its own order (the tabs as Excel shows them), read from
 * xl/workbook.xml through the zip's central directory without touching the sheets; null when the
 * file is not a readable workbook.
 */
export async function sheetNames(path: string): Promise<string[] | null> {
  try {
    const unzipper = require('unzipper') as { Open: { file(p: string): Promise<{ files: { path: string; buffer(): Promise<Buffer> }[] }> } };
    const dir = await unzipper.Open.file(path);
    const wb = dir.files.find((f) => f.path === 'xl/workbook.xml');
    if (!wb) return null;
    const xml = (await wb.buffer()).toString('utf8');
    const names: string[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)) names.push(xmlText(m[1]));
    return names;
  } catch {
    return null;
  }
}

function xmlText(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex, dec, named) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec))
      : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[named.toLowerCase()]);
}

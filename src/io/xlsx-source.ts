/**
 * Streaming reader for .xlsx exports, the one adapter around exceljs (PITFALLS.md): zip and size
 * guards before parsing; the workbook's parts taken through the zip's central directory in the
 * order they are needed; exceljs parses the relationships, the workbook and the styles (so date
 * cells arrive as dates), xlsx-cells.ts the shared strings and the worksheet's cells.
 */
import { sha256File } from './sha256.js';
import { zipSummary } from './zip-guard.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
import {
  CellError, openedFromEvents, tableError, type Cell, type OpenedTable, type RowBatch,
  type TableInfo, type TableSpec,
} from './table-source.js';
import { readSharedStrings, readSheetRows, XlsxFormatError } from './xlsx-cells.js';

const MiB = 1024 * 1024;
const DEFAULT_MAX_FILE = 512 * MiB;
const DEFAULT_MAX_UNCOMPRESSED = 1024 * MiB;
/** Largest expansion ratio accepted for an entry over 10 MiB expanded (see zip-guard.ts). */
const MAX_RATIO = 100;
const BATCH_ROWS = 500;

/** Header text of a cell (an error cell: the error as Excel shows it, `#REF!`). */
function headerText(c: Cell): string {
  if (c === null) return '';
  if (c instanceof CellError) return c.error ?? '';
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
  const info: TableInfo = { kind: 'xlsx', header: [], headerRow: 1, sha256 };

  async function* events(): AsyncGenerator<RowBatch | string[]> {
    const seen: string[] = [];
    let found = false;
    try {
      const book = await openBook(spec.path);
      // The archive's declared sizes were checked above; a damaged or hostile file may declare
      // less than its parts inflate to, so the bytes actually inflated are counted too.
      let left = maxUnz;
      const inflate = (part: Part): AsyncIterable<Buffer> => (async function* () {
        for await (const chunk of part.stream()) {
          left -= chunk.length;
          if (left < 0) {
            throw tableError(spec, 'xlsx_too_large',
              `${spec.displayPath} inflates past ${(maxUnz / MiB).toFixed(0)} MiB although the archive declares less: a damaged or hostile file — export CSV instead`);
          }
          yield chunk;
        }
      })();
      for (const sheet of book.sheets) {
        const name = sheet.name;
        seen.push(name);
        if (spec.sheet !== undefined && name !== spec.sheet && name.trim() !== spec.sheet.trim()) continue;
        found = true;
        info.sheet = name;
        const strings = await book.strings(inflate);
        let header: string[] | null = null;
        let batch: RowBatch = { rows: [], rowNumbers: [] };
        const ctx = { sheet: name, strings, isDateStyle: book.isDateStyle, date1904: book.date1904 };
        for await (const rows of readSheetRows(inflate(sheet.part), ctx)) {
          for (const row of rows) {
            const cells = row.cells;
            let blank = true;
            for (let c = 0; c < cells.length && blank; c++) {
              const cell = cells[c];
              if (cell !== null && !(typeof cell === 'string' && cell.trim() === '')) blank = false;
            }
            if (blank) continue;
            if (header === null) {
              if (row.number < headerRow) continue; // a title or notes above the headers (header_row)
              // A header without its text cannot be matched to a field, nor a field be said to be
              // missing: the one cell problem that stops the read (cells below are row problems).
              const unsaved = cells.find((c): c is CellError => c instanceof CellError && c.error === null);
              if (unsaved) {
                throw tableError(spec, 'xlsx_formula_no_result',
                  `header cell ${unsaved.ref} holds a formula without a saved result; open the file in Excel/WPS and save it again`,
                  { sheet: name, row: row.number });
              }
              header = [];
              for (const c of cells) header.push(headerText(c));
              while (header.length && header[header.length - 1] === '') header.pop();
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
        }
        if (batch.rows.length) yield batch;
        if (header === null) yield [];
        break;
      }
    } catch (e) {
      if ((e as { diagnostic?: unknown }).diagnostic) throw e;
      if (e instanceof RangeError && /string length/i.test(e.message)) {
        // One text run longer than a JS string can hold (hundreds of MB; an Excel cell holds 32,767 characters).
        throw tableError(spec, 'xlsx_too_large', `${spec.displayPath} holds a text far longer than any spreadsheet cell: a damaged or hostile file — export CSV instead`,
          info.sheet === undefined ? {} : { sheet: info.sheet });
      }
      const what = e instanceof XlsxFormatError ? 'is not a valid .xlsx workbook' : 'could not be read as .xlsx';
      throw tableError(spec, 'xlsx_invalid', `${spec.displayPath} ${what}: ${(e as Error).message}`,
        info.sheet === undefined ? {} : { sheet: info.sheet });
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

/** A zip entry, streamed on demand. */
interface Part { path: string; stream(): NodeJS.ReadableStream & AsyncIterable<Buffer>; buffer(): Promise<Buffer> }

/** What openBook found: the worksheets in the workbook's order, and what their cells need. */
interface Book {
  sheets: { name: string; part: Part }[];
  /** The shared string table, read on the first call. */
  /** The shared strings, read once through `read` (which may count or limit the inflated bytes). */
  strings(read?: (part: Part) => AsyncIterable<Buffer>): Promise<string[]>;
  isDateStyle(s: number): boolean;
  date1904: boolean;
}

/**
 * Opens a workbook through the zip's central directory. exceljs 4.4's streaming reader walks the
 * zip in stored order; most writers (Excel, exceljs itself) store worksheets before
 * sharedStrings.xml — and exceljs stores workbook.xml last — so that reader parks each sheet in a
 * temp file (left behind when a read stops early; its lazily opened stream fails with an uncaught
 * ENOENT when a skipped sheet's file is deleted) and now and then parses a sheet before the
 * workbook (exceljs#3064: "Cannot read properties of undefined (reading 'sheets')"). Here the parts
 * come in the order they are needed — relationships, workbook, styles (exceljs's own parsers, as in
 * exceljs PR #3065), then, when a sheet is read, the shared strings and that sheet alone
 * (xlsx-cells.ts), each streamed, with no temp files.
 */
async function openBook(path: string): Promise<Book> {
  type Parser = {
    _parseRels(s: NodeJS.ReadableStream): Promise<void>;
    _parseWorkbook(s: NodeJS.ReadableStream): Promise<void>;
    _parseStyles(s: NodeJS.ReadableStream): Promise<void>;
    workbookRels?: { Id: string; Type?: string; Target: string }[];
    model?: { sheets?: { name: string; rId: string }[] };
    styles: { getStyleModel(id: number): { numFmt?: string } | null };
  };
  const unzipper = require('unzipper') as { Open: { file(p: string): Promise<{ files: Part[] }> } };
  const dir = await unzipper.Open.file(path);
  const byPath = new Map(dir.files.map((f) => [f.path, f] as const));
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as Parser;
  const rels = byPath.get('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels.stream());
  const workbook = byPath.get('xl/workbook.xml');
  if (workbook) await reader._parseWorkbook(workbook.stream());
  // The 1904 date system: exceljs takes only date1904="1", but an ECMA-376 boolean may be "true"
  // too (LibreOffice and some generators write it): dates would read four years off.
  const date1904 = workbook !== undefined
    && /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test((await workbook.buffer()).toString('utf8'));
  // A relationship's target is relative to xl/ (the workbook's folder), or absolute from the root.
  const partOf = (type: string, fallback: string): Part | undefined => {
    const rel = (reader.workbookRels ?? []).find((r) => r.Type?.endsWith(`/${type}`));
    return (rel && (byPath.get(rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`) ?? byPath.get(rel.Target)))
      ?? byPath.get(fallback);
  };
  const styles = partOf('styles', 'xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());
  const { isDateFmt } = require('exceljs/lib/utils/utils') as { isDateFmt(fmt: string | undefined): boolean };
  const dateStyles = new Map<number, boolean>();
  const isDateStyle = (s: number): boolean => {
    let d = dateStyles.get(s);
    if (d === undefined) {
      d = isDateFmt(reader.styles.getStyleModel(s)?.numFmt);
      dateStyles.set(s, d);
    }
    return d;
  };
  // Sheets in the workbook's order (what Excel shows as the first sheet), then any others.
  const order = new Map<string, number>();
  (reader.model?.sheets ?? []).forEach((sh, i) => {
    const rel = (reader.workbookRels ?? []).find((x) => x.Id === sh.rId);
    if (rel) order.set(rel.Target.replace(/^\/?(xl\/)?/, ''), i);
  });
  const sheets = dir.files
    .map((f) => ({ f, m: /^xl\/(worksheets\/sheet(\d+)\.xml)$/.exec(f.path) }))
    .filter((x): x is { f: Part; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => (order.get(a.m[1]) ?? 1e9 + Number(a.m[2])) - (order.get(b.m[1]) ?? 1e9 + Number(b.m[2])))
    .map(({ f, m }) => {
      const i = order.get(m[1]);
      return { name: i === undefined ? `Sheet${m[2]}` : reader.model!.sheets![i].name, part: f };
    });
  let strings: Promise<string[]> | null = null;
  return {
    sheets,
    strings: (read = (p: Part) => p.stream()) => {
      if (strings === null) {
        const part = partOf('sharedStrings', 'xl/sharedStrings.xml');
        strings = part ? readSharedStrings(read(part)) : Promise.resolve([]);
      }
      return strings;
    },
    isDateStyle,
    date1904,
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

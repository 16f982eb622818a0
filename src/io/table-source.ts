/**
 * One streaming interface over every tabular export: a header, then batches of rows, each row
 * carrying the source row number that an error message should cite (PRODUCT.md §13: CSV = the
 * file line where the record starts, header = line 1; XLSX = the sheet's row number).
 *
 * No business rules live here: cells come out as read (text for CSV, primitives for XLSX).
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Encoding } from '../plan/types.js';

/** A date/time cell from an xlsx, as wall-clock parts (month 1-12), never a JS Date. */
export interface CellDate {
  y: number;
  m: number;
  d: number;
  hh: number;
  mi: number;
  ss: number;
}

/**
 * An xlsx cell that holds no value to read: an Excel error (`#DIV/0!`, `#N/A`, … — typed, or the
 * saved result of a formula), or, with `error` null, a formula saved without its result (the file
 * was written by a program that does not calculate). Never a blank: a row with one in a column
 * the plan reads is a row problem (ingest/source-reader.ts); elsewhere in the row it is ignored.
 */
export class CellError {
  constructor(
    /** The error as Excel shows it (`#DIV/0!`), or null for a formula without a saved result. */
    readonly error: string | null,
    /** Where the cell is, as Excel writes it: `销售!E3`. */
    readonly ref: string,
    /** The cell's formula without its `=`, or null (an error typed in, or a shared formula's copy). */
    readonly formula: string | null,
  ) {}
}

/** One cell: text (CSV always), or an xlsx primitive, date or error. `null` = empty. */
export type Cell = string | number | boolean | null | CellDate | CellError;

export interface RowBatch {
  rows: Cell[][];
  /** Source row number of each row in `rows` (same length). */
  rowNumbers: number[];
}

/** What to open. `path` is absolute; `displayPath` is how messages name the file. */
export interface TableSpec {
  path: string;
  displayPath: string;
  sheet?: string;
  /** Line (text) or sheet row (xlsx) where the header is; records above it are skipped. Default: the first non-blank. */
  headerRow?: number;
  encoding?: Encoding;
  /** 'auto' or the delimiter character. */
  delimiter?: string;
  /** Largest accepted single field, in characters (default 1 MiB). */
  maxFieldChars?: number;
  /** Largest accepted xlsx file / total uncompressed size, in bytes (default 256 MiB / 1 GiB). */
  maxXlsxFileBytes?: number;
  maxXlsxUncompressedBytes?: number;
}

export interface TableInfo {
  kind: 'text' | 'xlsx';
  header: string[];
  /** Row number of the header line (1 for CSV; the sheet row for xlsx). */
  headerRow: number;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  /** Hex SHA-256 of the file's bytes; complete once `batches` has been fully consumed. */
  sha256?: string;
  /**
   * Rough number of data rows in the file (file size ÷ bytes per row of the first chunk), known
   * once the header has been read; absent when it cannot be guessed (xlsx). Only for pre-sizing
   * buffers: never rely on it.
   */
  estimatedRows?: number;
}

/**
 * Takes plain records straight from a text file's bytes (see `OpenedTable.byteRows`), so a hot
 * export (a million sales lines) is read without a string per field.
 */
export interface ByteRowSink {
  /**
   * One record whose bytes are all ASCII, with no `"`, no CR but a CRLF terminator's, something other than
   * blanks and delimiters, and exactly as many fields as the header: field k is
   * buf[f[k], f[k+1] - 1). `rowNo` is its file line. Returns false, having done nothing, when the
   * caller wants it read the usual way: the reader then decodes it and delivers it in a RowBatch
   * before any later record (file order holds across both ways). `buf` and `f` are reused once
   * the call returns: copy what is kept.
   */
  row(buf: Buffer, f: Int32Array, rowNo: number): boolean;
  /** Called after each chunk of bytes the sink was offered (progress reporting). */
  chunkDone(): void;
}

export interface OpenedTable {
  info: TableInfo;
  /** Warnings found while opening (e.g. header_only is added by the caller when no rows came). */
  warnings: Diagnostic[];
  batches: AsyncIterable<RowBatch>;
  /**
   * Text tables only: offers records to `sink` from the bytes before they are decoded (call before
   * iterating `batches`). Returns false when the file does not qualify (encoding other than UTF-8
   * or GB18030, a delimiter that is not one ASCII byte, `\r` line breaks); then every row comes
   * in `batches` as before. Rows the sink takes do not appear in `batches`.
   */
  byteRows?: (sink: ByteRowSink) => boolean;
  /** Stops reading early and releases the file (safe to call after the end). */
  close(): Promise<void>;
}

/** A file-level problem (missing, empty, unreadable, …): carries the diagnostic to report. */
export class TableError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Builds a TableError for a spec. */
export function tableError(spec: TableSpec, code: string, message: string, extra: Partial<Diagnostic> = {}): TableError {
  return new TableError({ code, severity: 'error', message, file: spec.displayPath, ...extra });
}

/**
 * The OpenedTable of a reader's event stream: the stream yields the header (string[]) first,
 * then RowBatches. No header at all is `file_empty`, worded by `empty()` (called after the
 * first event, when e.g. the sheet name is known).
 */
export async function openedFromEvents(
  spec: TableSpec, info: TableInfo, events: AsyncGenerator<RowBatch | string[]>,
  empty: () => { message: string; extra?: Partial<Diagnostic> },
): Promise<OpenedTable> {
  const first = await events.next();
  if (first.done || !Array.isArray(first.value) || (first.value as string[]).length === 0) {
    const { message, extra } = empty();
    throw tableError(spec, 'file_empty', message, extra);
  }
  async function* rest(): AsyncGenerator<RowBatch> {
    for (;;) {
      const r = await events.next();
      if (r.done) return;
      if (!Array.isArray(r.value)) yield r.value;
    }
  }
  return { info, warnings: [], batches: rest(), close: async () => { await events.return(undefined); } };
}

/**
 * Opens a CSV/TSV/TXT or XLSX export for streaming. Throws `TableError` for file-level problems
 * (file_missing, file_empty, xls_unsupported, xlsx_invalid, xlsx_too_large, sheet_missing,
 * file_unreadable; duplicate headers are judged later, see duplicateHeader); iterating `batches` may throw `TableError` too
 * (field_too_large, file_unreadable).
 */
export async function openTable(spec: TableSpec): Promise<OpenedTable> {
  let size: number;
  try {
    const st = await stat(spec.path);
    if (!st.isFile()) throw tableError(spec, 'file_unreadable', `${spec.displayPath} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof TableError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw tableError(spec, 'file_missing', `file not found (looked for ${spec.path}; paths in the plan are relative to the plan's folder)`);
    throw tableError(spec, 'file_unreadable', `cannot read ${spec.displayPath}: ${(e as Error).message}`);
  }
  if (size === 0) throw tableError(spec, 'file_empty', `${spec.displayPath} is empty (0 bytes)`);
  // Opened once here: a file the user may not read is file_unreadable, not a crash in a reader;
  // its first bytes tell a binary file named .csv (a PNG, a zip) from a text export.
  let head: Buffer;
  try {
    const fh = await open(spec.path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size, 4096));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw tableError(spec, 'file_unreadable', code === 'EACCES' || code === 'EPERM'
      ? `${spec.displayPath} cannot be read: permission denied (the user running kpi needs read access)`
      : `cannot read ${spec.displayPath}: ${(e as Error).message}`);
  }
  const ext = extname(spec.path).toLowerCase();
  if (ext === '.xls') {
    throw tableError(spec, 'xls_unsupported',
      `${spec.displayPath} is an old binary .xls workbook, which is not supported: open it in Excel/WPS and save it as .xlsx (or export CSV)`);
  }
  if (ext === '.xlsx' || ext === '.xlsm') {
    const { openXlsx } = await import('./xlsx-source.js');
    return openXlsx(spec, size);
  }
  const binary = binaryKind(head);
  if (binary) {
    throw tableError(spec, 'file_unreadable', `${spec.displayPath} is ${binary}, not a text export (CSV/TSV/TXT)${binary.includes('xlsx') ? ': name it .xlsx' : ''}`);
  }
  const { openText } = await import('./text-source.js');
  return openText(spec);
}

/**
 * What a file named .csv/.txt really is when its first bytes say it is binary: a zip (an .xlsx),
 * an old .xls, a PDF, an image, or bytes with NULs outside UTF-16 text. Null for text.
 */
function binaryKind(b: Buffer): string | null {
  const starts = (...m: number[]) => m.every((x, i) => b[i] === x);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a zip archive (an .xlsx workbook?)';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an old binary .xls workbook';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF';
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46, 0x38)) return 'an image';
  // UTF-16 text (with or without a BOM) has its NULs on one side of each byte pair only — the
  // high byte of ASCII characters (text-source's detectEncoding reads it the same way); other
  // text has none.
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return null;
  let even = 0, odd = 0;
  for (let i = 0; i + 1 < b.length; i += 2) { if (b[i] === 0) even++; if (b[i + 1] === 0) odd++; }
  if (even + odd === 0 || (even === 0) !== (odd === 0)) return null;
  return 'binary data (it holds NUL bytes)';
}

/**
 * duplicate_header for the first of the `used` columns whose header another column also has
 * (equal after trimming), or null. Only the columns kpi reads are checked: two `备注` columns
 * nobody maps are common in ERP exports and harmless, but a column kpi reads must be one column.
 */
export function duplicateHeader(
  file: string, header: readonly string[], used: Iterable<number>, row: number, sheet?: string,
): Diagnostic | null {
  for (const i of used) {
    const h = header[i]?.trim();
    if (!h) continue;
    const j = header.findIndex((x, k) => k !== i && x.trim() === h);
    if (j < 0) continue;
    const [a, b] = i < j ? [i, j] : [j, i];
    return { code: 'duplicate_header', severity: 'error', file, sheet, row, column: h,
      message: `column header ${JSON.stringify(h)} appears twice (columns ${a + 1} and ${b + 1}) and kpi reads it; rename one of them` };
  }
  return null;
}

/** Column letter(s) of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(i: number): string {
  let s = '';
  let n = i + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

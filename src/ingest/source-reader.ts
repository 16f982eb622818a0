/**
 * The shared loop of every export: open the table, build `join:` lookups, map columns, apply
 * `exclude:`, hand each row to an export-specific handler, and turn row problems into
 * diagnostics (errors, or `row_skipped` warnings with `skipInvalid`). Also fills SourceStats.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { SourceStats } from '../model.js';
import type { JoinSpec, SourceSpec } from '../plan/types.js';
import { CellError, duplicateHeader, openTable, TableError, type ByteRowSink, type Cell, type OpenedTable, type TableSpec } from '../io/table-source.js';
import { expandPattern, isPattern, wildcardRegex } from '../io/file-patterns.js';
import { ByteKeyCache } from './byte-cells.js';
import { badValueCode, FIELDS, headerList, mapColumns, normHeader, wideMetricColumns, type ExportKind } from './columns.js';
import { cellErrorFailure, cellText, isBlank, parseId } from './values.js';

/** First slot of joined fields (see RowContext.slot); main-file columns are below it. */
const JOIN_BASE = 1 << 24;

/** Per-source cap on listed row problems; the rest are counted in one `more_row_problems`. */
export const MAX_LISTED_PROBLEMS = 10_000;

/** A problem with one row, before it becomes a Diagnostic. */
export interface RowProblem {
  code: string;
  field?: string;
  /** The header to name when it is not the field's own (one of the columns a field adds up). */
  column?: string;
  value?: string;
  reason: string;
}

/** Field accessor for the current row: the cell of a canonical field (undefined when unmapped). */
export type FieldGetter = (field: string) => Cell | undefined;

export interface RowContext {
  get: FieldGetter;
  /** The row's cells as read from the main file (what a duplicate-row fingerprint hashes). */
  row: Cell[];
  rowNo: number;
  problems: RowProblem[];
  /**
   * Position of a canonical field for `at` (stable for the whole file; -1 when unmapped). Handlers
   * on hot paths look their fields up once and then read `at(slot)` per row.
   */
  slot(field: string): number;
  /** The cell at a slot: the same value as `get(field)`. */
  at(slot: number): Cell | undefined;
  /** Rough number of data rows in the file, for pre-sizing buffers; 0 when unknown. */
  estimatedRows: number;
}

/** Returns the row's calendar day (for the date range), or null; pushes problems to reject it. */
export type RowHandler = (ctx: RowContext) => number | null;

/**
 * A plain record from the byte lane (see `ByteLane`): ASCII bytes, the cell of main-file slot s
 * at buf[f[s], f[s+1] - 1), exactly `width` cells (the header's), no quotes.
 */
export interface ByteRowContext {
  buf: Buffer;
  f: Int32Array;
  width: number;
  rowNo: number;
  problems: RowProblem[];
}

/**
 * The byte-lane twin of a RowHandler: returns the row's day (kept), null (rejected, with problems
 * pushed), or undefined having done nothing at all, when the row is not one it reads exactly as
 * the RowHandler would (the row is then decoded and given to the RowHandler).
 */
export type ByteRowHandler = (ctx: ByteRowContext) => number | null | undefined;

/**
 * An export's offer to read plain rows from the bytes: called once the columns are mapped, with
 * the slots (as `RowContext.slot`) and the row estimate; returns the handler, or null to decline.
 * Used only for text files without `join:` (see `OpenedTable.byteRows` for which files qualify).
 */
export type ByteLane = (slot: (field: string) => number, estimatedRows: number) => ByteRowHandler | null;

export interface ReadOptions {
  source: string;
  skipInvalid: boolean;
  onProgress?: (source: string, rows: number) => void;
  /** The plan's currency as an ISO code (money marked in another one is bad_amount); null: not checked. */
  currency?: string | null;
}

export interface ReadResult {
  ok: boolean;
  stats: SourceStats | null;
  /** canonical field → column index in the main file (absent when unmapped or joined). */
  index: Record<string, number>;
  header: string[];
}

/** What readSources did: `ok` as readSource's for every file; one SourceStats per file read. */
export interface ReadAllResult {
  ok: boolean;
  stats: SourceStats[];
}

/**
 * The rule of one `exclude:` field: a cell's text, trimmed and case-folded, against the listed
 * values — each a whole value, or, with `*` (any run) or `?` (one character), a pattern such as
 * `TEST*` or `C*`. Returns the value as the plan wrote it (the reason counted in the stats), or
 * null. Whole values are looked up first.
 */
export function excludeMatcher(values: readonly string[]): (text: string) => string | null {
  const exact = new Map<string, string>();
  const patterns: { re: RegExp; value: string }[] = [];
  for (const v of values) {
    const key = v.trim().toLowerCase();
    if (/[*?]/.test(key)) patterns.push({ re: wildcardRegex(key), value: v });
    else exact.set(key, v);
  }
  return (text) => {
    const key = text.trim().toLowerCase();
    const hit = exact.get(key);
    if (hit !== undefined) return hit;
    for (const p of patterns) if (p.re.test(key)) return p.value;
    return null;
  };
}

/** `p` up to and including its last `/` or `\\` ('' when none). */
const dirOf = (p: string): string => p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/**
 * The files of a source: its `files` in plan order, each pattern replaced by the files it matches
 * (sorted by name), a file named twice read once. A pattern matching nothing is `file_missing`.
 */
export async function sourceFiles(spec: SourceSpec, diags: Diagnostic[]): Promise<{ path: string; displayPath: string }[] | null> {
  const out: { path: string; displayPath: string }[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const f of spec.files) {
    if (!isPattern(f.path)) {
      if (!seen.has(f.path)) { seen.add(f.path); out.push(f); }
      continue;
    }
    const found = await expandPattern(f.path);
    if (found.length === 0) {
      ok = false;
      diags.push({ code: 'file_missing', severity: 'error', file: f.displayPath,
        message: `no file matches ${f.displayPath} (looked in ${dirOf(f.path) || '.'}; paths in the plan are relative to the plan's folder)` });
      continue;
    }
    // Each match is named as the plan names its folder: `data/销售-*.csv` → `data/销售-2024-07.csv`.
    for (const p of found) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push({ path: p, displayPath: dirOf(f.displayPath) + p.slice(dirOf(p).length) });
    }
  }
  return ok ? out : null;
}

/** How messages name a part of a source: `data/2024.xlsx [7月]`, or just the file. */
export function partLabel(file: string, sheet: string | undefined): string {
  return sheet === undefined ? file : `${file} [${sheet}]`;
}

/** A file of a source and, for a workbook read sheet by sheet (`sheets`), one of its sheets. */
interface SourcePart { path: string; displayPath: string; sheet?: string }

/**
 * The sheets to read of each workbook when the source names several (`sheet: [7月, 8月]`, or a
 * pattern such as `*月` against the workbook's tabs, in tab order). A text file has no sheets: it
 * is read once. A name or pattern that finds no sheet is `sheet_missing`.
 */
async function sourceParts(spec: SourceSpec, files: { path: string; displayPath: string }[], diags: Diagnostic[]): Promise<SourcePart[] | null> {
  if (!spec.sheets) return files;
  const out: SourcePart[] = [];
  let ok = true;
  for (const f of files) {
    if (!/\.xls[xm]$/i.test(f.path)) { out.push(f); continue; }
    const { sheetNames } = await import('../io/xlsx-source.js');
    const tabs = (await sheetNames(f.path)) ?? [];
    const picked = new Set<string>();
    for (const want of spec.sheets) {
      const hits = /[*?]/.test(want)
        ? tabs.filter((t) => wildcardRegex(want.trim()).test(t.trim()))
        : tabs.filter((t, i) => t === want || t.trim() === want.trim() || String(i + 1) === want);
      if (hits.length === 0) {
        ok = false;
        diags.push({ code: 'sheet_missing', severity: 'error', file: f.displayPath, sheet: want,
          message: `${f.displayPath} has no sheet ${/[*?]/.test(want) ? 'matching' : 'named'} ${JSON.stringify(want)}; sheets present: ${tabs.map((t) => JSON.stringify(t)).join(', ') || '(none)'}` });
      }
      for (const t of hits) if (!picked.has(t)) { picked.add(t); out.push({ ...f, sheet: t }); }
    }
  }
  return ok ? out : null;
}

/**
 * readSource over every file of a source, in turn, through the same handler: a source split into
 * monthly exports reads as one, duplicates are found across its files, and every message names the
 * file and its own row. `onFile(k, displayPath)` runs before file k is opened (a handler that
 * looked up its column slots must look them up again: the files' columns may be in another order).
 */
export async function readSources(
  kind: ExportKind, spec: SourceSpec, opts: ReadOptions, diags: Diagnostic[], handler: RowHandler,
  hooks: {
    onFile?: (k: number, displayPath: string, sheet?: string) => void;
    /** After file k: its stats (null when it could not be read), e.g. for its sheet name. */
    afterFile?: (k: number, stats: SourceStats | null) => void;
    onMapped?: (index: Record<string, number>, mapping: Record<string, string>, header: readonly string[]) => void;
    byteLane?: ByteLane;
  } = {},
): Promise<ReadAllResult> {
  const files = await sourceFiles(spec, diags);
  const parts = files && await sourceParts(spec, files, diags);
  if (parts === null) return { ok: false, stats: [] };
  const joinCache: JoinCache = new Map(); // a join file is read once for all the files
  let ok = true;
  const stats: SourceStats[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    hooks.onFile?.(k, p.displayPath, p.sheet);
    const res = await readSource(kind, { ...spec, path: p.path, displayPath: p.displayPath, ...(p.sheet !== undefined ? { sheet: p.sheet } : {}) },
      opts, diags, handler, hooks.onMapped, hooks.byteLane, joinCache);
    if (!res.ok) ok = false;
    if (res.stats) stats.push(res.stats);
    hooks.afterFile?.(k, res.stats);
  }
  return { ok, stats };
}

interface JoinTable {
  spec: JoinSpec;
  leftField: string;
  rows: Map<string, Cell[]>;
  dupes: Map<string, number[]>;
  fields: string[];
  /** Whether a kept row holds a CellError (an xlsx error cell) in one of `fields`. */
  cellErrors: boolean;
}

/** Join tables already read, by join spec: the files of a source share them (see readSources). */
export type JoinCache = Map<JoinSpec, JoinTable | null>;

function toTableSpec(s: {
  path: string; displayPath: string; sheet?: string; headerRow?: number; encoding: SourceSpec['encoding']; delimiter: string;
}): TableSpec {
  return { path: s.path, displayPath: s.displayPath, sheet: s.sheet, headerRow: s.headerRow, encoding: s.encoding, delimiter: s.delimiter };
}

function findHeader(header: string[], name: string): number {
  const i = header.findIndex((h) => h.trim() === name.trim());
  return i >= 0 ? i : header.findIndex((h) => normHeader(h) === normHeader(name));
}

async function loadJoin(kind: ExportKind, j: JoinSpec, diags: Diagnostic[]): Promise<JoinTable | null> {
  let table;
  try {
    table = await openTable(toTableSpec(j));
  } catch (e) {
    if (e instanceof TableError) { diags.push(e.diagnostic); return null; }
    throw e;
  }
  const header = table.info.header;
  const file = j.displayPath;
  const cols: Array<{ field: string; idx: number }> = [];
  const missing: string[] = [];
  for (const [field, name] of Object.entries(j.columns)) {
    const idx = findHeader(header, name);
    if (idx < 0) missing.push(name); else cols.push({ field, idx });
  }
  let keyIdx = findHeader(header, j.on.right);
  if (keyIdx < 0) {
    const def = FIELDS[kind].find((d) => d.field === j.on.right);
    const syns = (def?.synonyms ?? [j.on.right]).map(normHeader);
    keyIdx = header.findIndex((h) => syns.includes(normHeader(h)));
  }
  if (keyIdx < 0) missing.push(j.on.right);
  const dup = duplicateHeader(file, header, [...cols.map((c) => c.idx), keyIdx], table.info.headerRow, table.info.sheet);
  if (dup) {
    await table.close();
    diags.push(dup);
    return null;
  }
  if (missing.length) {
    await table.close();
    diags.push({
      code: 'missing_column', severity: 'error', file, sheet: table.info.sheet, column: missing.join(', '),
      message: `join file ${file} has no column ${missing.map((m) => JSON.stringify(m)).join(', ')}; headers present: ${headerList(header)}`,
    });
    return null;
  }
  const rows = new Map<string, Cell[]>();
  const firstRow = new Map<string, number>();
  const dupes = new Map<string, number[]>();
  let cellErrors = false;
  for await (const b of table.batches) {
    for (let r = 0; r < b.rows.length; r++) {
      const row = b.rows[r];
      const key = parseId(row[keyIdx]);
      if (key === null) continue;
      if (rows.has(key)) {
        const list = dupes.get(key) ?? [firstRow.get(key)!];
        list.push(b.rowNumbers[r]);
        dupes.set(key, list);
        continue;
      }
      const kept = cols.map((c) => row[c.idx] ?? null);
      if (!cellErrors && kept.some((c) => c instanceof CellError)) cellErrors = true;
      rows.set(key, kept);
      firstRow.set(key, b.rowNumbers[r]);
    }
  }
  return { spec: j, leftField: j.on.left, rows, dupes, fields: cols.map((c) => c.field), cellErrors };
}

/**
 * When the first row does not map (a report title such as `销售明细表 2024年7月` above the
 * headers, as ERP exports often have): the number of the first of the next rows that would map
 * without a problem, or null. Reads only the table's first batch; the table is closed after.
 */
async function headerBelow(
  kind: ExportKind, table: OpenedTable, columns: Record<string, string>, file: string, provided: Set<string>,
): Promise<number | null> {
  const first = await table.batches[Symbol.asyncIterator]().next().catch(() => null);
  if (!first || first.done) return null;
  const { rows, rowNumbers } = first.value;
  for (let i = 0; i < rows.length && i < 30; i++) {
    const candidate = rows[i].map((c) => (c === null ? '' : cellText(c).trim()));
    if (mapColumns(kind, candidate, columns, file, { provided }).diagnostics.length === 0) return rowNumbers[i];
  }
  return null;
}

/**
 * Reads one export through `handler`. Appends diagnostics to `diags`; `ok` is false when the
 * file could not be read at all or (without skipInvalid) a row was rejected.
 */
export async function readSource(
  kind: ExportKind, spec: SourceSpec, opts: ReadOptions, diags: Diagnostic[], handler: RowHandler,
  onMapped?: (index: Record<string, number>, mapping: Record<string, string>, header: readonly string[]) => void, byteLane?: ByteLane,
  joinCache?: JoinCache,
): Promise<ReadResult> {
  const file = spec.displayPath;
  const fail: ReadResult = { ok: false, stats: null, index: {}, header: [] };
  let table;
  try {
    table = await openTable(toTableSpec(spec));
  } catch (e) {
    if (e instanceof TableError) { diags.push(e.diagnostic); return fail; }
    throw e;
  }
  const sheet = table.info.sheet;
  const header = table.info.header;

  const joins: JoinTable[] = [];
  let joinFailed = false;
  for (const j of spec.join) {
    const jt = joinCache?.has(j) ? joinCache.get(j)! : await loadJoin(kind, j, diags);
    joinCache?.set(j, jt);
    if (jt) joins.push(jt); else joinFailed = true;
  }
  const provided = new Set(joins.flatMap((j) => j.fields));
  const { map, diagnostics } = mapColumns(kind, header, spec.columns, file, { sheet, provided, sums: spec.sums });
  if (diagnostics.length && spec.headerRow === undefined) {
    const at = await headerBelow(kind, table, spec.columns, file, provided);
    if (at !== null) {
      const where = table.info.kind === 'text' ? 'line' : 'row';
      diagnostics[0] = { ...diagnostics[0], message: `${diagnostics[0].message}. The headers look to be on ${where} ${at}, `
        + `below a title or notes: add \`header_row: ${at}\` to this source in the plan` };
    }
  }
  diags.push(...diagnostics);
  let bad = diagnostics.length > 0 || joinFailed;
  const index = map.index;
  // Where each join's key comes from: a column of this file, or else (keyFrom[k] = [m, position])
  // a field an earlier join m fills — orders → customers, keyed on the orders file's customer id.
  const keyFrom: Array<[number, number] | null> = joins.map(() => null);
  joins.forEach((j, k) => {
    if (j.leftField in index) return;
    const i = findHeader(header, j.leftField);
    if (i >= 0) { index[j.leftField] = i; map.mapping[j.leftField] = header[i]; return; }
    // A key filled by an earlier join (the nearest one before this join).
    for (let m = k - 1; m >= 0; m--) {
      const pos = joins[m].fields.indexOf(j.leftField);
      if (pos >= 0) { keyFrom[k] = [m, pos]; return; }
    }
    bad = true;
    diags.push({ code: 'missing_column', severity: 'error', file, sheet, column: j.leftField,
      message: `join key ${j.leftField} is not a column of ${file} nor a field an earlier join fills; headers present: ${headerList(header)}` });
  });
  // `exclude:` names a canonical field of this export, or else a header of the file itself
  // (`exclude: { 状态: [已取消] }` works on a surveys file, which has no status field).
  const excludes = Object.entries(spec.exclude).map(([field, values]) => ({
    field, match: excludeMatcher(values),
    col: field in index || provided.has(field) ? -1 : findHeader(header, field),
    /** Raw cell text → the matching exclude value or null: a status column repeats a few words. */
    seen: new Map<string, string | null>(),
  }));
  for (const ex of excludes) {
    if (!(ex.field in index) && !provided.has(ex.field) && ex.col < 0) {
      bad = true;
      diags.push({ code: 'missing_column', severity: 'error', file, sheet, column: ex.field,
        message: `exclude.${ex.field}: ${file} has no ${ex.field} field and no header named ${JSON.stringify(ex.field)}; headers present: ${headerList(header)}` });
    }
  }
  // A column kpi reads must be one column (see duplicateHeader); a wide targets sheet reads its metric columns.
  const usedCols = [...Object.values(index), ...excludes.map((ex) => ex.col)];
  if (kind === 'targets' && !('metric' in index) && !('target' in index)) usedCols.push(...wideMetricColumns(header).map((w) => w.idx));
  const dup = duplicateHeader(file, header, usedCols, table.info.headerRow, sheet);
  if (dup) {
    bad = true;
    diags.push(dup);
  }
  if (bad) {
    await table.close();
    return fail;
  }

  onMapped?.(index, map.mapping, header);
  // Joined fields: field → [join number, position in the join row].
  const joinedAt = new Map<string, [number, number]>();
  joins.forEach((j, k) => j.fields.forEach((fld, p) => joinedAt.set(fld, [k, p])));
  const joinRows: Array<Cell[] | null> = joins.map(() => null);
  let row: Cell[] = [];
  // Slots: below JOIN_BASE a column of the main file; JOIN_BASE + 2^16·k + p is position p of
  // join k's row; -1 is unmapped.
  const slots = new Map<string, number>();
  for (const [field, i] of Object.entries(index)) slots.set(field, i);
  for (const [field, [k, p]] of joinedAt) slots.set(field, JOIN_BASE + k * 65_536 + p);
  const at = (i: number): Cell | undefined => {
    if (i < 0) return undefined;
    if (i < JOIN_BASE) return row[i] ?? null;
    const jr = joinRows[((i - JOIN_BASE) / 65_536) | 0];
    return jr ? jr[(i - JOIN_BASE) & 0xffff] : undefined;
  };
  const slot = (field: string): number => slots.get(field) ?? -1;
  const get: FieldGetter = (field) => at(slots.get(field) ?? -1);
  const columnOf = (field: string | undefined): string | undefined => {
    if (field === undefined) return undefined;
    const jp = joinedAt.get(field);
    if (jp) return `${joins[jp[0]].spec.displayPath}: ${joins[jp[0]].spec.columns[field]}`;
    return map.mapping[field] ?? field;
  };

  const stats: SourceStats = {
    source: opts.source, file, sheet, sha256: '', encoding: table.info.encoding, delimiter: table.info.delimiter,
    rowsRead: 0, rowsKept: 0, excluded: {}, minDay: null, maxDay: null, headers: header, mapping: map.mapping,
  };
  for (const j of joins) for (const f of j.fields) stats.mapping[f] = `${j.spec.displayPath}: ${j.spec.columns[f]}`;
  let listed = 0, unlisted = 0, rejected = 0;
  const problems: RowProblem[] = [];
  const ctx: RowContext = { get, row, rowNo: 0, problems, slot, at, estimatedRows: 0 };
  const exSlots = excludes.map((ex) => (ex.col >= 0 ? ex.col : slot(ex.field)));

  const width = header.length;
  const checkWidth = table.info.kind === 'text';
  const report = (rowNo: number) => {
    rejected++;
    for (const p of problems) {
      if (listed >= MAX_LISTED_PROBLEMS) { unlisted++; continue; }
      listed++;
      const d: Diagnostic = {
        code: opts.skipInvalid ? 'row_skipped' : p.code, severity: opts.skipInvalid ? 'warning' : 'error',
        message: opts.skipInvalid ? `row skipped (${p.code}): ${p.reason}` : p.reason,
        file, sheet, row: rowNo, column: p.column ?? columnOf(p.field), value: p.value,
      };
      diags.push(d);
    }
  };

  if (byteLane && table.byteRows && joins.length === 0) {
    const h = byteLane(slot, table.info.estimatedRows ?? 0);
    if (h) {
      // Exclude cells by their bytes, with the text path's rule: blank never matches.
      const exBytes = excludes.map((ex) => new ByteKeyCache<string | null>(
        (text) => (isBlank(text) ? null : ex.match(text))));
      const bctx: ByteRowContext = { buf: Buffer.alloc(0), f: new Int32Array(0), width, rowNo: 0, problems };
      // The same steps as the loop below, for a row that needs no join and no width check.
      const sink: ByteRowSink = {
        row(buf, f, rowNo) {
          let excludedBy: string | null = null;
          for (let x = 0; x < excludes.length; x++) {
            const c = exSlots[x];
            const v = exBytes[x].get(buf, f[c], f[c + 1] - 1);
            if (v !== null) { excludedBy = `${excludes[x].field} ${v}`; break; }
          }
          if (excludedBy !== null) {
            stats.rowsRead++;
            stats.excluded[excludedBy] = (stats.excluded[excludedBy] ?? 0) + 1;
            return true;
          }
          if (problems.length !== 0) problems.length = 0;
          bctx.buf = buf; bctx.f = f; bctx.rowNo = rowNo;
          const day = h(bctx);
          if (day === undefined) { problems.length = 0; return false; }
          stats.rowsRead++;
          if (problems.length) { report(rowNo); return true; }
          stats.rowsKept++;
          if (day !== null) {
            if (stats.minDay === null || day < stats.minDay) stats.minDay = day;
            if (stats.maxDay === null || day > stats.maxDay) stats.maxDay = day;
          }
          return true;
        },
        chunkDone() { opts.onProgress?.(opts.source, stats.rowsRead); },
      };
      table.byteRows(sink);
    }
  }

  // Cells that hold no value (an xlsx error such as #DIV/0!, or a formula saved without its
  // result) where the plan reads the row: every field's column, summed columns, joined fields and
  // exclude columns. Each is a problem of the row, with the code its field's parser gives a value
  // it cannot read (bad_date, bad_amount, …; missing_value for ids and text) or
  // xlsx_formula_no_result, so the row is listed (or skipped) like any other bad row. Elsewhere in
  // the row such a cell is ignored. Text files have none: the check runs for xlsx reads only.
  const errorChecks: Array<{ slot: number; field: string; column?: string; where: string }> = [];
  if (table.info.kind === 'xlsx' || joins.some((j) => j.cellErrors)) {
    for (const [field, i] of slots) {
      const jp = joinedAt.get(field);
      errorChecks.push(jp ? { slot: i, field, where: ` of ${joins[jp[0]].spec.displayPath}` }
        : { slot: i, field: field.replace(/#\d+$/, ''), column: /#\d+$/.test(field) ? header[i] : undefined, where: '' });
    }
    excludes.forEach((ex, x) => {
      if (ex.col >= 0) errorChecks.push({ slot: exSlots[x], field: ex.field, column: header[ex.col], where: '' });
    });
  }
  const cellErrorProblems = () => {
    for (const ch of errorChecks) {
      const c = at(ch.slot);
      if (!(c instanceof CellError)) continue;
      const f = cellErrorFailure(c, badValueCode(ch.field), ch.where);
      problems.push({ code: f.code, field: ch.field, column: ch.column, value: cellText(c), reason: f.reason });
    }
  };

  // A file-level problem found mid-read (a 2 MB field, bad bytes) fails this source only: what was
  // collected so far stays, and the other sources are still read and reported.
  try {
    for await (const batch of table.batches) {
      ctx.estimatedRows = table.info.estimatedRows ?? 0;
      const rows = batch.rows;
      for (let r = 0; r < rows.length; r++) {
        row = rows[r];
        const rowNo = batch.rowNumbers[r];
        stats.rowsRead++;
        if (problems.length !== 0) problems.length = 0; // the setter is not free on a million rows
        for (let k = 0; k < joins.length; k++) {
          const j = joins[k];
          const from = keyFrom[k];
          const keyCell = from ? joinRows[from[0]]?.[from[1]] : row[index[j.leftField]];
          const key = parseId(keyCell);
          joinRows[k] = null;
          if (key === null) continue; // a missing key is the handler's missing_value if required
          if (j.dupes.has(key)) {
            problems.push({ code: 'join_key_duplicate', field: j.leftField, value: key,
              reason: `${j.leftField} ${JSON.stringify(key)} appears more than once in ${j.spec.displayPath} (rows ${j.dupes.get(key)!.join(', ')})` });
            continue;
          }
          const jr = j.rows.get(key);
          if (!jr) {
            problems.push({ code: 'join_key_missing', field: j.leftField, value: key,
              reason: `${j.leftField} ${JSON.stringify(key)} is not in ${j.spec.displayPath}` });
            continue;
          }
          joinRows[k] = jr;
        }
        let excludedBy: string | null = null;
        for (let x = 0; x < excludes.length; x++) {
          const ex = excludes[x];
          const c = at(exSlots[x]);
          if (isBlank(c)) continue;
          let v: string | null | undefined;
          if (typeof c === 'string') {
            v = ex.seen.get(c);
            if (v === undefined) {
              v = ex.match(c);
              if (ex.seen.size < 4096) ex.seen.set(c, v);
            }
          } else {
            v = ex.match(cellText(c));
          }
          if (v !== null) { excludedBy = `${ex.field} ${v}`; break; }
        }
        if (excludedBy !== null) {
          stats.excluded[excludedBy] = (stats.excluded[excludedBy] ?? 0) + 1;
          continue;
        }
        // A CSV record with more fields than the header almost always hides an unquoted
        // delimiter inside a value (an amount written 1,234.50): reading it would shift or cut
        // a value silently, so it is a row problem.
        if (checkWidth && row.length > width && extraContent(row, width)) {
          problems.push({ code: 'extra_fields', value: (row.slice(width) as string[]).join(table.info.delimiter ?? ','),
            reason: `the row has ${row.length} fields but the header has ${width}; a value with an unquoted ${JSON.stringify(table.info.delimiter ?? ',')} in it (an amount like 1,234.50)? Quote it in the export` });
        }
        if (errorChecks.length) cellErrorProblems();
        ctx.row = row;
        ctx.rowNo = rowNo;
        const day = problems.length ? null : handler(ctx);
        if (problems.length) { report(rowNo); continue; }
        stats.rowsKept++;
        if (day !== null) {
          if (stats.minDay === null || day < stats.minDay) stats.minDay = day;
          if (stats.maxDay === null || day > stats.maxDay) stats.maxDay = day;
        }
      }
      opts.onProgress?.(opts.source, stats.rowsRead);
    }
  } catch (e) {
    await table.close(); // an unexpected error too: the file is not left to the garbage collector
    if (!(e instanceof TableError)) throw e;
    diags.push(e.diagnostic);
    return fail;
  }
  stats.sha256 = table.info.sha256 ?? '';
  stats.encoding = table.info.encoding; // a text file read as UTF-8 may have turned out GB18030 (text-source.ts)
  if (rejected && opts.skipInvalid) stats.excluded.invalid = rejected;
  if (unlisted) {
    diags.push({ code: 'more_row_problems', severity: opts.skipInvalid ? 'warning' : 'error', file, sheet,
      message: `${unlisted} more row problems in ${file} are not listed` });
  }
  if (stats.rowsRead === 0) {
    diags.push({ code: 'header_only', severity: 'warning', file, sheet, row: table.info.headerRow,
      message: `${file} has a header but no data rows` });
  }
  return { ok: opts.skipInvalid || rejected === 0, stats, index, header };
}

/** Whether any cell from `from` on holds something (trailing empty fields are harmless). */
function extraContent(row: readonly Cell[], from: number): boolean {
  for (let k = from; k < row.length; k++) if (!isBlank(row[k])) return true;
  return false;
}

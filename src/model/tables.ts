/** Column-wise complaint and survey tables: builders and record views (see model.ts). */
import type { SourceRef } from '../diagnostics.js';
import type { Complaint, ComplaintTable, FilePart, Survey, SurveyTable } from '../model.js';

const orNull = (x: number): number | null => (x === x ? x : null);

/** Where row i of a complaint or survey table comes from: its file, sheet and row there. */
export function rowSource(t: ComplaintTable | SurveyTable, i: number): SourceRef {
  let file = t.file, sheet = t.sheet;
  if (t.parts) {
    let lo = 0, hi = t.parts.length - 1; // the last part starting at or before i
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (t.parts[mid].from <= i) lo = mid; else hi = mid - 1;
    }
    ({ file, sheet } = t.parts[lo]);
  }
  return sheet === undefined ? { file, row: t.row[i] } : { file, sheet, row: t.row[i] };
}

/** The parts bookkeeping of both builders: one part per file begun (see FilePart). */
class Parts {
  readonly list: FilePart[] = [];
  begin(file: string, from: number): void {
    this.list.push({ file, from });
  }
  /** Sets the sheet of the part begun last (when its file is a workbook). */
  end(sheet: string | undefined): void {
    const last = this.list.at(-1);
    if (last && sheet !== undefined) last.sheet = sheet;
  }
  /** Sets the file and sheet of the finished table (and its parts when there are several). */
  apply(t: { file: string; sheet?: string; parts?: FilePart[] }, sheet: string | undefined): void {
    this.end(sheet);
    if (this.list.length === 0) { if (sheet !== undefined) t.sheet = sheet; return; }
    t.file = this.list[0].file;
    if (this.list[0].sheet !== undefined) t.sheet = this.list[0].sheet; else delete t.sheet;
    if (this.list.length > 1) t.parts = this.list;
  }
}

/** Complaint i of a table as a record (a fresh object; for messages and tests, not hot loops). */
export function complaintAt(t: ComplaintTable, i: number): Complaint {
  const sat = t.satisfied[i];
  return {
    id: t.id[i], opened: t.opened[i], openedDay: t.openedDay[i], customer: t.customer[i], order: t.order[i],
    handler: t.handler[i], owner: t.owner[i], firstResponse: orNull(t.firstResponse[i]), resolved: orNull(t.resolved[i]),
    statusResolved: t.statusResolved[i] === 1, escalated: t.escalated[i] === 1, satisfied: sat < 0 ? null : sat === 1,
    severity: t.severity[i], src: rowSource(t, i),
  };
}

/** Survey i of a table as a record (a fresh object; for messages and tests, not hot loops). */
export function surveyAt(t: SurveyTable, i: number): Survey {
  return {
    id: t.id[i], day: t.day[i], nps: orNull(t.nps[i]), csat: orNull(t.csat[i]), customer: t.customer[i],
    order: t.order[i], employee: t.employee[i], src: rowSource(t, i),
  };
}

type Column = Int32Array | Float64Array | Uint8Array | Int8Array;

const COMPLAINT_COLUMNS = ['opened', 'openedDay', 'customer', 'order', 'handler', 'owner', 'firstResponse', 'resolved',
  'statusResolved', 'escalated', 'satisfied', 'row'] as const satisfies readonly (keyof ComplaintTable)[];
const SURVEY_COLUMNS = ['day', 'nps', 'csat', 'customer', 'order', 'employee', 'row'] as const satisfies readonly (keyof SurveyTable)[];

/** Gives each typed column of `t` the capacity `cap` (growing), or trims it to `t.n` (shrinking). */
function resizeColumns<T extends { n: number }>(t: T, keys: readonly (keyof T)[], cap: number): void {
  const cols = t as unknown as Record<keyof T, Column>;
  for (const k of keys) cols[k] = cap >= cols[k].length ? grown(cols[k], cap) : cols[k].slice(0, t.n);
}

/** `a` copied into a new array of length `cap` (or `a` itself when that is its length). */
function grown<T extends Int32Array | Float64Array | Uint8Array | Int8Array>(a: T, cap: number): T {
  if (a.length === cap) return a;
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a);
  return b;
}

/**
 * One complaint in the table's column encoding, for `ComplaintTableBuilder.pushRow`: instants
 * NaN when absent, ids -1 when absent, `satisfied` -1 (unknown), 0 or 1, `row` the source row.
 */
export interface ComplaintRow {
  id: string;
  opened: number;
  openedDay: number;
  customer: number;
  order: number;
  handler: number;
  owner: number;
  firstResponse: number;
  resolved: number;
  statusResolved: boolean;
  escalated: boolean;
  satisfied: number;
  severity: string | null;
  row: number;
}

/** A ComplaintRow to fill and reuse. */
export function emptyComplaintRow(): ComplaintRow {
  return {
    id: '', opened: NaN, openedDay: 0, customer: -1, order: -1, handler: -1, owner: -1, firstResponse: NaN,
    resolved: NaN, statusResolved: false, escalated: false, satisfied: -1, severity: null, row: 0,
  };
}

/** One survey response in the table's column encoding (`nps`/`csat` NaN when absent), for `pushRow`. */
export interface SurveyRow {
  id: string | null;
  day: number;
  nps: number;
  csat: number;
  customer: number;
  order: number;
  employee: number;
  row: number;
}

/** A SurveyRow to fill and reuse. */
export function emptySurveyRow(): SurveyRow {
  return { id: null, day: 0, nps: NaN, csat: NaN, customer: -1, order: -1, employee: -1, row: 0 };
}

/**
 * Collects complaints into a ComplaintTable (columns grow by doubling; `finish` trims them).
 * `file`/`sheet` are the table's; a pushed record's `src.row` is kept, its file is not.
 */
export class ComplaintTableBuilder {
  private t: ComplaintTable;
  private cap = 0;
  private readonly severities = new Map<string, string>();
  private readonly scratch = emptyComplaintRow();
  private readonly parts = new Parts();

  constructor(file: string, sheet?: string) {
    this.t = {
      n: 0, id: [], opened: new Float64Array(0), openedDay: new Int32Array(0), customer: new Int32Array(0),
      order: new Int32Array(0), handler: new Int32Array(0), owner: new Int32Array(0), firstResponse: new Float64Array(0),
      resolved: new Float64Array(0), statusResolved: new Uint8Array(0), escalated: new Uint8Array(0),
      satisfied: new Int8Array(0), severity: [], row: new Int32Array(0), file, ...(sheet === undefined ? {} : { sheet }),
    };
  }

  /** Makes room for `rows` complaints in all (e.g. a source's estimated row count), saving regrowth. */
  reserve(rows: number): void {
    if (rows > this.cap) this.resize(rows);
  }

  /** Appends a complaint record. */
  push(c: Complaint): void {
    const r = this.scratch;
    r.id = c.id; r.opened = c.opened; r.openedDay = c.openedDay; r.customer = c.customer; r.order = c.order;
    r.handler = c.handler; r.owner = c.owner; r.firstResponse = c.firstResponse ?? NaN; r.resolved = c.resolved ?? NaN;
    r.statusResolved = c.statusResolved; r.escalated = c.escalated; r.satisfied = c.satisfied === null ? -1 : c.satisfied ? 1 : 0;
    r.severity = c.severity; r.row = c.src.row;
    this.pushRow(r);
  }

  /**
   * Appends a complaint given in column encoding. Ingest fills one ComplaintRow per file and
   * reuses it for every row, so a hundred thousand complaints allocate no record objects.
   */
  pushRow(c: ComplaintRow): void {
    const t = this.t;
    if (t.n === this.cap) this.resize(Math.max(1024, this.cap * 2));
    const i = t.n++;
    t.id.push(c.id);
    t.opened[i] = c.opened;
    t.openedDay[i] = c.openedDay;
    t.customer[i] = c.customer;
    t.order[i] = c.order;
    t.handler[i] = c.handler;
    t.owner[i] = c.owner;
    t.firstResponse[i] = c.firstResponse;
    t.resolved[i] = c.resolved;
    t.statusResolved[i] = c.statusResolved ? 1 : 0;
    t.escalated[i] = c.escalated ? 1 : 0;
    t.satisfied[i] = c.satisfied;
    // A severity column repeats a few words: keep one string per distinct word.
    let sev = c.severity;
    if (sev !== null) {
      const known = this.severities.get(sev);
      if (known === undefined) this.severities.set(sev, sev); else sev = known;
    }
    t.severity.push(sev);
    t.row[i] = c.row;
  }

  /** The rows pushed from now on come from `file` (a source of several files; see FilePart). */
  beginFile(file: string): void {
    this.parts.begin(file, this.t.n);
  }

  /** Sets the sheet of the file begun last (when it is a workbook). */
  endFile(sheet: string | undefined): void {
    this.parts.end(sheet);
  }

  /** The table (columns trimmed to `n`); the builder must not be used afterwards. */
  finish(sheet?: string): ComplaintTable {
    this.resize(this.t.n);
    this.parts.apply(this.t, sheet);
    return this.t;
  }

  private resize(cap: number): void {
    resizeColumns(this.t, COMPLAINT_COLUMNS, cap);
    this.cap = cap;
  }
}

/** Collects survey responses into a SurveyTable (see ComplaintTableBuilder). */
export class SurveyTableBuilder {
  private t: SurveyTable;
  private cap = 0;
  private readonly scratch = emptySurveyRow();
  private readonly parts = new Parts();

  constructor(file: string, sheet?: string) {
    this.t = {
      n: 0, id: [], day: new Int32Array(0), nps: new Float64Array(0), csat: new Float64Array(0),
      customer: new Int32Array(0), order: new Int32Array(0), employee: new Int32Array(0), row: new Int32Array(0),
      file, ...(sheet === undefined ? {} : { sheet }),
    };
  }

  /** Makes room for `rows` responses in all (see ComplaintTableBuilder.reserve). */
  reserve(rows: number): void {
    if (rows > this.cap) this.resize(rows);
  }

  /** Appends a survey record. */
  push(s: Survey): void {
    const r = this.scratch;
    r.id = s.id; r.day = s.day; r.nps = s.nps ?? NaN; r.csat = s.csat ?? NaN; r.customer = s.customer;
    r.order = s.order; r.employee = s.employee; r.row = s.src.row;
    this.pushRow(r);
  }

  /** Appends a response given in column encoding (see ComplaintTableBuilder.pushRow). */
  pushRow(s: SurveyRow): void {
    const t = this.t;
    if (t.n === this.cap) this.resize(Math.max(1024, this.cap * 2));
    const i = t.n++;
    t.id.push(s.id);
    t.day[i] = s.day;
    t.nps[i] = s.nps;
    t.csat[i] = s.csat;
    t.customer[i] = s.customer;
    t.order[i] = s.order;
    t.employee[i] = s.employee;
    t.row[i] = s.row;
  }

  /** See ComplaintTableBuilder.beginFile. */
  beginFile(file: string): void {
    this.parts.begin(file, this.t.n);
  }

  /** See ComplaintTableBuilder.endFile. */
  endFile(sheet: string | undefined): void {
    this.parts.end(sheet);
  }

  /** The table (columns trimmed to `n`); the builder must not be used afterwards. */
  finish(sheet?: string): SurveyTable {
    this.resize(this.t.n);
    this.parts.apply(this.t, sheet);
    return this.t;
  }

  private resize(cap: number): void {
    resizeColumns(this.t, SURVEY_COLUMNS, cap);
    this.cap = cap;
  }
}

/** A ComplaintTable of records (file and sheet from the first record's `src`; '' when empty). */
export function complaintTable(records: readonly Complaint[]): ComplaintTable {
  const b = new ComplaintTableBuilder(records[0]?.src.file ?? '', records[0]?.src.sheet);
  for (const c of records) b.push(c);
  return b.finish();
}

/** A SurveyTable of records (file and sheet from the first record's `src`; '' when empty). */
export function surveyTable(records: readonly Survey[]): SurveyTable {
  const b = new SurveyTableBuilder(records[0]?.src.file ?? '', records[0]?.src.sheet);
  for (const s of records) b.push(s);
  return b.finish();
}

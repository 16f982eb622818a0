/**
 * The typed records every stage shares: what ingest produces and the pure engine consumes.
 *
 * Units are in the names: `Day`/`Instant` (see engine/calendar.ts), money in *ten-thousandths*
 * of the currency unit held as integers in a Float64Array (`amountE4`: ¥1,234.50 → 12345000), so
 * sums are exact integers and no binary fraction ever touches money. Ratios are fractions.
 */
import type { Day, Instant } from './engine/calendar.js';
import type { SourceRef } from './diagnostics.js';

/** Money scale of the sales columns: 1 unit = 0.0001 of the currency. */
export const MONEY_SCALE = 10_000;

/**
 * Interns ids (customer, employee, order) to dense integers in first-seen order; -1 means "none".
 * `Interner` keeps the ids as strings; `PackedInterner` packs them into bytes (for the order ids,
 * which are as many as half the sales lines). Both share this lookup.
 *
 * An open-addressing hash table of Int32 slots `[hash, index + 1]`, rather than a
 * `Map<string, number>`: for a million distinct order ids V8's Map costs ~1 µs per insert (its
 * backing store of pointers to young strings is rehashed and re-scanned by every scavenge), this
 * table ~0.1 µs. Equality is exact: a hash match is confirmed by comparing the ids.
 * `compact()` frees the table once the ids are complete (8–16 bytes per id); a later lookup
 * rebuilds it.
 */
export abstract class IdTable {
  private table: Int32Array | null = new Int32Array(2 << 10);
  private mask = (1 << 10) - 1;

  /** 32-bit FNV-1a of the UTF-16 code units, finished with a murmur-style mix. */
  protected static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return IdTable.mix(h);
  }

  protected static mix(h: number): number {
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Number of ids. */
  abstract get size(): number;
  /** The id of index i. */
  abstract id(i: number): string;
  /** Compares ids a and b as plain strings (UTF-16 code units, like JavaScript `<`): -1, 0 or 1. */
  abstract compare(a: number, b: number): number;
  /** Whether index `idx` holds `id`. */
  protected abstract equalsAt(idx: number, id: string): boolean;
  /** Appends `id` as the next index. */
  protected abstract add(id: string): void;
  /** `hash` of the id at idx. */
  protected abstract hashAt(idx: number): number;
  /** Called by compact(): drop growth slack. */
  protected trim(): void {}

  /** Index of `id`, adding it when new. */
  intern(id: string): number {
    const h = IdTable.hash(id);
    const t = this.table ?? this.rebuild(), mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = i << 1;
      const v = t[k + 1];
      if (v === 0) {
        const idx = this.size;
        this.add(id);
        t[k] = h;
        t[k + 1] = idx + 1;
        if ((idx + 1) * 2 > mask) this.grow();
        return idx;
      }
      if (t[k] === h && this.equalsAt(v - 1, id)) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Index of an id already seen, or -1. */
  get(id: string): number {
    const h = IdTable.hash(id);
    const t = this.table ?? this.rebuild(), mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = i << 1;
      const v = t[k + 1];
      if (v === 0) return -1;
      if (t[k] === h && this.equalsAt(v - 1, id)) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Frees the lookup table (the ids stay); the next `intern` or `get` rebuilds it. */
  compact(): void {
    this.table = null;
    this.trim();
  }

  /** The lookup table for the ids, sized as `intern` would have grown it. */
  private rebuild(): Int32Array {
    const n = this.size;
    let cap = 1 << 10;
    while (n * 2 > cap - 1) cap *= 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let idx = 0; idx < n; idx++) {
      const h = this.hashAt(idx);
      let i = h & mask;
      while (t[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      t[i << 1] = h;
      t[(i << 1) + 1] = idx + 1;
    }
    this.table = t;
    this.mask = mask;
    return t;
  }

  private grow(): void {
    const old = this.table!;
    const cap = (this.mask + 1) * 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let k = 0; k < old.length; k += 2) {
      const v = old[k + 1];
      if (v === 0) continue;
      let i = old[k] & mask;
      while (t[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      t[i << 1] = old[k];
      t[(i << 1) + 1] = v;
    }
    this.table = t;
    this.mask = mask;
  }
}

/** An IdTable holding its ids as strings in `ids`. */
export class Interner extends IdTable {
  readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  id(i: number): string {
    return this.ids[i];
  }

  compare(a: number, b: number): number {
    const x = this.ids[a], y = this.ids[b];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  protected equalsAt(idx: number, id: string): boolean {
    return this.ids[idx] === id;
  }

  protected add(id: string): void {
    this.ids.push(id);
  }

  protected hashAt(idx: number): number {
    return IdTable.hash(this.ids[idx]);
  }
}

/**
 * An IdTable packing its ids into one byte buffer, one byte per character (Latin-1), with
 * offsets: a short id costs ~14 bytes instead of a ~32-byte string plus its slot (half a million
 * order ids: ~7 MB instead of ~17 MB of heap). An id with a character above U+00FF is kept as a
 * string on the side. `id(i)` rebuilds the string; `compare` compares the bytes, which orders
 * exactly as the strings would (a Latin-1 byte is the UTF-16 code unit).
 */
export class PackedInterner extends IdTable {
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  /** offsets[i] … offsets[i+1] are the bytes of id i (empty for a wide id). */
  private offsets = new Int32Array(1 << 10);
  private n = 0;
  /** Ids with a character above U+00FF, by index; null while there are none. */
  private wide: Map<number, string> | null = null;

  get size(): number {
    return this.n;
  }

  id(i: number): string {
    const w = this.wide?.get(i);
    if (w !== undefined) return w;
    const from = this.offsets[i], to = this.offsets[i + 1];
    let s = '';
    for (let k = from; k < to; k += 4096) {
      s += String.fromCharCode.apply(null, this.bytes.subarray(k, Math.min(to, k + 4096)) as unknown as number[]);
    }
    return s;
  }

  compare(a: number, b: number): number {
    if (this.wide !== null && (this.wide.has(a) || this.wide.has(b))) {
      const x = this.id(a), y = this.id(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const bytes = this.bytes, off = this.offsets;
    const a0 = off[a], a1 = off[a + 1], b0 = off[b], b1 = off[b + 1];
    const la = a1 - a0, lb = b1 - b0, l = la < lb ? la : lb;
    for (let k = 0; k < l; k++) {
      const d = bytes[a0 + k] - bytes[b0 + k];
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return la < lb ? -1 : la > lb ? 1 : 0;
  }

  protected equalsAt(idx: number, id: string): boolean {
    const from = this.offsets[idx], to = this.offsets[idx + 1];
    if (to - from !== id.length) return this.wide !== null && this.wide.get(idx) === id;
    const bytes = this.bytes;
    for (let k = 0; k < id.length; k++) if (bytes[from + k] !== id.charCodeAt(k)) return false;
    // An empty byte range also matches the empty id; a wide id never has an empty range match.
    return id.length !== 0 || this.wide === null || !this.wide.has(idx);
  }

  protected add(id: string): void {
    const i = this.n++;
    if (this.n + 1 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    let latin1 = true;
    for (let k = 0; k < id.length && latin1; k++) latin1 = id.charCodeAt(k) < 256;
    if (!latin1) {
      (this.wide ??= new Map()).set(i, id);
      this.offsets[i + 1] = this.used;
      return;
    }
    if (this.used + id.length > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + id.length));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    const bytes = this.bytes;
    for (let k = 0; k < id.length; k++) bytes[this.used + k] = id.charCodeAt(k);
    this.used += id.length;
    this.offsets[i + 1] = this.used;
  }

  protected hashAt(idx: number): number {
    const w = this.wide?.get(idx);
    if (w !== undefined) return IdTable.hash(w);
    let h = 0x811c9dc5 | 0;
    const bytes = this.bytes;
    for (let k = this.offsets[idx], to = this.offsets[idx + 1]; k < to; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
    return IdTable.mix(h);
  }

  protected override trim(): void {
    if (this.bytes.length > this.used) this.bytes = this.bytes.slice(0, this.used);
    if (this.offsets.length > this.n + 1) this.offsets = this.offsets.slice(0, this.n + 1);
  }
}

/**
 * Sales lines after exclusion and validation, one entry per credited row (a `split` row credits
 * amount × split). Columnar so that a million rows fit in tens of megabytes. Rows are in file
 * order, or (LoadOptions.salesByEmployee) by employee index, then day, then file order; `fileIdx`
 * and `row` say where each came from.
 */
export interface SalesTable {
  n: number;
  day: Int32Array;
  order: Int32Array; // Interner index (orders)
  customer: Int32Array; // Interner index (customers)
  employee: Int32Array; // Interner index (employees)
  amountE4: Float64Array; // integer ten-thousandths, negative for refunds
  costE4: Float64Array; // integer ten-thousandths; NaN when the export has no cost
  quantity: Float64Array; // NaN when absent
  /** Index into `files` and the row number there, for citations. */
  fileIdx: Uint16Array;
  row: Int32Array;
  files: string[];
  hasCost: boolean;
  hasQuantity: boolean;
}

/** One complaint as a record: what `complaintAt` returns and `ComplaintTableBuilder.push` takes. */
export interface Complaint {
  id: string;
  opened: Instant;
  openedDay: Day;
  customer: number; // -1 when absent
  order: number; // -1 when absent (an order id that is not in sales is still interned)
  handler: number; // employee index or -1
  owner: number; // employee index or -1
  firstResponse: Instant | null;
  resolved: Instant | null;
  /** True when `status` reads as resolved/closed (解决/已解决/关闭/resolved/closed/done). */
  statusResolved: boolean;
  escalated: boolean;
  satisfied: boolean | null;
  severity: string | null;
  src: SourceRef;
}

/** One survey response as a record: what `surveyAt` returns and `SurveyTableBuilder.push` takes. */
export interface Survey {
  id: string | null;
  day: Day;
  nps: number | null; // 0..10
  csat: number | null; // 1..csat_scale
  customer: number;
  order: number;
  employee: number;
  src: SourceRef;
}

/**
 * The kept complaints, column-wise (entry i of every column is complaint i, in file order): a
 * hundred thousand complaints as objects cost ~20 MB of heap, as columns ~6 MB. Absent instants
 * are NaN; `satisfied` is -1 (unknown), 0 or 1. Rows cite `file`/`sheet` at `row[i]`.
 */
export interface ComplaintTable {
  n: number;
  id: string[];
  opened: Float64Array; // Instant
  openedDay: Int32Array; // Day
  customer: Int32Array; // -1 when absent
  order: Int32Array; // -1 when absent
  handler: Int32Array; // employee index or -1
  owner: Int32Array; // employee index or -1
  firstResponse: Float64Array; // Instant, NaN = none
  resolved: Float64Array; // Instant, NaN = none
  statusResolved: Uint8Array; // 1 = status reads resolved/closed
  escalated: Uint8Array; // 1 = escalated
  satisfied: Int8Array; // -1 unknown, 0 no, 1 yes
  severity: (string | null)[];
  row: Int32Array;
  file: string;
  sheet?: string;
}

/** The kept survey responses, column-wise (see ComplaintTable). `nps`/`csat` are NaN when absent. */
export interface SurveyTable {
  n: number;
  id: (string | null)[];
  day: Int32Array; // Day
  nps: Float64Array; // 0..10, NaN = none
  csat: Float64Array; // 1..csat_scale, NaN = none
  customer: Int32Array; // -1 when absent
  order: Int32Array; // -1 when absent
  employee: Int32Array; // -1 when absent
  row: Int32Array;
  file: string;
  sheet?: string;
}

const orNull = (x: number): number | null => (x === x ? x : null);
const srcOf = (file: string, sheet: string | undefined, row: number): SourceRef =>
  (sheet === undefined ? { file, row } : { file, sheet, row });

/** Complaint i of a table as a record (a fresh object; for messages and tests, not hot loops). */
export function complaintAt(t: ComplaintTable, i: number): Complaint {
  const sat = t.satisfied[i];
  return {
    id: t.id[i], opened: t.opened[i], openedDay: t.openedDay[i], customer: t.customer[i], order: t.order[i],
    handler: t.handler[i], owner: t.owner[i], firstResponse: orNull(t.firstResponse[i]), resolved: orNull(t.resolved[i]),
    statusResolved: t.statusResolved[i] === 1, escalated: t.escalated[i] === 1, satisfied: sat < 0 ? null : sat === 1,
    severity: t.severity[i], src: srcOf(t.file, t.sheet, t.row[i]),
  };
}

/** Survey i of a table as a record (a fresh object; for messages and tests, not hot loops). */
export function surveyAt(t: SurveyTable, i: number): Survey {
  return {
    id: t.id[i], day: t.day[i], nps: orNull(t.nps[i]), csat: orNull(t.csat[i]), customer: t.customer[i],
    order: t.order[i], employee: t.employee[i], src: srcOf(t.file, t.sheet, t.row[i]),
  };
}

/** `a` copied into a new array of length `cap` (or `a` itself when that is its length). */
function grown<T extends Int32Array | Float64Array | Uint8Array | Int8Array>(a: T, cap: number): T {
  if (a.length === cap) return a;
  const b = new (a.constructor as { new (n: number): T })(cap);
  b.set(a);
  return b;
}

/**
 * Collects complaints into a ComplaintTable (columns grow by doubling; `finish` trims them).
 * `file`/`sheet` are the table's; a pushed record's `src.row` is kept, its file is not.
 */
export class ComplaintTableBuilder {
  private t: ComplaintTable;
  private cap = 0;
  private readonly severities = new Map<string, string>();

  constructor(file: string, sheet?: string) {
    this.t = {
      n: 0, id: [], opened: new Float64Array(0), openedDay: new Int32Array(0), customer: new Int32Array(0),
      order: new Int32Array(0), handler: new Int32Array(0), owner: new Int32Array(0), firstResponse: new Float64Array(0),
      resolved: new Float64Array(0), statusResolved: new Uint8Array(0), escalated: new Uint8Array(0),
      satisfied: new Int8Array(0), severity: [], row: new Int32Array(0), file, ...(sheet === undefined ? {} : { sheet }),
    };
  }

  push(c: Complaint): void {
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
    t.firstResponse[i] = c.firstResponse ?? NaN;
    t.resolved[i] = c.resolved ?? NaN;
    t.statusResolved[i] = c.statusResolved ? 1 : 0;
    t.escalated[i] = c.escalated ? 1 : 0;
    t.satisfied[i] = c.satisfied === null ? -1 : c.satisfied ? 1 : 0;
    // A severity column repeats a few words: keep one string per distinct word.
    let sev = c.severity;
    if (sev !== null) {
      const known = this.severities.get(sev);
      if (known === undefined) this.severities.set(sev, sev); else sev = known;
    }
    t.severity.push(sev);
    t.row[i] = c.src.row;
  }

  /** The table (columns trimmed to `n`); the builder must not be used afterwards. */
  finish(sheet?: string): ComplaintTable {
    this.resize(this.t.n);
    if (sheet !== undefined) this.t.sheet = sheet;
    return this.t;
  }

  private resize(cap: number): void {
    const t = this.t;
    const n = t.n;
    const fit = <T extends Int32Array | Float64Array | Uint8Array | Int8Array>(a: T): T =>
      (cap >= a.length ? grown(a, cap) : (a.slice(0, n) as T));
    t.opened = fit(t.opened); t.openedDay = fit(t.openedDay); t.customer = fit(t.customer); t.order = fit(t.order);
    t.handler = fit(t.handler); t.owner = fit(t.owner); t.firstResponse = fit(t.firstResponse); t.resolved = fit(t.resolved);
    t.statusResolved = fit(t.statusResolved); t.escalated = fit(t.escalated); t.satisfied = fit(t.satisfied); t.row = fit(t.row);
    this.cap = cap;
  }
}

/** Collects survey responses into a SurveyTable (see ComplaintTableBuilder). */
export class SurveyTableBuilder {
  private t: SurveyTable;
  private cap = 0;

  constructor(file: string, sheet?: string) {
    this.t = {
      n: 0, id: [], day: new Int32Array(0), nps: new Float64Array(0), csat: new Float64Array(0),
      customer: new Int32Array(0), order: new Int32Array(0), employee: new Int32Array(0), row: new Int32Array(0),
      file, ...(sheet === undefined ? {} : { sheet }),
    };
  }

  push(s: Survey): void {
    const t = this.t;
    if (t.n === this.cap) this.resize(Math.max(1024, this.cap * 2));
    const i = t.n++;
    t.id.push(s.id);
    t.day[i] = s.day;
    t.nps[i] = s.nps ?? NaN;
    t.csat[i] = s.csat ?? NaN;
    t.customer[i] = s.customer;
    t.order[i] = s.order;
    t.employee[i] = s.employee;
    t.row[i] = s.src.row;
  }

  /** The table (columns trimmed to `n`); the builder must not be used afterwards. */
  finish(sheet?: string): SurveyTable {
    this.resize(this.t.n);
    if (sheet !== undefined) this.t.sheet = sheet;
    return this.t;
  }

  private resize(cap: number): void {
    const t = this.t;
    const n = t.n;
    const fit = <T extends Int32Array | Float64Array>(a: T): T => (cap >= a.length ? grown(a, cap) : (a.slice(0, n) as T));
    t.day = fit(t.day); t.nps = fit(t.nps); t.csat = fit(t.csat); t.customer = fit(t.customer);
    t.order = fit(t.order); t.employee = fit(t.employee); t.row = fit(t.row);
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

export interface Person {
  id: string;
  name: string;
  team: string;
  role: string;
  /** Decimal text as configured (a monthly figure), or null. */
  baseSalary: string | null;
  start: Day | null;
  end: Day | null;
  /** True when the person came from the data only (not in any roster) and got `default_role`. */
  inferred?: boolean;
}

export interface TargetRow {
  employee?: string;
  team?: string;
  role?: string;
  /** Period id as written ("2024Q3"); absent = applies to any period. */
  period?: string;
  metric: string;
  target: number;
  src?: SourceRef;
}

/** Counts per source, for `kpi validate` and the Inputs sheet. */
export interface SourceStats {
  source: string; // sales | complaints | surveys | targets | people | join:<path>
  file: string;
  sheet?: string;
  sha256: string;
  encoding?: string;
  delimiter?: string;
  rowsRead: number;
  rowsKept: number;
  /** reason → count (e.g. `status 已取消` → 12, `invalid` → 3). */
  excluded: Record<string, number>;
  minDay: Day | null;
  maxDay: Day | null;
  headers: string[];
  /** canonical field → header it was read from. */
  mapping: Record<string, string>;
}

export interface Dataset {
  sales: SalesTable;
  complaints: ComplaintTable;
  surveys: SurveyTable;
  /** Roster (plan `people:` merged with the people export) plus employees found only in data. */
  people: Person[];
  targets: TargetRow[];
  customers: Interner;
  employees: Interner;
  /** Order ids, packed (compare and read them with `compare` and `id`). */
  orders: PackedInterner;
  stats: SourceStats[];
}

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
 *
 * An open-addressing hash table of Int32 slots `[hash, index + 1]` over `ids`, rather than a
 * `Map<string, number>`: for a million distinct order ids V8's Map costs ~1 µs per insert (its
 * backing store of pointers to young strings is rehashed and re-scanned by every scavenge), this
 * table ~0.1 µs. Equality is exact: a hash match is confirmed by comparing the strings.
 * `compact()` frees the table once the ids are complete (8–16 bytes per id); a later lookup
 * rebuilds it.
 */
export class Interner {
  readonly ids: string[] = [];
  private table: Int32Array | null = new Int32Array(2 << 10);
  private mask = (1 << 10) - 1;

  /** 32-bit FNV-1a of the UTF-16 code units, finished with a murmur-style mix. */
  private static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Index of `id`, adding it when new. */
  intern(id: string): number {
    const h = Interner.hash(id);
    const t = this.table ?? this.rebuild(), mask = this.mask, ids = this.ids;
    let i = h & mask;
    for (;;) {
      const k = i << 1;
      const v = t[k + 1];
      if (v === 0) {
        const idx = ids.length;
        ids.push(id);
        t[k] = h;
        t[k + 1] = idx + 1;
        if (ids.length * 2 > mask) this.grow();
        return idx;
      }
      if (t[k] === h && ids[v - 1] === id) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Index of an id already seen, or -1. */
  get(id: string): number {
    const h = Interner.hash(id);
    const t = this.table ?? this.rebuild(), mask = this.mask, ids = this.ids;
    let i = h & mask;
    for (;;) {
      const k = i << 1;
      const v = t[k + 1];
      if (v === 0) return -1;
      if (t[k] === h && ids[v - 1] === id) return v - 1;
      i = (i + 1) & mask;
    }
  }

  get size(): number {
    return this.ids.length;
  }

  /** Frees the lookup table (the ids stay); the next `intern` or `get` rebuilds it. */
  compact(): void {
    this.table = null;
  }

  /** The lookup table for `ids`, sized as `intern` would have grown it. */
  private rebuild(): Int32Array {
    let cap = 1 << 10;
    while (this.ids.length * 2 > cap - 1) cap *= 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let idx = 0; idx < this.ids.length; idx++) {
      const h = Interner.hash(this.ids[idx]);
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
  complaints: Complaint[];
  surveys: Survey[];
  /** Roster (plan `people:` merged with the people export) plus employees found only in data. */
  people: Person[];
  targets: TargetRow[];
  customers: Interner;
  employees: Interner;
  orders: Interner;
  stats: SourceStats[];
}

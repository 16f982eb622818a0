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

/** Interns ids (customer, employee, order) to dense integers; -1 means "none". */
export class Interner {
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  intern(id: string): number {
    let i = this.map.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.map.set(id, i);
    }
    return i;
  }
  /** Index of an id already seen, or -1. */
  get(id: string): number {
    return this.map.get(id) ?? -1;
  }
  get size(): number {
    return this.ids.length;
  }
}

/**
 * Sales lines after exclusion and validation, one entry per credited row (a `split` row credits
 * amount × split). Columnar so that a million rows fit in tens of megabytes.
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

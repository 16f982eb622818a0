/**
 * The typed records every stage shares: what ingest produces and the pure engine consumes.
 *
 * Units are in the names: `Day`/`Instant` (see engine/calendar.ts), money in *ten-thousandths*
 * of the currency unit held as integers in a Float64Array (`amountE4`: ¥1,234.50 → 12345000), so
 * sums are exact integers and no binary fraction ever touches money. Ratios are fractions.
 */
import type { Day, Instant } from './engine/calendar.js';
import type { SourceRef } from './diagnostics.js';
import type { Interner, PackedInterner } from './model/ids.js';

// The id tables (model/ids.ts) and the complaint/survey table builders (model/tables.ts) are
// re-exported so that every stage imports its records from this one module.
export { IdTable, Interner, PackedInterner } from './model/ids.js';
export {
  complaintAt, surveyAt, ComplaintTableBuilder, SurveyTableBuilder, complaintTable, surveyTable,
} from './model/tables.js';

/** Money scale of the sales columns: 1 unit = 0.0001 of the currency. */
export const MONEY_SCALE = 10_000;

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
  /** The sheet of each of `files` when it is a workbook (same length as `files`), for citations. */
  sheets?: (string | undefined)[];
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
  /** When the source is several files: where each file's rows start (see tables.ts rowSource). */
  parts?: FilePart[];
}

/** The rows of a table from index `from` on (up to the next part) come from `file` / `sheet`. */
export interface FilePart {
  file: string;
  sheet?: string;
  from: number;
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
  /** When the source is several files (see ComplaintTable). */
  parts?: FilePart[];
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

/**
 * Sales export → SalesTable (columnar). Rows stream batch by batch into growable typed arrays;
 * ids are interned; duplicate order lines are found by 64-bit row fingerprints.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Interner, SalesTable, SourceStats } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import { FingerprintSet, hashRow } from './row-hash.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, parseDate, parseId, parseMoney, parseNumber, parsePercentE6 } from './values.js';

class Grow<T extends Int32Array | Float64Array | Uint16Array> {
  constructor(public arr: T, private readonly make: (n: number) => T) {}
  push(i: number, x: number): void {
    if (i >= this.arr.length) {
      const next = this.make(this.arr.length * 2);
      next.set(this.arr);
      this.arr = next;
    }
    this.arr[i] = x;
  }
  /** The first n entries; no copy when the buffer is mostly used (saves a transient second copy). */
  done(n: number): T {
    return (n >= this.arr.length * 0.75 ? this.arr.subarray(0, n) : this.arr.slice(0, n)) as T;
  }
}

const i32 = (n: number) => new Int32Array(n);
const f64 = (n: number) => new Float64Array(n);
const u16 = (n: number) => new Uint16Array(n);

/** amount × share (millionths), rounded half away from zero to an integer, exactly. */
export function creditShare(amountE4: number, shareE6: number): number {
  if (shareE6 === 1_000_000) return amountE4;
  const p = BigInt(amountE4) * BigInt(shareE6);
  const neg = p < 0n;
  const a = neg ? -p : p;
  let q = a / 1_000_000n;
  if ((a % 1_000_000n) * 2n >= 1_000_000n) q += 1n;
  return Number(neg ? -q : q);
}

export interface SalesResult {
  ok: boolean;
  table: SalesTable;
  stats: SourceStats | null;
}

/** Reads the sales export. Problems go to `diags`. */
export async function ingestSales(
  spec: SourceSpec, interners: { customers: Interner; employees: Interner; orders: Interner },
  opts: ReadOptions, diags: Diagnostic[],
): Promise<SalesResult> {
  const cap = 1 << 14;
  const day = new Grow(i32(cap), i32), order = new Grow(i32(cap), i32), customer = new Grow(i32(cap), i32);
  const employee = new Grow(i32(cap), i32), amount = new Grow(f64(cap), f64), cost = new Grow(f64(cap), f64);
  const quantity = new Grow(f64(cap), f64), fileIdx = new Grow(u16(cap), u16), rowNo = new Grow(i32(cap), i32);
  let n = 0;
  let hasCost = false, hasQuantity = false;
  const seen = new FingerprintSet();
  const fp = new Uint32Array(2);
  /** Columns that identify an order line across its split rows (not employee, split, names, region). */
  let lineCols: number[] | null = null;
  const lines = new Map<string, { sum: number; row: number; orderId: string }>();
  let index: Record<string, number> = {};

  const handler = (ctx: RowContext): number | null => {
    const { get, problems } = ctx;
    const orderId = parseId(get('order_id'));
    if (orderId === null) problems.push({ code: 'missing_value', field: 'order_id', value: '', reason: 'order_id is empty' });
    const d = parseDate(get('date'), spec.dateFormat);
    if (!d.ok) problems.push({ code: d.code, field: 'date', value: cellText(get('date')), reason: d.code === 'missing_value' ? 'date is empty' : d.reason });
    const cust = parseId(get('customer_id'));
    if (cust === null) problems.push({ code: 'missing_value', field: 'customer_id', value: cellText(get('customer_id')), reason: 'customer_id is empty' });
    const emp = parseId(get('employee_id'));
    if (emp === null) problems.push({ code: 'missing_value', field: 'employee_id', value: cellText(get('employee_id')), reason: 'employee_id is empty' });
    const amt = parseMoney(get('amount'));
    if (!amt.ok) problems.push({ code: amt.code, field: 'amount', value: cellText(get('amount')), reason: amt.code === 'missing_value' ? 'amount is empty' : amt.reason });
    let costE4 = NaN;
    const costCell = get('cost');
    if (costCell !== undefined) {
      hasCost = true;
      if (!isBlank(costCell)) {
        const c = parseMoney(costCell);
        if (c.ok) costE4 = c.value; else problems.push({ code: c.code, field: 'cost', value: cellText(costCell), reason: c.reason });
      }
    }
    let share = 1_000_000;
    const splitCell = get('split');
    if (splitCell !== undefined && !isBlank(splitCell)) {
      const s = parsePercentE6(splitCell, { bareAbove1IsPercent: true });
      if (!s.ok) problems.push({ code: s.code, field: 'split', value: cellText(splitCell), reason: s.reason });
      else if (s.value < 0 || s.value > 1_000_000) problems.push({ code: 'bad_percent', field: 'split', value: cellText(splitCell), reason: 'split must be between 0% and 100%' });
      else share = s.value;
    }
    let qty = NaN;
    const qCell = get('quantity');
    if (qCell !== undefined) {
      hasQuantity = true;
      if (!isBlank(qCell)) {
        const q = parseNumber(qCell);
        if (q.ok) qty = q.value; else problems.push({ code: q.code, field: 'quantity', value: cellText(qCell), reason: q.reason });
      }
    }
    if (problems.length || !d.ok || !amt.ok) return null;
    hashRow(ctx.row, fp);
    const earlier = seen.addOrGet(fp[0], fp[1], ctx.rowNo);
    if (earlier >= 0) {
      problems.push({ code: 'duplicate_order_line', field: 'order_id', value: orderId!,
        reason: `same order line as row ${earlier} (order ${orderId}, identical content)` });
      return null;
    }
    if (lineCols) {
      hashRow(lineCols.map((k) => ctx.row[k] ?? null), fp);
      const key = `${fp[0]}:${fp[1]}`;
      const l = lines.get(key);
      if (l) l.sum += share; else lines.set(key, { sum: share, row: ctx.rowNo, orderId: orderId! });
    }
    day.push(n, d.value.day);
    order.push(n, interners.orders.intern(orderId!));
    customer.push(n, interners.customers.intern(cust!));
    employee.push(n, interners.employees.intern(emp!));
    amount.push(n, creditShare(amt.value, share));
    cost.push(n, Number.isNaN(costE4) ? NaN : creditShare(costE4, share));
    quantity.push(n, qty);
    fileIdx.push(n, 0);
    rowNo.push(n, ctx.rowNo);
    n++;
    return d.value.day;
  };

  // The split column is known only once the header is mapped: set up lazily on the first row.
  let first = true;
  const res = await readSource('sales', spec, opts, diags, (ctx) => {
    if (first) {
      first = false;
      if (index.split !== undefined && index.split >= 0) {
        lineCols = ['order_id', 'date', 'customer_id', 'amount', 'cost', 'quantity', 'product']
          .map((f) => index[f]).filter((k): k is number => k !== undefined);
      }
    }
    return handler(ctx);
  }, (idx) => { index = idx; });

  for (const l of lines.values()) {
    if (l.sum !== 1_000_000) {
      diags.push({ code: 'split_not_100', severity: 'warning', file: spec.displayPath, sheet: res.stats?.sheet, row: l.row,
        column: res.stats?.mapping.split, value: `${l.sum / 10_000}%`,
        message: `the splits of order ${l.orderId}'s line starting at row ${l.row} add up to ${l.sum / 10_000}%, not 100%` });
    }
  }
  const table: SalesTable = {
    n, day: day.done(n), order: order.done(n), customer: customer.done(n), employee: employee.done(n),
    amountE4: amount.done(n), costE4: cost.done(n), quantity: quantity.done(n), fileIdx: fileIdx.done(n),
    row: rowNo.done(n), files: [spec.displayPath], hasCost, hasQuantity,
  };
  return { ok: res.ok, table, stats: res.stats };
}

/** An empty SalesTable (when sales could not be read). */
export function emptySales(): SalesTable {
  return {
    n: 0, day: new Int32Array(0), order: new Int32Array(0), customer: new Int32Array(0), employee: new Int32Array(0),
    amountE4: new Float64Array(0), costE4: new Float64Array(0), quantity: new Float64Array(0),
    fileIdx: new Uint16Array(0), row: new Int32Array(0), files: [], hasCost: false, hasQuantity: false,
  };
}

/**
 * The precomputed sales index every metric reads, built once per dataset in a few linear passes:
 * rows per employee and per customer sorted by day, running customer totals, each customer's first
 * positive row in history, each order's employee, and a per-day cache of big customers.
 *
 * Orderings used throughout (PRODUCT.md §5, §13): rows are ordered by calendar day, then by
 * order_id compared as plain strings (UTF-16 code units, i.e. JavaScript `<`).
 */
import type { Dataset, SalesTable } from '../../model.js';
import { groupSorted, lowerBound, sortByDay, upperBound, type Csr } from './csr.js';

/** Employee index tie-break: the smaller employee id string wins. */
function empIdLess(ds: Dataset, a: number, b: number): boolean {
  return ds.employees.ids[a] < ds.employees.ids[b];
}

export class SalesIndex {
  readonly sales: SalesTable;
  readonly nCustomers: number;
  readonly nEmployees: number;
  readonly nOrders: number;
  /** Sales rows of each employee, by day. */
  readonly byEmployee: Csr;
  /** Sales rows of each customer (all employees), by day. */
  readonly byCustomer: Csr;
  /** Running sum of amountE4 inside each customer's group of `byCustomer` (inclusive). */
  private readonly custCum: Float64Array;
  /** Day of each customer's first positive row in history; 2^31-1 when none. */
  readonly firstDay: Int32Array;
  /** Employee credited with that first positive row (-1 when none); see `firstPositive`. */
  readonly firstEmployee: Int32Array;
  /** The employee of each order (largest net credited amount, ties by employee id); -1 = not in sales. */
  readonly orderEmployee: Int32Array;
  private readonly bigCache = new Map<number, Uint8Array>();

  constructor(readonly ds: Dataset) {
    const s = ds.sales;
    this.sales = s;
    const n = s.n;
    this.nCustomers = Math.max(ds.customers.size, maxPlusOne(s.customer, n));
    this.nEmployees = Math.max(ds.employees.size, maxPlusOne(s.employee, n));
    this.nOrders = Math.max(ds.orders.size, maxPlusOne(s.order, n));
    const day = s.day;
    const byDay = sortByDay(n, (i) => day[i]);
    this.byEmployee = groupSorted(byDay, this.nEmployees, (i) => s.employee[i], (i) => day[i]);
    this.byCustomer = groupSorted(byDay, this.nCustomers, (i) => s.customer[i], (i) => day[i]);

    const cum = new Float64Array(this.byCustomer.items.length);
    const { start, items } = this.byCustomer;
    for (let c = 0; c < this.nCustomers; c++) {
      let acc = 0;
      for (let k = start[c]; k < start[c + 1]; k++) cum[k] = acc += s.amountE4[items[k]];
    }
    this.custCum = cum;

    this.firstDay = new Int32Array(this.nCustomers).fill(0x7fffffff);
    this.firstEmployee = new Int32Array(this.nCustomers).fill(-1);
    for (let c = 0; c < this.nCustomers; c++) this.firstPositive(c);

    this.orderEmployee = computeOrderEmployees(ds, this.nOrders);
  }

  /**
   * Finds customer c's first positive row: the earliest day, then the smallest order_id among
   * positive rows that day. When several employees have positive rows on that order (splits), the
   * customer goes to the one with the largest positive amount on it, ties by employee id.
   */
  private firstPositive(c: number): void {
    const s = this.sales;
    const { start, items, keys } = this.byCustomer;
    const hi = start[c + 1];
    let k = start[c];
    while (k < hi && !(s.amountE4[items[k]] > 0)) k++;
    if (k >= hi) return;
    const d = keys[k];
    let bestOrder = s.order[items[k]];
    let end = k;
    for (; end < hi && keys[end] === d; end++) {
      const r = items[end];
      if (s.amountE4[r] > 0 && this.ds.orders.ids[s.order[r]] < this.ds.orders.ids[bestOrder]) bestOrder = s.order[r];
    }
    // Employee with the largest positive amount on (d, bestOrder); usually a single one.
    let bestEmp = -1, bestAmt = -Infinity;
    for (let j = k; j < end; j++) {
      const r = items[j];
      if (!(s.amountE4[r] > 0) || s.order[r] !== bestOrder) continue;
      const e = s.employee[r];
      if (e === bestEmp) continue;
      let amt = 0;
      for (let q = k; q < end; q++) {
        const r2 = items[q];
        if (s.amountE4[r2] > 0 && s.order[r2] === bestOrder && s.employee[r2] === e) amt += s.amountE4[r2];
      }
      if (amt > bestAmt || (amt === bestAmt && empIdLess(this.ds, e, bestEmp))) { bestEmp = e; bestAmt = amt; }
    }
    this.firstDay[c] = d;
    this.firstEmployee[c] = bestEmp;
  }

  /** Customer c's net amount (ten-thousandths, all employees) over days [from, to]. */
  customerNet(c: number, from: number, to: number): number {
    const { start, keys } = this.byCustomer;
    const g0 = start[c], g1 = start[c + 1];
    if (g0 === g1) return 0;
    const a = lowerBound(keys, g0, g1, from);
    const b = upperBound(keys, a, g1, to);
    return (b > g0 ? this.custCum[b - 1] : 0) - (a > g0 ? this.custCum[a - 1] : 0);
  }

  /** Customer c's net amount in history up to and including day `to` (ten-thousandths). */
  customerNetUpTo(c: number, to: number): number {
    const { start, keys } = this.byCustomer;
    const g0 = start[c], g1 = start[c + 1];
    const b = upperBound(keys, g0, g1, to);
    return b > g0 ? this.custCum[b - 1] : 0;
  }

  /**
   * Whether customer c is big as of `endDay`: company-wide revenue over endDay − 364 … endDay is
   * ≥ `minE4` (ten-thousandths). Cached per end day.
   */
  isBig(c: number, endDay: number, minE4: number): boolean {
    let cache = this.bigCache.get(endDay);
    if (!cache) {
      cache = new Uint8Array(this.nCustomers);
      this.bigCache.set(endDay, cache);
    }
    let v = cache[c];
    if (v === 0) {
      v = this.customerNet(c, endDay - 364, endDay) >= minE4 ? 1 : 2;
      cache[c] = v;
    }
    return v === 1;
  }

  /**
   * The order of customer c's latest positive row dated on or before `day`, ordered by (day,
   * order_id); -1 when there is none.
   */
  latestPositiveOrder(c: number, day: number): number {
    if (c < 0 || c >= this.nCustomers) return -1;
    const s = this.sales;
    const { start, items, keys } = this.byCustomer;
    const g0 = start[c];
    let k = upperBound(keys, g0, start[c + 1], day) - 1;
    while (k >= g0 && !(s.amountE4[items[k]] > 0)) k--;
    if (k < g0) return -1;
    const d = keys[k];
    let best = s.order[items[k]];
    for (k--; k >= g0 && keys[k] === d; k--) {
      const r = items[k];
      if (s.amountE4[r] > 0 && this.ds.orders.ids[s.order[r]] > this.ds.orders.ids[best]) best = s.order[r];
    }
    return best;
  }

  /** The employee of order o (-1 when the order has no sales row). */
  employeeOfOrder(o: number): number {
    return o >= 0 && o < this.nOrders ? this.orderEmployee[o] : -1;
  }
}

function maxPlusOne(a: Int32Array, n: number): number {
  let m = -1;
  for (let i = 0; i < n; i++) if (a[i] > m) m = a[i];
  return m + 1;
}

/**
 * Each order's employee: the one with the largest net credited amount over the order's rows (an
 * order split between two people), ties by employee id. Orders with one employee (nearly all)
 * cost one pass; only shared orders are aggregated in a map.
 */
function computeOrderEmployees(ds: Dataset, nOrders: number): Int32Array {
  const s = ds.sales;
  const emp = new Int32Array(nOrders).fill(-1);
  let shared: Set<number> | null = null;
  for (let r = 0; r < s.n; r++) {
    const o = s.order[r], e = s.employee[r];
    if (emp[o] === -1) emp[o] = e;
    else if (emp[o] !== e) (shared ??= new Set()).add(o);
  }
  if (shared) {
    const sums = new Map<number, Map<number, number>>();
    for (let r = 0; r < s.n; r++) {
      const o = s.order[r];
      if (!shared.has(o)) continue;
      let m = sums.get(o);
      if (!m) sums.set(o, (m = new Map()));
      m.set(s.employee[r], (m.get(s.employee[r]) ?? 0) + s.amountE4[r]);
    }
    for (const [o, m] of sums) {
      let best = -1, bestAmt = -Infinity;
      for (const [e, amt] of m) {
        if (amt > bestAmt || (amt === bestAmt && empIdLess(ds, e, best))) { best = e; bestAmt = amt; }
      }
      emp[o] = best;
    }
  }
  return emp;
}

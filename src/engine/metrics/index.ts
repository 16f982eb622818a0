/**
 * The precomputed sales index every metric reads, built once per dataset: the rows in day order
 * (columns gathered once, then read sequentially), each employee's rows by day, each customer's
 * first positive row in history, each order's employee, cached company-wide customer nets per day
 * range, and batch lookups of a customer's account owner at a date.
 *
 * Orderings (PRODUCT.md §5, §13): rows are ordered by calendar day, then by order_id compared as
 * plain strings (UTF-16 code units, JavaScript `<`). When the deciding order has positive rows of
 * several employees that day (a split line), the employee with the largest positive amount on it
 * wins, ties by the smaller employee id.
 */
import type { Dataset, SalesTable } from '../../model.js';
import { lowerBound, sortByDay, upperBound, type Csr } from './csr.js';

const NO_DAY = 0x7fffffff;

/** A "customer c at day d" question for `accountOwners`. */
export interface OwnerQuery {
  customer: number;
  day: number;
}

export class SalesIndex {
  readonly sales: SalesTable;
  readonly nCustomers: number;
  readonly nEmployees: number;
  readonly nOrders: number;
  /** Sales rows of each employee, by day (`items` are row indices, `keys` their days). */
  readonly byEmployee: Csr;
  /**
   * Columns copied into `byEmployee` order (position k ↔ row byEmployee.items[k]), so that the
   * pooling walk reads memory sequentially.
   */
  readonly empAmount: Float64Array;
  /** Cost per position (0 when the row has none); empty when the export has no cost column. */
  readonly empCost: Float64Array;
  /** Customer of each position as a pooling slot (renumbered by first appearance); see `slotCustomer`. */
  readonly empCustomer: Int32Array;
  /** Customer index of each customer slot. */
  readonly slotCustomer: Int32Array;
  /**
   * Order of each position as a pooling slot: orders renumbered by first appearance in
   * `byEmployee` order, so one employee's orders sit close together in the pooling scratch.
   */
  readonly empOrder: Int32Array;
  /** Day of each customer's first positive row in history; 2^31-1 when none. */
  readonly firstDay: Int32Array;
  /** Employee credited with that first positive row (-1 when none). */
  readonly firstEmployee: Int32Array;
  /** The employee of each order (largest net credited amount, ties by employee id); -1 = not in sales. */
  readonly orderEmployee: Int32Array;

  // All rows in day order (stable), as columns.
  private readonly dKey: Int32Array;
  private readonly dCustomer: Int32Array;
  private readonly dAmount: Float64Array;
  private readonly dOrder: Int32Array;
  private readonly dEmployee: Int32Array;
  private readonly netCache = new Map<string, Float64Array>();

  constructor(readonly ds: Dataset) {
    const s = ds.sales;
    this.sales = s;
    const n = s.n;
    this.nCustomers = Math.max(ds.customers.size, maxPlusOne(s.customer, n));
    this.nEmployees = Math.max(ds.employees.size, maxPlusOne(s.employee, n));
    this.nOrders = Math.max(ds.orders.size, maxPlusOne(s.order, n));

    const byDay = sortByDay(s.day.length === n ? s.day : s.day.subarray(0, n));
    this.dKey = new Int32Array(n);
    this.dCustomer = new Int32Array(n);
    this.dAmount = new Float64Array(n);
    this.dOrder = new Int32Array(n);
    this.dEmployee = new Int32Array(n);
    const hasCost = s.hasCost;
    const dCost = new Float64Array(hasCost ? n : 0);
    for (let k = 0; k < n; k++) {
      const r = byDay[k];
      this.dKey[k] = s.day[r];
      this.dCustomer[k] = s.customer[r];
      this.dAmount[k] = s.amountE4[r];
      this.dOrder[k] = s.order[r];
      this.dEmployee[k] = s.employee[r];
      if (hasCost) {
        const c = s.costE4[r];
        dCost[k] = c === c ? c : 0; // a row without cost counts 0
      }
    }

    // Employee CSR with its columns, filled from the day-ordered columns (stable: days ascend).
    const start = new Int32Array(this.nEmployees + 1);
    for (let k = 0; k < n; k++) start[this.dEmployee[k] + 1]++;
    for (let e = 0; e < this.nEmployees; e++) start[e + 1] += start[e];
    const fill = start.slice(0, this.nEmployees);
    const items = new Int32Array(n), keys = new Int32Array(n);
    this.empAmount = new Float64Array(n);
    this.empCost = new Float64Array(hasCost ? n : 0);
    const empCustomerIdx = new Int32Array(n), empOrderIdx = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const at = fill[this.dEmployee[k]]++;
      items[at] = byDay[k];
      keys[at] = this.dKey[k];
      this.empAmount[at] = this.dAmount[k];
      if (hasCost) this.empCost[at] = dCost[k];
      empCustomerIdx[at] = this.dCustomer[k];
      empOrderIdx[at] = this.dOrder[k];
    }
    this.byEmployee = { start, items, keys };
    this.slotCustomer = new Int32Array(this.nCustomers);
    this.empCustomer = renumber(empCustomerIdx, this.nCustomers, this.slotCustomer);
    this.empOrder = renumber(empOrderIdx, this.nOrders, null);

    this.firstDay = new Int32Array(this.nCustomers).fill(NO_DAY);
    this.firstEmployee = new Int32Array(this.nCustomers).fill(-1);
    this.findFirstPositive();
    this.orderEmployee = computeOrderEmployees(ds, this.nOrders);
  }

  /**
   * Each customer's first positive row: the earliest day, then the smallest order_id among that
   * day's positive rows; its employee per the split rule. One sequential pass, a second over the
   * rows of those first (day, order) pairs, maps only for split ones.
   */
  private findFirstPositive(): void {
    const { dKey, dCustomer, dAmount, dOrder, dEmployee, firstDay, firstEmployee } = this;
    const ids = this.ds.orders.ids;
    const n = dKey.length;
    const firstOrder = new Int32Array(this.nCustomers).fill(-1);
    for (let k = 0; k < n; k++) {
      if (!(dAmount[k] > 0)) continue;
      const c = dCustomer[k];
      if (firstDay[c] === NO_DAY) {
        firstDay[c] = dKey[k];
        firstOrder[c] = dOrder[k];
      } else if (firstDay[c] === dKey[k] && dOrder[k] !== firstOrder[c] && ids[dOrder[k]] < ids[firstOrder[c]]) {
        firstOrder[c] = dOrder[k];
      }
    }
    const split = new Map<number, Map<number, number>>();
    for (let k = 0; k < n; k++) {
      const c = dCustomer[k];
      if (!(dAmount[k] > 0) || dKey[k] !== firstDay[c] || dOrder[k] !== firstOrder[c]) continue;
      const e = dEmployee[k];
      if (firstEmployee[c] === -1) firstEmployee[c] = e;
      else if (firstEmployee[c] !== e && !split.has(c)) split.set(c, new Map());
    }
    if (split.size) {
      // Sum the split customers' first (day, order) per employee.
      for (let k = 0; k < n; k++) {
        const c = dCustomer[k];
        const m = split.get(c);
        if (!m || !(dAmount[k] > 0) || dKey[k] !== firstDay[c] || dOrder[k] !== firstOrder[c]) continue;
        m.set(dEmployee[k], (m.get(dEmployee[k]) ?? 0) + dAmount[k]);
      }
      for (const [c, m] of split) firstEmployee[c] = largestCredit(this.ds, m);
    }
  }

  /**
   * Every customer's company-wide net amount (ten-thousandths) over days [from, to], indexed by
   * customer; one sequential pass over the rows of those days, cached (P, P-1, big-customer
   * windows and history-to-date are asked for many entities).
   */
  netByCustomer(from: number, to: number): Float64Array {
    const key = `${from}:${to}`;
    let v = this.netCache.get(key);
    if (!v) {
      v = new Float64Array(this.nCustomers);
      const n = this.dKey.length;
      const a = lowerBound(this.dKey, 0, n, from);
      const b = upperBound(this.dKey, a, n, to);
      for (let k = a; k < b; k++) v[this.dCustomer[k]] += this.dAmount[k];
      if (this.netCache.size >= 16) this.netCache.delete(this.netCache.keys().next().value!);
      this.netCache.set(key, v);
    }
    return v;
  }

  /**
   * Every customer's company-wide revenue over the 365 days ending at `endDay` (endDay − 364 …
   * endDay), indexed by customer: a customer is big as of endDay when this is ≥ the threshold.
   */
  annualNet(endDay: number): Float64Array {
    return this.netByCustomer(endDay - 364, endDay);
  }

  /** Every customer's net amount in history up to and including `endDay`, indexed by customer. */
  historyNet(endDay: number): Float64Array {
    return this.netByCustomer(Number.MIN_SAFE_INTEGER, endDay);
  }

  /**
   * Account owners at dates, in one pass: for each query, the employee of the customer's latest
   * positive row dated on or before the day, ordered by (day, order_id); -1 when it had none.
   */
  accountOwners(queries: readonly OwnerQuery[]): Int32Array {
    const out = new Int32Array(queries.length).fill(-1);
    if (queries.length === 0) return out;
    const qDays = Int32Array.from(queries, (q) => q.day);
    const qOrder = sortByDay(qDays);
    const { dKey, dCustomer, dAmount, dOrder, dEmployee } = this;
    const ids = this.ds.orders.ids;
    const lastDay = new Int32Array(this.nCustomers).fill(NO_DAY);
    const lastOrder = new Int32Array(this.nCustomers).fill(-1);
    const lastEmp = new Int32Array(this.nCustomers).fill(-1);
    const split = new Map<number, Map<number, number>>();
    const n = dKey.length;
    let k = 0;
    for (let qi = 0; qi < qOrder.length; qi++) {
      const q = queries[qOrder[qi]];
      for (; k < n && dKey[k] <= q.day; k++) {
        if (!(dAmount[k] > 0)) continue;
        const c = dCustomer[k], d = dKey[k], o = dOrder[k], e = dEmployee[k];
        const newer = lastDay[c] === NO_DAY || d > lastDay[c] || (o !== lastOrder[c] && ids[o] > ids[lastOrder[c]]);
        if (newer) {
          lastDay[c] = d; lastOrder[c] = o; lastEmp[c] = e;
          split.delete(c);
        } else if (o === lastOrder[c] && d === lastDay[c]) {
          if (split.has(c)) addSplit(split, c, lastEmp[c], e, dAmount[k]);
          else if (lastEmp[c] !== e) addSplit(split, c, lastEmp[c], e, dAmount[k], this.sameDayOrderSum(k, c, d, o, lastEmp[c]));
        }
      }
      const c = q.customer;
      if (c < 0 || c >= this.nCustomers) continue;
      const m = split.get(c);
      out[qOrder[qi]] = m ? largestCredit(this.ds, m) : lastEmp[c];
    }
    return out;
  }

  /** Positive amount of employee e on (customer c, day d, order o) among day-ordered rows before k. */
  private sameDayOrderSum(k: number, c: number, d: number, o: number, e: number): number {
    let sum = 0;
    for (let j = k - 1; j >= 0 && this.dKey[j] === d; j--) {
      if (this.dCustomer[j] === c && this.dOrder[j] === o && this.dEmployee[j] === e && this.dAmount[j] > 0) sum += this.dAmount[j];
    }
    return sum;
  }

  /** The employee of order o (-1 when the order has no sales row). */
  employeeOfOrder(o: number): number {
    return o >= 0 && o < this.nOrders ? this.orderEmployee[o] : -1;
  }
}

/**
 * Records a split on customer c's deciding (day, order): on first conflict, `prevAmount` (if
 * given) is the first employee's amount so far; later rows add to their employee.
 */
function addSplit(
  split: Map<number, Map<number, number>>, c: number, firstEmp: number, e: number, amount: number, prevAmount?: number,
): void {
  let m = split.get(c);
  if (!m) {
    m = new Map();
    if (prevAmount !== undefined) m.set(firstEmp, prevAmount);
    split.set(c, m);
  }
  m.set(e, (m.get(e) ?? 0) + amount);
}

/** The employee with the largest amount, ties by the smaller employee id. */
function largestCredit(ds: Dataset, m: Map<number, number>): number {
  let best = -1, bestAmt = -Infinity;
  for (const [e, amt] of m) {
    if (amt > bestAmt || (amt === bestAmt && ds.employees.ids[e] < ds.employees.ids[best])) { best = e; bestAmt = amt; }
  }
  return best;
}

/** Replaces indices by slots numbered in order of first appearance; fills `back` (slot → index). */
function renumber(values: Int32Array, size: number, back: Int32Array | null): Int32Array {
  const slot = new Int32Array(size).fill(-1);
  const out = new Int32Array(values.length);
  let next = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    let sl = slot[v];
    if (sl < 0) {
      sl = slot[v] = next++;
      if (back) back[sl] = v;
    }
    out[k] = sl;
  }
  return out;
}

function maxPlusOne(a: Int32Array, n: number): number {
  let m = -1;
  for (let i = 0; i < n; i++) if (a[i] > m) m = a[i];
  return m + 1;
}

/**
 * Each order's employee: the one with the largest net credited amount over the order's rows (an
 * order split between people), ties by employee id. Orders with one employee (nearly all) cost one
 * pass; only shared orders are aggregated in a map.
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
    for (const [o, m] of sums) emp[o] = largestCredit(ds, m);
  }
  return emp;
}

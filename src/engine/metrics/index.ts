/**
 * The precomputed sales index every metric reads, built once per dataset: each employee's rows by
 * day with their columns gathered into that order (one counting-sort scatter, then read
 * sequentially), each customer's first positive row in history, each order's employee, cached
 * company-wide customer nets per day range, and batch lookups of a customer's account owner at a
 * date.
 *
 * Orderings (PRODUCT.md §5, §13): rows are ordered by calendar day, then by order_id compared as
 * plain strings (UTF-16 code units, JavaScript `<`). When the deciding order has positive rows of
 * several employees that day (a split line), the employee with the largest positive amount on it
 * wins, ties by the smaller employee id.
 */
import type { Dataset, SalesTable } from '../../model.js';
import { employeeDayOrder, inEmployeeDayOrder, lowerBound, sortByDay, upperBound, type Csr } from './csr.js';

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
  /**
   * Positions of each employee's rows, by day: group e is positions start[e] … start[e+1], `keys`
   * their days. `items` is empty: rows are not referred to by index after the build; the columns
   * below are gathered into this order instead.
   */
  readonly byEmployee: Csr;
  /**
   * Amount (ten-thousandths) per position, so that the pooling walk reads memory sequentially
   * (the sales table's own column when the table is already in this order).
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
  /** Order index of each order slot. */
  readonly slotOrder: Int32Array;
  /** Day of each customer's first positive row in history; 2^31-1 when none. */
  readonly firstDay: Int32Array;
  /** Employee credited with that first positive row (-1 when none). */
  readonly firstEmployee: Int32Array;
  /** The employee of each order (largest net credited amount, ties by employee id); -1 = not in sales. */
  readonly orderEmployee: Int32Array;

  private readonly netCache = new Map<string, Float64Array>();

  constructor(readonly ds: Dataset) {
    const s = ds.sales;
    this.sales = s;
    const n = s.n;
    this.nCustomers = Math.max(ds.customers.size, maxPlusOne(s.customer, n));
    this.nEmployees = Math.max(ds.employees.size, maxPlusOne(s.employee, n));
    this.nOrders = Math.max(ds.orders.size, maxPlusOne(s.order, n));
    const nE = this.nEmployees;
    const hasCost = s.hasCost;

    // Rows by employee, then day, then row order (a stable counting sort). A table already in that
    // order (ingest sorts it so) is shared rather than copied: only the customer and order columns,
    // renumbered into slots below, are the index's own.
    const view = <T extends Int32Array | Float64Array>(a: T): T => (a.length === n ? a : a.subarray(0, n)) as T;
    let start: Int32Array, keys: Int32Array, empCustomer: Int32Array, empOrder: Int32Array;
    if (inEmployeeDayOrder(s.employee, s.day, n)) {
      start = new Int32Array(nE + 1);
      for (let r = 0; r < n; r++) start[s.employee[r] + 1]++;
      for (let e = 0; e < nE; e++) start[e + 1] += start[e];
      keys = view(s.day);
      this.empAmount = view(s.amountE4);
      empCustomer = s.customer.slice(0, n);
      empOrder = s.order.slice(0, n);
      const cost = hasCost ? view(s.costE4) : new Float64Array(0);
      let blank = false;
      for (let r = 0; r < cost.length && !blank; r++) blank = cost[r] !== cost[r];
      this.empCost = blank ? cost.map((c) => (c === c ? c : 0)) : cost; // a row without cost counts 0
    } else {
      const order = employeeDayOrder(s.employee, s.day, n, nE);
      const dest = order.dest;
      start = order.start;
      keys = new Int32Array(n);
      this.empAmount = new Float64Array(n);
      this.empCost = new Float64Array(hasCost ? n : 0);
      empCustomer = new Int32Array(n);
      empOrder = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const at = dest[r];
        keys[at] = s.day[r];
        this.empAmount[at] = s.amountE4[r];
        empCustomer[at] = s.customer[r];
        empOrder[at] = s.order[r];
      }
      if (hasCost) {
        for (let r = 0; r < n; r++) {
          const c = s.costE4[r];
          this.empCost[dest[r]] = c === c ? c : 0; // a row without cost counts 0
        }
      }
    }
    this.byEmployee = { start, items: new Int32Array(0), keys };
    this.slotCustomer = new Int32Array(this.nCustomers);
    this.slotOrder = new Int32Array(this.nOrders);
    this.empCustomer = renumberInPlace(empCustomer, this.nCustomers, this.slotCustomer);
    this.empOrder = renumberInPlace(empOrder, this.nOrders, this.slotOrder);

    this.firstDay = new Int32Array(this.nCustomers).fill(NO_DAY);
    this.firstEmployee = new Int32Array(this.nCustomers).fill(-1);
    this.findFirstPositive();
    this.orderEmployee = computeOrderEmployees(ds, this.nOrders);
  }

  /**
   * Each customer's first positive row: the earliest day, then the smallest order_id among that
   * day's positive rows; its employee per the split rule. One pass for the (day, order) minimum,
   * a second over the rows of those pairs, maps only for split ones.
   */
  private findFirstPositive(): void {
    const { firstDay, firstEmployee, empAmount, empCustomer, empOrder, slotCustomer, slotOrder } = this;
    const keys = this.byEmployee.keys, start = this.byEmployee.start;
    const orders = this.ds.orders;
    const n = keys.length;
    const firstOrder = new Int32Array(this.nCustomers).fill(-1);
    for (let k = 0; k < n; k++) {
      if (!(empAmount[k] > 0)) continue;
      const c = slotCustomer[empCustomer[k]];
      const d = keys[k];
      const fd = firstDay[c];
      if (d < fd) {
        firstDay[c] = d;
        firstOrder[c] = slotOrder[empOrder[k]];
      } else if (d === fd) {
        const o = slotOrder[empOrder[k]];
        if (o !== firstOrder[c] && orders.compare(o, firstOrder[c]) < 0) firstOrder[c] = o;
      }
    }
    const split = new Map<number, Map<number, number>>();
    for (let e = 0; e < this.nEmployees; e++) {
      for (let k = start[e]; k < start[e + 1]; k++) {
        if (!(empAmount[k] > 0)) continue;
        const c = slotCustomer[empCustomer[k]];
        if (keys[k] !== firstDay[c] || slotOrder[empOrder[k]] !== firstOrder[c]) continue;
        if (firstEmployee[c] === -1) firstEmployee[c] = e;
        else if (firstEmployee[c] !== e && !split.has(c)) split.set(c, new Map());
      }
    }
    if (split.size) {
      // Sum the split customers' first (day, order) per employee.
      for (let e = 0; e < this.nEmployees; e++) {
        for (let k = start[e]; k < start[e + 1]; k++) {
          const c = slotCustomer[empCustomer[k]];
          const m = split.get(c);
          if (!m || !(empAmount[k] > 0) || keys[k] !== firstDay[c] || slotOrder[empOrder[k]] !== firstOrder[c]) continue;
          m.set(e, (m.get(e) ?? 0) + empAmount[k]);
        }
      }
      for (const [c, m] of split) firstEmployee[c] = largestCredit(this.ds, m);
    }
  }

  /**
   * Every customer's company-wide net amount (ten-thousandths) over days [from, to], indexed by
   * customer; one walk over each employee's rows of those days, cached (P, P-1, big-customer
   * windows and history-to-date are asked for many entities). Sums of integers: exact in any order.
   */
  netByCustomer(from: number, to: number): Float64Array {
    const key = `${from}:${to}`;
    let v = this.netCache.get(key);
    if (!v) {
      const bySlot = new Float64Array(this.nCustomers);
      const { start, keys } = this.byEmployee;
      const { empAmount, empCustomer } = this;
      for (let e = 0; e < this.nEmployees; e++) {
        const a = lowerBound(keys, start[e], start[e + 1], from);
        const b = upperBound(keys, a, start[e + 1], to);
        for (let k = a; k < b; k++) bySlot[empCustomer[k]] += empAmount[k];
      }
      v = new Float64Array(this.nCustomers);
      const slotCustomer = this.slotCustomer;
      for (let sl = 0; sl < bySlot.length; sl++) v[slotCustomer[sl]] = bySlot[sl];
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
   * Account owners at dates, in one pass over the positive rows in day order: for each query, the
   * employee of the customer's latest positive row dated on or before the day, ordered by
   * (day, order_id); -1 when it had none.
   */
  accountOwners(queries: readonly OwnerQuery[]): Int32Array {
    const out = new Int32Array(queries.length).fill(-1);
    if (queries.length === 0) return out;
    const qDays = Int32Array.from(queries, (q) => q.day);
    const qOrder = sortByDay(qDays);
    const { empAmount, empCustomer, empOrder, slotCustomer, slotOrder } = this;
    const { start, keys } = this.byEmployee;
    // Positive rows in day order (positions and their employees), by a counting sort on the day.
    let lo = NO_DAY, hi = -NO_DAY, m = 0;
    for (let k = 0; k < keys.length; k++) {
      if (!(empAmount[k] > 0)) continue;
      m++;
      if (keys[k] < lo) lo = keys[k];
      if (keys[k] > hi) hi = keys[k];
    }
    const pos = new Int32Array(m), posEmp = new Int32Array(m);
    if (m > 0) {
      const range = hi - lo + 1;
      if (range <= 4 * m + 100_000) {
        const fill = new Int32Array(range + 1);
        for (let k = 0; k < keys.length; k++) if (empAmount[k] > 0) fill[keys[k] - lo + 1]++;
        for (let b = 1; b <= range; b++) fill[b] += fill[b - 1];
        for (let e = 0; e < this.nEmployees; e++) {
          for (let k = start[e]; k < start[e + 1]; k++) {
            if (!(empAmount[k] > 0)) continue;
            const at = fill[keys[k] - lo]++;
            pos[at] = k;
            posEmp[at] = e;
          }
        }
      } else {
        let j = 0;
        for (let e = 0; e < this.nEmployees; e++) {
          for (let k = start[e]; k < start[e + 1]; k++) if (empAmount[k] > 0) { pos[j] = k; posEmp[j++] = e; }
        }
        const perm = Int32Array.from(pos.keys()).sort((a, b) => keys[pos[a]] - keys[pos[b]] || a - b);
        const p2 = Int32Array.from(perm, (i) => pos[i]), e2 = Int32Array.from(perm, (i) => posEmp[i]);
        pos.set(p2);
        posEmp.set(e2);
      }
    }
    const orders = this.ds.orders;
    const lastDay = new Int32Array(this.nCustomers).fill(NO_DAY);
    const lastOrder = new Int32Array(this.nCustomers).fill(-1);
    const lastEmp = new Int32Array(this.nCustomers).fill(-1);
    const split = new Map<number, Map<number, number>>();
    // Sum of employee e's positive amount on (customer c, day d, order o) among day-ordered rows before j.
    const sameDayOrderSum = (j: number, c: number, d: number, o: number, e: number): number => {
      let sum = 0;
      for (let i = j - 1; i >= 0 && keys[pos[i]] === d; i--) {
        const p = pos[i];
        if (posEmp[i] === e && slotCustomer[empCustomer[p]] === c && slotOrder[empOrder[p]] === o) sum += empAmount[p];
      }
      return sum;
    };
    let j = 0;
    for (let qi = 0; qi < qOrder.length; qi++) {
      const q = queries[qOrder[qi]];
      for (; j < m && keys[pos[j]] <= q.day; j++) {
        const p = pos[j];
        const c = slotCustomer[empCustomer[p]], d = keys[p], o = slotOrder[empOrder[p]], e = posEmp[j];
        const newer = lastDay[c] === NO_DAY || d > lastDay[c] || (o !== lastOrder[c] && orders.compare(o, lastOrder[c]) > 0);
        if (newer) {
          lastDay[c] = d; lastOrder[c] = o; lastEmp[c] = e;
          split.delete(c);
        } else if (o === lastOrder[c] && d === lastDay[c]) {
          if (split.has(c)) addSplit(split, c, lastEmp[c], e, empAmount[p]);
          else if (lastEmp[c] !== e) addSplit(split, c, lastEmp[c], e, empAmount[p], sameDayOrderSum(j, c, d, o, lastEmp[c]));
        }
      }
      const c = q.customer;
      if (c < 0 || c >= this.nCustomers) continue;
      const sm = split.get(c);
      out[qOrder[qi]] = sm ? largestCredit(this.ds, sm) : lastEmp[c];
    }
    return out;
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

/**
 * Replaces indices by slots numbered in order of first appearance, in place; fills `back`
 * (slot → index) and returns `values`.
 */
function renumberInPlace(values: Int32Array, size: number, back: Int32Array): Int32Array {
  const slot = new Int32Array(size).fill(-1);
  let next = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    let sl = slot[v];
    if (sl < 0) {
      sl = slot[v] = next++;
      back[sl] = v;
    }
    values[k] = sl;
  }
  // Indices that never occur get the remaining slots, so `back` stays a permutation.
  for (let v = 0; v < size; v++) if (slot[v] < 0) back[next++] = v;
  return values;
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

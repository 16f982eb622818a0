/**
 * The precomputed sales index every metric reads, built once per dataset: the sales rows collapsed
 * into per-employee runs by day (see SaleRuns), each customer's first positive row in history,
 * the customers each employee won (for new_customers), each order's employee, cached company-wide
 * customer nets per day range, and batch lookups of a customer's account owner at a date.
 *
 * Orderings (PRODUCT.md §5, §13): rows are ordered by calendar day, then by order_id compared as
 * plain strings (UTF-16 code units, JavaScript `<`). When the deciding order has positive rows of
 * several employees that day (a split line), the employee with the largest positive amount on it
 * wins, ties by the smaller employee id.
 */
import type { Dataset, SalesTable } from '../../model.js';
import { employeeDayOrder, inEmployeeDayOrder, lowerBound, sortByDay, upperBound, type Csr } from './csr.js';

/** firstDay of a customer with no positive row. */
export const NO_DAY = 0x7fffffff;

/** A "customer c at day d" question for `accountOwners`. */
export interface OwnerQuery {
  customer: number;
  day: number;
}

/**
 * The sales rows collapsed into *runs*: consecutive rows of one employee (in employee, day, file
 * order) with the same day, order and customer, and all positive or all not (a refund line after
 * sales lines starts a new run) — an order's lines, typically. Every metric that
 * reads sales reads them at this grain, so pooling and company-wide nets walk about half as many
 * entries as there are rows, and an order that is a single run in the whole dataset (nearly all
 * orders; `multiRunOrder` -1) needs no per-order scratch: over any entity and period that contains
 * the run, the order's net is the run's amount.
 *
 * Customers are stored as *slots*, numbered by first appearance in this order, so one employee's
 * customers sit close together in scratch arrays; `slotCustomer` of the index maps them back.
 * Money in integer ten-thousandths: sums are exact.
 */
export interface SaleRuns {
  /** Runs of each employee by day: group e is runs start[e] … start[e+1], `keys` their days; `items` empty. */
  byEmployee: Csr;
  /**
   * Σ amount of the run's rows: > 0 exactly when its rows are positive (a *positive run*, whose
   * amount is then its rows' positive amount: first purchases, account owners); ≤ 0 for a run of
   * refunds and zero lines.
   */
  amount: Float64Array;
  /** Σ cost of the run's rows (a row without cost counts 0); empty when the export has no cost column. */
  cost: Float64Array;
  /** Customer slot of the run. */
  customer: Int32Array;
  /** Order index of the run. */
  order: Int32Array;
  /**
   * -1 when the run is the only run of its order in the dataset; else the order's number among
   * the orders of several runs (0 … nMultiRunOrders-1), for a small pooling scratch.
   */
  multiRunOrder: Int32Array;
  nMultiRunOrders: number;
}

/**
 * Runs in day order (see SalesIndex.positiveRunsByDay): run k is `run[k]` (an index into
 * SaleRuns), of employee `employee[k]`. Only the run number and its employee are gathered
 * (8 bytes a run, not the 24 of a copy of its facts): this list is made while the index is being
 * built, when memory peaks, and its day, customer, order and amount are read through `run[k]`.
 */
interface DayOrderedRuns {
  run: Int32Array;
  employee: Int32Array;
}

export class SalesIndex {
  /**
   * Whether the sales export has a cost column (gross profit and margin are null without one).
   * The index keeps no reference to the sales rows themselves: everything the metrics read is in
   * `runs`, so a caller that is done with the rows can let them go (the CLI does, see cli/pipeline.ts).
   */
  readonly hasCost: boolean;
  readonly nCustomers: number;
  readonly nEmployees: number;
  readonly nOrders: number;
  /** The sales rows as runs (see SaleRuns). */
  readonly runs: SaleRuns;
  /** Customer index of each customer slot (a permutation). */
  readonly slotCustomer: Int32Array;
  /** Customer slot of each customer index (the inverse of `slotCustomer`). */
  readonly customerSlot: Int32Array;
  /** Day of each customer's first positive row in history; 2^31-1 when none. */
  readonly firstDay: Int32Array;
  /** Employee credited with that first positive row (-1 when none). */
  readonly firstEmployee: Int32Array;
  /**
   * The customers each employee won (`firstEmployee`), as their first days, ascending: group e is
   * keys start[e] … start[e+1]; `items` empty. Counts new customers without pooling.
   */
  readonly acquired: Csr;
  /** The employee of each order (largest net credited amount, ties by employee id); -1 = not in sales. */
  readonly orderEmployee: Int32Array;

  private readonly netCache = new Map<string, Float64Array>();
  private netScratch: Float64Array | null = null;
  private readonly activeCache = new Map<string, Uint8Array>();

  constructor(readonly ds: Dataset) {
    const s = ds.sales;
    this.hasCost = s.hasCost;
    const n = s.n;
    this.nCustomers = Math.max(ds.customers.size, maxPlusOne(s.customer, n));
    this.nEmployees = Math.max(ds.employees.size, maxPlusOne(s.employee, n));
    this.nOrders = Math.max(ds.orders.size, maxPlusOne(s.order, n));
    const built = buildRuns(s, this.nEmployees, this.nCustomers, this.nOrders);
    this.runs = built.runs;
    this.slotCustomer = built.slotCustomer;
    this.customerSlot = built.customerSlot;
    this.firstDay = new Int32Array(this.nCustomers).fill(NO_DAY);
    this.firstEmployee = new Int32Array(this.nCustomers).fill(-1);
    this.findFirstPositive();
    this.acquired = groupDays(this.firstEmployee, this.firstDay, this.nEmployees);
    this.orderEmployee = this.computeOrderEmployees();
  }

  /**
   * Each customer's first positive row: the earliest day, then the smallest order_id among that
   * day's positive rows; its employee per the split rule. One pass keeps, per customer slot, the
   * best (day, order) so far, the first employee seen on it and whether another employee has a
   * positive run on it too; a second pass sums the amounts of those split ones only.
   */
  private findFirstPositive(): void {
    const { runs, slotCustomer, nCustomers, nEmployees } = this;
    const { start, keys } = runs.byEmployee;
    const { amount, customer, order } = runs;
    const orders = this.ds.orders;
    const day = new Int32Array(nCustomers).fill(NO_DAY);
    const ord = new Int32Array(nCustomers).fill(-1); // order index
    const emp = new Int32Array(nCustomers).fill(-1);
    const split = new Uint8Array(nCustomers);
    let anySplit = false;
    for (let e = 0; e < nEmployees; e++) {
      for (let r = start[e]; r < start[e + 1]; r++) {
        if (!(amount[r] > 0)) continue;
        const c = customer[r], d = keys[r];
        if (d > day[c]) continue;
        const o = order[r];
        if (d < day[c] || (o !== ord[c] && orders.compare(o, ord[c]) < 0)) {
          day[c] = d; ord[c] = o; emp[c] = e; split[c] = 0;
        } else if (o === ord[c] && e !== emp[c]) {
          split[c] = 1;
          anySplit = true;
        }
      }
    }
    const sums = new Map<number, Map<number, number>>();
    if (anySplit) {
      // Sum the split customers' first (day, order) per employee.
      for (let e = 0; e < nEmployees; e++) {
        for (let r = start[e]; r < start[e + 1]; r++) {
          const c = customer[r];
          if (split[c] === 0 || !(amount[r] > 0) || keys[r] !== day[c] || order[r] !== ord[c]) continue;
          let m = sums.get(c);
          if (!m) sums.set(c, (m = new Map()));
          m.set(e, (m.get(e) ?? 0) + amount[r]);
        }
      }
    }
    for (let c = 0; c < nCustomers; c++) {
      const i = slotCustomer[c];
      this.firstDay[i] = day[c];
      const m = sums.get(c);
      this.firstEmployee[i] = m ? largestCredit(this.ds, m) : emp[c];
    }
  }

  /**
   * Each order's employee: the one with the largest net credited amount over the order's rows (an
   * order split between people), ties by employee id. Orders with one employee (nearly all) cost
   * one pass; only shared orders are aggregated in a map.
   */
  private computeOrderEmployees(): Int32Array {
    const { runs, nOrders, nEmployees } = this;
    const { start } = runs.byEmployee;
    const out = new Int32Array(nOrders).fill(-1);
    let shared: Set<number> | null = null;
    for (let e = 0; e < nEmployees; e++) {
      for (let r = start[e]; r < start[e + 1]; r++) {
        const o = runs.order[r];
        if (out[o] === -1) out[o] = e;
        else if (out[o] !== e) (shared ??= new Set()).add(o);
      }
    }
    if (shared) {
      const sums = new Map<number, Map<number, number>>();
      for (let e = 0; e < nEmployees; e++) {
        for (let r = start[e]; r < start[e + 1]; r++) {
          const o = runs.order[r];
          if (!shared.has(o)) continue;
          let m = sums.get(o);
          if (!m) sums.set(o, (m = new Map()));
          m.set(e, (m.get(e) ?? 0) + runs.amount[r]);
        }
      }
      for (const [o, m] of sums) out[o] = largestCredit(this.ds, m);
    }
    return out;
  }

  /**
   * Every customer's company-wide net amount (ten-thousandths) over days [from, to], indexed by
   * customer; one walk over each employee's runs of those days, cached (P, P-1, big-customer
   * windows and history-to-date are asked for many entities). Sums of integers: exact in any order.
   */
  netByCustomer(from: number, to: number): Float64Array {
    const key = `${from}:${to}`;
    let v = this.netCache.get(key);
    if (!v) {
      // Sums by slot in a scratch array kept for the next call (one fewer array per window).
      const bySlot = (this.netScratch ??= new Float64Array(this.nCustomers)).fill(0);
      const { start, keys } = this.runs.byEmployee;
      const { amount, customer } = this.runs;
      for (let e = 0; e < this.nEmployees; e++) {
        const a = lowerBound(keys, start[e], start[e + 1], from);
        const b = upperBound(keys, a, start[e + 1], to);
        for (let r = a; r < b; r++) bySlot[customer[r]] += amount[r];
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
   * Whether each customer's company-wide net over days [from, to] is > 0 (1) or not (0), indexed by
   * customer: `netByCustomer(from, to)[c] > 0` as bytes, cached, so that retention checks read an
   * eighth of the memory.
   */
  activeCustomers(from: number, to: number): Uint8Array {
    const key = `${from}:${to}`;
    let v = this.activeCache.get(key);
    if (!v) {
      const net = this.netByCustomer(from, to);
      v = new Uint8Array(net.length);
      for (let c = 0; c < net.length; c++) if (net[c] > 0) v[c] = 1;
      if (this.activeCache.size >= 16) this.activeCache.delete(this.activeCache.keys().next().value!);
      this.activeCache.set(key, v);
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
   * Customers whose first positive row in history lies in days [from, to] and is credited to one of
   * `members` (distinct employee indices): binary searches in `acquired`, no pooling. Such a
   * customer always has a row of that member in the period, so this is the §5 count over the
   * entity's customers.
   */
  newCustomers(members: readonly number[], from: number, to: number): number {
    const { start, keys } = this.acquired;
    let n = 0;
    for (const m of members) {
      if (m < 0 || m >= this.nEmployees) continue;
      const a = lowerBound(keys, start[m], start[m + 1], from);
      n += upperBound(keys, a, start[m + 1], to) - a;
    }
    return n;
  }

  /**
   * Account owners at dates: for each query, the employee of the customer's latest positive row
   * dated on or before the day, ordered by (day, order_id); -1 when it had none.
   */
  accountOwners(queries: readonly OwnerQuery[]): Int32Array {
    return this.accountOwnersAt(Int32Array.from(queries, (q) => q.customer), Int32Array.from(queries, (q) => q.day));
  }

  /**
   * `accountOwners` for parallel arrays of customer indices and days. One merge of the queries
   * (by day) with the positive runs of the asked customers only, listed in day order.
   */
  accountOwnersAt(customers: Int32Array, days: Int32Array): Int32Array {
    const nq = customers.length;
    const out = new Int32Array(nq).fill(-1);
    if (nq === 0) return out;
    const { customerSlot, nCustomers } = this;
    const asked = new Uint8Array(nCustomers);
    for (let q = 0; q < nq; q++) {
      const c = customers[q];
      if (c >= 0 && c < nCustomers) asked[customerSlot[c]] = 1;
    }
    const { run, employee } = this.positiveRunsByDay(asked);
    const { amount, customer, order } = this.runs;
    const day = this.runs.byEmployee.keys;
    const m = run.length;
    const orders = this.ds.orders;
    const lastDay = new Int32Array(nCustomers).fill(NO_DAY);
    const lastOrder = new Int32Array(nCustomers).fill(-1);
    const lastEmp = new Int32Array(nCustomers).fill(-1);
    const split = new Map<number, Map<number, number>>();
    // Sum of employee e's positive amount on (customer c, day d, order o) among day-ordered runs before j.
    const sameDayOrderSum = (j: number, c: number, d: number, o: number, e: number): number => {
      let sum = 0;
      for (let i = j - 1; i >= 0 && day[run[i]] === d; i--) {
        const r = run[i];
        if (employee[i] === e && customer[r] === c && order[r] === o) sum += amount[r];
      }
      return sum;
    };
    const qOrder = sortByDay(days);
    let j = 0;
    for (let qi = 0; qi < nq; qi++) {
      const q = qOrder[qi];
      for (; j < m && day[run[j]] <= days[q]; j++) {
        const r = run[j];
        const c = customer[r], d = day[r], o = order[r], e = employee[j];
        const newer = lastDay[c] === NO_DAY || d > lastDay[c] || (o !== lastOrder[c] && orders.compare(o, lastOrder[c]) > 0);
        if (newer) {
          lastDay[c] = d; lastOrder[c] = o; lastEmp[c] = e;
          if (split.size > 0) split.delete(c); // splits are rare: skip the map when there are none
        } else if (o === lastOrder[c] && d === lastDay[c]) {
          if (split.has(c)) addSplit(split, c, lastEmp[c], e, amount[r]);
          else if (lastEmp[c] !== e) addSplit(split, c, lastEmp[c], e, amount[r], sameDayOrderSum(j, c, d, o, lastEmp[c]));
        }
      }
      const ci = customers[q];
      if (ci < 0 || ci >= nCustomers) continue;
      const c = customerSlot[ci];
      const sm = split.size > 0 ? split.get(c) : undefined;
      out[q] = sm ? largestCredit(this.ds, sm) : lastEmp[c];
    }
    return out;
  }

  /**
   * The positive runs of the customer slots flagged in `asked`, in day order (ties in employee
   * order), with their employees. A counting sort by day (a comparison sort when the days span far
   * more than there are runs).
   */
  private positiveRunsByDay(asked: Uint8Array): DayOrderedRuns {
    const { runs, nEmployees } = this;
    const { start, keys } = runs.byEmployee;
    const { amount, customer, order } = runs;
    let lo = NO_DAY, hi = -NO_DAY;
    for (let e = 0; e < nEmployees; e++) {
      if (start[e] === start[e + 1]) continue;
      lo = Math.min(lo, keys[start[e]]);
      hi = Math.max(hi, keys[start[e + 1] - 1]);
    }
    let m = 0;
    for (let r = 0; r < keys.length; r++) if (amount[r] > 0 && asked[customer[r]] === 1) m++;
    const out: DayOrderedRuns = { run: new Int32Array(m), employee: new Int32Array(m) };
    if (m === 0) return out;
    if (hi - lo + 1 > 4 * m + 100_000) return this.positiveRunsSorted(asked, m, out);
    // Counted only now that the day span is known to be small next to the runs.
    const count = new Int32Array(hi - lo + 2);
    for (let r = 0; r < keys.length; r++) if (amount[r] > 0 && asked[customer[r]] === 1) count[keys[r] - lo + 1]++;
    for (let b = 1; b < count.length; b++) count[b] += count[b - 1];
    for (let e = 0; e < nEmployees; e++) {
      for (let r = start[e]; r < start[e + 1]; r++) {
        if (!(amount[r] > 0) || asked[customer[r]] === 0) continue;
        const at = count[keys[r] - lo]++;
        out.run[at] = r;
        out.employee[at] = e;
      }
    }
    return out;
  }

  /** positiveRunsByDay for days too far apart to count: the m selected runs by a stable sort. */
  private positiveRunsSorted(asked: Uint8Array, m: number, out: DayOrderedRuns): DayOrderedRuns {
    const { runs, nEmployees } = this;
    const { start, keys } = runs.byEmployee;
    const { amount, customer } = runs;
    const sel = new Int32Array(m), selEmp = new Int32Array(m);
    let j = 0;
    for (let e = 0; e < nEmployees; e++) {
      for (let r = start[e]; r < start[e + 1]; r++) {
        if (amount[r] > 0 && asked[customer[r]] === 1) { sel[j] = r; selEmp[j++] = e; }
      }
    }
    const byDay = sortByDay(Int32Array.from(sel, (r) => keys[r]));
    for (let i = 0; i < m; i++) {
      out.run[i] = sel[byDay[i]];
      out.employee[i] = selEmp[byDay[i]];
    }
    return out;
  }

  /** The employee of order o (-1 when the order has no sales row). */
  employeeOfOrder(o: number): number {
    return o >= 0 && o < this.nOrders ? this.orderEmployee[o] : -1;
  }
}

/**
 * Collapses the sales rows into runs (see SaleRuns): rows by employee, then day, then row order —
 * the table's own order when ingest sorted it so, else a stable counting sort — and a new run
 * wherever the employee, day, order or customer changes, or a positive row follows a row that is
 * not (or the other way round): so a run's amount tells whether its rows are positive, and no
 * separate Σ-of-positive-rows column is kept (~4 MB per million rows). Customers and orders get
 * slots by first appearance. (Each pass is its own small function: V8 optimizes a hot loop
 * soonest that way.)
 */
function buildRuns(s: SalesTable, nE: number, nCustomers: number, nOrders: number) {
  const n = s.n;
  let perm: Int32Array | null = null; // perm[k] = row at position k, when the table is not in order
  let rowStart: Int32Array;
  if (inEmployeeDayOrder(s.employee, s.day, n)) {
    rowStart = countBy(s.employee, n, nE);
  } else {
    const sorted = employeeDayOrder(s.employee, s.day, n, nE);
    rowStart = sorted.start;
    perm = new Int32Array(n);
    for (let r = 0; r < n; r++) perm[sorted.dest[r]] = r;
  }
  const start = runStarts(s, rowStart, perm, nE);
  const nRuns = start[nE];
  const runs: SaleRuns = {
    byEmployee: { start, items: new Int32Array(0), keys: new Int32Array(nRuns) },
    amount: new Float64Array(nRuns),
    cost: new Float64Array(s.hasCost ? nRuns : 0),
    customer: new Int32Array(nRuns),
    order: new Int32Array(nRuns),
    multiRunOrder: new Int32Array(nRuns),
    nMultiRunOrders: 0,
  };
  fillRuns(s, rowStart, perm, nE, runs);
  const slotCustomer = new Int32Array(nCustomers);
  const customerSlot = renumberInPlace(runs.customer, slotCustomer);
  runs.nMultiRunOrders = numberMultiRunOrders(runs.order, nOrders, runs.multiRunOrder);
  return { runs, customerSlot, slotCustomer };
}

/** Group starts of `group[0..n)` over 0..nGroups-1 (length nGroups + 1), for rows already grouped. */
function countBy(group: Int32Array, n: number, nGroups: number): Int32Array {
  const start = new Int32Array(nGroups + 1);
  for (let r = 0; r < n; r++) start[group[r] + 1]++;
  for (let g = 0; g < nGroups; g++) start[g + 1] += start[g];
  return start;
}

/** Where each employee's runs start (length nE + 1): one count of the (day, order, customer) changes. */
function runStarts(s: SalesTable, rowStart: Int32Array, perm: Int32Array | null, nE: number): Int32Array {
  const { day, order, customer, amountE4 } = s;
  const start = new Int32Array(nE + 1);
  for (let e = 0; e < nE; e++) {
    let m = 0, pd = 0, po = -1, pc = -1, pp = false;
    for (let k = rowStart[e]; k < rowStart[e + 1]; k++) {
      const r = perm === null ? k : perm[k];
      const p = amountE4[r] > 0;
      if (day[r] !== pd || order[r] !== po || customer[r] !== pc || p !== pp) {
        m++;
        pd = day[r]; po = order[r]; pc = customer[r]; pp = p;
      }
    }
    start[e + 1] = start[e] + m;
  }
  return start;
}

/** Fills the runs' days, sums, order indices and customer *indices* (renumbered into slots afterwards). */
function fillRuns(s: SalesTable, rowStart: Int32Array, perm: Int32Array | null, nE: number, runs: SaleRuns): void {
  const { day, order, customer, amountE4, costE4 } = s;
  const { amount, cost } = runs;
  const keys = runs.byEmployee.keys, runCustomer = runs.customer, runOrder = runs.order;
  const hasCost = cost.length > 0;
  let at = -1;
  for (let e = 0; e < nE; e++) {
    let pd = 0, po = -1, pc = -1, pp = false;
    for (let k = rowStart[e]; k < rowStart[e + 1]; k++) {
      const r = perm === null ? k : perm[k];
      const d = day[r], o = order[r], c = customer[r], a = amountE4[r], p = a > 0;
      if (d !== pd || o !== po || c !== pc || p !== pp) {
        at++;
        keys[at] = d; runOrder[at] = o; runCustomer[at] = c;
        pd = d; po = o; pc = c; pp = p;
      }
      amount[at] += a;
      if (hasCost) {
        const x = costE4[r];
        if (x === x) cost[at] += x; // a row without cost counts 0
      }
    }
  }
}

/**
 * Replaces indices (0..back.length-1) by slots numbered in order of first appearance, in place;
 * fills `back` (slot → index) and returns the inverse (index → slot). Indices that never occur get
 * the remaining slots, so both are permutations.
 */
function renumberInPlace(values: Int32Array, back: Int32Array): Int32Array {
  const size = back.length;
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
  for (let v = 0; v < size; v++) if (slot[v] < 0) { slot[v] = next; back[next++] = v; }
  return slot;
}

/**
 * Fills `multi[r]` with -1 for each run whose order occurs in no other run, else with a number
 * shared by the runs of that order (0, 1, … in order of first appearance); returns how many.
 */
function numberMultiRunOrders(order: Int32Array, nOrders: number, multi: Int32Array): number {
  const count = new Uint8Array(nOrders); // 1, or 2 for "more than one"
  for (let r = 0; r < order.length; r++) if (count[order[r]] < 2) count[order[r]]++;
  const id = new Int32Array(nOrders).fill(-1);
  let next = 0;
  for (let r = 0; r < order.length; r++) {
    const o = order[r];
    if (count[o] === 1) multi[r] = -1;
    else multi[r] = id[o] >= 0 ? id[o] : (id[o] = next++);
  }
  return next;
}

/**
 * Items 0..n-1 with `group[i]` ≥ 0 grouped by it (0..nGroups-1), each group's `days[i]`
 * ascending, as a Csr whose keys are those days (items are not kept).
 */
function groupDays(group: Int32Array, days: Int32Array, nGroups: number): Csr {
  const start = new Int32Array(nGroups + 1);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) start[group[i] + 1]++;
  for (let g = 0; g < nGroups; g++) start[g + 1] += start[g];
  const keys = new Int32Array(start[nGroups]);
  const fill = start.slice(0, nGroups);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) keys[fill[group[i]]++] = days[i];
  for (let g = 0; g < nGroups; g++) keys.subarray(start[g], start[g + 1]).sort();
  return { start, items: new Int32Array(0), keys };
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

function maxPlusOne(a: Int32Array, n: number): number {
  let m = -1;
  for (let i = 0; i < n; i++) if (a[i] > m) m = a[i];
  return m + 1;
}

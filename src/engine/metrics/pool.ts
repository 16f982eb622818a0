/**
 * Pooling: the sales rows of an entity (one employee, a team, the company) in a period, reduced to
 * per-customer and per-order nets. A team is measured exactly like one employee over the union of
 * its members' rows, so a customer or an order shared by two members counts once.
 *
 * The walk touches only the members' runs in the period (binary search by day in each member's
 * day-sorted run list; a run is an order's consecutive lines, see SaleRuns) and reuses scratch
 * arrays stamped with an epoch, so it allocates nothing per run; the result keeps only the touched
 * customers.
 */
import type { Period } from '../types.js';
import { lowerBound, upperBound } from './csr.js';
import type { SalesIndex } from './index.js';

/** An entity's pooled sales in one period. Money in integer ten-thousandths. */
export interface Pooled {
  period: Period;
  /** Σ amount (refunds negative). */
  revenueE4: number;
  /** Σ cost (0 when the export has no cost). */
  costE4: number;
  /** Distinct orders whose net over the entity's rows in P is > 0 (an order shared by members counts once). */
  orders: number;
  /** Customers with at least one row of the entity in P (customer indices, first-touch order). */
  customers: Int32Array;
  /** Net amount of each of `customers` with the entity in P. */
  net: Float64Array;
  /** Number of `customers` with net > 0. */
  active: number;
  /** Number of `customers` with net > 0 and at least two counted orders (net > 0) with the entity in P. */
  repeat: number;
}

/** Reusable scratch for pooling walks; one per measurer (the engine is synchronous). */
export class Pooler {
  private epoch = 0;
  private readonly custStamp: Int32Array;
  private readonly custNet: Float64Array;
  private readonly custOrders: Int32Array;
  private readonly custTouched: Int32Array;
  private readonly orderStamp: Int32Array;
  private readonly orderNet: Float64Array;
  private readonly orderCust: Int32Array;
  private readonly orderTouched: Int32Array;
  // Totals of the current pooling call, and how many customer / order slots it touched.
  private nc = 0;
  private no = 0;
  private rev = 0;
  private cost = 0;
  private orders = 0;

  constructor(private readonly idx: SalesIndex) {
    this.custStamp = new Int32Array(idx.nCustomers);
    this.custNet = new Float64Array(idx.nCustomers);
    this.custOrders = new Int32Array(idx.nCustomers);
    this.custTouched = new Int32Array(idx.nCustomers);
    // Orders of several runs only (the others are counted straight from their run).
    const nMulti = idx.runs.nMultiRunOrders;
    this.orderStamp = new Int32Array(nMulti);
    this.orderNet = new Float64Array(nMulti);
    this.orderCust = new Int32Array(nMulti);
    this.orderTouched = new Int32Array(nMulti);
  }

  /**
   * Pools the rows of `members` (distinct employee indices) dated in `period`, walking their runs
   * (see SaleRuns). Scratch is indexed by customer and order *slots* for memory locality; an order
   * that is a single run is counted straight from the run's amount. The walk, the shared-order
   * count and the result are small separate functions, which V8 compiles sooner.
   */
  pool(members: readonly number[], period: Period): Pooled {
    const { start, keys } = this.idx.runs.byEmployee;
    const ep = ++this.epoch;
    this.nc = 0; this.no = 0; this.rev = 0; this.cost = 0; this.orders = 0;
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      if (m < 0 || m + 1 >= start.length) continue;
      const from = lowerBound(keys, start[m], start[m + 1], period.start);
      this.walk(from, upperBound(keys, from, start[m + 1], period.end), ep);
    }
    this.countSharedOrders();
    return this.collect(period);
  }

  /** Adds runs [from, to) to the scratch (stamped with epoch `ep`) and the totals. */
  private walk(from: number, to: number, ep: number): void {
    const { amount, customer, multiRunOrder } = this.idx.runs;
    const runCost = this.idx.runs.cost;
    const hasCost = runCost.length > 0;
    const { custStamp, custNet, custOrders, custTouched, orderStamp, orderNet, orderCust, orderTouched } = this;
    let nc = this.nc, no = this.no, rev = 0, cost = 0, orders = 0;
    for (let r = from; r < to; r++) {
      const a = amount[r];
      rev += a;
      if (hasCost) cost += runCost[r];
      const c = customer[r];
      if (custStamp[c] !== ep) {
        custStamp[c] = ep;
        custNet[c] = 0;
        custOrders[c] = 0;
        custTouched[nc++] = c;
      }
      custNet[c] += a;
      const o = multiRunOrder[r];
      if (o < 0) {
        // The order's only run: its net is this run's amount.
        if (a > 0) {
          orders++;
          custOrders[c]++;
        }
        continue;
      }
      if (orderStamp[o] !== ep) {
        orderStamp[o] = ep;
        orderNet[o] = 0;
        orderCust[o] = c;
        orderTouched[no++] = o;
      }
      orderNet[o] += a;
    }
    this.nc = nc; this.no = no;
    this.rev += rev; this.cost += cost; this.orders += orders;
  }

  /** Counts the touched orders of several runs whose net is > 0, for their first-touch customer. */
  private countSharedOrders(): void {
    const { orderTouched, orderNet, orderCust, custOrders } = this;
    let orders = 0;
    for (let k = 0; k < this.no; k++) {
      const o = orderTouched[k];
      if (orderNet[o] > 0) {
        orders++;
        custOrders[orderCust[o]]++;
      }
    }
    this.orders += orders;
  }

  /**
   * The result of the current call. Customers stay in first-touch order: deterministic for a
   * dataset, and every consumer either sums exact integers or sorts by customer id itself.
   */
  private collect(period: Period): Pooled {
    const { slotCustomer } = this.idx;
    const { custTouched, custNet, custOrders, nc } = this;
    // One buffer for both arrays: a pooling call allocates once (hundreds of calls per run).
    const buf = new ArrayBuffer(nc * 12);
    const net = new Float64Array(buf, 0, nc);
    const customers = new Int32Array(buf, nc * 8, nc);
    let active = 0, repeat = 0;
    for (let k = 0; k < nc; k++) {
      const c = custTouched[k];
      customers[k] = slotCustomer[c];
      net[k] = custNet[c];
      if (custNet[c] > 0) {
        active++;
        if (custOrders[c] >= 2) repeat++;
      }
    }
    return { period, revenueE4: this.rev, costE4: this.cost, orders: this.orders, customers, net, active, repeat };
  }
}

/** Distinct, valid member indices in ascending order (a team listing someone twice pools once). */
export function normalizeMembers(members: readonly number[], nEmployees: number): number[] {
  const out = [...new Set(members)].filter((m) => Number.isInteger(m) && m >= 0 && m < nEmployees);
  return out.sort((a, b) => a - b);
}

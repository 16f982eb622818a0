/**
 * Pooling: the sales rows of an entity (one employee, a team, the company) in a period, reduced to
 * per-customer and per-order nets. A team is measured exactly like one employee over the union of
 * its members' rows, so a customer or an order shared by two members counts once.
 *
 * The walk touches only the members' rows in the period (binary search by day in each member's
 * day-sorted row list) and reuses scratch arrays stamped with an epoch, so it allocates nothing per
 * row; the result keeps only the touched customers.
 */
import type { Period } from '../types.js';
import { dayRange } from './csr.js';
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
  /** Counted orders (net > 0) of each of `customers` with the entity in P. */
  orderCount: Int32Array;
  /** Number of `customers` with net > 0. */
  active: number;
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

  constructor(private readonly idx: SalesIndex) {
    this.custStamp = new Int32Array(idx.nCustomers);
    this.custNet = new Float64Array(idx.nCustomers);
    this.custOrders = new Int32Array(idx.nCustomers);
    this.custTouched = new Int32Array(idx.nCustomers);
    this.orderStamp = new Int32Array(idx.nOrders);
    this.orderNet = new Float64Array(idx.nOrders);
    this.orderCust = new Int32Array(idx.nOrders);
    this.orderTouched = new Int32Array(idx.nOrders);
  }

  /**
   * Pools the rows of `members` (distinct employee indices) dated in `period`. Scratch is indexed
   * by customer and order *slots* (see SalesIndex) for memory locality.
   */
  pool(members: readonly number[], period: Period): Pooled {
    const idx = this.idx;
    const { empAmount, empCost, empCustomer, empOrder } = idx;
    const ep = ++this.epoch;
    const { custStamp, custNet, custOrders, custTouched, orderStamp, orderNet, orderCust, orderTouched } = this;
    let nc = 0, no = 0, rev = 0, cost = 0;
    const hasCost = empCost.length > 0;
    for (const m of members) {
      const [from, to] = dayRange(idx.byEmployee, m, period.start, period.end);
      for (let k = from; k < to; k++) {
        const a = empAmount[k];
        rev += a;
        if (hasCost) cost += empCost[k];
        const c = empCustomer[k];
        if (custStamp[c] !== ep) {
          custStamp[c] = ep;
          custNet[c] = 0;
          custOrders[c] = 0;
          custTouched[nc++] = c;
        }
        custNet[c] += a;
        const o = empOrder[k];
        if (orderStamp[o] !== ep) {
          orderStamp[o] = ep;
          orderNet[o] = 0;
          orderCust[o] = c;
          orderTouched[no++] = o;
        }
        orderNet[o] += a;
      }
    }
    let orders = 0;
    for (let k = 0; k < no; k++) {
      const o = orderTouched[k];
      if (orderNet[o] > 0) {
        orders++;
        custOrders[orderCust[o]]++;
      }
    }
    // Customers stay in first-touch order: deterministic for a dataset, and every consumer either
    // sums exact integers or sorts by customer id itself.
    const slotCustomer = idx.slotCustomer;
    const slots = custTouched;
    const customers = new Int32Array(nc);
    const net = new Float64Array(nc);
    const orderCount = new Int32Array(nc);
    let active = 0;
    for (let k = 0; k < nc; k++) {
      const c = slots[k];
      customers[k] = slotCustomer[c];
      net[k] = custNet[c];
      orderCount[k] = custOrders[c];
      if (custNet[c] > 0) active++;
    }
    return { period, revenueE4: rev, costE4: cost, orders, customers, net, orderCount, active };
  }
}

/** Distinct, valid member indices in ascending order (a team listing someone twice pools once). */
export function normalizeMembers(members: readonly number[], nEmployees: number): number[] {
  const out = [...new Set(members)].filter((m) => Number.isInteger(m) && m >= 0 && m < nEmployees);
  return out.sort((a, b) => a - b);
}

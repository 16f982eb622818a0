/**
 * The sales index's runs (metrics/index.ts SaleRuns) and the paths built on them — pooling with
 * sole-run orders, first purchases, new customers from the per-employee acquisitions, account
 * owners — against numbers worked out by hand on a small ledger. Rows are given out of
 * (employee, day) order, so the index sorts them itself.
 */
import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { SalesIndex } from '../../src/engine/metrics/index.js';
import { ledger, entity, period, day } from '../helpers/ledger.js';

const OPTS = { bigCustomerMinAnnualRevenue: 1000, csatScale: 5, slaHours: 48 };
const Q3 = period('2024Q3');

/*
 * S1: 07-01 O1 C1 +100, +50 (two lines: one run, O1's only run -> a sole order of 150)
 *     07-01 O2 C1 +30, −30  (two runs: a refund line starts a run of its own; O2 also has S1's 07-05 refund run)
 *     07-05 O2 C1 −10       (O2 nets −10 over Q3 -> not counted)
 *     07-02 O3 C2 +40        (O3 split with S2 on the same day: not sole)
 * S2: 07-02 O3 C2 +60
 *     07-03 O4 C3 +20, then 07-03 O5 C3 +5, then 07-03 O4 C3 +1 (O4 interleaved: two runs of O4)
 */
const SALES = [
  { order: 'O3', date: '2024-07-02', customer: 'C2', employee: 'S2', amount: 60 },
  { order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 },
  { order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 50 },
  { order: 'O2', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 30 },
  { order: 'O2', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: -30 },
  { order: 'O2', date: '2024-07-05', customer: 'C1', employee: 'S1', amount: -10 },
  { order: 'O3', date: '2024-07-02', customer: 'C2', employee: 'S1', amount: 40 },
  { order: 'O4', date: '2024-07-03', customer: 'C3', employee: 'S2', amount: 20 },
  { order: 'O5', date: '2024-07-03', customer: 'C3', employee: 'S2', amount: 5 },
  { order: 'O4', date: '2024-07-03', customer: 'C3', employee: 'S2', amount: 1 },
];

describe('sales runs', () => {
  const ds = ledger({ sales: SALES, employees: ['S1', 'S2'] });
  const idx = new SalesIndex(ds);
  const { runs } = idx;
  const orderOf = (r: number) => ds.orders.id(runs.order[r]);
  const customerOf = (r: number) => ds.customers.ids[idx.slotCustomer[runs.customer[r]]];

  it('collapses consecutive lines of one order into a run, per employee by day, positive and refund lines apart', () => {
    const table = [...runs.amount.keys()].map((r) => [
      orderOf(r), customerOf(r), runs.byEmployee.keys[r], runs.amount[r] / 10_000, runs.multiRunOrder[r],
    ]);
    expect([...runs.byEmployee.start]).toEqual([0, 5, 9]);
    expect(table).toEqual([
      ['O1', 'C1', day('2024-07-01'), 150, -1], // the order's only run
      ['O2', 'C1', day('2024-07-01'), 30, 0], // orders of several runs are numbered 0, 1, 2
      ['O2', 'C1', day('2024-07-01'), -30, 0], // the refund line: a run of its own
      ['O3', 'C2', day('2024-07-02'), 40, 1],
      ['O2', 'C1', day('2024-07-05'), -10, 0],
      ['O3', 'C2', day('2024-07-02'), 60, 1],
      ['O4', 'C3', day('2024-07-03'), 20, 2],
      ['O5', 'C3', day('2024-07-03'), 5, -1],
      ['O4', 'C3', day('2024-07-03'), 1, 2],
    ]);
    expect(runs.nMultiRunOrders).toBe(3);
  });

  it('pools sole and shared orders alike', () => {
    const m = createMeasurer(ds, OPTS);
    const v = (ids: string | string[]) => {
      const r = m.measure(entity(ds, ids), Q3, ['revenue', 'orders', 'active_customers', 'repeat_purchase_rate']);
      return [...r.values()].map((x) => x.value);
    };
    // S1: 150 + 0 − 10 + 40 = 180; orders O1 (150), O3 (40); O2 nets −10. C1 (140) and C2 active; C1 has 1 order.
    expect(v('S1')).toEqual([180, 2, 2, 0]);
    // S2: 60 + 26 = 86; orders O3, O4 (21), O5; C2 and C3 active; C3 has 2 orders -> 1/2.
    expect(v('S2')).toEqual([86, 3, 2, 0.5]);
    // Team: 266; O1, O3 (100), O4, O5 = 4; C1, C2, C3 active; C3 repeats -> 1/3.
    expect(v(['S1', 'S2'])).toEqual([266, 4, 3, 1 / 3]);
  });

  it('finds first purchases and counts new customers from the acquisitions', () => {
    const c = (id: string) => ds.customers.get(id);
    // C1: 07-01, O1 < O2, S1. C2: 07-02, O3 split 40 (S1) / 60 (S2) -> S2. C3: 07-03 O4 < O5, S2.
    expect([c('C1'), c('C2'), c('C3')].map((i) => [idx.firstDay[i], ds.employees.ids[idx.firstEmployee[i]]])).toEqual([
      [day('2024-07-01'), 'S1'], [day('2024-07-02'), 'S2'], [day('2024-07-03'), 'S2'],
    ]);
    const s1 = ds.employees.get('S1'), s2 = ds.employees.get('S2');
    expect(idx.newCustomers([s1], Q3.start, Q3.end)).toBe(1);
    expect(idx.newCustomers([s2], Q3.start, Q3.end)).toBe(2);
    expect(idx.newCustomers([s1, s2], day('2024-07-02'), day('2024-07-02'))).toBe(1);
    const m = createMeasurer(ds, OPTS);
    expect(m.measure(entity(ds, ['S1', 'S2']), Q3, ['new_customers']).get('new_customers')!.value).toBe(3);
  });

  it('answers account owners from the positive runs of the asked customers', () => {
    const q = (customer: string, date: string) => ({ customer: ds.customers.get(customer), day: day(date) });
    const got = idx.accountOwners([
      q('C1', '2024-06-30'), // nothing yet
      q('C1', '2024-07-09'), // latest positive: 07-01 O2 (its +30 run, though O2 nets 0 that day) -> S1
      q('C2', '2024-07-02'), // O3 split 40/60 -> S2
      q('C3', '2024-07-03'), // O5 > O4 -> S2
      { customer: -1, day: day('2024-07-03') }, // no customer
    ]);
    expect([...got].map((e) => (e < 0 ? null : ds.employees.ids[e]))).toEqual([null, 'S1', 'S2', 'S2', null]);
  });

  it('answers account owners the same when the days span centuries (comparison-sort path)', () => {
    const far = ledger({
      sales: [...SALES, { order: 'O9', date: '1700-01-01', customer: 'C3', employee: 'S1', amount: 1 }],
      employees: ['S1', 'S2'],
    });
    const fidx = new SalesIndex(far);
    const q = (customer: string, date: string) => ({ customer: far.customers.get(customer), day: day(date) });
    const got = fidx.accountOwners([q('C3', '1800-01-01'), q('C3', '2024-07-03'), q('C2', '2024-07-02'), q('C1', '2024-07-09')]);
    expect([...got].map((e) => far.employees.ids[e])).toEqual(['S1', 'S2', 'S2', 'S1']);
  });

  it('sums every positive run of a split first purchase and account owner when sale and refund lines alternate', () => {
    // 07-10 O7 C9: S1 +10, −5, +10 (three runs: positive 20, net 15); S2 +15 on the same order and day.
    // Split rule on the positive amounts: S1 20 > S2 15 -> S1 (the first +10 run alone would lose to 15).
    const alt = ledger({
      sales: [
        { order: 'O7', date: '2024-07-10', customer: 'C9', employee: 'S1', amount: 10 },
        { order: 'O7', date: '2024-07-10', customer: 'C9', employee: 'S1', amount: -5 },
        { order: 'O7', date: '2024-07-10', customer: 'C9', employee: 'S1', amount: 10 },
        { order: 'O7', date: '2024-07-10', customer: 'C9', employee: 'S2', amount: 15 },
      ],
      employees: ['S1', 'S2'],
    });
    const aidx = new SalesIndex(alt);
    expect([...aidx.runs.amount].map((a) => a / 10_000)).toEqual([10, -5, 10, 15]);
    const c9 = alt.customers.get('C9');
    expect(alt.employees.ids[aidx.firstEmployee[c9]]).toBe('S1');
    expect([...aidx.accountOwners([{ customer: c9, day: day('2024-07-10') }])].map((e) => alt.employees.ids[e])).toEqual(['S1']);
    // O7's employee: net S1 15, S2 15 -> tie, the smaller id S1.
    expect(alt.employees.ids[aidx.employeeOfOrder(alt.orders.get('O7'))]).toBe('S1');
    const m = createMeasurer(alt, OPTS);
    const v = (ids: string | string[]) => [...m.measure(entity(alt, ids), Q3, ['revenue', 'orders']).values()].map((x) => x.value);
    expect(v('S1')).toEqual([15, 1]); // O7 nets 15 over S1's three runs
    expect(v('S2')).toEqual([15, 1]);
    expect(v(['S1', 'S2'])).toEqual([30, 1]); // one order, counted once
  });
});

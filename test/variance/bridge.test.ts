import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { attachVariance, volumePrice, type VarianceFacts } from '../../src/engine/variance.js';
import { ledger } from '../helpers/ledger.js';
import { c, employee, kpiLine, Q2, Q3, Q3_2023, salesRole, scoreResult, testPlan, team } from './helpers.js';

/*
 * S1's ledger, P = 2024Q3, P-1 = 2024Q2 (amounts with sub-cent parts on purpose):
 *
 *   cust  P-1 (order)             P (order)                    group     r1 − r0 (E4)
 *   C1    100.0050 (O1)           150.0049 (O2)                existing     +499,999
 *   C2    200      (O3)           −30.0050 (refund on O3)      lost       −2,300,050
 *   C3    —                       300.3333 (O4)                new        +3,003,333
 *   C4    −20      (O5, refund)   −5.0051  (O8)                other        +149,949
 *   C5    50       (O6)           50       (O9)                existing           0
 *   C6    10       (O7)           —                            lost         −100,000
 *
 *   R0 = 340.0050 → 340.01 shown; R1 = 465.3281 → 465.33; change in cents = 46533 − 34001 = 12532.
 *   Telescoping from 3,400,050 E4: +new → 6,403,383 (64034¢) → new 300.33; +lost → 4,003,333
 *   (40033¢) → lost −240.01; +existing → 4,503,332 (45033¢) → existing 50.00; +other → 4,653,281
 *   (46533¢) → other 15.00. Σ = 125.32. (Rounding each group alone gives 300.33 − 240.01 + 50.00 +
 *   14.99 = 125.31: one cent off.)
 *   Orders with net > 0: P-1 O1 O3 O6 O7 = 4; P O2 O4 O9 = 3. A0 = 85.00125.
 *   volume = (3 − 4) × 85.00125 = −85.00125 → −85.00; price = 125.32 − (−85.00) = 210.32
 *   (cf. (A1 − A0) × O1 = (155.109366… − 85.00125) × 3 = 210.3244).
 */
const SALES = [
  { order: 'O1', date: '2024-04-10', customer: 'C1', employee: 'S1', amount: '100.0050' },
  { order: 'O3', date: '2024-05-10', customer: 'C2', employee: 'S1', amount: 200 },
  { order: 'O5', date: '2024-05-11', customer: 'C4', employee: 'S1', amount: -20 },
  { order: 'O6', date: '2024-06-01', customer: 'C5', employee: 'S1', amount: 50 },
  { order: 'O7', date: '2024-06-02', customer: 'C6', employee: 'S1', amount: 10 },
  { order: 'O2', date: '2024-07-03', customer: 'C1', employee: 'S1', amount: '150.0049' },
  { order: 'O3', date: '2024-07-04', customer: 'C2', employee: 'S1', amount: '-30.0050' },
  { order: 'O4', date: '2024-08-01', customer: 'C3', employee: 'S1', amount: '300.3333' },
  { order: 'O8', date: '2024-08-02', customer: 'C4', employee: 'S1', amount: '-5.0051' },
  { order: 'O9', date: '2024-09-01', customer: 'C5', employee: 'S1', amount: 50 },
  // S2 joined on 2024-08-01: nothing before P.
  { order: 'N1', date: '2024-08-05', customer: 'C9', employee: 'S2', amount: 700 },
];

function setup() {
  const ds = ledger({
    sales: SALES,
    people: [
      { id: 'S1', name: '张伟', team: 'T1', role: 'sales' },
      { id: 'S2', name: '王芳', team: 'T1', role: 'sales', start: 19935 /* 2024-07-31 */ },
    ],
  });
  const measurer = createMeasurer(ds, { bigCustomerMinAnnualRevenue: 1_000_000, csatScale: 5, slaHours: 48 });
  const plan = testPlan([salesRole(['revenue', 'orders', 'avg_order_value'])]);
  return { ds, measurer, plan };
}

function attach(result: ReturnType<typeof scoreResult>) {
  const { ds, measurer, plan } = setup();
  attachVariance(result, { measurer, dataset: ds, plan, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
  return result;
}

describe('revenue bridge on a real small ledger', () => {
  const r = attach(scoreResult([employee('S1', [kpiLine('revenue', 465.3281, 500)])]));
  const v = r.employees[0].kpis[0].variance as VarianceFacts;

  it('puts each customer in its group, rounded by telescoping', () => {
    expect(v.bridge).toEqual({ new_customers: 300.33, lost_customers: -240.01, existing_customers: 50, other: 15 });
    expect(v.prior).toEqual({ period: '2024Q2', actual: 340.01 });
  });

  it('adds up exactly (in cents) to actual − prior, with refunds and a customer going negative', () => {
    const b = v.bridge!;
    const sum = c(b.new_customers) + c(b.lost_customers) + c(b.existing_customers) + c(b.other);
    expect(sum).toBe(12532);
    expect(sum).toBe(c(465.33) - c(v.prior!.actual!));
  });

  it('splits the change into volume and price that add up exactly', () => {
    expect(v.volume_effect).toBe(-85);
    expect(v.price_effect).toBe(210.32);
    expect(c(v.volume_effect!) + c(v.price_effect!)).toBe(12532);
    expect(v.mix).toEqual({ orders: { prior: 4, current: 3 }, avg_order_value: { prior: 85, current: 155.11 } });
  });

  it('names the three customers that moved most, with what the rest of the company did with them', () => {
    // Only S1 sells to C1–C3 (others 0); C3's first purchase ever is O4 on 2024-08-01, in P.
    const alone = { others_prior: 0, others_current: 0 };
    expect(v.top_movers).toEqual([
      { customer_id: 'C3', prior: 0, current: 300.33, change: 300.33, ...alone, new_customer: true },
      { customer_id: 'C2', prior: 200, current: -30.01, change: -230.01, ...alone, new_customer: false },
      { customer_id: 'C1', prior: 100.01, current: 150, change: 49.99, ...alone, new_customer: false },
    ]);
  });

  it('names the customer with the most complaints behind an employee\'s complaint rate', () => {
    // S1 sold to C1 and C2 before P; in P, C2 complains twice, C1 once; C1 and C2 tie-break by id
    // would pick C1, so the count decides. A complaint before P does not count.
    const ds = ledger({
      sales: [
        { order: 'A1', date: '2024-05-02', customer: 'C1', employee: 'S1', amount: 100 },
        { order: 'A2', date: '2024-05-03', customer: 'C2', employee: 'S1', amount: 100 },
        { order: 'A3', date: '2024-07-03', customer: 'C1', employee: 'S1', amount: 100 },
      ],
      complaints: [
        { id: 'K1', opened: '2024-07-05 09:00', customer: 'C1' },
        { id: 'K2', opened: '2024-07-06 09:00', customer: 'C2' },
        { id: 'K3', opened: '2024-08-06 09:00', customer: 'C2' },
        { id: 'K4', opened: '2024-06-06 09:00', customer: 'C1' },
        { id: 'K5', opened: '2024-06-07 09:00', customer: 'C1' },
      ],
      people: [{ id: 'S1', name: '张伟', team: 'T1', role: 'sales' }],
    });
    const measurer = createMeasurer(ds, { bigCustomerMinAnnualRevenue: 1_000_000, csatScale: 5, slaHours: 48 });
    const r = scoreResult([employee('S1', [kpiLine('complaint_rate', 3, 1, { facts: { value: 3, numerator: 3, denominator: 1 } })])]);
    attachVariance(r, { measurer, dataset: ds, plan: testPlan([salesRole(['complaint_rate'])]), period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
    expect(r.employees[0].kpis[0].variance!.contributor).toEqual({ kind: 'customer', id: 'C2', numerator: 2, denominator: null });
  });

  it('tells a customer handed over to a colleague from one lost or new', () => {
    // K1 bought 400 from S1 in P-1 and 250 from S2 in P (S1's account passed to S2).
    const ds = ledger({
      sales: [
        { order: 'H1', date: '2024-05-02', customer: 'K1', employee: 'S1', amount: 400 },
        { order: 'H2', date: '2024-08-02', customer: 'K1', employee: 'S2', amount: 250 },
      ],
      people: [{ id: 'S1', name: '张伟', team: 'T1', role: 'sales' }, { id: 'S2', name: '王芳', team: 'T1', role: 'sales' }],
    });
    const measurer = createMeasurer(ds, { bigCustomerMinAnnualRevenue: 1_000_000, csatScale: 5, slaHours: 48 });
    const r = scoreResult([employee('S1', [kpiLine('revenue', 0, 500)]), employee('S2', [kpiLine('revenue', 250, 500)])]);
    attachVariance(r, { measurer, dataset: ds, plan: testPlan([salesRole(['revenue'])]), period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
    expect(r.employees[0].kpis[0].variance!.top_movers).toEqual([
      { customer_id: 'K1', prior: 400, current: 0, change: -400, others_prior: 0, others_current: 250, new_customer: false }]);
    expect(r.employees[1].kpis[0].variance!.top_movers).toEqual([
      { customer_id: 'K1', prior: 0, current: 250, change: 250, others_prior: 400, others_current: 0, new_customer: false }]);
  });

  it('gives gap, gap_pct and threshold', () => {
    expect(v.gap).toBe(-34.67);
    expect(v.gap_pct).toBeCloseTo(-0.0693438, 6);
    expect(v.threshold_cleared).toBe(true);
  });
});

describe('prior and last year for the same people', () => {
  it("gives a new hire's prior revenue as 0, not null, and a ratio without orders as null", () => {
    const r = attach(scoreResult([employee('S2', [
      kpiLine('revenue', 700, 1000), kpiLine('orders', 1, 5), kpiLine('avg_order_value', 700, 500),
    ])]));
    const [rev, orders, aov] = r.employees[0].kpis.map((k) => k.variance as VarianceFacts);
    expect(rev.prior).toEqual({ period: '2024Q2', actual: 0 });
    expect(rev.last_year).toEqual({ period: '2023Q3', actual: 0 });
    expect(orders.prior).toEqual({ period: '2024Q2', actual: 0 });
    expect(aov.prior).toEqual({ period: '2024Q2', actual: null });
    expect(rev.bridge).toEqual({ new_customers: 700, lost_customers: 0, existing_customers: 0, other: 0 });
    // No orders in P-1: no volume/price split.
    expect(rev.volume_effect).toBeNull();
    expect(rev.price_effect).toBeNull();
  });

  it('pools a team over its members and fills the company line', () => {
    const r = attach(scoreResult(
      [employee('S1', [kpiLine('revenue', 465.3281, 500)]), employee('S2', [kpiLine('revenue', 700, 1000)])],
      [team('T1', ['S1', 'S2'], [kpiLine('revenue', 1165.3281, 1500)])],
      [kpiLine('revenue', 1165.3281, 1500)],
    ));
    for (const v of [r.teams[0].kpis[0].variance!, r.company.kpis[0].variance!]) {
      expect(v.prior!.actual).toBe(340.01);
      expect(v.bridge).toEqual({ new_customers: 1000.33, lost_customers: -240.01, existing_customers: 50, other: 15 });
      expect(v.top_movers![0]).toEqual({ customer_id: 'C9', prior: 0, current: 700, change: 700, others_prior: 0, others_current: 0, new_customer: true });
    }
  });
});

describe('volumePrice', () => {
  it('rounds the volume effect half away from zero and keeps the sum exact', () => {
    // R0 = 1,000.0000 over 3 orders → A0 = 333.3333…; O1 = 4 → volume 333.33; R1 = 1,500.
    const s = volumePrice(10_000_000, 15_000_000, 3, 4);
    expect(s).toEqual({ volume: 333.33, price: 166.67 });
    // A tie: (1 − 2) × 0.0250 = −0.0250 → −0.03 (away from zero); change 0.01 − 0.05 = −0.04.
    expect(volumePrice(500, 100, 2, 1)).toEqual({ volume: -0.03, price: -0.01 });
    expect(volumePrice(0, 100, 0, 1)).toEqual({ volume: null, price: null });
  });
});

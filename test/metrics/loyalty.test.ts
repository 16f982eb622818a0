import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { ledger, entity, period } from '../helpers/ledger.js';

const OPTS = { bigCustomerMinAnnualRevenue: 250, csatScale: 5, slaHours: 48 };
const Q3 = period('2024Q3');

function measure(sales: Parameters<typeof ledger>[0]['sales'], ids: string | string[], metrics: string[], p = Q3, opts = OPTS) {
  const ds = ledger({ sales });
  return createMeasurer(ds, opts).measure(entity(ds, ids), p, metrics);
}

/*
 * P-1 = 2024Q2, P = 2024Q3; threshold 250.
 *   C1: S1 500 in Q2; S2 400 in Q3            -> reassigned: retained for S1 (active with anyone in P)
 *   C2: S1 300 in Q2; nothing in Q3           -> lost; big as of 2024-06-30 (300 ≥ 250)
 *   C3: S1 100 in Q2; nothing in Q3           -> lost; not big
 *   C4: S1 200 in Q2; S1 -200 refund in Q3    -> net in P −200 ≤ 0: lost; not big (200)
 *   C5: S1 in Q2 net 0 (100, −100)            -> not active in P-1: not in the base
 * S1's base = {C1, C2, C3, C4} = 4; retained = {C1} = 1 -> retention 0.25, churn 0.75 (3 / 4);
 * lost big = {C2} = 1.
 */
const MOVES = [
  { order: 'A1', date: '2024-04-10', customer: 'C1', employee: 'S1', amount: 500 },
  { order: 'A2', date: '2024-05-10', customer: 'C2', employee: 'S1', amount: 300 },
  { order: 'A3', date: '2024-05-11', customer: 'C3', employee: 'S1', amount: 100 },
  { order: 'A4', date: '2024-06-01', customer: 'C4', employee: 'S1', amount: 200 },
  { order: 'A5', date: '2024-06-02', customer: 'C5', employee: 'S1', amount: 100 },
  { order: 'A5', date: '2024-06-03', customer: 'C5', employee: 'S1', amount: -100 },
  { order: 'B1', date: '2024-07-02', customer: 'C1', employee: 'S2', amount: 400 },
  { order: 'A4', date: '2024-07-03', customer: 'C4', employee: 'S1', amount: -200 },
];

describe('loyalty metrics', () => {
  it('retention_rate: P-1 base of the entity, retained when active in P with anyone (reassigned customer kept)', () => {
    expect(measure(MOVES, 'S1', ['retention_rate']).get('retention_rate')).toEqual({ value: 0.25, numerator: 1, denominator: 4 });
  });

  it('churn_rate = lost / base = 1 − retention', () => {
    expect(measure(MOVES, 'S1', ['churn_rate']).get('churn_rate')).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
  });

  it('lost_big_customers: big as of P-1 end, active with the entity in P-1, not active with anyone in P', () => {
    expect(measure(MOVES, 'S1', ['lost_big_customers']).get('lost_big_customers')!.value).toBe(1);
    // The reassigned customer C1 is not lost for anyone; S2 had no P-1 base.
    expect(measure(MOVES, 'S2', ['lost_big_customers', 'retention_rate', 'churn_rate'])).toEqual(new Map([
      ['lost_big_customers', { value: 0 }],
      ['retention_rate', { value: null, numerator: 0, denominator: 0 }],
      ['churn_rate', { value: null, numerator: 0, denominator: 0 }],
    ]));
    // With threshold 350 C2 (300) is not big: no lost big customer.
    expect(measure(MOVES, 'S1', ['lost_big_customers'], Q3, { ...OPTS, bigCustomerMinAnnualRevenue: 350 }).get('lost_big_customers')!.value).toBe(0);
  });

  it('big as of P-1\'s end counts the whole 365-day window before it, all employees', () => {
    // C2: 200 by S3 in 2023-09 plus 100 by S1 in Q2 = 300 ≥ 250 as of 2024-06-30 -> big, lost.
    const sales = [
      { order: 'X', date: '2023-09-01', customer: 'C2', employee: 'S3', amount: 200 },
      { order: 'Y', date: '2024-05-01', customer: 'C2', employee: 'S1', amount: 100 },
    ];
    expect(measure(sales, 'S1', ['lost_big_customers']).get('lost_big_customers')!.value).toBe(1);
    // 2023-07-01 is outside 2023-07-02..2024-06-30 (2024-06-30 − 364 days, leap year): 100 only.
    const outside = [{ ...sales[0], date: '2023-07-01' }, sales[1]];
    expect(measure(outside, 'S1', ['lost_big_customers']).get('lost_big_customers')!.value).toBe(0);
  });

  it('repeat_purchase_rate: active customers with ≥ 2 counted orders / active', () => {
    /*
     * Q3, S1: C1 orders R1 100, R2 50 -> 2 counted orders, repeat.
     *         C2 orders R3 100, R4 80 then R4 refunded −80 -> 1 counted order.
     *         C3 order R5 60 -> 1.
     * active = 3, repeat = 1 -> 1/3.
     */
    const sales = [
      { order: 'R1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 },
      { order: 'R2', date: '2024-08-01', customer: 'C1', employee: 'S1', amount: 50 },
      { order: 'R3', date: '2024-07-02', customer: 'C2', employee: 'S1', amount: 100 },
      { order: 'R4', date: '2024-07-03', customer: 'C2', employee: 'S1', amount: 80 },
      { order: 'R4', date: '2024-07-04', customer: 'C2', employee: 'S1', amount: -80 },
      { order: 'R5', date: '2024-07-05', customer: 'C3', employee: 'S1', amount: 60 },
    ];
    expect(measure(sales, 'S1', ['repeat_purchase_rate']).get('repeat_purchase_rate')).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
  });

  it('customer_lifetime_value: mean over active customers of history net (all employees) up to P\'s end', () => {
    /*
     * C1: 2023 S2 1000, Q3 S1 200, 2024-10 S1 999 (after P: ignored) -> 1200.
     * C2: Q3 S1 300, refund −100 in Q3                                -> 200.
     * C3: Q3 S1 50, refunded −50: not active.
     * CLV = (1200 + 200) / 2 = 700.
     */
    const sales = [
      { order: 'H1', date: '2023-03-01', customer: 'C1', employee: 'S2', amount: 1000 },
      { order: 'H2', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 200 },
      { order: 'H3', date: '2024-10-01', customer: 'C1', employee: 'S1', amount: 999 },
      { order: 'H4', date: '2024-07-10', customer: 'C2', employee: 'S1', amount: 300 },
      { order: 'H4', date: '2024-07-11', customer: 'C2', employee: 'S1', amount: -100 },
      { order: 'H5', date: '2024-07-12', customer: 'C3', employee: 'S1', amount: 50 },
      { order: 'H5', date: '2024-07-13', customer: 'C3', employee: 'S1', amount: -50 },
    ];
    expect(measure(sales, 'S1', ['customer_lifetime_value']).get('customer_lifetime_value')).toEqual({ value: 700, numerator: 1400, denominator: 2 });
  });

  it('explicit related periods override P-1 (e.g. a truncated --as-of period)', () => {
    const ds = ledger({ sales: MOVES });
    const m = createMeasurer(ds, OPTS);
    // Base = S1's actives in 2024-06 only: C4 (C5 nets to 0) -> lost (refund in P), retention 0.
    const r = m.measure(entity(ds, 'S1'), Q3, ['retention_rate'], { prior: period('2024-06') });
    expect(r.get('retention_rate')).toEqual({ value: 0, numerator: 0, denominator: 1 });
  });
});

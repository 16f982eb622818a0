import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { ledger, entity, period, customerIndex } from '../helpers/ledger.js';

/*
 * The ledger (P = 2024Q3, P-1 = 2024Q2, P-1y = 2023Q3):
 *
 *   #  order date        customer emp  amount   note
 *   1  O0    2023-08-10  C1       S1    100     P-1y; C1's first positive row
 *   2  O1    2024-05-10  C1       S1    500     P-1
 *   3  O2    2024-05-20  C2       S1    300     P-1
 *   4  O1    2024-07-05  C1       S1   -200     refund in P for an order of P-1
 *   5  O3    2024-07-10  C1       S1    400
 *   6  O4    2024-07-15  C3       S1    250     C3 new in P (S1)
 *   7  O5    2024-08-01  C4       S1    150     C4 new in P (S1) ...
 *   8  O5    2024-08-03  C4       S1   -150     ... and fully refunded
 *   9  O6    2024-09-01  C3       S1     50     C3's second order
 *  10  O7    2024-09-02  C5       S2   1000     another employee; C5 new (S2)
 *
 * S1 in P: revenue = -200 + 400 + 250 + 150 - 150 + 50 = 500.
 *   order nets: O1 -200 (no), O3 400, O4 250, O5 0 (no), O6 50  -> orders = 3; AOV = 500/3.
 *   customer nets: C1 200, C3 300, C4 0 -> active = 2 (C4 fully refunded is not active).
 *   new: C3 (first 07-15, S1), C4 (first positive row 08-01, S1, even though refunded) -> 2;
 *        C1's first row was 2023 -> not new.
 *   new-customer revenue share: (C3 300 + C4 0) / 500 = 0.6.
 *   P-1 revenue 800 -> pop growth (500 - 800) / 800 = -0.375; P-1y revenue 100 -> yoy 4.
 *   Big customers as of 2024-09-30 (window 2023-10-02..2024-09-30, threshold 400):
 *     C1 = 500 - 200 + 400 = 700 (big), C3 = 300, C4 = 0 (not). S1's big revenue = C1's 200 -> 0.4.
 */
const SALES = [
  { order: 'O0', date: '2023-08-10', customer: 'C1', employee: 'S1', amount: 100 },
  { order: 'O1', date: '2024-05-10', customer: 'C1', employee: 'S1', amount: 500 },
  { order: 'O2', date: '2024-05-20', customer: 'C2', employee: 'S1', amount: 300 },
  { order: 'O1', date: '2024-07-05', customer: 'C1', employee: 'S1', amount: -200 },
  { order: 'O3', date: '2024-07-10', customer: 'C1', employee: 'S1', amount: 400 },
  { order: 'O4', date: '2024-07-15', customer: 'C3', employee: 'S1', amount: 250 },
  { order: 'O5', date: '2024-08-01', customer: 'C4', employee: 'S1', amount: 150 },
  { order: 'O5', date: '2024-08-03', customer: 'C4', employee: 'S1', amount: -150 },
  { order: 'O6', date: '2024-09-01', customer: 'C3', employee: 'S1', amount: 50 },
  { order: 'O7', date: '2024-09-02', customer: 'C5', employee: 'S2', amount: 1000 },
];
const OPTS = { bigCustomerMinAnnualRevenue: 400, csatScale: 5, slaHours: 48 };
const Q3 = period('2024Q3');

function measure(ids: string | string[], metrics: string[], p = Q3, sales = SALES, opts = OPTS) {
  const ds = ledger({ sales });
  const m = createMeasurer(ds, opts);
  return m.measure(entity(ds, ids), p, metrics);
}

describe('sales metrics', () => {
  it('revenue nets refunds of earlier orders inside P', () => {
    expect(measure('S1', ['revenue']).get('revenue')).toEqual({ value: 500 });
    expect(measure('S1', ['revenue'], period('2024Q2')).get('revenue')!.value).toBe(800);
  });

  it('orders count only orders with a positive net in P (refund-only and fully refunded orders are out)', () => {
    expect(measure('S1', ['orders']).get('orders')!.value).toBe(3);
  });

  it('avg_order_value = revenue / orders, with its facts', () => {
    const v = measure('S1', ['avg_order_value']).get('avg_order_value')!;
    expect(v.value).toBeCloseTo(500 / 3, 12);
    expect(v.numerator).toBe(500);
    expect(v.denominator).toBe(3);
  });

  it('active_customers excludes a fully refunded customer', () => {
    expect(measure('S1', ['active_customers']).get('active_customers')!.value).toBe(2);
  });

  it('new_customers: first positive row in history in P, credited to the entity; a refunded first order still counts', () => {
    expect(measure('S1', ['new_customers']).get('new_customers')!.value).toBe(2);
    expect(measure('S2', ['new_customers']).get('new_customers')!.value).toBe(1);
    // C1's first positive row is in 2023Q3: it was new then.
    expect(measure('S1', ['new_customers'], period('2023Q3')).get('new_customers')!.value).toBe(1);
  });

  it('new_customer_revenue_share = revenue from customers new in P / revenue', () => {
    expect(measure('S1', ['new_customer_revenue_share']).get('new_customer_revenue_share')).toEqual({ value: 0.6, numerator: 300, denominator: 500 });
  });

  it('revenue growth against P-1 and P-1y', () => {
    const r = measure('S1', ['revenue_growth_pop', 'revenue_growth_yoy']);
    expect(r.get('revenue_growth_pop')).toEqual({ value: -0.375, numerator: -300, denominator: 800 });
    expect(r.get('revenue_growth_yoy')).toEqual({ value: 4, numerator: 400, denominator: 100 });
  });

  it('growth is null when the base period has no revenue', () => {
    expect(measure('S2', ['revenue_growth_pop']).get('revenue_growth_pop')!.value).toBeNull();
  });

  it('big_customer_revenue_share uses company-wide revenue over P.end-364..P.end', () => {
    expect(measure('S1', ['big_customer_revenue_share']).get('big_customer_revenue_share')).toEqual({ value: 0.4, numerator: 200, denominator: 500 });
    // Threshold 300 makes C3 (300) big too: (200 + 300) / 500 = 1.
    expect(measure('S1', ['big_customer_revenue_share'], Q3, SALES, { ...OPTS, bigCustomerMinAnnualRevenue: 300 })
      .get('big_customer_revenue_share')!.value).toBe(1);
  });

  it('the big-customer window is exactly 365 days ending at P\'s end', () => {
    // C1: 300 on 2023-08-10 and 100 on 2024-08-08; threshold 400, so C1 is big only while the
    // 2023-08-10 row is inside the window.
    const sales = [
      { order: 'A', date: '2023-08-10', customer: 'C1', employee: 'S1', amount: 300 },
      { order: 'B', date: '2024-08-08', customer: 'C1', employee: 'S1', amount: 100 },
    ];
    const opts = { ...OPTS, bigCustomerMinAnnualRevenue: 400 };
    // P ends 2024-08-08: window starts 2023-08-10 (2024 is a leap year: 2024-08-08 - 364 days) -> 400, big.
    expect(measure('S1', ['big_customer_revenue_share'], period('2024-08-01..2024-08-08'), sales, opts)
      .get('big_customer_revenue_share')!.value).toBe(1);
    // P ends 2024-08-09: window starts 2023-08-11 -> 100, not big.
    expect(measure('S1', ['big_customer_revenue_share'], period('2024-08-01..2024-08-09'), sales, opts)
      .get('big_customer_revenue_share')!.value).toBe(0);
  });

  it('gross_profit and gross_margin need cost; null without it', () => {
    expect(measure('S1', ['gross_profit', 'gross_margin']).get('gross_profit')!.value).toBeNull();
    const withCost = [
      { order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: '1000.50', cost: '600.25' },
      { order: 'O1', date: '2024-07-09', customer: 'C1', employee: 'S1', amount: '-100.10', cost: '-60.05' },
    ];
    // revenue 900.40, cost 540.20 -> gross profit 360.20, margin 360.20 / 900.40.
    const r = measure('S1', ['gross_profit', 'gross_margin', 'revenue'], Q3, withCost);
    expect(r.get('revenue')!.value).toBe(900.4);
    expect(r.get('gross_profit')!.value).toBe(360.2);
    expect(r.get('gross_margin')!.value).toBeCloseTo(3602000 / 9004000, 15);
  });

  it('first-day tie between two employees: order_id (as text) decides', () => {
    // Same day, 'O10' < 'O9' as text: S1's O10 is the first positive row.
    const sales = [
      { order: 'O9', date: '2024-07-01', customer: 'C9', employee: 'S2', amount: 500 },
      { order: 'O10', date: '2024-07-01', customer: 'C9', employee: 'S1', amount: 100 },
    ];
    expect(measure('S1', ['new_customers'], Q3, sales).get('new_customers')!.value).toBe(1);
    expect(measure('S2', ['new_customers'], Q3, sales).get('new_customers')!.value).toBe(0);
    // The team counts the customer once.
    expect(measure(['S1', 'S2'], ['new_customers', 'active_customers'], Q3, sales).get('new_customers')!.value).toBe(1);
  });

  it('a customer whose first order was refunded is not new again later', () => {
    const sales = [
      { order: 'O30', date: '2024-04-01', customer: 'C7', employee: 'S1', amount: 100 },
      { order: 'O30', date: '2024-04-05', customer: 'C7', employee: 'S1', amount: -100 },
      { order: 'O31', date: '2024-07-03', customer: 'C7', employee: 'S2', amount: 200 },
    ];
    expect(measure('S2', ['new_customers', 'active_customers'], Q3, sales).get('new_customers')!.value).toBe(0);
    expect(measure('S1', ['new_customers'], period('2024Q2'), sales).get('new_customers')!.value).toBe(1);
  });

  it('revenueByCustomer gives the entity\'s non-zero nets per customer (ten-thousandths)', () => {
    const ds = ledger({ sales: SALES });
    const m = createMeasurer(ds, OPTS);
    const map = m.revenueByCustomer(entity(ds, 'S1'), Q3);
    expect([...map.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [customerIndex(ds, 'C1'), 2_000_000],
      [customerIndex(ds, 'C3'), 3_000_000],
    ]);
  });
});

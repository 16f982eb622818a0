import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { METRICS } from '../../src/engine/metrics/registry.js';
import { ledger, entity, period } from '../helpers/ledger.js';

const OPTS = { bigCustomerMinAnnualRevenue: 1000, csatScale: 5, slaHours: 48 };
const Q3 = period('2024Q3');

/*
 * Team {S1, S2} in Q3:
 *   C1: S1 order P1 100, S2 order P2 300              -> one customer, 2 orders with the team
 *   C2: order P3 split 50/50 between S1 and S2 (100)   -> one order for the team
 *   C3: S1 order P4 +100, S2 refunds P4 −100           -> for the team P4 nets 0: no order, C3 not active
 * S1 alone: P1 100, P3 50, P4 100 -> revenue 250, orders 3, active {C1, C2, C3} = 3, repeat 0/3.
 * S2 alone: P2 300, P3 50, P4 −100 -> revenue 250, orders 2 (P2, P3), active {C1, C2} = 2 (C3 −100), repeat 0/2.
 * Team: revenue 500; orders P1 P2 P3 = 3; active {C1, C2} = 2; repeat: C1 has 2 orders -> 1/2.
 *   The mean of the members' repeat rates is 0; the pooled rate is 0.5.
 *   AOV: team 500 / 3; S1 250 / 3; S2 125.
 */
const SALES = [
  { order: 'P1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 },
  { order: 'P2', date: '2024-07-02', customer: 'C1', employee: 'S2', amount: 300 },
  { order: 'P3', date: '2024-07-03', customer: 'C2', employee: 'S1', amount: 100, split: 0.5 },
  { order: 'P3', date: '2024-07-03', customer: 'C2', employee: 'S2', amount: 100, split: 0.5 },
  { order: 'P4', date: '2024-07-04', customer: 'C3', employee: 'S1', amount: 100 },
  { order: 'P4', date: '2024-07-20', customer: 'C3', employee: 'S2', amount: -100 },
];
const METRICS_USED = ['revenue', 'orders', 'active_customers', 'repeat_purchase_rate', 'avg_order_value'];

describe('team pooling', () => {
  const ds = ledger({ sales: SALES });
  const m = createMeasurer(ds, OPTS);
  const values = (ids: string | string[]) => {
    const r = m.measure(entity(ds, ids), Q3, METRICS_USED);
    return Object.fromEntries(METRICS_USED.map((k) => [k, r.get(k)!.value]));
  };

  it('measures each member on their own rows', () => {
    expect(values('S1')).toEqual({ revenue: 250, orders: 3, active_customers: 3, repeat_purchase_rate: 0, avg_order_value: 250 / 3 });
    expect(values('S2')).toEqual({ revenue: 250, orders: 2, active_customers: 2, repeat_purchase_rate: 0, avg_order_value: 125 });
  });

  it('pools the union of rows: shared customers and orders count once, ratios are recomputed', () => {
    expect(values(['S1', 'S2'])).toEqual({ revenue: 500, orders: 3, active_customers: 2, repeat_purchase_rate: 0.5, avg_order_value: 500 / 3 });
  });

  it('a member listed twice is pooled once', () => {
    expect(values(['S1', 'S1'])).toEqual(values('S1'));
  });

  it('the company entity is measured the same way', () => {
    const company = { kind: 'company' as const, id: 'company', members: [1, 0], complaintsBy: 'account_owner' as const };
    const r = m.measure(company, Q3, ['revenue', 'orders']);
    expect([r.get('revenue')!.value, r.get('orders')!.value]).toEqual([500, 3]);
  });

  it('team complaints and surveys are the union of the members\' (each counted once)', () => {
    const d2 = ledger({
      sales: SALES,
      complaints: [
        { opened: '2024-07-05 10:00', owner: 'S1' },
        { opened: '2024-07-06 10:00', owner: 'S2' },
        { opened: '2024-07-07 10:00', customer: 'C1' }, // latest order of C1 by 07-07: P2 -> S2
      ],
      surveys: [
        { date: '2024-07-05', employee: 'S1', nps: 10 },
        { date: '2024-07-05', employee: 'S2', nps: 0 },
      ],
    });
    const m2 = createMeasurer(d2, OPTS);
    const r = m2.measure(entity(d2, ['S1', 'S2']), Q3, ['complaints', 'complaint_rate', 'survey_responses', 'nps']);
    expect(r.get('complaints')!.value).toBe(3);
    expect(r.get('complaint_rate')).toEqual({ value: 1, numerator: 3, denominator: 3 });
    expect(r.get('survey_responses')!.value).toBe(2);
    expect(r.get('nps')!.value).toBe(0);
  });
});

describe('no denominator, no value', () => {
  it('an entity with no rows: counts and sums are 0, every ratio and average is null', () => {
    const ds = ledger({ sales: SALES, employees: ['S9'] });
    const r = createMeasurer(ds, OPTS).measure(entity(ds, 'S9'), Q3, METRICS.map((d) => d.id));
    const zero = ['revenue', 'orders', 'active_customers', 'new_customers', 'lost_big_customers', 'complaints', 'survey_responses', 'resolved_per_workday'];
    const nul = METRICS.map((d) => d.id).filter((id) => !zero.includes(id));
    for (const id of zero) expect([id, r.get(id)!.value]).toEqual([id, 0]);
    for (const id of nul) expect([id, r.get(id)!.value]).toEqual([id, null]);
  });

  it('unknown metrics are a programming error', () => {
    const ds = ledger({ sales: SALES });
    expect(() => createMeasurer(ds, OPTS).measure(entity(ds, 'S1'), Q3, ['bogus'])).toThrow(/unknown metric/);
  });
});

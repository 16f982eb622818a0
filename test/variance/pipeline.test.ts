import { describe, it, expect } from 'vitest';
import { dayFromYmd } from '../../src/engine/calendar.js';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { scorePeriod } from '../../src/engine/score.js';
import { attachVariance, type VarianceFacts } from '../../src/engine/variance.js';
import { attachExplanations } from '../../src/report/explain.js';
import { renderExplain } from '../../src/report/explain-text.js';
import { Chalk } from 'chalk';
import { ledger } from '../helpers/ledger.js';
import { c, Q2, Q3, Q3_2023, salesRole, testPlan } from './helpers.js';

/*
 * Scorer → variance → sentences on one small ledger. S1 sells in 2024Q2 and Q3; S2 joins in Q3.
 *   S1: Q2 C1 1,000 (A1) + C2 500 (A2);  Q3 C1 1,200 (A3), C2 refund −100 on A2, C3 800 (A4).
 *   S2: Q3 C4 300 (B1).
 * S1 revenue Q3 = 1,900 vs 1,500: new C3 +800, lost C2 −600, existing C1 +200 → +400.
 * Orders: Q2 2 (A1, A2), Q3 2 (A3, A4): A0 = 750 → volume 0, price +400.
 */
const SALES = [
  { order: 'A1', date: '2024-04-02', customer: 'C1', employee: 'S1', amount: 1000 },
  { order: 'A2', date: '2024-05-02', customer: 'C2', employee: 'S1', amount: 500 },
  { order: 'A3', date: '2024-07-02', customer: 'C1', employee: 'S1', amount: 1200 },
  { order: 'A2', date: '2024-07-09', customer: 'C2', employee: 'S1', amount: -100 },
  { order: 'A4', date: '2024-08-20', customer: 'C3', employee: 'S1', amount: 800 },
  { order: 'B1', date: '2024-08-03', customer: 'C4', employee: 'S2', amount: 300 },
];

function run(asOf: number | null) {
  const ds = ledger({
    sales: SALES,
    people: [
      { id: 'S1', name: '张伟', team: 'T1', role: 'sales' },
      { id: 'S2', name: '王芳', team: 'T1', role: 'sales', start: dayFromYmd(2024, 8, 1) },
    ],
  });
  const plan = testPlan([salesRole(['revenue', 'orders'])]);
  plan.roles.sales.kpis[0].target = 2000;
  plan.roles.sales.kpis[1].target = 4;
  const measurer = createMeasurer(ds, { bigCustomerMinAnnualRevenue: 1_000_000, csatScale: 5, slaHours: 48 });
  const args = { plan, dataset: ds, measurer, period: Q3, prior: Q2, lastYear: Q3_2023, asOf };
  const result = scorePeriod(args);
  attachVariance(result, args);
  attachExplanations(result, { lang: 'en', currency: 'CNY' });
  return result;
}

describe('scorer → variance → explanations', () => {
  it('explains the scored actuals with a bridge that adds up to them', () => {
    const r = run(null);
    const s1 = r.employees.find((e) => e.id === 'S1')!;
    const rev = s1.kpis.find((k) => k.metric === 'revenue')!;
    const v = rev.variance as VarianceFacts;
    expect(rev.actual).toBe(1900);
    expect(v.prior!.actual).toBe(1500);
    expect(v.bridge).toEqual({ new_customers: 800, lost_customers: -600, existing_customers: 200, other: 0 });
    expect([v.volume_effect, v.price_effect]).toEqual([0, 400]);
    expect(rev.explanation[1]).toBe('Versus last quarter +¥400: customers gained +¥800, customers lost −¥600, existing customers +¥200; '
      + 'biggest movers: C3 +¥800 (new customer), C2 −¥600 (net refunds of ¥100 this quarter), C1 +¥200.');
    // S2 joined in August: prior revenue 0, and the company line covers both.
    const s2 = r.employees.find((e) => e.id === 'S2')!;
    expect(s2.kpis[0].variance!.prior).toEqual({ period: '2024Q2', actual: 0 });
    const co = r.company.kpis.find((k) => k.metric === 'revenue')!;
    const b = co.variance!.bridge!;
    expect(c(b.new_customers) + c(b.lost_customers) + c(b.existing_customers) + c(b.other)).toBe(c(co.actual!) - c(co.variance!.prior!.actual!));
    const team = r.teams[0].kpis[0];
    expect(team.variance!.bridge!.new_customers).toBe(1100);
    expect(renderExplain(r, 'S1', { lang: 'en', color: new Chalk({ level: 0 }), currency: 'CNY' })).toContain('Revenue bridge by customer');
  });

  it('with --as-of inside P, bridges the partial period and projects it', () => {
    const asOf = dayFromYmd(2024, 8, 15); // A4 (08-20) not yet in
    const r = run(asOf);
    const rev = r.employees.find((e) => e.id === 'S1')!.kpis.find((k) => k.metric === 'revenue')!;
    expect(rev.actual).toBe(1100);
    expect(rev.variance!.bridge).toEqual({ new_customers: 0, lost_customers: -600, existing_customers: 200, other: 0 });
    // 1,100 × 92 / 46 = 2,200; (2,000 − 1,100) / 46 = 19.5652… → 19.57.
    expect(rev.variance!.projection).toMatchObject({ as_of: '2024-08-15', projected: 2200, needed_per_day: 19.57 });
  });
});

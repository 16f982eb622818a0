import { describe, it, expect } from 'vitest';
import { dayFromYmd } from '../../src/engine/calendar.js';
import { attachVariance, type VarianceFacts } from '../../src/engine/variance.js';
import { Interner } from '../../src/model.js';
import { ledger } from '../helpers/ledger.js';
import { FakeVarianceMeasurer } from './fake-measurer.js';
import { employee, kpiLine, Q2, Q3, Q3_2023, salesRole, scoreResult, team, testPlan } from './helpers.js';

function run(result: ReturnType<typeof scoreResult>, m: FakeVarianceMeasurer, opts: { asOf?: number | null; minSample?: number; metrics?: string[] } = {}) {
  const ds = ledger({ people: [{ id: 'S1', role: 'sales' }, { id: 'S2', role: 'sales' }], employees: ['S1', 'S2'] });
  ds.customers = m.customers;
  const plan = testPlan([salesRole(opts.metrics ?? ['revenue'])], opts.minSample ?? 30);
  attachVariance(result, {
    measurer: m, dataset: ds, plan, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: opts.asOf ?? null,
  });
  return result;
}

describe('top movers', () => {
  it('takes the three largest |change|, ties by customer id ascending (as strings)', () => {
    const m = new FakeVarianceMeasurer(new Interner())
      .setRevenue('employee:S1@2024Q2', { KH9: 100, Z1: 100, A2: 0, KH10: 0, B5: 30 })
      .setRevenue('employee:S1@2024Q3', { KH9: 0, Z1: 0, A2: 100, KH10: 100, B5: 30, Q7: 50 });
    const r = run(scoreResult([employee('S1', [kpiLine('revenue', 250, 300)])]), m);
    const v = r.employees[0].kpis[0].variance!;
    // |change| 100 for A2, KH10, KH9, Z1 (signs differ); "KH10" < "KH9" as strings. B5 did not move.
    expect(v.top_movers!.map((t) => t.customer_id)).toEqual(['A2', 'KH10', 'KH9']);
    expect(v.top_movers![2]).toEqual({ customer_id: 'KH9', prior: 100, current: 0, change: -100 });
    expect(v.bridge).toEqual({ new_customers: 250, lost_customers: -200, existing_customers: 0, other: 0 });
  });
});

describe('ratio and survey facts', () => {
  it('copies numerator/denominator and flags a low sample under survey.min_sample', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const npsFacts = { value: 100 * (12 - 5) / 20, numerator: 7, denominator: 20, counts: { promoters: 12, passives: 3, detractors: 5, responses: 20 } };
    const csatFacts = { value: 0.9, numerator: 36, denominator: 40, counts: { satisfied: 36, responses: 40 } };
    const rateFacts = { value: 31 / 500, numerator: 31, denominator: 500 };
    const r = run(scoreResult([employee('S1', [
      kpiLine('nps', npsFacts.value, 40, { facts: npsFacts }),
      kpiLine('csat', 0.9, 0.85, { facts: csatFacts }),
      kpiLine('complaint_rate', rateFacts.value, 0.05, { facts: rateFacts }),
      kpiLine('csat_avg', 4.2, 4.5, { facts: { value: 4.2, numerator: 126, denominator: 30 } }),
    ])]), m, { metrics: ['nps', 'csat', 'complaint_rate', 'csat_avg'] });
    const [nps, csat, rate, avg] = r.employees[0].kpis.map((k) => k.variance as VarianceFacts);
    expect(nps).toMatchObject({ numerator: 7, denominator: 20, counts: { promoters: 12, passives: 3, detractors: 5 }, responses: 20, low_sample: true, min_sample: 30 });
    expect(csat).toMatchObject({ counts: { satisfied: 36, responses: 40 }, responses: 40, low_sample: false });
    expect(avg).toMatchObject({ numerator: 126, denominator: 30, responses: 30, low_sample: false });
    expect(rate).toMatchObject({ numerator: 31, denominator: 500 });
    expect(rate.low_sample).toBeUndefined();
    // ↓ metric: gap = 0.062 − 0.05 (positive is worse), computed in decimals.
    expect(rate.gap).toBe(0.012);
    expect(rate.gap_pct).toBeCloseTo(0.24, 12);
    // Ratios have no prior value over no rows.
    expect(rate.prior).toEqual({ period: '2024Q2', actual: null });
  });

  it('names the member with the largest numerator on a team line', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const line = (n: number, d: number) => kpiLine('complaint_rate', n / d, 0.05, { facts: { value: n / d, numerator: n, denominator: d } });
    const r = run(scoreResult(
      [employee('S1', [line(12, 200)]), employee('S2', [line(19, 300)])],
      [team('T1', ['S1', 'S2'], [line(31, 500)])],
    ), m, { metrics: ['complaint_rate'] });
    expect(r.teams[0].kpis[0].variance).toMatchObject({ numerator: 31, denominator: 500, contributor: { id: 'S2', numerator: 19, denominator: 300 } });
    expect(r.employees[0].kpis[0].variance!).not.toHaveProperty('contributor');
  });

  it('names no member when the largest share is tied, or for an average (the biggest sum is the most cases, not the worst average)', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const line = (metric: string, n: number, d: number) => kpiLine(metric, n / d, 0.05, { facts: { value: n / d, numerator: n, denominator: d } });
    const tied = run(scoreResult(
      [employee('S1', [line('sla_breach_rate', 4, 24)]), employee('S2', [line('sla_breach_rate', 4, 20)]), employee('S3', [line('sla_breach_rate', 1, 30)])],
      [team('T1', ['S1', 'S2', 'S3'], [line('sla_breach_rate', 9, 74)])],
    ), m, { metrics: ['sla_breach_rate'] });
    expect(tied.teams[0].kpis[0].variance!).not.toHaveProperty('contributor');
    // S1 resolved the most (23) with the lowest average (29.4 h); S2 averages 40 h.
    const avg = run(scoreResult(
      [employee('S1', [line('avg_resolution_hours', 677, 23)]), employee('S2', [line('avg_resolution_hours', 400, 10)])],
      [team('T1', ['S1', 'S2'], [line('avg_resolution_hours', 1077, 33)])],
    ), m, { metrics: ['avg_resolution_hours'] });
    expect(avg.teams[0].kpis[0].variance!).not.toHaveProperty('contributor');
  });
});

describe('projection with --as-of inside P', () => {
  // P = 2024Q3: 92 days. As of 2024-08-15: Jul 1..Aug 15 = 31 + 15 = 46 days elapsed, 46 left.
  const asOf = dayFromYmd(2024, 8, 15);

  it('projects ↑ additive metrics and gives the pace needed', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const r = run(scoreResult([employee('S1', [
      kpiLine('revenue', 600_000, 1_500_000),
      kpiLine('orders', 23, 60),
      kpiLine('new_customers', 9, 6),
      kpiLine('complaints', 4, 10),
      kpiLine('complaint_rate', 0.05, 0.04, { facts: { value: 0.05, numerator: 1, denominator: 20 } }),
    ])], [], [], asOf), m, { asOf, metrics: ['revenue', 'orders', 'new_customers', 'complaints', 'complaint_rate'] });
    const [rev, orders, nc, compl, rate] = r.employees[0].kpis.map((k) => k.variance as VarianceFacts);
    // 600,000 × 92 / 46 = 1,200,000; (1,500,000 − 600,000) / 46 = 19,565.2173… → 19,565.22.
    expect(rev.projection).toEqual({ as_of: '2024-08-15', projected: 1_200_000, needed_per_day: 19_565.22, days_elapsed: 46, days_left: 46, days_total: 92 });
    // 23 × 92 / 46 = 46; (60 − 23) / 46 = 0.804347…
    expect(orders.projection!.projected).toBe(46);
    expect(orders.projection!.needed_per_day).toBeCloseTo(37 / 46, 12);
    // Already past target: nothing more needed per day.
    expect(nc.projection).toMatchObject({ projected: 18, needed_per_day: 0 });
    // ↓ metrics and ratios are not projected.
    expect(compl.projection).toBeUndefined();
    expect(rate.projection).toBeUndefined();
  });

  it('has no pace on the last day and no projection outside P', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const last = run(scoreResult([employee('S1', [kpiLine('revenue', 1000, 2000)])], [], [], Q3.end), m, { asOf: Q3.end });
    expect(last.employees[0].kpis[0].variance!.projection).toMatchObject({ projected: 1000, needed_per_day: null, days_left: 0 });
    const after = run(scoreResult([employee('S1', [kpiLine('revenue', 1000, 2000)])]), m, { asOf: dayFromYmd(2024, 10, 3) });
    expect(after.employees[0].kpis[0].variance!.projection).toBeUndefined();
  });

  it('measures the bridge over P.start..asOf', () => {
    const m = new FakeVarianceMeasurer(new Interner())
      .setRevenue('employee:S1@2024Q2', { C1: 100 })
      .setRevenue('employee:S1@2024Q3', { C1: 40 });
    const seen: number[] = [];
    const orig = m.revenueByCustomer.bind(m);
    m.revenueByCustomer = (e, p) => { seen.push(p.end); return orig(e, p); };
    run(scoreResult([employee('S1', [kpiLine('revenue', 40, 200)])], [], [], asOf), m, { asOf });
    expect(seen).toContain(asOf);
  });
});

describe('gap', () => {
  it('is null without a target and gap_pct null with a target of 0', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const r = run(scoreResult([employee('S1', [kpiLine('revenue', 100, null), kpiLine('orders', 3, 0)])]), m, { metrics: ['revenue', 'orders'] });
    const [a, b] = r.employees[0].kpis.map((k) => k.variance!);
    expect(a.gap).toBeNull();
    expect(a.gap_pct).toBeNull();
    expect(b.gap).toBe(3);
    expect(b.gap_pct).toBeNull();
    expect(b.threshold_cleared).toBeNull();
  });
  it('rounds money gaps to cents and says whether the threshold was cleared', () => {
    const m = new FakeVarianceMeasurer(new Interner());
    const r = run(scoreResult([employee('S1', [
      kpiLine('revenue', 1_234_567.894, 1_500_000, { threshold: 0.85 }),
    ])]), m);
    const v = r.employees[0].kpis[0].variance!;
    expect(v.gap).toBe(-265_432.11);
    expect(v.threshold_cleared).toBe(false);
  });
});

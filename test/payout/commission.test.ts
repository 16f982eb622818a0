import { describe, it, expect } from 'vitest';
import type { RoleSpec } from '../../src/plan/types.js';
import { FakeMeasurer } from '../scoring/fake-measurer.js';
import { day, kpi, person, role } from '../scoring/helpers.js';
import { atier, commission, emp, pay, tier } from './helpers.js';

function one(r: RoleSpec, revenue: number | null, extra: Parameters<typeof person>[3] = {}) {
  const m = new FakeMeasurer().set('employee:S001', { revenue });
  return emp(pay([r], [person('S001', 'A', r.name, extra)], m), 'S001').components[0];
}
const salesWith = (...payout: RoleSpec['payout']) => role('sales', [kpi('revenue', 1_200_000, 100)], { payout });

describe('commission by amount tiers (seed: 3% ≤ 100,000 < 5% ≤ 500,000)', () => {
  it('300,000 gives 3,000 + 10,000 = 13,000 marginal', () => {
    const l = one(salesWith(commission('marginal')), 300_000);
    expect(l.amount).toBe('13000.00');
    expect(l.basis).toBe('300,000: 100,000 × 3% + 200,000 × 5%');
    expect(l.name).toBe('commission on revenue');
    expect(l.inputs).toMatchObject({ value: '300000', raw: '13000', achievement: null, target: null, fired: null, proration: 1 });
  });

  it('300,000 gives 15,000 flat', () => {
    const l = one(salesWith(commission('flat')), 300_000);
    expect(l.amount).toBe('15000.00');
    expect(l.basis).toBe('300,000 × 5%');
  });

  it('a base exactly on a bound stays in the lower tier', () => {
    expect(one(salesWith(commission('flat')), 100_000).amount).toBe('3000.00');
    expect(one(salesWith(commission('marginal')), 100_000).basis).toBe('100,000: 100,000 × 3%');
    expect(one(salesWith(commission('flat')), 500_000).amount).toBe('25000.00');
    expect(one(salesWith(commission('marginal')), 500_000).amount).toBe('23000.00'); // 3,000 + 20,000
    // one cent above the bound moves up
    expect(one(salesWith(commission('flat')), 100_000.01).amount).toBe('5000.00'); // 5,000.0005
    expect(one(salesWith(commission('marginal')), 100_000.01).inputs.raw).toBe('3000.0005');
  });

  it('reaches the open last tier', () => {
    const l = one(salesWith(commission('marginal')), 600_000);
    expect(l.amount).toBe('30000.00'); // 3,000 + 20,000 + 7,000
    expect(l.basis).toBe('600,000: 100,000 × 3% + 400,000 × 5% + 100,000 × 7%');
    expect(one(salesWith(commission('flat')), 600_000).amount).toBe('42000.00');
  });

  it('a negative base earns negative commission at the first tier\'s rate', () => {
    for (const mode of ['marginal', 'flat'] as const) {
      const l = one(salesWith(commission(mode)), -5_000);
      expect(l.amount).toBe('-150.00');
      expect(l.basis).toBe('-5,000 × 3%');
    }
  });

  it('zero or no base pays 0', () => {
    expect(one(salesWith(commission('marginal')), 0).amount).toBe('0.00');
    const l = one(salesWith(commission('flat')), null);
    expect(l.amount).toBe('0.00');
    expect(l.inputs.value).toBeNull();
  });

  it('rounds half-up per component, ties away from zero (0.005 → 0.01, −0.005 → −0.01)', () => {
    const r = salesWith(commission('flat', [tier(null, '0.05')]));
    expect(one(r, 0.1).amount).toBe('0.01');
    expect(one(r, 0.1).inputs.raw).toBe('0.005');
    expect(one(r, -0.1).amount).toBe('-0.01');
    expect(one(r, 0.09).amount).toBe('0.00'); // 0.0045
  });

  it('tier bounds are not prorated', () => {
    const l = one(salesWith(commission('marginal')), 300_000, { start: day(2024, 7, 24) });
    expect(l.amount).toBe('13000.00');
  });
});

describe('commission by attainment tiers (accelerators)', () => {
  // target 1,200,000: 2% up to 100%, 4% up to 150%, 6% above
  const tiers = [atier(1, '0.02'), atier(1.5, '0.04'), atier(null, '0.06')];

  it('flat: the whole base at the rate of the attainment tier', () => {
    const r = salesWith(commission('flat', tiers));
    expect(one(r, 1_500_000).amount).toBe('60000.00'); // 125% → 4%
    expect(one(r, 1_200_000).amount).toBe('24000.00'); // exactly 100% stays at 2%
    expect(one(r, 2_400_000).amount).toBe('144000.00'); // 200% → 6%
    const l = one(r, 1_500_000);
    expect(l.basis).toBe('1,500,000 × 4% (target 1,200,000, achievement 125%)');
    expect(l.inputs).toMatchObject({ achievement: 1.25, target: 1_200_000 });
  });

  it('marginal: each attainment bound becomes bound × target', () => {
    const r = salesWith(commission('marginal', tiers));
    expect(one(r, 1_500_000).amount).toBe('36000.00'); // 1.2M × 2% + 0.3M × 4%
    const l = one(r, 2_000_000); // 1.2M × 2% + 0.6M × 4% + 0.2M × 6%
    expect(l.amount).toBe('60000.00');
    expect(l.basis).toBe('2,000,000 (target 1,200,000, achievement 166.6667%): 1,200,000 × 2% + 600,000 × 4% + 200,000 × 6%');
  });

  it('uses the employee\'s prorated target (69/92 of 1,200,000 = 900,000)', () => {
    const r = salesWith(commission('flat', tiers));
    const start = { start: day(2024, 7, 24) };
    expect(one(r, 900_000, start).amount).toBe('18000.00'); // 100% → 2%
    expect(one(r, 1_200_000, start).amount).toBe('48000.00'); // 133% → 4%
    const m = salesWith(commission('marginal', tiers));
    expect(one(m, 1_200_000, start).amount).toBe('30000.00'); // 900k × 2% + 300k × 4%
    expect(one(m, 1_200_000, start).inputs.target).toBe(900_000);
  });

  it('a base metric that is not a KPI of the role takes its target from the target rows', () => {
    const r = role('sales', [kpi('new_customers', 10, 100)], { payout: [commission('flat', tiers, 'gross_profit')] });
    const m = new FakeMeasurer().set('employee:S001', { new_customers: 10, gross_profit: 330_000 });
    const out = pay([r], [person('S001', 'A', 'sales')], m, { planTargets: [{ role: 'sales', metric: 'gross_profit', target: 300_000 }] });
    const l = emp(out, 'S001').components[0];
    expect(l.inputs).toMatchObject({ achievement: 1.1, target: 300_000 });
    expect(l.amount).toBe('13200.00'); // 110% → 4%
    expect(m.calls.some((c) => c.metrics.includes('gross_profit'))).toBe(true);
  });

  it('without a target the first tier\'s rate applies and a warning says so', () => {
    const r = role('sales', [kpi('revenue', null, 100)], { payout: [commission('flat', tiers)] });
    const m = new FakeMeasurer().set('employee:S001', { revenue: 100_000 });
    const out = pay([r], [person('S001', 'A', 'sales')], m);
    expect(emp(out, 'S001').components[0].amount).toBe('2000.00');
    expect(out.warnings.map((w) => w.code)).toContain('payout_no_target');
  });
});

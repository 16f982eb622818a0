import { describe, it, expect } from 'vitest';
import type { RoleSpec } from '../../src/plan/types.js';
import { FakeMeasurer } from '../scoring/fake-measurer.js';
import { kpi, person, role } from '../scoring/helpers.js';
import { commission, emp, lines, pay } from './helpers.js';

describe('component min/max (after rounding)', () => {
  it('max caps a component and the basis says so', () => {
    const r = role('sales', [kpi('new_customers', 10, 100)], {
      payout: [{ type: 'per_unit', metric: 'new_customers', amount: '500', max: '10000' }],
    });
    const m = new FakeMeasurer().set('employee:S001', { new_customers: 30 });
    const l = emp(pay([r], [person('S001', 'A', 'sales')], m), 'S001').components[0];
    expect(l.amount).toBe('10000.00');
    expect(l.basis).toBe('30 × 500 → max 10,000');
    expect(l.inputs.raw).toBe('15000');
  });

  it('min bounds a deduction', () => {
    const r = role('service', [kpi('csat', 0.85, 100)], {
      complaintsBy: 'handler',
      payout: [{ type: 'per_event', event: 'complaint_escalated', amount: '-300', min: '-1000' }],
    });
    const m = new FakeMeasurer().set('employee:C001', { csat: 0.9 }).setEvents('employee:C001', { complaint_escalated: 5 });
    expect(emp(pay([r], [person('C001', 'S', 'service')], m), 'C001').components[0].amount).toBe('-1000.00');
  });

  it('clamps the rounded amount: 999.995 rounds to 1,000.00, then max 999.99 applies', () => {
    const r = role('sales', [kpi('revenue', 1, 100)], {
      payout: [{ type: 'per_unit', metric: 'revenue', amount: '1', max: '999.99' }],
    });
    const m = new FakeMeasurer().set('employee:S001', { revenue: 999.995 });
    const l = emp(pay([r], [person('S001', 'A', 'sales')], m), 'S001').components[0];
    expect(l.amount).toBe('999.99');
    const r2 = role('sales', [kpi('revenue', 1, 100)], {
      payout: [{ type: 'per_unit', metric: 'revenue', amount: '1', max: '1000' }],
    });
    expect(emp(pay([r2], [person('S001', 'A', 'sales')], m), 'S001').components[0].amount).toBe('1000.00');
  });
});

describe('role payout_cap / payout_floor', () => {
  const payout: RoleSpec['payout'] = [
    commission('marginal'),
    { type: 'per_unit', metric: 'new_customers', amount: '500' },
  ];
  it('a binding cap adds a cap_adjustment line so the total is still the sum of lines', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 100)], { payout, payoutCap: '15000' });
    const m = new FakeMeasurer().set('employee:S001', { revenue: 300_000, new_customers: 6 });
    const e = emp(pay([r], [person('S001', 'A', 'sales')], m), 'S001');
    expect(lines(e)).toEqual([
      ['commission', '13000.00', '300,000: 100,000 × 3% + 200,000 × 5%'],
      ['per_unit', '3000.00', '6 × 500'],
      ['cap_adjustment', '-1000.00', 'components 16,000 → payout cap 15,000: -1,000'],
    ]);
    expect(e.total).toBe('15000.00');
  });

  it('a cap that does not bind adds nothing', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 100)], { payout, payoutCap: '16000' });
    const m = new FakeMeasurer().set('employee:S001', { revenue: 300_000, new_customers: 6 });
    const e = emp(pay([r], [person('S001', 'A', 'sales')], m), 'S001');
    expect(e.components).toHaveLength(2);
    expect(e.total).toBe('16000.00');
  });

  it('a binding floor lifts the total', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 100)], { payout, payoutFloor: '0' });
    const m = new FakeMeasurer().set('employee:S001', { revenue: -10_000, new_customers: 0 });
    const e = emp(pay([r], [person('S001', 'A', 'sales')], m), 'S001');
    expect(lines(e).map((l) => l.slice(0, 2))).toEqual([['commission', '-300.00'], ['per_unit', '0.00'], ['cap_adjustment', '300.00']]);
    expect(e.total).toBe('0.00');
  });
});

describe('totals', () => {
  it('sum the rounded components; the grand total sums the employees; zero lines are kept in plan order', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 100)], {
      payout: [
        commission('flat', [{ upTo: null, upToAchievement: null, rate: '0.05' }]),
        { type: 'per_unit', metric: 'new_customers', amount: '0.005' },
        { type: 'threshold_bonus', metric: 'csat', atLeast: 0.9, amount: '100' },
      ],
    });
    const m = new FakeMeasurer()
      .set('employee:S001', { revenue: 0.1, new_customers: 1, csat: 0.5 }) // 0.005 → 0.01, 0.005 → 0.01
      .set('employee:S002', { revenue: -0.1, new_customers: 3, csat: 0.95 }); // −0.01, 0.015 → 0.02, 100
    const out = pay([r], [person('S001', 'A', 'sales'), person('S002', 'A', 'sales')], m);
    expect(emp(out, 'S001').components.map((l) => l.amount)).toEqual(['0.01', '0.01', '0.00']);
    expect(emp(out, 'S001').total).toBe('0.02'); // not round(0.01 exact sum of raws 0.01)
    expect(emp(out, 'S002').components.map((l) => l.amount)).toEqual(['-0.01', '0.02', '100.00']);
    expect(emp(out, 'S002').total).toBe('100.01');
    expect(out.total).toBe('100.03');
    expect(out.currency).toBe('CNY');
    expect(emp(out, 'S001')).toMatchObject({ team: 'A', role: 'sales', currency: 'CNY' });
  });

  it('people not scored (left before P, role not in plan) are not paid', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 100)], { payout: [commission('marginal')] });
    const m = new FakeMeasurer().set('employee:S001', { revenue: 1 }).set('employee:S002', { revenue: 1 });
    const out = pay([r], [
      person('S001', 'A', 'sales'), person('S002', 'A', 'sales', { end: 0 }), person('X', 'A', 'intern'),
    ], m);
    expect(out.employees.map((e) => e.id)).toEqual(['S001']);
  });

  it('returns only payout warnings; the score\'s warnings stay with the score', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 100)], { payout: [commission('marginal')] });
    const m = new FakeMeasurer().set('employee:S001', { revenue: 1 });
    m.warnings = [{ code: 'unattributed_survey', severity: 'warning', message: '1 survey' }];
    const out = pay([r], [person('S001', 'A', 'sales')], m);
    expect(out.warnings).toEqual([]);
  });
});

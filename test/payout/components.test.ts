import { describe, it, expect } from 'vitest';
import { curveAt } from '../../src/engine/payout/index.js';
import { Dec } from '../../src/engine/money.js';
import type { CurvePoint, PayoutComponent, RoleSpec } from '../../src/plan/types.js';
import { FakeMeasurer } from '../scoring/fake-measurer.js';
import { day, kpi, person, role } from '../scoring/helpers.js';
import { emp, pay } from './helpers.js';

function first(r: RoleSpec, vals: Record<string, number | null>, extra: Parameters<typeof person>[3] = {}, m = new FakeMeasurer()) {
  m.set('employee:S001', vals);
  const out = pay([r], [person('S001', 'A', r.name, extra)], m);
  return { line: emp(out, 'S001').components[0], out, m };
}

describe('per_unit', () => {
  const r = role('sales', [kpi('new_customers', 15, 100)], {
    payout: [{ type: 'per_unit', metric: 'new_customers', amount: '500' }],
  });
  it('seed: 6 new customers at 500 give 3,000', () => {
    const { line } = first(r, { new_customers: 6 });
    expect(line).toMatchObject({ type: 'per_unit', amount: '3000.00', basis: '6 × 500', name: 'per unit: new_customers' });
    expect(line.inputs.value).toBe('6');
  });
  it('no value pays 0; the amount is not prorated', () => {
    expect(first(r, { new_customers: null }).line.amount).toBe('0.00');
    expect(first(r, { new_customers: 6 }, { start: day(2024, 7, 24) }).line.amount).toBe('3000.00');
  });
});

describe('threshold_bonus', () => {
  const r = role('service', [kpi('csat', 0.85, 100)], {
    complaintsBy: 'handler',
    payout: [{ type: 'threshold_bonus', metric: 'csat', atLeast: 0.85, amount: '1000' }],
  });
  it('seed: 86% CSAT gets the 1,000 bonus, 84% does not', () => {
    const hit = first(r, { csat: 0.86 }).line;
    expect(hit).toMatchObject({ amount: '1000.00', basis: '86% ≥ 85%: 1,000' });
    expect(hit.inputs.fired).toBe(true);
    const miss = first(r, { csat: 0.84 }).line;
    expect(miss).toMatchObject({ amount: '0.00', basis: '84% < 85%: 0' });
    expect(miss.inputs.fired).toBe(false);
  });
  it('the bound is inclusive ("达到85%以上"): 17 of 20 = 85% fires', () => {
    expect(first(r, { csat: 17 / 20 }).line.amount).toBe('1000.00');
  });
  it('no value does not fire', () => {
    const l = first(r, { csat: null }).line;
    expect(l.amount).toBe('0.00');
    expect(l.inputs.fired).toBe(false);
  });
  it('at_most, on a metric that is not a KPI (measured for the payout)', () => {
    const r2 = role('service', [kpi('csat', 0.85, 100)], {
      complaintsBy: 'handler',
      payout: [{ type: 'threshold_bonus', metric: 'churn_rate', atMost: 0.1, amount: '800' }],
    });
    const { line, m } = first(r2, { csat: 0.9, churn_rate: 1 - 0.9 }); // 0.09999999999999998
    expect(line.amount).toBe('800.00');
    expect(line.basis).toBe('10% ≤ 10%: 800');
    expect(m.calls.at(-1)!.metrics).toEqual(['churn_rate']);
    expect(first(r2, { csat: 0.9, churn_rate: 0.11 }).line.basis).toBe('11% > 10%: 0');
  });
});

describe('score_bonus', () => {
  const curve: CurvePoint[] = [{ x: 60, pct: '0' }, { x: 100, pct: '1' }, { x: 150, pct: '1.5' }];
  const r = role('sales', [kpi('revenue', 1_000_000, 100, { cap: 2 })], {
    payout: [{ type: 'score_bonus', targetAmount: '5000', basis: { kind: 'score' }, curve }],
  });

  it('linear between points, 0 below the first, flat above the last', () => {
    const at = (x: number) => curveAt(curve, new Dec(x)).toString();
    expect(at(59.99)).toBe('0');
    expect(at(60)).toBe('0');
    expect(at(80)).toBe('0.5');
    expect(at(100)).toBe('1');
    expect(at(125)).toBe('1.25');
    expect(at(150)).toBe('1.5');
    expect(at(190)).toBe('1.5');
    expect(curveAt([{ x: 50, pct: '0.2' }], new Dec(49)).toString()).toBe('0');
    // A total of 60 computed as 59.999999999999986 (7 of 25 escalated against 20%) is on the first point.
    const jump: CurvePoint[] = [{ x: 60, pct: '0.5' }, { x: 100, pct: '1' }];
    expect(curveAt(jump, new Dec(59.999999999999986)).toString()).toBe('0.5');
    expect(curveAt(jump, new Dec(59.99)).toString()).toBe('0');
    expect(curveAt([{ x: 50, pct: '0.2' }], new Dec(51)).toString()).toBe('0.2');
  });

  it('pays target_amount × curve(total score)', () => {
    const l = first(r, { revenue: 875_000 }).line; // score 87.5 → 68.75%
    expect(l.amount).toBe('3437.50');
    expect(l.basis).toBe('5,000 × 68.75% (score 87.5)');
    expect(l.inputs).toMatchObject({ value: '87.5', proration: 1 });
    expect(first(r, { revenue: 500_000 }).line.amount).toBe('0.00');
    expect(first(r, { revenue: 1_800_000 }).line.amount).toBe('7500.00');
  });

  it('target_amount is prorated and the result rounded half-up: 5,000 × 69/92 × 68.75% = 2,578.125 → 2,578.13', () => {
    // prorated target 750,000; revenue 656,250 → achievement 0.875 → score 87.5
    const l = first(r, { revenue: 656_250 }, { start: day(2024, 7, 24) }).line;
    expect(l.inputs.raw).toBe('2578.125');
    expect(l.amount).toBe('2578.13');
    expect(l.basis).toBe('5,000 × 69/92 × 68.75% (score 87.5)');
    expect(l.inputs.proration).toBe(0.75);
  });

  it('uses the total score after renormalisation', () => {
    const r2 = role('sales', [kpi('revenue', 1_000_000, 50), kpi('churn_rate', 0.1, 50)], { payout: r.payout });
    // churn has no value → score = revenue's 90 alone → 75%
    expect(first(r2, { revenue: 900_000, churn_rate: null }).line.amount).toBe('3750.00');
  });

  it('no score pays 0', () => {
    const l = first(r, { revenue: null }).line;
    expect(l).toMatchObject({ amount: '0.00', basis: 'no score: 0' });
  });

  // Odoo "achieve" commission levels: target 2,000; 0%→0, 50%→0, 100%→2,500, 200%→3,500, 300%→4,000.
  // As a score_bonus on revenue achievement: target_amount 2,500, curve pct 0, 0, 1, 1.4, 1.6.
  it('Odoo-style curve: 0 at 800, 2,500 at 2,000, 3,700 at 4,800, 4,000 at 6,000', () => {
    const odoo = role('sales', [kpi('revenue', 2000, 100, { cap: 5 })], {
      payout: [{
        type: 'score_bonus', targetAmount: '2500', basis: { kind: 'achievement', metric: 'revenue' },
        curve: [{ x: 0, pct: '0' }, { x: 50, pct: '0' }, { x: 100, pct: '1' }, { x: 200, pct: '1.4' }, { x: 300, pct: '1.6' }],
      }],
    });
    const amt = (rev: number) => first(odoo, { revenue: rev }).line.amount;
    expect(amt(800)).toBe('0.00');
    expect(amt(1000)).toBe('0.00');
    expect(amt(1500)).toBe('1250.00');
    expect(amt(2000)).toBe('2500.00');
    expect(amt(4800)).toBe('3700.00');
    expect(amt(6000)).toBe('4000.00');
    expect(amt(9000)).toBe('4000.00');
    const l = first(odoo, { revenue: 4800 }).line;
    expect(l.basis).toBe('2,500 × 148% (revenue achievement 240%)');
    expect(l.inputs).toMatchObject({ value: '240', achievement: 2.4, target: 2000 });
    expect(l.name).toBe('bonus on revenue achievement');
  });
});

describe('per_event', () => {
  const r = role('service', [kpi('csat', 0.85, 100)], {
    complaintsBy: 'handler',
    payout: [
      { type: 'per_event', event: 'complaint_resolved_satisfied', amount: '200' },
      { type: 'per_event', event: 'complaint_escalated', amount: '-300' },
    ],
  });
  it('seed: +200 per complaint resolved to satisfaction, −300 per escalation, attributed per complaints_by', () => {
    const m = new FakeMeasurer().setEvents('employee:S001', { complaint_resolved_satisfied: 3, complaint_escalated: 2 });
    const { out } = first(r, { csat: 0.9 }, {}, m);
    const e = emp(out, 'S001');
    expect(e.components.map((l) => [l.amount, l.basis])).toEqual([
      ['600.00', '3 complaint_resolved_satisfied × 200'],
      ['-600.00', '2 complaint_escalated × -300'],
    ]);
    expect(e.total).toBe('0.00');
    expect(m.eventCalls).toHaveLength(1);
    expect(m.eventCalls[0].entity).toMatchObject({ kind: 'employee', id: 'S001', complaintsBy: 'handler', members: [0] });
  });
});

describe('penalty', () => {
  const when = { metric: 'lost_big_customers', atLeast: 1 };
  const pctRule: PayoutComponent = { type: 'penalty', when, pctOfBaseSalary: '0.1' };
  const r = role('sales', [kpi('revenue', 1_000_000, 100)], { payout: [pctRule] });

  it('seed: losing a big customer costs 10% of the (monthly) base salary, not prorated', () => {
    const { line } = first(r, { revenue: 1, lost_big_customers: 1 }, { baseSalary: '12000', start: day(2024, 7, 24) });
    expect(line).toMatchObject({ amount: '-1200.00', basis: 'lost_big_customers 1 ≥ 1: -10% × 12,000' });
    expect(line.inputs).toMatchObject({ fired: true, baseSalary: '12000', value: '1' });
  });
  it('does not fire below the bound or without a value', () => {
    const no = first(r, { revenue: 1, lost_big_customers: 0 }, { baseSalary: '12000' }).line;
    expect(no).toMatchObject({ amount: '0.00', basis: 'lost_big_customers 0 < 1: 0' });
    expect(no.inputs.fired).toBe(false);
    expect(first(r, { revenue: 1, lost_big_customers: null }, { baseSalary: '12000' }).line.inputs.fired).toBe(false);
  });
  it('a fixed amount is deducted', () => {
    const r2 = role('sales', [kpi('revenue', 1_000_000, 100)], { payout: [{ type: 'penalty', when, amount: '500' }] });
    expect(first(r2, { revenue: 1, lost_big_customers: 2 }).line).toMatchObject({ amount: '-500.00', basis: 'lost_big_customers 2 ≥ 1: -500' });
  });
  it('a pct penalty without base salary deducts 0 and warns', () => {
    const { line, out } = first(r, { revenue: 1, lost_big_customers: 1 });
    expect(line.amount).toBe('0.00');
    expect(out.warnings.map((w) => w.code)).toEqual(['payout_no_base_salary']);
  });
});

/**
 * Basis texts and generated component names follow the statement's language: the same lines in
 * English (ids as in the plan) and in Chinese (catalogue names, full-width punctuation). The
 * amounts never depend on the language.
 */
import { describe, it, expect } from 'vitest';
import type { Lang, PayoutComponent, RoleSpec } from '../../src/plan/types.js';
import { FakeMeasurer } from '../scoring/fake-measurer.js';
import { kpi, person, role } from '../scoring/helpers.js';
import { atier, emp, pay } from './helpers.js';

function run(r: RoleSpec, vals: Record<string, number | null>, lang: Lang, extra: Parameters<typeof person>[3] = {}) {
  const m = new FakeMeasurer().set('employee:S001', vals);
  m.setEvents('employee:S001', { complaint_resolved_satisfied: 22, complaint_escalated: 1 });
  return emp(pay([r], [person('S001', 'A', r.name, extra)], m, { lang }), 'S001').components
    .map((l) => [l.name, l.basis, l.amount]);
}

const both = (r: RoleSpec, vals: Record<string, number | null>, extra: Parameters<typeof person>[3] = {}) =>
  ({ en: run(r, vals, 'en', extra), zh: run(r, vals, 'zh', extra) });

describe('payout basis in the statement language', () => {
  it('penalty, threshold bonus, per_unit and score bonus without names', () => {
    const payout: PayoutComponent[] = [
      { type: 'penalty', when: { metric: 'lost_big_customers', atLeast: 1 }, pctOfBaseSalary: '0.1' },
      { type: 'penalty', when: { metric: 'lost_big_customers', atLeast: 1, atMost: 3 }, amount: '500' },
      { type: 'threshold_bonus', metric: 'csat', atLeast: 0.85, amount: '1000' },
      { type: 'per_unit', metric: 'new_customers', amount: '500' },
      { type: 'score_bonus', targetAmount: '6000', basis: { kind: 'score' }, curve: [{ x: 0, pct: '0' }, { x: 100, pct: '1' }] },
    ];
    const r = role('sales', [kpi('revenue', 1000, 100)], { payout });
    const { en, zh } = both(r, { revenue: 900, lost_big_customers: 2, csat: 0.84, new_customers: null }, { baseSalary: '12000' });
    expect(en).toEqual([
      ['penalty: lost_big_customers', 'lost_big_customers 2 ≥ 1: -10% × 12,000', '-1200.00'],
      ['penalty: lost_big_customers', 'lost_big_customers 2 ≥ 1 and ≤ 3: -500', '-500.00'],
      ['bonus: csat', '84% < 85%: 0', '0.00'],
      ['per unit: new_customers', 'new_customers: no value: 0', '0.00'],
      ['score bonus', '6,000 × 90% (score 90)', '5400.00'],
    ]);
    expect(zh).toEqual([
      ['流失大客户数扣款', '流失大客户数 2 ≥ 1：-10% × 12,000', '-1200.00'],
      ['流失大客户数扣款', '流失大客户数 2 ≥ 1 且 ≤ 3：-500', '-500.00'],
      ['客户满意度达标奖', '84% < 85%：0', '0.00'],
      ['新客户数计件奖励', '新客户数无数值：0', '0.00'],
      ['绩效奖金', '6,000 × 90%（得分 90）', '5400.00'],
    ]);
  });

  it('penalty without a base salary, per_event, min/max and the payout cap', () => {
    const payout: PayoutComponent[] = [
      { type: 'penalty', when: { metric: 'escalation_rate', atLeast: 0.05 }, pctOfBaseSalary: '0.05' },
      { type: 'per_event', event: 'complaint_resolved_satisfied', amount: '200', max: '4000' },
      { type: 'per_event', event: 'complaint_escalated', amount: '-300' },
      { type: 'threshold_bonus', metric: 'csat', atLeast: 0.85, amount: '1000', min: '1200' },
    ];
    const r = role('service', [kpi('csat', 0.85, 100)], { complaintsBy: 'handler', payout, payoutCap: '4500' });
    const { en, zh } = both(r, { csat: 0.9, escalation_rate: 0.1 });
    expect(en).toEqual([
      ['penalty: escalation_rate', 'escalation_rate 10% ≥ 5%: 5% × no base salary: 0', '0.00'],
      ['per event: complaint_resolved_satisfied', '22 complaint_resolved_satisfied × 200 → max 4,000', '4000.00'],
      ['per event: complaint_escalated', '1 complaint_escalated × -300', '-300.00'],
      ['bonus: csat', '90% ≥ 85%: 1,000 → min 1,200', '1200.00'],
      ['payout cap', 'components 4,900 → payout cap 4,500: -400', '-400.00'],
    ]);
    expect(zh).toEqual([
      ['投诉升级率扣款', '投诉升级率 10% ≥ 5%：5% × 未配置基本工资：0', '0.00'],
      ['解决且满意的投诉（按次）', '解决且满意的投诉 22 次 × 200 → 上限 4,000', '4000.00'],
      ['升级投诉（按次）', '升级投诉 1 次 × -300', '-300.00'],
      ['客户满意度达标奖', '90% ≥ 85%：1,000 → 下限 1,200', '1200.00'],
      ['封顶调整', '各项合计 4,900 → 封顶 4,500：-400', '-400.00'],
    ]);
  });

  it('commission by attainment, with and without a target; achievement bonus', () => {
    const tiers = [atier(1, '0.02'), atier(null, '0.04')];
    const payout: PayoutComponent[] = [
      { type: 'commission', base: 'revenue', mode: 'marginal', tiers },
      { type: 'commission', base: 'gross_profit', mode: 'flat', tiers },
      { type: 'score_bonus', targetAmount: '1000', basis: { kind: 'achievement', metric: 'revenue' }, curve: [{ x: 0, pct: '0' }, { x: 200, pct: '2' }] },
    ];
    const r = role('sales', [kpi('revenue', 100_000, 100)], { payout });
    const { en, zh } = both(r, { revenue: 150_000, gross_profit: 30_000 });
    expect(en).toEqual([
      ['commission on revenue', '150,000 (target 100,000, achievement 150%): 100,000 × 2% + 50,000 × 4%', '4000.00'],
      ['commission on gross_profit', '30,000 (no achievement): 30,000 × 2% (no target: first tier)', '600.00'],
      ['bonus on revenue achievement', '1,000 × 150% (revenue achievement 150%)', '1500.00'],
    ]);
    expect(zh).toEqual([
      ['销售额提成', '150,000（目标 100,000，达成率 150%）：100,000 × 2% + 50,000 × 4%', '4000.00'],
      ['毛利提成', '30,000（无达成率）：30,000 × 2%（无目标，按第一档）', '600.00'],
      ['销售额达成奖金', '1,000 × 150%（销售额达成率 150%）', '1500.00'],
    ]);
  });
});

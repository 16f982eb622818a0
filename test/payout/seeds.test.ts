/**
 * The seed article on linking customer KPIs to pay (seeds/000, "绩效管理中的客户指标如何与员工薪酬挂钩"),
 * run end to end through scoring and payout with the sample plan of PRODUCT.md §3:
 * 每开发一个新客户给予500元奖金; 销售额在10万以内提成3%,10-50万之间提成5%; 导致重要客户流失扣除当月工资10%;
 * 客户满意度达到85%以上给予1000元奖金; 处理投诉并让客户满意奖励200元, 投诉升级扣除300元;
 * 销售岗位权重: 新客户数量30%, 销售额50%, 客户流失率20%; 月度销售额100万元、订单量200单.
 */
import { describe, it, expect } from 'vitest';
import { computePayouts } from '../../src/engine/payout/index.js';
import { scorePeriod } from '../../src/engine/score.js';
import { FakeMeasurer } from '../scoring/fake-measurer.js';
import { AUG, Q2, Q3, Q3_2023, dataset, kpi, person, plan, role } from '../scoring/helpers.js';
import { SEED_TIERS, emp, lines } from './helpers.js';

const sales = role('sales', [
  kpi('revenue', 1_200_000, 50, { threshold: 0.6, cap: 1.5 }),
  kpi('new_customers', 15, 30),
  kpi('churn_rate', 0.1, 20),
], {
  payout: [
    { type: 'commission', base: 'revenue', mode: 'marginal', tiers: SEED_TIERS },
    { type: 'per_unit', metric: 'new_customers', amount: '500' },
    { type: 'score_bonus', targetAmount: '5000', basis: { kind: 'score' },
      curve: [{ x: 60, pct: '0' }, { x: 100, pct: '1.0' }, { x: 150, pct: '1.5' }] },
    { type: 'penalty', when: { metric: 'lost_big_customers', atLeast: 1 }, pctOfBaseSalary: '0.1' },
  ],
});
const service = role('service', [kpi('csat', 0.85, 40), kpi('resolution_rate', 0.9, 30), kpi('avg_first_response_hours', 4, 30)], {
  complaintsBy: 'handler',
  payout: [
    { type: 'threshold_bonus', metric: 'csat', atLeast: 0.85, amount: '1000' },
    { type: 'per_event', event: 'complaint_resolved_satisfied', amount: '200' },
    { type: 'per_event', event: 'complaint_escalated', amount: '-300' },
  ],
});
const P = plan([sales, service], [
  { employee: 'S001', period: '2024Q3', metric: 'revenue', target: 1_500_000 },
  { team: '华东一组', metric: 'new_customers', target: 20 },
]);
const D = dataset([
  person('S001', '华东一组', 'sales', { name: '张伟', baseSalary: '12000' }),
  person('S002', '华东二组', 'sales', { baseSalary: '10000' }),
  person('C001', '客服部', 'service', { name: '李娜', baseSalary: '8000' }),
  person('C002', '客服部', 'service', { baseSalary: '8000' }),
]);

function run() {
  const m = new FakeMeasurer()
    .set('employee:S001', { revenue: 300_000, new_customers: 6, churn_rate: 0.12, lost_big_customers: 1 })
    .set('employee:S002', { revenue: 1_320_000, new_customers: 15, churn_rate: 0.08, lost_big_customers: 0 })
    .set('employee:C001', { csat: 0.86, resolution_rate: 0.9, avg_first_response_hours: 4 })
    .set('employee:C002', { csat: 0.84, resolution_rate: 0.95, avg_first_response_hours: 2 })
    .setEvents('employee:C001', { complaint_resolved_satisfied: 3, complaint_escalated: 1 });
  const score = scorePeriod({ plan: P, dataset: D, measurer: m, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
  return { score, payout: computePayouts({ plan: P, score, measurer: m, dataset: D, period: Q3 }) };
}

describe('seed: linking customer KPIs to pay', () => {
  it('S001: 300,000 revenue → 13,000 commission, 6 new customers → 3,000, a lost big customer → −1,200', () => {
    const { score, payout } = run();
    const s = score.employees.find((e) => e.id === 'S001')!;
    // revenue 300,000 of 1,500,000 = 20% < 60% threshold → 0; new customers 6 of 20 → 30; churn 12% vs 10% → 80
    expect(s.kpis.map((k) => k.score)).toEqual([0, 30, expect.closeTo(80, 10)]);
    expect(s.score).toBeCloseTo((30 * 30 + 20 * 80) / 100, 10); // 25
    expect(s.rating).toBe('D');
    const e = emp(payout, 'S001');
    expect(lines(e)).toEqual([
      ['commission', '13000.00', '300,000: 100,000 × 3% + 200,000 × 5%'],
      ['per_unit', '3000.00', '6 × 500'],
      ['score_bonus', '0.00', '5,000 × 0% (score 25)'],
      ['penalty', '-1200.00', 'lost_big_customers 1 ≥ 1: -10% × 12,000'],
    ]);
    expect(e.total).toBe('14800.00');
  });

  it('S002: weights 50/30/20 give 109 (rating A) and the score bonus on the curve', () => {
    const { score, payout } = run();
    const s = score.employees.find((e) => e.id === 'S002')!;
    // revenue 110% → 110; new customers 100%; churn 8% vs 10% → 120 (cap 1.2)
    expect(s.score).toBeCloseTo((50 * 110 + 30 * 100 + 20 * 120) / 100, 10); // 109
    expect(s.rating).toBe('A');
    const e = emp(payout, 'S002');
    // commission: 3,000 + 20,000 + 820,000 × 7% = 80,400; per unit 7,500; bonus 5,000 × 1.09 = 5,450
    expect(e.components.map((l) => l.amount)).toEqual(['80400.00', '7500.00', '5450.00', '0.00']);
    expect(e.total).toBe('93350.00');
    expect(score.employees.filter((x) => x.role === 'sales').map((x) => [x.id, x.rank])).toEqual([['S002', 1], ['S001', 2]]);
  });

  it('service: 86% CSAT gets 1,000, 3 satisfied resolutions +600, 1 escalation −300; 84% gets nothing', () => {
    const { payout } = run();
    expect(lines(emp(payout, 'C001'))).toEqual([
      ['threshold_bonus', '1000.00', '86% ≥ 85%: 1,000'],
      ['per_event', '600.00', '3 complaint_resolved_satisfied × 200'],
      ['per_event', '-300.00', '1 complaint_escalated × -300'],
    ]);
    expect(emp(payout, 'C001').total).toBe('1300.00');
    expect(emp(payout, 'C002').components.map((l) => l.amount)).toEqual(['0.00', '0.00', '0.00']);
    expect(payout.total).toBe('109450.00'); // 14,800 + 93,350 + 1,300 + 0
  });

  it('monthly targets of 1,000,000 revenue and 200 orders: 1,100,000 and 180 orders score 100', () => {
    const r = role('sales', [kpi('revenue', 1_000_000, 50), kpi('orders', 200, 50)]);
    const m = new FakeMeasurer().set('employee:S001', { revenue: 1_100_000, orders: 180 });
    const s = scorePeriod({
      plan: plan([r]), dataset: dataset([person('S001', 'A', 'sales')]), measurer: m,
      period: AUG, prior: Q2, lastYear: Q3_2023, asOf: null,
    }).employees[0];
    expect(s.kpis.map((k) => k.achievement)).toEqual([1.1, 0.9]);
    expect(s.score).toBeCloseTo(100, 10);
    expect(s.rating).toBe('A');
  });
});

/**
 * A hand-made PayoutResult covering every payout component type, with every amount worked out
 * by hand below (PRODUCT.md §7, §13). Period 2024Q3 = 2024-07-01..2024-09-30 (92 days).
 *
 * sales   (cap 40,000, floor 0)
 *   commission marginal on revenue: ≤100,000 3% · ≤500,000 5% · 7%
 *   per_unit new_customers × 500
 *   score_bonus 5,000 × curve(score) (60→0, 100→1.0, 150→1.5)
 *   penalty 10% of base salary when lost_big_customers ≥ 1
 * manager
 *   commission flat on gross_profit (same tiers), max 12,000
 *   commission marginal on revenue by attainment: ≤100% 1% · ≤120% 2% · 3%
 *   commission flat on revenue by attainment: ≤100% 0.5% · 1%
 *   score_bonus 2,000 × curve(achievement of revenue, %) (80→0, 100→0.5, 150→1.0)
 *   threshold_bonus 800 when complaint_rate ≤ 5%
 *   penalty 500 when escalation_rate ≥ 10%
 * service
 *   threshold_bonus 1,000 when csat ≥ 85%
 *   per_event complaint_resolved_satisfied × 200
 *   per_event complaint_escalated × −300, min −500
 */
import type { EmployeePayout, EmployeeScore, KpiResult, PayoutLine, PayoutResult, Period } from '../../src/engine/types.js';
import type { PayoutComponent, Plan, RoleSpec } from '../../src/plan/types.js';
import type { SourceStats } from '../../src/model.js';
import { dayFromYmd } from '../../src/engine/calendar.js';

export const PERIOD: Period = { id: '2024Q3', kind: 'quarter', start: dayFromYmd(2024, 7, 1), end: dayFromYmd(2024, 9, 30) };

const amountTiers = [
  { upTo: '100000', upToAchievement: null, rate: '0.03' },
  { upTo: '500000', upToAchievement: null, rate: '0.05' },
  { upTo: null, upToAchievement: null, rate: '0.07' },
];

export const SALES: PayoutComponent[] = [
  { type: 'commission', base: 'revenue', mode: 'marginal', tiers: amountTiers },
  { type: 'per_unit', metric: 'new_customers', amount: '500' },
  { type: 'score_bonus', targetAmount: '5000', basis: { kind: 'score' },
    curve: [{ x: 60, pct: '0' }, { x: 100, pct: '1' }, { x: 150, pct: '1.5' }] },
  { type: 'penalty', when: { metric: 'lost_big_customers', atLeast: 1 }, pctOfBaseSalary: '0.1' },
];

export const MANAGER: PayoutComponent[] = [
  { type: 'commission', name: '毛利提成', base: 'gross_profit', mode: 'flat', tiers: amountTiers, max: '12000' },
  { type: 'commission', base: 'revenue', mode: 'marginal', tiers: [
    { upTo: null, upToAchievement: 1, rate: '0.01' },
    { upTo: null, upToAchievement: 1.2, rate: '0.02' },
    { upTo: null, upToAchievement: null, rate: '0.03' },
  ] },
  { type: 'commission', base: 'revenue', mode: 'flat', tiers: [
    { upTo: null, upToAchievement: 1, rate: '0.005' },
    { upTo: null, upToAchievement: null, rate: '0.01' },
  ] },
  { type: 'score_bonus', targetAmount: '2000', basis: { kind: 'achievement', metric: 'revenue' },
    curve: [{ x: 80, pct: '0' }, { x: 100, pct: '0.5' }, { x: 150, pct: '1' }] },
  { type: 'threshold_bonus', metric: 'complaint_rate', atMost: 0.05, amount: '800' },
  { type: 'penalty', name: '=HYPERLINK("x")', when: { metric: 'escalation_rate', atLeast: 0.1 }, amount: '500' },
];

export const SERVICE: PayoutComponent[] = [
  { type: 'threshold_bonus', metric: 'csat', atLeast: 0.85, amount: '1000' },
  { type: 'per_event', event: 'complaint_resolved_satisfied', amount: '200' },
  { type: 'per_event', event: 'complaint_escalated', amount: '-300', min: '-500' },
];

const role = (name: string, payout: PayoutComponent[], extra: Partial<RoleSpec> = {}): RoleSpec =>
  ({ name, complaintsBy: name === 'service' ? 'handler' : 'account_owner', kpis: [], payout, ...extra });

export const ROLES: Record<string, RoleSpec> = {
  sales: role('sales', SALES, { payoutCap: '40000', payoutFloor: '0' }),
  manager: role('manager', MANAGER),
  service: role('service', SERVICE),
};

/** Just enough of a Plan for the renderers (company, currency, roles). */
export const PLAN = { company: '示例贸易有限公司', currency: 'CNY', language: 'zh', roles: ROLES } as unknown as Plan;

type Inp = Partial<PayoutLine['inputs']>;
function line(spec: PayoutComponent, name: string, basis: string, amount: string, inputs: Inp): PayoutLine {
  return {
    type: spec.type, name, basis, amount, spec,
    inputs: { value: null, achievement: null, target: null, baseSalary: null, proration: 1, fired: null, raw: amount, ...inputs },
  };
}
function capLine(amount: string, basis: string): PayoutLine {
  return { type: 'cap_adjustment', name: 'cap adjustment', basis, amount,
    inputs: { value: null, achievement: null, target: null, baseSalary: null, proration: 1, fired: null, raw: amount } };
}
function emp(id: string, name: string, team: string, roleName: string, score: number | null, components: PayoutLine[], total: string): EmployeePayout {
  return { id, name, team, role: roleName, currency: 'CNY', score, components, total };
}

const [sCom, sUnit, sBonus, sPen] = SALES;
const [mFlat, mAttM, mAttF, mAch, mThr, mPen] = MANAGER;
const [cThr, cRes, cEsc] = SERVICE;

// S001: 100,000×3% + 200,000×5% = 13,000; 6×500 = 3,000; (91.2−60)/40 = 0.78 × 5,000 = 3,900;
// lost 1 ≥ 1 → −10% × 12,000 = −1,200. Total 18,700.00.
const S001 = emp('S001', '张伟', '华东一组', 'sales', 91.2, [
  line(sCom, 'commission on revenue', '300,000: 100,000 × 3% + 200,000 × 5%', '13000.00', { value: '300000.00', raw: '13000' }),
  line(sUnit, 'per unit: new_customers', '6 × 500', '3000.00', { value: '6', raw: '3000' }),
  line(sBonus, 'score bonus', 'score 91.2 → 78% × 5,000', '3900.00', { value: '91.2', raw: '3900' }),
  line(sPen, 'penalty: lost_big_customers', '1 ≥ 1: −10% × 12,000', '-1200.00', { value: '1', baseSalary: '12000', fired: true, raw: '-1200' }),
], '18700.00');

// S002 joined 2024-07-24: 69/92 = 0.75. 80,000×3% = 2,400; 3×500 = 1,500;
// (75−60)/40 = 0.375 × 5,000 × 0.75 = 1,406.25; lost 0 → 0. Total 5,306.25.
const S002 = emp('S002', '王芳', '华东一组', 'sales', 75, [
  line(sCom, 'commission on revenue', '80,000: 80,000 × 3%', '2400.00', { value: '80000.00', raw: '2400' }),
  line(sUnit, 'per unit: new_customers', '3 × 500', '1500.00', { value: '3', raw: '1500' }),
  line(sBonus, 'score bonus', 'score 75 → 37.5% × 5,000 × 75%', '1406.25', { value: '75', proration: 0.75, raw: '1406.25' }),
  line(sPen, 'penalty: lost_big_customers', '0 < 1', '0.00', { value: '0', baseSalary: '9000', fired: false, raw: '0' }),
], '5306.25');

// S003: 3,000 + 20,000 + 150,000×7% = 33,500; 10×500 = 5,000; score 160 ≥ 150 → 1.5 × 5,000 = 7,500;
// lost 2 → −1,200. Sum 44,800 > cap 40,000 → cap_adjustment −4,800. Total 40,000.00.
const S003 = emp('S003', '-李雷', '华东二组', 'sales', 160, [
  line(sCom, 'commission on revenue', '650,000', '33500.00', { value: '650000.00', raw: '33500' }),
  line(sUnit, 'per unit: new_customers', '10 × 500', '5000.00', { value: '10', raw: '5000' }),
  line(sBonus, 'score bonus', 'score 160 → 150% × 5,000', '7500.00', { value: '160', raw: '7500' }),
  line(sPen, 'penalty: lost_big_customers', '2 ≥ 1', '-1200.00', { value: '2', baseSalary: '12000', fired: true, raw: '-1200' }),
  capLine('-4800.00', '44,800 > cap 40,000'),
], '40000.00');

// S004: net refunds −2,000.50 × 3% = −60.015 → −60.02 (half away from zero); 0 new; score 40 < 60 → 0;
// lost 0 → 0. Sum −60.02 < floor 0 → cap_adjustment +60.02. Total 0.00.
const S004 = emp('S004', '韩梅梅', '华东二组', 'sales', 40, [
  line(sCom, 'commission on revenue', '-2,000.5 × 3%', '-60.02', { value: '-2000.50', raw: '-60.015' }),
  line(sUnit, 'per unit: new_customers', '0 × 500', '0.00', { value: '0', raw: '0' }),
  line(sBonus, 'score bonus', 'score 40 < 60', '0.00', { value: '40', raw: '0' }),
  line(sPen, 'penalty: lost_big_customers', '0 < 1', '0.00', { value: '0', baseSalary: '8000', fired: false, raw: '0' }),
  capLine('60.02', '-60.02 < floor 0'),
], '0.00');

// M001: gross profit 300,000 flat → 5% = 15,000, max 12,000 → 12,000;
// revenue 1,300,000 vs target 1,000,000 (130%): 1,000,000×1% + 200,000×2% + 100,000×3% = 17,000;
// flat by attainment: 130% > 100% → 1% × 1,300,000 = 13,000;
// achievement curve: 130 → 0.5 + 30×0.5/50 = 0.8 × 2,000 = 1,600;
// complaint_rate 4% ≤ 5% → 800; escalation_rate 20% ≥ 10% → −500. Total 43,900.00.
const M001 = emp('M001', '刘强', '华北组', 'manager', 88.5, [
  line(mFlat, '毛利提成', '300,000 × 5% = 15,000, max 12,000', '12000.00', { value: '300000.00', raw: '15000' }),
  line(mAttM, 'commission on revenue', '1,300,000 at 130%', '17000.00', { value: '1300000.00', achievement: 1.3, target: 1000000, raw: '17000' }),
  line(mAttF, 'commission on revenue', '1,300,000 × 1% (130%)', '13000.00', { value: '1300000.00', achievement: 1.3, target: 1000000, raw: '13000' }),
  line(mAch, 'bonus on revenue achievement', '130% → 80% × 2,000', '1600.00', { value: '130', achievement: 1.3, raw: '1600' }),
  line(mThr, 'bonus: complaint_rate', '4% ≤ 5%', '800.00', { value: '0.04', fired: true, raw: '800' }),
  line(mPen, '=HYPERLINK("x")', '20% ≥ 10%: −500', '-500.00', { value: '0.2', fired: true, raw: '-500' }),
], '43900.00');

// C001: csat 86% ≥ 85% → 1,000; 7 × 200 = 1,400; 2 × −300 = −600, min −500 → −500. Total 1,900.00.
const C001 = emp('C001', '李娜', '客服部', 'service', 102.5, [
  line(cThr, 'bonus: csat', '86% ≥ 85%', '1000.00', { value: '0.86', fired: true, raw: '1000' }),
  line(cRes, 'per event: complaint_resolved_satisfied', '7 × 200', '1400.00', { value: '7', raw: '1400' }),
  line(cEsc, 'per event: complaint_escalated', '2 × -300 = -600, min -500', '-500.00', { value: '2', raw: '-600' }),
], '1900.00');

// C002: csat has no value → no bonus; 3 × 200 = 600; 0 escalations. Total 600.00.
const C002 = emp('C002', '陈静', '客服部', 'service', null, [
  line(cThr, 'bonus: csat', 'csat has no value', '0.00', { value: null, fired: false, raw: '0' }),
  line(cRes, 'per event: complaint_resolved_satisfied', '3 × 200', '600.00', { value: '3', raw: '600' }),
  line(cEsc, 'per event: complaint_escalated', '0 × -300', '0.00', { value: '0', raw: '0' }),
], '600.00');

/** 18,700 + 5,306.25 + 40,000 + 0 + 43,900 + 1,900 + 600 = 110,406.25 */
export const GRAND_TOTAL = '110406.25';

export const RESULT: PayoutResult = {
  period: PERIOD,
  currency: 'CNY',
  employees: [S001, S002, S003, S004, M001, C001, C002],
  total: GRAND_TOTAL,
  warnings: [{ code: 'unknown_employee', severity: 'warning', message: 'employee X9 is not in the roster', file: 'data/sales.csv', row: 12 }],
};

export const STATS: SourceStats[] = [{
  source: 'sales', file: 'data/sales.csv', sha256: 'ab'.repeat(32), encoding: 'utf8', delimiter: ',',
  rowsRead: 120, rowsKept: 115, excluded: { 'status 已取消': 5 }, minDay: dayFromYmd(2024, 1, 2), maxDay: dayFromYmd(2024, 9, 30),
  headers: ['订单编号', '下单日期'], mapping: { order_id: '订单编号' },
}];

function kpi(metric: string, actual: number, target: number, weight: number, achievement: number, score: number): KpiResult {
  return { metric, actual, target, targetSource: 'kpi', prorated: false, weight, threshold: 0, cap: 1.2, achievement, score,
    met: achievement >= 1, missing: false, missingPolicy: 'skip', facts: { value: actual }, explanation: [] };
}

/** S001's score (for the statement): (50×80 + 30×120 + 20×76) / 100 = 91.2. */
export const S001_SCORE: EmployeeScore = {
  id: 'S001', name: '张伟', team: '华东一组', role: 'sales', proration: 1, score: 91.2, rating: 'B', rank: 2,
  kpis: [kpi('revenue', 300000, 375000, 50, 0.8, 80), kpi('new_customers', 6, 5, 30, 1.2, 120), kpi('churn_rate', 0.124, 0.1, 20, 0.76, 76)],
};

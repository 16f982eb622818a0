/**
 * A hand-made ScoreResult for the renderer tests: 2 roles, 5 employees (Chinese and Latin names),
 * a prorated new hire, a missing KPI (skip) and a missing KPI scored 0, a negative revenue
 * (negative achievement), teams, company, warnings. Numbers follow §6 by hand (see comments).
 */
import type { EmployeeScore, KpiResult, ScoreResult, TeamScore } from '../../src/engine/types.js';
import { dayFromYmd } from '../../src/engine/calendar.js';
import type { SourceStats } from '../../src/model.js';

type K = Partial<KpiResult> & Pick<KpiResult, 'metric' | 'actual' | 'target' | 'weight'>;

/** A KPI with §6 achievement/score worked out from actual/target (↓ for the given metrics). */
export function kpi(k: K, down = false): KpiResult {
  const threshold = k.threshold ?? 0;
  const cap = k.cap ?? 1.2;
  let achievement: number | null = null;
  if (k.actual !== null && k.target !== null && k.target !== 0) {
    achievement = down ? Math.max(0, 1 + (k.target - k.actual) / k.target) : k.actual / k.target;
  }
  const missing = k.missing ?? achievement === null;
  const missingPolicy = k.missingPolicy ?? 'skip';
  const score =
    achievement === null ? (missingPolicy === 'zero' ? 0 : null)
      : achievement >= threshold ? 100 * Math.min(achievement, cap) : 0;
  return {
    metric: k.metric, actual: k.actual, target: k.target,
    targetSource: k.targetSource ?? 'kpi', prorated: k.prorated ?? false,
    weight: k.weight, threshold, cap,
    achievement: k.achievement !== undefined ? k.achievement : achievement,
    score: k.score !== undefined ? k.score : score,
    met: achievement === null ? null : achievement >= 1,
    missing, missingPolicy,
    facts: k.facts ?? { value: k.actual },
    variance: k.variance,
    explanation: k.explanation ?? [],
  };
}

const DOWN = new Set(['churn_rate', 'avg_first_response_hours']);
const K = (k: K) => kpi(k, DOWN.has(k.metric));

function total(kpis: KpiResult[]): number | null {
  let w = 0, s = 0;
  for (const k of kpis) if (k.score !== null) { w += k.weight; s += k.weight * k.score; }
  return w === 0 ? null : s / w;
}
function rating(score: number | null): string | null {
  if (score === null) return null;
  return score >= 110 ? 'S' : score >= 100 ? 'A' : score >= 80 ? 'B' : score >= 60 ? 'C' : 'D';
}
function emp(e: Omit<EmployeeScore, 'score' | 'rating'>): EmployeeScore {
  const score = total(e.kpis);
  return { ...e, score, rating: rating(score) };
}
function team(t: Omit<TeamScore, 'score' | 'rating'>): TeamScore {
  const score = total(t.kpis);
  return { ...t, score, rating: rating(score) };
}

export function makeResult(): ScoreResult {
  // S001: revenue 1,234,567.891 / 1,500,000 (employee target) → 0.8230452…, threshold 60%, cap 150%.
  const s001 = emp({
    id: 'S001', name: '张伟', team: '华东一组', role: 'sales', proration: 1, rank: 2,
    kpis: [
      K({ metric: 'revenue', actual: 1234567.891, target: 1500000, targetSource: 'employee', weight: 50,
        threshold: 0.6, cap: 1.5,
        facts: { value: 1234567.891 },
        variance: {
          gap: 1234567.891 - 1500000, gap_pct: (1234567.891 - 1500000) / 1500000, threshold_cleared: true,
          prior: { period: '2024Q2', actual: 1100000 }, last_year: { period: '2023Q3', actual: 980000.125 },
          bridge: { new_customers: 120000, lost_customers: -90000, existing_customers: 104567.891, other: 0 },
          volume_effect: 80000, price_effect: 54567.891,
          top_movers: [{ customer_id: 'KH0252', prior: 150000, current: 0, change: -150000 }],
        },
        explanation: ['销售额 ¥1,234,568,距目标 ¥1,500,000 差 ¥265,432(−17.7%),已过 60% 门槛。', '较上期增加 ¥134,568。'] }),
      K({ metric: 'new_customers', actual: 18, target: 20, targetSource: 'team', weight: 30,
        variance: { gap: -2, gap_pct: -0.1 }, explanation: ['新客户 18 个,距目标 20 个差 2 个(−10.0%)。'] }),
      K({ metric: 'churn_rate', actual: 0.125, target: 0.1, weight: 20,
        facts: { value: 0.125, numerator: 5, denominator: 40 },
        variance: { gap: 0.025, gap_pct: 0.25, numerator: 5, denominator: 40 },
        explanation: ['流失率 12.5%(40 个上期客户流失 5 个),高于目标 10.0%。'] }),
    ],
  });
  // S002: started 2024-08-24 → 38/92 of Q3; additive targets prorated (1,200,000 × 0.75 here for round numbers).
  const s002 = emp({
    id: 'S002', name: 'Alice Wang', team: '华东一组', role: 'sales', proration: 0.75, rank: 1,
    kpis: [
      K({ metric: 'revenue', actual: 980000.005, target: 900000, prorated: true, weight: 50, threshold: 0.6, cap: 1.5,
        variance: { gap: 80000.005, gap_pct: 80000.005 / 900000 } }),
      K({ metric: 'new_customers', actual: 3, target: 3.75, prorated: true, weight: 30,
        explanation: ['3 new customers against a prorated target of 3.75 (−20.0%).'] }),
      K({ metric: 'churn_rate', actual: null, target: 0.1, weight: 20,
        facts: { value: null, numerator: 0, denominator: 0 }, variance: { gap: null, gap_pct: null } }),
    ],
  });
  // S003: net refunds → revenue −12,345.5, achievement −0.0102875 (not floored for ↑), score 0.
  const s003 = emp({
    id: 'S003', name: '王芳', team: '华南组', role: 'sales', proration: 1, rank: 3,
    kpis: [
      K({ metric: 'revenue', actual: -12345.5, target: 1200000, weight: 50, threshold: 0.6, cap: 1.5,
        explanation: ['销售额 -¥12,346(净退款),未过 60% 门槛,得 0 分。'] }),
      K({ metric: 'new_customers', actual: 8, target: 15, weight: 30 }),
      K({ metric: 'churn_rate', actual: 0.05, target: 0.1, weight: 20 }),
    ],
  });
  const c001 = emp({
    id: 'C001', name: '李娜', team: '客服部', role: 'service', proration: 1, rank: 1,
    kpis: [
      K({ metric: 'csat', actual: 0.882, target: 0.85, weight: 40,
        facts: { value: 0.882, counts: { satisfied: 441, responses: 500 } },
        variance: { gap: 0.032, gap_pct: 0.032 / 0.85, counts: { satisfied: 441, responses: 500 }, low_sample: false } }),
      K({ metric: 'resolution_rate', actual: 0.92, target: 0.9, weight: 30 }),
      K({ metric: 'avg_first_response_hours', actual: 3.44, target: 4, weight: 30 }),
    ],
  });
  const c002 = emp({
    id: 'C002', name: 'Bob Smith', team: '客服部', role: 'service', proration: 1, rank: 2,
    kpis: [
      K({ metric: 'csat', actual: 7 / 9, target: 0.85, weight: 40,
        variance: { gap: 7 / 9 - 0.85, gap_pct: (7 / 9 - 0.85) / 0.85, counts: { satisfied: 7, responses: 9 }, low_sample: true },
        explanation: ['CSAT 77.8% (7 of 9 responses), 7.2 points below the 85.0% target; sample below 30.'] }),
      K({ metric: 'resolution_rate', actual: 0.85, target: 0.9, weight: 30,
        explanation: ['Resolution 85.0% (17 of 20), target 90.0%.'] }),
      K({ metric: 'avg_first_response_hours', actual: null, target: 4, weight: 30, missingPolicy: 'zero' }),
    ],
  });
  const teams: TeamScore[] = [
    team({ id: '华东一组', role: 'sales', members: ['S001', 'S002'], kpis: [
      K({ metric: 'revenue', actual: 1234567.891 + 980000.005, target: 2400000, targetSource: 'sum', weight: 50, threshold: 0.6, cap: 1.5 }),
      K({ metric: 'new_customers', actual: 21, target: 20, targetSource: 'team', weight: 30 }),
      K({ metric: 'churn_rate', actual: 0.125, target: 0.1, targetSource: 'mean', weight: 20 }),
    ] }),
    team({ id: '华南组', role: 'sales', members: ['S003'], kpis: [
      K({ metric: 'revenue', actual: -12345.5, target: 1200000, targetSource: 'sum', weight: 50, threshold: 0.6, cap: 1.5 }),
      K({ metric: 'new_customers', actual: 8, target: 15, targetSource: 'sum', weight: 30 }),
      K({ metric: 'churn_rate', actual: 0.05, target: 0.1, targetSource: 'mean', weight: 20 }),
    ] }),
    team({ id: '客服部', role: 'service', members: ['C001', 'C002'], kpis: [
      K({ metric: 'csat', actual: 448 / 509, target: 0.85, targetSource: 'mean', weight: 40 }),
      K({ metric: 'resolution_rate', actual: 0.91, target: 0.9, targetSource: 'mean', weight: 30 }),
      K({ metric: 'avg_first_response_hours', actual: 3.44, target: 4, targetSource: 'mean', weight: 30 }),
    ] }),
  ];
  const company = { kpis: [
    K({ metric: 'revenue', actual: 1234567.891 + 980000.005 - 12345.5, target: 3600000, targetSource: 'sum', weight: 50, threshold: 0.6, cap: 1.5 }),
    K({ metric: 'new_customers', actual: 29, target: 38.75, targetSource: 'sum', weight: 30 }),
    K({ metric: 'churn_rate', actual: 0.1, target: 0.1, targetSource: 'mean', weight: 20 }),
    K({ metric: 'csat', actual: 448 / 509, target: 0.85, targetSource: 'mean', weight: 40 }),
    K({ metric: 'resolution_rate', actual: 0.91, target: 0.9, targetSource: 'mean', weight: 30 }),
    K({ metric: 'avg_first_response_hours', actual: 3.44, target: 4, targetSource: 'mean', weight: 30 }),
  ].map((k) => ({ ...k, weight: k.weight })) };
  return {
    period: { id: '2024Q3', kind: 'quarter', start: dayFromYmd(2024, 7, 1), end: dayFromYmd(2024, 9, 30) },
    prior: { id: '2024Q2', kind: 'quarter', start: dayFromYmd(2024, 4, 1), end: dayFromYmd(2024, 6, 30) },
    lastYear: { id: '2023Q3', kind: 'quarter', start: dayFromYmd(2023, 7, 1), end: dayFromYmd(2023, 9, 30) },
    asOf: null,
    // Deliberately not in rank order: renderers group by role and sort by rank.
    employees: [s001, s002, s003, c001, c002],
    teams,
    company,
    warnings: [
      { code: 'unknown_employee', severity: 'warning', message: '员工 S099 不在花名册中,按默认岗位 sales 计', file: 'data/sales.csv', row: 12, column: '业务员', value: 'S099' },
      { code: 'low_sample', severity: 'warning', message: 'C002: 9 survey responses, below min_sample 30' },
      { code: 'row_skipped', severity: 'warning', message: 'bad amount', file: 'data/sales.xlsx', sheet: '明细', row: 7, column: '金额', value: '=1+2' },
    ],
  };
}

export function makeInputs(): SourceStats[] {
  return [
    { source: 'sales', file: 'data/sales.csv', sha256: 'a'.repeat(64), encoding: 'gb18030', delimiter: ',',
      rowsRead: 1200, rowsKept: 1185, excluded: { 'status 已取消': 12, invalid: 3 },
      minDay: dayFromYmd(2023, 1, 3), maxDay: dayFromYmd(2024, 9, 30), headers: ['订单编号', '下单日期'], mapping: { order_id: '订单编号' } },
    { source: 'complaints', file: 'data/complaints.xlsx', sheet: '投诉记录', sha256: 'b'.repeat(64),
      rowsRead: 40, rowsKept: 40, excluded: {}, minDay: dayFromYmd(2024, 7, 2), maxDay: dayFromYmd(2024, 9, 28), headers: [], mapping: {} },
  ];
}

export const PLAN_TEXT = 'version: 1\ncompany: 示例贸易有限公司\ncurrency: CNY\n# a comment line\nroles:\n  sales:\n    kpis:\n      - { metric: revenue, target: 1200000, weight: 50 }\n';

/** Names that a spreadsheet would read as formulas, and a KPI whose actual is the number −5. */
export const HOSTILE_NAMES = ['=HYPERLINK("http://evil.example","click")', '+1', '-x', '@x', '\tx', '\rx'] as const;

export function makeHostileResult(): ScoreResult {
  const r = makeResult();
  HOSTILE_NAMES.forEach((n, i) => { if (r.employees[i]) r.employees[i].name = n; });
  r.employees[4].team = '\nx';
  r.warnings[1] = { ...r.warnings[1], message: HOSTILE_NAMES[5] };
  r.employees[0].kpis[1] = { ...r.employees[0].kpis[1], actual: -5 };
  return r;
}

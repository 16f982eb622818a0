/** Builders for hand-made ScoreResults, KPI lines and plans used by the variance tests. */
import { dayFromYmd } from '../../src/engine/calendar.js';
import type { EmployeeScore, KpiResult, Period, ScoreResult, TeamScore } from '../../src/engine/types.js';
import type { Plan, RoleSpec, SourceSpec } from '../../src/plan/types.js';

export const Q3: Period = { id: '2024Q3', kind: 'quarter', start: dayFromYmd(2024, 7, 1), end: dayFromYmd(2024, 9, 30) };
export const Q2: Period = { id: '2024Q2', kind: 'quarter', start: dayFromYmd(2024, 4, 1), end: dayFromYmd(2024, 6, 30) };
export const Q3_2023: Period = { id: '2023Q3', kind: 'quarter', start: dayFromYmd(2023, 7, 1), end: dayFromYmd(2023, 9, 30) };

/** A KPI line as the scorer would leave it (no variance, no explanation yet). */
export function kpiLine(metric: string, actual: number | null, target: number | null, extra: Partial<KpiResult> = {}): KpiResult {
  const achievement = extra.achievement !== undefined ? extra.achievement
    : actual !== null && target ? actual / target : null;
  return {
    metric, actual, target, targetSource: target === null ? null : 'kpi', prorated: false, weight: 50,
    threshold: 0, cap: 1.2, achievement, score: achievement === null ? null : 100 * Math.min(achievement, 1.2),
    met: achievement === null ? null : achievement >= 1, missing: actual === null, missingPolicy: 'skip',
    facts: { value: actual }, explanation: [], ...extra,
  };
}

export function employee(id: string, kpis: KpiResult[], extra: Partial<EmployeeScore> = {}): EmployeeScore {
  return { id, name: id, team: 'T1', role: 'sales', proration: 1, score: 80, rating: 'B', rank: 1, kpis, ...extra };
}

export function team(id: string, members: string[], kpis: KpiResult[], role = 'sales'): TeamScore {
  return { id, role, members, score: 80, rating: 'B', kpis };
}

export function scoreResult(employees: EmployeeScore[], teams: TeamScore[] = [], company: KpiResult[] = [], asOf: number | null = null): ScoreResult {
  return { period: Q3, prior: Q2, lastYear: Q3_2023, asOf, employees, teams, company: { kpis: company }, warnings: [] };
}

const SRC: SourceSpec = {
  path: '/x/sales.csv', displayPath: 'sales.csv', files: [{ path: '/x/sales.csv', displayPath: 'sales.csv' }],
  encoding: 'auto', dateFormat: 'auto', delimiter: 'auto', columns: {}, exclude: {}, join: [],
};

export function salesRole(metrics: string[], name = 'sales'): RoleSpec {
  return {
    name, complaintsBy: 'account_owner', payout: [],
    kpis: metrics.map((metric) => ({ metric, target: null, weight: 1, threshold: 0, cap: 1.2, missing: 'skip' as const })),
  };
}

export function testPlan(roles: RoleSpec[], minSample = 30): Plan {
  return {
    file: '/x/kpi.yaml', dir: '/x', version: 1, company: 'Test Co', currency: 'CNY', language: 'zh',
    calendar: { fiscalYearStartMonth: 1 }, sources: { sales: SRC },
    segments: { bigCustomerMinAnnualRevenue: 1_000_000 }, survey: { csatScale: 5, minSample },
    service: { slaHours: 48 }, defaultRole: null, people: [],
    roles: Object.fromEntries(roles.map((r) => [r.name, r])), targets: [],
    ratings: [{ minScore: null, label: 'D' }],
  };
}

/** Integer cents of a money fact (binary floats do not add decimal fractions exactly). */
export const c = (x: number): number => Math.round(x * 100);

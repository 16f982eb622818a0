/** Builders for small plans, datasets and periods used by the scoring and payout tests. */
import { dayFromYmd, type Day } from '../../src/engine/calendar.js';
import { complaintTable, Interner, PackedInterner, surveyTable, type Dataset, type Person, type TargetRow } from '../../src/model.js';
import type { KpiSpec, Plan, PlanTarget, Rating, RoleSpec, SourceSpec } from '../../src/plan/types.js';
import type { Period } from '../../src/engine/types.js';

export const day = (y: number, m: number, d: number): Day => dayFromYmd(y, m, d);

export const Q3: Period = { id: '2024Q3', kind: 'quarter', start: day(2024, 7, 1), end: day(2024, 9, 30) };
export const Q2: Period = { id: '2024Q2', kind: 'quarter', start: day(2024, 4, 1), end: day(2024, 6, 30) };
export const Q3_2023: Period = { id: '2023Q3', kind: 'quarter', start: day(2023, 7, 1), end: day(2023, 9, 30) };
export const AUG: Period = { id: '2024-08', kind: 'month', start: day(2024, 8, 1), end: day(2024, 8, 31) };

export function kpi(metric: string, target: number | null, weight: number, extra: Partial<KpiSpec> = {}): KpiSpec {
  return { metric, target, weight, threshold: 0, cap: 1.2, missing: 'skip', ...extra };
}

export function role(name: string, kpis: KpiSpec[], extra: Partial<RoleSpec> = {}): RoleSpec {
  return { name, complaintsBy: 'account_owner', kpis, payout: [], ...extra };
}

export const RATINGS: Rating[] = [
  { minScore: 110, label: 'S' },
  { minScore: 100, label: 'A' },
  { minScore: 80, label: 'B' },
  { minScore: 60, label: 'C' },
  { minScore: null, label: 'D' },
];

const SRC: SourceSpec = {
  path: '/x/sales.csv', displayPath: 'sales.csv', files: [{ path: '/x/sales.csv', displayPath: 'sales.csv' }],
  encoding: 'auto', dateFormat: 'auto', delimiter: 'auto', columns: {}, exclude: {}, join: [],
};

export function plan(roles: RoleSpec[], targets: PlanTarget[] = [], extra: Partial<Plan> = {}): Plan {
  return {
    file: '/x/kpi.yaml', dir: '/x', version: 1, company: 'Test Co', currency: 'CNY', language: 'en',
    calendar: { fiscalYearStartMonth: 1 }, sources: { sales: SRC },
    segments: { bigCustomerMinAnnualRevenue: 1_000_000 }, survey: { csatScale: 5, minSample: 30 },
    service: { slaHours: 48 }, defaultRole: null, people: [],
    roles: Object.fromEntries(roles.map((r) => [r.name, r])), targets, ratings: RATINGS, ...extra,
  };
}

export function person(id: string, team: string, roleName: string, extra: Partial<Person> = {}): Person {
  return { id, name: id, team, role: roleName, baseSalary: null, start: null, end: null, ...extra };
}

/** A dataset with no rows; every person is interned as an employee in order. */
export function dataset(people: Person[], targets: TargetRow[] = []): Dataset {
  const employees = new Interner();
  for (const p of people) employees.intern(p.id);
  return {
    sales: {
      n: 0, day: new Int32Array(0), order: new Int32Array(0), customer: new Int32Array(0),
      employee: new Int32Array(0), amountE4: new Float64Array(0), costE4: new Float64Array(0),
      quantity: new Float64Array(0), fileIdx: new Uint16Array(0), row: new Int32Array(0), files: [],
      hasCost: false, hasQuantity: false,
    },
    complaints: complaintTable([]), surveys: surveyTable([]), people, targets,
    customers: new Interner(), employees, orders: new PackedInterner(), stats: [],
  };
}

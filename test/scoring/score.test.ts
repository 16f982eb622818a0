import { describe, it, expect } from 'vitest';
import { scorePeriod } from '../../src/engine/score.js';
import { FakeMeasurer } from './fake-measurer.js';
import { AUG, Q2, Q3, Q3_2023, dataset, day, kpi, person, plan, role } from './helpers.js';

const sales = role('sales', [kpi('revenue', 1_200_000, 50), kpi('new_customers', 15, 30), kpi('churn_rate', 0.1, 20)]);
const service = role('service', [kpi('csat', 0.85, 40), kpi('resolution_rate', 0.9, 30), kpi('avg_first_response_hours', 4, 30)],
  { complaintsBy: 'handler' });

const P = plan([sales, service], [
  { employee: 'S001', period: '2024Q3', metric: 'revenue', target: 1_500_000 },
  { team: '华东一组', metric: 'new_customers', target: 20 },
]);
const people = [
  person('S001', '华东一组', 'sales'),
  person('S002', '华东一组', 'sales', { start: day(2024, 7, 24) }),
  person('S003', '华南组', 'sales'),
  person('S004', '华南组', 'sales', { end: day(2024, 6, 30) }), // left before P
  person('X001', '华南组', 'intern'), // role not in plan
  person('C001', '客服部', 'service'),
];
// From the targets export: the team's own churn target.
const D = dataset(people, [{ team: '华东一组', metric: 'churn_rate', target: 0.12 }]);

function fake() {
  return new FakeMeasurer()
    .set('employee:S001', { revenue: 1_500_000, new_customers: 20, churn_rate: 0.12 })
    .set('employee:S002', { revenue: 450_000, new_customers: 15, churn_rate: null })
    .set('employee:S003', { revenue: 1_440_000, new_customers: 18, churn_rate: 0.05 })
    .set('employee:C001', { csat: 0.86, resolution_rate: 0.9, avg_first_response_hours: 3 })
    .set('team:华东一组:sales', { revenue: 1_950_000, new_customers: 35, churn_rate: 0.12 })
    .set('team:华南组:sales', { revenue: 1_440_000, new_customers: 18, churn_rate: 0.05 })
    .set('team:客服部:service', { csat: 0.86, resolution_rate: 0.9, avg_first_response_hours: 3 })
    .set('company', { revenue: 3_390_000, new_customers: 53, churn_rate: 0.1, csat: 0.86, resolution_rate: 0.9, avg_first_response_hours: 3 });
}

const run = (extra: Partial<Parameters<typeof scorePeriod>[0]> = {}) =>
  scorePeriod({ plan: P, dataset: D, measurer: fake(), period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null, ...extra });

describe('scorePeriod', () => {
  it('scores people with a plan role employed at least one day of P, sales by rank then service', () => {
    const r = run();
    expect(r.employees.map((e) => [e.id, e.rank])).toEqual([['S003', 1], ['S001', 2], ['S002', 3], ['C001', 1]]);
    expect(r.period).toBe(Q3);
    expect(r.prior).toBe(Q2);
    expect(r.asOf).toBeNull();
  });

  it('resolves targets with precedence and proration per employee', () => {
    const r = run();
    const s1 = r.employees.find((e) => e.id === 'S001')!;
    expect(s1.kpis.map((k) => [k.metric, k.target, k.targetSource, k.prorated]))
      .toEqual([['revenue', 1_500_000, 'employee', false], ['new_customers', 20, 'team', false], ['churn_rate', 0.12, 'team', false]]);
    expect(s1.score).toBeCloseTo(100, 12);
    expect(s1.rating).toBe('A');

    const s2 = r.employees.find((e) => e.id === 'S002')!;
    expect(s2.proration).toBe(0.75);
    expect(s2.kpis.map((k) => [k.target, k.targetSource, k.prorated]))
      .toEqual([[900_000, 'kpi', true], [15, 'team', true], [0.12, 'team', false]]);
    // churn has no value → skipped, weights renormalised: (50×50 + 30×100) / 80
    expect(s2.kpis[2].missing).toBe(true);
    expect(s2.score).toBeCloseTo(68.75, 12);
    expect(s2.rating).toBe('C');

    const s3 = r.employees.find((e) => e.id === 'S003')!;
    expect(s3.score).toBeCloseTo(120, 12); // every KPI capped at 120
    expect(s3.rating).toBe('S');

    const c1 = r.employees.find((e) => e.id === 'C001')!;
    expect(c1.score).toBeCloseTo((40 * 100 * 0.86 / 0.85 + 30 * 100 + 30 * 120) / 100, 10);
    expect(c1.kpis.every((k) => k.explanation.length === 0 && k.variance === undefined)).toBe(true);
  });

  it('team lines pool members and take sum / team row / mean targets', () => {
    const m = fake();
    const r = scorePeriod({ plan: P, dataset: D, measurer: m, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
    expect(r.teams.map((t) => [t.id, t.role, t.members])).toEqual([
      ['华东一组', 'sales', ['S001', 'S002']], ['华南组', 'sales', ['S003']], ['客服部', 'service', ['C001']],
    ]);
    const east = r.teams[0];
    expect(east.kpis.map((k) => [k.target, k.targetSource, k.prorated]))
      .toEqual([[2_400_000, 'sum', true], [35, 'sum', true], [0.12, 'team', false]]);
    expect(east.kpis[0].achievement).toBeCloseTo(1_950_000 / 2_400_000, 12);
    expect(east.score).toBeCloseTo((50 * 81.25 + 30 * 100 + 20 * 100) / 100, 10);
    const south = r.teams[1];
    expect(south.kpis[2]).toMatchObject({ target: 0.1, targetSource: 'mean' });

    const teamCall = m.calls.find((c) => c.entity.kind === 'team' && c.entity.id === '华东一组')!;
    expect(teamCall.entity.members).toEqual([0, 1]); // dataset employee indices of S001, S002
    expect(teamCall.entity.complaintsBy).toBe('account_owner');
    const svc = m.calls.find((c) => c.entity.kind === 'team' && c.entity.id === '客服部')!;
    expect(svc.entity.complaintsBy).toBe('handler');
  });

  it('the company line runs each KPI over the members of the roles carrying it; no total score', () => {
    const m = fake();
    const r = scorePeriod({ plan: P, dataset: D, measurer: m, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
    const byMetric = Object.fromEntries(r.company.kpis.map((k) => [k.metric, k]));
    expect(r.company.kpis.map((k) => k.metric)).toEqual(
      ['revenue', 'new_customers', 'churn_rate', 'csat', 'resolution_rate', 'avg_first_response_hours']);
    expect(byMetric.revenue).toMatchObject({ target: 3_600_000, targetSource: 'sum' });
    expect(byMetric.new_customers.target).toBe(50); // 20 + 15 + 15
    expect(byMetric.churn_rate.targetSource).toBe('mean');
    expect(byMetric.churn_rate.target).toBeCloseTo((0.12 + 0.12 + 0.1) / 3, 15);
    expect(byMetric.csat).toMatchObject({ target: 0.85, targetSource: 'mean' });
    expect('score' in r.company).toBe(false);
    const companyCalls = m.calls.filter((c) => c.entity.kind === 'company');
    expect(companyCalls.map((c) => [c.entity.members, c.entity.complaintsBy])).toEqual([
      [[0, 1, 2], 'account_owner'], [[5], 'handler'],
    ]);
  });

  it('--team and --employee filter what is reported, not what is computed', () => {
    const full = run();
    const t = run({ team: '华东一组' });
    expect(t.employees.map((e) => e.id)).toEqual(['S001', 'S002']);
    expect(t.teams.map((x) => x.id)).toEqual(['华东一组']);
    expect(t.company).toEqual(full.company);
    const e = run({ employee: 'S002' });
    expect(e.employees.map((x) => [x.id, x.rank])).toEqual([['S002', 3]]);
    expect(e.teams.map((x) => x.id)).toEqual(['华东一组']);
    expect(e.teams[0]).toEqual(full.teams[0]);
  });

  it('with --as-of inside P, actuals are measured over P.start..asOf with P\'s own related periods', () => {
    const m = fake();
    const r = scorePeriod({ plan: P, dataset: D, measurer: m, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: day(2024, 8, 15) });
    expect(r.period).toBe(Q3);
    expect(r.asOf).toBe(day(2024, 8, 15));
    for (const c of m.calls) {
      expect(c.period.start).toBe(Q3.start);
      expect(c.period.end).toBe(day(2024, 8, 15));
    }
    // targets are still P's (S001's 2024Q3 row applies)
    expect(r.employees.find((x) => x.id === 'S001')!.kpis[0].target).toBe(1_500_000);
    const m2 = fake();
    scorePeriod({ plan: P, dataset: D, measurer: m2, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: day(2024, 12, 1) });
    expect(m2.calls.every((c) => c.period === Q3)).toBe(true);
  });

  it('a period-specific row applies only to its period', () => {
    const r = run({ period: AUG });
    expect(r.employees.find((x) => x.id === 'S001')!.kpis[0]).toMatchObject({ target: 1_200_000, targetSource: 'kpi' });
  });

  it('an employee with no rows is measured over no members; measurer warnings are passed on', () => {
    const ds = dataset([person('S001', 'A', 'sales')]);
    ds.people.push(person('S009', 'A', 'sales')); // on the roster, never in the data
    const m = new FakeMeasurer().set('employee:S009', { revenue: 0, new_customers: 0 });
    m.warnings = [{ code: 'unattributed_complaint', severity: 'warning', message: '2 complaints could not be attributed' }];
    const r = scorePeriod({ plan: P, dataset: ds, measurer: m, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
    expect(m.calls.find((c) => c.entity.id === 'S009')!.entity.members).toEqual([]);
    const s9 = r.employees.find((x) => x.id === 'S009')!;
    expect(s9.kpis[0]).toMatchObject({ actual: 0, achievement: 0, score: 0 });
    expect(s9.score).toBe(0);
    expect(s9.rating).toBe('D');
    expect(r.warnings.map((w) => w.code)).toEqual(['unattributed_complaint']);
  });
});

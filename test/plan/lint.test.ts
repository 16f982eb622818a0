import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlanText } from '../../src/plan/load.js';
import { lintPlan } from '../../src/plan/lint.js';
import { isMetric } from '../../src/engine/metrics/registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = readFileSync(path.join(here, 'fixtures', 'example.yaml'), 'utf8');

function lint(text: string, people?: { id: string; team?: string }[]) {
  const r = loadPlanText(text, '/p/kpi.yaml', 'kpi.yaml');
  expect(r.diagnostics).toEqual([]);
  return lintPlan(r.plan!, isMetric, { locate: r.locate, file: 'kpi.yaml', ...(people ? { people } : {}) });
}
const codes = (ds: { code: string; severity: string; column?: string; line?: number }[]) =>
  ds.map((d) => `${d.severity} ${d.code} ${d.column} @${d.line}`);

describe('lintPlan', () => {
  it('the §3 example is clean', () => {
    expect(lint(example)).toEqual([]);
  });

  it('unknown metrics everywhere, with line:col', () => {
    const text = example
      .replace('{ metric: new_customers, target: 15, weight: 30 }', '{ metric: new_customer, target: 15, weight: 30 }')
      .replace('type: commission, base: revenue,', 'type: commission, base: revenu,')
      .replace('{ type: per_unit, metric: new_customers,', '{ type: per_unit, metric: newcust,')
      .replace('when: { metric: lost_big_customers,', 'when: { metric: lost_big,')
      .replace('{ type: threshold_bonus, metric: csat,', '{ type: threshold_bonus, metric: cast,')
      .replace('{ team: 华东一组, metric: new_customers,', '{ team: 华东一组, metric: nc,');
    const ds = lint(text);
    expect(codes(ds)).toEqual([
      'error plan_unknown_metric roles.sales.kpis[1].metric @38',
      'error plan_unknown_metric roles.sales.payout[0].base @41',
      'error plan_unknown_metric roles.sales.payout[1].metric @43',
      'error plan_unknown_metric roles.sales.payout[3].when.metric @46',
      'error plan_unknown_metric roles.service.payout[0].metric @54',
      'error plan_unknown_metric targets[1].metric @60',
    ]);
    expect(ds[0].message).toBe('unknown metric "new_customer" (see `kpi metrics` for the catalogue)');
    expect(ds[0].col).toBe(example.split('\n')[37].indexOf('new_customers') + 1);
    expect(ds[0].file).toBe('kpi.yaml');
  });

  it('tiers not ascending', () => {
    const text = example.replace('{ up_to: 500000, rate: "5%" }', '{ up_to: 100000, rate: "5%" }');
    const ds = lint(text);
    expect(codes(ds)).toEqual(['error plan_tiers_order roles.sales.payout[0].tiers[1] @42']);
    expect(ds[0].message).toBe('tier bounds must be ascending: 100000 does not exceed the previous 100000');
  });

  it('attainment tiers not ascending, and their base must be a KPI', () => {
    const text = example.replace(
      'tiers: [ { up_to: 100000, rate: "3%" }, { up_to: 500000, rate: "5%" }, { rate: "7%" } ]',
      'tiers: [ { up_to_achievement: "120%", rate: "3%" }, { up_to_achievement: 1, rate: "5%" }, { rate: "7%" } ]',
    ).replace('type: commission, base: revenue,', 'type: commission, base: gross_profit,');
    expect(codes(lint(text))).toEqual([
      'error plan_metric_not_kpi roles.sales.payout[0].base @41',
      'error plan_tiers_order roles.sales.payout[0].tiers[1] @42',
    ]);
  });

  it('curve points not ascending', () => {
    const text = example.replace('{ score: 100, pct: 1.0 }, { score: 150, pct: 1.5 }', '{ score: 150, pct: 1.0 }, { score: 100, pct: 1.5 }');
    const ds = lint(text);
    expect(codes(ds)).toEqual(['error plan_curve_order roles.sales.payout[2].curve[2] @45']);
    expect(ds[0].message).toBe('curve points must be ascending: 100 does not exceed the previous 150');
  });

  it('threshold above cap → warning', () => {
    const text = example.replace('threshold: "60%", cap: "150%"', 'threshold: "130%", cap: "120%"');
    const ds = lint(text);
    expect(codes(ds)).toEqual(['warning plan_threshold_above_cap roles.sales.kpis[0].threshold @37']);
    expect(ds[0].message).toBe('threshold 130% is above cap 120%: the KPI scores either 0 or the cap');
  });

  it('weights not summing to 100 → warning', () => {
    const text = example.replace('{ metric: new_customers, target: 15, weight: 30 }', '{ metric: new_customers, target: 15, weight: 35 }');
    const ds = lint(text);
    expect(codes(ds)).toEqual(['warning plan_weights_sum roles.sales.kpis @37']);
    expect(ds[0].message).toBe('weights of role "sales" sum to 105, not 100 (they are used as relative weights)');
  });

  it('omitted weights (all 1) are equal weights and not warned', () => {
    const text = example.replace(', weight: 40 }', ' }').replace(', weight: 30 }\n      - { metric: avg', ' }\n      - { metric: avg')
      .replace('{ metric: avg_first_response_hours, target: 4, weight: 30 }', '{ metric: avg_first_response_hours, target: 4 }');
    expect(codes(lint(text))).toEqual([]);
  });

  it('a role with no KPIs → warning', () => {
    const text = example.replace('roles:\n  sales:', 'roles:\n  intern: { kpis: [] }\n  sales:');
    expect(codes(lint(text))).toEqual(['warning plan_role_no_kpis roles.intern @34']);
  });

  it('targets naming unknown employees, teams or roles → warning', () => {
    const text = example.replace('{ employee: S001,', '{ employee: S999,')
      .replace('  - { team: 华东一组, metric: new_customers, target: 20 }\n',
        '  - { team: 华东二组, metric: new_customers, target: 20 }\n  - { role: manager, metric: revenue, target: 1 }\n');
    const ds = lint(text);
    expect(codes(ds)).toEqual([
      'warning plan_unknown_target_ref targets[0].employee @59',
      'warning plan_unknown_target_ref targets[1].team @60',
      'warning plan_unknown_target_ref targets[2].role @61',
    ]);
    expect(ds[0].message).toBe('target for unknown employee "S999"');
  });

  it('target refs are checked against a given roster; an empty roster skips the check', () => {
    const text = example.replace('{ employee: S001,', '{ employee: S999,');
    expect(codes(lint(text, [{ id: 'S999', team: '华东一组' }]))).toEqual([]);
    expect(codes(lint(text, []))).toEqual([]);
  });

  it('a person whose role is not defined → error; unknown default_role → warning', () => {
    const text = example.replace('role: service, base_salary: 8000', 'role: support, base_salary: 8000').replace('default_role: sales', 'default_role: rep');
    const ds = lint(text);
    expect(codes(ds)).toEqual([
      'warning plan_default_role_unknown default_role @27',
      'error plan_unknown_role people[1].role @31',
    ]);
    expect(ds[1].message).toBe('person C001 has role "support", which is not in roles (sales, service)');
  });

  it('score_bonus on an achievement basis needs a known KPI metric', () => {
    const text = example.replace('{ type: score_bonus, target_amount: 5000,', '{ type: score_bonus, target_amount: 5000, basis: { achievement: gross_profit },')
      .replace('{ score: 60, pct: 0 }, { score: 100, pct: 1.0 }, { score: 150, pct: 1.5 }', '{ achievement: 60, pct: 0 }, { achievement: 100, pct: 1.0 }');
    expect(codes(lint(text))).toEqual(['error plan_metric_not_kpi roles.sales.payout[2].basis.achievement @44']);
  });

  it('ratings out of order → warning', () => {
    const text = example.replace('{ min_score: 100, label: A }', '{ min_score: 120, label: A }');
    expect(codes(lint(text))).toEqual(['warning plan_ratings_order ratings[1] @64']);
    const t2 = example.replace('{ min_score: 80,  label: B }', '{ label: B }');
    expect(codes(lint(t2))).toEqual(['warning plan_ratings_order ratings[2] @65']);
  });

  it('works without locate (no line/col) and uses the plan file by default', () => {
    const r = loadPlanText(example.replace('weight: 30 }', 'weight: 31 }'), '/p/kpi.yaml');
    const ds = lintPlan(r.plan!, isMetric);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'plan_weights_sum', file: '/p/kpi.yaml', column: 'roles.sales.kpis' });
    expect(ds[0].line).toBeUndefined();
  });
});

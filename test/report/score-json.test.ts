import { describe, it, expect } from 'vitest';
import { renderScoreJson } from '../../src/report/score-json.js';
import { makeResult } from './fixtures.js';

const opts = { lang: 'zh' as const, currency: 'CNY' };

describe('kpi.score/1 JSON', () => {
  const text = renderScoreJson(makeResult(), opts);
  const doc = JSON.parse(text);
  const emp = (id: string) => doc.employees.find((e: { id: string }) => e.id === id);
  const kpi = (id: string, m: string) => emp(id).kpis.find((k: { metric: string }) => k.metric === m);

  it('has the documented top-level shape in a stable key order', () => {
    expect(Object.keys(doc)).toEqual(['schema', 'period', 'prior', 'last_year', 'as_of', 'currency', 'language', 'employees', 'teams', 'company', 'warnings']);
    expect(doc.schema).toBe('kpi.score/1');
    expect(doc.period).toEqual({ id: '2024Q3', start: '2024-07-01', end: '2024-09-30' });
    expect(doc.prior).toEqual({ id: '2024Q2', start: '2024-04-01', end: '2024-06-30' });
    expect(doc.last_year.id).toBe('2023Q3');
    expect(doc.as_of).toBeNull();
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "schema": "kpi.score/1",\n')).toBe(true);
    expect(Object.keys(emp('S001'))).toEqual(['id', 'name', 'team', 'role', 'proration', 'score', 'rating', 'rank', 'kpis']);
    expect(Object.keys(kpi('S001', 'revenue'))).toEqual(['metric', 'name', 'unit', 'direction', 'actual', 'target', 'target_source',
      'prorated', 'weight', 'threshold', 'cap', 'achievement', 'score', 'met', 'missing', 'missing_policy', 'variance', 'explanation']);
  });

  it('rounds money values to cents half-up on the decimal text, keeps ratios at full precision', () => {
    expect(kpi('S001', 'revenue').actual).toBe(1234567.89);
    expect(kpi('S002', 'revenue').actual).toBe(980000.01); // 980000.005 → .01, not .00
    expect(kpi('S001', 'revenue').achievement).toBe(1234567.891 / 1500000);
    expect(kpi('S001', 'revenue').name).toBe('销售额');
    expect(kpi('S001', 'revenue').unit).toBe('money');
    expect(kpi('S001', 'churn_rate').direction).toBe('down');
    expect(kpi('S001', 'churn_rate').actual).toBe(0.125); // a fraction, not 12.5
    expect(kpi('C002', 'csat').actual).toBe(7 / 9);
    const v = kpi('S001', 'revenue').variance;
    expect(v.gap).toBe(-265432.11);
    expect(v.last_year).toEqual({ period: '2023Q3', actual: 980000.13 });
    expect(v.bridge).toEqual({ new_customers: 120000, lost_customers: -90000, existing_customers: 104567.89, other: 0 });
    expect(Object.keys(v)).toEqual(['gap', 'gap_pct', 'threshold_cleared', 'prior', 'last_year', 'bridge', 'volume_effect', 'price_effect', 'top_movers']);
  });

  it('writes null for no value and flags missing and prorated KPIs', () => {
    const churn = kpi('S002', 'churn_rate');
    expect(churn.actual).toBeNull();
    expect(churn.achievement).toBeNull();
    expect(churn.score).toBeNull();
    expect(churn.met).toBeNull();
    expect(churn.missing).toBe(true);
    expect(kpi('C002', 'avg_first_response_hours')).toMatchObject({ actual: null, score: 0, missing: true, missing_policy: 'zero' });
    expect(kpi('S002', 'revenue').prorated).toBe(true);
    expect(emp('S002').proration).toBe(0.75);
    expect(kpi('S003', 'new_customers').variance).toBeNull();
    expect(kpi('S003', 'revenue').achievement).toBeCloseTo(-0.0102879, 6); // negative, not floored
    expect(kpi('S003', 'revenue').score).toBe(0);
  });

  it('lists teams, company and warnings with every field present', () => {
    expect(doc.teams.map((t: { id: string; role: string }) => `${t.id}/${t.role}`)).toEqual(['华东一组/sales', '华南组/sales', '客服部/service']);
    expect(doc.teams[0].members).toEqual(['S001', 'S002']);
    expect(doc.company.kpis).toHaveLength(6);
    expect(doc.company.kpis[0].actual).toBe(2202222.4); // 1234567.891 + 980000.005 − 12345.5 = 2202222.396
    expect(doc.warnings[0]).toEqual({ code: 'unknown_employee', severity: 'warning', message: '员工 S099 不在花名册中,按默认岗位 sales 计',
      file: 'data/sales.csv', sheet: null, row: 12, column: '业务员', value: 'S099', line: null, col: null });
    expect(doc.warnings[1].file).toBeNull();
  });

  it('is byte-identical across runs and uses English names with lang en', () => {
    expect(renderScoreJson(makeResult(), opts)).toBe(text);
    const en = JSON.parse(renderScoreJson(makeResult(), { lang: 'en', currency: 'CNY' }));
    expect(en.employees[0].kpis[0].name).toBe('Revenue');
    const custom = JSON.parse(renderScoreJson(makeResult(), { ...opts, metricName: (id) => `<${id}>` }));
    expect(custom.employees[0].kpis[0].name).toBe('<revenue>');
  });
});

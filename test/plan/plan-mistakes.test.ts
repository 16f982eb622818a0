/**
 * Plan mistakes that used to be accepted silently or reported badly (QA of the plan loader):
 * each must be a diagnostic with the plan path and line:col — most of them errors, because a plan
 * that pays people wrong without a word is the worst outcome.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlanText } from '../../src/plan/load.js';
import { lintPlan } from '../../src/plan/lint.js';
import { isMetric, METRICS } from '../../src/engine/metrics/registry.js';
import { closest } from '../../src/plan/suggest.js';
import { findJsonError } from '../../src/plan/json-error.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const example = readFileSync(path.join(here, 'fixtures', 'example.yaml'), 'utf8');
const sample = readFileSync(path.join(here, '..', '..', 'fixtures', 'sample', 'kpi.yaml'), 'utf8');

const load = (text: string, file = '/p/kpi.yaml') => loadPlanText(text, file, path.basename(file));
const lint = (text: string) => {
  const r = load(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lintPlan(r.plan!, isMetric, { locate: r.locate, file: 'kpi.yaml', metricNames: METRICS });
};
/** Line:col (1-based) of the n-th occurrence of needle. */
function where(text: string, needle: string, nth = 1): { line: number; col: number } {
  let off = -1;
  for (let k = 0; k < nth; k++) off = text.indexOf(needle, off + 1);
  if (off < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, off).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}
const swap = (text: string, a: string, b: string) => {
  if (!text.includes(a)) throw new Error(`no ${a}`);
  return text.replace(a, b);
};

describe('plan mistakes', () => {
  it('the sample and the §3 example stay clean', () => {
    expect(load(sample).diagnostics).toEqual([]);
    expect(load(example).diagnostics).toEqual([]);
  });

  it('1. a person id listed twice in people: is an error naming both lines', () => {
    const text = swap(sample, '  - { id: C005,', '  - { id: C004, name: 冯雪2, team: 客服部, role: service, base_salary: 7000 }\n  - { id: C005,');
    const r = load(text);
    expect(r.plan).toBeNull();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    const a = where(text, '{ id: C004'), b = where(text, '{ id: C004', 2);
    expect(d).toMatchObject({ code: 'plan_duplicate_person', severity: 'error', column: 'people[14].id', line: b.line });
    expect(d.message).toContain(`on lines ${a.line} and ${b.line}`);
    expect(d.message).toContain('person C004 is listed twice');
  });

  describe('2. bare numbers where a rate is meant', () => {
    const cases: [string, string, string, string][] = [
      ['ratio KPI target 85', '{ metric: csat, target: "85%"', '{ metric: csat, target: 85', 'roles.service.kpis[0].target'],
      ['commission rate 1', '{ up_to: 500000, rate: "1%" }', '{ up_to: 500000, rate: 1 }', 'roles.sales.payout[0].tiers[0].rate'],
      ['cap 150', 'cap: "150%"', 'cap: 150', 'roles.sales.kpis[0].cap'],
      ['threshold 60', 'threshold: "60%"', 'threshold: 60', 'roles.sales.kpis[0].threshold'],
      ['team target row on a ratio metric', '{ team: 华东一组, metric: new_customers, target: 4 }', '{ team: 客服部, metric: csat, target: 85 }', 'targets[1].target'],
      ['employee target row on a ratio metric', '{ employee: S001, period: 2024Q3, metric: revenue, target: 1500000 }', '{ employee: S001, period: 2024Q3, metric: churn_rate, target: 20 }', 'targets[0].target'],
      ['pct of base salary 10', 'pct_of_base_salary: "10%"', 'pct_of_base_salary: 10', 'roles.sales.payout[3].pct_of_base_salary'],
      ['curve pct 150', '{ score: 150, pct: 1.5 }', '{ score: 150, pct: 150 }', 'roles.sales.payout[2].curve[2].pct'],
      ['threshold_bonus bound on csat', 'at_least: "85%", amount: 1000', 'at_least: 85, amount: 1000', 'roles.service.payout[0].at_least'],
    ];
    for (const [name, a, b, p] of cases) {
      it(name, () => {
        const r = load(swap(sample, a, b));
        expect(r.plan).toBeNull();
        expect(r.diagnostics.map((d) => [d.code, d.column])).toEqual([['plan_ambiguous_number', p]]);
        expect(r.diagnostics[0].message).toMatch(/did you mean "\d+%"\?/);
      });
    }
    it('the message says what the bare number would mean', () => {
      const r = load(swap(sample, '{ metric: csat, target: "85%"', '{ metric: csat, target: 85'));
      expect(r.diagnostics[0].message).toBe('csat is a rate: the bare number 85 would mean 8500%; did you mean "85%"? Write a fraction (0.85) or a percentage ("85%"); a rate beyond 100% only as a percentage ("120%")');
    });
    it('fractions, percentages and plain counts still load', () => {
      const text = swap(swap(swap(sample, '{ metric: csat, target: "85%"', '{ metric: csat, target: 0.85'),
        'cap: "150%"', 'cap: 1.5'), '{ up_to: 500000, rate: "1%" }', '{ up_to: 500000, rate: 0.01 }');
      const r = load(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.plan!.roles.service.kpis[0].target).toBe(0.85);
      expect(r.plan!.roles.sales.kpis[0].cap).toBe(1.5);
      // A percentage string may go past 100%: "120%" as a ratio target, "100%" as a rate.
      expect(load(swap(sample, '{ metric: csat, target: "85%"', '{ metric: csat, target: "120%"')).diagnostics).toEqual([]);
      expect(load(swap(sample, '{ up_to: 500000, rate: "1%" }', '{ up_to: 500000, rate: "100%" }')).diagnostics).toEqual([]);
    });
  });

  it('3. an alias without its anchor is plan_syntax at the alias (it crashed)', () => {
    const text = swap(sample, '  - { id: C005,', '  - *nope\n  - { id: C005,');
    const r = load(text);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_syntax', ...where(text, '*nope'),
      message: 'invalid YAML: alias *nope has no anchor &nope before it' })]);
  });

  it('4. a JSON trailing comma is reported at the comma', () => {
    const text = '{\n  "sources": { "sales": { "path": "s.csv" } },\n  "roles": { "sales": { "kpis": [\n    { "metric": "revenue" },\n  ] } }\n}\n';
    const r = load(text, '/p/kpi.json');
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_syntax', line: 4, col: 28 })]);
    expect(r.diagnostics[0].message).toContain('trailing comma');
    expect(findJsonError('{"a": 1,}')).toEqual({ offset: 7, message: expect.stringContaining('trailing comma') });
    expect(findJsonError('{"a": [1, 2]}')).toBeNull();
  });

  describe('5. columns: keys must be fields of the export', () => {
    it('a typo gets a did-you-mean at the key (it was an exit-3 missing_column)', () => {
      const text = swap(sample, '      amount: 金额', '      amout: 金额');
      const r = load(text);
      expect(r.plan).toBeNull();
      expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_unknown_field', column: 'sources.sales.columns.amout', ...where(text, 'amout') })]);
      expect(r.diagnostics[0].message).toContain('"amout" is not a field of the sales export; did you mean "amount"?');
    });
    it('an unknown key lists the fields (it was ignored)', () => {
      const r = load(swap(sample, '      amount: 金额', '      amount: 金额\n      foo: 客户名称'));
      expect(r.diagnostics.map((d) => d.code)).toEqual(['plan_unknown_field']);
      expect(r.diagnostics[0].message).toContain('fields: order_id, date, customer_id');
    });
    it('a header written as the key names its field', () => {
      const r = load(swap(sample, '      amount: 金额', '      金额: 金额'));
      expect(r.diagnostics[0].message).toContain('did you mean "amount"?');
    });
    it('a join may fill a key for a later join', () => {
      const r = load(swap(sample, '    exclude: { status: [已取消, cancelled] }', `    join:
      - { path: a.csv, on: order_id, columns: { order_customer: 下单客户 } }
      - { path: b.csv, on: { left: order_customer, right: 下单客户 }, columns: { customer_id: 客户编号 } }`));
      expect(r.diagnostics).toEqual([]);
    });
  });

  it('6. cap must be above 0 and threshold at least 0', () => {
    const r = load(swap(sample, 'threshold: "60%", cap: "150%"', 'threshold: "-10%", cap: "-150%"'));
    expect(r.diagnostics.map((d) => [d.code, d.column])).toEqual([
      ['plan_invalid', 'roles.sales.kpis[0].threshold'], ['plan_invalid', 'roles.sales.kpis[0].cap']]);
    expect(r.diagnostics[1].message).toContain('expected a cap above 0');
    expect(load(swap(sample, 'cap: "150%"', 'cap: 0')).diagnostics).toHaveLength(1);
  });

  it('7. a bound on the last commission tier is an error', () => {
    const text = swap(sample, '{ up_to: 1200000, rate: "2%" }, { rate: "3%" } ]', '{ up_to: 1200000, rate: "2%" } ]');
    const r = load(text);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_invalid', column: 'roles.sales.payout[0].tiers[1].up_to' })]);
    expect(r.diagnostics[0].message).toContain('the last tier has no bound');
    expect(r.diagnostics[0].message).toContain('everything above 1200000 would earn nothing');
  });

  describe('8. duplicates', () => {
    it('the same metric twice in a role', () => {
      const text = swap(sample, '      - { metric: churn_rate,', '      - { metric: new_customers, target: 5, weight: 20 }\n      - { metric: churn_rate,');
      const ds = lint(text).filter((d) => d.severity === 'error');
      expect(ds).toEqual([expect.objectContaining({ code: 'plan_duplicate_kpi', column: 'roles.sales.kpis[2].metric' })]);
      expect(ds[0].message).toContain(`already a KPI of role "sales" (kpis[1], line ${where(text, 'metric: new_customers').line})`);
    });
    it('two target rows for the same person, period and metric with different values', () => {
      const text = swap(sample, '  - { team: 华东一组,', '  - { employee: S001, period: 2024Q3, metric: revenue, target: 150000 }\n  - { team: 华东一组,');
      const ds = lint(text).filter((d) => d.severity === 'error');
      expect(ds).toEqual([expect.objectContaining({ code: 'plan_duplicate_target', column: 'targets[1]' })]);
      expect(ds[0].message).toBe(`targets[1] and targets[0] (line ${where(text, '{ employee: S001').line}) both give employee S001's revenue target for 2024Q3: 150000 and 1500000; keep one`);
    });
    it('the same row twice with the same value, or for another period, is fine', () => {
      const same = swap(sample, '  - { team: 华东一组,', '  - { employee: S001, period: 2024Q3, metric: revenue, target: 1500000 }\n  - { team: 华东一组,');
      expect(lint(same).filter((d) => d.severity === 'error')).toEqual([]);
      const other = swap(sample, '  - { team: 华东一组,', '  - { employee: S001, metric: revenue, target: 1000000 }\n  - { team: 华东一组,');
      expect(lint(other).filter((d) => d.severity === 'error')).toEqual([]);
    });
  });

  describe('9. weights', () => {
    it('one KPI without a weight among weighted ones', () => {
      const r = load(swap(sample, '{ metric: new_customers, target: 3, weight: 20 }', '{ metric: new_customers, target: 3 }'));
      expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_invalid', column: 'roles.sales.kpis[1]' })]);
      expect(r.diagnostics[0].message).toContain('KPI new_customers has no weight while the other KPIs of role "sales" have one');
    });
    it('no weights at all: equal weights, as before', () => {
      const r = load('sources: { sales: { path: s.csv } }\nroles: { sales: { kpis: [ { metric: revenue }, { metric: orders } ] } }\n');
      expect(r.diagnostics).toEqual([]);
      expect(r.plan!.roles.sales.kpis.map((k) => k.weight)).toEqual([1, 1]);
    });
    it('every weight 0', () => {
      const text = sample.replace(/(metric: (csat|resolution_rate|avg_first_response_hours|sla_breach_rate), target: [^,]+, )weight: \d+/g, '$1weight: 0');
      const r = load(text);
      expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_invalid', column: 'roles.service.kpis' })]);
      expect(r.diagnostics[0].message).toContain('every KPI of role "service" has weight 0');
    });
  });

  describe('10. targets in the metric\'s unit', () => {
    it('money targets take amounts as the exports write them', () => {
      for (const t of ['120万', '"120万"', '"¥1,200,000"', '"1,200,000"']) {
        const r = load(swap(sample, '{ metric: revenue, target: 1200000,', `{ metric: revenue, target: ${t},`));
        expect(r.diagnostics, t).toEqual([]);
        expect(r.plan!.roles.sales.kpis[0].target, t).toBe(1200000);
      }
    });
    it('a percentage on a money or count metric says what the metric takes', () => {
      const r = load(swap(sample, '{ metric: revenue, target: 1200000,', '{ metric: revenue, target: "85%",'));
      expect(r.diagnostics[0].message).toBe('revenue is an amount, not a rate: expected a number such as 1200000 (or "120万", "¥1,200,000"), got "85%"');
      const c = load(swap(sample, '{ metric: new_customers, target: 3,', '{ metric: new_customers, target: "3%",'));
      expect(c.diagnostics[0].message).toBe('new_customers is a count, not a rate: expected a number, got "3%"');
    });
    it('a money form on a ratio metric is not taken', () => {
      const r = load(swap(sample, '{ metric: csat, target: "85%"', '{ metric: csat, target: 85万'));
      expect(r.diagnostics[0].message).toBe('csat is a rate: expected a fraction (0.85) or a percentage ("85%"), got "85万"');
    });
  });

  describe('11. did you mean', () => {
    it('keys, payout types and sources', () => {
      const msg = (a: string, b: string) => load(swap(sample, a, b)).diagnostics[0].message;
      expect(msg('target: 3, weight: 20', 'target: 3, weigth: 20')).toBe('unknown key "weigth"; did you mean "weight"?');
      expect(msg('    kpis:', '    kpi:')).toBe('unknown key "kpi"; did you mean "kpis"?');
      expect(msg('type: commission,', 'type: comission,')).toContain('did you mean "commission"?');
      expect(msg('  sales:\n    path:', '  sale:\n    path:')).toBe('unknown key "sale"; did you mean "sales"?');
    });
    it('metrics by id and by their catalogue name, roles', () => {
      const msg = (a: string, b: string) => lint(swap(sample, a, b)).find((d) => d.severity === 'error')!.message;
      expect(msg('{ metric: revenue, target', '{ metric: revenu, target')).toBe('unknown metric "revenu"; did you mean "revenue"? (see `kpi metrics` for the catalogue)');
      expect(msg('{ metric: revenue, target', '{ metric: 销售额, target'))
        .toBe('unknown metric "销售额": that is the name of "revenue"; the plan uses metric ids, write metric: revenue (see `kpi metrics` for the catalogue)');
      expect(msg('role: sales, base_salary: 12000, start_date: 2021-03-01', 'role: salse, base_salary: 12000, start_date: 2021-03-01'))
        .toContain('did you mean "sales"?');
    });
    it('duplicate YAML keys name the key and its path', () => {
      const text = swap(sample, 'target: 3, weight: 20', 'target: 3, weight: 20, weight: 30');
      const r = load(text);
      expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'plan_syntax', ...where(text, 'weight: 30'),
        message: `duplicate key "weight" in roles.sales.kpis[1] (first given at ${where(text, 'weight: 20').line}:${where(text, 'weight: 20').col}): keys must be unique in a mapping` })]);
    });
    it('closest() stays quiet when nothing is close or two are equally close', () => {
      expect(closest('foo', ['amount', 'date'])).toBeUndefined();
      expect(closest('salse', ['sales', 'service'])).toBe('sales');
      expect(closest('ab', ['ac', 'ad'])).toBeUndefined();
    });
  });

  it('12. a plan target for a metric the role does not use is a warning', () => {
    const text = swap(sample, '{ employee: S001, period: 2024Q3, metric: revenue,', '{ employee: S001, period: 2024Q3, metric: nps,');
    const ds = lint(text);
    expect(ds.filter((d) => d.code === 'plan_target_not_kpi')).toEqual([expect.objectContaining({
      severity: 'warning', column: 'targets[0].metric',
      message: 'target for nps, which is not a KPI of role "sales" (S001\'s role): the row is never used' })]);
    // The sample's own team row (new_customers for a sales team) is used: no warning.
    expect(lint(sample).filter((d) => d.code === 'plan_target_not_kpi')).toEqual([]);
    // A misspelt KPI metric is an error already; its target rows get no warning on top.
    const typo = swap(sample, '{ metric: revenue, target', '{ metric: revenu, target');
    const r = load(typo);
    expect(lintPlan(r.plan!, isMetric, { locate: r.locate, metricNames: METRICS }).map((d) => d.code)).toEqual(['plan_unknown_metric']);
  });
});

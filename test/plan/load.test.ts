import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlan, loadPlanText, formatPlanPath } from '../../src/plan/load.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { parseIsoDay } from '../../src/engine/calendar.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const examplePath = path.join(here, 'fixtures', 'example.yaml');
const example = readFileSync(examplePath, 'utf8');

/** Line/col (1-based) of the first occurrence of `needle` in `text` (after `after` if given). */
function where(text: string, needle: string, after = ''): { line: number; col: number } {
  const off = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (off < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, off).split('\n');
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

const load = (text: string, file = '/plans/kpi.yaml') => loadPlanText(text, file, path.basename(file));

describe('the §3 example plan', () => {
  it('loads from disk without diagnostics', async () => {
    const r = await loadPlan(examplePath, 'example.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.plan).not.toBeNull();
    expect(r.text).toBe(example);
  });

  const { plan, diagnostics } = load(example);
  it('has no diagnostics', () => expect(diagnostics).toEqual([]));
  const p = plan!;

  it('top level and defaults', () => {
    expect(p.file).toBe('/plans/kpi.yaml');
    expect(p.dir).toBe('/plans');
    expect(p.company).toBe('示例贸易有限公司');
    expect(p.currency).toBe('CNY');
    expect(p.language).toBe('zh');
    expect(p.calendar).toEqual({ fiscalYearStartMonth: 1 });
    expect(p.segments).toEqual({ bigCustomerMinAnnualRevenue: 1_000_000 });
    expect(p.survey).toEqual({ csatScale: 5, minSample: 30 });
    expect(p.service).toEqual({ slaHours: 48 });
    expect(p.defaultRole).toBe('sales');
  });

  it('sources resolve relative to the plan folder', () => {
    expect(p.sources.sales).toEqual({
      path: '/plans/data/sales.csv', displayPath: 'data/sales.csv', encoding: 'auto', dateFormat: 'auto',
      files: [{ path: '/plans/data/sales.csv', displayPath: 'data/sales.csv' }],
      delimiter: 'auto', columns: { order_id: '订单编号', date: '下单日期' },
      exclude: { status: ['已取消', 'cancelled'] },
      join: [{
        path: '/plans/data/orders.csv', displayPath: 'data/orders.csv', encoding: 'auto', dateFormat: 'auto',
        delimiter: 'auto', on: { left: 'order_id', right: 'order_id' },
        columns: { customer_id: '客户编号', date: '下单日期' },
      }],
    });
    expect(p.sources.complaints?.sheet).toBe('投诉记录');
    expect(p.sources.complaints?.path).toBe('/plans/data/complaints.xlsx');
    expect(p.sources.surveys?.displayPath).toBe('data/surveys.csv');
    expect(p.sources.targets?.path).toBe('/plans/data/targets.xlsx');
    expect(p.sources.people?.path).toBe('/plans/data/people.csv');
  });

  it('people: ids text, salary exact, dates as days', () => {
    expect(p.people).toEqual([
      { id: 'S001', name: '张伟', team: '华东一组', role: 'sales', baseSalary: '12000', start: parseIsoDay('2023-01-01') },
      { id: 'C001', name: '李娜', team: '客服部', role: 'service', baseSalary: '8000' },
    ]);
  });

  it('KPIs: percent strings become fractions, defaults filled', () => {
    expect(p.roles.sales.name).toBe('sales');
    expect(p.roles.sales.complaintsBy).toBe('account_owner');
    expect(p.roles.sales.kpis).toEqual([
      { metric: 'revenue', target: 1200000, weight: 50, threshold: 0.6, cap: 1.5, missing: 'skip' },
      { metric: 'new_customers', target: 15, weight: 30, threshold: 0, cap: 1.2, missing: 'skip' },
      { metric: 'churn_rate', target: 0.1, weight: 20, threshold: 0, cap: 1.2, missing: 'skip' },
    ]);
    expect(p.roles.service.complaintsBy).toBe('handler');
    expect(p.roles.service.kpis.map((k) => [k.metric, k.target, k.weight])).toEqual([
      ['csat', 0.85, 40], ['resolution_rate', 0.9, 30], ['avg_first_response_hours', 4, 30],
    ]);
  });

  it('payout components with exact decimal strings', () => {
    expect(p.roles.sales.payout).toEqual([
      { type: 'commission', base: 'revenue', mode: 'marginal', tiers: [
        { upTo: '100000', upToAchievement: null, rate: '0.03' },
        { upTo: '500000', upToAchievement: null, rate: '0.05' },
        { upTo: null, upToAchievement: null, rate: '0.07' },
      ] },
      { type: 'per_unit', metric: 'new_customers', amount: '500' },
      { type: 'score_bonus', targetAmount: '5000', basis: { kind: 'score' },
        curve: [{ x: 60, pct: '0' }, { x: 100, pct: '1' }, { x: 150, pct: '1.5' }] },
      { type: 'penalty', when: { metric: 'lost_big_customers', atLeast: 1 }, pctOfBaseSalary: '0.1' },
    ]);
    expect(p.roles.service.payout).toEqual([
      { type: 'threshold_bonus', metric: 'csat', atLeast: 0.85, amount: '1000' },
      { type: 'per_event', event: 'complaint_resolved_satisfied', amount: '200' },
      { type: 'per_event', event: 'complaint_escalated', amount: '-300' },
    ]);
  });

  it('targets carry canonical periods and their line:col', () => {
    expect(p.targets).toEqual([
      { employee: 'S001', period: '2024Q3', metric: 'revenue', target: 1500000, ...where(example, '{ employee: S001') },
      { team: '华东一组', metric: 'new_customers', target: 20, ...where(example, '{ team: 华东一组') },
    ]);
    expect(p.targets[0].line).toBe(59);
  });

  it('ratings as written', () => {
    expect(p.ratings).toEqual([
      { minScore: 110, label: 'S' }, { minScore: 100, label: 'A' }, { minScore: 80, label: 'B' },
      { minScore: 60, label: 'C' }, { minScore: null, label: 'D' },
    ]);
  });
});

const minimal = (extra = '') => `sources:\n  sales: { path: s.csv }\nroles:\n  sales:\n    kpis:\n      - { metric: revenue, target: 100 }\n${extra}`;

describe('defaults and conversions', () => {
  it('a minimal plan gets every default', () => {
    const { plan, diagnostics } = load(minimal());
    expect(diagnostics).toEqual([]);
    expect(plan!.version).toBe(1);
    expect(plan!.company).toBe('');
    expect(plan!.currency).toBe('CNY');
    // No language: the run's language comes from --lang, then LANG, then zh (cli/lang.ts).
    expect(plan!.language).toBeUndefined();
    expect(plan!.defaultRole).toBeNull();
    expect(plan!.people).toEqual([]);
    expect(plan!.targets).toEqual([]);
    expect(plan!.roles.sales).toEqual({ name: 'sales', complaintsBy: 'account_owner', payout: [],
      kpis: [{ metric: 'revenue', target: 100, weight: 1, threshold: 0, cap: 1.2, missing: 'skip' }] });
    expect(plan!.ratings.map((r) => `${r.label}${r.minScore ?? ''}`)).toEqual(['S110', 'A100', 'B80', 'C60', 'D']);
    expect(plan!.sources.sales).toMatchObject({ encoding: 'auto', dateFormat: 'auto', delimiter: 'auto', columns: {}, exclude: {}, join: [] });
  });

  it('money keeps its source text; percents are exact', () => {
    const { plan, diagnostics } = load(minimal(`    payout:
      - { type: commission, base: revenue, mode: flat, tiers: [ { up_to: 0.1, rate: 0.1 }, { up_to: "1,000,000.50", rate: "33.3%" }, { rate: 0.123456789012345678 } ] }
      - { type: per_unit, metric: revenue, amount: "¥1,234.50", min: 0, max: 1e3 }
      - { type: penalty, when: { metric: revenue, at_most: "8.5%" }, amount: 200.10 }
    payout_cap: 50000
    payout_floor: "-1000"
`));
    expect(diagnostics).toEqual([]);
    const [c, u, pen] = plan!.roles.sales.payout;
    expect(c).toEqual({ type: 'commission', base: 'revenue', mode: 'flat', tiers: [
      { upTo: '0.1', upToAchievement: null, rate: '0.1' },
      { upTo: '1000000.5', upToAchievement: null, rate: '0.333' },
      { upTo: null, upToAchievement: null, rate: '0.123456789012345678' },
    ] });
    expect(u).toEqual({ type: 'per_unit', metric: 'revenue', amount: '1234.5', min: '0', max: '1000' });
    expect(pen).toEqual({ type: 'penalty', when: { metric: 'revenue', atMost: 0.085 }, amount: '200.1' });
    expect(plan!.roles.sales.payoutCap).toBe('50000');
    expect(plan!.roles.sales.payoutFloor).toBe('-1000');
  });

  it('source options: join on left/right, delimiters, encodings, a single exclude value', () => {
    const { plan, diagnostics } = load(`sources:
  sales:
    path: ../exports/sales.tsv
    delimiter: tab
    encoding: gbk
    date_format: DMY
    exclude: { status: cancelled, code: [0, 9] }
    join:
      - { path: /abs/orders.xlsx, sheet: 2, on: { left: order_id, right: 订单号 } }
  complaints: { path: c.csv, delimiter: ";", encoding: utf-8 }
roles: { sales: { kpis: [ { metric: revenue } ] } }
`);
    expect(diagnostics).toEqual([]);
    const s = plan!.sources.sales;
    expect(s.path).toBe('/exports/sales.tsv');
    expect(s.displayPath).toBe('../exports/sales.tsv');
    expect(s.delimiter).toBe('\t');
    expect(s.encoding).toBe('gb18030');
    expect(s.dateFormat).toBe('DMY');
    expect(s.exclude).toEqual({ status: ['cancelled'], code: ['0', '9'] });
    expect(s.join[0]).toMatchObject({ path: '/abs/orders.xlsx', sheet: '2', on: { left: 'order_id', right: '订单号' } });
    expect(plan!.sources.complaints).toMatchObject({ delimiter: ';', encoding: 'utf8' });
    expect(plan!.roles.sales.kpis[0].target).toBeNull();
  });

  it('score_bonus on an achievement basis: x in percent', () => {
    const { plan, diagnostics } = load(minimal(`    payout:
      - { type: score_bonus, target_amount: 5000, basis: { achievement: revenue }, max: 8000,
          curve: [ { achievement: "80%", pct: 0 }, { achievement: 100, pct: "100%" }, { achievement_pct: 120, pct: 1.5 } ] }
`));
    expect(diagnostics).toEqual([]);
    expect(plan!.roles.sales.payout[0]).toEqual({
      type: 'score_bonus', targetAmount: '5000', basis: { kind: 'achievement', metric: 'revenue' }, max: '8000',
      curve: [{ x: 80, pct: '0' }, { x: 100, pct: '1' }, { x: 120, pct: '1.5' }],
    });
  });

  it('attainment tiers', () => {
    const { plan, diagnostics } = load(minimal(`    payout:
      - { type: commission, base: revenue, tiers: [ { up_to_achievement: "100%", rate: "2%" }, { up_to_achievement: 1.2, rate: "4%" }, { rate: "6%" } ] }
`));
    expect(diagnostics).toEqual([]);
    const c = plan!.roles.sales.payout[0];
    expect(c.type === 'commission' && c.tiers.map((t) => [t.upToAchievement, t.rate])).toEqual([[1, '0.02'], [1.2, '0.04'], [null, '0.06']]);
  });

  it('fiscal start moves target periods; quoted and unquoted dates both work', () => {
    const { plan, diagnostics } = load(`calendar: { fiscal_year_start_month: 4 }
sources: { sales: { path: s.csv } }
people:
  - { id: "00123", start_date: "2024-07-24", end_date: 2024/12/31 }
  - { id: 1001 }
roles: { sales: { kpis: [ { metric: revenue } ] } }
targets:
  - { role: sales, period: 2024q1, metric: revenue, target: "1,200,000" }
  - { employee: "00123", period: 2024, metric: revenue, target: 5 }
`);
    expect(diagnostics).toEqual([]);
    expect(plan!.calendar.fiscalYearStartMonth).toBe(4);
    expect(plan!.people).toEqual([
      { id: '00123', start: parseIsoDay('2024-07-24'), end: parseIsoDay('2024-12-31') },
      { id: '1001' },
    ]);
    expect(plan!.targets.map((t) => [t.role ?? t.employee, t.period, t.target])).toEqual([
      ['sales', '2024Q1', 1200000], ['00123', '2024', 5],
    ]);
  });

  it('YAML 1.1 timestamps (Date objects) become the same calendar day in any TZ', () => {
    const { plan, diagnostics } = load(`%YAML 1.1
---
sources: { sales: { path: s.csv } }
people:
  - { id: A, start_date: 2024-07-24, end_date: 2024-12-31 }
  - { id: 00123 }
roles: { sales: { kpis: [ { metric: revenue } ] } }
`);
    expect(diagnostics.map((d) => d.message)).toEqual(['expected an id as text: the unquoted 00123 reads as the number 83; write it quoted, "00123"']);
    expect(plan).toBeNull();
    const ok = load(`%YAML 1.1\n---\nsources: { sales: { path: s.csv } }\npeople: [ { id: A, start_date: 2024-07-24 } ]\nroles: { sales: { kpis: [] } }\n`);
    expect(ok.plan!.people[0].start).toBe(parseIsoDay('2024-07-24'));
  });

  it('a UTF-8 BOM is ignored', () => {
    const { plan, diagnostics, text } = load('\ufeff' + minimal());
    expect(diagnostics).toEqual([]);
    expect(plan).not.toBeNull();
    expect(text!.charCodeAt(0)).not.toBe(0xfeff);
  });
});

describe('syntax errors', () => {
  it('YAML syntax error → plan_syntax at its line:col', () => {
    const text = 'sources:\n  sales: { path: s.csv\nroles: {}\n';
    const { plan, diagnostics } = load(text);
    expect(plan).toBeNull();
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_syntax', severity: 'error', file: 'kpi.yaml', line: 3, col: 1 });
  });

  it('bad indentation', () => {
    const text = 'sources:\n  sales:\n    path: a.csv\n   sheet: x\n';
    const { diagnostics } = load(text);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_syntax', line: 4 });
  });

  it('duplicate keys are a syntax error', () => {
    const text = minimal('currency: CNY\ncurrency: USD\n');
    const { diagnostics } = load(text);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_syntax', line: 8, col: 1 });
    expect(diagnostics[0].message).toMatch(/unique/i);
  });

  it('JSON syntax error → plan_syntax at the position JSON.parse reports', () => {
    const text = '{\n  "sources": { "sales": { "path": "s.csv" } },\n  "roles": { "sales": { "kpis": [] } }\n  "ratings": []\n}\n';
    const { plan, diagnostics } = load(text, '/p/kpi.json');
    expect(plan).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_syntax', file: 'kpi.json', line: 4, col: 3 });
    expect(diagnostics[0].message).toBe("invalid JSON: Expected ',' or '}' after property value");
  });

  it('an empty plan', () => {
    expect(load('# nothing here\n').diagnostics[0]).toMatchObject({ code: 'plan_invalid', message: 'the plan is empty' });
  });
});

describe('a source of several files', () => {
  it('path: a list and patterns, resolved against the plan folder, in plan order', () => {
    const text = minimal().replace('sales: { path: s.csv }', 'sales: { path: [data/s-2023.csv, "data/s-2024-*.csv"] }');
    const { plan, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(plan!.sources.sales!.files).toEqual([
      { path: '/plans/data/s-2023.csv', displayPath: 'data/s-2023.csv' },
      { path: '/plans/data/s-2024-*.csv', displayPath: 'data/s-2024-*.csv' },
    ]);
    expect(plan!.sources.sales!.path).toBe('/plans/data/s-2023.csv');
  });
  it('sheet: one name stays `sheet`; a list or a pattern is `sheets`', () => {
    const one = load(minimal().replace('sales: { path: s.csv }', 'sales: { path: s.xlsx, sheet: 销售 }')).plan!.sources.sales!;
    expect([one.sheet, one.sheets]).toEqual(['销售', undefined]);
    const list = load(minimal().replace('sales: { path: s.csv }', 'sales: { path: s.xlsx, sheet: [7月, 8月] }')).plan!.sources.sales!;
    expect([list.sheet, list.sheets]).toEqual([undefined, ['7月', '8月']]);
    const pat = load(minimal().replace('sales: { path: s.csv }', 'sales: { path: s.xlsx, sheet: "*月" }')).plan!.sources.sales!;
    expect([pat.sheet, pat.sheets]).toEqual([undefined, ['*月']]);
    const bad = load(minimal().replace('sales: { path: s.csv }', 'sales: { path: s.csv }\n  people: { path: p.xlsx, sheet: [a, b] }'));
    expect(bad.diagnostics[0]).toMatchObject({ code: 'plan_invalid', column: 'sources.people.sheet' });
  });
  it('targets and people read one file', () => {
    for (const bad of ['[t1.csv, t2.csv]', '"t-*.csv"']) {
      const { plan, diagnostics } = load(minimal().replace('sales: { path: s.csv }', `sales: { path: s.csv }\n  targets: { path: ${bad} }`));
      expect(plan).toBeNull();
      expect(diagnostics[0]).toMatchObject({ code: 'plan_invalid', column: 'sources.targets.path' });
      expect(diagnostics[0].message).toContain('sources.targets reads one file');
    }
  });
});

describe('columns: a sum of headers', () => {
  it('amount and cost of sales only; the first header is the column, the others are added', () => {
    const ok = load(minimal().replace('sales: { path: s.csv }', 'sales: { path: s.csv, columns: { amount: [货款, 运费, 保价费], cost: 进价 } }'));
    expect(ok.diagnostics).toEqual([]);
    expect(ok.plan!.sources.sales!.columns).toMatchObject({ amount: '货款', cost: '进价' });
    expect(ok.plan!.sources.sales!.sums).toEqual({ amount: ['运费', '保价费'] });
    for (const bad of ['sales: { path: s.csv, columns: { order_id: [a, b] } }', 'sales: { path: s.csv }\n  surveys: { path: v.csv, columns: { nps: [a, b] } }',
      'sales: { path: s.csv, join: [{ path: o.csv, on: order_id, columns: { amount: [a, b] } }] }']) {
      const r = load(minimal().replace('sales: { path: s.csv }', bad));
      expect(r.plan, bad).toBeNull();
      expect(r.diagnostics[0].code, bad).toBe('plan_invalid');
    }
  });
});

describe('header_row', () => {
  it('is kept on sources and joins; absent means the first non-blank row', () => {
    const text = minimal().replace('sales: { path: s.csv }',
      'sales: { path: s.csv, header_row: 3, join: [{ path: o.xlsx, on: order_id, header_row: 2 }] }');
    const { plan, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(plan!.sources.sales.headerRow).toBe(3);
    expect(plan!.sources.sales.join[0].headerRow).toBe(2);
    expect('headerRow' in load(minimal()).plan!.sources.sales).toBe(false);
  });
  it('must be a whole number from 1', () => {
    for (const bad of ['0', '1.5', '"two"']) {
      const text = minimal().replace('sales: { path: s.csv }', `sales: { path: s.csv, header_row: ${bad} }`);
      const { plan, diagnostics } = load(text);
      expect(plan).toBeNull();
      expect(diagnostics[0]).toMatchObject({ code: 'plan_invalid', column: 'sources.sales.header_row', line: 2 });
    }
  });
});

describe('validation errors name path, line and column', () => {
  it('weight: heavy (the §3 example message)', () => {
    const text = example.replace('{ metric: churn_rate, target: "10%", weight: 20 }', '{ metric: churn_rate, target: "10%", weight: heavy }');
    const { plan, diagnostics } = load(text);
    expect(plan).toBeNull();
    expect(diagnostics).toHaveLength(1);
    const d = diagnostics[0];
    const at = where(text, 'heavy');
    expect(at.line).toBe(39);
    expect(d).toMatchObject({ code: 'plan_invalid', severity: 'error', file: 'kpi.yaml', column: 'roles.sales.kpis[2].weight', ...at });
    expect(d.message).toBe('expected a number, got "heavy"');
    expect(formatDiagnostic(d)).toBe(`error[plan_invalid] kpi.yaml:39:${at.col} roles.sales.kpis[2].weight: expected a number, got "heavy"`);
  });

  it('an unquoted 00123 id says to quote it', () => {
    const text = example.replace('{ id: S001,', '{ id: 00123,');
    const { plan, diagnostics } = load(text);
    expect(plan).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_invalid', column: 'people[0].id', ...where(text, '00123') });
    expect(diagnostics[0].message).toContain('"00123"');
    expect(diagnostics[0].message).toContain('quote');
  });

  it('an unquoted 00123 employee in targets too', () => {
    const text = example.replace('{ employee: S001,', '{ employee: 00123,');
    const { diagnostics } = load(text);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_invalid', column: 'targets[0].employee', ...where(text, '00123') });
  });

  it('unknown keys point at the key', () => {
    const text = example.replace('{ metric: new_customers, target: 15, weight: 30 }', '{ metric: new_customers, target: 15, wieght: 30 }');
    const { diagnostics } = load(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_invalid', column: 'roles.sales.kpis[1].wieght', message: 'unknown key "wieght"; did you mean "weight"?', ...where(text, 'wieght') });
  });

  it('unknown payout type lists the types', () => {
    const text = example.replace('{ type: per_unit,', '{ type: per_unicorn,');
    const { diagnostics } = load(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ column: 'roles.sales.payout[1].type', ...where(text, 'per_unicorn') });
    expect(diagnostics[0].message).toBe('unknown type "per_unicorn": expected one of commission, per_unit, threshold_bonus, score_bonus, per_event, penalty');
  });

  it('a missing required key points at its parent', () => {
    const text = example.replace('{ type: per_unit, metric: new_customers, amount: 500 }', '{ type: per_unit, metric: new_customers }');
    const { diagnostics } = load(text);
    expect(diagnostics[0]).toMatchObject({ column: 'roles.sales.payout[1].amount', message: 'missing required key "amount"', ...where(text, '{ type: per_unit') });
  });

  it('bad enum, bad percent, bad date, bad period, several at once in file order', () => {
    const text = minimal(`language: fr
people:
  - { id: A1, start_date: 2024-02-30 }
targets:
  - { role: sales, period: 2024Q5, metric: revenue, target: lots }
`).replace('target: 100 }', 'target: 100, threshold: "sixty%" }');
    const { diagnostics } = load(text);
    expect(diagnostics.map((d) => [d.column, d.line])).toEqual([
      ['roles.sales.kpis[0].threshold', 6],
      ['language', 7],
      ['targets[0].target', 11],
    ]);
    expect(diagnostics[0].message).toBe('expected a fraction (0.85) or a percentage ("85%"), got "sixty%"');
    expect(diagnostics[1].message).toBe('expected "zh" | "en", got "fr"');
    // Normalisation-stage errors appear once the shape is right.
    const t2 = text.replace(', threshold: "sixty%"', '').replace('language: fr', 'language: en').replace('target: lots', 'target: 5');
    const r2 = load(t2);
    expect(r2.diagnostics.map((d) => [d.column, d.message])).toEqual([
      ['people[0].start_date', 'expected a date like 2024-07-01, got "2024-02-30"'],
      ['targets[0].period', 'expected a period like 2024Q3, 2024-07, 2024-W27 or 2024-07-01..2024-09-30, got "2024Q5"'],
    ]);
  });

  it('target rows need exactly one of employee/team/role', () => {
    const { diagnostics } = load(minimal('targets:\n  - { metric: revenue, target: 1 }\n  - { employee: A, team: T, metric: revenue, target: 1 }\n'));
    expect(diagnostics.map((d) => [d.column, d.line, d.message])).toEqual([
      ['targets[0]', 8, 'expected one of employee, team or role'],
      ['targets[1]', 9, 'expected only one of employee, team or role, got employee and team'],
    ]);
  });

  it('payout shape rules (schema stage)', () => {
    const { diagnostics } = load(minimal(`    payout:
      - { type: per_event, event: complaint_opened, amount: 5 }
      - { type: commission, base: revenue, tiers: [] }
`));
    expect(diagnostics.map((d) => [d.column, d.message])).toEqual([
      ['roles.sales.payout[0].event', 'expected "complaint_resolved_satisfied" | "complaint_escalated", got "complaint_opened"'],
      ['roles.sales.payout[1].tiers', 'expected at least one tier, got an empty list'],
    ]);
  });

  it('payout shape rules (normalisation stage)', () => {
    const { plan, diagnostics } = load(minimal(`    payout:
      - { type: commission, base: revenue, tiers: [ { rate: "1%" }, { up_to: 5, rate: "2%" } ] }
      - { type: commission, base: revenue, tiers: [ { up_to: 5, rate: "1%" }, { up_to_achievement: 1, rate: "2%" } ] }
      - { type: penalty, when: { metric: revenue }, amount: 5, pct_of_base_salary: "1%" }
      - { type: threshold_bonus, metric: csat, amount: 5 }
      - { type: score_bonus, target_amount: 5, curve: [ { achievement: 1, pct: 0 } ] }
`));
    expect(plan).toBeNull();
    expect(diagnostics.map((d) => [d.column, d.message])).toEqual([
      ['roles.sales.payout[0].tiers[0]', 'only the last tier may leave out its bound (up_to or up_to_achievement)'],
      ['roles.sales.payout[0].tiers[1].up_to', expect.stringContaining('the last tier has no bound')],
      ['roles.sales.payout[1].tiers', 'expected tiers bounded all by up_to (amount) or all by up_to_achievement, not a mix'],
      ['roles.sales.payout[1].tiers[1].up_to_achievement', expect.stringContaining('the last tier has no bound')],
      ['roles.sales.payout[2]', 'expected exactly one of pct_of_base_salary or amount'],
      ['roles.sales.payout[2].when', 'expected at_least or at_most'],
      ['roles.sales.payout[3]', 'expected at_least or at_most'],
      ['roles.sales.payout[4].curve[0].achievement', 'basis is the score: write curve points as { score: 100, pct: 1 }, got achievement'],
    ]);
  });

  it('sources.sales and roles are required', () => {
    const { diagnostics } = load('company: x\n');
    expect(diagnostics.map((d) => [d.column, d.message])).toEqual([
      ['sources', 'missing required key "sources"'],
      ['roles', 'missing required key "roles"'],
    ]);
    expect(diagnostics[0]).toMatchObject({ line: 1, col: 1 });
  });
});

describe('JSON plans', () => {
  const json = JSON.stringify({
    version: 1, company: 'ACME', language: 'en',
    sources: { sales: { path: 'data/sales.csv', join: [{ path: 'o.csv', on: 'order_id' }] } },
    people: [{ id: 'S1', team: 'T1', role: 'sales', base_salary: 1000.5 }],
    roles: { sales: { kpis: [{ metric: 'revenue', target: 1000, weight: 'heavy' }], payout: [{ type: 'per_unit', metric: 'orders', amount: 0.1 }] } },
  }, null, 2);

  it('validates with line:col', () => {
    const { plan, diagnostics } = load(json, '/x/plan.json');
    expect(plan).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'plan_invalid', file: 'plan.json', column: 'roles.sales.kpis[0].weight', ...where(json, '"heavy"') });
  });

  it('loads and normalises', () => {
    const { plan, diagnostics } = load(json.replace('"heavy"', '40'), '/x/plan.json');
    expect(diagnostics).toEqual([]);
    expect(plan!.language).toBe('en');
    expect(plan!.sources.sales.path).toBe('/x/data/sales.csv');
    expect(plan!.sources.sales.join[0].on).toEqual({ left: 'order_id', right: 'order_id' });
    expect(plan!.people[0].baseSalary).toBe('1000.5');
    expect(plan!.roles.sales.kpis[0].weight).toBe(40);
    expect(plan!.roles.sales.payout[0]).toEqual({ type: 'per_unit', metric: 'orders', amount: '0.1' });
  });

  it('tab-indented JSON', () => {
    const { plan, diagnostics } = load(JSON.stringify(JSON.parse(json.replace('"heavy"', '40')), null, '\t'), '/x/plan.json');
    expect(diagnostics).toEqual([]);
    expect(plan).not.toBeNull();
  });
});

describe('loadPlan (file)', () => {
  it('a missing file → plan_not_found', async () => {
    const r = await loadPlan(path.join(here, 'fixtures', 'nope.yaml'), 'nope.yaml');
    expect(r.plan).toBeNull();
    expect(r.diagnostics).toMatchObject([{ code: 'plan_not_found', severity: 'error', file: 'nope.yaml' }]);
  });
});

it('formatPlanPath', () => {
  expect(formatPlanPath(['roles', 'sales', 'kpis', 2, 'weight'])).toBe('roles.sales.kpis[2].weight');
  expect(formatPlanPath(['targets', 0])).toBe('targets[0]');
});

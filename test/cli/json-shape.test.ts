/** JSON details scripts rely on: a teamless employee, and one warning shape for score and payout. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kpi } from './run.js';

describe('kpi metrics --format json', () => {
  it('is the catalogue of §5 with snake_case keys', () => {
    const r = kpi(['metrics', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('kpi.metrics/1');
    expect(doc.metrics).toHaveLength(28);
    expect(Object.keys(doc.metrics[0])).toEqual(['id', 'zh', 'en', 'family', 'unit', 'direction', 'additive', 'formula_zh', 'formula_en']);
    expect(doc.metrics[0]).toMatchObject({ id: 'revenue', zh: '销售额', unit: 'money', direction: 'up', additive: true });
  });
});

describe('JSON of score and payout', () => {
  it('an employee found only in the data has team null and no team line; warnings have one shape', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpi-js-'));
    writeFileSync(path.join(dir, 'sales.csv'), '订单号,日期,客户,业务员,金额\nO1,2024-07-01,C1,S1,100\nO2,2024-07-02,C2,S9,50\n');
    writeFileSync(path.join(dir, 'kpi.yaml'), [
      'version: 1', 'company: T', 'language: en', 'default_role: sales', 'sources: { sales: { path: sales.csv } }',
      'people: [ { id: S1, name: A, team: T1, role: sales } ]',
      'roles: { sales: { kpis: [ { metric: revenue, target: 100 } ], payout: [ { type: per_unit, metric: new_customers, amount: 10 } ] } }', ''].join('\n'));
    const s = kpi(['score', '--period', '2024Q3', '--format', 'json'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    const score = JSON.parse(s.stdout);
    expect(score.employees.find((e: { id: string }) => e.id === 'S9').team).toBeNull();
    expect(score.teams.map((t: { id: string }) => t.id)).toEqual(['T1']);
    const p = kpi(['payout', '--period', '2024Q3', '--format', 'json'], { cwd: dir });
    expect(p.code, p.stderr).toBe(0);
    const payout = JSON.parse(p.stdout);
    expect(payout.employees.find((e: { id: string }) => e.id === 'S9')).toMatchObject({ team: null, total: 10 });
    const w = (doc: { warnings: { code: string }[] }) => doc.warnings.find((x) => x.code === 'unknown_employee');
    expect(Object.keys(w(payout)!)).toEqual(Object.keys(w(score)!));
    expect(w(payout)).toEqual(w(score));
  });
});

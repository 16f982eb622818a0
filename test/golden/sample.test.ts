/**
 * Golden files for the sample company, 2024Q3: the score and payout JSON, the terminal tables,
 * one explanation, and text dumps of both workbooks. They live in fixtures/golden/ and were read
 * by a person; regenerate with `KPI_UPDATE_GOLDEN=1 npx vitest run test/golden` and review the
 * diff before committing. Key figures are also checked against the sample generator's own
 * independent sums (fixtures/sample/expected-facts.json).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { kpi, ROOT } from '../cli/run.js';
import { xlsxText } from './xlsx-text.js';

const GOLDEN = path.join(ROOT, 'fixtures', 'golden');
const UPDATE = process.env.KPI_UPDATE_GOLDEN === '1';
const facts = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'sample', 'expected-facts.json'), 'utf8'));

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function run(args: string[]): string {
  const r = kpi(args, { env: { NO_COLOR: '1', TZ: 'America/New_York' } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('sample company 2024Q3 golden files', () => {
  const scoreJson = run(['score', '--demo', '--period', '2024Q3', '--format', 'json']);
  const payoutJson = run(['payout', '--demo', '--period', '2024Q3', '--format', 'json']);

  it('score JSON', () => golden('score-2024Q3.json', scoreJson));
  it('payout JSON', () => golden('payout-2024Q3.json', payoutJson));
  it('score table', () => golden('score-2024Q3.txt', run(['score', '--demo', '--period', '2024Q3'])));
  it('payout table', () => golden('payout-2024Q3.txt', run(['payout', '--demo', '--period', '2024Q3'])));
  it('explain S001 (zh) and S007 (en, as of 2024-08-15)', () => {
    golden('explain-S001-2024Q3.txt', run(['explain', 'S001', '--demo', '--period', '2024Q3']));
    golden('explain-S007-2024Q3-asof.en.txt', run(['explain', 'S007', '--demo', '--period', '2024Q3', '--lang', 'en', '--as-of', '2024-08-15']));
  });
  it('score and payout workbooks (cell dumps)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-golden-'));
    run(['score', '--demo', '--period', '2024Q3', '--out', path.join(dir, 's.xlsx')]);
    run(['payout', '--demo', '--period', '2024Q3', '--out', path.join(dir, 'p.xlsx')]);
    golden('score-2024Q3.xlsx.txt', await xlsxText(readFileSync(path.join(dir, 's.xlsx'))));
    golden('payout-2024Q3.xlsx.txt', await xlsxText(readFileSync(path.join(dir, 'p.xlsx'))));
  });

  it('revenue per employee and for the company equals the generator\'s independent sums', () => {
    const doc = JSON.parse(scoreJson);
    for (const [id, want] of Object.entries(facts.sales.revenue_2024Q3 as Record<string, number>)) {
      const e = doc.employees.find((x: { id: string }) => x.id === id);
      expect(e.kpis.find((k: { metric: string }) => k.metric === 'revenue').actual, id).toBeCloseTo(want, 2);
    }
    const company = doc.company.kpis.find((k: { metric: string }) => k.metric === 'revenue');
    expect(company.actual).toBeCloseTo(facts.sales.company_revenue_2024Q3, 2);
  });

  it('payout totals reconcile: Σ components = total, Σ totals = grand total (in cents)', () => {
    const doc = JSON.parse(payoutJson);
    const cents = (x: number) => Math.round(x * 100);
    let grand = 0;
    for (const e of doc.employees) {
      const sum = e.components.reduce((s: number, c: { amount: number }) => s + cents(c.amount), 0);
      expect(sum, e.id).toBe(cents(e.total));
      grand += cents(e.total);
    }
    expect(grand).toBe(cents(doc.total));
  });
});

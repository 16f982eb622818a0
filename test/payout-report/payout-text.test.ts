import { describe, it, expect } from 'vitest';
import { Chalk } from 'chalk';
import Papa from 'papaparse';
import Decimal from 'decimal.js';
import { renderPayoutTable, formatMoneyText } from '../../src/report/payout-table.js';
import { renderPayoutJson, centsText, moneyNumber } from '../../src/report/payout-json.js';
import { renderPayoutCsv } from '../../src/report/payout-csv.js';
import { RESULT, GRAND_TOTAL } from './fixtures.js';

const plain = new Chalk({ level: 0 });

describe('money text', () => {
  it('formats from the decimal string', () => {
    expect(formatMoneyText('1234.5', 'CNY')).toBe('¥1,234.50');
    expect(formatMoneyText('-1200.00', 'CNY')).toBe('-¥1,200.00');
    expect(formatMoneyText('0.10', 'USD')).toBe('$0.10');
    expect(formatMoneyText('-0.00', 'CNY')).toBe('¥0.00');
    expect(formatMoneyText('123456789012.34', 'CNY')).toBe('¥123,456,789,012.34');
  });
  it('turns amounts into JSON numbers by parsing the text', () => {
    expect(moneyNumber('13000.00')).toBe(13000);
    expect(moneyNumber('0.10')).toBe(0.1);
    expect(moneyNumber('-60.02')).toBe(-60.02);
    expect(moneyNumber('-0.00')).toBe(0);
    expect(Object.is(moneyNumber('-0.00'), -0)).toBe(false);
    expect(centsText('7')).toBe('7.00');
    expect(() => centsText('1.005')).toThrow();
    expect(() => centsText('1e3')).toThrow();
  });
});

describe('payout table', () => {
  const text = renderPayoutTable(RESULT, { color: plain, lang: 'en' });
  it('has no escape codes at level 0 and one table per role', () => {
    expect(text).not.toMatch(/\u001b/);
    expect(text.match(/Subtotal/g)?.length).toBe(3);
  });
  it('shows every amount with 2 decimals and the grand total', () => {
    expect(text).toContain('¥13,000.00');
    expect(text).toContain('¥1,406.25');
    expect(text).toContain('-¥60.02');
    expect(text).toContain('-¥4,800.00');
    expect(text).toContain('Grand total: ¥110,406.25 (7 employees)');
    // sales subtotal: 18,700 + 5,306.25 + 40,000 + 0
    expect(text).toContain('¥64,006.25');
    expect(text).toMatch(/S004.*¥60\.02.*¥0\.00/);
  });
  it('colours negatives when colour is on', () => {
    const c = renderPayoutTable(RESULT, { color: new Chalk({ level: 1 }), lang: 'zh' });
    expect(c).toMatch(/\u001b\[31m-¥1,200\.00/);
    expect(c).toContain('总计');
  });
});

describe('payout json', () => {
  const doc = JSON.parse(renderPayoutJson(RESULT));
  it('has the kpi.payout/1 shape with stable key order', () => {
    expect(Object.keys(doc)).toEqual(['schema', 'period', 'currency', 'employees', 'total', 'warnings']);
    expect(doc.schema).toBe('kpi.payout/1');
    expect(doc.period).toEqual({ id: '2024Q3', start: '2024-07-01', end: '2024-09-30' });
    expect(Object.keys(doc.employees[0])).toEqual(['id', 'name', 'team', 'role', 'score', 'components', 'total']);
    expect(Object.keys(doc.employees[0].components[0])).toEqual(['type', 'name', 'basis', 'amount']);
    expect(doc.employees[0].components.map((c: { amount: number }) => c.amount)).toEqual([13000, 3000, 3900, -1200]);
    expect(doc.employees[1].components[2].amount).toBe(1406.25);
    expect(doc.employees[2].components[4]).toMatchObject({ type: 'cap_adjustment', amount: -4800 });
    expect(doc.employees[6].score).toBeNull();
    expect(doc.total).toBe(110406.25);
    // The same warning shape as kpi.score/1's: every key, null when absent.
    expect(doc.warnings[0]).toEqual({ code: 'unknown_employee', severity: 'warning', message: 'employee X9 is not in the roster',
      file: 'data/sales.csv', sheet: null, row: 12, column: null, value: null, line: null, col: null });
  });
  it('is byte-identical run to run', () => {
    expect(renderPayoutJson(RESULT)).toBe(renderPayoutJson(RESULT));
  });
});

describe('payroll csv', () => {
  const text = renderPayoutCsv(RESULT);
  it('has a BOM, CRLF, the payroll columns and exact 2-decimal amounts', () => {
    expect(text.startsWith('\uFEFFemployee_id,name,team,currency,amount\r\n')).toBe(true);
    expect(text).toContain('S002,王芳,华东一组,CNY,5306.25\r\n');
    expect(text).toContain('S004,韩梅梅,华东二组,CNY,0.00\r\n');
    expect(text.endsWith('C002,陈静,客服部,CNY,600.00\r\n')).toBe(true);
  });
  it('neutralises formula-like text', () => {
    expect(text).toContain("S003,'-李雷,华东二组,CNY,40000.00");
  });
});

describe('reconciliation: components → totals → grand total, in every format', () => {
  const sum = (xs: (string | number)[]): string => xs.reduce<Decimal>((s, x) => s.plus(String(x)), new Decimal(0)).toFixed(2);
  it('engine result (fixture) reconciles', () => {
    for (const e of RESULT.employees) expect(sum(e.components.map((c) => c.amount))).toBe(centsText(e.total));
    expect(sum(RESULT.employees.map((e) => e.total))).toBe(GRAND_TOTAL);
  });
  it('json reconciles', () => {
    const doc = JSON.parse(renderPayoutJson(RESULT));
    for (const e of doc.employees) expect(sum(e.components.map((c: { amount: number }) => c.amount))).toBe(sum([e.total]));
    expect(sum(doc.employees.map((e: { total: number }) => e.total))).toBe(sum([doc.total]));
  });
  it('csv reconciles to the grand total', () => {
    const rows = Papa.parse<string[]>(renderPayoutCsv(RESULT).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1);
    expect(rows).toHaveLength(7);
    expect(sum(rows.map((r) => r[4]))).toBe(GRAND_TOTAL);
  });
  it('table subtotals reconcile to the grand total', () => {
    const text = renderPayoutTable(RESULT, { color: plain, lang: 'en' });
    const subtotals = [...text.matchAll(/Subtotal[^\n]*?(-?)¥([\d,]+\.\d\d)\s*│\s*$/gm)].map((m) => m[1] + m[2].replace(/,/g, ''));
    expect(subtotals).toEqual(['64006.25', '43900.00', '2500.00']);
    expect(sum(subtotals)).toBe(GRAND_TOTAL);
  });
});

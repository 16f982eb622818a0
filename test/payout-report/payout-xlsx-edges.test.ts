import { describe, it, expect } from 'vitest';
import { buildPayoutSheets, renderPayoutXlsx } from '../../src/report/payout-xlsx.js';
import { renderStatementXlsx } from '../../src/report/statement-xlsx.js';
import type { PayoutResult } from '../../src/engine/types.js';
import { RESULT, PLAN, STATS, MANAGER, S001_SCORE, GRAND_TOTAL } from './fixtures.js';
import { readWorkbook, recalcSheet, dec, cachedFromXml } from './xlsx-read.js';

const opts = { lang: 'en' as const, plan: PLAN, inputs: STATS, planText: 'version: 1\n' };
const clone = <T>(x: T): T => structuredClone(x);

describe('payout workbook edge cases', () => {
  it('mirrors the engine when inputs are missing or noisy', async () => {
    const base = clone(RESULT.employees[4]);
    const L = base.components;
    const blank = { value: null, achievement: null, target: null, fired: false };
    // no gross profit value → 0
    Object.assign(L[0], { amount: '0.00', inputs: { ...L[0].inputs, ...blank } });
    // attainment tiers without a target → first tier's rate: 1,300,000 × 1% = 13,000; flat: × 0.5% = 6,500
    Object.assign(L[1], { amount: '13000.00', inputs: { ...L[1].inputs, target: null, achievement: null } });
    Object.assign(L[2], { amount: '6500.00', inputs: { ...L[2].inputs, target: null, achievement: null } });
    // no achievement → no bonus
    Object.assign(L[3], { amount: '0.00', inputs: { ...L[3].inputs, ...blank } });
    // no complaint rate → no bonus
    Object.assign(L[4], { amount: '0.00', inputs: { ...L[4].inputs, ...blank } });
    // 1 − 0.9 = 0.09999999999999998 counts as ≥ 10% (engine tolerance) → −500
    Object.assign(L[5], { amount: '-500.00', inputs: { ...L[5].inputs, value: '0.09999999999999998', fired: true } });
    const result: PayoutResult = { ...RESULT, employees: [{ ...base, total: '19000.00' }], total: '19000.00' };
    const built = buildPayoutSheets(result, opts);
    expect(built.notes).toEqual([]);
    const buf = await renderPayoutXlsx(result, opts);
    const cached = await cachedFromXml(buf);
    for (const c of recalcSheet(await readWorkbook(buf), 'Payout')) expect(dec(c.computed), c.addr).toBe(dec(Number(cached.get(c.addr))));
    expect(MANAGER).toHaveLength(6);
  });

  it('writes the engine amount as a value and reports it when a formula cannot reproduce it', async () => {
    const result = clone(RESULT);
    result.employees[0].components[0].amount = '13000.01';
    result.employees[0].total = '18700.01';
    result.total = '110406.26';
    const { payout, notes } = buildPayoutSheets(result, opts);
    expect(notes.map((n) => n.code)).toEqual(['payout_formula_mismatch']);
    const col = payout.columns.findIndex((c) => c.header === 'sales · commission on revenue');
    expect(payout.rows[0][col]).toMatchObject({ value: 13000.01 });
    expect(payout.rows[0][col].formula).toBeUndefined();
    const wb = await readWorkbook(await renderPayoutXlsx(result, opts));
    const dq: unknown[] = [];
    wb.getWorksheet('Data quality')!.eachRow((r) => dq.push(r.getCell(2).value));
    expect(dq).toContain('payout_formula_mismatch');
  });

  it('reconciles in the sheet: row totals, column totals, grand total', async () => {
    const buf = await renderPayoutXlsx(RESULT, opts);
    const cells = recalcSheet(await readWorkbook(buf), 'Payout');
    const { payout } = buildPayoutSheets(RESULT, opts);
    const totalCol = payout.columns.length;
    const totals = cells.filter((c) => c.col === totalCol).map((c) => dec(c.computed));
    expect(totals).toEqual([...RESULT.employees.map((e) => e.total), GRAND_TOTAL]);
  });
});

describe('statement', () => {
  it('holds one employee: header, KPIs, components and a SUM total cached at the engine total', async () => {
    const e = RESULT.employees[0];
    const buf = await renderStatementXlsx(e, S001_SCORE, { lang: 'en', period: RESULT.period, company: '示例贸易有限公司' });
    const wb = await readWorkbook(buf);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    const texts: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => texts.push(typeof c.value === 'object' && c.value !== null ? JSON.stringify(c.value) : String(c.value))));
    expect(texts).toContain('示例贸易有限公司');
    expect(texts).toContain('2024Q3 (2024-07-01 – 2024-09-30)');
    expect(texts).toContain('张伟');
    expect(texts).toContain('Revenue');
    expect(texts).toContain('91.2');
    expect(texts).toContain('B');
    expect(texts).toContain('300,000: 100,000 × 3% + 200,000 × 5%');
    expect(texts).not.toContain('王芳');
    const cells = recalcSheet(wb, ws.name);
    expect(cells).toHaveLength(1);
    expect(dec(cells[0].computed)).toBe('18700.00');
    expect(cells[0].cached).toBe(18700);
  });
  it('works without a score (no KPI block)', async () => {
    const e = RESULT.employees[6];
    const wb = await readWorkbook(await renderStatementXlsx(e, undefined, { lang: 'zh', period: RESULT.period }));
    const cells = recalcSheet(wb, wb.worksheets[0].name);
    expect(dec(cells[0].computed)).toBe('600.00');
  });

  it('Payout detail: a basis longer than its column wraps, in a row tall enough for it; inputs in their unit', async () => {
    const result = clone(RESULT);
    const long = 'x'.repeat(130);
    result.employees[0].components[0].basis = long;
    const wb = await readWorkbook(await renderPayoutXlsx(result, opts));
    const ws = wb.getWorksheet('Payout detail')!;
    const row = ws.getRow(2);
    expect(row.getCell(9).value).toBe(long);
    expect(row.getCell(9).alignment).toMatchObject({ wrapText: true });
    expect(row.height).toBe(15 * Math.ceil(132 / ws.getColumn(9).width!)); // 3 lines at width 50
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
    // The input value's format follows the rule: a commission base is money.
    expect(row.getCell(8).numFmt).toBe('#,##0.00');
  });
});

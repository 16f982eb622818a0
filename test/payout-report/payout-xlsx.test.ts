import { describe, it, expect } from 'vitest';
import { renderPayoutXlsx, buildPayoutSheets } from '../../src/report/payout-xlsx.js';
import { payoutJsonDocument } from '../../src/report/payout-json.js';
import { RESULT, PLAN, STATS } from './fixtures.js';
import { readWorkbook, recalcSheet, dec, cachedFromXml } from './xlsx-read.js';

const opts = { lang: 'en' as const, plan: PLAN, inputs: STATS, planText: 'version: 1\ncompany: 示例贸易有限公司\n' };

describe('payout workbook', () => {
  it('writes the five sheets', async () => {
    const wb = await readWorkbook(await renderPayoutXlsx(RESULT, opts));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Payout', 'Rules', 'Payout detail', 'Data quality', 'Inputs']);
  });

  it('every Payout formula recalculates independently to its cached value and the JSON amount', async () => {
    const buf = await renderPayoutXlsx(RESULT, opts);
    const wb = await readWorkbook(buf);
    const cells = recalcSheet(wb, 'Payout');
    const xmlCached = await cachedFromXml(buf);
    expect(cells.length).toBeGreaterThan(40);
    expect(xmlCached.size).toBe(cells.length);
    for (const c of cells) {
      const cached = xmlCached.get(c.addr)!;
      expect(cached, c.addr).not.toBe('');
      expect({ addr: c.addr, v: dec(c.computed) }).toEqual({ addr: c.addr, v: dec(Number(cached)) });
      if (c.cached !== undefined) expect(Number(cached)).toBe(c.cached);
    }
    // …and the cached values are the engine's amounts, as in JSON.
    const { cellOf } = buildPayoutSheets(RESULT, opts);
    const doc = payoutJsonDocument(RESULT) as { employees: { id: string; components: { amount: number }[]; total: number }[]; total: number };
    const byAddr = new Map(cells.map((c) => [`Payout!${c.addr}`, c]));
    let n = 0;
    for (const e of doc.employees) {
      e.components.forEach((comp, i) => {
        const c = byAddr.get(cellOf.get(`${e.id}|${i}`)!)!;
        expect(c, `${e.id} line ${i}`).toBeDefined();
        expect(dec(c.computed)).toBe(dec(comp.amount));
        n++;
      });
    }
    expect(n).toBe(30);
    // No formula was replaced by a value.
    const notes = buildPayoutSheets(RESULT, opts).notes;
    expect(notes).toEqual([]);
  });

  it('uses the expected formula shapes', async () => {
    const { payout } = buildPayoutSheets(RESULT, opts);
    const headers = payout.columns.map((c) => c.header);
    const f = (emp: number, header: string): string => payout.rows[emp][headers.indexOf(header)].formula!;
    expect(headers).toContain('sales · commission on revenue');
    const com = f(0, 'sales · commission on revenue');
    expect(com).toMatch(/^ROUND\(MIN\([A-Z]+2,0\)\*Rules!\$G\$2\+MIN\(MAX\([A-Z]+2,0\),Rules!\$F\$2\)\*Rules!\$G\$2\+/);
    expect(f(0, 'Total')).toMatch(/^ROUND\(SUM\([A-Z]+2:[A-Z]+2\),2\)$/);
    expect(f(4, 'manager · 毛利提成')).toMatch(/^MIN\(ROUND\(.*IF\(.*<=Rules!/);
    expect(f(0, 'sales · score bonus')).toContain('ISNUMBER(');
    expect(f(0, 'sales · cap adjustment')).toMatch(/^ROUND\(IF\(SUM\(/);
    // totals row
    expect(payout.rows[RESULT.employees.length][headers.indexOf('Total')]).toMatchObject({ result: 110406.25 });
    for (const row of payout.rows) for (const c of row) if (c.formula) expect(c.formula).not.toMatch(/"|[\u4e00-\u9fff]/);
  });

  it('caps S003 and floors S004 in the sheet', async () => {
    const { payout } = buildPayoutSheets(RESULT, opts);
    const cap = payout.columns.findIndex((c) => c.header === 'sales · cap adjustment');
    expect(payout.rows[2][cap].result).toBe(-4800);
    expect(payout.rows[3][cap].result).toBe(60.02);
    expect(payout.rows[0][cap].result).toBe(0);
  });

  it('neutralises formula-like text and keeps numbers numeric', async () => {
    const wb = await readWorkbook(await renderPayoutXlsx(RESULT, opts));
    const ws = wb.getWorksheet('Payout')!;
    expect(ws.getCell('B4').value).toBe("'-李雷");
    const rules = wb.getWorksheet('Rules')!;
    const texts: unknown[] = [];
    rules.eachRow((r) => r.eachCell((c) => texts.push(c.value)));
    expect(texts).toContain("'=HYPERLINK(\"x\")");
    const detail = wb.getWorksheet('Payout detail')!;
    expect(detail.getRow(1).values).toContain('Basis');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
  });

  it('same inputs give identical bytes', async () => {
    const a = await renderPayoutXlsx(RESULT, opts);
    const b = await renderPayoutXlsx(RESULT, opts);
    expect(a.equals(b)).toBe(true);
  });
});

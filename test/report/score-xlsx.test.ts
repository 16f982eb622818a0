import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { renderScoreXlsx, SCORE_SHEETS } from '../../src/report/score-xlsx.js';
import { makeResult, makeInputs, makeHostileResult, PLAN_TEXT } from './fixtures.js';
import { dumpXlsx, sheetFacts } from './xlsx-dump.js';

const opts = { lang: 'zh' as const, currency: 'CNY', inputs: makeInputs(), planText: PLAN_TEXT, planFile: 'kpi.yaml' };
const expectedPath = fileURLToPath(new URL('./expected/score-xlsx.zh.json', import.meta.url));

describe('score xlsx', () => {
  it('matches the reviewed cell dump (values + number formats + status fills)', async () => {
    const dump = await dumpXlsx(await renderScoreXlsx(makeResult(), opts));
    // UPDATE_EXPECTED=1 rewrites the expected dump; review the diff by eye before committing.
    if (process.env.UPDATE_EXPECTED || !existsSync(expectedPath)) writeFileSync(expectedPath, JSON.stringify(dump, null, 1) + '\n');
    expect(dump).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
  }, 30_000);

  it('has the five sheets with frozen headers, autofilter, widths and conditional formatting', async () => {
    const buf = await renderScoreXlsx(makeResult(), opts);
    const facts = (await sheetFacts(buf)) as Record<string, { views: { state: string; ySplit: number; xSplit?: number }[]; autoFilter: string; widths: number[]; cf: number }>;
    expect(Object.keys(facts)).toEqual([...SCORE_SHEETS]);
    // The header row, and on the wide sheets the columns saying whose row it is, stay in view.
    const frozenCols: Record<string, number> = { Summary: 4, Achievement: 3, Variance: 2 };
    for (const name of SCORE_SHEETS) {
      expect(facts[name].views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(facts[name].views[0].xSplit ?? 0).toBe(frozenCols[name] ?? 0);
      expect(facts[name].widths.every((w) => typeof w === 'number' && w >= 6)).toBe(true);
    }
    expect(facts.Summary.autoFilter).toBe('A1:N10'); // 8 fixed + 6 KPI columns; 5 employees + 3 teams + company
    expect(facts.Achievement.autoFilter).toBe('A1:R31'); // 30 entity × KPI rows
    expect(facts.Achievement.cf).toBe(1);
    // CJK counts double: "平均响应时长(小时)" (8 wide chars + 2 ascii parens = 18) + " 达成率" (7) + 3 for the filter button + 0.7
    expect(facts.Summary.widths[13]).toBe(18 + 7 + 3 + 0.7);
    const zip = await JSZip.loadAsync(buf);
    const sheet2 = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    expect(sheet2).toContain('AND(ISNUMBER(L2),L2&gt;=1)');
    expect(sheet2).not.toMatch(/x14:id|dataBar|iconSet/);
  }, 30_000);

  it('gives identical bytes for the same result, with fixed zip dates and entry order', async () => {
    const a = await renderScoreXlsx(makeResult(), opts);
    await new Promise((r) => setTimeout(r, 1100)); // a different wall-clock second
    const b = await renderScoreXlsx(makeResult(), opts);
    expect(Buffer.compare(a, b)).toBe(0);
    const zip = await JSZip.loadAsync(a);
    const names = Object.keys(zip.files);
    expect(names.slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    for (const n of names) expect(zip.files[n].date.toISOString()).toBe('2000-01-01T00:00:00.000Z');
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('2000-01-01T00:00:00Z');
  }, 30_000);

  it('neutralises formula-like text and keeps -5 a number', async () => {
    const dump = await dumpXlsx(await renderScoreXlsx(makeHostileResult(), opts));
    const names = Object.entries(dump.Summary).filter(([a]) => /^D[2-6]$/.test(a)).map(([, c]) => c.v);
    expect(names).toEqual(["'+1", "'=HYPERLINK(\"http://evil.example\",\"click\")", "'-x", "'@x", "'\tx"]);
    expect(Object.values(dump.Summary).some((c) => c.v === "'\nx")).toBe(true); // C002's team
    const s001new = Object.keys(dump.Achievement).find((a) => a.startsWith('F') && dump.Achievement[a].v === 'new_customers'
      && dump.Achievement[`B${a.slice(1)}`].v === 'S001')!;
    expect(dump.Achievement[`H${s001new.slice(1)}`]).toEqual({ v: -5, fmt: '#,##0' });
    // No formula anywhere in the workbook.
    for (const sheet of Object.values(dump)) for (const c of Object.values(sheet)) expect(typeof c.v === 'object' && c.v !== null).toBe(false);
    const dq = Object.values(dump['Data quality']).map((c) => c.v);
    expect(dq).toContain("'=1+2");
    // XML turns a raw CR into LF on reading; either way the text keeps its ' prefix.
    expect(dq.some((v) => typeof v === 'string' && /^'[\r\n]x$/.test(v))).toBe(true);
  }, 30_000);
});

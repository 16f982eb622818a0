import { describe, it, expect } from 'vitest';
import { Chalk } from 'chalk';
import { renderScoreTable, scoreBar, wrapText } from '../../src/report/score-table.js';
import { displayWidth } from '../../src/report/format.js';
import { makeResult } from './fixtures.js';

const plain = (lang: 'zh' | 'en' = 'zh') => renderScoreTable(makeResult(), { lang, color: new Chalk({ level: 0 }), currency: 'CNY' });

describe('score table', () => {
  it('has no escape codes at colour level 0 and colours met/near/missed at level 1', () => {
    expect(plain()).not.toMatch(/\u001b/);
    const col = renderScoreTable(makeResult(), { lang: 'zh', color: new Chalk({ level: 1 }), currency: 'CNY' });
    expect(col).toContain('\u001b[32m108.9% · 108.9\u001b[39m'); // S002 revenue met: green
    expect(col).toContain('\u001b[33m82.3% · 82.3\u001b[39m'); // S001 revenue above 60% threshold: yellow
    expect(col).toContain('\u001b[31m-1.0% · 0.0\u001b[39m'); // S003 negative revenue below threshold: red
  });

  it('shows heading, compact KPI cells, flags, bars and ratings', () => {
    const t = plain();
    expect(t.split('\n')[0]).toBe('KPI 考核得分 · 2024Q3 (2024-07-01 – 2024-09-30)');
    expect(t).toContain('¥1,234,568 / ¥1,500,000');
    expect(t).toContain('¥980,000 / ¥900,000*'); // prorated target
    expect(t).toContain('3 / 3.75*');
    expect(t).toContain('-¥12,346 / ¥1,200,000');
    expect(t).toContain('∅ 无数据'); // S002 churn: no value, skipped
    expect(t).toContain('∅ 计0分'); // C002 response hours: missing: zero
    expect(t).toContain('3.4 小时 / 4.0 小时');
    expect(t).toContain(' 98.1 ' + scoreBar(98.05555590277777));
    expect(t).toContain('│ 小计 ');
    expect(t).toContain('全公司');
    expect(t).toContain('* 目标按在职天数折算');
    expect(t).toContain('3 条警告');
  });

  it('lists employees in rank order with the telling (second, else first) sentence of each missed KPI under them', () => {
    const t = plain();
    const at = (s: string) => t.indexOf(s);
    expect(at('│ S002 │')).toBeLessThan(at('│ S001 │'));
    expect(at('│ S001 │')).toBeLessThan(at('│ S003 │'));
    const expl = at('↳ 销售额: 较上期增加 ¥134,568。');
    expect(expl).toBeGreaterThan(at('│ S001 │'));
    expect(expl).toBeLessThan(at('│ S003 │'));
    expect(t).not.toContain('距目标 ¥1,500,000'); // the gap is already in the row
    expect(t).toContain('↳ 新客户数: 3 new customers against a prorated target of 3.75');
  });

  it('aligns columns with Chinese names: every line of a table has the same display width', () => {
    for (const lang of ['zh', 'en'] as const) {
      const tables = plain(lang).split('\n\n').filter((b) => b.includes('┌'));
      expect(tables).toHaveLength(2);
      for (const tb of tables) {
        const lines = tb.split('\n').filter((l) => /^[┌│├└]/.test(l));
        const widths = new Set(lines.map(displayWidth));
        expect(widths.size).toBe(1);
        expect([...widths][0]).toBeLessThanOrEqual(120);
      }
    }
  });

  it('stacks actual over target when the table would be wider than the terminal', () => {
    const t = renderScoreTable(makeResult(), { lang: 'zh', color: new Chalk({ level: 0 }), currency: 'CNY', width: 80 });
    const row = t.split('\n').findIndex((l) => l.includes('│ S001 │'));
    expect(t.split('\n')[row]).toContain('│ ¥1,234,568 ');
    expect(t.split('\n')[row + 1]).toContain('│ / ¥1,500,000 ');
    expect(t.split('\n')[row + 2]).toContain('│ 82.3% · 82.3 ');
  });

  it('uses English words with lang en', () => {
    const t = plain('en');
    expect(t.split('\n')[0]).toBe('KPI scores · 2024Q3 (2024-07-01 – 2024-09-30)');
    expect(t).toContain('Revenue');
    expect(t).toContain('3.4 h / 4.0 h');
    expect(t).toContain('│ subtotal ');
  });
});

describe('bar and wrap helpers', () => {
  it('draws 8 cells in eighths of 100 points', () => {
    expect(scoreBar(100)).toBe('████████');
    expect(scoreBar(150)).toBe('████████');
    expect(scoreBar(62.5)).toBe('█████   ');
    expect(scoreBar(0)).toBe('        ');
    expect(scoreBar(null)).toBe('        ');
    expect(scoreBar(40)).toBe('███▎    ');
  });
  it('wraps English at spaces and Chinese between characters', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('销售额距目标差额较大', 8, '')).toEqual(['销售额距', '目标差额', '较大']);
    for (const l of wrapText('CSAT 77.8% 客户满意度低于目标，样本不足 30 份。', 12, '  ')) expect(displayWidth(l)).toBeLessThanOrEqual(12);
  });
});

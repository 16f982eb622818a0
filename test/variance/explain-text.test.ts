import { describe, it, expect } from 'vitest';
import { Chalk } from 'chalk';
import { renderExplain, waterfall } from '../../src/report/explain-text.js';
import { Fmt } from '../../src/report/explain.js';
import type { VarianceFacts } from '../../src/engine/variance.js';
import { employee, kpiLine, scoreResult, team } from './helpers.js';
import { revenueKpi } from './sample.js';

const plain = new Chalk({ level: 0 });

function result() {
  const rate = kpiLine('complaint_rate', 0.062, 0.05, {
    achievement: 0.76, met: false,
    variance: { gap: 0.012, gap_pct: 0.24, threshold_cleared: true, numerator: 31, denominator: 500 },
  });
  return scoreResult(
    [
      employee('S001', [revenueKpi(), rate], { name: '张伟', team: '华东一组', score: 91.25, rating: 'B', rank: 2 }),
      employee('S002', [revenueKpi()], { name: '李娜', team: '华东一组', rank: 1 }),
    ],
    [team('华东一组', ['S001', 'S002'], [revenueKpi()])],
  );
}

describe('renderExplain', () => {
  it('shows the employee header, every KPI with all its sentences, and the bridge waterfall', () => {
    const text = renderExplain(result(), 'S001', { lang: 'zh', color: plain, currency: 'CNY' });
    if (process.env.SHOW) console.log(text);
    const lines = text.split('\n');
    expect(lines[0]).toBe('张伟 (S001) · 团队 华东一组 · 岗位 sales · 期间 2024Q3');
    expect(lines[1]).toBe('得分 91.3 · 评级 B · 排名 2/2');
    expect(text).toContain('  · 销售额 1,234,568 元,目标 1,500,000 元,完成 82.3%(差 265,432 元,−17.7%);已过 60% 门槛。');
    expect(text).toContain('  · 投诉率:500 个订单中 31 次投诉。');
    expect(text).toContain('销售额变动(按客户)');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('draws the waterfall from prior to current with signed steps that add up', () => {
    const f = new Fmt({ lang: 'en', currency: 'CNY', periodLabel: { prior: 'last quarter', lastYear: 'x', current: 'this quarter' } });
    const rows = waterfall(revenueKpi().variance as VarianceFacts, f, { color: plain, lang: 'en', barWidth: 20 });
    expect(rows.map((r) => r.trimEnd())).toEqual([
      // Scale 0 … 1,234,568 over 20 columns: 1,100,000 → col 17.8 ≈ 18; 1,220,000 → 19.8 ≈ 20;
      // 1,130,000 → 18.3 ≈ 18. Each step floats from the running total before it.
      '    last quarter  ██████████████████    ¥1,100,000',
      '    gained                          ▓▓   +¥120,000',
      '    lost                            ░░    −¥90,000',
      '    existing                        ▓▓   +¥104,568',
      '    this quarter  ████████████████████  ¥1,234,568',
    ]);
  });

  it('renders a team by its id, in English, and colours only when asked', () => {
    const en = renderExplain(result(), '华东一组', { lang: 'en', color: plain, currency: 'CNY' });
    expect(en.split('\n')[0]).toBe('华东一组 · role sales · period 2024Q3');
    expect(en).toContain('members S001, S002');
    expect(en).toContain('Versus last quarter +¥134,568');
    const coloured = renderExplain(result(), 'S001', { lang: 'en', color: new Chalk({ level: 1 }), currency: 'CNY' });
    expect(coloured).toMatch(/\u001b\[/);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderExplain(result(), 'S001', { lang: 'en', color: plain, currency: 'CNY' }));
  });

  it('uses attached sentences when present', () => {
    const r = result();
    r.employees[0].kpis[0].explanation = ['attached sentence'];
    expect(renderExplain(r, 'S001', { lang: 'en', color: plain, currency: 'CNY' })).toContain('  · attached sentence');
  });
});

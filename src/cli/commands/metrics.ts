import Table from 'cli-table3';
import { METRICS } from '../../engine/metrics/registry.js';
import type { CommandContext } from './context.js';
import { resolveLang } from '../lang.js';

export async function runMetrics(ctx: CommandContext, opts: { lang?: string; format?: string }): Promise<void> {
  const zh = resolveLang(opts.lang, null, ctx.env) === 'zh';
  if (opts.format === 'json') {
    // snake_case keys, as in every other kpi document (src/report/SCHEMA.md).
    const metrics = METRICS.map((m) => ({
      id: m.id, zh: m.zh, en: m.en, family: m.family, unit: m.unit, direction: m.direction, additive: m.additive,
      formula_zh: m.formulaZh, formula_en: m.formulaEn,
    }));
    await ctx.streams.out(JSON.stringify({ schema: 'kpi.metrics/1', metrics }, null, 2) + '\n');
    return;
  }
  const c = ctx.chalk;
  const families = ['sales', 'loyalty', 'service', 'satisfaction'] as const;
  let text = '';
  for (const fam of families) {
    const table = new Table({
      head: zh ? ['指标', '中文', 'English', '单位', '方向', '可加', '定义'] : ['metric', '中文', 'English', 'unit', 'dir', 'additive', 'definition'],
      style: { head: c.level > 0 ? ['cyan'] : [], border: c.level > 0 ? ['grey'] : [] },
      wordWrap: true,
      colWidths: [28, 20, 28, 9, 5, 10, 60],
    });
    for (const m of METRICS.filter((x) => x.family === fam)) {
      table.push([m.id, m.zh, m.en, m.unit, m.direction === 'up' ? '↑' : '↓', m.additive ? 'yes' : '', zh ? m.formulaZh : m.formulaEn]);
    }
    text += c.bold(fam) + '\n' + table.toString() + '\n';
  }
  await ctx.streams.out(text);
}

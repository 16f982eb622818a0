import { EXIT, KpiExit } from '../../diagnostics.js';
import { resolveFormat } from '../pipeline.js';
import { prepareScore, type ScoreRunOptions } from './run-score.js';
import { emit } from './emit.js';
import { renderScoreTable } from '../../report/score-table.js';
import { renderScoreJson } from '../../report/score-json.js';
import { renderScoreCsv } from '../../report/score-csv.js';
import { renderScoreXlsx } from '../../report/score-xlsx.js';
import { metricName } from '../../report/labels.js';
import type { CommandContext } from './context.js';

interface ScoreOptions extends ScoreRunOptions {
  format?: string;
}

export async function runScore(ctx: CommandContext, opts: ScoreOptions): Promise<void> {
  const format = resolveFormat(opts.format, opts.out, ['table', 'json', 'csv', 'xlsx']);
  if (format === 'xlsx' && !opts.out) {
    throw new KpiExit(EXIT.usage, [{ code: 'usage', severity: 'error', message: '--format xlsx needs --out FILE.xlsx' }]);
  }
  const run = await prepareScore(ctx, opts);
  const { result, plan, lang } = run;
  const common = { lang, currency: plan.currency, metricName: (id: string) => metricName(id, lang) };
  let data: string | Buffer;
  switch (format) {
    case 'json':
      data = renderScoreJson(result, common);
      break;
    case 'csv':
      data = renderScoreCsv(result, common);
      break;
    case 'xlsx':
      data = await renderScoreXlsx(result, { ...common, inputs: run.dataset.stats, planText: run.planText, planFile: run.planDisplay });
      break;
    default:
      data = renderScoreTable(result, { ...common, color: ctx.chalk });
  }
  await emit(ctx, data, opts.out, `${format} score report`);
}

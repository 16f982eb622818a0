import { resolveFormat, checkOutFile } from '../pipeline.js';
import { prepareScore, type ScoreRunOptions } from './run-score.js';
import { emit, refuseBinaryOnTerminal } from './emit.js';
import { metricName } from '../../report/labels.js';
import type { CommandContext } from './context.js';

interface ScoreOptions extends ScoreRunOptions {
  format?: string;
}

export async function runScore(ctx: CommandContext, opts: ScoreOptions): Promise<void> {
  const format = resolveFormat(opts.format, opts.out, ['table', 'json', 'csv', 'xlsx']);
  refuseBinaryOnTerminal(ctx, format, opts.out);
  checkOutFile(opts.out, ctx.cwd);
  // The csv has no explanation column: its sentences are not made.
  const run = await prepareScore(ctx, opts, { explanations: format !== 'csv' });
  const { result, plan, lang } = run;
  const common = { lang, currency: plan.currency, metricName: (id: string) => metricName(id, lang) };
  // Renderers are imported for the chosen format only (xlsx pulls in jszip, table cli-table3).
  let data: string | Buffer;
  switch (format) {
    case 'json':
      data = (await import('../../report/score-json.js')).renderScoreJson(result, common);
      break;
    case 'csv':
      data = (await import('../../report/score-csv.js')).renderScoreCsv(result, common);
      break;
    case 'xlsx':
      data = await (await import('../../report/score-xlsx.js')).renderScoreXlsx(result, { ...common, inputs: run.dataset.stats, planText: run.planText, planFile: run.planDisplay });
      break;
    default:
      data = (await import('../../report/score-table.js')).renderScoreTable(result, { ...common, color: ctx.chalk });
  }
  await emit(ctx, data, opts.out, `${format} score report`);
}

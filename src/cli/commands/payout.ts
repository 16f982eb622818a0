import path from 'node:path';
import { resolveFormat, checkOutFile, checkStatementsDir, checkOutNotInput } from '../pipeline.js';
import { prepareScore, type ScoreRunOptions } from './run-score.js';
import { emit, refuseBinaryOnTerminal } from './emit.js';
import { printDiagnostics } from '../io-streams.js';
import { computePayouts } from '../../engine/payout/index.js';
import { metricName } from '../../report/labels.js';
import type { CommandContext } from './context.js';

interface PayoutOptions extends ScoreRunOptions {
  format?: string;
  statements?: string;
}

export async function runPayout(ctx: CommandContext, opts: PayoutOptions): Promise<void> {
  const format = resolveFormat(opts.format, opts.out, ['table', 'json', 'csv', 'xlsx']);
  refuseBinaryOnTerminal(ctx, format, opts.out);
  checkStatementsDir(opts.statements, ctx.cwd, opts.out);
  checkOutFile(opts.out, ctx.cwd);
  // No payout format shows the KPI sentences (statements list the KPI numbers only).
  const run = await prepareScore(ctx, opts, { explanations: false });
  const { plan, lang, result: score } = run;
  const payout = computePayouts({ plan, score, measurer: run.measurer, dataset: run.dataset, period: run.periods.period, lang });
  // Payout-stage warnings (payout_no_target, payout_no_base_salary) go to stderr like the others.
  printDiagnostics(ctx.streams, payout.warnings, ctx.errChalk, ctx.quiet);
  payout.warnings = [...score.warnings, ...payout.warnings];
  const common = { lang, currency: plan.currency, metricName: (id: string) => metricName(id, lang), company: plan.company };

  // Render everything first, then write: a failure while rendering leaves no file behind. Renderers
  // are imported for the chosen format only (xlsx pulls in jszip, table cli-table3).
  let data: string | Buffer;
  switch (format) {
    case 'json':
      data = (await import('../../report/payout-json.js')).renderPayoutJson(payout, common);
      break;
    case 'csv':
      data = (await import('../../report/payout-csv.js')).renderPayoutCsv(payout, common);
      break;
    case 'xlsx':
      data = await (await import('../../report/payout-xlsx.js')).renderPayoutXlsx(payout, { ...common, plan, score, inputs: run.dataset.stats, planText: run.planText, planFile: run.planDisplay });
      break;
    default:
      data = (await import('../../report/payout-table.js')).renderPayoutTable(payout, { ...common, color: ctx.chalk });
  }
  const statements: { path: string; data: Buffer }[] = [];
  if (opts.statements !== undefined) {
    const { renderStatementXlsx } = await import('../../report/statement-xlsx.js');
    for (const emp of payout.employees) {
      const es = score.employees.find((e) => e.id === emp.id);
      const file = path.join(opts.statements, `${emp.id.replace(/[^\p{L}\p{N}_.-]/gu, '_')}.xlsx`);
      checkOutNotInput(file, plan);
      statements.push({ path: file, data: await renderStatementXlsx(emp, es, { ...common, period: payout.period }) });
    }
  }
  // The statements and the report are written as one step, the report last.
  await emit(ctx, data, opts.out, `${format} payout report`,
    opts.statements !== undefined ? { dir: opts.statements, files: statements, what: 'statements' } : undefined);
}

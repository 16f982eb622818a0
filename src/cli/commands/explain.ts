import { EXIT, KpiExit } from '../../diagnostics.js';
import { prepareScore, type ScoreRunOptions } from './run-score.js';
import { renderExplain } from '../../report/explain-text.js';
import { renderScoreJson } from '../../report/score-json.js';
import { metricName } from '../../report/labels.js';
import type { CommandContext } from './context.js';

interface ExplainOptions extends ScoreRunOptions {
  format?: string;
}

export async function runExplain(ctx: CommandContext, id: string, opts: ExplainOptions): Promise<void> {
  const run = await prepareScore(ctx, opts);
  const { result, plan, lang } = run;
  const isEmployee = result.employees.some((e) => e.id === id);
  const isTeam = result.teams.some((t) => t.id === id);
  if (!isEmployee && !isTeam) {
    const known = [...result.employees.map((e) => e.id), ...new Set(result.teams.map((t) => t.id))];
    throw new KpiExit(EXIT.usage, [{
      code: 'unknown_id', severity: 'error',
      message: `no employee or team ${JSON.stringify(id)} is scored in ${run.periods.period.id}; known: ${known.join(', ')}`,
    }]);
  }
  const common = { lang, currency: plan.currency, metricName: (m: string) => metricName(m, lang) };
  if (opts.format === 'json') {
    const only = {
      ...result,
      employees: result.employees.filter((e) => e.id === id),
      teams: result.teams.filter((t) => t.id === id),
    };
    await ctx.streams.out(renderScoreJson(only, common));
    return;
  }
  await ctx.streams.out(renderExplain(result, id, { ...common, color: ctx.chalk }));
}

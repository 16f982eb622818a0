/**
 * The shared front half of `score`, `explain` and `payout`: plan → period → exports → engine.
 */
import { EXIT, KpiExit, type Diagnostic } from '../../diagnostics.js';
import type { Dataset } from '../../model.js';
import type { Plan, Lang } from '../../plan/types.js';
import type { Measurer, ScoreResult } from '../../engine/types.js';
import {
  resolvePlanFile, loadCheckedPlan, resolvePeriods, resolveAsOf, resolveLang, checkOutNotInput, loadData,
  type CommonOptions, type Periods,
} from '../pipeline.js';
import { makeProgress } from '../progress.js';
import { printDiagnostics } from '../io-streams.js';
import { createMeasurer } from '../../engine/metrics/measurer.js';
import { scorePeriod } from '../../engine/score.js';
import { attachVariance } from '../../engine/variance.js';
import { attachExplanations } from '../../report/explain.js';
import { metricName } from '../../report/labels.js';
import type { CommandContext } from './context.js';

export interface ScoreRunOptions extends CommonOptions {
  period: string;
  asOf?: string;
  team?: string;
  employee?: string;
  out?: string;
  outs?: string[];
}

export interface ScoreRun {
  plan: Plan;
  planDisplay: string;
  planText: string;
  lang: Lang;
  periods: Periods;
  dataset: Dataset;
  measurer: Measurer;
  result: ScoreResult;
  /** Plan lint warnings and data warnings (and skipped rows). */
  warnings: Diagnostic[];
}

export async function prepareScore(ctx: CommandContext, opts: ScoreRunOptions): Promise<ScoreRun> {
  const planFile = resolvePlanFile(opts, ctx.cwd, ctx.env);
  const { plan, display: planDisplay, planText, warnings: planWarnings } = await loadCheckedPlan(planFile, ctx.cwd);
  const lang = resolveLang(opts.lang, plan, ctx.env);
  const periods = resolvePeriods(opts.period, plan);
  const asOf = resolveAsOf(opts.asOf, periods.period);
  for (const out of [opts.out, ...(opts.outs ?? [])]) checkOutNotInput(out, plan);

  const progress = makeProgress(ctx.progress);
  let loaded;
  try {
    loaded = await loadData(plan, { skipInvalid: !!opts.skipInvalid, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const { dataset } = loaded;
  const measurer = createMeasurer(dataset, {
    bigCustomerMinAnnualRevenue: plan.segments.bigCustomerMinAnnualRevenue,
    csatScale: plan.survey.csatScale,
    slaHours: plan.service.slaHours,
    fiscalYearStartMonth: plan.calendar.fiscalYearStartMonth,
    complaintModes: [...new Set(Object.values(plan.roles).map((r) => r.complaintsBy))],
  });
  const result = scorePeriod({
    plan, dataset, measurer, ...periods, asOf, team: opts.team, employee: opts.employee,
  });
  checkFilter('employee', opts.employee, result.employees.length > 0, dataset.people.map((p) => p.id), periods.period.id);
  checkFilter('team', opts.team, result.employees.length > 0, [...new Set(dataset.people.map((p) => p.team))], periods.period.id);
  attachVariance(result, { measurer, dataset, plan, ...periods, asOf });
  attachExplanations(result, { lang, currency: plan.currency, metricName: (id: string) => metricName(id, lang), plan });
  const warnings = [...planWarnings, ...loaded.diagnostics.filter((d) => d.severity !== 'error'), ...result.warnings];
  // Warnings travel in the result too (json `warnings`, xlsx Data quality).
  result.warnings = dedupe([...planWarnings, ...loaded.diagnostics, ...result.warnings]);
  printDiagnostics(ctx.streams, warnings, ctx.errChalk, ctx.quiet);
  return { plan, planDisplay, planText, lang, periods, dataset, measurer, result, warnings };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const k = JSON.stringify(d);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  return out;
}

/**
 * A --employee/--team that matches nobody scored in P is a usage error (exit 2), not an empty
 * report with exit 0: a typo in a cron line must not pass silently.
 */
function checkFilter(kind: 'employee' | 'team', value: string | undefined, matched: boolean, known: string[], period: string): void {
  if (value === undefined || matched) return;
  const list = known.filter(Boolean);
  throw new KpiExit(EXIT.usage, [{
    code: 'unknown_id', severity: 'error', value,
    message: `--${kind} ${JSON.stringify(value)} matches no one scored in ${period}` +
      (list.includes(value) ? ' (not employed in the period, or no role in the plan)' : `; known: ${list.slice(0, 30).join(', ')}${list.length > 30 ? ', …' : ''}`),
  }]);
}

/**
 * The shared front half of `score`, `explain` and `payout`: plan → period → exports → engine.
 */
import { EXIT, KpiExit, type Diagnostic } from '../../diagnostics.js';
import type { Dataset } from '../../model.js';
import type { Plan, Lang } from '../../plan/types.js';
import type { Period } from '../../engine/types.js';
import { isoDay } from '../../engine/calendar.js';
import type { Measurer, ScoreResult } from '../../engine/types.js';
import {
  resolvePlanFile, loadCheckedPlan, resolvePeriods, resolveAsOf, resolveLang, checkOutNotInput, loadData, measureDataset,
  type CommonOptions, type Periods,
} from '../pipeline.js';
import { makeProgress } from '../progress.js';
import { printDiagnostics } from '../io-streams.js';
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

/** What the command's output needs beyond scores and variance facts. */
export interface ScoreRunNeeds {
  /**
   * The KPI sentences (`explanation`): default true. Only score json/table/xlsx and `kpi explain`
   * show them; payouts and score csv skip the ~1,000 formatted sentences (~25–60 ms per run).
   */
  explanations?: boolean;
}

export async function prepareScore(ctx: CommandContext, opts: ScoreRunOptions, needs: ScoreRunNeeds = {}): Promise<ScoreRun> {
  const planFile = resolvePlanFile(opts, ctx.cwd, ctx.env);
  const { plan, display: planDisplay, planText, warnings: planWarnings } = await loadCheckedPlan(planFile, ctx.cwd);
  const lang = resolveLang(opts.lang, plan, ctx.env);
  const periods = resolvePeriods(opts.period, plan);
  const asOf = resolveAsOf(opts.asOf, periods.period);
  checkOutNotInput(opts.out, plan);

  const progress = makeProgress(ctx.progress);
  let loaded;
  try {
    loaded = await loadData(plan, { skipInvalid: !!opts.skipInvalid, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const { dataset } = loaded;
  const measurer = measureDataset(dataset, plan);
  const result = scorePeriod({
    plan, dataset, measurer, ...periods, asOf, team: opts.team, employee: opts.employee,
  });
  checkFilter('employee', opts.employee, result.employees.length > 0, dataset.people.map((p) => p.id), periods.period.id);
  checkFilter('team', opts.team, result.employees.length > 0, [...new Set(dataset.people.map((p) => p.team))], periods.period.id);
  attachVariance(result, { measurer, dataset, plan, ...periods, asOf });
  if (needs.explanations !== false) {
    attachExplanations(result, { lang, currency: plan.currency, metricName: (id: string) => metricName(id, lang), plan });
  }
  const outside = periodOutsideData(dataset, periods.period);
  const warnings = [...planWarnings, ...loaded.diagnostics.filter((d) => d.severity !== 'error'), ...outside, ...result.warnings];
  // Warnings travel in the result too (json `warnings`, xlsx Data quality).
  result.warnings = dedupe([...planWarnings, ...loaded.diagnostics, ...outside, ...result.warnings]);
  printDiagnostics(ctx.streams, warnings, ctx.errChalk, ctx.quiet);
  return { plan, planDisplay, planText, lang, periods, dataset, measurer, result, warnings };
}

/**
 * A source whose rows all lie before or after P (`--period 2025Q4` on exports ending 2024-12-31):
 * every KPI it feeds is 0 or empty, which reads as a bad quarter rather than a wrong period.
 */
export function periodOutsideData(ds: Dataset, p: Period): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const source of ['sales', 'complaints', 'surveys']) {
    const st = ds.stats.filter((s) => s.source === source && s.minDay !== null && s.maxDay !== null);
    if (st.length === 0) continue;
    const first = Math.min(...st.map((s) => s.minDay!)), last = Math.max(...st.map((s) => s.maxDay!));
    if (first <= p.end && last >= p.start) continue;
    out.push({
      code: 'period_outside_data', severity: 'warning', file: st.map((s) => s.file).join(', '),
      message: `the ${source} rows run from ${isoDay(first)} to ${isoDay(last)}, all ${last < p.start ? 'before' : 'after'} ${p.id} (${isoDay(p.start)} – ${isoDay(p.end)}): the KPIs they feed have nothing to count; is the period right?`,
    });
  }
  return out;
}

/**
 * The diagnostics without repeats (same JSON text), first occurrences in order.
 *
 * Why not JSON.stringify every one: engine warnings are not capped (one `unattributed_complaint`
 * per complaint), so a bad export can bring 100k of them. Two diagnostics whose messages differ
 * never have the same JSON text, so only those sharing a message are compared by their JSON —
 * usually none, as messages name the row's id.
 */
export function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const byMessage = new Map<unknown, { first: Diagnostic; seen?: Set<string> }>();
  const out: Diagnostic[] = [];
  for (const d of ds) {
    // A message that is not text (not expected) shares one group, compared by JSON like the rest.
    const m = typeof d.message === 'string' ? d.message : byMessage;
    const group = byMessage.get(m);
    if (!group) {
      byMessage.set(m, { first: d });
      out.push(d);
      continue;
    }
    group.seen ??= new Set([JSON.stringify(group.first)]);
    const k = JSON.stringify(d);
    if (!group.seen.has(k)) {
      group.seen.add(k);
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

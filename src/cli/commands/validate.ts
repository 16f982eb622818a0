/**
 * `kpi validate`: checks the plan and reads every export once, reporting per source what was
 * read, kept and excluded (and why), the date range, the employees found, and every problem.
 * Row problems are collected across all sources (not just the first); exit 3 when any remain
 * and --skip-invalid was not given, exit 2 for plan errors.
 */
import Table from 'cli-table3';
import { EXIT, KpiExit, type Diagnostic } from '../../diagnostics.js';
import { isoDay } from '../../engine/calendar.js';
import { resolvePlanFile, loadCheckedPlan, resolvePeriods, type CommonOptions } from '../pipeline.js';
import { loadDataset } from '../../ingest/load.js';
import { printDiagnostics } from '../io-streams.js';
import { makeProgress } from '../progress.js';
import type { CommandContext } from './context.js';
import type { Dataset } from '../../model.js';
import type { Period } from '../../engine/types.js';

interface ValidateOptions extends CommonOptions {
  period?: string;
}

export async function runValidate(ctx: CommandContext, opts: ValidateOptions): Promise<void> {
  const planFile = resolvePlanFile(opts, ctx.cwd, ctx.env);
  const { plan, display, warnings: planDiags } = await loadCheckedPlan(planFile, ctx.cwd);
  const period = opts.period ? resolvePeriods(opts.period, plan).period : null;
  const c = ctx.chalk;
  const progress = makeProgress(ctx.progress);
  let res;
  try {
    // Always read with skipping on, so every source is read and counted; whether skipped rows
    // are errors is decided below from the user's --skip-invalid.
    res = await loadDataset(plan, { skipInvalid: true, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const diags: Diagnostic[] = res.diagnostics.map((d) =>
    opts.skipInvalid ? d : d.code === 'row_skipped' ? unskip(d) : d.code === 'more_row_problems' ? { ...d, severity: 'error' as const } : d,
  );
  const lines: string[] = [];
  const roles = Object.keys(plan.roles);
  lines.push(`${c.bold('plan')} ${display}: ${roles.length} roles (${roles.join(', ')}), ${plan.people.length} people in the plan, ${plan.targets.length} target overrides`);
  if (res.dataset) lines.push(describeSources(res.dataset, c.level > 0), describePeople(res.dataset, period, plan.defaultRole));
  if (res.dataset && period) lines.push(describePeriod(res.dataset, period));
  const all = [...planDiags, ...diags];
  const nErr = all.filter((d) => d.severity === 'error').length;
  const nWarn = all.filter((d) => d.severity === 'warning').length;
  const verdict = nErr === 0 ? c.green(`ok: 0 errors, ${nWarn} warnings`) : c.red(`${nErr} errors, ${nWarn} warnings`);
  lines.push(`${c.bold('result')} ${verdict}`);
  await ctx.streams.out(lines.join('\n') + '\n');
  printDiagnostics(ctx.streams, all, ctx.errChalk, ctx.quiet && nErr === 0);
  if (nErr > 0 || !res.dataset) throw new KpiExit(EXIT.data, []);
}

/**
 * Without --skip-invalid a rejected row is an error under its own code (bad_date, …), exactly as
 * `score` reports it; the reader was run in skipping mode only to count every source.
 */
function unskip(d: Diagnostic): Diagnostic {
  const m = /^row skipped \(([a-z0-9_]+)\): ([\s\S]*)$/.exec(d.message);
  return m ? { ...d, code: m[1], message: m[2], severity: 'error' } : { ...d, severity: 'error' };
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon', '|': 'pipe' };

function describeSources(ds: Dataset, color: boolean): string {
  const t = new Table({
    head: ['source', 'file', 'encoding', 'rows read', 'kept', 'excluded', 'dates'],
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
  });
  for (const s of ds.stats) {
    const excluded = Object.entries(s.excluded).map(([why, n]) => `${why}: ${n}`).join('\n') || '—';
    const dates = s.minDay !== null && s.maxDay !== null ? `${isoDay(s.minDay)} – ${isoDay(s.maxDay)}` : '—';
    const enc = [s.encoding, s.delimiter ? DELIMITER_NAMES[s.delimiter] ?? JSON.stringify(s.delimiter) : undefined].filter(Boolean).join(', ');
    t.push([s.source, s.file + (s.sheet ? ` [${s.sheet}]` : ''), enc || '—', String(s.rowsRead), String(s.rowsKept), excluded, dates]);
  }
  return t.toString();
}

function describePeople(ds: Dataset, period: Period | null, defaultRole: string | null): string {
  const inData = new Set<number>();
  for (let i = 0; i < ds.sales.n; i++) inData.add(ds.sales.employee[i]);
  const cs = ds.complaints, ss = ds.surveys;
  for (let i = 0; i < cs.n; i++) {
    if (cs.handler[i] >= 0) inData.add(cs.handler[i]);
    if (cs.owner[i] >= 0) inData.add(cs.owner[i]);
  }
  for (let i = 0; i < ss.n; i++) if (ss.employee[i] >= 0) inData.add(ss.employee[i]);
  const roster = ds.people.filter((p) => !p.inferred);
  const unknown = ds.people.filter((p) => p.inferred).map((p) => p.id);
  const employed = period
    ? ds.people.filter((p) => (p.start === null || p.start <= period.end) && (p.end === null || p.end >= period.start)).length
    : null;
  let s = `employees: ${roster.length} in the roster, ${inData.size} found in the data`;
  if (employed !== null && period) s += `, ${employed} employed in ${period.id}`;
  s += unknown.length
    ? `; not in the roster: ${unknown.length} (${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''})${defaultRole ? ` (scored as ${defaultRole})` : ' (not scored: no default_role)'}`
    : '; none unknown';
  return s;
}

function describePeriod(ds: Dataset, p: Period): string {
  let sales = 0;
  for (let i = 0; i < ds.sales.n; i++) if (ds.sales.day[i] >= p.start && ds.sales.day[i] <= p.end) sales++;
  const complaints = ds.complaints.openedDay.filter((d) => d >= p.start && d <= p.end).length;
  const surveys = ds.surveys.day.filter((d) => d >= p.start && d <= p.end).length;
  return `${p.id} (${isoDay(p.start)} – ${isoDay(p.end)}): ${sales} sales rows, ${complaints} complaints, ${surveys} surveys`;
}

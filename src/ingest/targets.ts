/** Targets export → TargetRow records (employee|team|role, optional period, metric, target). */
import type { Diagnostic } from '../diagnostics.js';
import type { SourceStats, TargetRow } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import type { Cell } from '../io/table-source.js';
import { wideMetricColumns } from './columns.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, parseMoney, parseNumber, parsePercent, type Parsed } from './values.js';
import { METRICS, metricDef } from '../engine/metrics/registry.js';
import { parsePeriod } from '../engine/period.js';
import { targetIdentity } from '../engine/targets.js';
import { metricHint } from '../plan/suggest.js';

export interface TargetsResult {
  ok: boolean;
  targets: TargetRow[];
  stats: SourceStats | null;
}

/**
 * A target cell: a number (`1200000`, `1,200,000`), a percentage (`85%` → 0.85), or written as
 * money is in the sales export (`120万`, `¥1,200,000`, `1.2亿`: its currency mark must fit the plan's).
 */
function parseTarget(c: Cell, currency: string | null | undefined): Parsed<number> {
  const s = typeof c === 'string' ? c.trim() : '';
  if (isPercentText(s)) return parsePercent(c);
  const n = parseNumber(c);
  if (n.ok) return n;
  const m = parseMoney(c, currency);
  return m.ok ? { ok: true, value: m.value / 10_000 } : n;
}

function isPercentText(s: string): boolean {
  return s.endsWith('%') || s.endsWith('％');
}

/** A metric cell: the id, or a catalogue name (销售额, Revenue) read as its id; null for neither. */
function metricIdOf(text: string): string | null {
  if (metricDef(text)) return text;
  const t = text.trim().toLowerCase();
  return METRICS.find((m) => m.zh === text.trim() || m.en.toLowerCase() === t)?.id ?? null;
}

/**
 * Why a target cell cannot be what it says for its metric (as the plan's targets are checked):
 * a percentage for an amount or a count, or a bare number above 1 for a rate (85 for CSAT would
 * be 8,500%). Null when it fits.
 */
function unitProblem(metric: string, cell: Cell, value: number): string | null {
  const unit = metricDef(metric)?.unit;
  const pct = typeof cell === 'string' && isPercentText(cell.trim());
  if (pct && unit !== 'ratio' && unit !== undefined) return `${cellText(cell)} is a percentage, but ${metric} is ${unit === 'money' ? 'an amount' : 'a number'}: write the ${unit === 'money' ? 'amount' : 'number'}`;
  if (!pct && unit === 'ratio' && Math.abs(value) > 1) return `${cellText(cell)} for ${metric} would be ${value * 100}%; did you mean "${cellText(cell)}%"?`;
  return null;
}

/**
 * Reads a targets export, long (`metric`, `target` columns: one row per target; metric names are
 * passed through and the plan linter checks them) or wide (no such columns, one column per
 * metric — `销售额目标`, `新客户数`, `csat` — see wideMetricColumns: one target per filled cell).
 */
export async function ingestTargets(spec: SourceSpec, opts: ReadOptions, diags: Diagnostic[]): Promise<TargetsResult> {
  const targets: TargetRow[] = [];
  const file = spec.displayPath;
  const text = (ctx: RowContext, field: string): string | undefined => {
    const c = ctx.get(field);
    return c === undefined || isBlank(c) ? undefined : cellText(c).trim();
  };
  let wide: Array<{ idx: number; metric: string; name: string }> = [];
  /**
   * Two rows for one (employee|team|role, period, metric) with different values: which applied
   * would depend on their order, so the later is a row problem naming the earlier (the plan's
   * targets: have the same rule). The same value twice is harmless.
   */
  const firstOf = new Map<string, { row: number; target: number }>();
  const conflict = (ctx: RowContext, t: Omit<TargetRow, 'src'>, field: string): boolean => {
    const { who, key } = targetIdentity(t);
    const first = firstOf.get(key);
    if (first === undefined) { firstOf.set(key, { row: ctx.rowNo, target: t.target }); return false; }
    if (first.target === t.target) return false;
    ctx.problems.push({ code: 'duplicate_target', field, value: String(t.target),
      reason: `row ${first.row} already gives ${who}'s ${t.metric} target${t.period ? ` for ${t.period}` : ''} as ${first.target}; keep one` });
    return true;
  };
  const name0 = (w: typeof wide, metric: string) => w.find((x) => x.metric === metric)?.name ?? metric;
  const who = (ctx: RowContext): Omit<TargetRow, 'metric' | 'target'> | null => {
    const employee = text(ctx, 'employee'), team = text(ctx, 'team'), role = text(ctx, 'role');
    if (!employee && !team && !role) {
      ctx.problems.push({ code: 'missing_value', field: 'employee', value: '', reason: 'a target row needs an employee, a team or a role' });
      return null;
    }
    const row: Omit<TargetRow, 'metric' | 'target'> = { src: { file, row: ctx.rowNo } };
    if (employee) row.employee = employee;
    if (team) row.team = team;
    if (role) row.role = role;
    const period = text(ctx, 'period');
    if (period) {
      // A period the engine cannot read would never match the run's: the row would quietly not apply.
      if (parsePeriod(period) === null) {
        ctx.problems.push({ code: 'bad_period', field: 'period', value: period, reason: `${period} is not a period (expected e.g. 2024Q3, 2024-07, 2024H1, 2024 or 2024-W27)` });
        return null;
      }
      row.period = period;
    }
    return row;
  };
  const res = await readSource('targets', spec, opts, diags, (ctx) => {
    if (wide.length) {
      // One target per filled metric cell; a bad one is a row problem naming its column.
      const found: TargetRow[] = [];
      for (const { idx, metric, name } of wide) {
        const c = ctx.row[idx];
        if (c === undefined || isBlank(c)) continue;
        const r = parseTarget(c, opts.currency);
        const unit = r.ok ? unitProblem(metric, c, r.value) : null;
        if (r.ok && unit === null) found.push({ metric, target: r.value });
        else ctx.problems.push({ code: 'bad_number', field: name, value: cellText(c), reason: r.ok ? unit! : r.reason });
      }
      const base = who(ctx);
      if (ctx.problems.length || base === null) return null;
      // All of a row's targets or none (a conflict is a problem of the row).
      const clashes = found.filter((t) => conflict(ctx, { ...base, ...t }, name0(wide, t.metric)));
      if (clashes.length === 0) for (const t of found) targets.push({ ...base, ...t, src: { ...base.src! } });
      return null;
    }
    const metricText = text(ctx, 'metric');
    const metric = metricText === undefined ? undefined : metricIdOf(metricText) ?? undefined;
    if (metricText === undefined) ctx.problems.push({ code: 'missing_value', field: 'metric', value: '', reason: 'metric is empty' });
    else if (metric === undefined) {
      ctx.problems.push({ code: 'unknown_metric', field: 'metric', value: metricText,
        reason: `unknown metric "${metricText}"${metricHint(metricText, METRICS)} (see \`kpi metrics\`)` }); // (a catalogue name was read as its id above)
    }
    const tc = ctx.get('target');
    let target: number | null = null;
    if (tc === undefined || isBlank(tc)) ctx.problems.push({ code: 'missing_value', field: 'target', value: '', reason: 'target is empty' });
    else {
      const r = parseTarget(tc, opts.currency);
      const unit = r.ok && metric !== undefined ? unitProblem(metric, tc, r.value) : null;
      if (r.ok && unit === null) target = r.value;
      else ctx.problems.push({ code: 'bad_number', field: 'target', value: cellText(tc), reason: r.ok ? unit! : r.reason });
    }
    const base = who(ctx);
    if (ctx.problems.length || target === null || metric === undefined || base === null) return null;
    if (conflict(ctx, { ...base, metric, target }, 'target')) return null;
    targets.push({ ...base, metric, target });
    return null;
  }, (index, _mapping, header) => {
    if (!('metric' in index) && !('target' in index)) wide = wideMetricColumns(header).map((w) => ({ ...w, name: header[w.idx] }));
  });
  const sheet = res.stats?.sheet;
  if (sheet !== undefined) for (const t of targets) if (t.src) t.src.sheet = sheet;
  return { ok: res.ok, targets, stats: res.stats };
}

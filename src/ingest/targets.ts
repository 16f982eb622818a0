/** Targets export → TargetRow records (employee|team|role, optional period, metric, target). */
import type { Diagnostic } from '../diagnostics.js';
import type { SourceStats, TargetRow } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import type { Cell } from '../io/table-source.js';
import { wideMetricColumns } from './columns.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, parseMoney, parseNumber, parsePercent, type Parsed } from './values.js';

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
  if (s.endsWith('%') || s.endsWith('％')) return parsePercent(c);
  const n = parseNumber(c);
  if (n.ok) return n;
  const m = parseMoney(c, currency);
  return m.ok ? { ok: true, value: m.value / 10_000 } : n;
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
    if (period) row.period = period;
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
        if (r.ok) found.push({ metric, target: r.value });
        else ctx.problems.push({ code: 'bad_number', field: name, value: cellText(c), reason: r.reason });
      }
      const base = who(ctx);
      if (ctx.problems.length || base === null) return null;
      for (const t of found) targets.push({ ...base, ...t, src: { ...base.src! } });
      return null;
    }
    const metric = text(ctx, 'metric');
    if (metric === undefined) ctx.problems.push({ code: 'missing_value', field: 'metric', value: '', reason: 'metric is empty' });
    const tc = ctx.get('target');
    let target: number | null = null;
    if (tc === undefined || isBlank(tc)) ctx.problems.push({ code: 'missing_value', field: 'target', value: '', reason: 'target is empty' });
    else {
      const r = parseTarget(tc, opts.currency);
      if (r.ok) target = r.value;
      else ctx.problems.push({ code: 'bad_number', field: 'target', value: cellText(tc), reason: r.reason });
    }
    const base = who(ctx);
    if (ctx.problems.length || target === null || metric === undefined || base === null) return null;
    targets.push({ ...base, metric, target });
    return null;
  }, (index, _mapping, header) => {
    if (!('metric' in index) && !('target' in index)) wide = wideMetricColumns(header).map((w) => ({ ...w, name: header[w.idx] }));
  });
  const sheet = res.stats?.sheet;
  if (sheet !== undefined) for (const t of targets) if (t.src) t.src.sheet = sheet;
  return { ok: res.ok, targets, stats: res.stats };
}

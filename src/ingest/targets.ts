/** Targets export → TargetRow records (employee|team|role, optional period, metric, target). */
import type { Diagnostic } from '../diagnostics.js';
import type { SourceStats, TargetRow } from '../model.js';
import type { SourceSpec } from '../plan/types.js';
import { readSource, type ReadOptions, type RowContext } from './source-reader.js';
import { cellText, isBlank, parseNumber, parsePercent } from './values.js';

export interface TargetsResult {
  ok: boolean;
  targets: TargetRow[];
  stats: SourceStats | null;
}

/**
 * Reads a targets export. `target` may be a number (`1200000`, `1,200,000`) or a percentage
 * (`85%` → 0.85). Metric names are passed through; the plan linter checks them.
 */
export async function ingestTargets(spec: SourceSpec, opts: ReadOptions, diags: Diagnostic[]): Promise<TargetsResult> {
  const targets: TargetRow[] = [];
  const file = spec.displayPath;
  const text = (ctx: RowContext, field: string): string | undefined => {
    const c = ctx.get(field);
    return c === undefined || isBlank(c) ? undefined : cellText(c).trim();
  };
  const res = await readSource('targets', spec, opts, diags, (ctx) => {
    const metric = text(ctx, 'metric');
    if (metric === undefined) ctx.problems.push({ code: 'missing_value', field: 'metric', value: '', reason: 'metric is empty' });
    const tc = ctx.get('target');
    let target: number | null = null;
    if (tc === undefined || isBlank(tc)) ctx.problems.push({ code: 'missing_value', field: 'target', value: '', reason: 'target is empty' });
    else {
      const s = typeof tc === 'string' ? tc.trim() : '';
      const r = s.endsWith('%') || s.endsWith('％') ? parsePercent(tc) : parseNumber(tc);
      if (r.ok) target = r.value;
      else ctx.problems.push({ code: 'bad_number', field: 'target', value: cellText(tc), reason: r.reason });
    }
    const employee = text(ctx, 'employee'), team = text(ctx, 'team'), role = text(ctx, 'role');
    if (!employee && !team && !role) {
      ctx.problems.push({ code: 'missing_value', field: 'employee', value: '', reason: 'a target row needs an employee, a team or a role' });
    }
    if (ctx.problems.length || target === null || metric === undefined) return null;
    const row: TargetRow = { metric, target, src: { file, row: ctx.rowNo } };
    if (employee) row.employee = employee;
    if (team) row.team = team;
    if (role) row.role = role;
    const period = text(ctx, 'period');
    if (period) row.period = period;
    targets.push(row);
    return null;
  });
  const sheet = res.stats?.sheet;
  if (sheet !== undefined) for (const t of targets) if (t.src) t.src.sheet = sheet;
  return { ok: res.ok, targets, stats: res.stats };
}

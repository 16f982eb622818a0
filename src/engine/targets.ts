/**
 * Target resolution (PRODUCT.md §3, §6, §13 "People and targets").
 *
 * Level first — employee row, then team row, then role row, then the KPI's own `target:` — and
 * within a level a row whose `period` is exactly P beats a periodless row; a row for another
 * period never applies. Rows come from the plan's `targets:` followed by the targets export; at
 * the same level and period-specificity the later row wins (the export overrides the plan).
 * Additive metrics (registry `additive`) are prorated, ratio targets are not.
 */
import { metricDef } from './metrics/registry.js';
import { canonicalPeriodId } from './period.js';
import { Dec, fromNumber } from './money.js';
import { prorate, type Proration } from './proration.js';
import type { TargetSource } from './types.js';
import type { TargetRow } from '../model.js';

/** What a target row says, from the plan (PlanTarget) or from the targets export (TargetRow). */
export type TargetRowLike = Omit<TargetRow, 'src'>;

/** A resolved target with where it came from. */
export interface ResolvedTarget {
  value: number | null;
  source: TargetSource;
  /** True when the value was multiplied by a proration share below 1 (for teams: any member's). */
  prorated: boolean;
}

/** Who a target is resolved for. */
export interface TargetHolder {
  id: string;
  team: string;
  role: string;
}

type Level = 'employee' | 'team' | 'role';

/**
 * Normalises a period id for comparison: its canonical id when it parses ("2024q3" → "2024Q3",
 * "2024-7" stays as written if period.ts rejects it), else trimmed upper case.
 */
function normPeriod(p: string, fiscalYearStartMonth: number): string {
  const t = p.trim();
  return canonicalPeriodId(t, fiscalYearStartMonth) ?? t.toUpperCase();
}

/**
 * Who a target row is for and the key of what it sets — (employee|team|role, period, metric) —
 * so that two rows for the same target can be found (the plan's `targets:` and the targets
 * export alike): `who` reads "employee S001" in messages.
 */
export function targetIdentity(t: { employee?: string; team?: string; role?: string; period?: string; metric: string }): { who: string; key: string } {
  const who = t.employee !== undefined ? `employee ${t.employee}` : t.team !== undefined ? `team ${t.team}` : `role ${t.role ?? ''}`;
  return { who, key: JSON.stringify([who, t.period ?? '', t.metric]) };
}

/** Whether the metric's targets are summed for teams and prorated (counts and money). */
export function isAdditive(metric: string): boolean {
  return metricDef(metric)?.additive ?? false;
}

/** The target rows that can apply to one period, indexed for lookup. */
export class TargetBook {
  /** key → [periodless value, period-specific value] */
  private readonly byKey = new Map<string, [number | undefined, number | undefined]>();

  /**
   * `rows` in order of appearance (at the same level and specificity the later wins); `periodId`
   * is P's canonical id; `fiscalYearStartMonth` reads row periods like the plan's calendar does.
   */
  constructor(rows: readonly TargetRowLike[], periodId: string, fiscalYearStartMonth = 1) {
    const pid = normPeriod(periodId, fiscalYearStartMonth);
    for (const r of rows) {
      const specific = r.period !== undefined && r.period !== null && String(r.period).trim() !== '';
      if (specific && normPeriod(String(r.period), fiscalYearStartMonth) !== pid) continue; // another period never applies
      const key = rowKey(r);
      if (key === null) continue;
      const slot = this.byKey.get(key) ?? [undefined, undefined];
      slot[specific ? 1 : 0] = r.target;
      this.byKey.set(key, slot);
    }
  }

  /** The row value at one level for a holder (P-specific first), or undefined. */
  lookup(level: Level, who: TargetHolder, metric: string): number | undefined {
    const keys: string[] = [];
    if (level === 'employee') keys.push(`e\u0000${who.id}\u0000\u0000${metric}`);
    if (level === 'team') {
      keys.push(`t\u0000${who.team}\u0000${who.role}\u0000${metric}`); // team row restricted to this role
      keys.push(`t\u0000${who.team}\u0000\u0000${metric}`);
    }
    if (level === 'role') keys.push(`r\u0000${who.role}\u0000\u0000${metric}`);
    for (const k of keys) {
      const v = this.byKey.get(k)?.[1];
      if (v !== undefined) return v;
    }
    for (const k of keys) {
      const v = this.byKey.get(k)?.[0];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The team's own row for a metric (for non-additive team targets), or undefined. */
  teamRow(team: string, role: string, metric: string): number | undefined {
    return this.lookup('team', { id: '', team, role }, metric);
  }
}

function rowKey(r: TargetRowLike): string | null {
  if (r.employee !== undefined && r.employee !== '') return `e\u0000${r.employee}\u0000\u0000${r.metric}`;
  if (r.team !== undefined && r.team !== '') return `t\u0000${r.team}\u0000${r.role ?? ''}\u0000${r.metric}`;
  if (r.role !== undefined && r.role !== '') return `r\u0000${r.role}\u0000\u0000${r.metric}`;
  return null;
}

/**
 * An employee's target for a metric: the first level that has a row (employee, team, role),
 * else `kpiTarget`; additive metrics scaled by the proration share (unrounded).
 */
export function resolveEmployeeTarget(
  book: TargetBook, who: TargetHolder, metric: string, kpiTarget: number | null, share: Proration,
): ResolvedTarget {
  let value: number | null = null;
  let source: TargetSource = null;
  for (const level of ['employee', 'team', 'role'] as const) {
    const v = book.lookup(level, who, metric);
    if (v !== undefined) { value = v; source = level; break; }
  }
  if (value === null && kpiTarget !== null && kpiTarget !== undefined) { value = kpiTarget; source = 'kpi'; }
  if (value === null) return { value: null, source: null, prorated: false };
  if (isAdditive(metric) && share.days !== share.total) {
    return { value: prorate(value, share), source, prorated: true };
  }
  return { value, source, prorated: false };
}

/**
 * A pooled entity's target from its members' targets: additive → the sum of the members'
 * (prorated) targets; otherwise `ownRow` if given (a team's own row), else the unweighted mean
 * of the members' targets. Members without a target are left out; none → null.
 */
export function resolvePooledTarget(
  metric: string, members: readonly ResolvedTarget[], ownRow?: number,
): ResolvedTarget {
  const withValue = members.filter((m) => m.value !== null);
  const prorated = withValue.some((m) => m.prorated);
  if (isAdditive(metric)) {
    if (withValue.length === 0) return { value: null, source: null, prorated: false };
    return { value: integerSum(withValue) ?? decimalSum(withValue).toNumber(), source: 'sum', prorated };
  }
  if (ownRow !== undefined) return { value: ownRow, source: 'team', prorated: false };
  if (withValue.length === 0) return { value: null, source: null, prorated: false };
  return { value: commonValue(withValue) ?? decimalSum(withValue).div(withValue.length).toNumber(), source: 'mean', prorated: false };
}

/**
 * The sum when every value is an integer and every partial sum stays a safe integer (the usual
 * count and money targets): then the float sum is the exact decimal sum. Null otherwise.
 */
export function integerSum(ts: readonly ResolvedTarget[]): number | null {
  let sum = 0, abs = 0;
  for (const t of ts) {
    const v = t.value as number;
    if (!Number.isSafeInteger(v)) return null;
    sum += v;
    abs += Math.abs(v);
    if (!Number.isSafeInteger(abs)) return null;
  }
  return sum;
}

/**
 * The members' value when they all have the same one (the usual case: one role, one target):
 * the decimal mean of n equal decimals is that decimal, i.e. the same number. Null otherwise.
 */
export function commonValue(ts: readonly ResolvedTarget[]): number | null {
  const v = ts[0].value as number;
  for (const t of ts) if (!Object.is(t.value, v)) return null;
  if (!Number.isFinite(v)) return null;
  return v === 0 ? 0 : v; // the decimal of −0 is 0
}

// Summed in decimal so that ten targets of 0.15 average to exactly 0.15, not 0.14999999999999997.
function decimalSum(ts: readonly ResolvedTarget[]): Dec {
  let sum = new Dec(0);
  for (const t of ts) sum = sum.plus(fromNumber(t.value as number));
  return sum;
}

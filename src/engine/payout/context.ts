/**
 * What every payout component rule sees about one employee, and the shared helpers for their
 * basis texts. Pure: values come from the score result or the measurer passed in.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { Person } from '../../model.js';
import type { RoleSpec } from '../../plan/types.js';
import { metricDef } from '../metrics/registry.js';
import { formatMoney, formatPct, fromNumber, type Dec } from '../money.js';
import type { Proration } from '../proration.js';
import type { EmployeeScore, Entity, EventCounts, PayoutLine } from '../types.js';
import type { BasisWords } from './words.js';
import { atLeast, atMost } from '../bounds.js';

/** One employee's view for the component rules. */
export interface PayoutContext {
  person: Person;
  role: RoleSpec;
  employee: EmployeeScore;
  share: Proration;
  entity: Entity;
  /** The words of basis texts, in the statement's language. */
  words: BasisWords;
  /** The metric's value in P (the KPI actual when the role has that KPI), or null. */
  value(metric: string): number | null;
  /** Achievement (fraction) of the metric against the employee's prorated target, and that target. */
  attainment(metric: string): { achievement: number | null; target: number | null };
  /** Event counts in P, attributed per the role's `complaints_by`. */
  events(): EventCounts;
  warn(d: Diagnostic): void;
}

/** A component's unrounded result. */
export interface Outcome {
  raw: Dec;
  basis: string;
  inputs: Partial<Omit<PayoutLine['inputs'], 'raw'>>;
}

/** A metric value in the unit people read it in: ratios as percent, others as grouped numbers. */
export function formatValue(metric: string, v: number): string {
  const unit = metricDef(metric)?.unit;
  if (unit === 'ratio') return formatPct(v);
  return formatMoney(fromNumber(v).toDecimalPlaces(6));
}

/**
 * Whether `v` satisfies `at_least` / `at_most` (both inclusive, either optional; a value on a
 * bound within float rounding meets it, so 1 − 0.9 counts as 10%: see bounds.ts).
 */
export function meets(v: number, least: number | undefined, most: number | undefined): boolean {
  return (least === undefined || atLeast(v, least)) && (most === undefined || atMost(v, most));
}

/** "≥ 85%", "≤ 4", "≥ 1 and ≤ 3" for a metric's bounds. */
export function conditionText(metric: string, atLeast: number | undefined, atMost: number | undefined, and = ' and '): string {
  const parts: string[] = [];
  if (atLeast !== undefined) parts.push(`≥ ${formatValue(metric, atLeast)}`);
  if (atMost !== undefined) parts.push(`≤ ${formatValue(metric, atMost)}`);
  return parts.join(and);
}

/** The negation of conditionText, for a condition that did not hold: "< 85%" or "> 4". */
export function failedConditionText(
  metric: string, v: number, atLeast: number | undefined, atMost: number | undefined, and = ' and ',
): string {
  if (atLeast !== undefined && !meets(v, atLeast, undefined)) return `< ${formatValue(metric, atLeast)}`;
  if (atMost !== undefined) return `> ${formatValue(metric, atMost)}`;
  return conditionText(metric, atLeast, atMost, and);
}

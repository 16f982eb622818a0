/**
 * Proration (PRODUCT.md §3, §13): the share of a period's days an employee was employed.
 * Additive targets and score_bonus.target_amount are multiplied by it, unrounded.
 */
import type { Day } from './calendar.js';
import type { Period } from './types.js';

/** Days employed in P over days in P (both inclusive). */
export interface Proration {
  /** Days of P the employee was employed (0 … total). */
  days: number;
  /** Days in P. */
  total: number;
  /** days / total, a fraction in 0…1. */
  share: number;
}

/** Days in P, both ends inclusive. */
export function daysIn(period: Period): number {
  return period.end - period.start + 1;
}

/**
 * Employment share of `period` for a start/end date pair (null = open-ended on that side,
 * both inclusive). An employee with `days` = 0 is neither scored nor paid.
 */
export function proration(start: Day | null, end: Day | null, period: Period): Proration {
  const total = daysIn(period);
  const from = start === null ? period.start : Math.max(start, period.start);
  const to = end === null ? period.end : Math.min(end, period.end);
  const days = Math.max(0, Math.min(total, to - from + 1));
  return { days, total, share: days / total };
}

/**
 * Scales an additive target by the employment share, multiplying before dividing so that
 * exact cases stay exact (5 × 69 / 92 = 3.75). Returns the target unchanged for a full period.
 */
export function prorate(target: number, p: Proration): number {
  if (p.days === p.total) return target;
  return (target * p.days) / p.total;
}

/**
 * Comparing a computed value with a bound the plan sets (a KPI's threshold, a rating's min_score,
 * a bonus curve's points, a tier's up_to_achievement, at_least / at_most).
 *
 * Metric values, achievements and scores are binary floats: 16 of 25 surveys satisfied against an
 * 80% target is 0.64 / 0.8 = 0.7999999999999999, and 1 − 0.9 is 0.09999999999999998. Compared
 * plainly, a result exactly on a bound written in the plan would fall on the wrong side of it (a
 * KPI on its threshold scoring 0, a total of 60 rated D). So a value within a relative 1e-12 of a
 * bound counts as on it — far below any difference the inputs can make (money has 4 decimals,
 * counts are whole) and far above a float's rounding error.
 */
const EPS = 1e-12;

function slack(bound: number): number {
  return EPS * Math.max(1, Math.abs(bound));
}

/** v ≥ bound, a value on the bound (within the tolerance) included. */
export function atLeast(v: number, bound: number): boolean {
  return v >= bound - slack(bound);
}

/** v ≤ bound, a value on the bound (within the tolerance) included. */
export function atMost(v: number, bound: number): boolean {
  return v <= bound + slack(bound);
}

/** Whether v is the bound, within the tolerance. */
export function onBound(v: number, bound: number): boolean {
  return Math.abs(v - bound) <= slack(bound);
}

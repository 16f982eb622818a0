/**
 * score_bonus (PRODUCT.md §7, §13): target_amount × proration share × curve(x), with x the total
 * score after renormalisation (`basis: score`) or one KPI's achievement in percent. The curve is
 * linear between points, 0 below the first point and flat above the last.
 */
import type { CurvePoint, PayoutComponent } from '../../plan/types.js';
import { Dec, dec, formatMoney, formatPct, fromNumber } from '../money.js';
import type { Outcome, PayoutContext } from './context.js';
import { onBound } from '../bounds.js';

type ScoreBonus = Extract<PayoutComponent, { type: 'score_bonus' }>;

/**
 * The curve's payout fraction at x (points ascending by x). An x on a point within float rounding
 * (a score of 59.999999999999986 for 60, see bounds.ts) is that point: it matters at the first,
 * below which the curve pays 0.
 */
export function curveAt(curve: readonly CurvePoint[], x: Dec): Dec {
  if (curve.length === 0) return new Dec(0);
  const xn = x.toNumber();
  const on = curve.find((p) => onBound(xn, p.x));
  if (on) x = fromNumber(on.x);
  const first = curve[0];
  if (x.lt(fromNumber(first.x))) return new Dec(0);
  for (let i = 0; i + 1 < curve.length; i++) {
    const a = curve[i], b = curve[i + 1];
    const xa = fromNumber(a.x), xb = fromNumber(b.x);
    if (x.gte(xa) && x.lt(xb)) {
      const pa = dec(a.pct), pb = dec(b.pct);
      return pa.plus(x.minus(xa).div(xb.minus(xa)).times(pb.minus(pa)));
    }
  }
  return dec(curve[curve.length - 1].pct);
}

/** Computes a score_bonus component for one employee. */
export function scoreBonus(c: ScoreBonus, ctx: PayoutContext): Outcome {
  const amount = dec(c.targetAmount);
  const { days, total, share } = ctx.share;
  const prorated = days === total ? amount : amount.times(days).div(total);
  const amountText = days === total ? formatMoney(amount) : `${formatMoney(amount)} × ${days}/${total}`;

  let x: Dec | null;
  let label: string;
  let achievement: number | null = null;
  let target: number | null = null;
  const w = ctx.words;
  if (c.basis.kind === 'score') {
    x = ctx.employee.score === null ? null : fromNumber(ctx.employee.score);
    label = w.score(x === null ? null : formatMoney(x.toDecimalPlaces(4)));
  } else {
    ({ achievement, target } = ctx.attainment(c.basis.metric));
    x = achievement === null ? null : fromNumber(achievement).times(100);
    label = w.achievementOf(w.metric(c.basis.metric), achievement === null ? null : formatPct(achievement));
  }
  const inputs = {
    value: x === null ? null : x.toFixed(), achievement, target, proration: share,
  };
  if (x === null) return { raw: new Dec(0), basis: w.colon(label, '0'), inputs };
  const pct = curveAt(c.curve, x);
  return { raw: prorated.times(pct), basis: w.paren(`${amountText} × ${formatPct(pct)}`, label), inputs };
}

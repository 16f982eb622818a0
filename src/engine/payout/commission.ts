/**
 * Commission (PRODUCT.md §7, §13): tiered by amount (`up_to`, inclusive: a base exactly on a bound
 * stays in the lower tier) or by attainment of the base metric's KPI (`up_to_achievement`).
 * Marginal: each slice of the base within a tier at that tier's rate (attainment bounds become
 * bound × prorated target). Flat: the whole base at the rate of the tier it falls in.
 * A negative base earns negative commission at the first tier's rate.
 */
import type { PayoutComponent, Tier } from '../../plan/types.js';
import { Dec, dec, formatMoney, formatPct, fromNumber } from '../money.js';
import type { Outcome, PayoutContext } from './context.js';
import { atMost } from '../bounds.js';
import type { BasisWords } from './words.js';

type Commission = Extract<PayoutComponent, { type: 'commission' }>;

/** Computes a commission component for one employee. */
export function commission(c: Commission, ctx: PayoutContext): Outcome {
  const value = ctx.value(c.base);
  const byAttainment = c.tiers.some((t) => t.upToAchievement !== null);
  const { achievement, target } = byAttainment ? ctx.attainment(c.base) : { achievement: null, target: null };
  const inputs = { value: value === null ? null : fromNumber(value).toFixed(), achievement, target };
  const w = ctx.words;
  if (value === null || c.tiers.length === 0) return { raw: new Dec(0), basis: w.colon(w.noValue(), '0'), inputs };
  const base = fromNumber(value);
  const first = dec(c.tiers[0].rate);
  const head = byAttainment ? w.paren(formatMoney(base), attainmentText(w, achievement, target)) : formatMoney(base);

  if (base.isNegative()) {
    return { raw: base.times(first), basis: `${formatMoney(base)} × ${formatPct(first)}`, inputs };
  }
  if (byAttainment && (target === null || (c.mode === 'flat' && achievement === null))) {
    ctx.warn({
      code: 'payout_no_target', severity: 'warning',
      message: `${ctx.person.id}: commission on ${c.base} has attainment tiers but no target; first tier's rate used`,
    });
    return { raw: base.times(first), basis: w.colon(head, w.paren(`${formatMoney(base)} × ${formatPct(first)}`, w.noTargetFirstTier)), inputs };
  }

  if (c.mode === 'flat') {
    const tier = c.tiers.find((t) => inTier(t, base, achievement)) ?? c.tiers[c.tiers.length - 1];
    const rate = dec(tier.rate);
    const text = `${formatMoney(base)} × ${formatPct(rate)}`;
    return { raw: base.times(rate), basis: byAttainment ? w.paren(text, attainmentText(w, achievement, target)) : text, inputs };
  }

  let raw = new Dec(0);
  let prev = new Dec(0);
  const parts: string[] = [];
  for (const t of c.tiers) {
    const bound = amountBound(t, target);
    const top = bound === null || base.lt(bound) ? base : bound;
    if (top.gt(prev)) {
      const slice = top.minus(prev);
      const rate = dec(t.rate);
      raw = raw.plus(slice.times(rate));
      parts.push(`${formatMoney(slice)} × ${formatPct(rate)}`);
    }
    if (bound === null || base.lte(bound)) break;
    if (bound.gt(prev)) prev = bound;
  }
  return { raw, basis: w.colon(head, parts.length ? parts.join(' + ') : '0'), inputs };
}

/** The amount bound of a tier: `up_to`, or `up_to_achievement` × target; null for the open last tier. */
function amountBound(t: Tier, target: number | null): Dec | null {
  if (t.upTo !== null) return dec(t.upTo);
  if (t.upToAchievement !== null && target !== null) return fromNumber(t.upToAchievement).times(fromNumber(target));
  return null;
}

/** Flat mode: whether the base (or its achievement, for attainment tiers) falls in this tier. */
function inTier(t: Tier, base: Dec, achievement: number | null): boolean {
  if (t.upTo !== null) return base.lte(dec(t.upTo));
  if (t.upToAchievement !== null) return achievement !== null && atMost(achievement, t.upToAchievement);
  return true;
}

function attainmentText(w: BasisWords, achievement: number | null, target: number | null): string {
  return w.attainment(
    target === null ? null : formatMoney(fromNumber(target).toDecimalPlaces(6)),
    achievement === null ? null : formatPct(achievement),
  );
}

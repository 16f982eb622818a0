/**
 * threshold_bonus (PRODUCT.md §7): the amount when the metric is `at_least` / `at_most` the bound
 * (inclusive); a metric with no value does not fire.
 */
import type { PayoutComponent } from '../../plan/types.js';
import { Dec, dec, formatMoney, fromNumber } from '../money.js';
import { conditionText, failedConditionText, formatValue, meets, type Outcome, type PayoutContext } from './context.js';

type ThresholdBonus = Extract<PayoutComponent, { type: 'threshold_bonus' }>;

/** Computes a threshold_bonus component for one employee. */
export function thresholdBonus(c: ThresholdBonus, ctx: PayoutContext): Outcome {
  const value = ctx.value(c.metric);
  const w = ctx.words;
  if (value === null) {
    return { raw: new Dec(0), basis: w.colon(w.noValue(w.metric(c.metric)), '0'), inputs: { value: null, fired: false } };
  }
  const fired = meets(value, c.atLeast, c.atMost);
  const amount = dec(c.amount);
  const v = formatValue(c.metric, value);
  const basis = fired
    ? w.colon(`${v} ${conditionText(c.metric, c.atLeast, c.atMost, w.and)}`, formatMoney(amount))
    : w.colon(`${v} ${failedConditionText(c.metric, value, c.atLeast, c.atMost, w.and)}`, '0');
  return { raw: fired ? amount : new Dec(0), basis, inputs: { value: fromNumber(value).toFixed(), fired } };
}

/** per_unit (PRODUCT.md §7): metric value × amount; a metric with no value pays 0. */
import type { PayoutComponent } from '../../plan/types.js';
import { Dec, dec, formatMoney, fromNumber } from '../money.js';
import { formatValue, type Outcome, type PayoutContext } from './context.js';

type PerUnit = Extract<PayoutComponent, { type: 'per_unit' }>;

/** Computes a per_unit component for one employee. */
export function perUnit(c: PerUnit, ctx: PayoutContext): Outcome {
  const value = ctx.value(c.metric);
  const w = ctx.words;
  if (value === null) return { raw: new Dec(0), basis: w.colon(w.noValue(w.metric(c.metric)), '0'), inputs: { value: null } };
  const amount = dec(c.amount);
  return {
    raw: fromNumber(value).times(amount),
    basis: `${formatValue(c.metric, value)} × ${formatMoney(amount)}`,
    inputs: { value: fromNumber(value).toFixed() },
  };
}

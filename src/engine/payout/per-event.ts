/** per_event (PRODUCT.md §7): event count × amount (negative amounts are deductions). */
import type { PayoutComponent } from '../../plan/types.js';
import { dec, formatMoney } from '../money.js';
import type { Outcome, PayoutContext } from './context.js';

type PerEvent = Extract<PayoutComponent, { type: 'per_event' }>;

/** Computes a per_event component for one employee; events follow the role's `complaints_by`. */
export function perEvent(c: PerEvent, ctx: PayoutContext): Outcome {
  const count = ctx.events()[c.event] ?? 0;
  const amount = dec(c.amount);
  return {
    raw: amount.times(count),
    basis: `${ctx.words.eventCount(ctx.words.event(c.event), count)} × ${formatMoney(amount)}`,
    inputs: { value: String(count) },
  };
}

/**
 * Loyalty metrics (PRODUCT.md §5, §13): repeat purchase rate, retention and churn against P-1,
 * lost big customers, customer lifetime value.
 *
 * "Active with the entity" = net amount with the entity's rows in the period > 0; "active in P"
 * for retention and lost big customers = net amount > 0 in P with anyone (company-wide).
 */
import type { MetricValue } from '../types.js';
import { ratio, units, type MetricContext, type MetricFn } from './context.js';

interface RetentionFacts {
  base: number;
  retained: number;
  lostBig: number;
}

/** Walks the entity's active customers of P-1 once for retention, churn and lost big customers. */
function retention(ctx: MetricContext): RetentionFacts {
  return ctx.memo('retention', () => computeRetention(ctx));
}

function computeRetention(ctx: MetricContext): RetentionFacts {
  const prev = ctx.prev();
  const { idx, period, prior, opts } = ctx;
  const activeInP = idx.activeCustomers(period.start, period.end);
  let annual: Float64Array | null = null; // big as of P-1's end, fetched only if someone was lost
  let base = 0, retained = 0, lostBig = 0;
  for (let k = 0; k < prev.customers.length; k++) {
    if (!(prev.net[k] > 0)) continue;
    const c = prev.customers[k];
    base++;
    if (activeInP[c] === 1) retained++;
    else if ((annual ??= idx.annualNet(prior.end))[c] >= opts.bigMinE4) lostBig++;
  }
  return { base, retained, lostBig };
}

export const LOYALTY_METRICS: Record<string, MetricFn> = {
  /** Active customers with ≥ 2 counted orders with the entity in P / active customers. */
  repeat_purchase_rate: (ctx) => {
    const p = ctx.cur();
    return ratio(p.repeat, p.active);
  },

  /** Of the entity's active customers in P-1, those with net > 0 in P with anyone. */
  retention_rate: (ctx) => {
    const f = retention(ctx);
    return ratio(f.retained, f.base);
  },

  /** Lost (base − retained) / base; null without a base. */
  churn_rate: (ctx) => {
    const f = retention(ctx);
    return ratio(f.base - f.retained, f.base);
  },

  /** Big customers as of P-1's end, active with the entity in P-1, not active with anyone in P. */
  lost_big_customers: (ctx) => ({ value: retention(ctx).lostBig }),

  /** Mean over active customers in P of their net revenue in history (everyone) up to P's end. */
  customer_lifetime_value: (ctx): MetricValue => {
    const p = ctx.cur();
    const history = ctx.idx.historyNet(ctx.period.end);
    let sum = 0;
    for (let k = 0; k < p.customers.length; k++) if (p.net[k] > 0) sum += history[p.customers[k]];
    return { value: p.active === 0 ? null : units(sum) / p.active, numerator: units(sum), denominator: p.active };
  },
};

/**
 * Sales metrics (PRODUCT.md §5): revenue, orders, average order value, active and new customers,
 * new-customer and big-customer revenue shares, growth against P-1 and P-1y, gross profit and
 * margin. Money values are in currency units, computed from exact integer ten-thousandths;
 * revenue-share numerators and denominators are in currency units too.
 */
import type { MetricValue } from '../types.js';
import { ratio, units, type MetricContext, type MetricFn } from './context.js';

function growth(cur: number, base: number): MetricValue {
  return ratio(units(cur - base), units(base));
}

export const SALES_METRICS: Record<string, MetricFn> = {
  revenue: (ctx) => ({ value: units(ctx.cur().revenueE4) }),

  orders: (ctx) => ({ value: ctx.cur().orders }),

  avg_order_value: (ctx) => {
    const p = ctx.cur();
    return { value: p.orders === 0 ? null : units(p.revenueE4) / p.orders, numerator: units(p.revenueE4), denominator: p.orders };
  },

  active_customers: (ctx) => ({ value: ctx.cur().active }),

  /** Customers whose first positive row in history is in P and credited to a member. */
  new_customers: (ctx) => ({ value: countNew(ctx) }),

  /** Revenue in P from customers whose first positive row (anyone's) is in P, over revenue. */
  new_customer_revenue_share: (ctx) => {
    const p = ctx.cur();
    const { firstDay } = ctx.idx;
    let num = 0;
    for (let k = 0; k < p.customers.length; k++) {
      const d = firstDay[p.customers[k]];
      if (d >= ctx.period.start && d <= ctx.period.end) num += p.net[k];
    }
    return ratio(units(num), units(p.revenueE4));
  },

  revenue_growth_pop: (ctx) => growth(ctx.cur().revenueE4, ctx.prev().revenueE4),

  revenue_growth_yoy: (ctx) => growth(ctx.cur().revenueE4, ctx.ly().revenueE4),

  /** Revenue in P from customers big as of P's end (company-wide, P.end − 364 … P.end), over revenue. */
  big_customer_revenue_share: (ctx) => {
    const p = ctx.cur();
    const annual = ctx.idx.annualNet(ctx.period.end);
    const min = ctx.opts.bigMinE4;
    let num = 0;
    for (let k = 0; k < p.customers.length; k++) if (annual[p.customers[k]] >= min) num += p.net[k];
    return ratio(units(num), units(p.revenueE4));
  },

  gross_profit: (ctx) => {
    if (!ctx.idx.hasCost) return { value: null };
    const p = ctx.cur();
    return { value: units(p.revenueE4 - p.costE4) };
  },

  gross_margin: (ctx) => {
    if (!ctx.idx.hasCost) return { value: null };
    const p = ctx.cur();
    return ratio(units(p.revenueE4 - p.costE4), units(p.revenueE4));
  },
};

/**
 * New customers of the entity in P, from the index's per-employee acquisitions (no walk over the
 * pooled customers): a customer won by a member in P always has a row of that member in P.
 */
function countNew(ctx: MetricContext): number {
  return ctx.idx.newCustomers(ctx.members, ctx.period.start, ctx.period.end);
}

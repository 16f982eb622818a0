/** A revenue KPI with the facts of PRODUCT.md §8's example (made self-consistent), for the sentence tests. */
import type { KpiResult } from '../../src/engine/types.js';
import type { VarianceFacts } from '../../src/engine/variance.js';
import { kpiLine } from './helpers.js';

/*
 * actual 1,234,567.89, target 1,500,000 (threshold 60%): gap −265,432.11, gap_pct −0.17695…
 * prior (2024Q2) 1,100,000; bridge +120,000 − 90,000 + 104,567.89 + 0 = +134,567.89.
 * orders 220 → 236, A0 = 5,000, A1 = 5,231.22; volume = 16 × 5,000 = 80,000; price = 54,567.89.
 * KH0252 went from 150,000 to 0.
 */
export function revenueKpi(): KpiResult {
  const k = kpiLine('revenue', 1_234_567.89, 1_500_000, { threshold: 0.6, cap: 1.5 });
  const v: VarianceFacts = {
    gap: -265_432.11, gap_pct: -265_432.11 / 1_500_000, threshold_cleared: true,
    prior: { period: '2024Q2', actual: 1_100_000 },
    last_year: { period: '2023Q3', actual: 980_000 },
    bridge: { new_customers: 120_000, lost_customers: -90_000, existing_customers: 104_567.89, other: 0 },
    volume_effect: 80_000, price_effect: 54_567.89,
    mix: { orders: { prior: 220, current: 236 }, avg_order_value: { prior: 5000, current: 5231.22 } },
    top_movers: [
      { customer_id: 'KH0252', prior: 150_000, current: 0, change: -150_000 },
      { customer_id: 'KH0101', prior: 0, current: 80_000, change: 80_000 },
      { customer_id: 'KH0033', prior: 60_000, current: 105_000.4, change: 45_000.4 },
    ],
  };
  k.variance = v;
  return k;
}

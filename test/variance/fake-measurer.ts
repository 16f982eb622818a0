/**
 * A Map-backed Measurer for the variance tests. Metric values and per-customer revenue are keyed
 * by `<kind>:<id>@<period id>` (company: `company:company@2024Q2`); anything unset reads as no
 * value (null) or no revenue. Customer ids are interned into the given Interner so that
 * `top_movers` can name them.
 */
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Entity, EventCounts, Measurer, MetricValue, Period } from '../../src/engine/types.js';
import type { Interner } from '../../src/model.js';

export class FakeVarianceMeasurer implements Measurer {
  readonly values = new Map<string, Record<string, MetricValue>>();
  readonly revenue = new Map<string, Map<number, number>>();
  readonly calls: { key: string; metrics: readonly string[] }[] = [];

  constructor(readonly customers: Interner) {}

  static key(entity: Pick<Entity, 'kind' | 'id'>, period: Pick<Period, 'id'>): string {
    return `${entity.kind}:${entity.id}@${period.id}`;
  }

  /** Metric values (plain numbers become `{ value }`). */
  set(key: string, vals: Record<string, number | null | MetricValue>): this {
    const cur = this.values.get(key) ?? {};
    for (const [m, v] of Object.entries(vals)) cur[m] = typeof v === 'object' && v !== null ? v : { value: v };
    this.values.set(key, cur);
    return this;
  }

  /** Net revenue per customer id in currency units, stored as integer ten-thousandths. */
  setRevenue(key: string, byCustomer: Record<string, number>): this {
    const m = new Map<number, number>();
    for (const [c, x] of Object.entries(byCustomer)) if (x !== 0) m.set(this.customers.intern(c), Math.round(x * 10_000));
    this.revenue.set(key, m);
    return this;
  }

  measure(entity: Entity, period: Period, metrics: readonly string[]): Map<string, MetricValue> {
    const key = FakeVarianceMeasurer.key(entity, period);
    this.calls.push({ key, metrics });
    const vals = this.values.get(key) ?? {};
    return new Map(metrics.map((m) => [m, vals[m] ?? { value: null }]));
  }

  events(): EventCounts {
    return { complaint_resolved_satisfied: 0, complaint_escalated: 0 };
  }

  revenueByCustomer(entity: Entity, period: Period): Map<number, number> {
    return new Map(this.revenue.get(FakeVarianceMeasurer.key(entity, period)) ?? []);
  }

  attributionWarnings(): Diagnostic[] {
    return [];
  }
}

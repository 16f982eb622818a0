/**
 * A Map-backed Measurer for scoring and payout tests, so they do not depend on the metric engine.
 * Values are keyed by entity: `employee:S001`, `team:华东一组:sales` (or `team:华东一组`),
 * `company`; optionally suffixed with `@<period id>` for one period only. A metric not set reads
 * as no value (null). Every call is recorded.
 */
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Entity, EventCounts, Measurer, MetricValue, Period } from '../../src/engine/types.js';

export type FakeValue = number | null | MetricValue;

export class FakeMeasurer implements Measurer {
  readonly values = new Map<string, Record<string, FakeValue>>();
  readonly eventCounts = new Map<string, Partial<EventCounts>>();
  readonly calls: { entity: Entity; period: Period; metrics: readonly string[] }[] = [];
  readonly eventCalls: { entity: Entity; period: Period }[] = [];
  warnings: Diagnostic[] = [];

  /** Sets metric values for an entity key (merged with earlier ones). */
  set(key: string, vals: Record<string, FakeValue>): this {
    this.values.set(key, { ...(this.values.get(key) ?? {}), ...vals });
    return this;
  }

  setEvents(key: string, ev: Partial<EventCounts>): this {
    this.eventCounts.set(key, ev);
    return this;
  }

  private keys(entity: Entity, period: Period): string[] {
    const base = entity.kind === 'employee' ? [`employee:${entity.id}`]
      : entity.kind === 'team' ? [`team:${entity.id}:${entity.role}`, `team:${entity.id}`]
      : ['company'];
    return [...base.map((k) => `${k}@${period.id}`), ...base];
  }

  measure(entity: Entity, period: Period, metrics: readonly string[]): Map<string, MetricValue> {
    this.calls.push({ entity, period, metrics });
    const out = new Map<string, MetricValue>();
    for (const m of metrics) {
      let v: FakeValue | undefined;
      for (const k of this.keys(entity, period)) {
        const rec = this.values.get(k);
        if (rec && m in rec) { v = rec[m]; break; }
      }
      out.set(m, v === undefined || v === null ? { value: null } : typeof v === 'number' ? { value: v } : v);
    }
    return out;
  }

  events(entity: Entity, period: Period): EventCounts {
    this.eventCalls.push({ entity, period });
    let ev: Partial<EventCounts> | undefined;
    for (const k of this.keys(entity, period)) { ev = this.eventCounts.get(k); if (ev) break; }
    return { complaint_resolved_satisfied: ev?.complaint_resolved_satisfied ?? 0, complaint_escalated: ev?.complaint_escalated ?? 0 };
  }

  revenueByCustomer(): Map<number, number> {
    return new Map();
  }

  attributionWarnings(): Diagnostic[] {
    return this.warnings;
  }
}

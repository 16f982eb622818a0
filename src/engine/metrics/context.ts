/**
 * What a metric computation sees: the entity, the period and its related periods, the shared
 * index and lazily computed pooled facts (each computed at most once per measure call).
 */
import type { Attribution } from '../attribution.js';
import type { Entity, MetricValue, Period } from '../types.js';
import type { SalesIndex } from './index.js';
import type { Pooled } from './pool.js';
import type { ComplaintStats } from './service.js';
import type { SurveyStats } from './satisfaction.js';

/** Options resolved to the engine's units. */
export interface ResolvedOptions {
  /** Big customer threshold in ten-thousandths. */
  bigMinE4: number;
  csatScale: number;
  /** Lowest csat score counted as satisfied. */
  csatSatisfiedMin: number;
  slaSeconds: number;
}

export interface MetricContext {
  idx: SalesIndex;
  att: Attribution;
  opts: ResolvedOptions;
  entity: Entity;
  /** Distinct member employee indices, ascending. */
  members: readonly number[];
  /** Whether an employee index is one of the members. */
  isMember(e: number): boolean;
  period: Period;
  prior: Period;
  lastYear: Period;
  /** The entity's pooled sales in P, P-1 and P-1y. */
  cur(): Pooled;
  prev(): Pooled;
  ly(): Pooled;
  /** Complaints attributed per entity.complaintsBy, opened in P. */
  complaints(): ComplaintStats;
  /** Complaints attributed by account owner, opened in P (for complaint_rate). */
  ownerComplaints(): ComplaintStats;
  /** Complaints whose handler is a member, resolved (resolved_at) in P. */
  resolvedByHandler(): number;
  surveys(): SurveyStats;
  /** Computes `fn` once per measure call under `key` (facts shared by several metrics). */
  memo<T>(key: string, fn: () => T): T;
}

export type MetricFn = (ctx: MetricContext) => MetricValue;

/** Ten-thousandths → currency units. */
export function units(e4: number): number {
  return e4 / 10_000;
}

/** A ratio with its facts; null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): MetricValue {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

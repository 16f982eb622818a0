/**
 * Scoring rules of PRODUCT.md §6 and §13, as pure functions over numbers. Full precision: nothing
 * here rounds; only renderers do.
 */
import type { Direction, KpiResult, MetricValue, TargetSource } from './types.js';
import type { KpiSpec, Rating } from '../plan/types.js';
import { atLeast } from './bounds.js';

/**
 * Achievement as a fraction (1 = on target).
 * ↑: actual / target, not floored (a negative actual gives a negative achievement); target 0 → null.
 * ↓: max(0, 1 + (target − actual) / target); target 0 → 1 when actual is 0, else 0.
 * No actual or no target → null.
 */
export function achievement(direction: Direction, actual: number | null, target: number | null): number | null {
  if (actual === null || target === null) return null;
  if (direction === 'up') return target === 0 ? null : actual / target;
  if (target === 0) return actual === 0 ? 1 : 0;
  return Math.max(0, 1 + (target - actual) / target);
}

/**
 * KPI score in points: 100 × min(achievement, cap) when achievement ≥ threshold, else 0. An
 * achievement on the threshold (within float rounding, see bounds.ts) clears it.
 */
export function kpiScore(ach: number | null, threshold: number, cap: number): number | null {
  if (ach === null) return null;
  return atLeast(ach, threshold) ? 100 * Math.min(ach, cap) : 0;
}

/** What a KPI row needs for the total. */
export interface Weighted {
  weight: number;
  score: number | null;
}

/**
 * Weighted mean Σ w·s / Σ w over the KPIs that have a score (a `missing: zero` KPI already carries
 * score 0, so it keeps its weight; a skipped one has score null and drops out, renormalising the
 * rest). Null when nothing counted or the counted weights sum to 0.
 */
export function totalScore(kpis: readonly Weighted[]): number | null {
  let sw = 0, sws = 0, n = 0;
  for (const k of kpis) {
    if (k.score === null) continue;
    sw += k.weight;
    sws += k.weight * k.score;
    n++;
  }
  if (n === 0 || sw === 0) return null;
  return sws / sw;
}

/**
 * The first ratings row whose minScore ≤ score (a row without minScore catches all; a score on a
 * minScore, within float rounding, reaches it); null score → null.
 */
export function ratingFor(score: number | null, ratings: readonly Rating[]): string | null {
  if (score === null) return null;
  for (const r of ratings) if (r.minScore === null || atLeast(score, r.minScore)) return r.label;
  return null;
}

/** One KPI scored: the spec, the measured value and the resolved target. */
export function scoreKpi(
  spec: KpiSpec, direction: Direction, facts: MetricValue,
  target: { value: number | null; source: TargetSource; prorated: boolean },
): KpiResult {
  const actual = facts.value ?? null;
  const ach = achievement(direction, actual, target.value);
  const missing = ach === null;
  let score = kpiScore(ach, spec.threshold, spec.cap);
  if (missing) score = spec.missing === 'zero' ? 0 : null;
  return {
    metric: spec.metric,
    actual,
    target: target.value,
    targetSource: target.source,
    prorated: target.prorated,
    weight: spec.weight,
    threshold: spec.threshold,
    cap: spec.cap,
    achievement: ach,
    score,
    met: ach === null ? null : atLeast(ach, 1),
    missing,
    missingPolicy: spec.missing,
    facts,
    explanation: [],
  };
}

/** What ranking needs of an employee. */
export interface Rankable {
  id: string;
  role: string;
  score: number | null;
  kpis: readonly { achievement: number | null }[];
}

/**
 * 1-based rank within each role: score descending (no score last), ties broken by the higher
 * achievement of the role's first KPI (none lowest), then by id ascending.
 */
export function rankWithinRole(items: readonly Rankable[]): Map<string, number> {
  const byRole = new Map<string, Rankable[]>();
  for (const it of items) {
    const list = byRole.get(it.role) ?? [];
    list.push(it);
    byRole.set(it.role, list);
  }
  const ranks = new Map<string, number>();
  for (const list of byRole.values()) {
    list.sort(compareRank);
    list.forEach((it, i) => ranks.set(it.id, i + 1));
  }
  return ranks;
}

function desc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

function compareRank(a: Rankable, b: Rankable): number {
  return desc(a.score, b.score)
    || desc(a.kpis[0]?.achievement ?? null, b.kpis[0]?.achievement ?? null)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

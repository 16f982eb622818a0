/**
 * `kpi score --format json`: the `kpi.score/1` document (schema in ./SCHEMA.md). Keys are always
 * written in the same order, numbers stay numbers (ratios, achievements and scores at full
 * precision; money metric values rounded half-up to cents), `null` means "no value".
 */
import type { KpiResult, ScoreResult, Variance, MetricUnit, Period } from '../engine/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Lang } from '../plan/types.js';
import { isoDay } from '../engine/calendar.js';
import { metricDef } from '../engine/metrics/registry.js';
import { metricLabel } from './labels.js';
import { roundNumber } from './format.js';

export const SCORE_SCHEMA = 'kpi.score/1';

export interface ScoreJsonOptions {
  lang: Lang;
  currency: string;
  /** Display name of a metric; default: the catalogue's zh/en name. */
  metricName?: (id: string) => string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Finite number or null (NaN/±Infinity never reach JSON). -0 becomes 0. */
function num(x: number | null | undefined): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  return x === 0 ? 0 : x;
}

/** Money to cents, half-up on the decimal text (980000.005 → 980000.01). */
function money(x: number | null | undefined): number | null {
  return roundNumber(x, 2);
}

function period(p: Period): Json {
  return { id: p.id, start: isoDay(p.start), end: isoDay(p.end) };
}

function variance(v: Variance | undefined, unit: MetricUnit): Json {
  if (!v) return null;
  const val = unit === 'money' ? money : num;
  const o: { [k: string]: Json } = { gap: val(v.gap), gap_pct: num(v.gap_pct) };
  if (v.threshold_cleared !== undefined) o.threshold_cleared = v.threshold_cleared;
  if (v.prior) o.prior = { period: v.prior.period, actual: val(v.prior.actual) };
  if (v.last_year) o.last_year = { period: v.last_year.period, actual: val(v.last_year.actual) };
  if (v.bridge) {
    o.bridge = {
      new_customers: money(v.bridge.new_customers), lost_customers: money(v.bridge.lost_customers),
      existing_customers: money(v.bridge.existing_customers), other: money(v.bridge.other),
    };
  }
  if (v.volume_effect !== undefined) o.volume_effect = money(v.volume_effect);
  if (v.price_effect !== undefined) o.price_effect = money(v.price_effect);
  if (v.top_movers) {
    o.top_movers = v.top_movers.map((t) => ({
      customer_id: t.customer_id, prior: money(t.prior), current: money(t.current), change: money(t.change),
      ...(t.others_prior !== undefined ? { others_prior: money(t.others_prior) } : {}),
      ...(t.others_current !== undefined ? { others_current: money(t.others_current) } : {}),
      ...(t.new_customer !== undefined ? { new_customer: t.new_customer } : {}),
    }));
  }
  if (v.contributor) o.contributor = { kind: v.contributor.kind, id: v.contributor.id, numerator: num(v.contributor.numerator), denominator: v.contributor.denominator === null ? null : num(v.contributor.denominator) };
  if (v.numerator !== undefined) o.numerator = num(v.numerator);
  if (v.denominator !== undefined) o.denominator = num(v.denominator);
  if (v.counts) o.counts = counts(v.counts);
  if (v.low_sample !== undefined) o.low_sample = v.low_sample;
  if (v.projection) {
    o.projection = { as_of: v.projection.as_of, projected: val(v.projection.projected), needed_per_day: val(v.projection.needed_per_day) };
  }
  return o;
}

function counts(c: Record<string, number>): Json {
  const o: { [k: string]: Json } = {};
  for (const k of Object.keys(c)) o[k] = num(c[k]);
  return o;
}

function kpiJson(k: KpiResult, name: (id: string) => string): Json {
  const def = metricDef(k.metric);
  const unit: MetricUnit = def?.unit ?? 'count';
  const val = unit === 'money' ? money : num;
  return {
    metric: k.metric,
    name: name(k.metric),
    unit,
    direction: def?.direction ?? 'up',
    actual: val(k.actual),
    target: val(k.target),
    target_source: k.targetSource,
    prorated: k.prorated,
    weight: num(k.weight),
    threshold: num(k.threshold),
    cap: num(k.cap),
    achievement: num(k.achievement),
    score: num(k.score),
    met: k.met,
    missing: k.missing,
    missing_policy: k.missingPolicy,
    variance: variance(k.variance, unit),
    explanation: [...k.explanation],
  };
}

/** A diagnostic in the JSON documents (score and payout alike): every key present, null when absent. */
export function warning(d: Diagnostic): Json {
  return {
    code: d.code, severity: d.severity, message: d.message,
    file: d.file ?? null, sheet: d.sheet ?? null, row: d.row ?? null, column: d.column ?? null,
    value: d.value ?? null, line: d.line ?? null, col: d.col ?? null,
  };
}

/** The `kpi.score/1` document as a plain object (key order fixed). */
export function scoreJsonDocument(result: ScoreResult, opts: ScoreJsonOptions): Json {
  const name = opts.metricName ?? ((id: string) => metricLabel(opts.lang, id));
  return {
    schema: SCORE_SCHEMA,
    period: period(result.period),
    prior: period(result.prior),
    last_year: period(result.lastYear),
    as_of: result.asOf === null ? null : isoDay(result.asOf),
    currency: opts.currency,
    language: opts.lang,
    employees: result.employees.map((e) => ({
      id: e.id, name: e.name, team: e.team || null, role: e.role,
      proration: num(e.proration), score: num(e.score), rating: e.rating, rank: e.rank,
      kpis: e.kpis.map((k) => kpiJson(k, name)),
    })),
    teams: result.teams.map((t) => ({
      id: t.id, role: t.role, members: [...t.members], score: num(t.score), rating: t.rating,
      kpis: t.kpis.map((k) => kpiJson(k, name)),
    })),
    company: { kpis: result.company.kpis.map((k) => kpiJson(k, name)) },
    warnings: result.warnings.map(warning),
  };
}

/** `kpi.score/1` JSON text: 2-space indent, trailing newline, same bytes for the same result. */
export function renderScoreJson(result: ScoreResult, opts: ScoreJsonOptions): string {
  return JSON.stringify(scoreJsonDocument(result, opts), null, 2) + '\n';
}

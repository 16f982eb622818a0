/**
 * `kpi score --format csv`: one flat table, one row per (entity × KPI), employees first (in the
 * result's order), then teams, then the company. Headers are stable snake_case ids (scripts match
 * on them); metric names and ratings follow `lang`. Numbers as in JSON: full precision for
 * ratios/achievements/scores, money metric values rounded to cents. UTF-8 with BOM, CRLF.
 */
import type { KpiResult, ScoreResult } from '../engine/types.js';
import type { Lang } from '../plan/types.js';
import { metricDef } from '../engine/metrics/registry.js';
import { metricLabel, label } from './labels.js';
import { roundNumber } from './format.js';
import { toCsv, type CsvCell } from './csv.js';

export interface ScoreCsvOptions {
  lang: Lang;
  currency: string;
  metricName?: (id: string) => string;
}

export const SCORE_CSV_HEADER = [
  'entity_type', 'id', 'name', 'team', 'role', 'metric', 'metric_name', 'unit', 'actual', 'target',
  'achievement', 'score', 'weight', 'met', 'missing', 'prorated', 'total_score', 'rating',
] as const;

function value(metric: string, x: number | null): CsvCell {
  if (x === null || !Number.isFinite(x)) return null;
  return metricDef(metric)?.unit === 'money' ? roundNumber(x, 2) : x;
}

/** The rows of the flat table (without header), for the CSV and for tests. */
export function scoreCsvRows(result: ScoreResult, opts: ScoreCsvOptions): CsvCell[][] {
  const name = opts.metricName ?? ((id: string) => metricLabel(opts.lang, id));
  const rows: CsvCell[][] = [];
  const add = (type: string, id: string, nm: string, team: string | null, role: string | null,
    k: KpiResult, total: number | null, rating: string | null) => {
    rows.push([
      type, id, nm, team, role, k.metric, name(k.metric), metricDef(k.metric)?.unit ?? null,
      value(k.metric, k.actual), value(k.metric, k.target), k.achievement, k.score, k.weight,
      k.met, k.missing, k.prorated, total, rating,
    ]);
  };
  for (const e of result.employees) for (const k of e.kpis) add('employee', e.id, e.name, e.team, e.role, k, e.score, e.rating);
  for (const t of result.teams) for (const k of t.kpis) add('team', t.id, t.id, t.id, t.role, k, t.score, t.rating);
  for (const k of result.company.kpis) add('company', 'company', label(opts.lang, 'company'), null, null, k, null, null);
  return rows;
}

/** CSV text (BOM + CRLF), identical bytes for the same result. */
export function renderScoreCsv(result: ScoreResult, opts: ScoreCsvOptions): string {
  return toCsv(SCORE_CSV_HEADER, scoreCsvRows(result, opts));
}

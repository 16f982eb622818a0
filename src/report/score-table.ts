/**
 * `kpi score` as text for a terminal: one cli-table3 table per role, employees in rank order, then
 * one subtotal row per team of that role and a company line. Each KPI cell reads
 * "actual / target" over "achievement · score"; colour: green = met (achievement ≥ 100%),
 * red = below the KPI's threshold, yellow = in between. The first explanation sentence of every
 * missed KPI is printed under the employee. With a level-0 chalk the text has no escapes at all.
 */
import { atLeast } from '../engine/bounds.js';
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { EmployeeScore, KpiResult, ScoreResult } from '../engine/types.js';
import type { Lang } from '../plan/types.js';
import { isoDay } from '../engine/calendar.js';
import { metricDef } from '../engine/metrics/registry.js';
import { label, metricLabel } from './labels.js';
import {
  displayWidth, formatAchievement, formatMetricValue, formatNumber, formatScore, NO_VALUE,
} from './format.js';

export interface ScoreTableOptions {
  lang: Lang;
  /** chalk 5 instance with the level the CLI decided (0 = no escapes). */
  color: ChalkInstance;
  /** ISO currency code for money cells (CNY → ¥, USD → $, else the code). */
  currency: string;
  /** Display name of a metric; default: the catalogue's zh/en name. */
  metricName?: (id: string) => string;
  /** Terminal columns to fit (default 120); wider tables stack actual over target. */
  width?: number;
}

const BAR_CELLS = 8;
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of 8 cells for a score on 0…100 (full above 100), in eighths: 62.5 → "█████". */
export function scoreBar(score: number | null): string {
  if (score === null || !Number.isFinite(score)) return ' '.repeat(BAR_CELLS);
  const eighths = Math.round((Math.max(0, Math.min(100, score)) / 100) * BAR_CELLS * 8);
  const full = Math.floor(eighths / 8);
  const part = PARTIAL[eighths % 8];
  const bar = '█'.repeat(full) + part;
  return bar + ' '.repeat(BAR_CELLS - full - (part ? 1 : 0));
}

/**
 * Greedy line wrap to `width` display columns: breaks at spaces, and between any two CJK
 * characters; a word longer than a line is cut. Continuation lines start with `indent`.
 */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const tokens = text.match(/[\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffe6]|\s+|[^\s\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffe6]+/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  const max = Math.max(4, width);
  const push = () => { lines.push(line.replace(/\s+$/, '')); line = indent; };
  for (let tok of tokens) {
    if (/^\s+$/.test(tok)) {
      if (line.trim() !== '') line += ' ';
      continue;
    }
    while (displayWidth(line) + displayWidth(tok) > max) {
      if (line.trim() !== '') { push(); continue; }
      // A token wider than a whole line: cut it.
      let cut = '';
      for (const ch of tok) {
        if (displayWidth(line + cut + ch) > max) break;
        cut += ch;
      }
      if (!cut) break;
      line += cut;
      tok = tok.slice(cut.length);
      push();
    }
    line += tok;
  }
  if (line.trim() !== '') lines.push(line.replace(/\s+$/, ''));
  return lines;
}

/** Renders the score tables (see module doc). Ends with a newline. */
export function renderScoreTable(result: ScoreResult, opts: ScoreTableOptions): string {
  const c = opts.color;
  const L = (k: Parameters<typeof label>[1]) => label(opts.lang, k);
  const name = opts.metricName ?? ((id: string) => metricLabel(opts.lang, id));
  const p = result.period;
  const maxWidth = opts.width ?? 120;
  const out: string[] = [];
  let head = `${L('title')} · ${p.id} (${isoDay(p.start)} – ${isoDay(p.end)})`;
  if (result.asOf !== null) head += ` · ${L('as_of')} ${isoDay(result.asOf)}`;
  out.push(c.bold(head), '');

  const roles: string[] = [];
  for (const e of result.employees) if (!roles.includes(e.role)) roles.push(e.role);
  let anyProrated = false, anyMissing = false;

  for (const role of roles) {
    const emps = result.employees.filter((e) => e.role === role).sort((a, b) => a.rank - b.rank || cmp(a.id, b.id));
    const metrics = emps[0].kpis.map((k) => ({ id: k.metric, weight: k.weight }));
    const ncols = 4 + metrics.length + 2;
    const header = [
      '#', L('id'), L('name'), L('team'),
      // Long metric names wrap at 16 columns so the header never sets a KPI column's width alone.
      ...metrics.map((m) => `${wrapText(name(m.id), 16).join('\n')}\n${L('weight')} ${formatNumber(m.weight, 0)}`),
      L('total_score'), L('rating'),
    ].map((h) => c.bold(h));

    const build = (stacked: boolean) => {
      const rows: Table.CellValue[][] = [];
      const explRows: { after: number; lines: string[] }[] = [];
      const cellFor = (k: KpiResult | undefined): string => {
        if (!k) return c.dim(NO_VALUE);
        if (k.prorated) anyProrated = true;
        if (k.missing) anyMissing = true;
        return kpiCell(k, opts, stacked);
      };
      for (const e of emps) {
        rows.push([
          String(e.rank), e.id, e.name, e.team,
          ...metrics.map((m) => cellFor(e.kpis.find((k) => k.metric === m.id))),
          totalCell(e.score), e.rating ?? NO_VALUE,
        ]);
        const missed = explanationsOf(e, name, opts.lang);
        if (missed.length) explRows.push({ after: rows.length - 1, lines: missed });
      }
      const teamRows: Table.CellValue[][] = [];
      for (const t of result.teams.filter((t) => t.role === role)) {
        teamRows.push([
          '', '', c.bold(t.id), L('subtotal'),
          ...metrics.map((m) => cellFor(t.kpis.find((k) => k.metric === m.id))),
          totalCell(t.score), t.rating ?? NO_VALUE,
        ]);
      }
      const companyRow: Table.CellValue[] = [
        '', '', c.bold(L('company')), '',
        ...metrics.map((m) => cellFor(result.company.kpis.find((k) => k.metric === m.id))),
        NO_VALUE.padStart(5), '',
      ];

      // Natural column widths (content + 2 padding), to wrap explanation rows to the table's width.
      const all = [header, ...rows, ...teamRows, companyRow];
      const widths = Array.from({ length: ncols }, (_, i) =>
        Math.max(...all.map((r) => Math.max(...String(r[i] ?? '').split('\n').map(displayWidth)))) + 2);
      const spanInner = widths.reduce((a, b) => a + b, 0) + (ncols - 1) - 2;
      return { rows, explRows, teamRows, companyRow, spanInner, total: spanInner + 4 };
    };
    // Two-line KPI cells when the table fits the width; otherwise actual and target on their own lines.
    let layout = build(false);
    if (layout.total > maxWidth) layout = build(true);
    const { rows, explRows, teamRows, companyRow, spanInner } = layout;

    const table = new Table({
      head: header,
      style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
      wordWrap: false,
    });
    for (let i = 0; i < rows.length; i++) {
      table.push(rows[i].map((v, j) => (j === 0 ? { content: v, hAlign: 'right' as const } : v)));
      const ex = explRows.find((x) => x.after === i);
      if (ex) {
        const text = ex.lines.flatMap((l) => wrapText(l, spanInner - 3, '  ')).map((l) => '   ' + c.dim(l)).join('\n');
        table.push([{ content: text, colSpan: ncols }]);
      }
    }
    for (const r of teamRows) table.push(r);
    table.push(companyRow);

    out.push(c.bold(`${L('role')}: ${role}`) + `  (${emps.length})`);
    out.push(c.dim(`${L('actual_target')} / ${L('ach_score')}`));
    out.push(table.toString(), '');
  }
  const legend: string[] = [];
  if (anyProrated) legend.push(L('legend_prorated'));
  if (anyMissing) legend.push(L('legend_missing'));
  if (legend.length) out.push(c.dim(legend.join('   ')));
  if (result.warnings.length) out.push(c.yellow(`${result.warnings.length} ${L('warnings')}`));
  return out.join('\n').replace(/\n*$/, '\n');

  function kpiCell(k: KpiResult, o: ScoreTableOptions, stacked: boolean): string {
    const unit = metricDef(k.metric)?.unit ?? 'count';
    const actual = formatMetricValue(unit, k.actual, o.currency, o.lang);
    const target = formatMetricValue(unit, k.target, o.currency, o.lang) + (k.prorated ? '*' : '');
    const line1 = stacked ? `${actual}\n/ ${target}` : `${actual} / ${target}`;
    if (k.missing || k.achievement === null) {
      // A draft plan (`kpi init --from`) has actuals but `target: null`: say which is missing.
      const why = k.missingPolicy === 'zero' && k.score !== null ? L('scored_zero') : k.actual !== null && k.target === null ? L('no_target') : L('no_data');
      return `${line1}\n${c.dim(`∅ ${why}`)}`;
    }
    const line2 = `${formatAchievement(k.achievement)} · ${formatScore(k.score)}`;
    const paint = k.met ? c.green : !atLeast(k.achievement, k.threshold) ? c.red : c.yellow;
    return `${line1}\n${paint(line2)}`;
  }

  function totalCell(score: number | null): string {
    return `${formatScore(score).padStart(5)} ${c.cyan(scoreBar(score))}`;
  }
}

/**
 * The most telling sentence of each missed KPI (met === false): the second one — the "why"
 * (revenue bridge, numerator and denominator, the comparison) — since the first only restates
 * the numbers already in the row; the first when there is no second. Prefixed with the KPI's
 * name unless the sentence already starts with it, and, when the KPI scored 0 for missing its
 * threshold, by that (the row shows "70.8% · 0.0", which without colour says nothing of why).
 */
function explanationsOf(e: EmployeeScore, name: (id: string) => string, lang: Lang): string[] {
  const lines: string[] = [];
  for (const k of e.kpis) {
    if (k.met !== false || k.explanation.length === 0) continue;
    const sentence = k.explanation[1] ?? k.explanation[0];
    const n = name(k.metric);
    // Worded and punctuated as the first sentence's clause (report/explain.ts).
    const t = formatAchievement(k.threshold).replace(/\.0%$/, '%');
    const below = k.variance?.threshold_cleared === false && k.threshold > 0 && k.explanation.length > 1
      ? (lang === 'zh' ? `未过 ${t} 门槛,本项 0 分;` : `below the ${t} threshold, so it scores 0; `)
      : '';
    lines.push(sentence.startsWith(n) && !below ? `↳ ${sentence}` : `↳ ${n}: ${below}${sentence}`);
  }
  return lines;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

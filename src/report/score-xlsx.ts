/**
 * `kpi score --format xlsx`: sheets Summary, Achievement, Variance, Data quality and Inputs.
 * Numbers are real numbers with formats (money #,##0.00, percent 0.0%, hours 0.0); every text cell
 * goes through safeText(); headers are frozen and autofiltered; met/near/missed cells are coloured
 * with direct fills (Summary) and expression-based conditional formatting (Achievement) — no data
 * bars or icon sets, whose random ids would break reproducible bytes.
 */
import { atLeast } from '../engine/bounds.js';
import type { KpiResult, MetricUnit, ScoreResult } from '../engine/types.js';
import type { SourceStats } from '../model.js';
import type { Lang } from '../plan/types.js';
import { ymdOfDay, type Day } from '../engine/calendar.js';
import { metricDef } from '../engine/metrics/registry.js';
import { label, metricLabel, type LabelKey } from './labels.js';
import { roundNumber } from './format.js';
import {
  addTableSheet, colLetter, createWorkbook, FMT, loadExcel, statusDxf, workbookToBuffer, writeTable,
  type ColumnSpec, type Fill, type XCell,
} from './xlsx.js';

export interface ScoreXlsxOptions {
  lang: Lang;
  currency: string;
  metricName?: (id: string) => string;
  /** Source files read (the Inputs sheet). */
  inputs: readonly SourceStats[];
  /** The plan file's text, echoed line by line on the Inputs sheet. */
  planText: string;
  /** The plan file's path as shown to the user. */
  planFile: string;
}

/** Sheet names (fixed, English, so formulas and scripts can rely on them). */
export const SCORE_SHEETS = ['Summary', 'Achievement', 'Variance', 'Data quality', 'Inputs'] as const;

function unitOf(metric: string): MetricUnit {
  return metricDef(metric)?.unit ?? 'count';
}

/** Number format for a metric value of `unit`; counts show decimals only when fractional. */
export function unitFormat(unit: MetricUnit, x: number | null): string {
  switch (unit) {
    case 'money': return FMT.money;
    case 'ratio': return FMT.percent;
    case 'hours': case 'per_day': return FMT.oneDecimal;
    case 'nps': return '0';
    case 'score': return FMT.twoDecimals;
    case 'count': return x !== null && !Number.isInteger(x) ? FMT.twoDecimals : FMT.integer;
  }
}

/** A metric value cell: money rounded to cents, with its unit's format. */
function valueCell(metric: string, x: number | null | undefined): XCell {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const unit = unitOf(metric);
  const v = unit === 'money' ? roundNumber(x, 2) : x;
  return { v, fmt: unitFormat(unit, v) };
}

/** green: met; red: below threshold; yellow: in between; none without achievement. */
export function statusOf(k: KpiResult): Fill {
  if (k.achievement === null || !Number.isFinite(k.achievement)) return 'none';
  return k.met ? 'met' : !atLeast(k.achievement, k.threshold) ? 'missed' : 'near';
}

function dateCell(d: Day | null): XCell {
  if (d === null) return null;
  const { y, m, d: dd } = ymdOfDay(d);
  return { v: new Date(Date.UTC(y, m - 1, dd)), fmt: FMT.date };
}

/** Renders the workbook; same result and options give the same bytes. */
export async function renderScoreXlsx(result: ScoreResult, opts: ScoreXlsxOptions): Promise<Buffer> {
  const X = await loadExcel();
  const wb = createWorkbook(X);
  const L = (k: LabelKey) => label(opts.lang, k);
  const name = opts.metricName ?? ((id: string) => metricLabel(opts.lang, id));
  const yesNo = (b: boolean | null): XCell => (b === null ? null : b ? L('yes') : L('no'));

  // Employees grouped by role (first appearance), in rank order.
  const roles: string[] = [];
  for (const e of result.employees) if (!roles.includes(e.role)) roles.push(e.role);
  const emps = roles.flatMap((r) => result.employees.filter((e) => e.role === r).sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1)));
  const metrics: string[] = [];
  for (const e of emps) for (const k of e.kpis) if (!metrics.includes(k.metric)) metrics.push(k.metric);
  for (const k of result.company.kpis) if (!metrics.includes(k.metric)) metrics.push(k.metric);

  // Summary
  const achCell = (k: KpiResult | undefined): XCell =>
    k ? { v: k.achievement, fmt: FMT.percent, fill: statusOf(k) } : null;
  const sumCols: ColumnSpec[] = [
    { header: L('entity_type') }, { header: L('rank'), fmt: '0' }, { header: L('id') }, { header: L('name') },
    { header: L('team') }, { header: L('role') }, { header: L('total_score'), fmt: FMT.oneDecimal }, { header: L('rating') },
    ...metrics.map((m) => ({ header: `${name(m)} ${L('achievement')}`, fmt: FMT.percent })),
  ];
  const sumRows: XCell[][] = [];
  for (const e of emps) {
    sumRows.push([L('employee'), e.rank, e.id, e.name, e.team, e.role, e.score, e.rating,
      ...metrics.map((m) => achCell(e.kpis.find((k) => k.metric === m)))]);
  }
  for (const t of result.teams) {
    sumRows.push([L('team_subtotal'), null, t.id, t.id, t.id, t.role, t.score, t.rating,
      ...metrics.map((m) => achCell(t.kpis.find((k) => k.metric === m)))]);
  }
  sumRows.push([L('company'), null, 'company', L('company'), null, null, null, null,
    ...metrics.map((m) => achCell(result.company.kpis.find((k) => k.metric === m)))]);
  addTableSheet(wb, 'Summary', sumCols, sumRows, { freezeCols: 4 }); // type, rank, id, name

  // Achievement
  const achCols: ColumnSpec[] = [
    { header: L('entity_type') }, { header: L('id') }, { header: L('name') }, { header: L('team') }, { header: L('role') },
    { header: L('metric_id') }, { header: L('metric') }, { header: L('actual') }, { header: L('target') },
    { header: L('target_source') }, { header: L('prorated') }, { header: L('achievement'), fmt: FMT.percent },
    { header: L('threshold'), fmt: FMT.percent }, { header: L('cap'), fmt: FMT.percent }, { header: L('weight'), fmt: 'General' },
    { header: L('score'), fmt: FMT.oneDecimal }, { header: L('met') }, { header: L('missing') },
  ];
  const achRows: XCell[][] = [];
  const achRow = (type: string, id: string, nm: string, team: string | null, role: string | null, k: KpiResult): XCell[] => [
    type, id, nm, team, role, k.metric, name(k.metric), valueCell(k.metric, k.actual), valueCell(k.metric, k.target),
    k.targetSource, yesNo(k.prorated), k.achievement, k.threshold, k.cap, k.weight, k.score, yesNo(k.met), yesNo(k.missing),
  ];
  for (const e of emps) for (const k of e.kpis) achRows.push(achRow(L('employee'), e.id, e.name, e.team, e.role, k));
  for (const t of result.teams) for (const k of t.kpis) achRows.push(achRow(L('team_subtotal'), t.id, t.id, t.id, t.role, k));
  for (const k of result.company.kpis) achRows.push(achRow(L('company'), 'company', L('company'), null, null, k));
  const ach = addTableSheet(wb, 'Achievement', achCols, achRows, { freezeCols: 3 }); // type, id, name
  if (achRows.length) {
    const a = colLetter(achCols.findIndex((c) => c.header === L('achievement')) + 1); // L
    const t = colLetter(achCols.findIndex((c) => c.header === L('threshold')) + 1); // M
    const ref = `${a}2:${a}${achRows.length + 1}`;
    const green = statusDxf('met'), red = statusDxf('missed'), yellow = statusDxf('near');
    ach.addConditionalFormatting({
      ref,
      rules: [
        { type: 'expression', priority: 1, formulae: [`AND(ISNUMBER(${a}2),${a}2>=1)`], style: { fill: green.fill, font: green.font } },
        { type: 'expression', priority: 2, formulae: [`AND(ISNUMBER(${a}2),${a}2<${t}2)`], style: { fill: red.fill, font: red.font } },
        { type: 'expression', priority: 3, formulae: [`ISNUMBER(${a}2)`], style: { fill: yellow.fill, font: yellow.font } },
      ],
    });
  }

  // Variance (employees)
  const varCols: ColumnSpec[] = [
    { header: L('id') }, { header: L('name') }, { header: L('role') }, { header: L('metric_id') }, { header: L('metric') },
    { header: L('actual') }, { header: L('target') }, { header: L('gap') }, { header: L('gap_pct'), fmt: FMT.percent },
    { header: `${L('prior')} (${result.prior.id})` }, { header: `${L('last_year')} (${result.lastYear.id})` },
    { header: L('bridge_new'), fmt: FMT.money }, { header: L('bridge_lost'), fmt: FMT.money },
    { header: L('bridge_existing'), fmt: FMT.money }, { header: L('bridge_other'), fmt: FMT.money },
    { header: L('volume_effect'), fmt: FMT.money }, { header: L('price_effect'), fmt: FMT.money },
    { header: L('numerator'), fmt: 'General' }, { header: L('denominator'), fmt: 'General' },
    { header: L('low_sample') }, { header: L('explanation'), maxWidth: 80 },
  ];
  const varRows: XCell[][] = [];
  for (const e of emps) {
    for (const k of e.kpis) {
      const v = k.variance;
      varRows.push([
        e.id, e.name, e.role, k.metric, name(k.metric), valueCell(k.metric, k.actual), valueCell(k.metric, k.target),
        valueCell(k.metric, v?.gap), v?.gap_pct ?? null,
        valueCell(k.metric, v?.prior?.actual), valueCell(k.metric, v?.last_year?.actual),
        roundNumber(v?.bridge?.new_customers, 2), roundNumber(v?.bridge?.lost_customers, 2),
        roundNumber(v?.bridge?.existing_customers, 2), roundNumber(v?.bridge?.other, 2),
        roundNumber(v?.volume_effect, 2), roundNumber(v?.price_effect, 2),
        v?.numerator ?? k.facts.numerator ?? null, v?.denominator ?? k.facts.denominator ?? null,
        v?.low_sample === undefined ? null : yesNo(v.low_sample), k.explanation.join(' '),
      ]);
    }
  }
  addTableSheet(wb, 'Variance', varCols, varRows, { freezeCols: 2 }); // id, name

  // Data quality
  const dqCols: ColumnSpec[] = [
    { header: L('severity') }, { header: L('code') }, { header: L('file') }, { header: L('sheet') }, { header: L('row'), fmt: '0' },
    { header: L('column') }, { header: L('value') }, { header: L('message'), maxWidth: 100 },
  ];
  addTableSheet(wb, 'Data quality', dqCols, result.warnings.map((d) => [
    d.severity, d.code, d.file ?? null, d.sheet ?? null, d.row ?? d.line ?? null, d.column ?? null, d.value ?? null, d.message,
  ]));

  // Inputs: sources, then the plan echoed line by line.
  const inCols: ColumnSpec[] = [
    { header: L('source') }, { header: L('file') }, { header: L('sheet') }, { header: L('encoding') }, { header: L('sha256'), maxWidth: 70 },
    { header: L('rows_read'), fmt: FMT.integer }, { header: L('rows_kept'), fmt: FMT.integer }, { header: L('rows_excluded'), fmt: FMT.integer },
    { header: L('excluded_detail') }, { header: L('first_date') }, { header: L('last_date') },
  ];
  const inRows: XCell[][] = opts.inputs.map((s) => [
    s.source, s.file, s.sheet ?? null, s.encoding ?? null, s.sha256, s.rowsRead, s.rowsKept,
    Object.values(s.excluded).reduce((a, b) => a + b, 0),
    Object.keys(s.excluded).sort().map((k) => `${k}: ${s.excluded[k]}`).join('; ') || null,
    dateCell(s.minDay), dateCell(s.maxDay),
  ]);
  const inputs = addTableSheet(wb, 'Inputs', inCols, inRows);
  const planTop = inRows.length + 3;
  inputs.getRow(planTop - 1).getCell(1).value = `${L('plan')}: ${opts.planFile}`.replace(/^[=+\-@\t\r\n]/, "'$&");
  inputs.getRow(planTop - 1).getCell(1).font = { bold: true };
  const planLines = opts.planText.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  writeTable(inputs, planTop, [{ header: L('line'), fmt: '0' }, { header: L('text'), maxWidth: 70 }],
    planLines.map((t, i) => [i + 1, t]));
  // Text cells of the plan keep their leading spaces visible.
  for (let i = 0; i < planLines.length; i++) inputs.getRow(planTop + 1 + i).getCell(2).alignment = { horizontal: 'left' };

  return workbookToBuffer(wb);
}

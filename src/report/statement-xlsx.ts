/**
 * A one-page payout statement for one employee (`kpi payout --statements DIR` writes `<id>.xlsx`
 * per employee): company, period, name and team; the employee's KPIs (actual, target,
 * achievement, weight, score), total score and rating; each payout component with its basis and
 * amount; and the total as a SUM formula over the amounts, cached at the engine's total.
 * Nothing about other employees is in the file.
 */
import type { EmployeePayout, EmployeeScore, Period } from '../engine/types.js';
import type { Lang } from '../plan/types.js';
import { isoDay } from '../engine/calendar.js';
import { metricDef } from '../engine/metrics/registry.js';
import { label, metricLabel } from './labels.js';
import { moneyNumber } from './payout-json.js';
import { displayWidth } from './format.js';
import { moneyFormat } from './payout-xlsx.js';
import { createWorkbook, FMT, loadExcel, safeText, styleHeaderRow, workbookToBuffer, type Worksheet } from './xlsx.js';

export interface StatementOptions {
  lang: Lang;
  period: Period;
  company?: string;
  /** Defaults to the employee's currency. */
  currency?: string;
  metricName?: (id: string) => string;
}


function valueFormat(metric: string): string {
  switch (metricDef(metric)?.unit) {
    case 'money': return FMT.money;
    case 'ratio': return '0.0%';
    case 'hours': return '0.0';
    case 'nps': return '0.0';
    case 'per_day': return '0.0';
    default: return '#,##0.##';
  }
}

function put(ws: Worksheet, r: number, c: number, v: string | number | null, numFmt?: string, bold = false): void {
  const cell = ws.getRow(r).getCell(c);
  if (v === null) return;
  cell.value = typeof v === 'string' ? safeText(v) : v;
  if (numFmt && typeof v === 'number') cell.numFmt = numFmt;
  if (bold) cell.font = { bold: true };
}

/** The employee's statement workbook as xlsx bytes (fixed dates, reproducible). */
export async function renderStatementXlsx(emp: EmployeePayout, score: EmployeeScore | undefined, opts: StatementOptions): Promise<Buffer> {
  const { lang } = opts;
  const L = (k: Parameters<typeof label>[1]): string => label(lang, k);
  const currency = opts.currency ?? emp.currency;
  const money = moneyFormat(currency);
  const mname = opts.metricName ?? ((id: string) => metricLabel(lang, id));
  const wb = createWorkbook(await loadExcel());
  const ws = wb.addWorksheet(lang === 'zh' ? '结算单' : 'Statement', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [{ width: 30 }, { width: 16 }, { width: 16 }, { width: 12 }, { width: 9 }, { width: 10 }, { width: 40 }];

  let r = 1;
  put(ws, r, 1, opts.company ?? '', undefined, true);
  ws.getRow(r).getCell(1).font = { bold: true, size: 14 };
  r++;
  put(ws, r++, 1, label(lang, 'statement_title'), undefined, true);
  const p = opts.period;
  const facts: [string, string | number | null, string?][] = [
    [L('period'), `${p.id} (${isoDay(p.start)} – ${isoDay(p.end)})`],
    [L('id'), emp.id], [L('name'), emp.name], [L('team'), emp.team], [L('role'), emp.role],
    [label(lang, 'currency'), currency],
  ];
  if (score && score.proration !== 1) facts.push([label(lang, 'proration'), score.proration, '0.0%']);
  for (const [k, v, f] of facts) { put(ws, r, 1, k, undefined, true); put(ws, r, 2, v, f); r++; }

  if (score) {
    r++;
    put(ws, r++, 1, label(lang, 'kpis'), undefined, true);
    const head = [L('metric'), L('actual'), L('target'), L('achievement'), L('weight'), L('score'), L('note')];
    head.forEach((h, i) => put(ws, r, i + 1, h));
    styleHeaderRow(ws, r, head.length);
    r++;
    for (const k of score.kpis) {
      put(ws, r, 1, mname(k.metric));
      put(ws, r, 2, k.actual, valueFormat(k.metric));
      put(ws, r, 3, k.target, valueFormat(k.metric));
      put(ws, r, 4, k.achievement, '0.0%');
      put(ws, r, 5, k.weight, 'General');
      put(ws, r, 6, k.score, '0.0');
      // Why a row does not read as weight × score / 100 (an employee checks the sum by hand).
      const notes: string[] = [];
      if (k.score === null) notes.push(L('note_not_counted'));
      else if (k.missing) notes.push(L('note_scored_zero'));
      else if (k.variance?.threshold_cleared === false && k.threshold > 0) notes.push(L('note_below_threshold'));
      if (k.prorated) notes.push(L('note_prorated'));
      if (notes.length) put(ws, r, 7, notes.join(lang === 'zh' ? '；' : '; '));
      r++;
    }
    put(ws, r, 1, label(lang, 'statement_total_score'), undefined, true);
    put(ws, r, 6, score.score, '0.0', true);
    // With a KPI not counted, the total divides by the counted weights (85), not by 100.
    const counted = score.kpis.filter((k) => k.score !== null).reduce((s, k) => s + k.weight, 0);
    if (score.kpis.some((k) => k.score === null) && counted > 0) put(ws, r, 7, `${L('note_renormalised')} (${counted})`);
    r++;
    put(ws, r, 1, L('rating'), undefined, true);
    put(ws, r, 6, score.rating ?? '—', undefined, true);
    r++;
  }

  r++;
  put(ws, r++, 1, label(lang, 'payout'), undefined, true);
  put(ws, r, 1, label(lang, 'component'));
  put(ws, r, 2, label(lang, 'basis'));
  put(ws, r, 4, label(lang, 'amount'));
  styleHeaderRow(ws, r, 4);
  ws.mergeCells(r, 2, r, 3);
  r++;
  const first = r;
  for (const c of emp.components) {
    put(ws, r, 1, c.name);
    put(ws, r, 2, c.basis);
    ws.mergeCells(r, 2, r, 3);
    ws.getRow(r).getCell(2).alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(r).getCell(1).alignment = { wrapText: true, vertical: 'top' };
    put(ws, r, 4, moneyNumber(c.amount), money);
    // LibreOffice does not grow rows for wrapped text on import: size them from the text.
    const lines = Math.max(Math.ceil(displayWidth(c.basis) / 30), Math.ceil(displayWidth(c.name) / 28), 1);
    if (lines > 1) ws.getRow(r).height = 15 * lines;
    ws.getRow(r).getCell(4).alignment = { vertical: 'top' };
    r++;
  }
  put(ws, r, 1, label(lang, 'statement_total'), undefined, true);
  const total = ws.getRow(r).getCell(4);
  total.value = emp.components.length
    ? { formula: `ROUND(SUM(D${first}:D${r - 1}),2)`, result: moneyNumber(emp.total), date1904: false }
    : moneyNumber(emp.total);
  total.numFmt = money;
  total.font = { bold: true };
  for (let c = 1; c <= 4; c++) ws.getRow(r).getCell(c).border = { top: { style: 'thin' }, bottom: { style: 'double' } };
  return workbookToBuffer(wb);
}

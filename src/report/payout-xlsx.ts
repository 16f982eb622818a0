/**
 * `kpi payout --format xlsx`: the workbook finance audits (PRODUCT.md §7, §9, §13).
 *
 * - Payout: one row per employee. Visible inputs (score, proration, base salary, the metric
 *   values / achievements / prorated targets / event counts the rules read), then per role and
 *   component a FORMULA over those cells and the Rules sheet, a cap-adjustment formula for roles
 *   with a payout cap/floor, Total = SUM of the row's component cells, and a totals row = SUM of
 *   each column. Every formula cell carries the engine's amount as its cached result, so the file
 *   shows the right numbers unopened and recalculates to the same numbers.
 * - Rules: each role's tier tables, rates, curve points, amounts, bounds, min/max, cap/floor.
 * - Payout detail: one row per component line (with the engine's basis text).
 * - Inputs and Data quality: source files (SHA-256, rows) and the plan text; warnings.
 *
 * Before writing, every formula is recalculated with ./formula-eval.ts; a formula that does not
 * reproduce the engine's amount is replaced by the amount itself and reported in Data quality
 * (`payout_formula_mismatch`), so the sheet never shows a number the engine did not pay.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { EmployeePayout, PayoutLine, PayoutResult, ScoreResult } from '../engine/types.js';
import type { SourceStats } from '../model.js';
import type { Lang, Plan } from '../plan/types.js';
import { isoDay } from '../engine/calendar.js';
import { metricDef } from '../engine/metrics/registry.js';
import { EVENT_NAMES } from '../engine/payout/words.js';
import { label, metricLabel } from './labels.js';
import { D, gridEvaluator, type GridCell } from './formula-eval.js';
import { capAdjustmentFormula, cellNumber, componentFormula, inputKeys, inputValue, ruleRows, sumFormula,
  type InputKey, type RuleRow } from './payout-formulas.js';
import { centsText, moneyNumber } from './payout-json.js';
import { byRole } from './payout-table.js';
import { currencySign, displayWidth, formatNumber, formatPercent } from './format.js';
import {
  addTableSheet, colLetter, createWorkbook, FMT, loadExcel, safeText, workbookToBuffer, writeTable,
  type Workbook, type Worksheet, type XCell,
} from './xlsx.js';


export interface PayoutXlsxOptions {
  lang: Lang;
  /** The plan (company name and the roles' payout_cap / payout_floor); optional for tests. */
  plan?: Pick<Plan, 'company' | 'roles'>;
  /** The score result, for each employee's proration when no score_bonus line carries it. */
  score?: ScoreResult;
  /** Source files read (Inputs sheet). */
  inputs: SourceStats[];
  /** The plan file's text, echoed on the Inputs sheet. */
  planText: string;
  /** The plan file's path as shown to the user (Inputs sheet). */
  planFile?: string;
  company?: string;
  /** Accepted for symmetry with the other renderers; the result's currency is used. */
  currency?: string;
  metricName?: (id: string) => string;
}



function inputHeader(key: InputKey, lang: Lang): string {
  if (key === 'score') return label(lang, 'score');
  if (key === 'proration') return label(lang, 'proration');
  if (key === 'salary') return label(lang, 'salary');
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'event') return EVENT_NAMES[id]?.[lang] ?? id;
  const m = metricLabel(lang, id);
  if (kind === 'ach') return `${label(lang, 'achievement')}: ${m}`;
  if (kind === 'target') return `${label(lang, 'payout_target')}: ${m}`;
  return m;
}

/** Percentages with two decimals (0.0##% showed 67.391% beside 86.0% in one column). */
const PERCENT = '0.00%';
/** The plan's rates and bounds on the Rules sheet: two decimals, more when the plan has them (0.125%). */
const RATE = '0.00##%';

/** The number format of a metric's value: money, percent, hours, count. */
function unitFormat(metric: string | undefined): string {
  const unit = metric === undefined ? undefined : metricDef(metric)?.unit;
  return unit === 'money' ? '#,##0.00' : unit === 'ratio' ? PERCENT : unit === 'count' ? '#,##0.##' : '#,##0.0###';
}

/**
 * The format of a Payout detail line's input value (inputs.value): the commission base or the
 * metric a rule looked at in its own unit, a score, an event count; money for a cap adjustment.
 */
function detailInputFormat(l: PayoutLine): string {
  const s = l.spec;
  if (!s) return '#,##0.00';
  switch (s.type) {
    case 'commission': return unitFormat(s.base);
    case 'per_unit': case 'threshold_bonus': return unitFormat(s.metric);
    case 'penalty': return unitFormat(s.when.metric);
    case 'per_event': return '#,##0';
    default: return '0.0###'; // score_bonus: the total score, or an achievement in percent points
  }
}

function inputFormat(key: InputKey, money: string): string {
  if (key === 'score') return '0.0###';
  if (key === 'proration' || key.startsWith('ach:')) return PERCENT;
  if (key === 'salary') return money;
  if (key.startsWith('event:')) return '0';
  return unitFormat(key.slice(key.indexOf(':') + 1));
}

function ruleFormat(f: RuleRow['xFormat'], money: string): string | undefined {
  return f === 'money' ? money : f === 'percent' ? RATE : f === 'number' ? 'General' : undefined;
}

/** Sheet key of a cell in the check grid. */
const key = (col: number, row: number): string => `${col},${row}`;

/** The Payout and Rules sheets as models, plus notes for formulas replaced by values. */
export function buildPayoutSheets(result: PayoutResult, opts: Pick<PayoutXlsxOptions, 'lang' | 'plan' | 'score'>): {
  payout: SheetModel; rules: SheetModel; detail: SheetModel; notes: Diagnostic[]; cellOf: Map<string, string>;
} {
  const { lang } = opts;
  const money = moneyFormat(result.currency);
  const roles = byRole(result);

  // ---- Rules sheet: one row per rule parameter; remember where each lives.
  const rules: SheetModel = {
    name: 'Rules',
    columns: [label(lang, 'role'), '#', label(lang, 'component'), label(lang, 'type'), label(lang, 'parameter'), label(lang, 'bound'), label(lang, 'rule_value')]
      .map((header) => ({ header })),
    rows: [],
  };
  const ruleRef = new Map<string, { x: string; v: string }>();
  const specsOf = new Map<string, EmployeePayout['components']>();
  for (const [role, emps] of roles) {
    const lines = emps[0].components.filter((c) => c.type !== 'cap_adjustment');
    specsOf.set(role, lines);
    lines.forEach((line, i) => {
      if (!line.spec) return;
      for (const r of ruleRows(line.spec)) {
        const row = rules.rows.length + 2;
        ruleRef.set(`${role}|${i}|${r.key}`, { x: `Rules!$F$${row}`, v: `Rules!$G$${row}` });
        rules.rows.push([{ text: role }, { value: i + 1 }, { text: line.name }, { text: line.type }, { text: r.label[lang] },
          { value: r.x, numFmt: ruleFormat(r.xFormat, money) }, { value: r.value, numFmt: ruleFormat(r.valueFormat, money) }]);
      }
    });
    const spec = opts.plan?.roles?.[role];
    for (const [k, v] of [['payout_cap', spec?.payoutCap], ['payout_floor', spec?.payoutFloor]] as const) {
      if (v === undefined) continue;
      const row = rules.rows.length + 2;
      ruleRef.set(`${role}|role|${k}`, { x: `Rules!$F$${row}`, v: `Rules!$G$${row}` });
      rules.rows.push([{ text: role }, {}, { text: label(lang, k) }, { text: k }, { text: label(lang, k) }, {},
        { value: cellNumber(v), numFmt: money }]);
    }
  }

  // ---- Payout sheet columns.
  const fixed = ['id', 'name', 'team', 'role'] as const;
  const inputCols: InputKey[] = ['score', 'proration'];
  for (const lines of specsOf.values())
    for (const l of lines) if (l.spec) for (const k of inputKeys(l.spec)) if (!inputCols.includes(k)) inputCols.push(k);
  if (inputCols.includes('salary')) inputCols.splice(inputCols.indexOf('salary'), 1), inputCols.splice(2, 0, 'salary');
  const inputCol = new Map<InputKey, number>();
  inputCols.forEach((k, i) => inputCol.set(k, fixed.length + 1 + i));
  let col = fixed.length + inputCols.length + 1;
  const roleCols = new Map<string, { comps: number[]; cap: number | null; first: number; last: number }>();
  const amountHeaders: string[] = [];
  for (const [role, lines] of specsOf) {
    const comps = lines.map(() => col++);
    lines.forEach((l) => amountHeaders.push(`${role} · ${l.name}`));
    const hasCapRule = ruleRef.has(`${role}|role|payout_cap`) || ruleRef.has(`${role}|role|payout_floor`);
    const hasCapLine = roles.get(role)!.some((e) => e.components.some((c) => c.type === 'cap_adjustment'));
    const cap = hasCapRule || hasCapLine ? col++ : null;
    if (cap !== null) amountHeaders.push(`${role} · ${label(lang, 'cap_adjustment')}`);
    roleCols.set(role, { comps, cap, first: comps[0] ?? cap ?? col, last: cap ?? comps[comps.length - 1] ?? col });
  }
  const totalCol = col;
  const firstAmountCol = fixed.length + inputCols.length + 1;
  const columns = [
    ...fixed.map((f) => ({ header: label(lang, f) })),
    ...inputCols.map((k) => ({ header: inputHeader(k, lang), numFmt: inputFormat(k, money) })),
    ...amountHeaders.map((header) => ({ header, numFmt: money })),
    { header: label(lang, 'total'), numFmt: money },
  ];

  // ---- Cells, in a grid the evaluator can read (Payout + Rules).
  const grid = new Map<string, Map<string, GridCell>>([['Payout', new Map()], ['Rules', new Map()]]);
  rules.rows.forEach((cells, r) => cells.forEach((c, ci) => {
    if (c.value !== undefined) grid.get('Rules')!.set(key(ci + 1, r + 2), { value: c.value });
  }));
  const P = grid.get('Payout')!;
  const cached = new Map<string, string>(); // cell → engine amount (cents text)
  const componentCells: string[] = [], capCells: string[] = [], totalCells: string[] = [], footCells: string[] = [];
  const cellOf = new Map<string, string>(); // "empId|lineIndex" → "Payout!M3"
  const emps = result.employees;
  emps.forEach((e, idx) => {
    const row = idx + 2;
    const rc = roleCols.get(e.role)!;
    P.set(key(inputCol.get('score')!, row), { value: e.score });
    const prorationLine = e.components.find((c) => c.spec?.type === 'score_bonus');
    const share = prorationLine?.inputs.proration ?? opts.score?.employees.find((s) => s.id === e.id)?.proration ?? null;
    P.set(key(inputCol.get('proration')!, row), { value: share });
    let i = 0;
    e.components.forEach((line, li) => {
      if (line.type === 'cap_adjustment') {
        if (rc.cap !== null) cellOf.set(`${e.id}|${li}`, `Payout!${colLetter(rc.cap)}${row}`);
        return;
      }
      const c = rc.comps[i];
      const ci = i++;
      if (c === undefined) return;
      cellOf.set(`${e.id}|${li}`, `Payout!${colLetter(c)}${row}`);
      cached.set(key(c, row), centsText(line.amount));
      if (!line.spec) { P.set(key(c, row), { value: moneyNumber(line.amount) }); return; }
      for (const k of inputKeys(line.spec)) {
        const at = key(inputCol.get(k)!, row);
        if (P.get(at)?.value === undefined || P.get(at)?.value === null) P.set(at, { value: inputValue(k, line, e) });
      }
      const formula = componentFormula(line.spec, {
        x: (k) => ruleRef.get(`${e.role}|${ci}|${k}`)!.x,
        v: (k) => ruleRef.get(`${e.role}|${ci}|${k}`)!.v,
        input: (k) => `${colLetter(inputCol.get(k)!)}${row}`,
      });
      P.set(key(c, row), { formula });
      componentCells.push(key(c, row));
    });
    const range = (a: number, b: number): string => `${colLetter(a)}${row}:${colLetter(b)}${row}`;
    if (rc.cap !== null) {
      const capLine = e.components.find((l) => l.type === 'cap_adjustment');
      cached.set(key(rc.cap, row), centsText(capLine?.amount ?? '0'));
      const capRef = ruleRef.get(`${e.role}|role|payout_cap`)?.v ?? null;
      const floorRef = ruleRef.get(`${e.role}|role|payout_floor`)?.v ?? null;
      if (capRef || floorRef) {
        const last = rc.comps[rc.comps.length - 1] ?? rc.cap - 1;
        P.set(key(rc.cap, row), { formula: capAdjustmentFormula(range(rc.first, last), capRef, floorRef) });
        capCells.push(key(rc.cap, row));
      } else P.set(key(rc.cap, row), { value: moneyNumber(capLine?.amount ?? '0') });
    }
    // A role without payout components has nothing to sum: its total is a plain 0.
    if (rc.comps.length === 0 && rc.cap === null) P.set(key(totalCol, row), { value: 0 });
    else P.set(key(totalCol, row), { formula: sumFormula(range(rc.first, rc.last)) });
    cached.set(key(totalCol, row), centsText(e.total));
    totalCells.push(key(totalCol, row));
  });
  const footRow = emps.length + 2;
  for (let c = firstAmountCol; c <= totalCol; c++) {
    let sum = new D(0);
    for (let r = 2; r < footRow; r++) { const v = cached.get(key(c, r)); if (v !== undefined) sum = sum.plus(v); }
    P.set(key(c, footRow), { formula: sumFormula(`${colLetter(c)}2:${colLetter(c)}${Math.max(2, footRow - 1)}`) });
    cached.set(key(c, footRow), c === totalCol ? centsText(result.total) : sum.toFixed(2));
    footCells.push(key(c, footRow));
  }

  // ---- Recalculate independently; replace any formula that does not give the engine's amount.
  const notes: Diagnostic[] = [];
  for (const phase of [componentCells, capCells, totalCells, footCells]) {
    const ev = gridEvaluator((s, c, r) => grid.get(s)?.get(key(c, r)));
    const bad: string[] = [];
    for (const k of phase) {
      const [c, r] = k.split(',').map(Number);
      let got: string;
      try { const v = ev.value('Payout', c, r); got = v instanceof D ? v.toFixed(2) : String(v); } catch (err) { got = String(err); }
      if (got !== cached.get(k) && !(new D(cached.get(k)!).isZero() && got === '-0.00')) bad.push(k);
    }
    for (const k of bad) {
      const [c, r] = k.split(',').map(Number);
      notes.push({ code: 'payout_formula_mismatch', severity: 'warning', sheet: 'Payout', row: r, column: colLetter(c),
        value: P.get(k)!.formula, message: `Payout!${colLetter(c)}${r}: ${label(lang, 'mismatch')} (${cached.get(k)})` });
      P.set(k, { value: moneyNumber(cached.get(k)!) });
    }
  }

  // ---- Payout sheet model.
  const payout: SheetModel = { name: 'Payout', columns, rows: [], freeze: { row: 1, col: 2 }, autoFilter: true };
  for (let r = 2; r <= footRow; r++) {
    const e = emps[r - 2];
    const cells: CellModel[] = e
      ? [{ text: e.id }, { text: e.name }, { text: e.team }, { text: e.role }]
      : [{ text: label(lang, 'totals'), bold: true }, {}, {}, {}];
    for (let c = fixed.length + 1; c <= totalCol; c++) {
      const g = P.get(key(c, r));
      const bold = !e || c === totalCol;
      if (!g) cells.push({});
      else if (g.formula !== undefined) cells.push({ formula: g.formula, result: moneyNumber(cached.get(key(c, r))!), bold });
      else cells.push({ value: typeof g.value === 'number' ? g.value : null, bold });
    }
    payout.rows.push(cells);
  }
  payout.footer = true;

  // ---- Payout detail: one row per line.
  const detail: SheetModel = {
    name: 'Payout detail',
    columns: [label(lang, 'id'), label(lang, 'name'), label(lang, 'team'), label(lang, 'role'), '#', label(lang, 'component'),
      label(lang, 'type'), label(lang, 'input'), label(lang, 'basis'), label(lang, 'amount'), label(lang, 'cell')]
      .map((header, i) => ({ header, numFmt: i === 9 ? money : undefined, wrap: i === 8 })),
    rows: [], freeze: { row: 1, col: 2 }, autoFilter: true, // id, name stay in view
  };
  for (const e of emps)
    e.components.forEach((l, i) => detail.rows.push([{ text: e.id }, { text: e.name }, { text: e.team }, { text: e.role },
      { value: i + 1 }, { text: l.name }, { text: l.type }, { value: cellNumber(l.inputs.value), numFmt: detailInputFormat(l) }, { text: l.basis },
      { value: moneyNumber(l.amount) }, { text: cellOf.get(`${e.id}|${i}`) ?? '' }]));

  rules.freeze = { row: 1, col: 0 };
  return { payout, rules, detail, notes, cellOf };
}

/** Data quality (every warning and the workbook's own notes) and Inputs (sources, then the plan), as in the score workbook. */
function addQualityAndInputs(wb: Workbook, warnings: readonly Diagnostic[], opts: PayoutXlsxOptions): void {
  const L = (k: Parameters<typeof label>[1]): string => label(opts.lang, k);
  addTableSheet(wb, 'Data quality', [
    { header: L('severity') }, { header: L('code') }, { header: L('file') }, { header: L('sheet') }, { header: L('row'), fmt: '0' },
    { header: L('column') }, { header: L('value') }, { header: L('message'), maxWidth: 100 },
  ], warnings.map((d) => [d.severity, d.code, d.file ?? null, d.sheet ?? null, d.row ?? d.line ?? null, d.column ?? null,
    d.value ?? null, d.message]));
  const inRows: XCell[][] = opts.inputs.map((st) => [
    st.source, st.file, st.sheet ?? null, st.encoding ?? null, st.sha256, st.rowsRead, st.rowsKept,
    Object.values(st.excluded).reduce((a, b) => a + b, 0),
    Object.keys(st.excluded).sort().map((k) => `${k}: ${st.excluded[k]}`).join('; ') || null,
    st.minDay === null ? null : isoDay(st.minDay), st.maxDay === null ? null : isoDay(st.maxDay),
  ]);
  const inputs = addTableSheet(wb, 'Inputs', [
    { header: L('source') }, { header: L('file') }, { header: L('sheet') }, { header: L('encoding') }, { header: L('sha256'), maxWidth: 70 },
    { header: L('rows_read'), fmt: FMT.integer }, { header: L('rows_kept'), fmt: FMT.integer },
    { header: L('rows_excluded'), fmt: FMT.integer }, { header: L('excluded_detail') }, { header: L('first_date') }, { header: L('last_date') },
  ], inRows);
  const planTop = inRows.length + 3;
  const title = inputs.getRow(planTop - 1).getCell(1);
  title.value = safeText(opts.planFile ? `${L('plan')}: ${opts.planFile}` : L('plan'));
  title.font = { bold: true };
  const planLines = opts.planText.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  writeTable(inputs, planTop, [{ header: L('line'), fmt: '0' }, { header: L('text'), maxWidth: 70 }],
    planLines.map((t, i) => [i + 1, t]));
  for (let i = 0; i < planLines.length; i++) inputs.getRow(planTop + 1 + i).getCell(2).alignment = { horizontal: 'left' };
}

/** The payout workbook as xlsx bytes (fixed dates; identical cell contents for identical inputs). */
export async function renderPayoutXlsx(result: PayoutResult, opts: PayoutXlsxOptions): Promise<Buffer> {
  const { payout, rules, detail, notes } = buildPayoutSheets(result, opts);
  const wb = createWorkbook(await loadExcel());
  for (const m of [payout, rules, detail]) addSheet(wb, m);
  addQualityAndInputs(wb, [...result.warnings, ...notes], opts);
  return workbookToBuffer(wb);
}

// ---------------------------------------------------------------------------------------------
// Sheet models → exceljs. Text cells always go through safeText(); formulas only come from the
// builders above (numbers and references this module chose).

/** One cell: text (neutralised), a number (or blank), or a formula with its cached result. */
export interface CellModel {
  text?: string;
  value?: number | null;
  formula?: string;
  result?: number;
  numFmt?: string;
  bold?: boolean;
}

export interface SheetModel {
  name: string;
  /** `wrap`: long texts (the basis) wrap within the column instead of running under the next one. */
  columns: { header: string; numFmt?: string; wrap?: boolean }[];
  rows: CellModel[][];
  /** Frozen rows/columns at the top-left. */
  freeze?: { row: number; col: number };
  autoFilter?: boolean;
  /** The last row is a totals row (bold, top border, not in the autofilter range). */
  footer?: boolean;
}

/** Currency number format with 2 decimals and red negatives, e.g. "¥"#,##0.00;[Red]-"¥"#,##0.00. */
export function moneyFormat(currency: string): string {
  const sign = currencySign(currency).replace(/[^A-Za-z¥$€£ ]/g, '');
  const q = sign ? `"${sign}"` : '';
  return `${q}#,##0.00;[Red]-${q}#,##0.00`;
}

/** Roughly the text a number shows under a format, for column widths. */
function shownNumber(v: number, fmt: string | undefined): string {
  if (!fmt || fmt === 'General') return String(v);
  if (fmt.includes('%')) return formatPercent(v, 3);
  if (fmt.includes('0.00')) return (fmt.startsWith('"') ? fmt.slice(1, fmt.indexOf('"', 1)) : '') + formatNumber(v, 2);
  return formatNumber(v, 4);
}

/** Writes sheet models into a new workbook and returns deterministic xlsx bytes. */
export async function writeWorkbook(sheets: readonly SheetModel[]): Promise<Buffer> {
  const wb = createWorkbook(await loadExcel());
  for (const m of sheets) addSheet(wb, m);
  return workbookToBuffer(wb);
}

/** Adds one sheet model to a workbook: header styling, formats, widths, freeze, autofilter. */
export function addSheet(wb: Workbook, m: SheetModel): Worksheet {
  const ws = wb.addWorksheet(m.name);
  const header = ws.getRow(1);
  m.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = safeText(c.header);
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  // Long headers wrap (the header row is sized for it) rather than widen their column.
  const widths = m.columns.map((c) => Math.min(22, Math.max(8, displayWidth(c.header) + 2)));
  m.rows.forEach((cells, r) => {
    const row = ws.getRow(r + 2);
    cells.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const fmt = c.numFmt ?? m.columns[i]?.numFmt;
      if (c.formula !== undefined) cell.value = { formula: c.formula, result: c.result, date1904: false };
      else if (c.text !== undefined) cell.value = safeText(c.text);
      else if (c.value !== undefined && c.value !== null) cell.value = c.value;
      if (fmt && (c.formula !== undefined || typeof c.value === 'number')) cell.numFmt = fmt;
      if (c.bold) cell.font = { bold: true };
      if (m.columns[i]?.wrap) cell.alignment = { wrapText: true, vertical: 'bottom' };
      const num = c.formula !== undefined ? c.result : c.value;
      const shown = c.text !== undefined ? safeText(c.text) : typeof num === 'number' ? shownNumber(num, fmt) : '';
      if (i < widths.length) widths[i] = Math.min(50, Math.max(widths[i], displayWidth(shown) + 2));
    });
    if (m.footer && r === m.rows.length - 1)
      cells.forEach((_, i) => { row.getCell(i + 1).border = { top: { style: 'thin' } }; });
  });
  widths.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  // A wrapped text needs its row tall enough for its lines (neither Excel nor LibreOffice grows a
  // row written without a height when it opens the file).
  m.columns.forEach((c, i) => {
    if (!c.wrap) return;
    m.rows.forEach((cells, r) => {
      const t = cells[i]?.text;
      const lines = t === undefined ? 1 : Math.ceil((displayWidth(safeText(t)) + 2) / widths[i]);
      if (lines > 1) ws.getRow(r + 2).height = 15 * lines;
    });
  });
  const headerLines = Math.max(1, ...m.columns.map((c, i) => Math.ceil((displayWidth(c.header) + 2) / widths[i])));
  if (headerLines > 1) header.height = 15 * Math.min(headerLines, 4);
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: Math.max(1, Math.ceil(m.columns.length / 12)),
    fitToHeight: 0, printTitlesRow: '1:1', ...(m.freeze?.col ? { printTitlesColumn: `A:${colLetter(m.freeze.col)}` } : {}) };
  if (m.freeze) ws.views = [{ state: 'frozen', xSplit: m.freeze.col, ySplit: m.freeze.row }];
  const lastDataRow = 1 + m.rows.length - (m.footer ? 1 : 0);
  if (m.autoFilter && m.columns.length)
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, lastDataRow), column: m.columns.length } };
  return ws;
}

/**
 * Spreadsheet formulas for payout components (PRODUCT.md §7, §9, §13), one builder per component
 * type, mirroring src/engine/payout/** step by step so that a recalculated cell equals the
 * engine's amount to the cent.
 *
 * A formula is built only from cell references handed in (visible inputs on the Payout sheet and
 * the rule parameters on the Rules sheet) and the literals 0, 2, 9 and 100 — never from data text.
 * Every component is `ROUND(…, 2)` (Excel ROUND is half away from zero, as the engine), then
 * clamped by the component's own min/max.
 */
import type { PayoutComponent } from '../plan/types.js';
import type { EmployeePayout, PayoutLine } from '../engine/types.js';
import { metricDef } from '../engine/metrics/registry.js';

/**
 * A visible input a formula reads: the total score, the proration share, the base salary, a
 * metric's value, its achievement (fraction), its prorated target, or an event count.
 */
export type InputKey =
  | 'score' | 'proration' | 'salary'
  | `value:${string}` | `ach:${string}` | `target:${string}` | `event:${string}`;

/** One parameter of a rule, laid out on the Rules sheet as (label, x, value). */
export interface RuleRow {
  /** Stable key within the component: tier1…, curve1…, amount, target_amount, at_least, min, … */
  key: string;
  label: { zh: string; en: string };
  /** Bound / curve x (optional). */
  x: number | null;
  xFormat: 'money' | 'percent' | 'number' | null;
  /** The rate / pct / amount / bound. */
  value: number | null;
  valueFormat: 'money' | 'percent' | 'number' | null;
}

/** A cell reference usable in a formula ("H2", "Rules!$F$7"). */
export type Ref = string;

/** Where a component's rule parameters and inputs live. */
export interface FormulaRefs {
  /** The x cell of a rule row. */
  x(key: string): Ref;
  /** The value cell of a rule row. */
  v(key: string): Ref;
  /** The visible input cell of this row. */
  input(key: InputKey): Ref;
}

function tierAttainment(c: Extract<PayoutComponent, { type: 'commission' }>): boolean {
  return c.tiers.some((t) => t.upToAchievement !== null);
}

/** The inputs a component's formula reads, in display order. */
export function inputKeys(c: PayoutComponent): InputKey[] {
  switch (c.type) {
    case 'commission':
      if (!tierAttainment(c)) return [`value:${c.base}`];
      return c.mode === 'flat' ? [`value:${c.base}`, `ach:${c.base}`] : [`value:${c.base}`, `target:${c.base}`];
    case 'per_unit': return [`value:${c.metric}`];
    case 'threshold_bonus': return [`value:${c.metric}`];
    case 'score_bonus':
      return c.basis.kind === 'score' ? ['score', 'proration'] : [`ach:${c.basis.metric}`, 'proration'];
    case 'per_event': return [`event:${c.event}`];
    case 'penalty':
      return c.pctOfBaseSalary !== undefined ? [`value:${c.when.metric}`, 'salary'] : [`value:${c.when.metric}`];
  }
}

/** A decimal string or number as a JS number for a cell (the nearest double to the decimal text). */
export function cellNumber(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  if (typeof text === 'number') return Number.isFinite(text) ? text : null;
  if (!/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text.trim())) return null;
  const n = Number(text);
  return Object.is(n, -0) ? 0 : n;
}

/** The value one input cell shows for an employee, read from the line that uses it. */
export function inputValue(key: InputKey, line: PayoutLine, emp: EmployeePayout): number | null {
  if (key === 'score') return emp.score;
  if (key === 'proration') return line.inputs.proration;
  if (key === 'salary') return cellNumber(line.inputs.baseSalary);
  if (key.startsWith('ach:')) return line.inputs.achievement;
  if (key.startsWith('target:')) return line.inputs.target;
  return cellNumber(line.inputs.value);
}

const L = (zh: string, en: string) => ({ zh, en });

/** The rule parameters of a component, in the order they are laid out. */
export function ruleRows(c: PayoutComponent): RuleRow[] {
  const rows: RuleRow[] = [];
  const row = (key: string, label: { zh: string; en: string }, x: number | null, xFormat: RuleRow['xFormat'],
    value: number | null, valueFormat: RuleRow['valueFormat']): void => {
    rows.push({ key, label, x, xFormat, value, valueFormat });
  };
  const bounds = (atLeast: number | undefined, atMost: number | undefined, metric: string): void => {
    const unit = metricDef(metric)?.unit;
    const metricFmt: RuleRow['valueFormat'] = unit === 'ratio' ? 'percent' : unit === 'money' ? 'money' : 'number';
    if (atLeast !== undefined) row('at_least', L('不低于', 'at least'), null, null, atLeast, metricFmt);
    if (atMost !== undefined) row('at_most', L('不高于', 'at most'), null, null, atMost, metricFmt);
  };
  switch (c.type) {
    case 'commission': {
      const att = tierAttainment(c);
      c.tiers.forEach((t, i) => {
        const x = att ? t.upToAchievement : cellNumber(t.upTo);
        const label = att ? L(`档${i + 1}: 达成率上限 / 费率`, `tier ${i + 1}: up to achievement / rate`)
          : L(`档${i + 1}: 金额上限 / 费率`, `tier ${i + 1}: up to / rate`);
        row(`tier${i + 1}`, label, x, att ? 'percent' : 'money', cellNumber(t.rate), 'percent');
      });
      break;
    }
    case 'per_unit':
      row('amount', L('每单位金额', 'amount per unit'), null, null, cellNumber(c.amount), 'money');
      break;
    case 'threshold_bonus':
      bounds(c.atLeast, c.atMost, c.metric);
      row('amount', L('奖金', 'amount'), null, null, cellNumber(c.amount), 'money');
      break;
    case 'score_bonus':
      row('target_amount', L('目标奖金', 'target amount'), null, null, cellNumber(c.targetAmount), 'money');
      c.curve.forEach((p, i) => row(`curve${i + 1}`,
        c.basis.kind === 'score' ? L(`曲线点${i + 1}: 得分 / 比例`, `curve ${i + 1}: score / pct`)
          : L(`曲线点${i + 1}: 达成率% / 比例`, `curve ${i + 1}: achievement % / pct`),
        p.x, 'number', cellNumber(p.pct), 'percent'));
      break;
    case 'per_event':
      row('amount', L('每次金额', 'amount per event'), null, null, cellNumber(c.amount), 'money');
      break;
    case 'penalty':
      bounds(c.when.atLeast, c.when.atMost, c.when.metric);
      if (c.pctOfBaseSalary !== undefined)
        row('pct', L('扣基本工资比例', 'pct of base salary'), null, null, cellNumber(c.pctOfBaseSalary), 'percent');
      else {
        const a = cellNumber(c.amount ?? '0');
        row('amount', L('扣款金额', 'amount deducted'), null, null, a === null ? null : Math.abs(a), 'money');
      }
      break;
  }
  if (c.min !== undefined) row('min', L('下限', 'min'), null, null, cellNumber(c.min), 'money');
  if (c.max !== undefined) row('max', L('上限', 'max'), null, null, cellNumber(c.max), 'money');
  return rows;
}

/** IF(cond, a, b) */
const IF = (cond: string, a: string, b: string): string => `IF(${cond},${a},${b})`;

/** Commission: marginal slices or a flat rate, by amount or by attainment (see commission.ts). */
function commissionExpr(c: Extract<PayoutComponent, { type: 'commission' }>, r: FormulaRefs): string {
  const n = c.tiers.length;
  if (n === 0) return '0';
  const V = r.input(`value:${c.base}`);
  const rate = (i: number): string => r.v(`tier${i + 1}`);
  const att = tierAttainment(c);
  if (n === 1) return `${V}*${rate(0)}`;
  if (c.mode === 'flat') {
    const X = att ? r.input(`ach:${c.base}`) : V;
    let chain = rate(n - 1);
    for (let i = n - 2; i >= 0; i--) chain = IF(`${X}<=${r.x(`tier${i + 1}`)}`, rate(i), chain);
    // Negative base → first rate; attainment tiers without an achievement → first rate.
    if (att) chain = IF(`${V}<0`, rate(0), IF(`ISNUMBER(${X})`, chain, rate(0)));
    return `${V}*${chain}`;
  }
  const T = att ? r.input(`target:${c.base}`) : '';
  const bound = (i: number): string => (att ? `${r.x(`tier${i + 1}`)}*${T}` : r.x(`tier${i + 1}`));
  // The negative part earns the first rate; each positive slice its tier's rate.
  const parts = [`MIN(${V},0)*${rate(0)}`, `MIN(MAX(${V},0),${bound(0)})*${rate(0)}`];
  for (let i = 1; i < n - 1; i++)
    parts.push(`MIN(MAX(${V}-${bound(i - 1)},0),${bound(i)}-${bound(i - 1)})*${rate(i)}`);
  parts.push(`MAX(${V}-${bound(n - 2)},0)*${rate(n - 1)}`);
  const marginal = parts.join('+');
  return att ? IF(`ISNUMBER(${T})`, marginal, `${V}*${rate(0)}`) : marginal;
}

/** The curve at x: 0 below the first point, linear between points, flat from the last. */
function curveExpr(c: Extract<PayoutComponent, { type: 'score_bonus' }>, X: string, r: FormulaRefs): string {
  const n = c.curve.length;
  if (n === 0) return '0';
  const x = (i: number): string => r.x(`curve${i + 1}`);
  const p = (i: number): string => r.v(`curve${i + 1}`);
  let chain = p(n - 1);
  for (let i = n - 2; i >= 0; i--)
    chain = IF(`${X}<${x(i + 1)}`, `${p(i)}+(${X}-${x(i)})/(${x(i + 1)}-${x(i)})*(${p(i + 1)}-${p(i)})`, chain);
  return IF(`${X}<${x(0)}`, '0', chain);
}

/** The condition of a threshold_bonus / penalty, compared at 9 decimals (the engine tolerates float noise). */
function condition(atLeast: number | undefined, atMost: number | undefined, V: string, r: FormulaRefs, then: string): string {
  let e = then;
  if (atMost !== undefined) e = IF(`ROUND(${V},9)<=${r.v('at_most')}`, e, '0');
  if (atLeast !== undefined) e = IF(`ROUND(${V},9)>=${r.v('at_least')}`, e, '0');
  return IF(`ISNUMBER(${V})`, e, '0');
}

/** The unrounded amount of a component, as a formula expression. */
function rawExpr(c: PayoutComponent, r: FormulaRefs): string {
  switch (c.type) {
    case 'commission': return commissionExpr(c, r);
    case 'per_unit': return `${r.input(`value:${c.metric}`)}*${r.v('amount')}`;
    case 'threshold_bonus': return condition(c.atLeast, c.atMost, r.input(`value:${c.metric}`), r, r.v('amount'));
    case 'score_bonus': {
      const X = c.basis.kind === 'score' ? r.input('score') : `${r.input(`ach:${c.basis.metric}`)}*100`;
      const held = c.basis.kind === 'score' ? r.input('score') : r.input(`ach:${c.basis.metric}`);
      return IF(`ISNUMBER(${held})`, `${r.v('target_amount')}*${r.input('proration')}*(${curveExpr(c, X, r)})`, '0');
    }
    case 'per_event': return `${r.input(`event:${c.event}`)}*${r.v('amount')}`;
    case 'penalty': {
      const V = r.input(`value:${c.when.metric}`);
      const cut = c.pctOfBaseSalary !== undefined ? `-(${r.v('pct')}*${r.input('salary')})` : `-${r.v('amount')}`;
      return condition(c.when.atLeast, c.when.atMost, V, r, cut);
    }
  }
}

/** The full component formula (without "="): ROUND to cents, then min/max clamps. */
export function componentFormula(c: PayoutComponent, r: FormulaRefs): string {
  let f = `ROUND(${rawExpr(c, r)},2)`;
  if (c.min !== undefined) f = `MAX(${f},${r.v('min')})`;
  if (c.max !== undefined) f = `MIN(${f},${r.v('max')})`;
  return f;
}

/**
 * The role's cap/floor adjustment over the sum of its component cells (`range`, e.g. "P2:S2"):
 * cap − sum when the sum is above the cap, else floor − sum when below the floor, else 0.
 */
export function capAdjustmentFormula(range: string, cap: Ref | null, floor: Ref | null): string {
  const S = `SUM(${range})`;
  let e = '0';
  if (floor) e = IF(`${S}<${floor}`, `${floor}-${S}`, e);
  if (cap) e = IF(`${S}>${cap}`, `${cap}-${S}`, e);
  return `ROUND(${e},2)`;
}

/** A total over a range of amount cells, rounded to cents (removes float noise in Excel). */
export function sumFormula(range: string): string {
  return `ROUND(SUM(${range}),2)`;
}

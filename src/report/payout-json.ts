/**
 * `kpi payout --format json`: the `kpi.payout/1` document (PRODUCT.md §9). Keys always in the same
 * order; money amounts are JSON numbers with at most 2 decimals produced by parsing the engine's
 * decimal strings ("13000.00" → 13000, "0.10" → 0.1) — no arithmetic on binary floats.
 *
 * { schema, period {id,start,end}, currency,
 *   employees [{ id, name, team, role, score, components [{ type, name, basis, amount }], total }],
 *   total, warnings [{ code, severity, message, file, sheet, row, column, value, line, col }] } (as kpi.score/1's: null when absent)
 */
import type { EmployeePayout, PayoutResult } from '../engine/types.js';
import { isoDay } from '../engine/calendar.js';
import { warning } from './score-json.js';

export const PAYOUT_SCHEMA = 'kpi.payout/1';

const MONEY = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Canonical money text with exactly 2 decimals from a decimal string ("13000" → "13000.00",
 * "-0.00" → "0.00"). Throws on anything that is not plain decimal text (a bug upstream); more
 * than 2 decimals is a bug too, since the engine rounds every amount to cents.
 */
export function centsText(amount: string): string {
  const m = MONEY.exec(amount.trim());
  if (!m) throw new Error(`not a money amount: ${JSON.stringify(amount)}`);
  const [, sign, int, frac = ''] = m;
  if (frac.replace(/0+$/, '').length > 2) throw new Error(`money amount has more than 2 decimals: ${amount}`);
  const f = (frac + '00').slice(0, 2);
  const i = int.replace(/^0+(?=\d)/, '');
  const zero = /^0+$/.test(i) && f === '00';
  return (sign && !zero ? '-' : '') + i + '.' + f;
}

/** A money amount as a JSON number: the nearest double to the decimal text ("0.10" → 0.1). */
export function moneyNumber(amount: string): number {
  const n = Number(centsText(amount));
  return n === 0 ? 0 : n;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function employee(e: EmployeePayout): Json {
  return {
    id: e.id,
    name: e.name,
    team: e.team || null,
    role: e.role,
    score: e.score === null || !Number.isFinite(e.score) ? null : e.score,
    components: e.components.map((c) => ({ type: c.type, name: c.name, basis: c.basis, amount: moneyNumber(c.amount) })),
    total: moneyNumber(e.total),
  };
}

/** The kpi.payout/1 document as a plain object (stable key order). */
export function payoutJsonDocument(result: PayoutResult): Json {
  return {
    schema: PAYOUT_SCHEMA,
    period: { id: result.period.id, start: isoDay(result.period.start), end: isoDay(result.period.end) },
    currency: result.currency,
    employees: result.employees.map(employee),
    total: moneyNumber(result.total),
    warnings: result.warnings.map(warning),
  };
}

/** The kpi.payout/1 document as text: 2-space indented, ending in a newline. */
export function renderPayoutJson(result: PayoutResult, _opts?: unknown): string {
  return JSON.stringify(payoutJsonDocument(result), null, 2) + '\n';
}

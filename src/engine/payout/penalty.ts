/**
 * penalty (PRODUCT.md §7, §13): −(pct_of_base_salary × base_salary) or −amount when `when` holds.
 * The base salary is taken as configured (a monthly figure), not prorated or scaled to P; a metric
 * with no value does not fire. A configured amount counts as a deduction whatever its sign.
 */
import type { PayoutComponent } from '../../plan/types.js';
import { Dec, dec, formatMoney, formatPct, fromNumber } from '../money.js';
import { conditionText, failedConditionText, formatValue, meets, type Outcome, type PayoutContext } from './context.js';

type Penalty = Extract<PayoutComponent, { type: 'penalty' }>;

/** Computes a penalty component for one employee. */
export function penalty(c: Penalty, ctx: PayoutContext): Outcome {
  const { metric, atLeast, atMost } = c.when;
  const value = ctx.value(metric);
  const baseSalary = c.pctOfBaseSalary !== undefined ? ctx.person.baseSalary : null;
  const w = ctx.words;
  if (value === null) {
    return { raw: new Dec(0), basis: w.colon(w.noValue(w.metric(metric)), '0'), inputs: { value: null, fired: false, baseSalary } };
  }
  const fired = meets(value, atLeast, atMost);
  const inputs = { value: fromNumber(value).toFixed(), fired, baseSalary };
  const v = `${w.metric(metric)} ${formatValue(metric, value)}`;
  if (!fired) return { raw: new Dec(0), basis: w.colon(`${v} ${failedConditionText(metric, value, atLeast, atMost, w.and)}`, '0'), inputs };
  const cond = `${v} ${conditionText(metric, atLeast, atMost, w.and)}`;
  if (c.pctOfBaseSalary !== undefined) {
    const pct = dec(c.pctOfBaseSalary);
    if (baseSalary === null) {
      ctx.warn({
        code: 'payout_no_base_salary', severity: 'warning',
        message: `${ctx.person.id}: penalty of ${formatPct(pct)} of base salary fired but no base_salary is configured; 0 deducted`,
      });
      return { raw: new Dec(0), basis: w.colon(w.colon(cond, `${formatPct(pct)} × ${w.noBaseSalary}`), '0'), inputs };
    }
    const salary = dec(baseSalary);
    return { raw: pct.times(salary).neg(), basis: w.colon(cond, `-${formatPct(pct)} × ${formatMoney(salary)}`), inputs };
  }
  const amount = dec(c.amount ?? '0').abs();
  return { raw: amount.neg(), basis: w.colon(cond, `-${formatMoney(amount)}`), inputs };
}

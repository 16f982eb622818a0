/**
 * `kpi payout` as terminal text: one cli-table3 table per role — id, name, team, role, each
 * component's amount in plan order, total — with a role subtotal, then the grand total line.
 * Money is shown as ¥1,234.50 (2 decimals, thousands separators), formatted from the engine's
 * decimal strings; sums are decimal. Colour comes only from the chalk instance passed in
 * (level 0 writes no escape sequences).
 */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { EmployeePayout, PayoutResult } from '../engine/types.js';
import type { Lang } from '../plan/types.js';
import { isoDay } from '../engine/calendar.js';
import { currencySign, groupThousands } from './format.js';
import { label } from './labels.js';
import { centsText } from './payout-json.js';
import { Dec as D } from '../engine/money.js';


export interface PayoutTableOptions {
  lang: Lang;
  /** The colour instance (level 0 → plain text). */
  color?: ChalkInstance;
  /** Alias of `color`. */
  chalk?: ChalkInstance;
}


/** Money text from a decimal string: "1234.5" → "¥1,234.50", "-1200" → "-¥1,200.00". */
export function formatMoneyText(amount: string, currency: string): string {
  const t = centsText(amount);
  const neg = t.startsWith('-');
  return (neg ? '-' : '') + currencySign(currency) + groupThousands(neg ? t.slice(1) : t);
}

/** Removes control characters (ANSI escapes included) from data text shown on a terminal. */
export function terminalText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Component columns of a role: the names of its plan-ordered lines, plus cap adjustment if any employee has one. */
export function roleColumns(emps: readonly EmployeePayout[]): { names: string[]; hasCap: boolean } {
  const names: string[] = [];
  let hasCap = false;
  for (const e of emps) {
    let i = 0;
    for (const c of e.components) {
      if (c.type === 'cap_adjustment') { hasCap = true; continue; }
      if (names[i] === undefined) names[i] = c.name;
      i++;
    }
  }
  return { names, hasCap };
}

/** Employees grouped by role, roles in order of first appearance. */
export function byRole(result: PayoutResult): Map<string, EmployeePayout[]> {
  const m = new Map<string, EmployeePayout[]>();
  for (const e of result.employees) {
    const list = m.get(e.role);
    if (list) list.push(e);
    else m.set(e.role, [e]);
  }
  return m;
}

/** The payout report as terminal text (ends with a newline). */
export function renderPayoutTable(result: PayoutResult, opts: PayoutTableOptions): string {
  const { lang } = opts;
  const chalk = opts.color ?? opts.chalk ?? new Chalk({ level: 0 });
  const cur = result.currency;
  const money = (a: string): string => {
    const t = formatMoneyText(a, cur);
    return a.trim().startsWith('-') && !/^-?0*\.?0*$/.test(a.trim()) ? chalk.red(t) : t;
  };
  const out: string[] = [];
  const p = result.period;
  out.push(chalk.bold(`${label(lang, 'payout_title')} ${p.id} (${isoDay(p.start)} – ${isoDay(p.end)}) · ${cur}`));

  for (const [role, emps] of byRole(result)) {
    const { names, hasCap } = roleColumns(emps);
    const head = [label(lang, 'id'), label(lang, 'name'), label(lang, 'team'), label(lang, 'role'),
      ...names.map(terminalText), ...(hasCap ? [label(lang, 'cap_adjustment')] : []), label(lang, 'total')];
    const table = new Table({
      head: head.map((h) => chalk.bold(h)),
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      colAligns: head.map((_, i) => (i < 4 ? 'left' : 'right')),
    });
    const colSums = [...names.map(() => new D(0)), ...(hasCap ? [new D(0)] : [])];
    let roleTotal = new D(0);
    for (const e of emps) {
      const cells: string[] = names.map(() => '');
      let capCell = '';
      let i = 0;
      for (const c of e.components) {
        if (c.type === 'cap_adjustment') {
          capCell = money(c.amount);
          colSums[names.length] = colSums[names.length].plus(centsText(c.amount));
          continue;
        }
        cells[i] = money(c.amount);
        colSums[i] = colSums[i].plus(centsText(c.amount));
        i++;
      }
      roleTotal = roleTotal.plus(centsText(e.total));
      table.push([terminalText(e.id), terminalText(e.name), terminalText(e.team), terminalText(e.role),
        ...cells, ...(hasCap ? [capCell] : []), chalk.bold(money(e.total))]);
    }
    table.push([chalk.bold(`${label(lang, 'payout_subtotal')} (${emps.length} ${label(lang, 'employees')})`), '', '', terminalText(role),
      ...colSums.map((s) => money(s.toFixed(2))), chalk.bold(money(roleTotal.toFixed(2)))]);
    out.push('', table.toString());
  }
  out.push('', chalk.bold(`${label(lang, 'grand_total')}: ${money(result.total)} (${result.employees.length} ${label(lang, 'employees')})`));
  if (result.warnings.length) out.push(chalk.yellow(`${result.warnings.length} ${label(lang, 'payout_warnings')}`));
  return out.join('\n') + '\n';
}

/**
 * `kpi payout --format csv`: the payroll import file — one row per employee with the amount to
 * pay: employee_id, name, team, currency, amount. UTF-8 with BOM and CRLF like every report CSV
 * (./csv.ts); text cells are injection-safe. The amount is the engine's exact 2-decimal text
 * ("1406.25", "-60.02", "0.00"), written as a bare number so a leading "-" is not neutralised.
 */
import type { PayoutResult } from '../engine/types.js';
import { csvField } from './csv.js';
import { centsText } from './payout-json.js';

export const PAYOUT_CSV_HEADER = ['employee_id', 'name', 'team', 'currency', 'amount'] as const;

/** The payroll CSV text, starting with a UTF-8 BOM; every record ends in CRLF. */
export function renderPayoutCsv(result: PayoutResult, _opts?: unknown): string {
  const lines = [PAYOUT_CSV_HEADER.map(csvField).join(',')];
  for (const e of result.employees) {
    const text = [e.id, e.name, e.team, e.currency || result.currency].map(csvField);
    lines.push([...text, centsText(e.total)].join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

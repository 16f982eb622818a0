/**
 * Attribution of complaints and surveys to employees (PRODUCT.md §4 "Attribution", §13).
 *
 * Complaint → handler: its `handler_id` (roles with `complaints_by: handler`).
 * Complaint → account owner (roles with `complaints_by: account_owner`): `owner_id` if given, else
 *   the employee of `order_id` (an order id absent from sales falls through), else the employee of
 *   the customer's latest positive sales row dated on or before the opened day, ordered by (day,
 *   order_id) (a split line on that order: the larger credit, ties by employee id).
 * Survey → `employee_id`, else the employee of `order_id`, else the customer's account owner at
 *   the survey's date (same latest-row rule).
 * "The employee of an order" is the employee with the largest net credited amount on it (an order
 * split between people), ties by the smaller employee id.
 *
 * Nothing is dropped silently: what cannot be attributed is returned as warnings.
 */
import type { Diagnostic } from '../diagnostics.js';
import { complaintAt, surveyAt, type Dataset } from '../model.js';
import type { SalesIndex } from './metrics/index.js';

export type ComplaintMode = 'account_owner' | 'handler';

export interface Attribution {
  /** Account owner of each complaint (employee index, -1 = unattributable). */
  complaintOwner: Int32Array;
  /** Handler of each complaint (employee index, -1 = none). */
  complaintHandler: Int32Array;
  /** Employee of each survey (employee index, -1 = unattributable). */
  surveyEmployee: Int32Array;
  warnings: Diagnostic[];
}

/**
 * Attribution from the record's own fields: complaint owner_id, else the employee of order_id
 * (an order absent from sales falls through); -1 when the customer rule must decide.
 */
function ownerFromFields(idx: SalesIndex, owner: number, order: number): number {
  if (owner >= 0) return owner;
  return idx.employeeOfOrder(order);
}

/**
 * Attributes every complaint and survey of the dataset. `modes` are the complaint attributions in
 * use (the `complaints_by` of the plan's roles); a complaint that cannot be attributed under one of
 * them is warned about once (`unattributed_complaint`), naming the modes that failed.
 */
export function attribute(ds: Dataset, idx: SalesIndex, modes: readonly ComplaintMode[]): Attribution {
  const warnings: Diagnostic[] = [];
  const cs = ds.complaints, ss = ds.surveys;
  const nc = cs.n;
  const ns = ss.n;
  const complaintOwner = new Int32Array(nc);
  const complaintHandler = new Int32Array(nc);
  const surveyEmployee = new Int32Array(ns);
  // Records left to the customer rule are answered in one batch (account owner at a date): query
  // k asks for customer `qCustomer[k]` at `qDay[k]` on behalf of `qFor[k]` (complaint i is i,
  // survey i is nc + i). Counted first, so the query arrays have their exact size: this runs
  // while the sales index is being built, when memory peaks.
  let nq = 0;
  for (let i = 0; i < nc; i++) {
    complaintOwner[i] = ownerFromFields(idx, cs.owner[i], cs.order[i]);
    complaintHandler[i] = cs.handler[i] >= 0 ? cs.handler[i] : -1;
    if (complaintOwner[i] < 0 && cs.customer[i] >= 0) nq++;
  }
  for (let i = 0; i < ns; i++) {
    surveyEmployee[i] = ownerFromFields(idx, ss.employee[i], ss.order[i]);
    if (surveyEmployee[i] < 0 && ss.customer[i] >= 0) nq++;
  }
  const qCustomer = new Int32Array(nq), qDay = new Int32Array(nq), qFor = new Int32Array(nq);
  let q = 0;
  for (let i = 0; i < nc; i++) {
    if (complaintOwner[i] < 0 && cs.customer[i] >= 0) { qCustomer[q] = cs.customer[i]; qDay[q] = cs.openedDay[i]; qFor[q++] = i; }
  }
  for (let i = 0; i < ns; i++) {
    if (surveyEmployee[i] < 0 && ss.customer[i] >= 0) { qCustomer[q] = ss.customer[i]; qDay[q] = ss.day[i]; qFor[q++] = nc + i; }
  }
  const answers = idx.accountOwnersAt(qCustomer, qDay);
  for (let k = 0; k < nq; k++) {
    const i = qFor[k];
    if (i < nc) complaintOwner[i] = answers[k];
    else surveyEmployee[i - nc] = answers[k];
  }
  const byOwner = modes.includes('account_owner'), byHandler = modes.includes('handler');
  for (let i = 0; i < nc; i++) {
    if (!(byOwner && complaintOwner[i] < 0) && !(byHandler && complaintHandler[i] < 0)) continue;
    const failed: string[] = [];
    if (byOwner && complaintOwner[i] < 0) failed.push('account owner (no owner_id, no known order_id, no earlier sale to the customer)');
    if (byHandler && complaintHandler[i] < 0) failed.push('handler (no handler_id)');
    if (failed.length) {
      const c = complaintAt(cs, i);
      warnings.push({
        code: 'unattributed_complaint', severity: 'warning', file: c.src.file, sheet: c.src.sheet, row: c.src.row,
        value: c.id, message: `complaint ${c.id} cannot be attributed to an employee by ${failed.join(' or by ')}; it is not counted for anyone that way`,
      });
    }
  }
  for (let i = 0; i < ns; i++) {
    if (surveyEmployee[i] < 0) {
      const s = surveyAt(ss, i);
      warnings.push({
        code: 'unattributed_survey', severity: 'warning', file: s.src.file, sheet: s.src.sheet, row: s.src.row,
        ...(s.id !== null ? { value: s.id } : {}),
        message: `survey ${s.id ?? `row ${s.src.row}`} cannot be attributed to an employee (no employee_id, no known order_id, no earlier sale to the customer); it is not counted`,
      });
    }
  }
  return { complaintOwner, complaintHandler, surveyEmployee, warnings };
}

/**
 * Attribution of complaints and surveys to employees (PRODUCT.md §4 "Attribution", §13).
 *
 * Complaint → handler: its `handler_id` (roles with `complaints_by: handler`).
 * Complaint → account owner (roles with `complaints_by: account_owner`): `owner_id` if given, else
 *   the employee of `order_id` (an order id absent from sales falls through), else the employee of
 *   the customer's latest positive sales row dated on or before the opened day, ordered by (day,
 *   order_id).
 * Survey → `employee_id`, else the employee of `order_id`, else the customer's account owner at
 *   the survey's date (same latest-row rule).
 * "The employee of an order" is the employee with the largest net credited amount on it (an order
 * split between people), ties by the smaller employee id.
 *
 * Nothing is dropped silently: what cannot be attributed is returned as warnings.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Complaint, Dataset, Survey } from '../model.js';
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

/** The account owner of a customer at a day: the employee of its latest positive order up to then. */
export function accountOwnerAt(idx: SalesIndex, customer: number, day: number): number {
  const o = idx.latestPositiveOrder(customer, day);
  return o < 0 ? -1 : idx.employeeOfOrder(o);
}

/** Account owner of one complaint (employee index or -1). */
export function complaintOwnerOf(idx: SalesIndex, c: Complaint): number {
  if (c.owner >= 0) return c.owner;
  const byOrder = idx.employeeOfOrder(c.order);
  if (byOrder >= 0) return byOrder;
  return c.customer >= 0 ? accountOwnerAt(idx, c.customer, c.openedDay) : -1;
}

/** Employee of one survey (employee index or -1). */
export function surveyEmployeeOf(idx: SalesIndex, s: Survey): number {
  if (s.employee >= 0) return s.employee;
  const byOrder = idx.employeeOfOrder(s.order);
  if (byOrder >= 0) return byOrder;
  return s.customer >= 0 ? accountOwnerAt(idx, s.customer, s.day) : -1;
}

/**
 * Attributes every complaint and survey of the dataset. `modes` are the complaint attributions in
 * use (the `complaints_by` of the plan's roles); a complaint that cannot be attributed under one of
 * them is warned about once (`unattributed_complaint`), naming the modes that failed.
 */
export function attribute(ds: Dataset, idx: SalesIndex, modes: readonly ComplaintMode[]): Attribution {
  const warnings: Diagnostic[] = [];
  const nc = ds.complaints.length;
  const complaintOwner = new Int32Array(nc);
  const complaintHandler = new Int32Array(nc);
  for (let i = 0; i < nc; i++) {
    const c = ds.complaints[i];
    complaintOwner[i] = complaintOwnerOf(idx, c);
    complaintHandler[i] = c.handler >= 0 ? c.handler : -1;
    const failed: string[] = [];
    if (modes.includes('account_owner') && complaintOwner[i] < 0) failed.push('account owner (no owner_id, no known order_id, no earlier sale to the customer)');
    if (modes.includes('handler') && complaintHandler[i] < 0) failed.push('handler (no handler_id)');
    if (failed.length) {
      warnings.push({
        code: 'unattributed_complaint', severity: 'warning', file: c.src.file, sheet: c.src.sheet, row: c.src.row,
        value: c.id, message: `complaint ${c.id} cannot be attributed to an employee by ${failed.join(' or by ')}; it is not counted for anyone that way`,
      });
    }
  }
  const ns = ds.surveys.length;
  const surveyEmployee = new Int32Array(ns);
  for (let i = 0; i < ns; i++) {
    const s = ds.surveys[i];
    surveyEmployee[i] = surveyEmployeeOf(idx, s);
    if (surveyEmployee[i] < 0) {
      warnings.push({
        code: 'unattributed_survey', severity: 'warning', file: s.src.file, sheet: s.src.sheet, row: s.src.row,
        ...(s.id !== null ? { value: s.id } : {}),
        message: `survey ${s.id ?? `row ${s.src.row}`} cannot be attributed to an employee (no employee_id, no known order_id, no earlier sale to the customer); it is not counted`,
      });
    }
  }
  return { complaintOwner, complaintHandler, surveyEmployee, warnings };
}

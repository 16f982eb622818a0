/**
 * Test helper: builds a `Dataset` from readable rows, the way a test states its ledger next to its
 * assertions.
 *
 *   const ds = ledger({
 *     sales: [{ order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 }],
 *     complaints: [{ id: 'K1', opened: '2024-07-02 09:00', customer: 'C1', handler: 'H1', resolved: '2024-07-03 09:00' }],
 *     surveys: [{ date: '2024-07-05', employee: 'S1', nps: 9, csat: 5 }],
 *   });
 *
 * Amounts are currency units (number or decimal text) converted to integer ten-thousandths exactly;
 * `split` (0.5 or '50%') credits amount × split. Dates are 'YYYY-MM-DD'; instants 'YYYY-MM-DD HH:MM'
 * (or a bare date = 00:00). Sources cite 'sales.csv' / 'complaints.csv' / 'surveys.csv' with the
 * row a text editor would show (header = line 1, first record = line 2).
 */
import { dayOfInstant, instantFromParts, parseIsoDay, type Day, type Instant } from '../../src/engine/calendar.js';
import { parsePeriod } from '../../src/engine/period.js';
import type { Entity, Period } from '../../src/engine/types.js';
import {
  complaintTable, Interner, PackedInterner, surveyTable, type Complaint, type Dataset, type Person, type Survey,
} from '../../src/model.js';

export interface SaleRow {
  order: string;
  date: string;
  customer: string;
  employee: string;
  amount: number | string;
  cost?: number | string;
  /** Credit share: 0.5 or '50%'. */
  split?: number | string;
  quantity?: number;
}

export interface ComplaintRow {
  id?: string;
  opened: string;
  customer?: string;
  order?: string;
  handler?: string;
  owner?: string;
  firstResponse?: string;
  resolved?: string;
  /** 'resolved'/'closed'/'已解决'… sets statusResolved. */
  status?: string;
  escalated?: boolean;
  satisfied?: boolean;
  severity?: string;
}

export interface SurveyRow {
  id?: string;
  date: string;
  nps?: number;
  csat?: number;
  customer?: string;
  order?: string;
  employee?: string;
}

export interface LedgerInput {
  sales?: SaleRow[];
  complaints?: ComplaintRow[];
  surveys?: SurveyRow[];
  /** Employee ids interned first, in this order (otherwise: order of appearance). */
  employees?: string[];
  people?: Partial<Person>[];
  /** Force hasCost (default: true when any sale row has a cost). */
  hasCost?: boolean;
}

/** Calendar day of 'YYYY-MM-DD'. */
export function day(text: string): Day {
  const d = parseIsoDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
}

/** Wall-clock instant of 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD HH:MM:SS'. */
export function at(text: string): Instant {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m) throw new Error(`bad test instant ${text}`);
  return instantFromParts(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
}

/** Currency units → integer ten-thousandths, exactly for decimal text and ordinary numbers. */
export function toE4(x: number | string): number {
  const t = typeof x === 'number' ? String(x) : x.trim();
  const m = /^(-?)(\d+)(?:\.(\d{0,4}))?$/.exec(t);
  if (m) return (m[1] ? -1 : 1) * (Number(m[2]) * 10_000 + Number((m[3] ?? '').padEnd(4, '0')));
  const n = Number(t);
  if (!Number.isFinite(n)) throw new Error(`bad test amount ${x}`);
  return Math.round(n * 10_000);
}

function share(x: number | string | undefined): number {
  if (x === undefined) return 1;
  if (typeof x === 'number') return x;
  return x.endsWith('%') ? Number(x.slice(0, -1)) / 100 : Number(x);
}

const RESOLVED = /^(resolved|closed|done|解决|已解决|关闭|已关闭)$/i;

/** Builds a Dataset from readable rows (see the module comment). */
export function ledger(input: LedgerInput): Dataset {
  const customers = new Interner();
  const employees = new Interner();
  const orders = new PackedInterner();
  for (const e of input.employees ?? []) employees.intern(e);
  const rows = input.sales ?? [];
  const n = rows.length;
  const hasCost = input.hasCost ?? rows.some((r) => r.cost !== undefined);
  const sales = {
    n,
    day: new Int32Array(n),
    order: new Int32Array(n),
    customer: new Int32Array(n),
    employee: new Int32Array(n),
    amountE4: new Float64Array(n),
    costE4: new Float64Array(n),
    quantity: new Float64Array(n),
    fileIdx: new Uint16Array(n),
    row: new Int32Array(n),
    files: ['sales.csv'],
    hasCost,
    hasQuantity: rows.some((r) => r.quantity !== undefined),
  };
  rows.forEach((r, i) => {
    const sp = share(r.split);
    sales.day[i] = day(r.date);
    sales.order[i] = orders.intern(r.order);
    sales.customer[i] = customers.intern(r.customer);
    sales.employee[i] = employees.intern(r.employee);
    sales.amountE4[i] = Math.round(toE4(r.amount) * sp);
    sales.costE4[i] = r.cost === undefined ? NaN : Math.round(toE4(r.cost) * sp);
    sales.quantity[i] = r.quantity ?? NaN;
    sales.row[i] = i + 2;
  });

  const opt = (it: Interner | PackedInterner, id: string | undefined): number => (id === undefined ? -1 : it.intern(id));
  const complaints: Complaint[] = (input.complaints ?? []).map((c, i) => {
    const opened = at(c.opened);
    return {
      id: c.id ?? `K${i + 1}`,
      opened,
      openedDay: dayOfInstant(opened),
      customer: opt(customers, c.customer),
      order: opt(orders, c.order),
      handler: opt(employees, c.handler),
      owner: opt(employees, c.owner),
      firstResponse: c.firstResponse ? at(c.firstResponse) : null,
      resolved: c.resolved ? at(c.resolved) : null,
      statusResolved: c.status !== undefined && RESOLVED.test(c.status),
      escalated: c.escalated ?? false,
      satisfied: c.satisfied ?? null,
      severity: c.severity ?? null,
      src: { file: 'complaints.csv', row: i + 2 },
    };
  });
  const surveys: Survey[] = (input.surveys ?? []).map((s, i) => ({
    id: s.id ?? null,
    day: day(s.date),
    nps: s.nps ?? null,
    csat: s.csat ?? null,
    customer: opt(customers, s.customer),
    order: opt(orders, s.order),
    employee: opt(employees, s.employee),
    src: { file: 'surveys.csv', row: i + 2 },
  }));
  const roster: Partial<Person>[] = input.people ?? employees.ids.map((id) => ({ id }));
  const people: Person[] = roster.map((p) => ({
    id: p.id ?? '', name: p.name ?? p.id ?? '', team: p.team ?? '', role: p.role ?? 'sales',
    baseSalary: p.baseSalary ?? null, start: p.start ?? null, end: p.end ?? null,
  }));
  return { sales, complaints: complaintTable(complaints), surveys: surveyTable(surveys), people, targets: [], customers, employees, orders, stats: [] };
}

/** A period from an id ('2024Q3', '2024-07') or an inclusive range ('2024-07-01..2024-07-10'). */
export function period(id: string, fiscalYearStartMonth = 1): Period {
  const p = parsePeriod(id, fiscalYearStartMonth);
  if (!p) throw new Error(`bad test period ${id}`);
  return p;
}

/** An entity pooling the given employee ids (one id: an employee; several: a team). */
export function entity(
  ds: Dataset, ids: string | string[], complaintsBy: Entity['complaintsBy'] = 'account_owner',
): Entity {
  const list = typeof ids === 'string' ? [ids] : ids;
  const members = list.map((id) => {
    const i = ds.employees.get(id);
    if (i < 0) throw new Error(`unknown test employee ${id}`);
    return i;
  });
  return {
    kind: list.length === 1 ? 'employee' : 'team',
    id: list.join('+'),
    members,
    complaintsBy,
  };
}

/** Customer index of an id (for revenueByCustomer maps). */
export function customerIndex(ds: Dataset, id: string): number {
  return ds.customers.get(id);
}

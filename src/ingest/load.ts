/**
 * Reads every source of a plan into one Dataset (PRODUCT.md §4, §10): sales (required),
 * complaints, surveys, targets and people (optional); merges the roster; adds employees seen only
 * in the data as inferred people (warned). Row problems stop the load unless `skipInvalid`.
 */
import { errorCount, type Diagnostic, type SourceRef } from '../diagnostics.js';
import {
  complaintTable, Interner, PackedInterner, surveyTable, type ComplaintTable, type Dataset, type Person, type SourceStats, type SurveyTable, type TargetRow,
} from '../model.js';
import type { Plan } from '../plan/types.js';
import { metricsWithTargets } from '../plan/lint.js';
import { ingestComplaints } from './complaints.js';
import { checkRoles, ingestPeople, mergePeople } from './people.js';
import { emptySales, ingestSales } from './sales.js';
import { currencyCode } from './values.js';
import { ingestSurveys } from './surveys.js';
import { ingestTargets } from './targets.js';
import { rowSource } from '../model/tables.js';

export interface LoadOptions {
  skipInvalid: boolean;
  /**
   * Put the sales rows in (employee, day, file) order — the metric index's order, so it shares the
   * columns instead of copying them (saves ~20 MB per million rows). Default: file order.
   */
  salesByEmployee?: boolean;
  /** Called after each batch with the source name and the rows read so far. */
  onProgress?: (source: string, rows: number) => void;
}

export interface LoadResult {
  /** null when any error diagnostic was produced. */
  dataset: Dataset | null;
  diagnostics: Diagnostic[];
}

/** Loads the plan's exports. Never throws for data problems: they are diagnostics. */
export async function loadDataset(plan: Plan, opts: LoadOptions): Promise<LoadResult> {
  const diags: Diagnostic[] = [];
  const customers = new Interner(), employees = new Interner(), orders = new PackedInterner();
  const interners = { customers, employees, orders };
  const stats: SourceStats[] = [];
  const ro = (source: string) => ({ source, skipInvalid: opts.skipInvalid, onProgress: opts.onProgress, currency: currencyCode(plan.currency) });

  // Roster first, so roster employees get the first (stable) indexes.
  let roster: Person[] = [];
  if (plan.sources.people) {
    const r = await ingestPeople(plan.sources.people, ro('people'), diags);
    if (r.stats) stats.push(r.stats);
    roster = r.people;
  }
  const people = mergePeople(plan.people, roster, diags, plan.sources.people?.displayPath);
  checkRoles(people, plan.defaultRole, new Set(Object.keys(plan.roles)), diags);
  for (const p of people) employees.intern(p.id);

  // A service-only plan has no sales export: no sales rows (the lint refuses sales metrics then).
  const sales = plan.sources.sales
    ? await ingestSales(plan.sources.sales, interners, ro('sales'), diags, !!opts.salesByEmployee)
    : { ok: true, table: emptySales(), stats: [] };
  stats.push(...sales.stats);

  let complaints: ComplaintTable = complaintTable([]);
  if (plan.sources.complaints) {
    const r = await ingestComplaints(plan.sources.complaints, interners, ro('complaints'), diags);
    stats.push(...r.stats);
    complaints = r.complaints;
  }
  let surveys: SurveyTable = surveyTable([]);
  if (plan.sources.surveys) {
    const r = await ingestSurveys(plan.sources.surveys, interners, plan.survey.csatScale, ro('surveys'), diags);
    stats.push(...r.stats);
    surveys = r.surveys;
  }
  let targets: TargetRow[] = [];
  if (plan.sources.targets) {
    const r = await ingestTargets(plan.sources.targets, ro('targets'), diags);
    if (r.stats) stats.push(r.stats);
    targets = r.targets;
  }

  addInferredPeople(people, employees, sales.table, complaints, surveys, plan.defaultRole, diags, stats);
  diags.push(...targetRefWarnings(targets, people, plan));

  // The id sets are complete: free the orders' and customers' lookup tables (~10 MB per 500k ids).
  orders.compact();
  customers.compact();
  if (errorCount(diags) > 0) return { dataset: null, diagnostics: diags };
  const dataset: Dataset = {
    sales: sales.ok ? sales.table : emptySales(), complaints, surveys, people, targets, customers, employees, orders, stats,
  };
  return { dataset, diagnostics: diags };
}

/**
 * Rows of the targets export that can never apply, as the plan's own targets: are warned of
 * (lint's plan_unknown_target_ref / plan_target_not_kpi): an employee, team or role nobody has,
 * or a metric that is no KPI of the role the row reaches. Cited by file and row.
 */
export function targetRefWarnings(targets: readonly TargetRow[], people: readonly Person[], plan: Plan): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map(people.map((p) => [p.id, p] as const));
  const teams = new Set(people.map((p) => p.team).filter(Boolean));
  for (const t of targets) {
    const at = { file: t.src?.file, sheet: t.src?.sheet, row: t.src?.row };
    const warn = (code: string, value: string, message: string) => out.push({ code, severity: 'warning', ...at, value, message });
    let roles: string[] = [];
    if (t.employee !== undefined) {
      const p = byId.get(t.employee);
      if (!p) { warn('unknown_target_ref', t.employee, `target for unknown employee "${t.employee}": the row is never used`); continue; }
      roles = [p.role];
    } else if (t.team !== undefined) {
      if (!teams.has(t.team)) { warn('unknown_target_ref', t.team, `target for unknown team "${t.team}": the row is never used`); continue; }
      roles = [...new Set(people.filter((p) => p.team === t.team).map((p) => p.role))];
    } else if (t.role !== undefined) {
      if (!plan.roles[t.role]) { warn('unknown_target_ref', t.role, `target for unknown role "${t.role}": the row is never used`); continue; }
      roles = [t.role];
    }
    roles = roles.filter((r) => plan.roles[r]);
    if (roles.length > 0 && !roles.some((r) => metricsWithTargets(plan.roles[r]).has(t.metric))) {
      warn('target_not_kpi', t.metric, `target for ${t.metric}, which is not a KPI of ${roles.map((r) => `role "${r}"`).join(', ')}: the row is never used`);
    }
  }
  return out;
}

/**
 * Appends a Person{inferred: true, role: defaultRole ?? ''} for every employee index that is not
 * in the roster, with one `unknown_employee` warning each citing the first row that names them.
 */
export function addInferredPeople(
  people: Person[], employees: Interner, sales: Dataset['sales'], complaints: ComplaintTable, surveys: SurveyTable,
  defaultRole: string | null, diags: Diagnostic[], stats: readonly SourceStats[] = [],
): void {
  const known = new Set(people.map((p) => p.id));
  if (known.size === employees.size) return;
  // The first row naming each unknown employee, and the header of the column it is in.
  const firstSeen = new Map<number, SourceRef & { column?: string }>();
  const see = (e: number, ref: () => SourceRef, source = 'sales', field = 'employee_id') => {
    if (e < 0 || firstSeen.has(e) || known.has(employees.ids[e])) return;
    const r = ref();
    const st = stats.find((s) => s.source === source && s.file === r.file && s.sheet === r.sheet);
    firstSeen.set(e, { ...r, column: st?.mapping[field] });
  };
  // Sales rows are in employee order: cite each unknown employee's first row in the file.
  const first = new Int32Array(employees.size).fill(-1);
  const before = (i: number, j: number) => sales.fileIdx[i] - sales.fileIdx[j] || sales.row[i] - sales.row[j];
  for (let i = 0; i < sales.n; i++) {
    const e = sales.employee[i];
    if (first[e] < 0 || before(i, first[e]) < 0) first[e] = i;
  }
  for (const i of Array.from(first).filter((i) => i >= 0).sort(before)) {
    const sheet = sales.sheets?.[sales.fileIdx[i]];
    see(sales.employee[i], () => (sheet === undefined
      ? { file: sales.files[sales.fileIdx[i]], row: sales.row[i] }
      : { file: sales.files[sales.fileIdx[i]], sheet, row: sales.row[i] }));
  }
  const ref = rowSource;
  for (let i = 0; i < complaints.n; i++) {
    see(complaints.handler[i], () => ref(complaints, i), 'complaints', 'handler_id');
    see(complaints.owner[i], () => ref(complaints, i), 'complaints', 'owner_id');
  }
  for (let i = 0; i < surveys.n; i++) see(surveys.employee[i], () => ref(surveys, i), 'surveys', 'employee_id');
  let inferred = 0;
  for (let e = 0; e < employees.size; e++) {
    const id = employees.ids[e];
    if (known.has(id)) continue;
    const ref = firstSeen.get(e);
    people.push({ id, name: id, team: '', role: defaultRole ?? '', baseSalary: null, start: null, end: null, inferred: true });
    inferred++;
    diags.push({
      code: 'unknown_employee', severity: 'warning', file: ref?.file, sheet: ref?.sheet, row: ref?.row, column: ref?.column, value: id,
      message: defaultRole
        ? `employee ${id} is in the data but not in the roster; scored with default_role ${defaultRole}`
        : `employee ${id} is in the data but not in the roster, and the plan has no default_role: not scored`,
    });
  }
  if (inferred && !defaultRole) {
    diags.push({ code: 'unknown_employee', severity: 'warning',
      message: `${inferred} employees found in the data have no role; add them to people: or set default_role` });
  }
}

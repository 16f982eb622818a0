/**
 * The IO shell around the pure engine: find and load the plan, parse the period, read every
 * export, then hand the records to the engine. Each step stops with the exit code of §10 when
 * its diagnostics contain errors; nothing is written before all inputs are known to be good.
 */
import path from 'node:path';
import { statSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, KpiExit, errorCount, type Diagnostic } from '../diagnostics.js';
import type { Dataset } from '../model.js';
import type { Plan } from '../plan/types.js';
import type { Period } from '../engine/types.js';
import type { Day } from '../engine/calendar.js';
import type { ComplaintMode } from '../engine/attribution.js';
import { parseIsoDay, isoDay } from '../engine/calendar.js';
import { findPlanFile } from '../plan/discover.js';
import { loadPlan } from '../plan/load.js';
import { lintPlan } from '../plan/lint.js';
import { isMetric, METRICS, metricSources } from '../engine/metrics/registry.js';
import { isPattern, matchesPattern } from '../io/file-patterns.js';
import { createMeasurer, type MetricMeasurer } from '../engine/metrics/measurer.js';
import { parsePeriod, priorPeriod, lastYearPeriod } from '../engine/period.js';
import { loadDataset } from '../ingest/load.js';
import { emptySales } from '../ingest/sales.js';

/** Options every data command shares. */
export interface CommonOptions {
  plan?: string;
  demo?: boolean;
  lang?: string;
  quiet?: boolean;
  color?: boolean;
  skipInvalid?: boolean;
}

/** Folder of the installed package (dist/cli/ → ../..). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_PLAN = path.join(PACKAGE_ROOT, 'fixtures', 'sample', 'kpi.yaml');

function usage(code: string, message: string): KpiExit {
  return new KpiExit(EXIT.usage, [{ code, severity: 'error', message }]);
}

/** Resolves which plan file to use (§2): --demo, --plan, ./kpi.yaml|yml|json, $KPI_PLAN. */
export function resolvePlanFile(opts: CommonOptions, cwd = process.cwd(), env = process.env): string {
  if (opts.demo) return DEMO_PLAN;
  // An empty --plan (`--plan "$PLAN"` with PLAN unset) must not quietly fall back to ./kpi.yaml.
  if (opts.plan !== undefined && opts.plan.trim() === '') throw usage('usage', '--plan needs a file (it was given as "")');
  const found = findPlanFile(cwd, env, opts.plan);
  if (!found) {
    throw usage(
      'plan_not_found',
      'no plan found: looked for ./kpi.yaml, ./kpi.yml, ./kpi.json and $KPI_PLAN. ' +
        'Run `kpi init` to write a sample plan, pass --plan FILE, or try `kpi score --demo --period 2024Q3`.',
    );
  }
  return found;
}

export interface LoadedPlan {
  plan: Plan;
  /** The plan's path as shown to people (relative to the working folder when inside it). */
  display: string;
  planText: string;
  warnings: Diagnostic[];
}

/** Loads and lints the plan; plan errors leave with exit 2. */
export async function loadCheckedPlan(file: string, cwd = process.cwd()): Promise<LoadedPlan> {
  const display = displayPath(file, cwd);
  const res = await loadPlan(file, display);
  const diags: Diagnostic[] = [...res.diagnostics];
  if (!res.plan || errorCount(diags) > 0) throw new KpiExit(EXIT.usage, diags);
  diags.push(...lintPlan(res.plan, isMetric, { locate: res.locate, file: display, metricSources, metricNames: METRICS }));
  if (errorCount(diags) > 0) throw new KpiExit(EXIT.usage, diags);
  return { plan: res.plan, display, planText: res.text ?? '', warnings: diags };
}

/** A path as a user would like to read it: relative to the working folder when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export interface Periods {
  period: Period;
  prior: Period;
  lastYear: Period;
}

export function resolvePeriods(text: string, plan: Plan): Periods {
  const period = parsePeriod(text, plan.calendar.fiscalYearStartMonth);
  if (!period) {
    throw usage(
      'bad_period',
      `unknown period ${JSON.stringify(text)}: expected 2024, 2024H1, 2024Q3, 2024-07, 2024-W27 or 2024-07-01..2024-09-30`,
    );
  }
  return {
    period,
    prior: priorPeriod(period, plan.calendar.fiscalYearStartMonth),
    lastYear: lastYearPeriod(period, plan.calendar.fiscalYearStartMonth),
  };
}

/** `--as-of DATE` must be a calendar date inside P. */
export function resolveAsOf(text: string | undefined, period: Period): Day | null {
  if (text === undefined) return null;
  const day = parseIsoDay(text);
  if (day === null) throw usage('bad_as_of', `--as-of ${JSON.stringify(text)}: expected a date like 2024-08-15`);
  if (day < period.start || day > period.end) {
    throw usage('bad_as_of', `--as-of ${text} is outside ${period.id} (${isoDay(period.start)}..${isoDay(period.end)})`);
  }
  return day;
}

/** Every input file the plan reads (sources and joins), absolute; file name patterns as written. */
export function inputFiles(plan: Plan): string[] {
  const files = [plan.file];
  for (const src of Object.values(plan.sources)) {
    if (!src) continue;
    for (const f of src.files) files.push(f.path);
    for (const j of src.join) files.push(j.path);
  }
  return files;
}

/** Refuses an --out that would overwrite one of the inputs (exit 2, before anything is read). */
export function checkOutNotInput(out: string | undefined, plan: Plan): void {
  if (!out) return;
  const target = path.resolve(out);
  for (const f of inputFiles(plan)) {
    if (path.resolve(f) === target || (isPattern(f) && matchesPattern(path.resolve(f), target))) {
      throw usage('out_is_input', `--out ${out} is one of the inputs (${displayPath(f)}); refusing to overwrite it`);
    }
  }
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** The nearest path at or above `abs` that exists (the root at worst), and whether it is a folder. */
export function nearestExisting(abs: string): { path: string; isDir: boolean } {
  for (let p = abs; ; p = path.dirname(p)) {
    const st = statOrNull(p);
    if (st) return { path: p, isDir: st.isDirectory() };
    if (path.dirname(p) === p) return { path: p, isDir: true };
  }
}

/**
 * `--out FILE` must name a file in a folder that exists (exit 2 otherwise). Checked before the plan
 * and the exports are read, so that a cron job with a wrong path learns it at once, not after
 * scoring a million rows; kpi does not create folders for --out (a typo would go unnoticed).
 */
export function checkOutFile(out: string | undefined, cwd = process.cwd()): void {
  if (out === undefined) return;
  if (out === '') throw usage('usage', '--out needs a file name (it was given as "")');
  const abs = path.resolve(cwd, out);
  if (statOrNull(abs)?.isDirectory()) {
    throw usage('out_is_folder', `--out ${out} is a folder: give a file name, e.g. --out ${path.join(out, 'report.json')}`);
  }
  const dir = path.dirname(abs);
  const shown = path.dirname(out);
  const near = nearestExisting(dir);
  if (near.path === dir && near.isDir) return;
  throw usage('out_dir_missing', near.isDir
    ? `--out ${out}: the folder ${shown} does not exist; create it first (mkdir -p ${shown})`
    : `--out ${out}: ${displayPath(near.path, cwd)} is a file, not a folder`);
}

/**
 * `--statements DIR` must be a folder, or not exist yet (it is created, with its parents): a file
 * there, or a file in its path, is a usage error (exit 2) before anything is read.
 */
export function checkStatementsDir(dir: string | undefined, cwd = process.cwd(), out?: string): void {
  if (dir === undefined) return;
  if (dir === '') throw usage('usage', '--statements needs a folder (it was given as "")');
  const abs = path.resolve(cwd, dir);
  // The folder gets <employee id>.xlsx per employee: a report among them could be written over
  // by a statement, or overwrite one (--out st/S001.xlsx).
  if (out && path.dirname(path.resolve(cwd, out)) === abs) {
    throw usage('out_in_statements', `--out ${out} is inside the --statements folder ${dir}, which holds one xlsx per employee; write the report elsewhere`);
  }
  const near = nearestExisting(abs);
  if (near.isDir) return;
  throw usage('statements_not_folder', near.path === abs
    ? `--statements ${dir} is a file, not a folder: give the folder to write one statement xlsx per employee into (it is created when missing)`
    : `--statements ${dir}: ${displayPath(near.path, cwd)} is a file, not a folder`);
}

export async function loadData(
  plan: Plan,
  opts: { skipInvalid: boolean; onProgress?: (source: string, rows: number) => void },
): Promise<{ dataset: Dataset; diagnostics: Diagnostic[] }> {
  const res = await loadDataset(plan, { ...opts, salesByEmployee: true });
  if (!res.dataset || (!opts.skipInvalid && errorCount(res.diagnostics) > 0)) {
    throw new KpiExit(EXIT.data, res.diagnostics);
  }
  // Ingest leaves its work tables behind as garbage (row fingerprints, the permutation scratch,
  // the id lookups freed by compact(), builders' growth copies: ~25 MB per million sales rows);
  // the engine's index allocates about as much next. Collected now, their memory is reused.
  if (res.dataset.sales.n >= COLLECT_FROM_ROWS) collectGarbage();
  return { dataset: res.dataset, diagnostics: res.diagnostics };
}

/**
 * The engine's measurer for a loaded dataset, with the plan's settings; then the sales rows are
 * let go (see releaseSalesRows) and their memory collected, so that scoring, variance and output
 * reuse it instead of growing the process (PRODUCT.md §11: ≤ 256 MB peak at a million rows).
 * The dataset's other parts (people, ids, complaints, surveys, stats) stay as they were.
 */
export function measureDataset(dataset: Dataset, plan: Plan): MetricMeasurer {
  const big = dataset.sales.n >= COLLECT_FROM_ROWS;
  const measurer = createMeasurer(dataset, {
    bigCustomerMinAnnualRevenue: plan.segments.bigCustomerMinAnnualRevenue,
    csatScale: plan.survey.csatScale,
    slaHours: plan.service.slaHours,
    fiscalYearStartMonth: plan.calendar.fiscalYearStartMonth,
    complaintModes: complaintModes(plan),
  });
  releaseSalesRows(dataset);
  if (big) collectGarbage();
  return measurer;
}

/** The ways the plan's roles attribute complaints (`complaints_by`), each once. */
export function complaintModes(plan: Plan): ComplaintMode[] {
  return [...new Set(Object.values(plan.roles).map((r) => r.complaintsBy))];
}

/**
 * Replaces `dataset.sales` by a table without rows (n 0, empty columns) that keeps its `files`,
 * `hasCost` and `hasQuantity`. For after the measurer is built: the engine reads sales only
 * through its index (SalesIndex keeps no reference to the rows), and nothing in score, explain or
 * payout reads them, so the ~40 MB of row columns per million rows are garbage from here on.
 */
export function releaseSalesRows(dataset: Dataset): void {
  const { files, sheets, hasCost, hasQuantity } = dataset.sales;
  dataset.sales = { ...emptySales(), files, ...(sheets ? { sheets } : {}), hasCost, hasQuantity };
}

/**
 * Sales rows from which loadData and measureDataset collect garbage: ~10 MB of it then. A forced
 * collection costs ~10 ms however small the data (the heap holds the CLI's code), which smaller
 * runs would only pay for.
 */
export const COLLECT_FROM_ROWS = 250_000;

/**
 * A full garbage collection when the launcher exposed one (bin/kpi.js runs node with
 * --expose-gc), else nothing (`node dist/cli/main.js`, tests). Called where a large amount of
 * memory has just become garbage and the next step allocates about as much: V8 would collect it
 * only once its own heuristics fire, after the next step has grown the process for the new data
 * beside the old (peak RSS). A collection of this ~40 MB heap costs ~10–20 ms, about what one of
 * V8's own full collections costs, which it then need not run. (The ArrayBuffers it frees are
 * returned by V8's sweeper thread a few milliseconds later.)
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export { resolveLang } from './lang.js';

export type Format = 'table' | 'json' | 'csv' | 'xlsx';

/**
 * --format, else inferred from --out's extension (.json .csv .xlsx; .txt or none: table), else
 * table. An extension kpi does not know (`--out payouts.pdf`) without --format is a usage error:
 * writing a text table into a .pdf (or .xls) would pass silently until someone opens it.
 */
export function resolveFormat(format: string | undefined, out: string | undefined, allowed: readonly Format[]): Format {
  let f = format as Format | undefined;
  if (!f && out) {
    const ext = path.extname(out).toLowerCase().slice(1);
    if (ext === 'json' || ext === 'csv' || ext === 'xlsx') f = ext;
    else if (ext === 'txt' || ext === '') f = 'table';
    else {
      const known = allowed.filter((a) => a !== 'table').map((a) => `.${a}`).join(', ');
      throw usage('out_format_unknown',
        `--out ${out}: kpi does not know the extension .${ext}; use ${known} or .txt (a text table, also without an extension), or give --format ${allowed.join('|')}`);
    }
  }
  f ??= 'table';
  if (!allowed.includes(f)) throw usage('usage', `--format ${f}: expected one of ${allowed.join(', ')}`);
  return f;
}

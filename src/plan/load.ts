/**
 * Plan loading: text → YAML/JSON document → zod validation → normalised `Plan` (PRODUCT.md §3).
 *
 * Every problem is a Diagnostic with the plan file, the 1-based line and column of the offending
 * node and its path (`roles.sales.kpis[2].weight`) in `column`; `formatDiagnostic` renders it as
 * `kpi.yaml:31:18 roles.sales.kpis[2].weight: expected a number, got "heavy"`.
 *
 * JSON plans are parsed with the YAML parser too (JSON is YAML 1.2) so their nodes have ranges;
 * JSON syntax errors are reported from `JSON.parse`'s position.
 *
 * Numbers that become money keep their source text ("0.1" stays "0.1"); percent strings are
 * divided by 100 in decimal ("3%" → "0.03").
 */
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { dayFromYmd, type Day } from '../engine/calendar.js';
import { parseDayText, parsePeriod } from '../engine/period.js';
import { readPlanFile } from '../io/plan-file.js';
import { FIELDS, normHeader, type ExportKind } from '../ingest/columns.js';
import { currencyCode, parseMoney } from '../ingest/values.js';
import { metricDef } from '../engine/metrics/registry.js';
import { findJsonError } from './json-error.js';
import { didYouMean } from './suggest.js';
import {
  describeIssue, knownKeys, MONEY_TEXT, NUMBER_TEXT, PERCENT_TEXT, rawPlan, show,
  type RawJoin, type RawPayout, type RawPlan, type RawRole, type RawSource,
} from './schema.js';
import type {
  DateOrder, Encoding, JoinSpec, KpiSpec, PayoutComponent, Plan, PlanPerson, PlanTarget, Rating,
  RoleSpec, SourceSpec, Tier,
} from './types.js';

export type PlanPath = readonly (string | number)[];
/** 1-based line and column in the plan file. */
export interface PlanLocation { line: number; col: number }
/** Where a plan path is in the file (the nearest existing node when the path is absent). */
export type Locate = (p: PlanPath) => PlanLocation | undefined;

export interface PlanLoadResult {
  plan: Plan | null;
  diagnostics: Diagnostic[];
  /** Maps plan paths (raw, as written: `['roles','sales','kpis',2,'weight']`) to line:col. */
  locate: Locate;
  /** The plan text as read (BOM stripped), for the Inputs sheet's plan echo. */
  text?: string;
}

/** Sales fields that `columns:` may give as a sum of several headers. */
const SUMMABLE = new Set(['amount', 'cost']);

/** The ratings of §3, used when the plan has none. */
export const DEFAULT_RATINGS: readonly Rating[] = [
  { minScore: 110, label: 'S' },
  { minScore: 100, label: 'A' },
  { minScore: 80, label: 'B' },
  { minScore: 60, label: 'C' },
  { minScore: null, label: 'D' },
];

/** Reads and loads a plan file (IO). `display` is the path as the user wrote it. */
export async function loadPlan(file: string, display: string = file): Promise<PlanLoadResult> {
  const read = await readPlanFile(file, display);
  if (!read.ok) return { plan: null, diagnostics: [read.diagnostic], locate: () => undefined };
  return loadPlanText(read.text, file, display);
}

/**
 * Parses, validates and normalises plan text. `file` locates relative source paths (resolved
 * against its folder); `display` names the file in diagnostics. Pure apart from `path.resolve`.
 */
export function loadPlanText(text: string, file: string, display: string = file): PlanLoadResult {
  const res = parsePlanText(text, file, display);
  res.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return res;
}

function parsePlanText(text: string, file: string, display: string): PlanLoadResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const diags: Diagnostic[] = [];
  const lc = new LineCounter();
  const isJson = /\.json$/i.test(file);

  if (isJson) {
    try {
      JSON.parse(src);
    } catch (e) {
      // Node's own message often has no position (a trailing comma read as 1:1): locate it ourselves.
      // Node's wording is kept where it points at the same place.
      const nodeAt = jsonErrorOffset((e as Error).message, src);
      const nodeWhy = (e as Error).message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
      const found = findJsonError(src);
      const at = found ? found.offset : nodeAt;
      const { line, col } = posOf(src, at);
      const why = found && (found.offset !== nodeAt || !/position \d+|line \d+ column \d+/.test((e as Error).message)) ? found.message : nodeWhy;
      diags.push({ code: 'plan_syntax', severity: 'error', file: display, line, col, message: `invalid JSON: ${why}` });
      return { plan: null, diagnostics: diags, locate: () => undefined };
    }
  }

  const doc = parseDocument(src, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const locate = makeLocate(doc, lc);
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const { line, col } = lc.linePos(err.pos[0]);
      let message = `invalid ${isJson ? 'JSON' : 'YAML'}: ${firstLine(err.message)}`;
      if (err.code === 'DUPLICATE_KEY') {
        // Say which key, where it is, and where it was first given.
        const at = pathAtOffset(doc, err.pos[0]);
        if (at) {
          const first = keyLocate(doc, lc, at);
          const where = at.length > 1 ? ` in ${formatPlanPath(at.slice(0, -1))}` : '';
          message = `duplicate key "${String(at[at.length - 1])}"${where}${first ? ` (first given at ${first.line}:${first.col})` : ''}: keys must be unique in a mapping`;
        }
      }
      diags.push({ code: 'plan_syntax', severity: 'error', file: display, line, col, message });
    }
    return { plan: null, diagnostics: diags, locate };
  }
  // An alias without its anchor (`- *nope`) makes toJS throw: report it at the alias instead.
  let unresolved = false;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return;
      unresolved = true;
      const { line, col } = lc.linePos(node.range?.[0] ?? 0);
      diags.push({ code: 'plan_syntax', severity: 'error', file: display, line, col,
        message: `invalid YAML: alias *${node.source} has no anchor &${node.source} before it` });
    },
  });
  if (unresolved) return { plan: null, diagnostics: diags, locate };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // e.g. aliases expanding past maxAliasCount (a "billion laughs" plan).
    diags.push({ code: 'plan_syntax', severity: 'error', file: display, line: 1, col: 1, message: `invalid YAML: ${firstLine((e as Error).message)}` });
    return { plan: null, diagnostics: diags, locate };
  }
  if (raw === null || raw === undefined) {
    diags.push({ code: 'plan_invalid', severity: 'error', file: display, line: 1, col: 1, message: 'the plan is empty' });
    return { plan: null, diagnostics: diags, locate };
  }
  // jitless: zod's default compiles a parser (new Function) per object schema on first use,
  // which a CLI that validates one plan per run never earns back (a few ms of a cold run). The
  // interpreted path gives the same data and issues (test/plan/schema-jitless.test.ts).
  const parsed = rawPlan.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const p = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) {
          const kp = [...p, k];
          diags.push(planDiag('plan_invalid', display, kp, keyLocate(doc, lc, kp) ?? locate(kp),
            describeIssue({ ...issue, keys: [k] }, undefined) + didYouMean(k, knownKeys(rawPlan, p, raw))));
        }
        continue;
      }
      diags.push(planDiag('plan_invalid', display, p, locate(p), describeIssue(issue, getAt(raw, p))));
    }
    return { plan: null, diagnostics: sortDiags(diags), locate };
  }
  const n = new Normaliser(parsed.data, doc, src, file, display, locate, (kp) => keyLocate(doc, lc, kp) ?? locate(kp));
  const plan = n.plan();
  diags.push(...n.diags);
  return { plan: n.diags.some((d) => d.severity === 'error') ? null : plan, diagnostics: sortDiags(diags), locate };
}

/** `roles.sales.kpis[2].weight` */
export function formatPlanPath(p: PlanPath): string {
  let out = '';
  for (const s of p) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

function planDiag(code: string, file: string, p: PlanPath, loc: PlanLocation | undefined, message: string,
  severity: Diagnostic['severity'] = 'error'): Diagnostic {
  const d: Diagnostic = { code, severity, file, message };
  if (p.length) d.column = formatPlanPath(p);
  if (loc) { d.line = loc.line; d.col = loc.col; }
  return d;
}

function sortDiags(ds: Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.line ?? 0) - (b.d.line ?? 0) || (a.d.col ?? 0) - (b.d.col ?? 0) || a.i - b.i)
    .map((x) => x.d);
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function posOf(text: string, offset: number): PlanLocation {
  let line = 1, col = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; col = 1; } else col++;
  }
  return { line, col };
}

/** Offset of a JSON.parse error: Node 20 says "at position N" (or "line L column C"). */
function jsonErrorOffset(message: string, text: string): number {
  const m = /position (\d+)/.exec(message);
  if (m) return +m[1];
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split('\n');
    let off = 0;
    for (let i = 0; i < +lc[1] - 1 && i < lines.length; i++) off += lines[i].length + 1;
    return off + +lc[2] - 1;
  }
  return /end of JSON input/.test(message) ? text.length : 0;
}

// --- YAML node lookup ---------------------------------------------------------------------------

function keyText(k: unknown): string {
  return isScalar(k) ? String(k.value) : String(k);
}

/** The deepest node along the path, and whether the whole path was found. */
function walk(doc: Document, p: PlanPath): { node: Node | null; keyNode: Node | null; complete: boolean } {
  let cur: unknown = doc.contents;
  let last: Node | null = (cur as Node | null) ?? null;
  let keyNode: Node | null = null;
  for (const seg of p) {
    if (isMap(cur)) {
      const pair = cur.items.find((it) => keyText(it.key) === String(seg));
      if (!pair) return { node: last, keyNode, complete: false };
      keyNode = (pair.key as Node) ?? null;
      cur = pair.value;
      last = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(cur) && typeof seg === 'number') {
      const item = cur.items[seg];
      if (item === undefined) return { node: last, keyNode, complete: false };
      keyNode = null;
      cur = item;
      last = (item as Node | null) ?? last;
    } else {
      return { node: last, keyNode, complete: false };
    }
  }
  return { node: last, keyNode, complete: true };
}

/** The plan path of the key (or value) that starts at `offset`, e.g. a duplicate key. */
function pathAtOffset(doc: Document, offset: number): (string | number)[] | null {
  const inside = (n: unknown) => {
    const r = (n as Node | null)?.range;
    return !!r && r[0] <= offset && offset < Math.max(r[1], r[0] + 1);
  };
  const go = (cur: unknown, p: (string | number)[]): (string | number)[] | null => {
    if (isMap(cur)) {
      for (const it of cur.items) {
        if (inside(it.key)) return [...p, keyText(it.key)];
        if (inside(it.value)) return go(it.value, [...p, keyText(it.key)]);
      }
    } else if (isSeq(cur)) {
      for (let i = 0; i < cur.items.length; i++) if (inside(cur.items[i])) return go(cur.items[i], [...p, i]);
    }
    return null;
  };
  return go(doc.contents, []);
}

function makeLocate(doc: Document, lc: LineCounter): Locate {
  return (p) => {
    const { node } = walk(doc, p);
    const start = node?.range?.[0];
    return start === undefined ? undefined : lc.linePos(start);
  };
}

function keyLocate(doc: Document, lc: LineCounter, p: PlanPath): PlanLocation | undefined {
  const { keyNode, complete } = walk(doc, p);
  const start = complete ? keyNode?.range?.[0] : undefined;
  return start === undefined ? undefined : lc.linePos(start);
}

function getAt(v: unknown, p: PlanPath): unknown {
  let cur = v;
  for (const s of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

// --- normalisation ------------------------------------------------------------------------------

const ENCODINGS: Record<string, Encoding> = {
  auto: 'auto', utf8: 'utf8', 'utf-8': 'utf8', gb18030: 'gb18030', gbk: 'gb18030',
  utf16le: 'utf16le', 'utf-16le': 'utf16le', utf16be: 'utf16be', 'utf-16be': 'utf16be',
};
const DELIMITERS: Record<string, string> = { tab: '\t', comma: ',', semicolon: ';', pipe: '|' };

type P = (string | number)[];

class Normaliser {
  readonly diags: Diagnostic[] = [];
  private readonly dir: string;
  private fy = 1;

  constructor(
    private readonly raw: RawPlan,
    private readonly doc: Document,
    private readonly text: string,
    private readonly file: string,
    private readonly display: string,
    private readonly locate: Locate,
    /** Where the key at the end of a path is (for an unknown key rather than its value). */
    private readonly keyLoc: Locate,
  ) {
    this.dir = path.dirname(path.resolve(file));
  }

  plan(): Plan {
    const r = this.raw;
    this.fy = r.calendar?.fiscal_year_start_month ?? 1;
    const sources: Plan['sources'] = {};
    for (const k of ['sales', 'complaints', 'surveys', 'targets', 'people'] as const) {
      const s = r.sources[k];
      if (s) sources[k] = this.source(s, ['sources', k]);
    }
    const roles: Record<string, RoleSpec> = {};
    for (const [name, role] of Object.entries(r.roles)) roles[name] = this.role(name, role, ['roles', name]);
    return {
      file: path.resolve(this.file),
      dir: this.dir,
      version: 1,
      company: r.company === undefined ? '' : String(r.company),
      currency: r.currency ?? 'CNY',
      // No default here: without `language:` the run's language comes from LANG (cli/lang.ts).
      ...(r.language !== undefined ? { language: r.language } : {}),
      calendar: { fiscalYearStartMonth: this.fy },
      sources,
      segments: {
        bigCustomerMinAnnualRevenue: r.segments?.big_customer_min_annual_revenue === undefined
          ? 1_000_000 : this.num(r.segments.big_customer_min_annual_revenue),
      },
      survey: { csatScale: r.survey?.csat_scale ?? 5, minSample: r.survey?.min_sample ?? 30 },
      service: { slaHours: r.service?.sla_hours === undefined ? 48 : this.num(r.service.sla_hours) },
      defaultRole: r.default_role ?? null,
      people: this.people(r.people ?? []),
      roles,
      targets: (r.targets ?? []).flatMap((t, i) => this.target(t, ['targets', i])),
      ratings: r.ratings
        ? r.ratings.map((x, i) => ({
          minScore: x.min_score === undefined || x.min_score === null ? null : this.num(x.min_score),
          label: this.idText(x.label, ['ratings', i, 'label']),
        }))
        : DEFAULT_RATINGS.map((x) => ({ ...x })),
    };
  }

  // sources

  private fileOpts(s: RawSource | RawJoin) {
    const sheetList = Array.isArray(s.sheet) ? s.sheet.map(String) : s.sheet === undefined ? undefined : [String(s.sheet)];
    // A list or a pattern is `sheets` (SourceSpec); one plain name stays `sheet`.
    const many = sheetList !== undefined && (sheetList.length > 1 || /[*?]/.test(sheetList[0]));
    const sheet = sheetList === undefined || many ? undefined : sheetList[0];
    const delim = s.delimiter ?? 'auto';
    const first = Array.isArray(s.path) ? s.path[0] : s.path;
    return {
      path: path.resolve(this.dir, first),
      displayPath: first,
      ...(sheet !== undefined ? { sheet } : {}),
      ...(many ? { sheets: sheetList } : {}),
      ...(s.header_row !== undefined ? { headerRow: s.header_row } : {}),
      encoding: ENCODINGS[s.encoding ?? 'auto'],
      dateFormat: (s.date_format ?? 'auto') as DateOrder,
      delimiter: DELIMITERS[delim] ?? delim,
      columns: Object.fromEntries(Object.entries(s.columns ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)])),
    };
  }

  private source(s: RawSource, p: P): SourceSpec {
    const o = this.fileOpts(s);
    const exclude: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(s.exclude ?? {})) exclude[k] = (Array.isArray(v) ? v : [v]).map(String);
    const list = Array.isArray(s.path) ? s.path : [s.path];
    const kind = p[p.length - 1];
    if ((kind === 'targets' || kind === 'people') && (list.length > 1 || list.some((f) => /[*?]/.test(path.basename(f))))) {
      this.err([...p, 'path'], `sources.${kind} reads one file: a list or pattern of files is for sales, complaints and surveys`);
    }
    if ((kind === 'targets' || kind === 'people') && o.sheets) {
      this.err([...p, 'sheet'], `sources.${kind} reads one sheet: a list or pattern of sheets is for sales, complaints and surveys`);
    }
    const files = list.map((f) => ({ path: path.resolve(this.dir, f), displayPath: f }));
    this.columnFields(kind as ExportKind, s.columns, [...p, 'columns'], []);
    (s.join ?? []).forEach((j, i) => this.columnFields(kind as ExportKind, j.columns, [...p, 'join', i, 'columns'],
      // A join may fill a key of its own for a later join (`order_customer`, then `on: { left: order_customer, … }`).
      (s.join ?? []).slice(i + 1).map((later) => (typeof later.on === 'string' ? later.on : later.on.left))));
    const sums: Record<string, string[]> = {};
    for (const [field, v] of Object.entries(s.columns ?? {})) {
      if (!Array.isArray(v) || v.length < 2) continue;
      if (kind !== 'sales' || !SUMMABLE.has(field)) {
        this.err([...p, 'columns', field], `only the money fields of sales (${[...SUMMABLE].join(', ')}) can be a sum of columns`);
      }
      sums[field] = v.slice(1).map(String);
    }
    return { ...o, files, ...(Object.keys(sums).length ? { sums } : {}), exclude, join: (s.join ?? []).map((j, i) => this.join(j, [...p, 'join', i])) };
  }

  private join(j: RawJoin, p: P = []): JoinSpec {
    for (const [field, v] of Object.entries(j.columns ?? {})) {
      if (Array.isArray(v) && v.length > 1) this.err([...p, 'columns', field], 'a join fills a field from one column: a sum of columns is for the source\'s own columns');
    }
    const o = this.fileOpts(j);
    const on = typeof j.on === 'string' ? { left: j.on, right: j.on } : { left: j.on.left, right: j.on.right };
    return { ...o, on };
  }

  // roles

  private role(name: string, r: RawRole, p: P): RoleSpec {
    const raw = r.kpis ?? [];
    // Weights: all or none. With none the KPIs count equally (1 each); a KPI left without a weight
    // among weighted ones would silently count 1 against their 40s and 20s.
    const weighted = raw.filter((k) => k.weight !== undefined).length;
    const kpis: KpiSpec[] = raw.map((k, i) => {
      const kp = [...p, 'kpis', i];
      if (k.weight === undefined && weighted > 0) {
        this.err(kp, `KPI ${k.metric} has no weight while the other KPIs of role "${name}" have one: give it a weight (KPIs count equally only when none of the role's has a weight)`);
      }
      const weight = k.weight === undefined ? 1 : this.num(k.weight);
      if (weight < 0) this.err([...kp, 'weight'], `expected a weight ≥ 0, got ${weight}`);
      const cap = k.cap === undefined ? 1.2 : this.scaleRatio(k.cap, [...kp, 'cap'], 'cap');
      if (cap <= 0) this.err([...kp, 'cap'], `expected a cap above 0 (the most the KPI can score, e.g. "120%" or "150%"), got ${show(k.cap)}`);
      const threshold = k.threshold === undefined ? 0 : this.scaleRatio(k.threshold, [...kp, 'threshold'], 'threshold');
      if (threshold < 0) this.err([...kp, 'threshold'], `expected a threshold ≥ 0 (the achievement below which the KPI scores 0, e.g. "60%"), got ${show(k.threshold)}`);
      return {
        metric: k.metric,
        target: k.target === undefined || k.target === null ? null : this.targetValue(k.target, k.metric, [...kp, 'target']),
        weight,
        threshold,
        cap,
        missing: k.missing ?? 'skip',
      };
    });
    if (raw.length > 0 && weighted === raw.length && kpis.every((k) => k.weight === 0)) {
      this.err([...p, 'kpis'], `every KPI of role "${name}" has weight 0, so nobody in it could get a score: give at least one KPI a weight above 0`);
    }
    const out: RoleSpec = {
      name,
      complaintsBy: r.complaints_by ?? 'account_owner',
      kpis,
      payout: (r.payout ?? []).map((c, i) => this.component(c, [...p, 'payout', i])),
    };
    if (r.payout_cap !== undefined) out.payoutCap = this.money(r.payout_cap, [...p, 'payout_cap']);
    if (r.payout_floor !== undefined) out.payoutFloor = this.money(r.payout_floor, [...p, 'payout_floor']);
    return out;
  }

  private component(c: RawPayout, p: P): PayoutComponent {
    const common = {
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.min !== undefined ? { min: this.money(c.min, [...p, 'min']) } : {}),
      ...(c.max !== undefined ? { max: this.money(c.max, [...p, 'max']) } : {}),
    };
    switch (c.type) {
      case 'commission': return { type: 'commission', base: c.base, mode: c.mode ?? 'marginal', tiers: this.tiers(c.tiers, [...p, 'tiers']), ...common };
      case 'per_unit': return { type: 'per_unit', metric: c.metric, amount: this.money(c.amount, [...p, 'amount']), ...common };
      case 'threshold_bonus': {
        if (c.at_least === undefined && c.at_most === undefined) this.err(p, 'expected at_least or at_most');
        return { type: 'threshold_bonus', metric: c.metric, ...this.bounds(c, c.metric, p), amount: this.money(c.amount, [...p, 'amount']), ...common };
      }
      case 'score_bonus': {
        const basis = c.basis === undefined || c.basis === 'score'
          ? { kind: 'score' as const } : { kind: 'achievement' as const, metric: c.basis.achievement };
        const curve = c.curve.map((pt, i) => {
          const pp = [...p, 'curve', i];
          const given = (['score', 'achievement', 'achievement_pct'] as const).filter((k) => pt[k] !== undefined);
          if (given.length !== 1) {
            this.err(pp, basis.kind === 'score' ? 'expected a curve point { score, pct }' : 'expected a curve point { achievement, pct }');
            return { x: 0, pct: '0' };
          }
          const key = given[0];
          if ((key === 'score') !== (basis.kind === 'score')) {
            this.err([...pp, key], basis.kind === 'score'
              ? `basis is the score: write curve points as { score: 100, pct: 1 }, got ${key}`
              : `basis is an achievement: write curve points as { achievement: "100%", pct: 1 }, got ${key}`);
          }
          // x of an achievement curve is in percent: "100%" and 100 both mean 100%.
          const v = pt[key]!;
          const x = typeof v === 'string' && PERCENT_TEXT.test(v.trim()) ? this.num(v.trim().replace(/\s*[%％]$/, '')) : this.num(v);
          this.scaleRatio(pt.pct, [...pp, 'pct'], 'pct');
          return { x, pct: this.ratioDec(pt.pct, [...pp, 'pct']) };
        });
        return { type: 'score_bonus', targetAmount: this.money(c.target_amount, [...p, 'target_amount']), basis, curve, ...common };
      }
      case 'per_event': return { type: 'per_event', event: c.event, amount: this.money(c.amount, [...p, 'amount']), ...common };
      case 'penalty': {
        if (c.when.at_least === undefined && c.when.at_most === undefined) this.err([...p, 'when'], 'expected at_least or at_most');
        const hasPct = c.pct_of_base_salary !== undefined, hasAmt = c.amount !== undefined;
        if (hasPct) this.bareRate(c.pct_of_base_salary!, [...p, 'pct_of_base_salary'], 'a share of the base salary');
        if (hasPct === hasAmt) this.err(p, 'expected exactly one of pct_of_base_salary or amount');
        return {
          type: 'penalty', when: { metric: c.when.metric, ...this.bounds(c.when, c.when.metric, [...p, 'when']) },
          ...(hasPct ? { pctOfBaseSalary: this.ratioDec(c.pct_of_base_salary!, [...p, 'pct_of_base_salary']) } : {}),
          ...(hasAmt ? { amount: this.money(c.amount!, [...p, 'amount']) } : {}),
          ...common,
        };
      }
    }
  }

  private bounds(b: { at_least?: number | string; at_most?: number | string }, metric: string, p: P): { atLeast?: number; atMost?: number } {
    if (metricDef(metric)?.unit === 'ratio') {
      if (b.at_least !== undefined) this.bareFraction(b.at_least, metric, [...p, 'at_least']);
      if (b.at_most !== undefined) this.bareFraction(b.at_most, metric, [...p, 'at_most']);
    }
    return {
      ...(b.at_least !== undefined ? { atLeast: this.ratioNum(b.at_least) } : {}),
      ...(b.at_most !== undefined ? { atMost: this.ratioNum(b.at_most) } : {}),
    };
  }

  private tiers(ts: { up_to?: number | string; up_to_achievement?: number | string; rate: number | string }[], p: P): Tier[] {
    const byAmount = ts.some((t) => t.up_to !== undefined);
    const byAch = ts.some((t) => t.up_to_achievement !== undefined);
    if (byAmount && byAch) this.err(p, 'expected tiers bounded all by up_to (amount) or all by up_to_achievement, not a mix');
    return ts.map((t, i) => {
      const tp = [...p, i];
      const last = i === ts.length - 1;
      if (!last && t.up_to === undefined && t.up_to_achievement === undefined) {
        this.err(tp, 'only the last tier may leave out its bound (up_to or up_to_achievement)');
      }
      if (last && (t.up_to !== undefined || t.up_to_achievement !== undefined)) {
        const key = t.up_to !== undefined ? 'up_to' : 'up_to_achievement';
        const bound = show(t.up_to ?? t.up_to_achievement);
        const above = t.up_to !== undefined ? bound : `${new Decimal(this.ratioNum(t.up_to_achievement!)).mul(100).toFixed()}% attainment`;
        this.err([...tp, key], `the last tier has no bound (PRODUCT.md §7): with ${key}: ${bound} on it, everything above ${above} would earn nothing. Remove ${key} from the last tier, or add a last tier after it (${'{'} rate: "0%" ${'}'} if nothing is really meant to be paid above it)`);
      }
      this.bareRate(t.rate, [...tp, 'rate'], 'a commission rate');
      return {
        upTo: t.up_to === undefined ? null : this.money(t.up_to, [...tp, 'up_to']),
        upToAchievement: t.up_to_achievement === undefined ? null : this.scaleRatio(t.up_to_achievement, [...tp, 'up_to_achievement'], 'up_to_achievement'),
        rate: this.ratioDec(t.rate, [...tp, 'rate']),
      };
    });
  }

  // people and targets

  private person(x: RawPlan['people'] extends (infer T)[] | undefined ? T : never, p: P): PlanPerson {
    const out: PlanPerson = { id: this.idText(x.id, [...p, 'id']) };
    if (x.name !== undefined) out.name = String(x.name);
    if (x.team !== undefined) out.team = this.idText(x.team, [...p, 'team']);
    if (x.role !== undefined) out.role = x.role;
    if (x.base_salary !== undefined) out.baseSalary = this.money(x.base_salary, [...p, 'base_salary']);
    const start = x.start_date === undefined ? undefined : this.day(x.start_date, [...p, 'start_date']);
    const end = x.end_date === undefined ? undefined : this.day(x.end_date, [...p, 'end_date']);
    if (start !== undefined) out.start = start;
    if (end !== undefined) out.end = end;
    if (start !== undefined && end !== undefined && start > end) this.err([...p, 'end_date'], 'expected end_date on or after start_date');
    return out;
  }

  private target(t: RawPlan['targets'] extends (infer T)[] | undefined ? T : never, p: P): PlanTarget[] {
    const levels = (['employee', 'team', 'role'] as const).filter((k) => t[k] !== undefined);
    if (levels.length !== 1) {
      this.err(p, levels.length === 0 ? 'expected one of employee, team or role' : `expected only one of employee, team or role, got ${levels.join(' and ')}`);
      return [];
    }
    const out: PlanTarget = { metric: t.metric, target: this.targetValue(t.target, t.metric, [...p, 'target']) };
    if (t.employee !== undefined) out.employee = this.idText(t.employee, [...p, 'employee']);
    if (t.team !== undefined) out.team = this.idText(t.team, [...p, 'team']);
    if (t.role !== undefined) out.role = t.role;
    if (t.period !== undefined) {
      const per = parsePeriod(String(t.period), this.fy);
      if (!per) this.err([...p, 'period'], `expected a period like 2024Q3, 2024-07, 2024-W27 or 2024-07-01..2024-09-30, got ${show(t.period)}`);
      else out.period = per.id;
    }
    const loc = this.locate(p);
    if (loc) { out.line = loc.line; out.col = loc.col; }
    return [out];
  }

  // scalars

  private err(p: PlanPath, message: string, code = 'plan_invalid', loc: PlanLocation | undefined = this.locate(p)): void {
    this.diags.push(planDiag(code, this.display, p, loc, message));
  }

  // people

  /** The roster; an id given twice would be scored and paid twice. */
  private people(raw: NonNullable<RawPlan['people']>): PlanPerson[] {
    const out = raw.map((x, i) => this.person(x, ['people', i]));
    const first = new Map<string, number>();
    out.forEach((person, i) => {
      const j = first.get(person.id);
      if (j === undefined) { first.set(person.id, i); return; }
      const a = this.locate(['people', j]), b = this.locate(['people', i]);
      const lines = a && b ? ` on lines ${a.line} and ${b.line}` : '';
      this.err(['people', i, 'id'], `person ${person.id} is listed twice in people (people[${j}] and people[${i}]${lines}); each entry would be scored and paid, so keep one`, 'plan_duplicate_person');
    });
    return out;
  }

  // columns

  /** Every key of a `columns:` must be a field of the export (§4); a typo would be ignored or turn into a missing column. */
  private columnFields(kind: ExportKind, columns: Record<string, unknown> | undefined, p: P, extra: readonly string[]): void {
    const defs = FIELDS[kind];
    if (!defs) return;
    const known = new Set([...defs.map((d) => d.field), ...extra]);
    for (const key of Object.keys(columns ?? {})) {
      if (known.has(key)) continue;
      // A header written as the key (`金额: amount`) or a synonym: name the field it stands for.
      const bySynonym = defs.find((d) => d.synonyms.some((syn) => normHeader(syn) === normHeader(key)))?.field;
      const hint = bySynonym !== undefined ? `; did you mean "${bySynonym}"?` : didYouMean(key, known);
      this.err([...p, key], `"${key}" is not a field of the ${kind} export${hint} (columns map a field to the header in the file, e.g. ${defs[0].field}: ${defs[0].zh}; fields: ${defs.map((d) => d.field).join(', ')})`,
        'plan_unknown_field', this.keyLoc([...p, key]));
    }
  }

  // rates and targets

  /** The source text of a number as written, for messages ("85", "1.5"). */
  private written(v: number | string, p: PlanPath): string {
    return typeof v === 'string' ? v.trim() : this.srcText(p) ?? String(v);
  }

  /**
   * A bare number where a fraction is meant, for a ratio metric's target or bound: 0.85 and
   * "85%" are 85%; a bare 85 would be 8500%, so a bare number beyond ±1 is an error (rates beyond
   * 100% are written as percentages, "120%").
   */
  private bareFraction(v: number | string, metric: string, p: PlanPath): void {
    if (typeof v === 'string' && PERCENT_TEXT.test(v.trim())) return;
    const x = this.num(v);
    if (!(Math.abs(x) > 1)) return;
    const w = this.written(v, p);
    this.err(p, `${metric} is a rate: the bare number ${w} would mean ${new Decimal(w.replace(/,/g, '')).mul(100).toFixed()}%; did you mean "${w}%"? Write a fraction (0.85) or a percentage ("85%"); a rate beyond 100% only as a percentage ("120%")`,
      'plan_ambiguous_number');
  }

  /** A commission rate or a share of salary: a bare number ≥ 1 (100% or more) must be a percentage. */
  private bareRate(v: number | string, p: PlanPath, what: string): void {
    if (typeof v === 'string' && PERCENT_TEXT.test(v.trim())) return;
    const x = this.num(v);
    if (!(x >= 1)) return;
    const w = this.written(v, p);
    this.err(p, `${what} of ${w} as a bare number means ${new Decimal(w.replace(/,/g, '')).mul(100).toFixed()}%; did you mean "${w}%"? Write a fraction (0.05) or a percentage ("5%"); 100% or more only as a percentage ("100%")`,
      'plan_ambiguous_number');
  }

  /**
   * A cap, threshold, attainment bound or curve pct: fractions of 1 where 1.5 = 150%. A bare
   * number above 10 (1000%) is taken to be a percentage written without its % sign.
   */
  private scaleRatio(v: number | string, p: PlanPath, what: string): number {
    const x = this.ratioNum(v);
    if (!(typeof v === 'string' && PERCENT_TEXT.test(v.trim())) && x > 10) {
      const w = this.written(v, p);
      this.err(p, `${what} ${w} as a bare number means ${new Decimal(w.replace(/,/g, '')).mul(100).toFixed()}%; did you mean "${w}%"? Write a fraction (0.6 = 60%, 1.5 = 150%) or a percentage ("150%"); above 1000% only as a percentage`,
        'plan_ambiguous_number');
    }
    return x;
  }

  /**
   * A KPI or target row's target in the metric's unit: a ratio metric takes a fraction or a
   * percentage; a money metric a number or an amount as the sales exports write it ("120万",
   * "¥1,200,000"); any other metric a number.
   */
  private targetValue(v: number | string, metric: string, p: PlanPath): number {
    const def = metricDef(metric);
    const t = typeof v === 'string' ? v.trim() : v;
    const isPct = typeof t === 'string' && PERCENT_TEXT.test(t);
    const isNum = typeof t === 'number' || NUMBER_TEXT.test(t);
    if (!def) return isPct || isNum ? this.ratioNum(t) : 0; // unknown metric: lint says so
    if (def.unit === 'ratio') {
      if (isPct) return this.ratioNum(t);
      if (!isNum) { this.err(p, `${metric} is a rate: expected a fraction (0.85) or a percentage ("85%"), got ${show(v)}`); return 0; }
      this.bareFraction(t, metric, p);
      return this.num(t);
    }
    const kind = def.unit === 'money' ? 'an amount' : def.unit === 'count' ? 'a count' : def.unit === 'hours' ? 'a number of hours' : 'a number';
    if (isPct) {
      this.err(p, `${metric} is ${kind}, not a rate: expected a number${def.unit === 'money' ? ' such as 1200000 (or "120万", "¥1,200,000")' : ''}, got ${show(v)}`);
      return 0;
    }
    if (isNum) return this.num(t);
    if (def.unit === 'money') {
      const m = parseMoney(t, currencyCode(this.raw.currency ?? 'CNY'));
      if (m.ok) return m.value / 10000;
    }
    this.err(p, `${metric} is ${kind}: expected a number${def.unit === 'money' ? ' such as 1200000 (or "120万", "¥1,200,000")' : ''}, got ${show(v)}`);
    return 0;
  }

  /** Source text of a plain scalar at the path, if any. */
  private srcText(p: PlanPath): string | undefined {
    const { node, complete } = walk(this.doc, p);
    if (!complete || !isScalar(node) || !node.range) return undefined;
    if (node.type && node.type !== 'PLAIN') return undefined;
    return this.text.slice(node.range[0], node.range[1]).trim();
  }

  private num(v: number | string): number {
    return typeof v === 'number' ? v : Number(v.trim().replace(/,/g, ''));
  }

  /** A fraction as a number: "85%" → 0.85 (computed in decimal), 0.85 → 0.85. */
  private ratioNum(v: number | string): number {
    if (typeof v === 'number') return v;
    const t = v.trim();
    if (PERCENT_TEXT.test(t)) return Number(new Decimal(t.replace(/\s*[%％]$/, '')).div(100).toFixed());
    return this.num(t);
  }

  /** A fraction as exact decimal text: "3%" → "0.03", 0.1 → "0.1". */
  private ratioDec(v: number | string, p: PlanPath): string {
    if (typeof v === 'string' && PERCENT_TEXT.test(v.trim())) {
      return new Decimal(v.trim().replace(/\s*[%％]$/, '')).div(100).toFixed();
    }
    return this.money(v, p);
  }

  /** Money as exact decimal text, from the YAML source when the value is a plain number. */
  private money(v: number | string, p: PlanPath): string {
    if (typeof v === 'number') {
      const s = this.srcText(p);
      if (s !== undefined && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && Number(s) === v) return new Decimal(s).toFixed();
      return new Decimal(v).toFixed();
    }
    const t = v.trim().replace(/[¥￥,]/g, '');
    if (!MONEY_TEXT.test(v.trim()) && !NUMBER_TEXT.test(t)) return '0';
    return new Decimal(t).toFixed();
  }

  /** An id must be text; a number is accepted only when it reads back exactly as written. */
  private idText(v: string | number | boolean, p: PlanPath): string {
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number') {
      const s = this.srcText(p);
      if (s !== undefined && /^\d+$/.test(s) && String(v) === s) return s;
      const shown = s ?? String(v);
      this.err(p, `expected an id as text: the unquoted ${shown} reads as the number ${v}; write it quoted, "${shown}"`);
      return shown;
    }
    return String(v);
  }

  private day(v: string | Date, p: PlanPath): Day | undefined {
    if (v instanceof Date) return dayFromYmd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    const d = parseDayText(v);
    if (d === null) this.err(p, `expected a date like 2024-07-01, got ${show(v)}`);
    return d ?? undefined;
  }
}

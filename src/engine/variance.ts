/**
 * Variance facts of PRODUCT.md §8: for every KPI of every employee, team and the company, the
 * numbers that say *why* — gap to target, the same metric in P-1 and P-1y, and for revenue the
 * customer bridge from P-1, the volume/price split and the customers that moved most; for ratios
 * the numerator and denominator; for surveys the counts and a low-sample flag; with an as-of
 * date inside P a run-rate projection. Sentences are rendered from these facts elsewhere
 * (report/explain.ts); nothing here formats text.
 *
 * Exactness. Revenue per customer arrives in integer ten-thousandths (E4). The bridge groups are
 * summed in E4 and turned into cents by *telescoping* rounding — group k gets
 * cents(prior + S₁…ₖ) − cents(prior + S₁…ₖ₋₁) — so the four groups add up to exactly
 * cents(actual) − cents(prior), the change a reader computes from the rounded `actual` and
 * `prior.actual`. The volume effect is rounded to cents (half away from zero, exact integer
 * arithmetic) and the price effect is the change minus the rounded volume effect, so the two add
 * up exactly as well. Compare them in integer cents (Math.round(x × 100)): binary floats do not
 * add decimal fractions exactly.
 *
 * Pure: no IO, no clock.
 */
import type { Day } from './calendar.js';
import { isoDay } from './calendar.js';
import { actualsPeriod } from './period.js';
import type { Dataset } from '../model.js';
import type { Plan } from '../plan/types.js';
import type { CustomerNets, MetricMeasurer } from './metrics/measurer.js';
import { NO_DAY } from './metrics/index.js';
import { metricDef } from './metrics/registry.js';
import { exactCents, exactDivideToNumber, exactMinus, exactOf, exactToNumber } from './exact.js';
import { Dec, fromNumber } from './money.js';
import { atLeast } from './bounds.js';
import type { Entity, KpiResult, Measurer, MetricDef, MetricValue, Period, ScoreResult, Variance } from './types.js';

/** Orders and average order value in P-1 and P (revenue KPIs): the inputs of the volume/price split. */
export interface RevenueMix {
  orders: { prior: number; current: number };
  /** Money, cents; null when the period has no orders. */
  avg_order_value: { prior: number | null; current: number | null };
}

/**
 * `Variance` plus the few extra facts the sentences quote. Every field is optional data; JSON
 * writers may emit them as they are (they are plain numbers and strings).
 */
export interface VarianceFacts extends Variance {
  /** Revenue: orders and average order value behind `volume_effect`/`price_effect`. */
  mix?: RevenueMix;
  /** Surveys: responses counted and the plan's `survey.min_sample` that `low_sample` compares to. */
  responses?: number;
  min_sample?: number;
  projection?: {
    as_of: string;
    projected: number | null;
    needed_per_day: number | null;
    /** Days of P up to and including as_of, days after it, and days in P. */
    days_elapsed: number;
    days_left: number;
    days_total: number;
  };
}

/** Builds the entity a KPI line was measured for; `metric` is given for company lines. */
export type EntityOf = (kind: Entity['kind'], id: string, role?: string, metric?: string) => Entity;

export interface VarianceArgs {
  measurer: Measurer;
  dataset: Dataset;
  plan: Plan;
  period: Period;
  prior: Period;
  lastYear: Period;
  asOf: Day | null;
  /**
   * The same entities the scorer measured. Optional: by default employees are their own rows,
   * teams the union of their members, and the company line per KPI the employees employed in P
   * whose role carries the KPI (complaints by the first such role's `complaints_by`).
   */
  entityOf?: EntityOf;
}

/** Metrics whose numerator/denominator are money (currency units), rounded to cents in the facts. */
const MONEY_NUMERATOR = new Set(['new_customer_revenue_share', 'big_customer_revenue_share', 'gross_margin',
  'revenue_growth_pop', 'revenue_growth_yoy', 'avg_order_value', 'customer_lifetime_value']);
const MONEY_DENOMINATOR = new Set(['new_customer_revenue_share', 'big_customer_revenue_share', 'gross_margin',
  'revenue_growth_pop', 'revenue_growth_yoy']);
/** Metrics whose sample is the survey responses (low-sample flag). */
export const SURVEY_METRICS: ReadonlySet<string> = new Set(['nps', 'csat', 'csat_avg']);

/**
 * Fills `variance` on every KPI of the employees, teams and the company line of `result`
 * (mutates and returns it). Actuals in `result` are taken as measured over P.start..asOf when
 * `asOf` lies inside P; `prior`/`last_year` are the full P-1 and P-1y.
 */
export function attachVariance(result: ScoreResult, args: VarianceArgs): ScoreResult {
  const entityOf = args.entityOf ?? defaultEntityOf(result, args);
  const current = actualsPeriod(args.period, args.asOf);
  const ctx: Ctx = { ...args, current };

  for (const e of result.employees) {
    const entity = e.entity ?? entityOf('employee', e.id, e.role);
    fillLine(e.kpis, () => entity, ctx, null);
  }
  // Team and company lines name their biggest contributor among all their members, also when the
  // report was filtered to one team or employee (result.everyone).
  const all = result.everyone ?? result.employees;
  for (const t of result.teams) {
    const entity = t.entity ?? entityOf('team', t.id, t.role);
    const members = new Set(t.members);
    const pool = all.filter((e) => members.has(e.id));
    fillLine(t.kpis, () => entity, ctx, pool);
  }
  fillLine(result.company.kpis, (metric) => result.company.entities?.[metric] ?? entityOf('company', 'company', undefined, metric), ctx, all);
  return result;
}

interface Ctx extends VarianceArgs {
  current: Period;
  /** Reused by every revenue bridge of one attachVariance call. */
  scratch?: BridgeScratch;
  /** Complaints opened in P by account owner (complaint indices), once per call. */
  ownerComplaints?: Map<number, number[]>;
}

function fillLine(kpis: KpiResult[], entityFor: (metric: string) => Entity, ctx: Ctx,
  pool: ScoreResult['employees'] | null): void {
  // One measurer call per distinct entity and period.
  const groups = new Map<Entity, string[]>();
  for (const k of kpis) {
    const ent = entityFor(k.metric);
    const list = groups.get(ent) ?? [];
    if (!list.includes(k.metric)) list.push(k.metric);
    groups.set(ent, list);
  }
  const priorOf = new Map<string, MetricValue>();
  const lastOf = new Map<string, MetricValue>();
  const entityOfMetric = new Map<string, Entity>();
  for (const [ent, metrics] of groups) {
    const p = ctx.measurer.measure(ent, ctx.prior, metrics);
    const l = ctx.measurer.measure(ent, ctx.lastYear, metrics);
    for (const m of metrics) {
      if (p.has(m)) priorOf.set(m, p.get(m)!);
      if (l.has(m)) lastOf.set(m, l.get(m)!);
      entityOfMetric.set(m, ent);
    }
  }
  for (const k of kpis) {
    const def = metricDef(k.metric);
    const v = baseFacts(k, def);
    v.prior = { period: ctx.prior.id, actual: priorValue(priorOf.get(k.metric), def) };
    v.last_year = { period: ctx.lastYear.id, actual: priorValue(lastOf.get(k.metric), def) };
    if (k.metric === 'revenue') Object.assign(v, revenueFacts(entityOfMetric.get(k.metric)!, ctx));
    ratioFacts(k, v, ctx.plan);
    if (pool) {
      const c = contributor(k, pool);
      if (c) v.contributor = c;
    } else if (k.metric === 'complaint_rate') {
      const c = complaintCustomer(entityOfMetric.get(k.metric)!, ctx);
      if (c) v.contributor = c;
    }
    const proj = projection(k, def, ctx);
    if (proj) v.projection = proj;
    k.variance = v;
  }
}

/** Gap to target and whether the threshold was cleared. */
function baseFacts(k: KpiResult, def: MetricDef | undefined): VarianceFacts {
  const money = def?.unit === 'money';
  let gap: number | null = null;
  let gapPct: number | null = null;
  if (k.actual !== null && k.target !== null && Number.isFinite(k.actual) && Number.isFinite(k.target)) {
    const target = exactOf(k.target);
    const g = exactMinus(exactOf(k.actual), target);
    if (g) {
      gap = money ? exactCents(g) : exactToNumber(g);
      if (k.target !== 0) gapPct = exactDivideToNumber(g, target);
    } else {
      const d = fromNumber(k.actual).minus(fromNumber(k.target));
      gap = money ? cents(d) : d.toNumber();
      if (k.target !== 0) gapPct = d.dividedBy(fromNumber(k.target)).toNumber();
    }
  }
  return {
    gap,
    gap_pct: gapPct,
    threshold_cleared: k.achievement === null ? null : atLeast(k.achievement, k.threshold),
  };
}

/** A metric's value in P-1/P-1y; additive metrics (sums and counts) are 0, never null, over no rows. */
function priorValue(v: MetricValue | undefined, def: MetricDef | undefined): number | null {
  const x = v?.value ?? null;
  if (x === null || !Number.isFinite(x)) return def?.additive ? 0 : null;
  return def?.unit === 'money' ? centsOf(x) : x;
}

/** Bridge, volume/price split and top movers of a revenue KPI. */
function revenueFacts(entity: Entity, ctx: Ctx): Partial<VarianceFacts> {
  const ids = ctx.dataset.customers.ids;
  const fast = (ctx.measurer as Partial<Pick<MetricMeasurer, 'customerNets'>>).customerNets;
  // The metric engine's own measurer gives customer nets as arrays; any other Measurer (tests'
  // hand-built ones) as Maps, put into the same shape: one bridge computation either way.
  const nets = fast
    ? (p: Period) => fast(entity, p)
    : (p: Period) => netsOf(ctx.measurer.revenueByCustomer(entity, p));
  const { sums: b, movers } = (ctx.scratch ??= new BridgeScratch()).run(nets(ctx.prior), nets(ctx.current), ids);
  const out: Partial<VarianceFacts> = {
    bridge: telescope(b.priorE4, [b.newE4, b.lostE4, b.existingE4, b.otherE4], (c) => ({
      new_customers: c[0], lost_customers: c[1], existing_customers: c[2], other: c[3],
    })),
    top_movers: fast ? annotateMovers(movers, ctx as Ctx & { measurer: MetricMeasurer }) : moverFacts(movers),
  };
  const o0 = ctx.measurer.measure(entity, ctx.prior, ['orders']).get('orders')?.value ?? 0;
  const o1 = ctx.measurer.measure(entity, ctx.current, ['orders']).get('orders')?.value ?? 0;
  const split = volumePrice(b.priorE4, b.currentE4, o0, o1);
  out.volume_effect = split.volume;
  out.price_effect = split.price;
  out.mix = {
    orders: { prior: o0, current: o1 },
    avg_order_value: {
      prior: o0 > 0 ? centsOfE4Ratio(BigInt(b.priorE4), BigInt(o0)) / 100 : null,
      current: o1 > 0 ? centsOfE4Ratio(BigInt(b.currentE4), BigInt(o1)) / 100 : null,
    },
  };
  return out;
}

/**
 * Rounds parts of a change to cents so that they add up exactly to cents(base + Σ) − cents(base):
 * part k = cents(base + S₁…ₖ) − cents(base + S₁…ₖ₋₁). Each part is within a cent of its own value.
 */
function telescope<T>(baseE4: number, partsE4: number[], build: (cents: number[]) => T): T {
  let run = baseE4;
  let prev = centsOfE4(run);
  const out: number[] = [];
  for (const p of partsE4) {
    run += p;
    const c = centsOfE4(run);
    out.push((c - prev) / 100);
    prev = c;
  }
  return build(out);
}

/**
 * volume = (O1 − O0) × A0 rounded to cents; price = change − volume, where change =
 * cents(R1) − cents(R0). Equal to (A1 − A0) × O1 up to that rounding, and the two add up exactly.
 */
export function volumePrice(r0E4: number, r1E4: number, o0: number, o1: number): { volume: number | null; price: number | null } {
  if (!(o0 > 0) || !(o1 > 0)) return { volume: null, price: null };
  const change = centsOfE4(r1E4) - centsOfE4(r0E4);
  const volume = centsOfE4Ratio(BigInt(o1 - o0) * BigInt(r0E4), BigInt(o0));
  return { volume: volume / 100, price: (change - volume) / 100 };
}

/** A customer whose revenue moved: index, id, E4 in P-1 and P, and the change. */
interface Mover { c: number; id: string; a: number; b: number; d: number }

/**
 * The movers with what the rest of the company did with them (see VarianceFacts.top_movers): nets
 * of all employees by customer in P-1 and P (the sales index's, cached), less this entity's.
 */
function annotateMovers(rows: Mover[], ctx: Ctx & { measurer: MetricMeasurer }) {
  const idx = ctx.measurer.index;
  // Company-wide nets by customer: the index caches them (retention reads P's too).
  const all0 = idx.netByCustomer(ctx.prior.start, ctx.prior.end), all1 = idx.netByCustomer(ctx.current.start, ctx.current.end);
  return moverFacts(rows).map((m, k) => {
    const r = rows[k], first = idx.firstDay[r.c];
    return {
      ...m,
      others_prior: (centsOfE4(all0[r.c]) - centsOfE4(r.a)) / 100,
      others_current: (centsOfE4(all1[r.c]) - centsOfE4(r.b)) / 100,
      new_customer: first !== NO_DAY && first >= ctx.current.start && first <= ctx.current.end,
    };
  });
}

/** Larger |change| first, ties by customer id ascending. */
const moverOrder = (x: Mover, y: Mover) => Math.abs(y.d) - Math.abs(x.d) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

function moverFacts(rows: Mover[]) {
  return rows.map((r) => {
    const a = centsOfE4(r.a), b = centsOfE4(r.b);
    return { customer_id: r.id, prior: a / 100, current: b / 100, change: (b - a) / 100 };
  });
}

/**
 * Bridge sums and top movers straight from two CustomerNets (the measurer's arrays): nets of
 * P-1 are spread into a dense scratch indexed by customer, P's walked against them, then P-1's
 * customers absent from P. Sums of integers are exact in any order; the top three are kept by a total order
 * (largest |change| first, ties by customer id).
 */
class BridgeScratch {
  private prior = new Float64Array(0);
  private stamp = new Int32Array(0);
  private epoch = 0;

  run(p0: CustomerNets, p1: CustomerNets, ids: readonly string[]) {
    const size = Math.max(this.stamp.length, maxPlusOne(p0.customers), maxPlusOne(p1.customers));
    if (size > this.stamp.length) {
      this.prior = new Float64Array(size);
      this.stamp = new Int32Array(size);
      this.epoch = 0;
    }
    const { prior, stamp } = this;
    const seen0 = ++this.epoch, seen1 = ++this.epoch; // in P-1 / P-1 and already visited
    for (let k = 0; k < p0.customers.length; k++) {
      const c = p0.customers[k];
      prior[c] = p0.net[k];
      stamp[c] = seen0;
    }
    // Group sums in locals (exact: integers); movers offered only when they change.
    let newE4 = 0, lostE4 = 0, existingE4 = 0, otherE4 = 0, priorE4 = 0, currentE4 = 0;
    const top: Mover[] = [];
    for (let k = 0, n = p1.customers.length + p0.customers.length; k < n; k++) {
      // P's customers first (with their P-1 net, if any), then P-1's customers absent from P.
      let c: number, a: number, b: number;
      if (k < p1.customers.length) {
        c = p1.customers[k];
        b = p1.net[k];
        a = 0;
        if (stamp[c] === seen0) { a = prior[c]; stamp[c] = seen1; }
      } else {
        const k0 = k - p1.customers.length;
        c = p0.customers[k0];
        if (stamp[c] !== seen0) continue;
        a = p0.net[k0];
        b = 0;
      }
      const d = b - a;
      priorE4 += a;
      currentE4 += b;
      if (a <= 0 && b > 0) newE4 += d;
      else if (b <= 0 && a > 0) lostE4 += d;
      else if (a > 0 && b > 0) existingE4 += d;
      else otherE4 += d;
      if (a !== b) offerMover(top, ids, c, a, b);
    }
    return { sums: { newE4, lostE4, existingE4, otherE4, priorE4, currentE4 }, movers: top };
  }
}

function maxPlusOne(a: Int32Array): number {
  let m = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m + 1;
}

/** Keeps `top` the three largest movers by `moverOrder` after offering customer c (a → b). */
function offerMover(top: Mover[], ids: readonly string[], c: number, a: number, b: number): void {
  const d = b - a;
  if (top.length === 3 && Math.abs(d) < Math.abs(top[2].d)) return;
  const m: Mover = { c, id: ids[c] ?? String(c), a, b, d };
  if (top.length === 3 && moverOrder(m, top[2]) >= 0) return;
  let i = Math.min(top.length, 2);
  top[i] = m;
  while (i > 0 && moverOrder(top[i], top[i - 1]) < 0) { [top[i], top[i - 1]] = [top[i - 1], top[i]]; i--; }
}

/** A customer → net (E4) Map as CustomerNets (for BridgeScratch). */
function netsOf(m: ReadonlyMap<number, number>): CustomerNets {
  return { customers: Int32Array.from(m.keys()), net: Float64Array.from(m.values()) };
}

/** Numerator/denominator (ratios, averages) and survey counts with the low-sample flag. */
function ratioFacts(k: KpiResult, v: VarianceFacts, plan: Plan): void {
  const f = k.facts;
  if (f.numerator !== undefined && Number.isFinite(f.numerator)) {
    v.numerator = MONEY_NUMERATOR.has(k.metric) ? centsOf(f.numerator) : f.numerator;
  }
  if (f.denominator !== undefined && Number.isFinite(f.denominator)) {
    v.denominator = MONEY_DENOMINATOR.has(k.metric) ? centsOf(f.denominator) : f.denominator;
  }
  if (f.counts) v.counts = { ...f.counts };
  if (SURVEY_METRICS.has(k.metric)) {
    const responses = surveyResponses(k.metric, f);
    v.responses = responses;
    v.min_sample = plan.survey.minSample;
    v.low_sample = responses < plan.survey.minSample;
  }
}

/** Responses behind a survey metric: the NPS counts' sum, CSAT `responses`, else the denominator. */
export function surveyResponses(metric: string, f: MetricValue): number {
  const c = f.counts;
  if (metric === 'nps' && c) return (c.promoters ?? 0) + (c.passives ?? 0) + (c.detractors ?? 0);
  if (metric === 'csat' && c && c.responses !== undefined) return c.responses;
  return f.denominator ?? 0;
}

/**
 * An employee's complaint_rate: the customer with the most complaints among those the rate counts
 * (attributed to the employee as account owner, opened in P); ties by customer id. Null when the
 * measurer has no attribution (tests' hand-built measurers) or no customer has two or more.
 */
function complaintCustomer(e: Entity, ctx: Ctx): VarianceFacts['contributor'] | null {
  const att = (ctx.measurer as Partial<MetricMeasurer>).attribution;
  if (!att) return null;
  const cs = ctx.dataset.complaints;
  if (!ctx.ownerComplaints) {
    const by = new Map<number, number[]>();
    for (let i = 0; i < cs.n; i++) {
      const o = att.complaintOwner[i], d = cs.openedDay[i];
      if (o < 0 || cs.customer[i] < 0 || d < ctx.current.start || d > ctx.current.end) continue;
      let list = by.get(o);
      if (!list) by.set(o, (list = []));
      list.push(i);
    }
    ctx.ownerComplaints = by;
  }
  const counts = new Map<number, number>();
  for (const m of e.members) for (const i of ctx.ownerComplaints.get(m) ?? []) counts.set(cs.customer[i], (counts.get(cs.customer[i]) ?? 0) + 1);
  const ids = ctx.dataset.customers.ids;
  let best: { id: string; n: number } | null = null;
  for (const [c, n] of counts) {
    const id = ids[c];
    if (!best || n > best.n || (n === best.n && id < best.id)) best = { id, n };
  }
  // One complaint each from different customers: none stands out, and naming one would mislead.
  return best && best.n >= 2 ? { kind: 'customer', id: best.id, numerator: best.n, denominator: null } : null;
}

/** Teams/company: the member whose own line of the same metric has the largest numerator. */
function contributor(k: KpiResult, pool: ScoreResult['employees']): VarianceFacts['contributor'] | null {
  if (k.facts.numerator === undefined || SURVEY_METRICS.has(k.metric) || k.metric === 'csat' || AVERAGES.has(k.metric)) return null;
  let best: NonNullable<VarianceFacts['contributor']> | null = null;
  let tied = false;
  for (const e of pool) {
    const mk = e.kpis.find((x) => x.metric === k.metric);
    const n = mk?.facts.numerator;
    if (n === undefined || !(n > 0)) continue;
    if (best && n === best.numerator) tied = true;
    if (!best || n > best.numerator || (n === best.numerator && e.id < best.id)) {
      if (best && n > best.numerator) tied = false;
      const money = MONEY_NUMERATOR.has(k.metric);
      best = {
        kind: 'member',
        id: e.id,
        numerator: money ? centsOf(n) : n,
        denominator: mk!.facts.denominator ?? null,
      };
      if (best.denominator !== null && MONEY_DENOMINATOR.has(k.metric)) best.denominator = centsOf(best.denominator);
    }
  }
  // Several members with the same largest share: none is "the" biggest contributor.
  return tied ? null : best;
}

/**
 * Averages (numerator = a sum, denominator = a count): the member with the largest sum is the one
 * with the most cases, not the one pulling the average up — naming them would read as blame for
 * what may be the best average of the team. No contributor.
 */
const AVERAGES = new Set(['avg_first_response_hours', 'avg_resolution_hours', 'csat_avg', 'avg_order_value', 'customer_lifetime_value']);

/**
 * Run rate with `asOf` inside P, for ↑ additive metrics: projected = actual × days in P / days
 * elapsed; needed_per_day = (target − actual) / days left, floored at 0 (already reached), null
 * without a target or with no day left. Days elapsed = P.start..asOf inclusive.
 */
function projection(k: KpiResult, def: MetricDef | undefined, ctx: Ctx): VarianceFacts['projection'] | null {
  const asOf = ctx.asOf;
  const p = ctx.period;
  if (asOf === null || asOf < p.start || asOf > p.end) return null;
  if (!def || !def.additive || def.direction !== 'up' || k.actual === null) return null;
  const total = p.end - p.start + 1, elapsed = asOf - p.start + 1, left = p.end - asOf;
  const money = def.unit === 'money';
  const actual = fromNumber(k.actual);
  const proj = actual.times(total).dividedBy(elapsed);
  let needed: number | null = null;
  if (k.target !== null && left > 0) {
    let n = fromNumber(k.target).minus(actual).dividedBy(left);
    if (n.isNegative()) n = new Dec(0);
    needed = money ? cents(n) : n.toNumber();
  }
  return {
    as_of: isoDay(asOf),
    projected: money ? cents(proj) : proj.toNumber(),
    needed_per_day: needed,
    days_elapsed: elapsed,
    days_left: left,
    days_total: total,
  };
}

/**
 * Entities for lines that do not carry one (results built by hand rather than by scorePeriod):
 * the same pooling rules as score.ts.
 */
function defaultEntityOf(result: ScoreResult, args: VarianceArgs): EntityOf {
  const { plan, dataset, period } = args;
  const complaintsBy = (role: string | undefined) => (role && plan.roles[role]?.complaintsBy) || 'account_owner';
  const idx = (id: string) => dataset.employees.get(id);
  const cache = new Map<string, Entity>();
  return (kind, id, role, metric) => {
    const key = `${kind}\u0000${id}\u0000${role ?? ''}\u0000${kind === 'company' ? metric ?? '' : ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let ent: Entity;
    if (kind === 'employee') {
      const i = idx(id);
      ent = { kind, id, role, members: i >= 0 ? [i] : [], complaintsBy: complaintsBy(role) };
    } else if (kind === 'team') {
      const t = result.teams.find((x) => x.id === id && x.role === role);
      const members = (t?.members ?? []).map(idx).filter((i) => i >= 0);
      ent = { kind, id, role, members, complaintsBy: complaintsBy(role) };
    } else {
      const roles = Object.values(plan.roles).filter((r) => r.kpis.some((k) => k.metric === metric));
      const names = new Set(roles.map((r) => r.name));
      const members: number[] = [];
      for (const p of dataset.people) {
        if (!names.has(p.role)) continue;
        if ((p.start !== null && p.start > period.end) || (p.end !== null && p.end < period.start)) continue;
        const i = idx(p.id);
        if (i >= 0 && !members.includes(i)) members.push(i);
      }
      ent = { kind, id, members, complaintsBy: roles[0]?.complaintsBy ?? 'account_owner' };
    }
    cache.set(key, ent);
    return ent;
  };
}

/** cents(fromNumber(x)), computed exactly without Dec (see exact.ts). */
function centsOf(x: number): number {
  return Number.isFinite(x) ? exactCents(exactOf(x)) : cents(fromNumber(x));
}

/** Half-away-from-zero rounding of a decimal to cents, as a number of currency units. */
function cents(d: InstanceType<typeof Dec>): number {
  return d.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();
}

/** Integer cents of an integer amount in ten-thousandths, half away from zero. */
export function centsOfE4(e4: number): number {
  return centsOfE4Ratio(BigInt(Math.round(e4)), 1n);
}

/** Integer cents of (n / d) ten-thousandths, half away from zero, exact. */
function centsOfE4Ratio(n: bigint, d: bigint): number {
  if (d < 0n) { n = -n; d = -d; }
  const den = d * 100n;
  const neg = n < 0n;
  const a = neg ? -n : n;
  const q = (a * 2n + den) / (den * 2n); // floor((a/den) + 1/2)
  return Number(neg ? -q : q);
}

/**
 * The measurer: built once per dataset (index, attribution, per-employee complaint and survey
 * lists), then asked for any entity (an employee, a team, the company) and any period. Pure and
 * deterministic; synchronous; not re-entrant (it reuses scratch arrays between calls).
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { Dataset } from '../../model.js';
import { attribute, type Attribution, type ComplaintMode } from '../attribution.js';
import { lastYearPeriod, priorPeriod } from '../period.js';
import type { Entity, EventCounts, MeasureOptions, Measurer, MetricValue, Period } from '../types.js';
import type { MetricContext, MetricFn, ResolvedOptions } from './context.js';
import { SalesIndex } from './index.js';
import { LOYALTY_METRICS } from './loyalty.js';
import { normalizeMembers, Pooler, type Pooled } from './pool.js';
import { METRICS } from './registry.js';
import { SALES_METRICS } from './sales.js';
import { csatSatisfiedMin, SATISFACTION_METRICS, SurveyIndex, type SurveyStats } from './satisfaction.js';
import { ComplaintIndex, SERVICE_METRICS, type ComplaintStats } from './service.js';

/** MeasureOptions plus the settings the measurer needs to find related periods and warn. */
export interface MeasurerOptions extends MeasureOptions {
  /** Calendar month (1–12) the fiscal year starts in, for P-1 and P-1y (default 1). */
  fiscalYearStartMonth?: number;
  /**
   * The `complaints_by` modes of the plan's roles; a complaint unattributable under any of them is
   * warned about (default: both).
   */
  complaintModes?: readonly ComplaintMode[];
}

/** Explicit related periods, e.g. for a truncated `--as-of` period (default: period.ts helpers). */
export interface RelatedPeriods {
  prior?: Period;
  lastYear?: Period;
}

/** A Measurer whose `measure` also accepts explicit related periods. */
export interface MetricMeasurer extends Measurer {
  measure(entity: Entity, period: Period, metrics: readonly string[], related?: RelatedPeriods): Map<string, MetricValue>;
  /** The attribution of every complaint and survey (employee indices, -1 = none). */
  readonly attribution: Attribution;
  /** The shared sales index (first purchases, order employees, customer nets). */
  readonly index: SalesIndex;
  /**
   * `revenueByCustomer` as parallel arrays without building a Map: customer indices (distinct)
   * and their nets in ten-thousandths; zero nets may be included. Read-only (cached).
   */
  customerNets(entity: Entity, period: Period): CustomerNets;
}

/** Net revenue per customer of an entity in a period: `net[k]` (ten-thousandths) of `customers[k]`. */
export interface CustomerNets {
  customers: Int32Array;
  net: Float64Array;
}

const FUNCTIONS: Record<string, MetricFn> = {
  ...SALES_METRICS, ...LOYALTY_METRICS, ...SERVICE_METRICS, ...SATISFACTION_METRICS,
};

for (const d of METRICS) {
  if (!FUNCTIONS[d.id]) throw new Error(`metric ${d.id} has no computation`);
}

/** Pooled results kept for reuse (P-1 of one call is P of the next), bounded by customers held. */
const POOL_CACHE_CUSTOMERS = 1_000_000;

/** Builds the measurer for a dataset (see MetricMeasurer). */
export function createMeasurer(ds: Dataset, opts: MeasurerOptions): MetricMeasurer {
  const idx = new SalesIndex(ds);
  const att = attribute(ds, idx, opts.complaintModes ?? ['account_owner', 'handler']);
  const complaintIdx = new ComplaintIndex(ds, att, idx.nEmployees);
  const surveyIdx = new SurveyIndex(ds, att, idx.nEmployees);
  const pooler = new Pooler(idx);
  const fy = opts.fiscalYearStartMonth ?? 1;
  const ropts: ResolvedOptions = {
    bigMinE4: Math.round(opts.bigCustomerMinAnnualRevenue * 10_000),
    csatScale: opts.csatScale,
    csatSatisfiedMin: csatSatisfiedMin(opts.csatScale),
    slaSeconds: opts.slaHours * 3600,
  };
  const memberFlag = new Uint8Array(idx.nEmployees);
  const poolCache = new Map<string, Pooled>();
  let cachedCustomers = 0;

  /** Pooled sales of `members` (whose ids joined by commas are `memberKey`) in `period`, cached. */
  function pooled(memberKey: string, members: readonly number[], period: Period): Pooled {
    const key = `${period.start}:${period.end}:${memberKey}`;
    let p = poolCache.get(key);
    if (!p) {
      p = pooler.pool(members, period);
      cachedCustomers += p.customers.length + 1;
      while (cachedCustomers > POOL_CACHE_CUSTOMERS && poolCache.size > 0) {
        const [oldKey, old] = poolCache.entries().next().value!;
        poolCache.delete(oldKey);
        cachedCustomers -= old.customers.length + 1;
      }
      poolCache.set(key, p);
    }
    return p;
  }

  /** P-1 or P-1y of a period, computed once per period (every measure call asks). */
  const relatedCache = new Map<string, Period>();
  function relatedPeriod(which: 'prior' | 'lastYear', p: Period): Period {
    const key = `${which}:${p.kind}:${p.id}:${p.start}:${p.end}`;
    let r = relatedCache.get(key);
    if (!r) {
      r = which === 'prior' ? priorPeriod(p, fy) : lastYearPeriod(p, fy);
      relatedCache.set(key, r);
    }
    return r;
  }

  function context(entity: Entity, period: Period, related: RelatedPeriods | undefined): MetricContext {
    const members = normalizeMembers(entity.members, idx.nEmployees);
    const memo = new Map<string, unknown>();
    const once = <T>(key: string, fn: () => T): T => {
      if (!memo.has(key)) memo.set(key, fn());
      return memo.get(key) as T;
    };
    let prior: Period | undefined = related?.prior;
    let lastYear: Period | undefined = related?.lastYear;
    const priorOf = (): Period => (prior ??= relatedPeriod('prior', period));
    const lastYearOf = (): Period => (lastYear ??= relatedPeriod('lastYear', period));
    // The pooled periods, each looked up once per measure call (several metrics read them).
    const memberKey = members.join(',');
    let cur: Pooled | undefined, prev: Pooled | undefined, ly: Pooled | undefined;
    return {
      idx, att, opts: ropts, entity, members, period,
      get prior() { return priorOf(); },
      get lastYear() { return lastYearOf(); },
      isMember: (e) => e >= 0 && e < memberFlag.length && memberFlag[e] === 1,
      cur: () => (cur ??= pooled(memberKey, members, period)),
      prev: () => (prev ??= pooled(memberKey, members, priorOf())),
      ly: () => (ly ??= pooled(memberKey, members, lastYearOf())),
      complaints: () => once<ComplaintStats>('c', () => complaintIdx.stats(members, entity.complaintsBy, period, ropts.slaSeconds)),
      ownerComplaints: () => once<ComplaintStats>('co', () => complaintIdx.stats(members, 'account_owner', period, ropts.slaSeconds)),
      resolvedByHandler: () => once('rh', () => complaintIdx.resolvedIn(members, period)),
      surveys: () => once<SurveyStats>('s', () => surveyIdx.stats(members, period, ropts.csatSatisfiedMin)),
      memo: once,
    };
  }

  return {
    index: idx,
    attribution: att,

    measure(entity, period, metrics, related) {
      const ctx = context(entity, period, related);
      for (const m of ctx.members) memberFlag[m] = 1;
      try {
        const out = new Map<string, MetricValue>();
        for (const id of metrics) {
          const fn = FUNCTIONS[id];
          if (!fn) throw new Error(`unknown metric: ${id}`);
          out.set(id, fn(ctx));
        }
        return out;
      } finally {
        for (const m of ctx.members) memberFlag[m] = 0;
      }
    },

    events(entity, period): EventCounts {
      const members = normalizeMembers(entity.members, idx.nEmployees);
      const s = complaintIdx.stats(members, entity.complaintsBy, period, ropts.slaSeconds);
      return { complaint_resolved_satisfied: s.resolvedSatisfied, complaint_escalated: s.escalated };
    },

    revenueByCustomer(entity, period) {
      const members = normalizeMembers(entity.members, idx.nEmployees);
      const p = pooled(members.join(','), members, period);
      const out = new Map<number, number>();
      for (let k = 0; k < p.customers.length; k++) if (p.net[k] !== 0) out.set(p.customers[k], p.net[k]);
      return out;
    },

    customerNets(entity, period) {
      const members = normalizeMembers(entity.members, idx.nEmployees);
      const p = pooled(members.join(','), members, period);
      return { customers: p.customers, net: p.net };
    },

    attributionWarnings(): Diagnostic[] {
      return att.warnings.slice();
    },
  };
}

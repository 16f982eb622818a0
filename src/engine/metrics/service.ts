/**
 * Service metrics (PRODUCT.md §5, §13) over complaints attributed to the entity (per its
 * `complaints_by`) and opened in P:
 * - resolved by P's end: the calendar day of resolved_at ≤ P's last day, or a resolved status with
 *   no resolved time;
 * - avg_first_response_hours over the complaints with a first response;
 * - avg_resolution_hours over the complaints resolved by P's end that have a resolved time;
 * - SLA breach: resolved (by P's end) more than `sla_hours` after opening (strictly), or not
 *   resolved by P's end and older than `sla_hours` at the end of P's last day (24:00). A complaint
 *   resolved after P's end is unresolved at P's end; one with a resolved status but no time is
 *   resolved and, with no duration to judge, not a breach;
 * - complaint_rate uses complaints by account owner, whatever the role's `complaints_by`;
 * - resolved_per_workday counts complaints whose handler is a member and whose resolved_at falls
 *   in P (whenever opened) over the Monday–Friday days of P.
 */
import type { Dataset } from '../../model.js';
import type { Attribution } from '../attribution.js';
import { dayOfInstant } from '../calendar.js';
import { workdays } from '../period.js';
import type { Period } from '../types.js';
import { dayRange, groupSorted, lowerBound, sortByDay, upperBound, type Csr } from './csr.js';
import { ratio, type MetricFn } from './context.js';

/** Facts over one set of complaints (attributed to an entity, opened in P). */
export interface ComplaintStats {
  count: number;
  resolved: number;
  responded: number;
  responseSeconds: number;
  resolvedTimed: number;
  resolutionSeconds: number;
  slaBreached: number;
  escalated: number;
  resolvedSatisfied: number;
}

/** Complaint indices per employee: by owner and by handler (opened day), by handler (resolved day). */
export class ComplaintIndex {
  readonly byOwner: Csr;
  readonly byHandler: Csr;
  readonly resolvedByHandler: Csr;

  /** All complaints by opened day (ties in file order), and their opened days in that order. */
  private readonly byOpened: Int32Array;
  private readonly openedDays: Int32Array;
  /** Whether every opened, first-response and resolved instant is a whole number of seconds. */
  private readonly wholeSeconds: boolean;
  /** Every employee's stats per mode, period and SLA (see employeeStats). */
  private readonly statsCache = new Map<string, (ComplaintStats | undefined)[]>();

  constructor(private readonly ds: Dataset, private readonly att: Attribution, private readonly nEmployees: number) {
    const cs = ds.complaints;
    this.wholeSeconds = wholeOrNaN(cs.opened, cs.n) && wholeOrNaN(cs.firstResponse, cs.n) && wholeOrNaN(cs.resolved, cs.n);
    const opened = cs.openedDay;
    const byOpened = sortByDay(opened);
    this.byOpened = byOpened;
    this.openedDays = Int32Array.from(byOpened, (i) => opened[i]);
    this.byOwner = groupSorted(byOpened, nEmployees, att.complaintOwner, opened);
    this.byHandler = groupSorted(byOpened, nEmployees, att.complaintHandler, opened);
    // Resolved day per complaint; complaints without a resolved time are grouped under -1 (left out).
    const resolvedDay = new Int32Array(cs.n), handlerIfTimed = new Int32Array(cs.n);
    for (let i = 0; i < cs.n; i++) {
      const r = cs.resolved[i];
      resolvedDay[i] = r === r ? dayOfInstant(r) : 0;
      handlerIfTimed[i] = r === r ? att.complaintHandler[i] : -1;
    }
    this.resolvedByHandler = groupSorted(sortByDay(resolvedDay), nEmployees, handlerIfTimed, resolvedDay);
  }

  /**
   * Stats over the complaints of `members` (per `mode`) opened in `period`. Every complaint has one
   * employee per mode, so a team's or the company's stats are the sums of its members' — exactly
   * when all instants are whole seconds (sums of integers), which `wholeSeconds` checks once: then
   * they are summed from the per-employee stats instead of walking the complaints again.
   */
  stats(members: readonly number[], mode: 'account_owner' | 'handler', period: Period, slaSeconds: number): ComplaintStats {
    if (members.length > 1 && !this.wholeSeconds) return this.walk(members, mode, period, slaSeconds);
    const st = emptyStats();
    for (const m of members) {
      const own = this.employeeStats(m, mode, period, slaSeconds);
      if (own) addStats(st, own);
    }
    return st;
  }

  /**
   * One employee's stats (undefined: no complaints), from one pass over the period's complaints
   * that fills every employee's at once — a walk per employee would repeat the binary searches and
   * hop through the table hundreds of times. Each employee's complaints are added in their Csr
   * order, so the sums are the very ones `walk` makes.
   */
  private employeeStats(m: number, mode: 'account_owner' | 'handler', period: Period, slaSeconds: number): ComplaintStats | undefined {
    const key = `${mode}:${period.start}:${period.end}:${slaSeconds}`;
    let byEmployee = this.statsCache.get(key);
    if (!byEmployee) {
      byEmployee = new Array<ComplaintStats | undefined>(this.nEmployees);
      const who = mode === 'handler' ? this.att.complaintHandler : this.att.complaintOwner;
      const days = this.openedDays;
      const from = lowerBound(days, 0, days.length, period.start);
      const to = upperBound(days, from, days.length, period.end);
      const cs = this.ds.complaints;
      for (let k = from; k < to; k++) {
        const i = this.byOpened[k];
        const e = who[i];
        if (e >= 0 && e < this.nEmployees) addComplaint((byEmployee[e] ??= emptyStats()), cs, i, period.end, slaSeconds);
      }
      this.statsCache.set(key, byEmployee);
    }
    return m >= 0 && m < byEmployee.length ? byEmployee[m] : undefined;
  }

  /** Stats over the complaints of `members` (per `mode`) opened in `period`, walked member by member. */
  private walk(members: readonly number[], mode: 'account_owner' | 'handler', period: Period, slaSeconds: number): ComplaintStats {
    const csr = mode === 'handler' ? this.byHandler : this.byOwner;
    const st = emptyStats();
    for (const m of members) {
      const [from, to] = dayRange(csr, m, period.start, period.end);
      for (let k = from; k < to; k++) addComplaint(st, this.ds.complaints, csr.items[k], period.end, slaSeconds);
    }
    return st;
  }

  /** Complaints handled by `members` whose resolved_at falls in `period`. */
  resolvedIn(members: readonly number[], period: Period): number {
    let n = 0;
    for (const m of members) {
      const [from, to] = dayRange(this.resolvedByHandler, m, period.start, period.end);
      n += to - from;
    }
    return n;
  }
}

/** Adds complaint i to `st`, judged at the end of day `endDay` (see the module comment). */
function addComplaint(st: ComplaintStats, cs: Dataset['complaints'], i: number, endDay: number, slaSeconds: number): void {
  const endInstant = (endDay + 1) * 86_400; // 24:00 of P's last day
  const opened = cs.opened[i], firstResponse = cs.firstResponse[i], resolved = cs.resolved[i];
  const hasResolved = resolved === resolved; // NaN = no resolved time
  st.count++;
  if (firstResponse === firstResponse) {
    st.responded++;
    st.responseSeconds += firstResponse - opened;
  }
  const timedByEnd = hasResolved && dayOfInstant(resolved) <= endDay;
  const resolvedByEnd = timedByEnd || (!hasResolved && cs.statusResolved[i] === 1);
  if (resolvedByEnd) {
    st.resolved++;
    if (cs.satisfied[i] === 1) st.resolvedSatisfied++;
  }
  if (timedByEnd) {
    const dur = resolved - opened;
    st.resolvedTimed++;
    st.resolutionSeconds += dur;
    if (dur > slaSeconds) st.slaBreached++;
  } else if (!resolvedByEnd && endInstant - opened > slaSeconds) {
    st.slaBreached++;
  }
  if (cs.escalated[i] === 1) st.escalated++;
}

function emptyStats(): ComplaintStats {
  return {
    count: 0, resolved: 0, responded: 0, responseSeconds: 0, resolvedTimed: 0, resolutionSeconds: 0,
    slaBreached: 0, escalated: 0, resolvedSatisfied: 0,
  };
}

/** Adds the counts and sums of `b` to `a`. */
function addStats(a: ComplaintStats, b: ComplaintStats): void {
  a.count += b.count;
  a.resolved += b.resolved;
  a.responded += b.responded;
  a.responseSeconds += b.responseSeconds;
  a.resolvedTimed += b.resolvedTimed;
  a.resolutionSeconds += b.resolutionSeconds;
  a.slaBreached += b.slaBreached;
  a.escalated += b.escalated;
  a.resolvedSatisfied += b.resolvedSatisfied;
}

/**
 * Whether values[0..n) are all NaN or integers small enough that any sum of up to n differences
 * of them stays below 2^53, i.e. exact in any order (|x| ≤ 2^52 / (n + 1); instants are ~2^31).
 */
function wholeOrNaN(values: Float64Array, n: number): boolean {
  const limit = 2 ** 52 / (n + 1);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === x && !(Number.isInteger(x) && Math.abs(x) <= limit)) return false;
  }
  return true;
}

export const SERVICE_METRICS: Record<string, MetricFn> = {
  complaints: (ctx) => ({ value: ctx.complaints().count }),

  /** Complaints by account owner opened in P / the entity's orders in P. */
  complaint_rate: (ctx) => ratio(ctx.ownerComplaints().count, ctx.cur().orders),

  resolution_rate: (ctx) => {
    const s = ctx.complaints();
    return ratio(s.resolved, s.count);
  },

  /** Numerator: total hours; denominator: complaints with a response. */
  avg_first_response_hours: (ctx) => {
    const s = ctx.complaints();
    return ratio(s.responseSeconds / 3600, s.responded);
  },

  /** Numerator: total hours; denominator: complaints resolved by P's end with a resolved time. */
  avg_resolution_hours: (ctx) => {
    const s = ctx.complaints();
    return ratio(s.resolutionSeconds / 3600, s.resolvedTimed);
  },

  sla_breach_rate: (ctx) => {
    const s = ctx.complaints();
    return ratio(s.slaBreached, s.count);
  },

  escalation_rate: (ctx) => {
    const s = ctx.complaints();
    return ratio(s.escalated, s.count);
  },

  /** Numerator: complaints handled by a member resolved in P; denominator: Monday–Friday days of P. */
  resolved_per_workday: (ctx) => ratio(ctx.resolvedByHandler(), workdays(ctx.period)),
};

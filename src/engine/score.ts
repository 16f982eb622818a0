/**
 * `kpi score` as a pure function (PRODUCT.md §6, §13): who is scored, their KPIs against resolved
 * targets, team lines per (team, role) from pooled rows, and the company line per KPI.
 *
 * `team`/`employee` only filter what is reported: ranks, team lines and the company line are always
 * computed from the full membership, so a filtered report shows the same numbers as the full one.
 * With `asOf` inside P, actuals are measured over P.start..asOf (the variance engine projects).
 */
import type { Day } from './calendar.js';
import type { Dataset, Person } from '../model.js';
import type { KpiSpec, Plan, RoleSpec } from '../plan/types.js';
import { metricDef } from './metrics/registry.js';
import { actualsPeriod } from './period.js';
import { proration, type Proration } from './proration.js';
import { resolveEmployeeTarget, resolvePooledTarget, TargetBook, type ResolvedTarget } from './targets.js';
import { rankWithinRole, ratingFor, scoreKpi, totalScore } from './scoring.js';
import type { EmployeeScore, Entity, KpiResult, Measurer, MetricValue, Period, ScoreResult, TeamScore } from './types.js';

export interface ScoreArgs {
  plan: Plan;
  dataset: Dataset;
  measurer: Measurer;
  period: Period;
  prior: Period;
  lastYear: Period;
  asOf: Day | null;
  /** Report only this team's employees and team lines. */
  team?: string;
  /** Report only this employee (and their team line). */
  employee?: string;
}

/** A scored employee with what the payout engine and team lines need. */
interface Scored {
  person: Person;
  role: RoleSpec;
  share: Proration;
  entity: Entity;
  result: EmployeeScore;
}

/** The entity of one employee: their own rows only (none when they have no rows at all). */
export function employeeEntity(dataset: Dataset, person: Person, role: RoleSpec): Entity {
  const idx = dataset.employees.get(person.id);
  return { kind: 'employee', id: person.id, role: role.name, members: idx >= 0 ? [idx] : [], complaintsBy: role.complaintsBy };
}

/** The employees scored in P: a role in the plan and employed on at least one day of P. */
export function scoredPeople(plan: Plan, dataset: Dataset, period: Period): { person: Person; role: RoleSpec; share: Proration }[] {
  const out: { person: Person; role: RoleSpec; share: Proration }[] = [];
  for (const person of dataset.people) {
    const role = Object.prototype.hasOwnProperty.call(plan.roles, person.role) ? plan.roles[person.role] : undefined;
    if (!role) continue;
    const share = proration(person.start, person.end, period);
    if (share.days === 0) continue;
    out.push({ person, role, share });
  }
  return out;
}

function direction(metric: string) {
  return metricDef(metric)?.direction ?? 'up';
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

const NO_VALUE: MetricValue = { value: null };

function asResolved(k: KpiResult): ResolvedTarget {
  return { value: k.target, source: k.targetSource, prorated: k.prorated };
}

/** Scores every employee, team and the company KPI line for one period. */
export function scorePeriod(args: ScoreArgs): ScoreResult {
  const { plan, dataset, measurer, period } = args;
  const measureOver = actualsPeriod(period, args.asOf);
  // A truncated period still relates to P's own prior and last-year periods; measurers that take
  // explicit related periods (metrics/measurer.ts) get them, others ignore the extra argument.
  const related = measureOver === period ? undefined : { prior: args.prior, lastYear: args.lastYear };
  const measure = (entity: Entity, metrics: readonly string[]): Map<string, MetricValue> =>
    (measurer.measure as (e: Entity, p: Period, m: readonly string[], r?: unknown) => Map<string, MetricValue>)
      .call(measurer, entity, measureOver, metrics, related);
  const book = new TargetBook([...plan.targets, ...dataset.targets], period.id, plan.calendar.fiscalYearStartMonth);
  const roleOrder = new Map(Object.keys(plan.roles).map((r, i) => [r, i]));

  const scored: Scored[] = [];
  for (const { person, role, share } of scoredPeople(plan, dataset, period)) {
    const entity = employeeEntity(dataset, person, role);
    const values = measure(entity, uniq(role.kpis.map((k) => k.metric)));
    const kpis = role.kpis.map((k) =>
      scoreKpi(k, direction(k.metric), values.get(k.metric) ?? NO_VALUE,
        resolveEmployeeTarget(book, person, k.metric, k.target, share)));
    const score = totalScore(kpis);
    scored.push({
      person, role, share, entity,
      result: {
        id: person.id, name: person.name, team: person.team, role: role.name,
        proration: share.share, score, rating: ratingFor(score, plan.ratings), rank: 0, kpis, entity,
      },
    });
  }
  const ranks = rankWithinRole(scored.map((s) => s.result));
  for (const s of scored) s.result.rank = ranks.get(s.result.id) ?? 0;
  scored.sort((a, b) =>
    (roleOrder.get(a.role.name)! - roleOrder.get(b.role.name)!) || a.result.rank - b.result.rank);

  const teams = scoreTeams(plan, scored, measure, book);
  const company = scoreCompany(plan, scored, measure);

  let employees = scored.map((s) => s.result);
  let teamLines = teams;
  if (args.team !== undefined) {
    employees = employees.filter((e) => e.team === args.team);
    teamLines = teamLines.filter((t) => t.id === args.team);
  }
  if (args.employee !== undefined) {
    employees = employees.filter((e) => e.id === args.employee);
    const keep = new Set(employees.map((e) => `${e.team}\u0000${e.role}`));
    teamLines = teamLines.filter((t) => keep.has(`${t.id}\u0000${t.role}`));
  }

  const everyone = scored.map((s) => s.result);
  return {
    period, prior: args.prior, lastYear: args.lastYear, asOf: args.asOf,
    employees, ...(employees.length < everyone.length ? { everyone } : {}), teams: teamLines, company, warnings: [...measurer.attributionWarnings()],
  };
}

/** Team lines per (team, role), in role order then team id, from pooled rows. */
type MeasureFn = (entity: Entity, metrics: readonly string[]) => Map<string, MetricValue>;

function scoreTeams(plan: Plan, scored: readonly Scored[], measure: MeasureFn, book: TargetBook): TeamScore[] {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) {
    if (s.person.team === '') continue; // no team (an employee found only in the data): no team line
    const key = `${s.role.name}\u0000${s.person.team}`;
    const g = groups.get(key) ?? [];
    g.push(s);
    groups.set(key, g);
  }
  const roleOrder = Object.keys(plan.roles);
  const keys = [...groups.keys()].sort((a, b) => {
    const [ra, ta] = a.split('\u0000'), [rb, tb] = b.split('\u0000');
    return (roleOrder.indexOf(ra) - roleOrder.indexOf(rb)) || (ta < tb ? -1 : ta > tb ? 1 : 0);
  });
  const out: TeamScore[] = [];
  for (const key of keys) {
    const members = [...groups.get(key)!].sort((a, b) => (a.person.id < b.person.id ? -1 : a.person.id > b.person.id ? 1 : 0));
    const role = members[0].role;
    const team = members[0].person.team;
    const entity: Entity = {
      kind: 'team', id: team, role: role.name,
      members: members.flatMap((m) => m.entity.members).sort((a, b) => a - b), complaintsBy: role.complaintsBy,
    };
    const values = measure(entity, uniq(role.kpis.map((k) => k.metric)));
    const kpis = role.kpis.map((k, i) => {
      const memberTargets = members.map((m) => asResolved(m.result.kpis[i]));
      const target = resolvePooledTarget(k.metric, memberTargets, book.teamRow(team, role.name, k.metric));
      return scoreKpi(k, direction(k.metric), values.get(k.metric) ?? NO_VALUE, target);
    });
    const score = totalScore(kpis);
    out.push({
      id: team, role: role.name, members: members.map((m) => m.person.id),
      score, rating: ratingFor(score, plan.ratings), kpis, entity,
    });
  }
  return out;
}

/**
 * The company line: each KPI (first appearance in role order, with that role's weight, threshold
 * and cap) over the members of the roles that carry it; complaints attributed per the first such
 * role's `complaints_by`. No total score.
 */
function scoreCompany(plan: Plan, scored: readonly Scored[], measure: MeasureFn): ScoreResult['company'] {
  const specs: { spec: KpiSpec; roles: string[] ; complaintsBy: RoleSpec['complaintsBy'] }[] = [];
  const seen = new Map<string, number>();
  for (const role of Object.values(plan.roles)) {
    for (const k of role.kpis) {
      const at = seen.get(k.metric);
      if (at === undefined) {
        seen.set(k.metric, specs.length);
        specs.push({ spec: k, roles: [role.name], complaintsBy: role.complaintsBy });
      } else if (!specs[at].roles.includes(role.name)) specs[at].roles.push(role.name);
    }
  }
  // Batch the measurer calls per distinct membership.
  const batches = new Map<string, { entity: Entity; metrics: string[] }>();
  const batchOf: string[] = [];
  for (const s of specs) {
    const key = `${s.roles.join('\u0000')}\u0001${s.complaintsBy}`;
    batchOf.push(key);
    let b = batches.get(key);
    if (!b) {
      const members = scored.filter((m) => s.roles.includes(m.role.name)).flatMap((m) => m.entity.members).sort((a, b) => a - b);
      b = { entity: { kind: 'company', id: 'company', members, complaintsBy: s.complaintsBy }, metrics: [] };
      batches.set(key, b);
    }
    b.metrics.push(s.spec.metric);
  }
  const values = new Map<string, Map<string, MetricValue>>();
  for (const [key, b] of batches) values.set(key, measure(b.entity, b.metrics));

  const kpis = specs.map((s, i) => {
    const memberTargets: ResolvedTarget[] = [];
    for (const m of scored) {
      if (!s.roles.includes(m.role.name)) continue;
      const k = m.result.kpis.find((x) => x.metric === s.spec.metric);
      if (k) memberTargets.push(asResolved(k));
    }
    const target = resolvePooledTarget(s.spec.metric, memberTargets);
    return scoreKpi(s.spec, direction(s.spec.metric), values.get(batchOf[i])!.get(s.spec.metric) ?? NO_VALUE, target);
  });
  const entities = Object.fromEntries(specs.map((s, i) => [s.spec.metric, batches.get(batchOf[i])!.entity]));
  return { kpis, entities };
}

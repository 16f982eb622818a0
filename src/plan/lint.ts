/**
 * Plan lint (PRODUCT.md §7, end): checks a valid plan for mistakes the schema cannot see —
 * unknown metrics, tiers or curve points out of order, thresholds above caps, weights that do not
 * sum to 100, roles without KPIs, targets naming unknown people, teams or roles. Pure.
 *
 * Codes: errors plan_unknown_metric, plan_tiers_order, plan_curve_order, plan_unknown_role,
 * plan_metric_not_kpi, plan_missing_source, plan_duplicate_kpi, plan_duplicate_target; warnings
 * plan_weights_sum, plan_threshold_above_cap, plan_role_no_kpis, plan_unknown_target_ref,
 * plan_default_role_unknown, plan_ratings_order, plan_target_not_kpi.
 */
import { Decimal } from 'decimal.js';
import type { Diagnostic, Severity } from '../diagnostics.js';
import { didYouMean, metricHint } from './suggest.js';
import type { Plan, RoleSpec } from './types.js';
import { targetIdentity } from '../engine/targets.js';

type Path = (string | number)[];
type Locate = (p: readonly (string | number)[]) => { line: number; col: number } | undefined;

export interface LintOptions {
  /** Line:col of a plan path (from `loadPlanText(...).locate`). */
  locate?: Locate;
  /**
   * The roster to check target references against (plan people plus the people export). Defaults
   * to `plan.people`; when the roster is empty, employee/team references are not checked.
   */
  people?: readonly { id: string; team?: string; role?: string }[];
  /** File name for diagnostics (defaults to the plan file's path). */
  file?: string;
  /**
   * The exports a metric is measured from (engine/metrics/registry.ts metricSources): a KPI or
   * payout rule on a metric whose export the plan does not read is an error — it would score 0 or
   * nothing for everyone, silently. Without it, not checked.
   */
  metricSources?: (id: string) => readonly ('sales' | 'complaints' | 'surveys')[];
  /** The catalogue's ids and names, for "did you mean" on an unknown metric (`revenu`, `销售额`). */
  metricNames?: readonly { id: string; zh: string; en: string }[];
}

/** Lints a validated plan. `knownMetrics` says whether a metric id exists in the catalogue. */
export function lintPlan(plan: Plan, knownMetrics: (id: string) => boolean, opts: LintOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const file = opts.file ?? plan.file;
  const push = (code: string, severity: Severity, p: Path, message: string) => {
    const d: Diagnostic = { code, severity, file, column: fmt(p), message };
    const loc = opts.locate?.(p);
    if (loc) { d.line = loc.line; d.col = loc.col; }
    out.push(d);
  };
  const metric = (id: string, p: Path) => {
    if (!knownMetrics(id)) { push('plan_unknown_metric', 'error', p, `unknown metric "${id}"${metricHint(id, opts.metricNames ?? [])} (see \`kpi metrics\` for the catalogue)`); return; }
    needs(id, opts.metricSources?.(id) ?? [], p);
  };
  const needs = (what: string, sources: readonly ('sales' | 'complaints' | 'surveys')[], p: Path) => {
    const missing = sources.filter((s) => !plan.sources[s]);
    if (missing.length) {
      push('plan_missing_source', 'error', p,
        `${what} is measured from the ${sources.join(' and ')} export${sources.length > 1 ? 's' : ''}, and the plan has no ${missing.map((m) => `sources.${m}`).join(' or ')}`);
    }
  };
  if (!plan.sources.sales && !plan.sources.complaints && !plan.sources.surveys) {
    push('plan_missing_source', 'error', ['sources'], 'the plan reads no exports: give sources.sales, sources.complaints or sources.surveys');
  }

  for (const [name, role] of Object.entries(plan.roles)) {
    const rp: Path = ['roles', name];
    if (role.kpis.length === 0) push('plan_role_no_kpis', 'warning', rp, `role "${name}" has no KPIs: its people get no score`);
    const kpiMetrics = new Set(role.kpis.map((k) => k.metric));
    const firstKpi = new Map<string, number>();
    role.kpis.forEach((k, i) => {
      const kp: Path = [...rp, 'kpis', i];
      metric(k.metric, [...kp, 'metric']);
      const j = firstKpi.get(k.metric);
      if (j === undefined) firstKpi.set(k.metric, i);
      else {
        push('plan_duplicate_kpi', 'error', [...kp, 'metric'],
          `${k.metric} is already a KPI of role "${name}" (kpis[${j}]${at(opts.locate, [...rp, 'kpis', j])}): listed twice it would count twice in the score and only the first target would be used; keep one`);
      }
      if (k.threshold > k.cap) {
        push('plan_threshold_above_cap', 'warning', [...kp, 'threshold'],
          `threshold ${pct(k.threshold)} is above cap ${pct(k.cap)}: the KPI scores either 0 or the cap`);
      }
    });
    // Omitted weights default to 1 each: equal weighting, which is not worth a warning.
    if (role.kpis.length > 0 && !role.kpis.every((k) => k.weight === 1)) {
      const sum = role.kpis.reduce((s, k) => s + k.weight, 0);
      if (Math.abs(sum - 100) > 1e-9) {
        push('plan_weights_sum', 'warning', [...rp, 'kpis'],
          `weights of role "${name}" sum to ${round(sum)}, not 100 (they are used as relative weights)`);
      }
    }
    role.payout.forEach((c, i) => {
      const cp: Path = [...rp, 'payout', i];
      switch (c.type) {
        case 'commission': {
          metric(c.base, [...cp, 'base']);
          const byAch = c.tiers.some((t) => t.upToAchievement !== null);
          if (byAch && !kpiMetrics.has(c.base)) {
            push('plan_metric_not_kpi', 'error', [...cp, 'base'],
              `attainment tiers need "${c.base}" to be a KPI of role "${name}" (its target gives the attainment)`);
          }
          let prev: Decimal | number | null = null;
          c.tiers.forEach((t, j) => {
            const cur: Decimal | number | null = t.upTo !== null ? new Decimal(t.upTo) : t.upToAchievement;
            if (cur === null) return;
            if (prev !== null && !(typeof cur === 'number' ? cur > (prev as number) : cur.gt(prev as Decimal))) {
              push('plan_tiers_order', 'error', [...cp, 'tiers', j],
                `tier bounds must be ascending: ${show(cur, byAch)} does not exceed the previous ${show(prev, byAch)}`);
            }
            prev = cur;
          });
          break;
        }
        case 'per_unit': metric(c.metric, [...cp, 'metric']); break;
        case 'threshold_bonus': metric(c.metric, [...cp, 'metric']); break;
        case 'penalty': metric(c.when.metric, [...cp, 'when', 'metric']); break;
        case 'score_bonus': {
          if (c.basis.kind === 'achievement') {
            metric(c.basis.metric, [...cp, 'basis', 'achievement']);
            if (knownMetrics(c.basis.metric) && !kpiMetrics.has(c.basis.metric)) {
              push('plan_metric_not_kpi', 'error', [...cp, 'basis', 'achievement'],
                `score_bonus basis "${c.basis.metric}" must be a KPI of role "${name}" to have an achievement`);
            }
          }
          for (let j = 1; j < c.curve.length; j++) {
            if (!(c.curve[j].x > c.curve[j - 1].x)) {
              push('plan_curve_order', 'error', [...cp, 'curve', j],
                `curve points must be ascending: ${c.curve[j].x} does not exceed the previous ${c.curve[j - 1].x}`);
            }
          }
          break;
        }
        case 'per_event': if (opts.metricSources) needs(`event ${c.event}`, ['complaints'], [...cp, 'event']); break;
      }
    });
  }

  plan.people.forEach((p, i) => {
    if (p.role !== undefined && !plan.roles[p.role]) {
      push('plan_unknown_role', 'error', ['people', i, 'role'], `person ${p.id} has role "${p.role}", which is not in roles (${roleList(plan)})${didYouMean(p.role, Object.keys(plan.roles))}`);
    }
  });
  if (plan.defaultRole !== null && !plan.roles[plan.defaultRole]) {
    push('plan_default_role_unknown', 'warning', ['default_role'], `default_role "${plan.defaultRole}" is not in roles (${roleList(plan)})${didYouMean(plan.defaultRole, Object.keys(plan.roles))}`);
  }

  const roster = opts.people ?? plan.people;
  const ids = new Set(roster.map((p) => p.id));
  const teams = new Set(roster.flatMap((p) => (p.team !== undefined ? [p.team] : [])));
  plan.targets.forEach((t, i) => {
    const tp: Path = ['targets', i];
    metric(t.metric, [...tp, 'metric']);
    if (t.employee !== undefined && roster.length > 0 && !ids.has(t.employee)) {
      push('plan_unknown_target_ref', 'warning', [...tp, 'employee'], `target for unknown employee "${t.employee}"`);
    }
    if (t.team !== undefined && roster.length > 0 && !teams.has(t.team)) {
      push('plan_unknown_target_ref', 'warning', [...tp, 'team'], `target for unknown team "${t.team}"`);
    }
    if (t.role !== undefined && !plan.roles[t.role]) {
      push('plan_unknown_target_ref', 'warning', [...tp, 'role'], `target for unknown role "${t.role}"${didYouMean(t.role, Object.keys(plan.roles))}`);
    }
  });

  // Two rows for the same (employee|team|role, period, metric): which one applies would depend on
  // their order. Different values are an error naming both; the same value twice is harmless.
  const seenTarget = new Map<string, number>();
  plan.targets.forEach((t, i) => {
    const { who, key } = targetIdentity(t);
    const j = seenTarget.get(key);
    if (j === undefined) { seenTarget.set(key, i); return; }
    const a = plan.targets[j];
    if (a.target === t.target) return;
    push('plan_duplicate_target', 'error', ['targets', i],
      `targets[${i}] and targets[${j}]${a.line !== undefined ? ` (line ${a.line})` : ''} both give ${who}'s ${t.metric} target${t.period ? ` for ${t.period}` : ' (no period)'}: ${t.target} and ${a.target}; keep one`);
  });

  // A target row for a metric that is no KPI of the roles it reaches is never used.
  const roleOf = new Map<string, string>();
  for (const p of plan.people) if (p.role !== undefined) roleOf.set(p.id, p.role);
  for (const p of opts.people ?? []) {
    if (p.role !== undefined && !roleOf.has(p.id)) roleOf.set(p.id, p.role);
  }
  const teamRoles = new Map<string, Set<string>>();
  for (const p of [...plan.people, ...(opts.people ?? [])]) {
    const r = roleOf.get(p.id) ?? plan.defaultRole ?? undefined;
    if (p.team === undefined || r === undefined) continue;
    if (!teamRoles.has(p.team)) teamRoles.set(p.team, new Set());
    teamRoles.get(p.team)!.add(r);
  }
  plan.targets.forEach((t, i) => {
    if (!knownMetrics(t.metric)) return;
    let roles: string[] = [];
    let whose = '';
    if (t.role !== undefined) { roles = [t.role]; whose = ''; }
    else if (t.employee !== undefined) {
      const r = roleOf.get(t.employee);
      if (r !== undefined) { roles = [r]; whose = ` (${t.employee}'s role)`; }
    } else if (t.team !== undefined) {
      roles = [...(teamRoles.get(t.team) ?? [])];
      whose = ` (the roles of team ${t.team})`;
    }
    roles = roles.filter((r) => plan.roles[r]);
    // A role with a misspelt KPI metric already has an error; do not add a warning on top.
    if (roles.some((r) => plan.roles[r].kpis.some((k) => !knownMetrics(k.metric)))) return;
    if (roles.length === 0 || roles.some((r) => metricsWithTargets(plan.roles[r]).has(t.metric))) return;
    push('plan_target_not_kpi', 'warning', ['targets', i, 'metric'],
      `target for ${t.metric}, which is not a KPI of ${roles.length === 1 ? `role "${roles[0]}"` : `roles ${roles.map((r) => `"${r}"`).join(', ')}`}${whose}: the row is never used`);
  });

  // Ratings are matched first-to-last, so min_score must descend and a catch-all must come last.
  for (let i = 0; i < plan.ratings.length; i++) {
    const r = plan.ratings[i];
    if (r.minScore === null && i < plan.ratings.length - 1) {
      push('plan_ratings_order', 'warning', ['ratings', i], `rating "${r.label}" has no min_score, so the ratings after it are never used`);
      break;
    }
    const prev = plan.ratings[i - 1];
    if (prev && prev.minScore !== null && r.minScore !== null && r.minScore >= prev.minScore) {
      push('plan_ratings_order', 'warning', ['ratings', i], `ratings should go from the highest min_score down: ${r.minScore} follows ${prev.minScore}`);
    }
  }

  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

function at(locate: Locate | undefined, p: Path): string {
  const l = locate?.(p);
  return l ? `, line ${l.line}` : '';
}


function fmt(p: Path): string {
  let s = '';
  for (const x of p) s += typeof x === 'number' ? `[${x}]` : s ? `.${x}` : x;
  return s;
}

function pct(f: number): string {
  return `${round(f * 100)}%`;
}

function round(x: number): string {
  return String(Math.round(x * 1e6) / 1e6);
}

function show(v: Decimal | number, byAch: boolean): string {
  return typeof v === 'number' ? (byAch ? pct(v) : String(v)) : v.toFixed();
}

function roleList(plan: Plan): string {
  const names = Object.keys(plan.roles);
  return names.length ? names.join(', ') : 'none defined';
}

/**
 * The metrics a role reads targets for: its KPIs, a commission base with attainment tiers
 * (up_to_achievement × target) and a score_bonus on one KPI's achievement. A target row for any
 * other metric is never used.
 */
export function metricsWithTargets(role: RoleSpec): Set<string> {
  const out = new Set(role.kpis.map((k) => k.metric));
  for (const c of role.payout) {
    if (c.type === 'commission' && c.tiers.some((t) => t.upToAchievement !== null)) out.add(c.base);
    if (c.type === 'score_bonus' && c.basis.kind === 'achievement') out.add(c.basis.metric);
  }
  return out;
}

/**
 * The payout engine (PRODUCT.md §7, §13 "Payout"): per scored employee, the role's components in
 * plan order (zero amounts included), each rounded half-up to cents and then clamped by its own
 * `min`/`max`; the role's `payout_cap`/`payout_floor` bound the sum, a final `cap_adjustment` line
 * carrying the difference. Totals are sums of the lines, so a sheet reconciles to the cent.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { Dataset, Person } from '../../model.js';
import type { Lang, PayoutComponent, Plan, RoleSpec } from '../../plan/types.js';
import { metricDef } from '../metrics/registry.js';
import { Dec, dec, formatMoney, roundCents, toCents } from '../money.js';
import { proration } from '../proration.js';
import { employeeEntity } from '../score.js';
import { achievement as achievementOf } from '../scoring.js';
import { resolveEmployeeTarget, TargetBook } from '../targets.js';
import type { EmployeePayout, EmployeeScore, EventCounts, Measurer, PayoutLine, PayoutResult, Period, ScoreResult } from '../types.js';
import { commission } from './commission.js';
import type { Outcome, PayoutContext } from './context.js';
import { perEvent } from './per-event.js';
import { perUnit } from './per-unit.js';
import { penalty } from './penalty.js';
import { scoreBonus } from './score-bonus.js';
import { thresholdBonus } from './threshold-bonus.js';
import { basisWords, type BasisWords } from './words.js';

export { curveAt } from './score-bonus.js';

export interface PayoutArgs {
  plan: Plan;
  score: ScoreResult;
  measurer: Measurer;
  dataset: Dataset;
  period: Period;
  /** Language of basis texts and generated component names (default en). */
  lang?: Lang;
}

/**
 * Payouts for every employee of the score result (its --team/--employee filter applies).
 * `warnings` holds only payout problems (payout_no_target, payout_no_base_salary); the caller
 * merges them with the score's warnings.
 */
export function computePayouts(args: PayoutArgs): PayoutResult {
  const { plan, score, dataset, period } = args;
  const warnings: Diagnostic[] = [];
  const book = new TargetBook([...plan.targets, ...dataset.targets], period.id, plan.calendar.fiscalYearStartMonth);
  const people = new Map<string, Person>();
  for (const p of dataset.people) if (!people.has(p.id)) people.set(p.id, p);

  const words = basisWords(args.lang);
  const employees: EmployeePayout[] = [];
  let grand = new Dec(0);
  for (const emp of score.employees) {
    const role = plan.roles[emp.role];
    const person = people.get(emp.id);
    if (!role || !person) continue;
    const ctx = makeContext(args, book, person, role, emp, words, warnings);
    const lines = role.payout.map((c) => line(c, run(c, ctx), words));
    const adj = capAdjustment(role, lines, words);
    if (adj) lines.push(adj);
    const total = lines.reduce((s, l) => s.plus(dec(l.amount)), new Dec(0));
    grand = grand.plus(total);
    employees.push({
      id: emp.id, name: emp.name, team: emp.team, role: emp.role, currency: plan.currency,
      score: emp.score, components: lines, total: toCents(total),
    });
  }
  return { period, currency: plan.currency, employees, total: toCents(grand), warnings };
}

function run(c: PayoutComponent, ctx: PayoutContext): Outcome {
  switch (c.type) {
    case 'commission': return commission(c, ctx);
    case 'per_unit': return perUnit(c, ctx);
    case 'threshold_bonus': return thresholdBonus(c, ctx);
    case 'score_bonus': return scoreBonus(c, ctx);
    case 'per_event': return perEvent(c, ctx);
    case 'penalty': return penalty(c, ctx);
  }
}

/** Rounds half-up to cents, then applies the component's min/max. */
function line(c: PayoutComponent, o: Outcome, w: BasisWords): PayoutLine {
  let amount = roundCents(o.raw);
  let basis = o.basis;
  if (c.min !== undefined && amount.lt(dec(c.min))) {
    amount = dec(c.min);
    basis += ` → ${w.min} ${formatMoney(amount)}`;
  }
  if (c.max !== undefined && amount.gt(dec(c.max))) {
    amount = dec(c.max);
    basis += ` → ${w.max} ${formatMoney(amount)}`;
  }
  return {
    type: c.type,
    name: c.name ?? defaultName(c, w.lang),
    basis,
    amount: toCents(amount),
    spec: c,
    inputs: {
      value: o.inputs.value ?? null,
      achievement: o.inputs.achievement ?? null,
      target: o.inputs.target ?? null,
      baseSalary: o.inputs.baseSalary ?? null,
      proration: o.inputs.proration ?? 1,
      fired: o.inputs.fired ?? null,
      raw: o.raw.toFixed(),
    },
  };
}

/** A `cap_adjustment` line when the role's payout_cap / payout_floor binds, else null. */
function capAdjustment(role: RoleSpec, lines: readonly PayoutLine[], w: BasisWords): PayoutLine | null {
  const sum = lines.reduce((s, l) => s.plus(dec(l.amount)), new Dec(0));
  let bound: Dec | null = null;
  let kind: 'cap' | 'floor' = 'cap';
  if (role.payoutCap !== undefined && sum.gt(dec(role.payoutCap))) { bound = dec(role.payoutCap); kind = 'cap'; }
  else if (role.payoutFloor !== undefined && sum.lt(dec(role.payoutFloor))) { bound = dec(role.payoutFloor); kind = 'floor'; }
  if (bound === null) return null;
  const diff = bound.minus(sum);
  return {
    type: 'cap_adjustment',
    name: w.capName(kind),
    basis: w.colon(`${w.components} ${formatMoney(sum)} → ${w.capWord(kind)} ${formatMoney(bound)}`, formatMoney(diff)),
    amount: toCents(diff),
    inputs: {
      value: sum.toFixed(), achievement: null, target: null, baseSalary: null, proration: 1, fired: true,
      raw: diff.toFixed(),
    },
  };
}

/** Generated display name of a component without `name`. */
export function defaultName(c: PayoutComponent, lang: Lang = 'en'): string {
  if (lang === 'zh') {
    const w = basisWords('zh');
    switch (c.type) {
      case 'commission': return `${w.metric(c.base)}提成`;
      case 'per_unit': return `${w.metric(c.metric)}计件奖励`;
      case 'threshold_bonus': return `${w.metric(c.metric)}达标奖`;
      case 'score_bonus': return c.basis.kind === 'score' ? '绩效奖金' : `${w.metric(c.basis.metric)}达成奖金`;
      case 'per_event': return `${w.event(c.event)}（按次）`;
      case 'penalty': return `${w.metric(c.when.metric)}扣款`;
    }
  }
  switch (c.type) {
    case 'commission': return `commission on ${c.base}`;
    case 'per_unit': return `per unit: ${c.metric}`;
    case 'threshold_bonus': return `bonus: ${c.metric}`;
    case 'score_bonus': return c.basis.kind === 'score' ? 'score bonus' : `bonus on ${c.basis.metric} achievement`;
    case 'per_event': return `per event: ${c.event}`;
    case 'penalty': return `penalty: ${c.when.metric}`;
  }
}

/** The metrics payout rules read, for one role. */
function payoutMetrics(role: RoleSpec): string[] {
  const out = new Set<string>();
  for (const c of role.payout) {
    if (c.type === 'commission') out.add(c.base);
    else if (c.type === 'per_unit' || c.type === 'threshold_bonus') out.add(c.metric);
    else if (c.type === 'score_bonus' && c.basis.kind === 'achievement') out.add(c.basis.metric);
    else if (c.type === 'penalty') out.add(c.when.metric);
  }
  return [...out];
}

function makeContext(
  args: PayoutArgs, book: TargetBook, person: Person, role: RoleSpec, emp: EmployeeScore, words: BasisWords,
  warnings: Diagnostic[],
): PayoutContext {
  const { measurer, dataset, period } = args;
  const share = proration(person.start, person.end, period);
  const entity = employeeEntity(dataset, person, role);
  const kpiOf = new Map<string, EmployeeScore['kpis'][number]>();
  for (const k of emp.kpis) if (!kpiOf.has(k.metric)) kpiOf.set(k.metric, k);
  // Metrics the rules need that are not KPIs of the role: one measurer call, on demand.
  let extra: Map<string, { value: number | null }> | null = null;
  const value = (metric: string): number | null => {
    const k = kpiOf.get(metric);
    if (k) return k.actual;
    if (extra === null) {
      const need = payoutMetrics(role).filter((m) => !kpiOf.has(m));
      extra = need.length ? measurer.measure(entity, period, need) : new Map();
    }
    if (!extra.has(metric)) extra = new Map([...extra, ...measurer.measure(entity, period, [metric])]);
    return extra.get(metric)?.value ?? null;
  };
  let events: EventCounts | null = null;
  return {
    person, role, employee: emp, share, entity, words,
    value,
    attainment(metric) {
      const k = kpiOf.get(metric);
      if (k) return { achievement: k.achievement, target: k.target };
      const t = resolveEmployeeTarget(book, person, metric, null, share);
      const dir = metricDef(metric)?.direction ?? 'up';
      return { achievement: achievementOf(dir, value(metric), t.value), target: t.value };
    },
    events() {
      if (events === null) events = measurer.events(entity, period);
      return events;
    },
    warn(d) { warnings.push(d); },
  };
}

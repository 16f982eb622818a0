/** Runs scorePeriod + computePayouts on small plans with the fake measurer. */
import { computePayouts } from '../../src/engine/payout/index.js';
import { scorePeriod } from '../../src/engine/score.js';
import type { Person, TargetRow } from '../../src/model.js';
import type { Lang, PayoutComponent, PlanTarget, RoleSpec, Tier } from '../../src/plan/types.js';
import type { EmployeePayout, PayoutResult } from '../../src/engine/types.js';
import { FakeMeasurer } from '../scoring/fake-measurer.js';
import { Q2, Q3, Q3_2023, dataset, plan } from '../scoring/helpers.js';

export const tier = (upTo: string | null, rate: string): Tier => ({ upTo, upToAchievement: null, rate });
export const atier = (upToAchievement: number | null, rate: string): Tier => ({ upTo: null, upToAchievement, rate });

/** The seed's tiers: 3% ≤ 100,000 < 5% ≤ 500,000 < 7%. */
export const SEED_TIERS = [tier('100000', '0.03'), tier('500000', '0.05'), tier(null, '0.07')];

export function commission(mode: 'marginal' | 'flat', tiers: Tier[] = SEED_TIERS, base = 'revenue'): PayoutComponent {
  return { type: 'commission', base, mode, tiers };
}

export function pay(
  roles: RoleSpec[], people: Person[], m: FakeMeasurer,
  opts: { planTargets?: PlanTarget[]; exportTargets?: TargetRow[]; lang?: Lang } = {},
): PayoutResult {
  const P = plan(roles, opts.planTargets ?? []);
  const D = dataset(people, opts.exportTargets ?? []);
  const score = scorePeriod({ plan: P, dataset: D, measurer: m, period: Q3, prior: Q2, lastYear: Q3_2023, asOf: null });
  return computePayouts({ plan: P, score, measurer: m, dataset: D, period: Q3, lang: opts.lang });
}

export function emp(r: PayoutResult, id: string): EmployeePayout {
  const e = r.employees.find((x) => x.id === id);
  if (!e) throw new Error(`no payout for ${id}`);
  return e;
}

/** [type, amount, basis] of each line. */
export function lines(e: EmployeePayout): [string, string, string][] {
  return e.components.map((l) => [l.type, l.amount, l.basis]);
}

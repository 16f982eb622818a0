/**
 * Contracts between the pure engine's parts and the renderers. Nothing here does IO.
 */
import type { Day } from './calendar.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PayoutComponent } from '../plan/types.js';

export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'week' | 'range';

/** A closed interval of calendar days. */
export interface Period {
  /** Canonical id: "2024", "2024H1", "2024Q3", "2024-07", "2024-W27", "2024-07-01..2024-09-30". */
  id: string;
  kind: PeriodKind;
  start: Day;
  end: Day; // inclusive
}

export type Direction = 'up' | 'down';
export type MetricUnit = 'money' | 'count' | 'ratio' | 'hours' | 'nps' | 'score' | 'per_day';
export type MetricFamily = 'sales' | 'loyalty' | 'service' | 'satisfaction';

export interface MetricDef {
  id: string;
  zh: string;
  en: string;
  family: MetricFamily;
  unit: MetricUnit;
  direction: Direction;
  /** Additive metrics (counts, money) are summed for team targets and prorated. */
  additive: boolean;
  /** Human formula, zh and en. */
  formulaZh: string;
  formulaEn: string;
}

/** A metric's value plus the facts behind it (for variance and audit). */
export interface MetricValue {
  value: number | null;
  /** Ratios: numerator/denominator as in §5. Averages: the sum and the count. */
  numerator?: number;
  denominator?: number;
  /** NPS: promoters/passives/detractors; CSAT: satisfied/responses. */
  counts?: Record<string, number>;
}

/** Whose rows a measurement pools: one employee, a team (per team and role), or the company. */
export interface Entity {
  kind: 'employee' | 'team' | 'company';
  id: string;
  role?: string;
  /** Employee indices (Dataset.employees) whose rows are pooled. */
  members: readonly number[];
  /** How complaints are attributed to the members (the role's `complaints_by`). */
  complaintsBy: 'account_owner' | 'handler';
}

export interface MeasureOptions {
  bigCustomerMinAnnualRevenue: number;
  csatScale: number;
  slaHours: number;
}

export interface EventCounts {
  complaint_resolved_satisfied: number;
  complaint_escalated: number;
}

/** Computes metrics over pooled rows. Built once per dataset; pure and deterministic. */
export interface Measurer {
  measure(entity: Entity, period: Period, metrics: readonly string[]): Map<string, MetricValue>;
  events(entity: Entity, period: Period): EventCounts;
  /** Net revenue (ten-thousandths) per customer index for the entity in the period (non-zero entries). */
  revenueByCustomer(entity: Entity, period: Period): Map<number, number>;
  /** Unattributable complaints/surveys, reported as warnings. */
  attributionWarnings(): Diagnostic[];
}

export interface Variance {
  gap: number | null;
  gap_pct: number | null;
  threshold_cleared?: boolean | null;
  prior?: { period: string; actual: number | null };
  last_year?: { period: string; actual: number | null };
  bridge?: { new_customers: number; lost_customers: number; existing_customers: number; other: number };
  volume_effect?: number | null;
  price_effect?: number | null;
  /**
   * `others_prior` / `others_current`: the customer's net revenue with everyone else in P-1 / P;
   * `new_customer`: its first positive row ever is in P (the new_customers KPI's reading). What a
   * mover's change means — a customer new to the company, one taken over from a colleague, one
   * lost to a colleague — depends on them. (Absent when the measurer cannot tell.)
   */
  /**
   * Ratio metrics, the largest part of the numerator (ties: id ascending): for teams and the
   * company the member with the largest numerator; for an employee's complaint_rate the customer
   * with the most complaints (`numerator` = its complaints, `denominator` null).
   */
  contributor?: { kind: 'member' | 'customer'; id: string; numerator: number; denominator: number | null };
  top_movers?: {
    customer_id: string; prior: number; current: number; change: number;
    others_prior?: number; others_current?: number; new_customer?: boolean;
  }[];
  numerator?: number;
  denominator?: number;
  counts?: Record<string, number>;
  low_sample?: boolean;
  projection?: { as_of: string; projected: number | null; needed_per_day: number | null };
}

export type TargetSource = 'employee' | 'team' | 'role' | 'kpi' | 'sum' | 'mean' | null;

export interface KpiResult {
  metric: string;
  actual: number | null;
  target: number | null;
  targetSource: TargetSource;
  /** True when the target was multiplied by the employee's proration share. */
  prorated: boolean;
  weight: number;
  threshold: number;
  cap: number;
  achievement: number | null;
  score: number | null;
  /** achievement ≥ 1 (null when no achievement). */
  met: boolean | null;
  /** No value (or no achievement); `missing: zero` scored it 0, otherwise it was left out. */
  missing: boolean;
  missingPolicy: 'skip' | 'zero';
  facts: MetricValue;
  variance?: Variance;
  explanation: string[];
}

export interface EmployeeScore {
  id: string;
  name: string;
  team: string;
  role: string;
  /** Days employed in P / days in P. */
  proration: number;
  score: number | null;
  rating: string | null;
  /** 1-based rank within the role. */
  rank: number;
  kpis: KpiResult[];
  /** Whose rows were pooled (set by scorePeriod; not part of any output format). */
  entity?: Entity;
}

export interface TeamScore {
  id: string;
  role: string;
  members: string[];
  score: number | null;
  rating: string | null;
  kpis: KpiResult[];
  /** Whose rows were pooled (set by scorePeriod; not part of any output format). */
  entity?: Entity;
}

export interface ScoreResult {
  period: Period;
  prior: Period;
  lastYear: Period;
  asOf: Day | null;
  employees: EmployeeScore[];
  /**
   * Every scored employee when `team`/`employee` filtered `employees` (set by scorePeriod): team
   * and company lines are of the full membership, and so is the member variance names as their
   * biggest contributor. Not reported.
   */
  everyone?: EmployeeScore[];
  teams: TeamScore[];
  /** `entities`: per metric, whose rows the company line pooled (set by scorePeriod). */
  company: { kpis: KpiResult[]; entities?: Record<string, Entity> };
  warnings: Diagnostic[];
}

/** One computed payout component, in plan order. Money as decimal strings with 2 decimals. */
export interface PayoutLine {
  type: PayoutComponent['type'] | 'cap_adjustment';
  /** Display name: the component's `name`, else a generated one ("commission on revenue"). */
  name: string;
  /** How the amount came about, in words and numbers: "300,000: 100,000 × 3% + 200,000 × 5%". */
  basis: string;
  amount: string;
  /** The rule from the plan (absent for cap_adjustment). */
  spec?: PayoutComponent;
  /** Inputs the amount was computed from, for formula-bearing spreadsheets. */
  inputs: {
    /** The metric value / score / event count the rule looked at (decimal text) or null. */
    value: string | null;
    /** Achievement (fraction) used by attainment tiers or curves, or null. */
    achievement: number | null;
    /** Prorated target used by attainment tiers, or null. */
    target: number | null;
    baseSalary: string | null;
    /** Prorated share applied to score_bonus.target_amount (1 = none). */
    proration: number;
    /** Whether a threshold_bonus / penalty condition held. */
    fired: boolean | null;
    /** Amount before rounding and min/max, full precision decimal text. */
    raw: string;
  };
}

export interface EmployeePayout {
  id: string;
  name: string;
  team: string;
  role: string;
  currency: string;
  score: number | null;
  components: PayoutLine[];
  total: string;
}

export interface PayoutResult {
  period: Period;
  currency: string;
  employees: EmployeePayout[];
  total: string;
  warnings: Diagnostic[];
}

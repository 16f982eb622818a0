/**
 * The plan after validation and normalisation: rates are fractions (numbers), dates are `Day`s,
 * defaults are filled in. Money amounts in payout rules are decimal *strings* so that no binary
 * float enters a payout ("12000", "0.03").
 */
import type { Day } from '../engine/calendar.js';

export type Lang = 'zh' | 'en';
export type DateOrder = 'auto' | 'YMD' | 'DMY' | 'MDY';
export type Encoding = 'auto' | 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

export interface JoinSpec {
  path: string; // resolved absolute path
  displayPath: string; // as written in the plan
  sheet?: string;
  /** Line (CSV) or sheet row (xlsx) of the headers; rows above it are skipped. Absent: first non-blank. */
  headerRow?: number;
  encoding: Encoding;
  delimiter: string; // 'auto' or the character
  dateFormat: DateOrder;
  /** Field name on the left (the source's canonical field) and header/field on the right. */
  on: { left: string; right: string };
  /** canonical field → header in the joined file. */
  columns: Record<string, string>;
}

/** A file of a source as the plan names it: `path` absolute, may hold `*`/`?` in the file name. */
export interface FileRef {
  path: string;
  displayPath: string; // as written in the plan
}

export interface SourceSpec {
  path: string; // resolved absolute path (the first of `files`)
  displayPath: string; // as written in the plan
  /** Every file or file-name pattern the source reads, in plan order (one entry for a plain `path:`). */
  files: FileRef[];
  /**
   * Several sheets of each workbook (`sheet: [7月, 8月]` or a pattern such as `*月`), in that
   * order; absent for one sheet (`sheet`, or the first).
   */
  sheets?: string[];
  /** Further headers added to a money field (`columns: { amount: [货款, 运费] }`: amount → [运费]). */
  sums?: Record<string, string[]>;
  sheet?: string;
  /** Line (CSV) or sheet row (xlsx) of the headers; rows above it are skipped. Absent: first non-blank. */
  headerRow?: number;
  encoding: Encoding;
  dateFormat: DateOrder;
  delimiter: string; // 'auto' | ',' | '\t' | ';' | '|'
  columns: Record<string, string>;
  /** canonical field → values that exclude a row (compared trimmed, case-insensitive). */
  exclude: Record<string, string[]>;
  join: JoinSpec[];
}

export interface KpiSpec {
  metric: string;
  target: number | null;
  weight: number;
  /** Fractions: 0.6 = 60%. */
  threshold: number;
  cap: number;
  missing: 'skip' | 'zero';
}

export interface Tier {
  /** Amount bound (inclusive), or null for the last tier. */
  upTo: string | null;
  /** Attainment bound as a fraction (1 = 100%), for attainment tiers. */
  upToAchievement: number | null;
  rate: string; // decimal fraction text, "0.03"
}

export interface CurvePoint { x: number; pct: string }

export type PayoutComponent =
  | { type: 'commission'; name?: string; base: string; mode: 'marginal' | 'flat'; tiers: Tier[]; min?: string; max?: string }
  | { type: 'per_unit'; name?: string; metric: string; amount: string; min?: string; max?: string }
  | { type: 'threshold_bonus'; name?: string; metric: string; atLeast?: number; atMost?: number; amount: string; min?: string; max?: string }
  | { type: 'score_bonus'; name?: string; targetAmount: string; basis: { kind: 'score' } | { kind: 'achievement'; metric: string };
      /** x is a score (0-…) or an achievement in percent (100 = 100%). */
      curve: CurvePoint[]; min?: string; max?: string }
  | { type: 'per_event'; name?: string; event: 'complaint_resolved_satisfied' | 'complaint_escalated'; amount: string; min?: string; max?: string }
  | { type: 'penalty'; name?: string; when: { metric: string; atLeast?: number; atMost?: number };
      pctOfBaseSalary?: string; amount?: string; min?: string; max?: string };

export interface RoleSpec {
  name: string;
  complaintsBy: 'account_owner' | 'handler';
  kpis: KpiSpec[];
  payout: PayoutComponent[];
  payoutCap?: string;
  payoutFloor?: string;
}

export interface PlanPerson {
  id: string;
  name?: string;
  team?: string;
  role?: string;
  baseSalary?: string;
  start?: Day;
  end?: Day;
}

export interface PlanTarget {
  employee?: string;
  team?: string;
  role?: string;
  period?: string;
  metric: string;
  target: number;
  /** 1-based line/col of the entry in the plan, for lint messages. */
  line?: number;
  col?: number;
}

export interface Rating { minScore: number | null; label: string }

export interface Plan {
  /** Absolute path of the plan file and its folder. */
  file: string;
  dir: string;
  version: 1;
  company: string;
  currency: string;
  /** The plan's `language:`; absent when it has none (the run's language then comes from LANG). */
  language?: Lang;
  calendar: { fiscalYearStartMonth: number };
  sources: {
    /** Absent for a service-only plan (complaints and surveys only). */
    sales?: SourceSpec;
    complaints?: SourceSpec;
    surveys?: SourceSpec;
    targets?: SourceSpec;
    people?: SourceSpec;
  };
  segments: { bigCustomerMinAnnualRevenue: number };
  survey: { csatScale: number; minSample: number };
  service: { slaHours: number };
  defaultRole: string | null;
  people: PlanPerson[];
  roles: Record<string, RoleSpec>;
  targets: PlanTarget[];
  ratings: Rating[];
}

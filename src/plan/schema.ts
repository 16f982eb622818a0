/**
 * The zod schema of the plan file as written (PRODUCT.md §3, §7): snake_case keys, rates as
 * fractions or percent strings, money as numbers or decimal strings. It checks shape and spelling
 * only; `load.ts` turns the validated raw plan into the normalised `Plan` type.
 *
 * Unknown keys are errors (a misspelt `wieght:` would otherwise silently fall back to a default).
 */
import { z } from 'zod';
import { parseMoney } from '../ingest/values.js';
import { didYouMean } from './suggest.js';

/** A plain number or a number written as text ("1,200,000"). */
export const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$/;
/** A percentage written as text: "85%", "7.5 %", "-10%". */
export const PERCENT_TEXT = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)\s*[%％]$/;
/** An amount written as text: "12000", "12,000.50", "¥1,000". */
export const MONEY_TEXT = /^[+-]?[¥￥]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A number (count, score, amount bound, target) — a number or numeric text. */
export const numberLike = z.custom<number | string>(
  (v) => isNum(v) || (typeof v === 'string' && NUMBER_TEXT.test(v.trim())),
  { message: 'expected a number' },
);

/** A rate, share or attainment: a fraction (0.85) or a percentage string ("85%"). */
export const ratioLike = z.custom<number | string>(
  (v) => isNum(v) || (typeof v === 'string' && (PERCENT_TEXT.test(v.trim()) || NUMBER_TEXT.test(v.trim()))),
  { message: 'expected a fraction (0.85) or a percentage ("85%")' },
);

/**
 * A KPI or target row's target: a number, a percentage or an amount ("120万"); the normaliser
 * checks it against the metric's unit (a rate, an amount, a count).
 */
export const targetLike = z.custom<number | string>(
  (v) => isNum(v) || (typeof v === 'string'
    && (NUMBER_TEXT.test(v.trim()) || PERCENT_TEXT.test(v.trim()) || parseMoney(v.trim()).ok)),
  { message: 'expected a number (1200000, "120万"), a fraction (0.85) or a percentage ("85%")' },
);

/** Money: a number or decimal text, kept exact. */
export const moneyLike = z.custom<number | string>(
  (v) => isNum(v) || (typeof v === 'string' && MONEY_TEXT.test(v.trim())),
  { message: 'expected an amount (a number such as 5000 or "5000.00")' },
);

/** An id or name; numbers are accepted here and checked against their source text later. */
export const idLike = z.custom<string | number>(
  (v) => (typeof v === 'string' && v.trim() !== '') || isNum(v),
  { message: 'expected an id (text)' },
);

/** A calendar date: text like 2024-07-01 (or a YAML timestamp). Validated by the normaliser. */
export const dateLike = z.custom<string | Date>(
  (v) => typeof v === 'string' || (v instanceof Date && !Number.isNaN(v.getTime())),
  { message: 'expected a date like 2024-07-01' },
);

const text = z.string().trim().min(1, { message: 'expected non-empty text' });
/** A metric id (checked against the catalogue by lint, not here). */
const metric = text;
/** Any scalar read as text (exclude values, column headers written as numbers). */
const scalarText = z.union([z.string(), z.number(), z.boolean()]);

const encoding = z.enum(['auto', 'utf8', 'utf-8', 'gb18030', 'gbk', 'utf16le', 'utf-16le', 'utf16be', 'utf-16be']);
const dateFormat = z.enum(['auto', 'YMD', 'DMY', 'MDY']);
const delimiter = z.enum(['auto', ',', '\t', ';', '|', 'tab', 'comma', 'semicolon', 'pipe']);

const fileOptions = {
  path: text,
  sheet: z.union([text, z.number().int().positive()]).optional(),
  encoding: encoding.optional(),
  date_format: dateFormat.optional(),
  delimiter: delimiter.optional(),
  /** Row (CSV: line) the headers are on, when a title or notes sit above them; default the first non-blank. */
  header_row: z.number().int().positive().optional(),
  /** canonical field → header; a money field of sales may be a sum of headers: `amount: [货款, 运费]`. */
  columns: z.record(z.string(), z.union([scalarText, z.array(scalarText).min(1)])).optional(),
};

const joinOn = z.union([
  text,
  z.strictObject({ left: text, right: text }),
]);

export const rawJoin = z.strictObject({ ...fileOptions, on: joinOn });

export const rawSource = z.strictObject({
  ...fileOptions,
  /** One file, a file name pattern (`data/销售-*.csv`), or a list of either (sales, complaints, surveys). */
  path: z.union([text, z.array(text).min(1)]),
  /** One sheet (name or 1-based number), a name pattern (`*月`), or a list of either. */
  sheet: z.union([text, z.number().int().positive(), z.array(z.union([text, z.number().int().positive()])).min(1)]).optional(),
  exclude: z.record(z.string(), z.union([scalarText, z.array(scalarText)])).optional(),
  join: z.array(rawJoin).optional(),
});

export const rawKpi = z.strictObject({
  metric,
  target: z.union([targetLike, z.null()]).optional(),
  weight: numberLike.optional(),
  threshold: ratioLike.optional(),
  cap: ratioLike.optional(),
  missing: z.enum(['skip', 'zero']).optional(),
  description: z.string().optional(),
});

const common = {
  name: text.optional(),
  min: moneyLike.optional(),
  max: moneyLike.optional(),
};

const bound = { at_least: ratioLike.optional(), at_most: ratioLike.optional() };

export const rawTier = z.strictObject({
  up_to: moneyLike.optional(),
  up_to_achievement: ratioLike.optional(),
  rate: ratioLike,
});

/** A curve point: x as `score` points, or an achievement (`achievement`/`achievement_pct`). */
export const rawCurvePoint = z.strictObject({
  score: numberLike.optional(),
  achievement: ratioLike.optional(),
  achievement_pct: numberLike.optional(),
  pct: ratioLike,
});

const commission = z.strictObject({
  type: z.literal('commission'), ...common,
  base: metric,
  mode: z.enum(['marginal', 'flat']).optional(),
  tiers: z.array(rawTier).min(1, { message: 'expected at least one tier' }),
});
const perUnit = z.strictObject({ type: z.literal('per_unit'), ...common, metric, amount: moneyLike });
const thresholdBonus = z.strictObject({ type: z.literal('threshold_bonus'), ...common, metric, ...bound, amount: moneyLike });
const scoreBonus = z.strictObject({
  type: z.literal('score_bonus'), ...common,
  target_amount: moneyLike,
  basis: z.union([z.literal('score'), z.strictObject({ achievement: metric })]).optional(),
  curve: z.array(rawCurvePoint).min(1, { message: 'expected at least one curve point' }),
});
const perEvent = z.strictObject({
  type: z.literal('per_event'), ...common,
  event: z.enum(['complaint_resolved_satisfied', 'complaint_escalated']),
  amount: moneyLike,
});
const penalty = z.strictObject({
  type: z.literal('penalty'), ...common,
  when: z.strictObject({ metric, ...bound }),
  pct_of_base_salary: ratioLike.optional(),
  amount: moneyLike.optional(),
});

export const rawPayout = z.discriminatedUnion('type', [commission, perUnit, thresholdBonus, scoreBonus, perEvent, penalty]);

export const rawRole = z.strictObject({
  description: z.string().optional(),
  complaints_by: z.enum(['account_owner', 'handler']).optional(),
  kpis: z.array(rawKpi).optional(),
  payout: z.array(rawPayout).optional(),
  payout_cap: moneyLike.optional(),
  payout_floor: moneyLike.optional(),
});

export const rawPerson = z.strictObject({
  id: idLike,
  name: scalarText.optional(),
  team: idLike.optional(),
  role: text.optional(),
  base_salary: moneyLike.optional(),
  start_date: dateLike.optional(),
  end_date: dateLike.optional(),
});

export const rawTarget = z.strictObject({
  employee: idLike.optional(),
  team: idLike.optional(),
  role: text.optional(),
  period: z.union([z.string(), z.number()]).optional(),
  metric,
  target: targetLike,
});

export const rawRating = z.strictObject({
  min_score: z.union([numberLike, z.null()]).optional(),
  label: scalarText,
});

export const rawPlan = z.strictObject({
  version: z.literal(1, { message: 'expected version: 1' }).optional(),
  company: scalarText.optional(),
  currency: text.optional(),
  language: z.enum(['zh', 'en']).optional(),
  calendar: z.strictObject({
    fiscal_year_start_month: z.number().int().min(1).max(12).optional(),
  }).optional(),
  sources: z.strictObject({
    sales: rawSource.optional(),
    complaints: rawSource.optional(),
    surveys: rawSource.optional(),
    targets: rawSource.optional(),
    people: rawSource.optional(),
  }),
  segments: z.strictObject({ big_customer_min_annual_revenue: numberLike.optional() }).optional(),
  survey: z.strictObject({
    csat_scale: z.union([z.literal(5), z.literal(7)]).optional(),
    min_sample: z.number().int().min(0).optional(),
  }).optional(),
  service: z.strictObject({ sla_hours: numberLike.optional() }).optional(),
  default_role: z.union([text, z.null()]).optional(),
  people: z.array(rawPerson).optional(),
  roles: z.record(z.string(), rawRole),
  targets: z.array(rawTarget).optional(),
  ratings: z.array(rawRating).optional(),
});

export type RawPlan = z.infer<typeof rawPlan>;
export type RawSource = z.infer<typeof rawSource>;
export type RawJoin = z.infer<typeof rawJoin>;
export type RawRole = z.infer<typeof rawRole>;
export type RawPayout = z.infer<typeof rawPayout>;

/** One zod issue as a sentence that says what was expected and what was got. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const got = input === undefined ? '' : `, got ${show(input)}`;
  const last = issue.path[issue.path.length - 1];
  if (input === undefined && (issue.code === 'custom' || issue.code === 'invalid_type') && last !== undefined) {
    return `missing required key "${String(last)}"`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${noun(issue.expected)}${got}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}${got}`;
    case 'invalid_union': {
      const disc = (issue as { discriminator?: string; options?: unknown[] });
      if (disc.discriminator) {
        const opts = (disc.options ?? []).map(String).join(', ');
        return input === undefined
          ? `missing "${disc.discriminator}": expected one of ${opts}`
          : `unknown ${disc.discriminator} ${show(input)}: expected one of ${opts}${didYouMean(String(input), (disc.options ?? []).map(String))}`;
      }
      const alts = issue.errors
        .map((branch) => branch[0])
        .filter((b): b is z.core.$ZodIssue => b !== undefined)
        .map((b) => expectedOf(b));
      return `expected ${[...new Set(alts)].join(' or ')}${got}`;
    }
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? `unknown key "${issue.keys[0]}"` : `unknown keys ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `${issue.message}${got ? ', got an empty list' : ''}`;
      return `expected a number ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}${got}`;
    case 'too_big':
      return `expected a number ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}${got}`;
    case 'custom':
      return `${issue.message}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function expectedOf(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_type') return noun(i.expected);
  if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v)).join(' | ');
  if (i.code === 'custom') return i.message.replace(/^expected /, '');
  if (i.code === 'unrecognized_keys') return 'a mapping without unknown keys';
  return 'a valid value';
}

function noun(expected: string): string {
  switch (expected) {
    case 'number': return 'a number';
    case 'int': return 'a whole number';
    case 'string': return 'text';
    case 'object': return 'a mapping (key: value)';
    case 'array': return 'a list';
    case 'boolean': return 'true or false';
    case 'null': return 'nothing';
    case 'date': return 'a date';
    default: return expected;
  }
}

/** A short rendering of a plan value for messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** zod's definition of a schema node (the parts the key walk below reads). */
interface Def { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType;
  valueType?: z.ZodType; options?: z.ZodType[]; discriminator?: string; values?: unknown[] }
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The keys the schema allows at a plan path (for "did you mean" on an unknown key). `raw` is the
 * whole raw plan: a payout component's keys depend on its `type`.
 */
export function knownKeys(schema: z.ZodType, p: readonly (string | number)[], raw: unknown): string[] {
  const out = new Set<string>();
  const at = (v: unknown, k: string | number) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined);
  const go = (s: z.ZodType, i: number, v: unknown): void => {
    const d = defOf(s);
    if (d.innerType) return go(d.innerType, i, v);
    if (d.type === 'union' && d.options) {
      let opts = d.options;
      if (d.discriminator) {
        const tag = at(v, d.discriminator);
        const match = opts.filter((o) => defOf(defOf(o).shape?.[d.discriminator!] ?? o).values?.includes(tag));
        if (match.length) opts = match;
      }
      for (const o of opts) go(o, i, v);
      return;
    }
    if (i === p.length) {
      if (d.type === 'object' && d.shape) for (const k of Object.keys(d.shape)) out.add(k);
      return;
    }
    const seg = p[i];
    if (d.type === 'object' && d.shape && typeof seg === 'string' && d.shape[seg]) return go(d.shape[seg], i + 1, at(v, seg));
    if (d.type === 'array' && d.element) return go(d.element, i + 1, at(v, seg));
    if (d.type === 'record' && d.valueType) return go(d.valueType, i + 1, at(v, seg));
  };
  go(schema, 0, raw);
  return [...out];
}

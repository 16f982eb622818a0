/**
 * Variance sentences (PRODUCT.md §8): short zh/en sentences rendered only from a KPI's `variance`
 * facts (engine/variance.ts) and its actual/target/achievement. Deterministic in order and
 * wording: (1) actual vs target, (2) revenue bridge from P-1 with the top movers, (3) volume and
 * price, (4) numerator/denominator of ratios and averages, (5) survey counts and the low-sample
 * warning, (6) P-1 / P-1y comparison, (7) run-rate projection and the pace needed.
 *
 * Money is shown in whole currency units with thousands separators. Parts of a change (bridge
 * groups, volume/price, gap) are rounded by telescoping from the rounded end points, so the
 * numbers a reader sees add up: prior + parts = actual, target − gap = actual. Negatives use the
 * true minus sign "−", positives "+".
 */
import { isoDay } from '../engine/calendar.js';
import type { Lang } from '../plan/types.js';
import type { KpiResult, MetricUnit, Period, ScoreResult } from '../engine/types.js';
import type { VarianceFacts } from '../engine/variance.js';
import { metricDef } from '../engine/metrics/registry.js';
import { ExactDecimal } from './exact-decimal.js';
import { roundHalfUpText } from './decimal-text.js';

/** Decimals of the sentences: exact, and equal to what money.ts `Dec` computes (exact-decimal.ts). */
type D = ExactDecimal;
const exact = ExactDecimal.of;

/** What the sentences need besides the facts. */
export interface ExplainContext {
  lang: Lang;
  /**
   * How P-1, P-1y (and P) are called in running text: "上季度" / "last quarter" (see
   * `periodLabels`); period ids ("2024Q2") work too. Default: 上期/去年同期/本期, prior period/….
   */
  periodLabel?: { prior: string; lastYear: string; current?: string };
  /** Accepted for the caller's convenience; the facts already carry `min_sample`. */
  plan?: unknown;
  /** ISO code from the plan ("CNY"). */
  currency: string;
  /** Display name of a metric; defaults to the catalogue's zh/en name. */
  metricName?: (id: string) => string;
  /** Unit of a metric; defaults to the catalogue's. */
  unit?: (id: string) => MetricUnit;
  /** `--as-of` inside P (YYYY-MM-DD): figures run to that day, and sentences say so. */
  asOf?: string;
}

const MINUS = '\u2212';

/** A space to set a Latin word (a period id such as "2024Q2") off from Chinese text. */
function sp(word: string): string {
  return /^[\x20-\x7e]/.test(word) ? ' ' : '';
}

const PERIOD_ZH: Record<Period['kind'], [string, string]> = {
  year: ['本年度', '上年度'], half: ['本半年度', '上一半年度'], quarter: ['本季度', '上季度'],
  month: ['本月', '上月'], week: ['本周', '上周'], range: ['本期', '上期'],
};
const PERIOD_EN: Record<Period['kind'], [string, string, string]> = {
  year: ['this year', 'last year', 'the year before'],
  half: ['this half-year', 'the previous half-year', 'the same half-year last year'],
  quarter: ['this quarter', 'last quarter', 'the same quarter last year'],
  month: ['this month', 'last month', 'the same month last year'],
  week: ['this week', 'last week', 'the same week last year'],
  range: ['this period', 'the prior period', 'the same period last year'],
};

/** Default labels for P, P-1 and P-1y by period kind. */
export function periodLabels(period: Pick<Period, 'kind'>, lang: Lang): { current: string; prior: string; lastYear: string } {
  if (lang === 'zh') {
    const [c, p] = PERIOD_ZH[period.kind];
    return { current: c, prior: p, lastYear: period.kind === 'year' ? '前年' : '去年同期' };
  }
  const [c, p, l] = PERIOD_EN[period.kind];
  return { current: c, prior: p, lastYear: l };
}

/** Fills `explanation` of every KPI of employees, teams and the company line; reorders nothing. */
export function attachExplanations(result: ScoreResult, ctx: ExplainContext): ScoreResult {
  const words = periodLabels(result.period, ctx.lang);
  ctx = { ...ctx, periodLabel: { ...words, ...(ctx.periodLabel ?? {}) }, ...(result.asOf !== null && ctx.asOf === undefined ? { asOf: isoDay(result.asOf) } : {}) };
  const f = new Fmt(ctx); // one formatter for all lines: it only depends on ctx
  for (const e of result.employees) for (const k of e.kpis) k.explanation = sentences(k, ctx, f);
  for (const t of result.teams) for (const k of t.kpis) k.explanation = sentences(k, ctx, f);
  for (const k of result.company.kpis) k.explanation = sentences(k, ctx, f);
  return result;
}

/** The sentences of one KPI, in the fixed order above; facts that are absent give no sentence. */
export function explainKpi(kpi: KpiResult, ctx: ExplainContext): string[] {
  return sentences(kpi, ctx, new Fmt(ctx));
}

function sentences(kpi: KpiResult, ctx: ExplainContext, f: Fmt): string[] {
  const v = (kpi.variance ?? { gap: null, gap_pct: null }) as VarianceFacts;
  const unit = ctx.unit?.(kpi.metric) ?? metricDef(kpi.metric)?.unit ?? 'count';
  const name = ctx.metricName?.(kpi.metric) ?? metricName(kpi.metric, ctx.lang);
  const out: string[] = [];
  out.push(targetSentence(kpi, v, unit, name, f));
  if (kpi.metric === 'revenue') {
    const sb = shownBridge(v, f); // both sentences use the shown bridge
    const b = bridgeSentence(v, sb, f);
    if (b) out.push(b);
    const vp = volumePriceSentence(v, sb, f);
    if (vp) out.push(vp);
  }
  const r = ratioSentence(kpi.metric, v, name, f);
  if (r) out.push(r);
  const s = surveySentence(kpi.metric, v, f);
  if (s) out.push(s);
  const c = compareSentence(kpi, v, unit, f);
  if (c) out.push(c);
  const p = projectionSentence(v, unit, f);
  if (p) out.push(p);
  return out;
}

function metricName(id: string, lang: Lang): string {
  const d = metricDef(id);
  return d ? (lang === 'zh' ? d.zh : d.en) : id;
}

// ---------------------------------------------------------------------------------------------
// (1) actual vs target

function targetSentence(k: KpiResult, v: VarianceFacts, unit: MetricUnit, name: string, f: Fmt): string {
  const zh = f.zh;
  if (k.actual === null) {
    const note = k.missingPolicy === 'zero'
      ? (zh ? ',按 0 分计' : ', scored 0')
      : (zh ? ',不计入总分(其余权重按比例放大)' : ', left out of the score (other weights renormalised)');
    return zh ? `${name}本期无数值${note}。` : `${name}: no value this period${note}.`;
  }
  const A = f.value(unit, k.actual);
  if (k.target === null) return zh ? `${name} ${A}(无目标)。` : `${name} ${A} (no target).`;
  const T = f.value(unit, k.target);
  const pro = k.prorated ? (zh ? '(按在职天数折算)' : ' (prorated to days employed)') : '';
  const parts: string[] = [];
  // Differences are of the shown end points, so the reader's arithmetic works.
  const gap = v.gap === null ? null : f.shownDiff(unit, k.actual, k.target);
  if (gap !== null) {
    const dir = metricDef(k.metric)?.direction ?? 'up';
    const mag = f.diffAbs(unit, gap);
    let g: string;
    if (gap.isZero()) g = zh ? '恰好达标' : 'exactly on target';
    else if (dir === 'up') g = gap.isNegative() ? (zh ? `差 ${mag}` : `${mag} short`) : (zh ? `超出 ${mag}` : `${mag} over`);
    else g = gap.isNegative() ? (zh ? `低于目标 ${mag}` : `${mag} under target`) : (zh ? `高于目标 ${mag}` : `${mag} above target`);
    if (v.gap_pct !== null && unit !== 'ratio' && unit !== 'nps' && !gap.isZero()) g += `${zh ? ',' : ', '}${f.signedPct(v.gap_pct)}`;
    parts.push(g);
  }
  let s = zh ? `${name} ${A},目标 ${T}${pro}` : `${name} ${A} against a target of ${T}${pro}`;
  if (k.achievement !== null) s += zh ? `,完成 ${f.pct(k.achievement)}` : `: ${f.pct(k.achievement)} achieved`;
  if (parts.length) s += zh ? `(${parts.join(',')})` : ` (${parts.join(', ')})`;
  if (k.threshold > 0 && v.threshold_cleared !== null && v.threshold_cleared !== undefined) {
    const t = f.rate(k.threshold);
    if (v.threshold_cleared) s += zh ? `;已过 ${t} 门槛` : `; the ${t} threshold is cleared`;
    else s += zh ? `;未过 ${t} 门槛,本项 0 分` : `; below the ${t} threshold, so it scores 0`;
  }
  if (k.achievement !== null && v.threshold_cleared !== false && k.achievement > k.cap) {
    s += zh ? `;按封顶 ${f.rate(k.cap)} 计分` : `; scored at the ${f.rate(k.cap)} cap`;
  }
  return s + (zh ? '。' : '.');
}

// ---------------------------------------------------------------------------------------------
// (2) revenue bridge, (3) volume / price

/**
 * The bridge as shown: change and parts (new, lost, existing, other) in whole currency units,
 * telescoped from the shown prior so that prior + parts = actual on screen. Null without a bridge.
 */
export function shownBridge(v: VarianceFacts, f: Fmt): { change: D; parts: D[] } | null {
  if (!v.bridge || !v.prior || v.prior.actual === null) return null;
  const b = v.bridge;
  let run = exact(v.prior.actual);
  let prev = f.whole(run);
  const parts: D[] = [];
  for (const x of [b.new_customers, b.lost_customers, b.existing_customers, b.other]) {
    run = run.plus(exact(x));
    const w = f.whole(run);
    parts.push(w.minus(prev));
    prev = w;
  }
  return { change: prev.minus(f.whole(v.prior.actual)), parts };
}

type ShownBridge = ReturnType<typeof shownBridge>;

function bridgeSentence(v: VarianceFacts, sb: ShownBridge, f: Fmt): string | null {
  if (!sb) return null;
  const zh = f.zh;
  const label = f.labels.prior;
  const cur = f.labels.current;
  const movers = (v.top_movers ?? []).map((m) => {
    const ch = f.whole(m.current).minus(f.whole(m.prior));
    // What the change means, from what the rest of the company did with the customer: a customer
    // who went on ordering through a colleague (a leaver's accounts) was not lost to the company,
    // and one taken over is not a new customer — only a first purchase ever in P is (the KPI's).
    let note = '';
    const others0 = m.others_prior ?? 0, others1 = m.others_current ?? 0;
    if (m.current === 0) {
      note = others1 > 0
        ? (zh ? `(${cur}${sp(cur)}改由他人成交 ${f.money(others1)})` : ` (bought ${f.money(others1)} through others ${cur})`)
        : (zh ? `(${cur}${sp(cur)}无订单)` : ` (no orders ${cur})`);
    } else if (m.current < 0) note = zh ? `(${cur}${sp(cur)}净退款 ${f.money(-m.current)})` : ` (net refunds of ${f.money(-m.current)} ${cur})`;
    else if (m.prior <= 0) {
      if (m.new_customer !== false) note = zh ? '(新客户)' : ' (new customer)';
      else if (others0 > 0) note = zh ? `(${label}${sp(label)}由他人成交 ${f.money(others0)})` : ` (bought ${f.money(others0)} through others ${label})`;
      else note = zh ? '(老客户回归)' : ' (returning customer)';
    }
    return `${m.customer_id} ${f.signedMoney(ch, false)}${note}`;
  });
  const [n, l, e, o] = sb.parts;
  if (sb.change.isZero() && sb.parts.every((p) => p.isZero()) && movers.length === 0) {
    return zh ? `与${sp(label)}${label}${sp(label)}持平(${f.money(v.prior!.actual!)})。` : `Unchanged from ${label} (${f.money(v.prior!.actual!)}).`;
  }
  // The groups are this person's (§8: a customer with no net revenue from them in P-1 is "new" to
  // them): worded so as not to read as the new_customers KPI (a first purchase ever).
  const groups = zh
    ? [`新增成交客户 ${f.signedMoney(n, false)}`, `流失客户 ${f.signedMoney(l, false)}`, `老客户 ${f.signedMoney(e, false)}`]
    : [`customers gained ${f.signedMoney(n)}`, `customers lost ${f.signedMoney(l)}`, `existing customers ${f.signedMoney(e)}`];
  if (!o.isZero()) groups.push(zh ? `其他 ${f.signedMoney(o, false)}` : `other ${f.signedMoney(o)}`);
  let s = zh
    ? `较${sp(label)}${label} ${f.signedMoney(sb.change)}:${groups.join(',')}`
    : `Versus ${label} ${f.signedMoney(sb.change)}: ${groups.join(', ')}`;
  if (movers.length) s += zh ? `;变动最大:${movers.join('、')}` : `; biggest movers: ${movers.join(', ')}`;
  return s + (zh ? '。' : '.');
}

function volumePriceSentence(v: VarianceFacts, sb: ShownBridge, f: Fmt): string | null {
  if (v.volume_effect === null || v.volume_effect === undefined || !v.mix) return null;
  const zh = f.zh;
  const o = v.mix.orders, a = v.mix.avg_order_value;
  if (a.prior === null || a.current === null) return null;
  const vol = f.whole(v.volume_effect);
  const change = sb ? sb.change : f.whole(v.volume_effect + (v.price_effect ?? 0));
  const price = change.minus(vol);
  const dO = exact(o.current - o.prior);
  const dA = f.whole(a.current).minus(f.whole(a.prior));
  return zh
    ? `订单数 ${f.count(o.prior)} → ${f.count(o.current)}(${f.signedCount(dO)},量的影响 ${f.signedMoney(vol)}),`
      + `客单价 ${f.money(a.prior)} → ${f.money(a.current)}(${f.signedMoney(dA)},价的影响 ${f.signedMoney(price)})。`
    : `Orders ${f.count(o.prior)} → ${f.count(o.current)} (${f.signedCount(dO)}, volume effect ${f.signedMoney(vol)}); `
      + `average order value ${f.money(a.prior)} → ${f.money(a.current)} (${f.signedMoney(dA)}, price effect ${f.signedMoney(price)}).`;
}

// ---------------------------------------------------------------------------------------------
// (4) numerator / denominator

const NUM_UNIT: Record<string, MetricUnit> = {
  new_customer_revenue_share: 'money', big_customer_revenue_share: 'money', gross_margin: 'money',
  revenue_growth_pop: 'money', revenue_growth_yoy: 'money', avg_order_value: 'money',
  customer_lifetime_value: 'money', avg_first_response_hours: 'hours', avg_resolution_hours: 'hours',
};
const DEN_MONEY = new Set(['new_customer_revenue_share', 'big_customer_revenue_share', 'gross_margin',
  'revenue_growth_pop', 'revenue_growth_yoy']);

type Tpl = (n: string, d: string) => string;
const RATIO_ZH: Record<string, Tpl> = {
  complaint_rate: (n, d) => `${d} 个订单中 ${n} 次投诉`,
  resolution_rate: (n, d) => `${d} 次投诉中 ${n} 次已在期末前解决`,
  sla_breach_rate: (n, d) => `${d} 次投诉中 ${n} 次超出 SLA`,
  escalation_rate: (n, d) => `${d} 次投诉中 ${n} 次升级`,
  repeat_purchase_rate: (n, d) => `${d} 个活跃客户中 ${n} 个下单 2 次及以上`,
  retention_rate: (n, d) => `上期 ${d} 个活跃客户中 ${n} 个本期仍有购买`,
  churn_rate: (n, d) => `上期 ${d} 个活跃客户中流失 ${n} 个`,
  new_customer_revenue_share: (n, d) => `销售额 ${d} 中 ${n} 来自新客户`,
  big_customer_revenue_share: (n, d) => `销售额 ${d} 中 ${n} 来自大客户`,
  gross_margin: (n, d) => `毛利 ${n} / 销售额 ${d}`,
  revenue_growth_pop: (n, d) => `增长额 ${n} / 上期销售额 ${d}`,
  revenue_growth_yoy: (n, d) => `增长额 ${n} / 去年同期销售额 ${d}`,
  avg_order_value: (n, d) => `销售额 ${n} / ${d} 个订单`,
  customer_lifetime_value: (n, d) => `${d} 个活跃客户的历史净销售额合计 ${n}`,
  avg_first_response_hours: (n, d) => `${d} 次有响应的投诉共计 ${n}`,
  avg_resolution_hours: (n, d) => `${d} 次已解决投诉共计 ${n}`,
  resolved_per_workday: (n, d) => `${d} 个工作日解决 ${n} 次投诉`,
  csat_avg: (n, d) => `${d} 份问卷评分合计 ${n}`,
};
const RATIO_EN: Record<string, Tpl> = {
  complaint_rate: (n, d) => `${n} complaints on ${d} orders`,
  resolution_rate: (n, d) => `${n} of ${d} complaints resolved by the period's end`,
  sla_breach_rate: (n, d) => `${n} of ${d} complaints breached the SLA`,
  escalation_rate: (n, d) => `${n} of ${d} complaints escalated`,
  repeat_purchase_rate: (n, d) => `${n} of ${d} active customers ordered 2 or more times`,
  retention_rate: (n, d) => `${n} of ${d} customers active in the prior period bought again`,
  churn_rate: (n, d) => `${n} of ${d} customers active in the prior period were lost`,
  new_customer_revenue_share: (n, d) => `${n} of ${d} revenue came from new customers`,
  big_customer_revenue_share: (n, d) => `${n} of ${d} revenue came from big customers`,
  gross_margin: (n, d) => `gross profit ${n} on revenue of ${d}`,
  revenue_growth_pop: (n, d) => `a change of ${n} on prior-period revenue of ${d}`,
  revenue_growth_yoy: (n, d) => `a change of ${n} on last year's revenue of ${d}`,
  avg_order_value: (n, d) => `revenue of ${n} over ${d} orders`,
  customer_lifetime_value: (n, d) => `lifetime revenue of ${n} over ${d} active customers`,
  avg_first_response_hours: (n, d) => `${n} in total over ${d} complaints with a response`,
  avg_resolution_hours: (n, d) => `${n} in total over ${d} resolved complaints`,
  resolved_per_workday: (n, d) => `${n} complaints resolved over ${d} workdays`,
  csat_avg: (n, d) => `scores totalling ${n} over ${d} responses`,
};

function ratioSentence(metric: string, v: VarianceFacts, name: string, f: Fmt): string | null {
  if (metric === 'nps' || metric === 'csat') return null;
  if (v.numerator === undefined || v.denominator === undefined) return null;
  const zh = f.zh;
  const nu = NUM_UNIT[metric] ?? 'count';
  const signed = metric === 'revenue_growth_pop' || metric === 'revenue_growth_yoy';
  const n = signed ? f.signedMoney(v.numerator) : f.value(nu, v.numerator);
  const d = DEN_MONEY.has(metric) ? f.money(v.denominator) : f.count(v.denominator);
  const tpl = (zh ? RATIO_ZH : RATIO_EN)[metric]
    ?? (zh ? (a: string, b: string) => `分子 ${a} / 分母 ${b}` : (a: string, b: string) => `numerator ${a} over denominator ${b}`);
  let s = `${name}${zh ? ':' : ': '}${tpl(n, d)}`;
  // Under --as-of "by the period's end" is by that day (the actuals run to it).
  if (metric === 'resolution_rate' && f.asOf) s = s.replace('已在期末前', `已在 ${f.asOf} 前`).replace("by the period's end", `by ${f.asOf}`);
  if (v.contributor) {
    const c = v.contributor;
    const cn = f.value(nu, c.numerator);
    if (c.kind === 'customer') s += zh ? `;投诉最多的客户是 ${c.id}(${cn} 次)` : `; most of them from customer ${c.id} (${cn})`;
    else s += zh ? `;贡献最多的是 ${c.id}(${cn})` : `; the largest share is ${c.id}'s (${cn})`;
  }
  return s + (zh ? '。' : '.');
}

// ---------------------------------------------------------------------------------------------
// (5) survey counts and low sample

function surveySentence(metric: string, v: VarianceFacts, f: Fmt): string | null {
  const zh = f.zh;
  const parts: string[] = [];
  const c = v.counts;
  const r = v.responses;
  if (metric === 'nps' && c && r !== undefined) {
    const [p, pa, d] = [c.promoters ?? 0, c.passives ?? 0, c.detractors ?? 0].map((x) => f.count(x));
    parts.push(zh ? `${f.count(r)} 份 NPS 问卷:推荐者 ${p}、中立者 ${pa}、贬损者 ${d}`
      : `${f.count(r)} NPS responses: ${p} promoters, ${pa} passives, ${d} detractors`);
  } else if (metric === 'csat' && c && r !== undefined) {
    const sat = f.count(c.satisfied ?? 0);
    parts.push(zh ? `${f.count(r)} 份问卷中 ${sat} 份满意` : `${sat} of ${f.count(r)} responses satisfied`);
  }
  if (v.low_sample && r !== undefined && v.min_sample !== undefined) {
    parts.push(zh ? `样本量 ${f.count(r)} 少于最低要求 ${f.count(v.min_sample)},结果仅供参考`
      : `only ${f.count(r)} responses, fewer than the minimum of ${f.count(v.min_sample)}: treat with caution`);
  }
  if (!parts.length) return null;
  const s = parts.join(zh ? ';' : '; ');
  return zh ? s + '。' : s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

// ---------------------------------------------------------------------------------------------
// (6) P-1 and P-1y

function compareSentence(k: KpiResult, v: VarianceFacts, unit: MetricUnit, f: Fmt): string | null {
  const zh = f.zh;
  const items: { label: string; actual: number | null }[] = [];
  if (v.prior && k.metric !== 'revenue') items.push({ label: f.labels.prior, actual: v.prior.actual });
  if (v.last_year) items.push({ label: f.labels.lastYear, actual: v.last_year.actual });
  if (!items.length) return null;
  const parts = items.map(({ label, actual }) => {
    if (actual === null) return zh ? `${label}${sp(label)}无数值` : `${label}: no value`;
    const val = f.value(unit, actual);
    if (k.actual === null) return zh ? `${label} ${val}` : `${label} ${val}`;
    const diff = f.shownDiff(unit, k.actual, actual);
    const d = f.diffSigned(unit, diff);
    return zh ? `${label} ${val}(${d})` : `${label} ${val} (${d})`;
  });
  return zh ? `对比:${parts.join(',')}。` : `Compared with ${parts.join(' and ')}.`;
}

// ---------------------------------------------------------------------------------------------
// (7) projection

function projectionSentence(v: VarianceFacts, unit: MetricUnit, f: Fmt): string | null {
  const p = v.projection;
  if (!p) return null;
  const zh = f.zh;
  const head = zh ? `截至 ${p.as_of} 已过 ${p.days_elapsed}/${p.days_total} 天` : `As of ${p.as_of} (${p.days_elapsed} of ${p.days_total} days)`;
  const proj = p.projected === null ? null : f.value(unit, p.projected);
  let s = head;
  if (proj !== null) s += zh ? `,按当前进度预计期末 ${proj}` : ` the run rate projects ${proj} by the period's end`;
  if (p.needed_per_day !== null) {
    if (p.needed_per_day === 0) s += zh ? ';已达成目标' : '; the target is already reached';
    else {
      const n = unit === 'money' ? f.money(p.needed_per_day) : f.fixed(exact(p.needed_per_day), 2);
      s += zh ? `;要达成目标,剩余 ${p.days_left} 天日均需 ${n}` : `; reaching the target needs ${n} a day over the remaining ${p.days_left} days`;
    }
  }
  return s + (zh ? '。' : '.');
}

// ---------------------------------------------------------------------------------------------
// number formatting

const CURRENCY: Record<string, { zh: string; en: string; prefix: boolean }> = {
  CNY: { zh: '元', en: '¥', prefix: true }, RMB: { zh: '元', en: '¥', prefix: true },
  USD: { zh: '美元', en: '$', prefix: true }, EUR: { zh: '欧元', en: '€', prefix: true },
  GBP: { zh: '英镑', en: '£', prefix: true }, HKD: { zh: '港元', en: 'HK$', prefix: true },
  JPY: { zh: '日元', en: 'JP¥', prefix: true },
};

/** Text of a value that shows as zero ("0", "0.0", "0.00"): it gets no sign. */
const ZERO_TEXT = /^[0.,]+$/;

/** Thousands separators in plain digits with an optional fraction: "1234567.5" → "1,234,567.5". */
function group(t: string): string {
  const dot = t.indexOf('.');
  const i = dot < 0 ? t : t.slice(0, dot);
  if (i.length <= 3) return t;
  const g = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dot < 0 ? g : g + t.slice(dot);
}

/**
 * x × 10^shift rounded half-up to dp decimals, as an integer count of 10^-dp (1234.56 at dp 1 →
 * 12346); null when that is not a safe integer or x's text is in exponent notation.
 */
function shownUnits(x: number, dp: number, shift: number): number | null {
  const t = roundHalfUpText(x, dp, shift);
  if (t === null) return null;
  const n = Number(dp === 0 ? t : t.replace('.', ''));
  return Number.isSafeInteger(n) ? (n === 0 ? 0 : n) : null;
}

/** Number formatting for one language and currency. Public for the text view. */
export class Fmt {
  readonly zh: boolean;
  /** Period words for running text. */
  readonly labels: { prior: string; lastYear: string; current: string };
  private readonly currency: { zh: string; en: string; prefix: boolean } | undefined;
  /** The --as-of day, when the figures run only to it. */
  readonly asOf: string | undefined;
  constructor(readonly ctx: Pick<ExplainContext, 'lang' | 'currency'> & Partial<ExplainContext>) {
    this.zh = ctx.lang === 'zh';
    this.asOf = ctx.asOf;
    const d = periodLabels({ kind: 'range' }, ctx.lang);
    const l = { ...d, ...(ctx.periodLabel ?? {}) };
    this.labels = { prior: l.prior, lastYear: l.lastYear, current: l.current ?? d.current };
    this.currency = CURRENCY[ctx.currency.toUpperCase()];
  }
  /** Rounded to whole units, half away from zero. */
  whole(x: number | D): D {
    if (typeof x !== 'number') return x.round(0);
    const n = shownUnits(x, 0, 0);
    // Dec rounds a negative that shows as 0 to −0.
    return n === null ? exact(x).round(0) : ExactDecimal.ofScaled(n, 0, n === 0 && x < 0);
  }
  /** |x| with `dp` decimals and thousands separators (no sign). */
  fixed(x: D, dp: number): string {
    return group(x.absFixed(dp));
  }
  /**
   * `fixed(exact(x).shift(shift), dp)` for a number, on its decimal text (decimal-text.ts) —
   * the same digits without building a decimal; exponent texts go the decimal way.
   */
  private fixedOf(x: number, dp: number, shift = 0): string {
    const t = roundHalfUpText(x, dp, shift);
    if (t === null) return this.fixed(exact(x).shift(shift), dp);
    return group(t.charCodeAt(0) === 45 ? t.slice(1) : t);
  }
  /** "+" or "−" before a nonzero text; `negative` is the sign of the unrounded value. */
  private sign(negative: boolean, text: string): string {
    if (ZERO_TEXT.test(text)) return text;
    return (negative ? MINUS : '+') + text;
  }
  private neg(negative: boolean, text: string): string {
    return negative && !ZERO_TEXT.test(text) ? MINUS + text : text;
  }
  private cur(abs: string, signChar = ''): string {
    const c = this.currency;
    if (this.zh) return `${signChar}${abs} ${c ? c.zh : this.ctx.currency}`;
    return c ? `${signChar}${c.en}${abs}` : `${signChar}${abs} ${this.ctx.currency}`;
  }
  /**
   * |x| in whole units and whether x is negative (a number read as `fromNumber` reads it is never
   * −0, so x < 0 is the decimal's sign).
   */
  private wholeAbs(x: number | D): [string, boolean] {
    if (typeof x === 'number') return [this.fixedOf(x, 0), x < 0];
    const w = x.round(0);
    return [this.fixed(w, 0), w.isNegative()];
  }
  /** Money in whole units with the currency: "1,234,568 元" / "¥1,234,568"; negatives with "−". */
  money(x: number | D): string {
    const [abs, negative] = this.wholeAbs(x);
    return this.cur(abs, negative && abs !== '0' ? MINUS : '');
  }
  /** Signed money: "+120,000 元" / "+¥120,000"; `unit` false drops the currency in zh. */
  signedMoney(x: number | D, unit = true): string {
    const [abs, negative] = this.wholeAbs(x);
    const s = abs === '0' ? '' : negative ? MINUS : '+';
    if (this.zh && !unit) return s + abs;
    return this.cur(abs, s);
  }
  count(x: number): string {
    return this.neg(x < 0, this.fixedOf(x, Number.isInteger(x) ? 0 : 2));
  }
  signedCount(x: D): string {
    return this.sign(x.isNegative(), this.fixed(x, x.isInteger() ? 0 : 2));
  }
  /** A fraction as a percent with one decimal: 0.823 → "82.3%". */
  pct(x: number): string {
    return this.neg(x < 0, this.fixedOf(x, 1, 2)) + '%';
  }
  /** A plan rate without trailing zeros: 0.6 → "60%", 0.855 → "85.5%". */
  rate(x: number): string {
    return this.pct(x).replace(/\.0%$/, '%');
  }
  signedPct(x: number): string {
    return this.sign(x < 0, this.fixedOf(x, 1, 2)) + '%';
  }
  /** A metric value in its unit. */
  value(unit: MetricUnit, x: number): string {
    switch (unit) {
      case 'money': return this.money(x);
      case 'ratio': return this.pct(x);
      case 'hours': return this.neg(x < 0, this.fixedOf(x, 1)) + (this.zh ? ' 小时' : ' h');
      case 'nps': return this.neg(x < 0, this.fixedOf(x, 1));
      case 'score': case 'per_day': return this.neg(x < 0, this.fixedOf(x, 2));
      default: return this.count(x);
    }
  }
  /** Decimals a value of the unit is shown with (ratios: of the percent). */
  static dp(unit: MetricUnit): number {
    switch (unit) {
      case 'money': return 0;
      case 'ratio': case 'hours': case 'nps': return 1;
      default: return 2;
    }
  }
  /** a − b as the difference of the two values as shown (ratios: in fractions, of shown percents). */
  shownDiff(unit: MetricUnit, a: number, b: number): D {
    const dp = Fmt.dp(unit);
    const shift = unit === 'ratio' ? 2 : 0; // ratios: in percent (× 100), back to a fraction (÷ 100)
    const ua = shownUnits(a, dp, shift), ub = shownUnits(b, dp, shift);
    if (ua !== null && ub !== null && Number.isSafeInteger(ua - ub)) {
      // Both shown values as integers of their last shown digit: the difference is exact. Dec
      // gives −0 only for "−0 − +0": a negative a and a non-negative b that both show as zero.
      const negZero = ua === 0 && ub === 0 && a < 0 && !(b < 0);
      return ExactDecimal.ofScaled(ua - ub, -dp - shift, negZero);
    }
    const r = (x: number) => exact(x).shift(shift).round(dp);
    return r(a).minus(r(b)).shift(-shift);
  }
  /** |difference| in the metric's unit (ratios in percentage points). */
  diffAbs(unit: MetricUnit, x: D): string {
    switch (unit) {
      case 'money': return this.money(x.abs());
      case 'ratio': return this.fixed(x.shift(2), 1) + (this.zh ? ' 个百分点' : ' pts');
      case 'hours': return this.fixed(x, 1) + (this.zh ? ' 小时' : ' h');
      case 'nps': return this.fixed(x, 1);
      case 'score': case 'per_day': return this.fixed(x, 2);
      default: return this.fixed(x, x.isInteger() ? 0 : 2);
    }
  }
  /** Signed difference in the metric's unit. */
  diffSigned(unit: MetricUnit, x: D): string {
    if (unit === 'money') return this.signedMoney(x);
    const abs = this.diffAbs(unit, x);
    const numeric = abs.replace(/[^\d.,]/g, '');
    return /^[0.,]*$/.test(numeric) ? abs : (x.isNegative() ? MINUS : '+') + abs;
  }
}

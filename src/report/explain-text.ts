/**
 * The `kpi explain ID` text view: one employee (or every team line with that id) in depth — a
 * header (name, team, role, score, rating, rank), then each KPI with its figures and all its
 * variance sentences, and for revenue the bridge from P-1 as a small text waterfall:
 *
 *   上季度    ████████████████████████          1,100,000
 *   新增成交客户                      ▓▓▓       +120,000
 *   流失客户                       ░░░          −90,000
 *   …
 *
 * Totals are drawn with █, increases with ▓ (green), decreases with ░ (red), so the chart reads
 * the same without colour (chalk level 0 emits no escapes). Pure: returns a string.
 */
import type { ChalkInstance } from 'chalk';
import type { Lang } from '../plan/types.js';
import type { EmployeeScore, KpiResult, MetricUnit, ScoreResult, TeamScore } from '../engine/types.js';
import type { VarianceFacts } from '../engine/variance.js';
import { metricDef } from '../engine/metrics/registry.js';
import { Dec, fromNumber } from '../engine/money.js';
import { isoDay } from '../engine/calendar.js';
import { explainKpi, Fmt, periodLabels, shownBridge, type ExplainContext } from './explain.js';
import { ExactDecimal } from './exact-decimal.js';

type D = ExactDecimal;

export interface ExplainTextOptions {
  lang: Lang;
  color: ChalkInstance;
  currency: string;
  metricName?: (id: string) => string;
  /** Period words for sentences not yet attached and for the waterfall (default by period kind). */
  periodLabel?: ExplainContext['periodLabel'];
  /** Waterfall bar width in columns (default 32). */
  barWidth?: number;
}

const W = {
  score: { zh: '得分', en: 'score' }, rating: { zh: '评级', en: 'rating' }, rank: { zh: '排名', en: 'rank' },
  team: { zh: '团队', en: 'team' }, role: { zh: '岗位', en: 'role' }, members: { zh: '成员', en: 'members' },
  target: { zh: '目标', en: 'target' }, achievement: { zh: '完成', en: 'achieved' }, weight: { zh: '权重', en: 'weight' },
  none: { zh: '无', en: '—' }, employed: { zh: '在职', en: 'employed' }, company: { zh: '全公司', en: 'company' },
  bridge: { zh: '销售额变动(按客户)', en: 'Revenue bridge by customer' },
  new: { zh: '新增成交客户', en: 'gained' }, lost: { zh: '流失客户', en: 'lost' }, existing: { zh: '老客户', en: 'existing' },
  other: { zh: '其他', en: 'other' }, notFound: { zh: '未找到员工或团队', en: 'no employee or team' },
  period: { zh: '期间', en: 'period' }, asOf: { zh: '截至', en: 'as of' },
} as const;

/** The explain view of the employee `id`, else of the team(s) with that id. */
export function renderExplain(result: ScoreResult, id: string, opts: ExplainTextOptions): string {
  const lang = opts.lang;
  const words = periodLabels(result.period, lang);
  const ctx: ExplainContext = {
    lang, currency: opts.currency, metricName: opts.metricName,
    periodLabel: { ...words, ...(opts.periodLabel ?? {}) },
  };
  const emp = result.employees.find((e) => e.id === id);
  const blocks: string[] = [];
  if (emp) blocks.push(employeeBlock(result, emp, ctx, opts));
  else for (const t of result.teams.filter((x) => x.id === id)) blocks.push(teamBlock(result, t, ctx, opts));
  if (!blocks.length) return `${W.notFound[lang]} ${id}\n`;
  return blocks.join('\n') + '\n';
}

function periodLine(result: ScoreResult, lang: Lang): string {
  const asOf = result.asOf;
  let s = `${W.period[lang]} ${result.period.id}`;
  if (asOf !== null && asOf >= result.period.start && asOf < result.period.end) {
    s += ` (${W.asOf[lang]} ${isoDay(asOf)})`;
  }
  return s;
}

function employeeBlock(result: ScoreResult, e: EmployeeScore, ctx: ExplainContext, opts: ExplainTextOptions): string {
  const c = opts.color, lang = ctx.lang, f = new Fmt(ctx);
  const inRole = result.employees.filter((x) => x.role === e.role).length;
  const head = `${c.bold(`${e.name || e.id} (${e.id})`)} · ${W.team[lang]} ${e.team || W.none[lang]} · ${W.role[lang]} ${e.role} · ${periodLine(result, lang)}`;
  const parts = [
    `${W.score[lang]} ${scoreText(e.score)}`,
    `${W.rating[lang]} ${e.rating ?? '—'}`,
    `${W.rank[lang]} ${e.rank}/${inRole}`,
  ];
  if (e.proration < 1) parts.push(`${W.employed[lang]} ${f.pct(e.proration)}`);
  return [head, parts.join(' · '), ...kpiBlocks(e.kpis, ctx, opts)].join('\n');
}

function teamBlock(result: ScoreResult, t: TeamScore, ctx: ExplainContext, opts: ExplainTextOptions): string {
  const c = opts.color, lang = ctx.lang;
  const head = `${c.bold(t.id)} · ${W.role[lang]} ${t.role} · ${periodLine(result, lang)}`;
  const parts = [
    `${W.score[lang]} ${scoreText(t.score)}`,
    `${W.rating[lang]} ${t.rating ?? '—'}`,
    `${W.members[lang]} ${t.members.join(', ')}`,
  ];
  return [head, parts.join(' · '), ...kpiBlocks(t.kpis, ctx, opts)].join('\n');
}

function scoreText(x: number | null): string {
  return x === null ? '—' : fromNumber(x).toFixed(1, Dec.ROUND_HALF_UP);
}

function kpiBlocks(kpis: readonly KpiResult[], ctx: ExplainContext, opts: ExplainTextOptions): string[] {
  const out: string[] = [];
  const f = new Fmt(ctx);
  const c = opts.color, lang = ctx.lang;
  for (const k of kpis) {
    const unit: MetricUnit = metricDef(k.metric)?.unit ?? 'count';
    const name = ctx.metricName?.(k.metric) ?? (metricDef(k.metric)?.[lang] ?? k.metric);
    const mark = k.met === true ? c.green('●') : k.met === false ? c.red('●') : c.dim('○');
    const actual = k.actual === null ? '—' : f.value(unit, k.actual);
    const target = k.target === null ? '—' : f.value(unit, k.target) + (k.prorated ? '*' : '');
    const ach = k.achievement === null ? '—' : f.pct(k.achievement);
    const score = k.score === null ? '—' : scoreText(k.score);
    out.push('');
    out.push(`${mark} ${c.bold(name)}  ${actual} / ${W.target[lang]} ${target} · ${W.achievement[lang]} ${ach} · ${W.score[lang]} ${score} · ${W.weight[lang]} ${k.weight}`);
    const sentences = k.explanation.length ? k.explanation : explainKpi(k, ctx);
    for (const s of sentences) out.push(`  · ${s}`);
    if (k.metric === 'revenue' && k.variance) {
      const wf = waterfall(k.variance as VarianceFacts, f, opts);
      if (wf.length) out.push('', `  ${c.bold(W.bridge[lang])}`, ...wf);
    }
  }
  return out;
}

/** The revenue bridge as text bars: prior total, each group as a floating bar, current total. */
export function waterfall(v: VarianceFacts, f: Fmt, opts: Pick<ExplainTextOptions, 'color' | 'lang' | 'barWidth'>): string[] {
  const sb = shownBridge(v, f);
  if (!sb || !v.prior || v.prior.actual === null) return [];
  const c = opts.color, lang = opts.lang;
  const width = opts.barWidth ?? 32;
  const start = f.whole(v.prior.actual);
  type Step = { label: string; from: D; to: D; total: boolean };
  const zero = ExactDecimal.of(0);
  const steps: Step[] = [{ label: f.labels.prior, from: zero, to: start, total: true }];
  const names = [W.new[lang], W.lost[lang], W.existing[lang], W.other[lang]];
  let run = start;
  sb.parts.forEach((p, i) => {
    if (i === 3 && p.isZero()) return;
    steps.push({ label: names[i], from: run, to: run.plus(p), total: false });
    run = run.plus(p);
  });
  steps.push({ label: f.labels.current, from: zero, to: run, total: true });

  let lo = zero, hi = zero;
  for (const s of steps) for (const x of [s.from, s.to]) { if (x.cmp(lo) < 0) lo = x; if (x.cmp(hi) > 0) hi = x; }
  const span = hi.minus(lo);
  const col = (x: D) => (span.isZero() ? 0
    : x.minus(lo).toDec().dividedBy(span.toDec()).times(width).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber());
  const labelW = Math.max(...steps.map((s) => textWidth(s.label)));
  const nums = steps.map((s) => (s.total ? f.money(s.to) : f.signedMoney(s.to.minus(s.from))));
  const numW = Math.max(...nums.map(textWidth));
  return steps.map((s, i) => {
    const a = Math.min(col(s.from), col(s.to)), b = Math.max(col(s.from), col(s.to));
    const delta = s.to.minus(s.from);
    let len = b - a;
    if (len === 0 && !delta.isZero()) len = 1;
    const ch = s.total ? '█' : delta.isNegative() ? '░' : '▓';
    let bar = ch.repeat(len);
    if (!s.total && !delta.isZero()) bar = delta.isNegative() ? c.red(bar) : c.green(bar);
    const pad = ' '.repeat(Math.max(0, width + 1 - a - len));
    const label = s.label + ' '.repeat(labelW - textWidth(s.label));
    const num = ' '.repeat(numW - textWidth(nums[i])) + nums[i];
    return `    ${label}  ${' '.repeat(a)}${bar}${pad} ${num}`;
  });
}

/** Terminal columns of plain text: CJK and fullwidth characters take two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
      || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
      || (cp >= 0xffe0 && cp <= 0xffe6) ? 2 : 1;
  }
  return w;
}

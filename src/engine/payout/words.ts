/**
 * The words of payout basis texts and generated component names, in the statement's language
 * (the plan's `language`, or `--lang`). The numbers in a basis are language-neutral (grouped with
 * commas, percent with %); only the words around them change. English keeps metric and event ids
 * as written in the plan (`lost_big_customers 0 < 1: 0`); Chinese uses their catalogue names and
 * full-width punctuation (`流失大客户数 0 < 1：0`), so a finance reader in either language can check
 * a line without knowing the plan's ids.
 */
import type { Lang } from '../../plan/types.js';
import { metricDef } from '../metrics/registry.js';

/** Names of the events that `per_event` components count. */
export const EVENT_NAMES: Readonly<Record<string, { zh: string; en: string }>> = {
  complaint_resolved_satisfied: { zh: '解决且满意的投诉', en: 'Resolved & satisfied complaints' },
  complaint_escalated: { zh: '升级投诉', en: 'Escalated complaints' },
};

export interface BasisWords {
  lang: Lang;
  /** The metric as a basis names it: its id (en) or its catalogue name (zh). */
  metric(id: string): string;
  /** The event as a basis names it: its id (en) or its name (zh). */
  event(id: string): string;
  /** `a: b` — a result after its working. */
  colon(a: string, b: string): string;
  /** `a (b)` — a remark after a figure. */
  paren(a: string, b: string): string;
  /** `x: no value` for a metric (or nothing) without a value. */
  noValue(metric?: string): string;
  /** "target T, achievement A" (either part may be missing). */
  attainment(target: string | null, achievement: string | null): string;
  noTargetFirstTier: string;
  score(x: string | null): string;
  achievementOf(metric: string, pct: string | null): string;
  /** "≥ 1 and ≤ 3" */
  and: string;
  noBaseSalary: string;
  /** "22 complaint_resolved_satisfied" / "解决且满意的投诉 22 次" */
  eventCount(event: string, count: number): string;
  min: string;
  max: string;
  components: string;
  capName(kind: 'cap' | 'floor'): string;
  capWord(kind: 'cap' | 'floor'): string;
}

const EN: BasisWords = {
  lang: 'en',
  metric: (id) => id,
  event: (id) => id,
  colon: (a, b) => `${a}: ${b}`,
  paren: (a, b) => `${a} (${b})`,
  noValue: (metric) => (metric === undefined ? 'no value' : `${metric}: no value`),
  attainment: (target, achievement) => {
    const a = achievement === null ? 'no achievement' : `achievement ${achievement}`;
    return target === null ? a : `target ${target}, ${a}`;
  },
  noTargetFirstTier: 'no target: first tier',
  score: (x) => (x === null ? 'no score' : `score ${x}`),
  achievementOf: (metric, pct) => (pct === null ? `${metric}: no achievement` : `${metric} achievement ${pct}`),
  and: ' and ',
  noBaseSalary: 'no base salary',
  eventCount: (event, count) => `${count} ${event}`,
  min: 'min',
  max: 'max',
  components: 'components',
  capName: (kind) => (kind === 'cap' ? 'payout cap' : 'payout floor'),
  capWord: (kind) => (kind === 'cap' ? 'payout cap' : 'payout floor'),
};

const ZH: BasisWords = {
  lang: 'zh',
  metric: (id) => metricDef(id)?.zh ?? id,
  event: (id) => EVENT_NAMES[id]?.zh ?? id,
  colon: (a, b) => `${a}：${b}`,
  paren: (a, b) => `${a}（${b}）`,
  noValue: (metric) => (metric === undefined ? '无数值' : `${metric}无数值`),
  attainment: (target, achievement) => {
    const a = achievement === null ? '无达成率' : `达成率 ${achievement}`;
    return target === null ? a : `目标 ${target}，${a}`;
  },
  noTargetFirstTier: '无目标，按第一档',
  score: (x) => (x === null ? '无得分' : `得分 ${x}`),
  achievementOf: (metric, pct) => (pct === null ? `${metric}无达成率` : `${metric}达成率 ${pct}`),
  and: ' 且 ',
  noBaseSalary: '未配置基本工资',
  eventCount: (event, count) => `${event} ${count} 次`,
  min: '下限',
  max: '上限',
  components: '各项合计',
  capName: (kind) => (kind === 'cap' ? '封顶调整' : '保底调整'),
  capWord: (kind) => (kind === 'cap' ? '封顶' : '保底'),
};

export function basisWords(lang: Lang = 'en'): BasisWords {
  return lang === 'zh' ? ZH : EN;
}

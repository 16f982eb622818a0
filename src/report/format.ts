/**
 * Number formatting for people (the table and the sentences). JSON, CSV and XLSX keep numbers as
 * numbers; only what a person reads goes through here. Rounding is decimal-correct half-up on the
 * number's shortest decimal text (so 1.005 → "1.01"), never `x.toFixed()` on a binary float.
 */
import { Decimal } from 'decimal.js';
import type { MetricUnit } from '../engine/types.js';
import type { Lang } from '../plan/types.js';
import { roundHalfUpNumber, roundHalfUpText } from './decimal-text.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Shown for "no value". */
export const NO_VALUE = '—';

/**
 * Rounds a finite number half-up (ties away from zero) to `dp` decimals and returns the plain
 * decimal text ("-0" becomes "0"). The number is read through its shortest round-trip text.
 */
export function roundText(x: number, dp: number): string {
  return roundHalfUpText(x, dp) ?? fixed(new D(String(x)), dp);
}

function fixed(d: Decimal, dp: number): string {
  const s = d.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP).toFixed(dp);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** `roundText` as a number: `roundNumber(980000.005, 2)` → 980000.01. Non-finite → null. */
export function roundNumber(x: number | null | undefined, dp: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const fast = roundHalfUpNumber(x, dp);
  if (fast !== null) return fast;
  const n = Number(roundText(x, dp));
  return n === 0 ? 0 : n;
}

/** Inserts thousands separators into plain decimal text: "-1234567.5" → "-1,234,567.5". */
export function groupThousands(text: string): string {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const [int, frac] = body.split('.');
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + g + (frac !== undefined ? '.' + frac : '');
}

/** Grouped number with `dp` decimals: `formatNumber(1234.5, 1)` → "1,234.5". */
export function formatNumber(x: number, dp: number): string {
  return groupThousands(roundText(x, dp));
}

/** Currency sign for display: CNY/RMB → ¥, USD → $, EUR → €, GBP → £, JPY → ¥, else the code and a space. */
export function currencySign(currency: string): string {
  switch (currency.toUpperCase()) {
    case 'CNY': case 'RMB': case 'JPY': return '¥';
    case 'USD': return '$';
    case 'EUR': return '€';
    case 'GBP': return '£';
    default: return currency.toUpperCase() + ' ';
  }
}

/** Money without decimals: ¥1,234,568; negative as -¥12,346. */
export function formatMoney(x: number, currency: string): string {
  const t = formatNumber(x, 0);
  const sign = currencySign(currency);
  return t.startsWith('-') ? '-' + sign + t.slice(1) : sign + t;
}

/** A fraction as a percentage with 1 decimal: 0.8523 → "85.2%". */
export function formatPercent(x: number, dp = 1): string {
  return groupThousands(roundHalfUpText(x, dp, 2) ?? fixed(new D(String(x)).times(100), dp)) + '%';
}

/** A count: integers grouped ("1,234"); a prorated fractional target keeps up to 2 decimals ("3.75"). */
export function formatCount(x: number): string {
  if (Number.isInteger(x)) return groupThousands(String(x));
  return groupThousands(roundText(x, 2).replace(/\.?0+$/, ''));
}

/** Hours with 1 decimal: 3.44 → "3.4 h" (zh: "3.4 小时"). */
export function formatHours(x: number, lang: Lang = 'en'): string {
  return formatNumber(x, 1) + (lang === 'zh' ? ' 小时' : ' h');
}

/** A metric value in its unit, for people. null → "—". */
export function formatMetricValue(
  unit: MetricUnit, x: number | null | undefined, currency: string, lang: Lang = 'en',
): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return NO_VALUE;
  switch (unit) {
    case 'money': return formatMoney(x, currency);
    case 'ratio': return formatPercent(x);
    case 'hours': return formatHours(x, lang);
    case 'nps': return formatNumber(x, 0);
    case 'count': return formatCount(x);
    case 'per_day': return formatNumber(x, 1);
    case 'score': return formatNumber(x, 2);
  }
}

/** An achievement (fraction) as a percentage with 1 decimal; null → "—". */
export function formatAchievement(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? NO_VALUE : formatPercent(x);
}

/** A score (0…cap×100) with 1 decimal; null → "—". */
export function formatScore(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? NO_VALUE : formatNumber(x, 1);
}

/**
 * Terminal display width of a string: ANSI escapes count 0, East Asian wide/fullwidth characters
 * count 2 (the same rule cli-table3's string-width applies), everything else 1.
 */
export function displayWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  const plain = s.replace(/\u001b\[[0-9;]*m/g, '');
  let w = 0;
  for (const ch of plain) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c <= 0x36f) || c === 0x200b) continue;
    w += isWide(c) ? 2 : 1;
  }
  return w;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd)
  );
}

/**
 * Reporting periods (PRODUCT.md §2): years, halves, quarters, months, ISO weeks and inclusive day
 * ranges, with an optional fiscal year start. Pure: ids in, closed day intervals out.
 *
 * Fiscal years: with `fiscalYearStartMonth = 4`, fiscal year 2024 runs 2024-04-01..2025-03-31, its
 * Q1 is April–June 2024 and its H1 April–September 2024. Months (`2024-07`) and ISO weeks are
 * always calendar months and ISO weeks, whatever the fiscal start.
 */
import {
  addMonths, dayFromYmd, daysInMonth, isoDay, isValidYmd, weekday, ymdOfDay, type Day,
} from './calendar.js';
import type { Period } from './types.js';

/** Parses a period id; returns null when the text is not a period. Ids come back canonical. */
export function parsePeriod(text: string, fiscalYearStartMonth = 1): Period | null {
  const fy = normFy(fiscalYearStartMonth);
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(t))) return yearPeriod(+m[1], fy);
  if ((m = /^(\d{4})\s*[Hh]([12])$/.exec(t))) return halfPeriod(+m[1], +m[2], fy);
  if ((m = /^(\d{4})\s*[Qq]([1-4])$/.exec(t))) return quarterPeriod(+m[1], +m[2], fy);
  if ((m = /^(\d{4})-(\d{1,2})$/.exec(t))) {
    const mo = +m[2];
    return mo >= 1 && mo <= 12 ? monthPeriod(+m[1], mo) : null;
  }
  if ((m = /^(\d{4})-?[Ww](\d{1,2})$/.exec(t))) return weekPeriod(+m[1], +m[2]);
  if ((m = /^(.+?)\s*\.\.\s*(.+)$/.exec(t))) {
    const a = parseDayText(m[1]);
    const b = parseDayText(m[2]);
    if (a === null || b === null || a > b) return null;
    return rangePeriod(a, b);
  }
  return null;
}

/** The period of the same kind immediately before `p` (§2 "prior period"). */
export function priorPeriod(p: Period, fiscalYearStartMonth = 1): Period {
  const fy = normFy(fiscalYearStartMonth);
  const k = keyOf(p);
  switch (k.kind) {
    case 'year': return yearPeriod(k.year - 1, fy);
    case 'half': return k.n === 1 ? halfPeriod(k.year - 1, 2, fy) : halfPeriod(k.year, 1, fy);
    case 'quarter': return k.n === 1 ? quarterPeriod(k.year - 1, 4, fy) : quarterPeriod(k.year, k.n - 1, fy);
    case 'month': {
      const r = addMonths(k.year, k.n, -1);
      return monthPeriod(r.y, r.m);
    }
    case 'week': return k.n === 1 ? weekPeriod(k.year - 1, isoWeeksInYear(k.year - 1))! : weekPeriod(k.year, k.n - 1)!;
    case 'range': {
      const len = p.end - p.start + 1;
      return rangePeriod(p.start - len, p.start - 1);
    }
  }
}

/**
 * The same period one year earlier (§2 "same period last year"). An ISO week keeps its number in
 * the previous ISO year, or becomes that year's last week when the number does not exist (W53).
 * A range shifts both ends by a calendar year; Feb 29 becomes Feb 28.
 */
export function lastYearPeriod(p: Period, fiscalYearStartMonth = 1): Period {
  const fy = normFy(fiscalYearStartMonth);
  const k = keyOf(p);
  switch (k.kind) {
    case 'year': return yearPeriod(k.year - 1, fy);
    case 'half': return halfPeriod(k.year - 1, k.n, fy);
    case 'quarter': return quarterPeriod(k.year - 1, k.n, fy);
    case 'month': return monthPeriod(k.year - 1, k.n);
    case 'week': return weekPeriod(k.year - 1, Math.min(k.n, isoWeeksInYear(k.year - 1)))!;
    case 'range': return rangePeriod(shiftYear(p.start, -1), shiftYear(p.end, -1));
  }
}

/** Number of calendar days in the period (inclusive). */
export function periodDays(p: Period): number {
  return p.end - p.start + 1;
}

/** Number of Monday–Friday days in the period. */
export function workdays(p: Period): number {
  const n = periodDays(p);
  const full = Math.floor(n / 7);
  let count = full * 5;
  for (let d = p.start + full * 7; d <= p.end; d++) if (weekday(d) < 5) count++;
  return count;
}

/** Whether a calendar day lies in the period. */
export function containsDay(p: Period, d: Day): boolean {
  return d >= p.start && d <= p.end;
}

/** Canonical id of a period, or null when the text is not one (e.g. `2024q3` → `2024Q3`). */
export function canonicalPeriodId(text: string, fiscalYearStartMonth = 1): string | null {
  return parsePeriod(text, fiscalYearStartMonth)?.id ?? null;
}

/** A custom inclusive range period from two days. */
export function rangePeriod(start: Day, end: Day): Period {
  return { id: `${isoDay(start)}..${isoDay(end)}`, kind: 'range', start, end };
}

/** Number of ISO weeks (52 or 53) in an ISO week-numbering year. */
export function isoWeeksInYear(year: number): number {
  // A year has 53 ISO weeks when Dec 28 falls in week 53: when Jan 1 is a Thursday, or a
  // Wednesday in a leap year.
  const jan1 = weekday(dayFromYmd(year, 1, 1)); // 0 = Monday
  const leap = daysInMonth(year, 2) === 29;
  return jan1 === 3 || (leap && jan1 === 2) ? 53 : 52;
}

/** Monday of ISO week 1 of an ISO year (the week containing January 4). */
export function isoWeek1Monday(year: number): Day {
  const jan4 = dayFromYmd(year, 1, 4);
  return jan4 - weekday(jan4);
}

/** ISO year and week number of a day. */
export function isoWeekOf(d: Day): { year: number; week: number } {
  const thursday = d - weekday(d) + 3;
  const year = ymdOfDay(thursday).y;
  return { year, week: Math.floor((thursday - isoWeek1Monday(year)) / 7) + 1 };
}

/**
 * Parses a calendar date as written in a plan or on the command line: `2024-07-01`, `2024-7-1`,
 * `2024/7/1`, `2024.7.1` or `2024年7月1日`. Null when not a real date.
 */
export function parseDayText(s: string): Day | null {
  const t = s.trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(t);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

// ---------------------------------------------------------------------------------------------

type Key =
  | { kind: 'year'; year: number; n: 0 }
  | { kind: 'half' | 'quarter' | 'month' | 'week'; year: number; n: number }
  | { kind: 'range'; year: 0; n: 0 };

/** Reads the year/number back from a canonical id (ids are fiscal-independent labels). */
function keyOf(p: Period): Key {
  let m: RegExpExecArray | null;
  switch (p.kind) {
    case 'year': return { kind: 'year', year: +p.id.slice(0, 4), n: 0 };
    case 'half': m = /^(\d{4})H([12])$/.exec(p.id); break;
    case 'quarter': m = /^(\d{4})Q([1-4])$/.exec(p.id); break;
    case 'month': m = /^(\d{4})-(\d{2})$/.exec(p.id); break;
    case 'week': m = /^(\d{4})-W(\d{2})$/.exec(p.id); break;
    case 'range': return { kind: 'range', year: 0, n: 0 };
  }
  if (!m) throw new Error(`not a canonical ${p.kind} period id: ${p.id}`);
  return { kind: p.kind, year: +m[1], n: +m[2] };
}

function normFy(fy: number): number {
  return Number.isInteger(fy) && fy >= 1 && fy <= 12 ? fy : 1;
}

/** A span of `count` calendar months starting `offset` months into fiscal year `year`. */
function fiscalSpan(year: number, fy: number, offset: number, count: number): { start: Day; end: Day } {
  const a = addMonths(year, fy, offset);
  const b = addMonths(year, fy, offset + count);
  return { start: dayFromYmd(a.y, a.m, 1), end: dayFromYmd(b.y, b.m, 1) - 1 };
}

function yearPeriod(y: number, fy: number): Period {
  return { id: String(y), kind: 'year', ...fiscalSpan(y, fy, 0, 12) };
}

function halfPeriod(y: number, h: number, fy: number): Period {
  return { id: `${y}H${h}`, kind: 'half', ...fiscalSpan(y, fy, (h - 1) * 6, 6) };
}

function quarterPeriod(y: number, q: number, fy: number): Period {
  return { id: `${y}Q${q}`, kind: 'quarter', ...fiscalSpan(y, fy, (q - 1) * 3, 3) };
}

function monthPeriod(y: number, mo: number): Period {
  return {
    id: `${y}-${String(mo).padStart(2, '0')}`, kind: 'month',
    start: dayFromYmd(y, mo, 1), end: dayFromYmd(y, mo, daysInMonth(y, mo)),
  };
}

function weekPeriod(y: number, w: number): Period | null {
  if (w < 1 || w > isoWeeksInYear(y)) return null;
  const start = isoWeek1Monday(y) + (w - 1) * 7;
  return { id: `${y}-W${String(w).padStart(2, '0')}`, kind: 'week', start, end: start + 6 };
}

function shiftYear(d: Day, k: number): Day {
  const { y, m, d: dd } = ymdOfDay(d);
  return dayFromYmd(y + k, m, Math.min(dd, daysInMonth(y + k, m)));
}

/**
 * The days actuals are measured over: P itself, or P.start..asOf when `--as-of` lies inside P
 * (same id and kind, so labels still read "2024Q3").
 */
export function actualsPeriod(period: Period, asOf: Day | null): Period {
  if (asOf === null || asOf >= period.end || asOf < period.start) return period;
  return { ...period, end: asOf };
}

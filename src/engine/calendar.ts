/**
 * Calendar days and wall-clock instants without time zones.
 *
 * Exports carry local wall-clock times ("2024/7/1 14:05") with no zone; KPIs are defined on
 * calendar days. Both are kept as plain numbers computed with UTC arithmetic, so the machine's
 * TZ can never shift a date by one day.
 */

/** A calendar day: whole days since 1970-01-01 (day 0). */
export type Day = number;
/** A wall-clock instant: seconds since 1970-01-01 00:00:00 of the same (unnamed) local clock. */
export type Instant = number;

const MS_PER_DAY = 86_400_000;

/** Day number of a (year, month 1-12, day 1-31); no validation. */
export function dayFromYmd(y: number, m: number, d: number): Day {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** Whether y-m-d is a real calendar date. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export interface Ymd { y: number; m: number; d: number }

export function ymdOfDay(day: Day): Ymd {
  const dt = new Date(day * MS_PER_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** ISO text of a day: "2024-07-01". */
export function isoDay(day: Day): string {
  const { y, m, d } = ymdOfDay(day);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Parses exactly "YYYY-MM-DD"; null when it is not a real date. */
export function parseIsoDay(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: Day): number {
  // 1970-01-01 was a Thursday (3 when Monday = 0).
  return (((day + 3) % 7) + 7) % 7;
}

export function instantFromParts(y: number, m: number, d: number, hh = 0, mi = 0, ss = 0): Instant {
  return dayFromYmd(y, m, d) * 86_400 + hh * 3600 + mi * 60 + ss;
}

/** The calendar day an instant falls on. */
export function dayOfInstant(t: Instant): Day {
  return Math.floor(t / 86_400);
}

/** The instant at 00:00 of a day. */
export function startOfDay(day: Day): Instant {
  return day * 86_400;
}

/** ISO text of an instant: "2024-07-01T14:05:00". */
export function isoInstant(t: Instant): string {
  const day = dayOfInstant(t);
  const s = t - day * 86_400;
  const hh = Math.floor(s / 3600), mi = Math.floor((s % 3600) / 60), ss = s % 60;
  return `${isoDay(day)}T${String(hh).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

/** Adds months to a (year, month) pair; returns the first day of the resulting month. */
export function addMonths(y: number, m: number, k: number): Ymd {
  const idx = y * 12 + (m - 1) + k;
  return { y: Math.floor(idx / 12), m: (idx % 12) + 1, d: 1 };
}

/**
 * Pure cell parsers: text or xlsx primitives → typed values, or a reason. No IO, no clock, no TZ:
 * dates become `Day`/`Instant` numbers by UTC arithmetic (engine/calendar.ts).
 *
 * Decisions (README): under `date_format: auto` a day/month-first date such as `03/04/2024` or
 * `25/04/2024` is never guessed — it is an `ambiguous_date` asking for `date_format: DMY|MDY`;
 * year-first forms are read under any setting. Money keeps at most 4 decimals (ten-thousandths),
 * rounding half away from zero beyond that. European forms (`1.234,50`, `1 234,50`) are rejected.
 */
import { dayFromYmd, type Day, type Instant } from '../engine/calendar.js';
import type { DateOrder } from '../plan/types.js';
import { CellError, type Cell, type CellDate } from '../io/table-source.js';

/** A failure with a diagnostic code and a human reason. */
export type Failure = { ok: false; code: string; reason: string };

/** Success with a value, or a failure with a diagnostic code and a human reason. */
export type Parsed<T> = { ok: true; value: T } | Failure;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: string, reason: string): Failure => ({ ok: false, code, reason });

/** A parsed date/time: its calendar day, wall-clock instant (seconds) and whether a time was given. */
export interface DateValue {
  day: Day;
  instant: Instant;
  hasTime: boolean;
}

const NULL_WORDS = new Set(['', 'null', 'none', 'na', 'n/a', '#n/a', 'nan', 'nil', '-', '--', '—', '无', '空']);

/** True for an empty cell or a conventional "no value" marker (`NULL`, `None`, `NA`, `N/A`, `-`). */
export function isBlank(v: Cell | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  const n = v.length;
  if (n === 0) return true;
  // Fast path: no outer whitespace, and longer than any marker (≤ 4 characters) or starting with
  // a character no marker starts with (a digit, or an ASCII letter other than n/N).
  const c0 = v.charCodeAt(0);
  if (c0 > 32 && v.charCodeAt(n - 1) > 32) {
    if (n > 4) return false;
    if ((c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 122 && c0 !== 78 && c0 !== 110 && (c0 <= 90 || c0 >= 97))) return false;
  }
  const t = v.trim();
  return t === '' || (t.length <= 4 && NULL_WORDS.has(t.toLowerCase()));
}

/** The raw text of a cell, as shown in a diagnostic (an xlsx error: `#N/A`; no saved result: `=formula`). */
export function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof CellError) return v.error ?? (v.formula === null ? '' : `=${v.formula}`);
  if (typeof v === 'object') {
    const p = (n: number) => String(n).padStart(2, '0');
    const t = v.hh || v.mi || v.ss ? ` ${p(v.hh)}:${p(v.mi)}:${p(v.ss)}` : '';
    return `${v.y}-${p(v.m)}-${p(v.d)}${t}`;
  }
  return String(v);
}

/**
 * The failure of a cell that holds no value (`CellError`): `xlsx_formula_no_result` for a formula
 * saved without its result, else `code` — what the field's parser gives a value it cannot read
 * (bad_date, bad_amount, …; missing_value for ids and text). `where` follows the cell's address
 * in the reason (` of orders.xlsx` for a joined file's cell).
 */
export function cellErrorFailure(c: CellError, code: string, where = ''): Failure {
  if (c.error === null) {
    return fail('xlsx_formula_no_result', `cell ${c.ref}${where} holds a formula${c.formula ? ` (=${c.formula})` : ''} without a saved result; open the file in Excel/WPS and save it again`);
  }
  return fail(code, c.formula
    ? `cell ${c.ref}${where} holds the Excel error ${c.error}, the result of its formula =${c.formula}: correct the formula in the workbook and save it again`
    : `cell ${c.ref}${where} holds the Excel error ${c.error}, not a value: correct it in the workbook and save it again`);
}

/** Trimmed text of an id-like cell (numbers printed without exponent), or null when blank. */
export function parseId(v: Cell | undefined): string | null {
  if (typeof v === 'string') {
    // Fast path: the usual id, already trimmed and not a "no value" marker.
    const n = v.length;
    if (n > 4 && v.charCodeAt(0) > 32 && v.charCodeAt(n - 1) > 32) return v;
  }
  if (isBlank(v)) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (v instanceof CellError) return null; // never an id (source-reader.ts reports the cell)
  return cellText(v).trim();
}

/** Full-width ASCII (Ｆ０-９，．) and ideographic space → ASCII; other characters unchanged. */
export function toHalfWidth(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) < 0x3000) i++;
  if (i === s.length) return s;
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const DIM = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether y-m-d is a real date (years 1000-9999), without allocating a Date. */
function validYmd(y: number, m: number, d: number): boolean {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  if (d <= DIM[m]) return true;
  return m === 2 && d === 29 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** Two ASCII digits at s[i], or -1. */
function dd(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Days since 1970-01-01 of a valid proleptic Gregorian date, by integer arithmetic (the
 * days-from-civil algorithm); equal to calendar.ts `dayFromYmd` without building a Date.
 */
function civilDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The day of an exact `YYYY-MM-DD` text (a real date, years 1000-9999), or NaN for any other
 * text: the hot path of sales dates, with no allocation. Everything else goes through `parseDate`.
 */
export function isoDayFast(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y1 = dd(s, 0), y2 = dd(s, 2), m = dd(s, 5), d = dd(s, 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return NaN;
  const y = y1 * 100 + y2;
  return validYmd(y, m, d) ? civilDay(y, m, d) : NaN;
}

/**
 * The wall-clock instant (seconds) of an exact `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or
 * `YYYY-MM-DD HH:MM:SS` text (space or `T` between; a real date, years 1000-9999, hours 00-23),
 * or NaN for any other text. The hot path of complaint and survey date-times: no regex, no
 * allocation. For these forms it equals `parseDate(s).value.instant`, and the day is
 * `Math.floor(instant / 86_400)` (no `24:00` here); every other form (`2024/7/1 9:05`, `24:00`,
 * full-width digits, blanks…) is NaN and must go through `parseDate`.
 */
export function isoInstantFast(s: string): number {
  const len = s.length;
  if (len !== 10 && len !== 19 && len !== 16) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y1 = dd(s, 0), y2 = dd(s, 2), m = dd(s, 5), d = dd(s, 8);
  if (y1 < 0 || y2 < 0 || m < 0 || d < 0) return NaN;
  const y = y1 * 100 + y2;
  if (!validYmd(y, m, d)) return NaN;
  const day = civilDay(y, m, d);
  if (len === 10) return day * 86_400;
  const sep = s.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || s.charCodeAt(13) !== 58) return NaN;
  const hh = dd(s, 11), mi = dd(s, 14);
  let ss = 0;
  if (len === 19) {
    if (s.charCodeAt(16) !== 58) return NaN;
    ss = dd(s, 17);
  }
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return NaN;
  return day * 86_400 + hh * 3600 + mi * 60 + ss;
}

/** `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (also with T), without regexes. */
function fastIso(s: string): DateValue | null {
  const instant = isoInstantFast(s);
  if (instant !== instant) return null;
  const day = Math.floor(instant / 86_400);
  // A written time, even 00:00, is a time (as the general parser reads it).
  return { day, instant, hasTime: s.length === 16 || (s.length === 19 && instant !== day * 86_400) };
}

// ---------------------------------------------------------------- dates

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};

const TIME = String.raw`(?:[T\s]+(?<ap1>上午|下午)?\s*(?<hh>\d{1,2})[:时點点](?<mi>\d{1,2})(?:[:分](?<ss>\d{1,2})(?:[.,]\d+)?)?\s*(?:分|秒)?\s*(?<ap2>am|pm|a\.m\.|p\.m\.)?\s*(?:z|[+-]\d{2}:?\d{2})?)?`;
const YMD_RE = new RegExp(String.raw`^(?<y>\d{4})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?${TIME}$`, 'i');
const COMPACT_RE = new RegExp(String.raw`^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})${TIME}$`, 'i');
const XYY_RE = new RegExp(String.raw`^(?<a>\d{1,2})[-/.](?<b>\d{1,2})[-/.](?<y>\d{4})${TIME}$`, 'i');
// `1-Jul-24` (Excel's English short date) too: with a month name a two-digit year is unambiguous.
const DMONY_RE = new RegExp(String.raw`^(?<d>\d{1,2})[-\s]+(?<mon>[a-z]{3,9})\.?[-\s,]+(?<y>\d{4}|\d{2})${TIME}$`, 'i');
const MONDY_RE = new RegExp(String.raw`^(?<mon>[a-z]{3,9})\.?\s+(?<d>\d{1,2}),?\s+(?<y>\d{4})${TIME}$`, 'i');

/** Excel serial of 1970-01-01 in the 1900 date system. */
const EXCEL_EPOCH_OFFSET = 25_569;

/**
 * Reads an Excel serial date (1900 system): 1 = 1900-01-01, 60 = the non-existent 1900-02-29
 * (Lotus bug; rejected), 61 = 1900-03-01, 45474 = 2024-07-01; the fraction is the time of day.
 */
export function fromExcelSerial(serial: number): Parsed<DateValue> {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) {
    return fail('bad_date', `${serial} is not an Excel date serial number (1 … 2958465)`);
  }
  const whole = Math.floor(serial);
  if (whole === 60) return fail('bad_date', 'Excel serial 60 is 1900-02-29, a date that does not exist (Excel 1900 leap-year bug)');
  let secs = Math.round((serial - whole) * 86_400);
  let dayShift = 0;
  if (secs >= 86_400) { secs -= 86_400; dayShift = 1; }
  const day = (whole < 60 ? whole - 1 + dayFromYmd(1900, 1, 1) : whole - EXCEL_EPOCH_OFFSET) + dayShift;
  return ok({ day, instant: day * 86_400 + secs, hasTime: secs !== 0 });
}

function fromParts(y: number, m: number, d: number, g: Record<string, string | undefined>, raw: string): Parsed<DateValue> {
  if (!validYmd(y, m, d)) return fail('bad_date', `${JSON.stringify(raw)} is not a real calendar date`);
  const day = dayFromYmd(y, m, d);
  if (g.hh === undefined) return ok({ day, instant: day * 86_400, hasTime: false });
  let hh = +g.hh;
  const mi = +(g.mi ?? 0), ss = +(g.ss ?? 0);
  const ap = (g.ap1 ?? g.ap2 ?? '').toLowerCase().replace(/\./g, '');
  if (ap) {
    if (hh < 1 || hh > 12) return fail('bad_date', `${JSON.stringify(raw)}: hour ${hh} with AM/PM`);
    if (ap === 'pm' || ap === '下午') { if (hh !== 12) hh += 12; } else if (hh === 12) hh = 0;
  }
  if (hh > 23 || mi > 59 || ss > 59) {
    if (!(hh === 24 && mi === 0 && ss === 0)) return fail('bad_date', `${JSON.stringify(raw)} has an impossible time of day`);
  }
  return ok({ day, instant: day * 86_400 + hh * 3600 + mi * 60 + ss, hasTime: true });
}

/**
 * Parses a date or date-time cell. Accepts: xlsx date cells; Excel serial numbers; `2024-07-01`,
 * `2024-07-01T14:05:00`, `2024/7/1 14:05`, `2024.7.1`, `2024年7月1日`, `2024年7月1日 14时05分`,
 * `20240701`, `1 Jul 2024`, `Jul 1, 2024`; `dd/mm/yyyy` or `mm/dd/yyyy` only under the matching
 * `order` (under `auto` they are `ambiguous_date`). A time zone suffix is ignored: times are kept
 * as the wall clock written. Fractions of seconds are dropped.
 */
export function parseDate(v: Cell | undefined, order: DateOrder = 'auto'): Parsed<DateValue> {
  if (isBlank(v)) return fail('missing_value', 'no date');
  if (typeof v === 'number') return fromExcelSerial(v);
  if (typeof v === 'boolean') return fail('bad_date', `${v} is not a date`);
  if (v instanceof CellError) return cellErrorFailure(v, 'bad_date');
  if (typeof v === 'object' && v !== null) return fromCellDate(v);
  const raw = v as string;
  const fast = fastIso(raw);
  if (fast) return ok(fast);
  const s = toHalfWidth(raw).trim().replace(/\s+/g, ' ');
  let m = YMD_RE.exec(s) ?? COMPACT_RE.exec(s);
  if (m) {
    const g = m.groups!;
    return fromParts(+g.y, +g.m, +g.d, g, raw);
  }
  m = XYY_RE.exec(s);
  if (m) {
    const g = m.groups!;
    const a = +g.a, b = +g.b;
    if (order === 'DMY') return fromParts(+g.y, b, a, g, raw);
    if (order === 'MDY') return fromParts(+g.y, a, b, g, raw);
    if (order === 'YMD') return fail('bad_date', `${JSON.stringify(raw)} is not year-month-day as \`date_format: YMD\` says`);
    return fail('ambiguous_date',
      `${JSON.stringify(raw)} could be day/month or month/day; set \`date_format: DMY\` or \`MDY\` for this source (auto never guesses)`);
  }
  m = DMONY_RE.exec(s) ?? MONDY_RE.exec(s);
  if (m) {
    const g = m.groups!;
    const mon = MONTHS[g.mon.toLowerCase()];
    // Two-digit years as Excel reads them: 00–29 → 2000–2029, 30–99 → 1930–1999.
    const y = g.y.length === 2 ? (+g.y < 30 ? 2000 + +g.y : 1900 + +g.y) : +g.y;
    if (mon) return fromParts(y, mon, +g.d, g, raw);
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    return fail('bad_date', `${JSON.stringify(raw)} looks like an Excel serial number saved as text; format the column as a date before exporting`);
  }
  return fail('bad_date', `${JSON.stringify(raw)} is not a date (expected e.g. 2024-07-01, 2024/7/1 14:05 or 2024年7月1日)`);
}

function fromCellDate(c: CellDate): Parsed<DateValue> {
  if (!validYmd(c.y, c.m, c.d)) return fail('bad_date', `${cellText(c)} is not a real calendar date`);
  const day = dayFromYmd(c.y, c.m, c.d);
  const secs = c.hh * 3600 + c.mi * 60 + c.ss;
  return ok({ day, instant: day * 86_400 + secs, hasTime: secs !== 0 });
}

// ---------------------------------------------------------------- numbers and money

/**
 * Scales a plain unsigned decimal digit string by 10^shift and rounds half up to an integer,
 * exactly (string arithmetic). Returns null when the result is not a safe integer.
 */
function scaleDigits(intPart: string, fracPart: string, shift: number): number | null {
  let digits = intPart + fracPart;
  let point = intPart.length + shift;
  if (point < 0) { digits = '0'.repeat(-point) + digits; point = 0; }
  if (digits.length < point) digits = digits + '0'.repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const roundUp = digits.length > point && digits.charCodeAt(point) >= 53; // '5'
  let n = Number(whole);
  if (roundUp) n += 1;
  return Number.isSafeInteger(n) ? n : null;
}

interface Decimal { neg: boolean; int: string; frac: string; exp: number }

/** Splits the text of a plain number: optional sign, digits with valid `,` groups, decimals, exponent. */
function splitDecimal(s: string): Decimal | null {
  const m = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(?:\.(\d*))?(?:e([+-]?\d{1,3}))?$/i.exec(s);
  if (!m) return null;
  return { neg: m[1] === '-', int: (m[2] || '0').replace(/,/g, ''), frac: m[3] ?? '', exp: m[4] ? +m[4] : 0 };
}

/** Shortest exact decimal text of a JS number (no exponent for ordinary magnitudes). */
function numberText(n: number): string {
  const s = String(n);
  return s;
}

const CURRENCY_PREFIX = /^(?:[¥￥$€£]|rmb|cny|usd|eur|gbp|hkd|jpy|us\$|hk\$|人民币)\s*/i;
const CURRENCY_SUFFIX = /\s*(?:元|圆|人民币|rmb|cny|usd|eur|gbp|hkd|jpy)$/i;

/** ISO 4217 codes of the currency marks and of the plan's `currency:` spellings that are not a code. */
const CURRENCY_CODES: Readonly<Record<string, string>> = {
  rmb: 'CNY', cny: 'CNY', '人民币': 'CNY', '元': 'CNY', '圆': 'CNY',
  usd: 'USD', 'us$': 'USD', eur: 'EUR', '€': 'EUR', gbp: 'GBP', '£': 'GBP', hkd: 'HKD', 'hk$': 'HKD', jpy: 'JPY',
};

/** The ISO code of a plan's `currency:` (`CNY`, `rmb`, `人民币` → CNY; `usd` → USD), or null when it is not one. */
export function currencyCode(text: string): string | null {
  const t = text.trim().toLowerCase();
  return CURRENCY_CODES[t] ?? (/^[a-z]{3}$/.test(t) ? t.toUpperCase() : null);
}

/**
 * Whether an amount's currency mark fits the plan's currency (an ISO code): ¥ is yuan or yen, a
 * bare $ any dollar (USD, HKD, SGD, TWD, AUD…), the rest one currency each.
 */
function markFits(mark: string, code: string): boolean {
  const m = mark.toLowerCase();
  if (m === '¥' || m === '￥') return code === 'CNY' || code === 'JPY';
  if (m === '$') return code.endsWith('D');
  return (CURRENCY_CODES[m] ?? m.toUpperCase()) === code;
}

/**
 * The currency an amount's mark names, as an ISO code, for drafting a plan (`kpi init --from`):
 * ¥ and 元 → CNY, $ → USD, HK$ → HKD, € → EUR …; null when the amount has no mark.
 */
export function currencyOfAmount(text: string): string | null {
  const s = toHalfWidth(text).replace(/[\s\u00a0]+/g, '').replace(/^[(+-]+/, '');
  const mark = (CURRENCY_PREFIX.exec(s) ?? CURRENCY_SUFFIX.exec(s))?.[0].trim().toLowerCase();
  if (!mark) return null;
  if (mark === '¥' || mark === '￥') return 'CNY';
  if (mark === '$') return 'USD';
  return CURRENCY_CODES[mark] ?? mark.toUpperCase();
}

function markName(mark: string): string {
  const m = mark.toLowerCase();
  if (m === '¥' || m === '￥') return 'CNY or JPY';
  if (m === '$') return 'dollars';
  return CURRENCY_CODES[m] ?? m.toUpperCase();
}

/**
 * Parses an amount of money into integer ten-thousandths of the currency unit (¥1,234.50 →
 * 12345000). Accepts currency signs/codes (¥ ￥ $ € £ RMB CNY USD 元), thousands separators in
 * valid groups, `-` before or after the sign, accounting parentheses `(1,234.50)`, Chinese
 * multipliers `万` (10⁴) and `亿` (10⁸), full-width digits and spaces. More than 4 decimals are
 * rounded half away from zero. Rejects `1.234,50` / `1 234,50` and anything else.
 *
 * `currency` (the plan's, as an ISO code; see currencyCode): an amount marked in another currency
 * (`€100`, `HK$100`, `USD 1,234.50` in a CNY plan) is a `bad_amount` — summed as it was, it would
 * count euros as yuan without a word.
 */
export function parseMoney(v: Cell | undefined, currency?: string | null): Parsed<number> {
  if (isBlank(v)) return fail('missing_value', 'no amount');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return fail('bad_amount', `${v} is not an amount`);
    return moneyFromText(numberText(v), String(v));
  }
  if (v instanceof CellError) return cellErrorFailure(v, 'bad_amount');
  if (typeof v !== 'string') return fail('bad_amount', `${cellText(v)} is not an amount`);
  return moneyFromText(v, v, currency);
}

/**
 * Plain `-?digits(.digits)?` with at most 4 decimals, as integer ten-thousandths, parsed without
 * regexes or floats; null for anything else (then `parseMoney` decides).
 */
export function fastMoney(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 15) return null;
  let i = 0, neg = false;
  if (s.charCodeAt(0) === 45) { neg = true; i = 1; }
  let v = 0, digits = 0, frac = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) { if (frac >= 0 || digits === 0) return null; frac = 0; continue; }
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
    digits++;
    if (frac >= 0 && ++frac > 4) return null;
  }
  if (digits === 0 || frac === 0) return null;
  for (let k = frac < 0 ? 0 : frac; k < 4; k++) v *= 10;
  if (!Number.isSafeInteger(v)) return null;
  return neg && v !== 0 ? -v : v;
}

function moneyFromText(text: string, raw: string, currency?: string | null): Parsed<number> {
  const fast = fastMoney(text);
  if (fast !== null) return ok(fast);
  const bad = () => fail('bad_amount', `${JSON.stringify(raw)} is not an amount (expected e.g. 1234.50, ¥1,234.50, (1,234.50) or 1.2万)`);
  let s = toHalfWidth(text).replace(/[\s\u00a0\u2009\u202f]+/g, '').replace(/−/g, '-');
  let neg = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) { neg = true; s = paren[1]; }
  if (s.startsWith('-')) { if (neg) return bad(); neg = true; s = s.slice(1); } else if (s.startsWith('+')) s = s.slice(1);
  const pre = CURRENCY_PREFIX.exec(s);
  if (pre) {
    s = s.slice(pre[0].length);
    if (s.startsWith('-') && !neg) { neg = true; s = s.slice(1); }
  }
  const suf = CURRENCY_SUFFIX.exec(s);
  if (suf) s = s.slice(0, suf.index);
  for (const m of [pre, suf]) {
    const mark = m?.[0].trim();
    if (mark && currency && !markFits(mark, currency)) {
      return fail('bad_amount', `${JSON.stringify(raw)} is in ${markName(mark)}, but the plan's currency is ${currency}; convert the amounts, or set \`currency:\` in the plan`);
    }
  }
  let shift = 4;
  if (s.endsWith('亿')) { shift += 8; s = s.slice(0, -1); } else if (s.endsWith('万')) { shift += 4; s = s.slice(0, -1); }
  const d = splitDecimal(s);
  if (!d || d.neg) return bad();
  const n = scaleDigits(d.int, d.frac, shift + d.exp);
  if (n === null) return fail('bad_amount', `${JSON.stringify(raw)} is too large`);
  return ok(neg && n !== 0 ? -n : n);
}

/** Integer ten-thousandths → decimal text ("12345000" → "1234.5"). */
export function e4ToDecimal(e4: number): string {
  const neg = e4 < 0;
  const a = Math.abs(e4);
  const int = Math.floor(a / 10_000);
  const frac = String(a % 10_000).padStart(4, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

/**
 * The value of a text of 1 to 9 ASCII digits (`7`, `10`, `007`), or -1 for any other text (empty,
 * signs, decimals, spaces, full-width digits…). Scores and counts are mostly such texts: this
 * reads them with no allocation, and equals `parseNumber(s).value` whenever it is not -1.
 */
export function plainDigits(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return -1;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

/**
 * Parses a plain number: sign, digits, valid thousands groups, decimals, exponent, full-width
 * digits. `5.0` → 5. Not for money (see parseMoney).
 */
export function parseNumber(v: Cell | undefined): Parsed<number> {
  if (isBlank(v)) return fail('missing_value', 'no number');
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : fail('bad_number', `${v} is not a number`);
  if (v instanceof CellError) return cellErrorFailure(v, 'bad_number');
  if (typeof v !== 'string') return fail('bad_number', `${cellText(v)} is not a number`);
  // Fast path: a few plain digits (scores, counts).
  const x = plainDigits(v);
  if (x >= 0) return ok(x);
  const s = toHalfWidth(v).trim().replace(/−/g, '-');
  const d = splitDecimal(s);
  if (!d) return fail('bad_number', `${JSON.stringify(v)} is not a number`);
  const n = Number(`${d.neg ? '-' : ''}${d.int}.${d.frac || '0'}e${d.exp}`);
  return Number.isFinite(n) ? ok(n) : fail('bad_number', `${JSON.stringify(v)} is out of range`);
}

/**
 * Parses a share as exact integer millionths (50% → 500000, 0.333333 → 333333).
 * `85%` and `0.85` are both 85%. A bare number above 1 (`85`) is read as a percentage only when
 * `bareAbove1IsPercent` (split columns, where a share above 100% makes no sense); otherwise it is
 * a `bad_percent`.
 */
export function parsePercentE6(v: Cell | undefined, opts: { bareAbove1IsPercent?: boolean } = {}): Parsed<number> {
  if (isBlank(v)) return fail('missing_value', 'no percentage');
  let s: string;
  if (typeof v === 'number') s = numberText(v);
  else if (typeof v === 'string') s = toHalfWidth(v).trim().replace(/\s+/g, '');
  else if (v instanceof CellError) return cellErrorFailure(v, 'bad_percent');
  else return fail('bad_percent', `${cellText(v)} is not a percentage`);
  const isPct = s.endsWith('%') || s.endsWith('％');
  if (isPct) s = s.slice(0, -1);
  const d = splitDecimal(s);
  if (!d) return fail('bad_percent', `${JSON.stringify(cellText(v))} is not a percentage (expected e.g. 85% or 0.85)`);
  let shift = 6 + d.exp;
  if (isPct) shift -= 2;
  else {
    const asFraction = scaleDigits(d.int, d.frac, shift);
    if (asFraction !== null && asFraction > 1_000_000) {
      if (!opts.bareAbove1IsPercent) {
        return fail('bad_percent', `${JSON.stringify(cellText(v))} is ambiguous: write ${cellText(v)}% or a fraction like 0.85`);
      }
      shift -= 2;
    }
  }
  const n = scaleDigits(d.int, d.frac, shift);
  if (n === null) return fail('bad_percent', `${JSON.stringify(cellText(v))} is too large`);
  return ok(d.neg && n !== 0 ? -n : n);
}

/** Like parsePercentE6 but as a fraction (0.85). */
export function parsePercent(v: Cell | undefined, opts: { bareAbove1IsPercent?: boolean } = {}): Parsed<number> {
  const r = parsePercentE6(v, opts);
  return r.ok ? ok(r.value / 1_000_000) : r;
}

const TRUE_WORDS = new Set(['是', 'yes', 'y', 'true', 't', '1', '满意', '√', '✓', '✔']);
const FALSE_WORDS = new Set(['否', 'no', 'n', 'false', 'f', '0', '不满意', '×', '✗', '✘']);

/**
 * Parses a yes/no cell: 是/否, yes/no, y/n, true/false, 1/0, 满意/不满意, ✓/✗ (case-insensitive),
 * xlsx booleans and the numbers 1/0.
 */
export function parseBool(v: Cell | undefined): Parsed<boolean> {
  if (isBlank(v)) return fail('missing_value', 'no yes/no value');
  if (typeof v === 'boolean') return ok(v);
  if (typeof v === 'number') {
    if (v === 1) return ok(true);
    if (v === 0) return ok(false);
    return fail('bad_boolean', `${v} is not yes/no`);
  }
  if (v instanceof CellError) return cellErrorFailure(v, 'bad_boolean');
  const s = toHalfWidth(cellText(v)).trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return ok(true);
  if (FALSE_WORDS.has(s)) return ok(false);
  return fail('bad_boolean', `${JSON.stringify(cellText(v))} is not yes/no (expected 是/否, yes/no, true/false, 1/0, 满意/不满意)`);
}

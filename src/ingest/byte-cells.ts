/**
 * Cell readers over ASCII bytes, for byte lanes (`OpenedTable.byteRows`): a hot export read
 * without a string per field. Each one either gives exactly what its string counterpart in
 * values.ts gives for the same text, or declines (null / NaN / false) so that the caller hands
 * the whole row back to be read as text, where every diagnostic is made.
 */
import type { IdTable } from '../model/ids.js';
import { isoDayFast } from './values.js';

import { latin1 } from '../latin1.js';


/**
 * Whether buf[from, to) is an id that `parseId` returns unchanged: no blank or control character
 * at either end (nothing to trim), and not possibly a "no value" marker (`NULL`, `N/A`, `-`, …,
 * all at most 4 characters): longer than 4, or starting with a digit or an ASCII letter other than
 * n/N, as `isBlank`'s own fast path decides. Anything else declines (the text path decides).
 */
export function plainId(buf: Uint8Array, from: number, to: number): boolean {
  const len = to - from;
  if (len === 0) return false;
  const c0 = buf[from];
  if (c0 <= 32 || buf[to - 1] <= 32) return false;
  if (len > 4) return true;
  return (c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 122 && c0 !== 78 && c0 !== 110 && (c0 <= 90 || c0 >= 97));
}

/**
 * `fastMoney` over bytes: plain `-?digits(.digits)?` with at most 4 decimals → integer
 * ten-thousandths; null for anything else (the row is then read as text and `parseMoney` decides).
 * Written step for step like `fastMoney`, so the two agree on every input.
 */
export function fastMoneyBytes(buf: Uint8Array, from: number, to: number): number | null {
  const n = to - from;
  if (n === 0 || n > 15) return null;
  let i = from, neg = false;
  if (buf[i] === 45) { neg = true; i++; }
  let v = 0, digits = 0, frac = -1;
  for (; i < to; i++) {
    const c = buf[i];
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

/**
 * `isoDayFast` over bytes, memoised: a `YYYY-MM-DD` cell's eight digits are its key, and a key
 * seen for the first time is answered by `isoDayFast` itself on the text (so the two agree by
 * construction, invalid dates such as 2024-02-30 included). A sales file has a few hundred
 * distinct dates, so nearly every row is a table hit.
 */
export class IsoDayCache {
  private readonly keys = new Int32Array(4096).fill(-1);
  private readonly days = new Float64Array(4096);

  /** The day of an exact `YYYY-MM-DD` cell, or NaN (then the text path decides). */
  day(buf: Uint8Array, from: number, to: number): number {
    if (to - from !== 10 || buf[from + 4] !== 45 || buf[from + 7] !== 45) return NaN;
    const y0 = buf[from] - 48, y1 = buf[from + 1] - 48, y2 = buf[from + 2] - 48, y3 = buf[from + 3] - 48;
    const m0 = buf[from + 5] - 48, m1 = buf[from + 6] - 48, d0 = buf[from + 8] - 48, d1 = buf[from + 9] - 48;
    // (x >>> 0) > 9: not a digit (below '0' wraps around).
    if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9
      || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return NaN;
    const key = ((((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 100 + m0 * 10 + m1) * 100 + d0 * 10 + d1;
    const slot = Math.imul(key, 0x9e3779b1) >>> 20;
    if (this.keys[slot] === key) return this.days[slot];
    const d = isoDayFast(latin1(buf, from, to));
    this.keys[slot] = key;
    this.days[slot] = d;
    return d;
  }
}

/**
 * A few short cells' bytes → a value computed once from their text (e.g. whether a status cell
 * matches `exclude:`): a status column repeats a handful of words. Past 16 distinct keys the value
 * is computed each time.
 */
export class ByteKeyCache<T> {
  private readonly keys: Uint8Array[] = [];
  private readonly vals: T[] = [];

  constructor(private readonly compute: (text: string) => T) {}

  get(buf: Uint8Array, from: number, to: number): T {
    const len = to - from;
    const keys = this.keys;
    outer: for (let e = 0; e < keys.length; e++) {
      const k = keys[e];
      if (k.length !== len) continue;
      for (let i = 0; i < len; i++) if (k[i] !== buf[from + i]) continue outer;
      return this.vals[e];
    }
    const v = this.compute(latin1(buf, from, to));
    if (keys.length < 16 && len <= 64) {
      keys.push(Uint8Array.prototype.slice.call(buf, from, to)); // a copy (Buffer#slice would share)
      this.vals.push(v);
    }
    return v;
  }
}


/**
 * `isoInstantFast` over bytes, for complaint date-times (`2024-08-09 17:55`): the date part goes
 * through an IsoDayCache (the date checks of `isoInstantFast` are those of `isoDayFast`, and the
 * cache answers each distinct date with `isoDayFast` itself), the time is checked step for step
 * as `isoInstantFast` checks it (space or `T`, `HH:MM` or `HH:MM:SS`, hours 00-23, no 24:00).
 * NaN for every other form (the text path decides).
 */
export class IsoInstantCache {
  private readonly days = new IsoDayCache();

  /** The instant (seconds) of a fast-form date-time in buf[from, to), or NaN. */
  instant(buf: Uint8Array, from: number, to: number): number {
    const len = to - from;
    if (len !== 10 && len !== 16 && len !== 19) return NaN;
    const day = this.days.day(buf, from, from + 10);
    if (day !== day) return NaN;
    if (len === 10) return day * 86_400;
    const sep = buf[from + 10];
    if ((sep !== 32 && sep !== 84) || buf[from + 13] !== 58) return NaN;
    const hh = digits2(buf, from + 11), mi = digits2(buf, from + 14);
    let ss = 0;
    if (len === 19) {
      if (buf[from + 16] !== 58) return NaN;
      ss = digits2(buf, from + 17);
    }
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return NaN;
    return day * 86_400 + hh * 3600 + mi * 60 + ss;
  }
}

/** Two ASCII digits at buf[i], or -1 (as values.ts `dd`). */
function digits2(buf: Uint8Array, i: number): number {
  const a = buf[i] - 48, b = buf[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** `plainDigits` over bytes: the value of 1 to 9 ASCII digits, or -1 for anything else. */
export function plainDigitsBytes(buf: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n === 0 || n > 9) return -1;
  let x = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

/**
 * An optional id cell for a byte lane: OPT_ABSENT for an empty cell (`parseId` gives null, the id
 * is -1), OPT_PLAIN for an id `parseId` returns unchanged (see plainId; to be interned from the
 * bytes), OPT_DECLINE for anything else (a `NULL` marker, outer blanks: the text path decides).
 */
export const OPT_ABSENT = 0, OPT_PLAIN = 1, OPT_DECLINE = 2;

export function optionalId(buf: Uint8Array, from: number, to: number): number {
  if (to === from) return OPT_ABSENT;
  return plainId(buf, from, to) ? OPT_PLAIN : OPT_DECLINE;
}

/** `optionalId` of the cell at main-file slot `slot` of a byte row (an unmapped slot, -1, reads as empty). */
export function optionalIdAt(buf: Uint8Array, f: Int32Array, slot: number): number {
  return slot < 0 ? OPT_ABSENT : optionalId(buf, f[slot], f[slot + 1] - 1);
}

/** The id at `slot` interned into `table` when its kind (optionalIdAt) is OPT_PLAIN, else -1. */
export function internIdAt(buf: Uint8Array, f: Int32Array, slot: number, kind: number, table: IdTable): number {
  return kind === OPT_PLAIN ? table.internBytes(buf, f[slot], f[slot + 1] - 1) : -1;
}

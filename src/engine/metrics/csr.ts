/**
 * Small array helpers behind the metric index: a stable counting sort by calendar day, compressed
 * row lists per key (CSR: `start[k]..start[k+1]` indexes `items`) and binary searches over them.
 * Everything works on typed arrays, so a million rows cost a few passes and no per-row objects.
 */

/** Rows grouped by an integer key (employee, customer), each group in ascending sort-key order. */
export interface Csr {
  /** Length keys + 1: group k is items[start[k] .. start[k+1]). */
  start: Int32Array;
  /** Item indices (sales rows, complaints, surveys). */
  items: Int32Array;
  /** Sort key (a Day) of items[i], copied for cache-friendly binary search. */
  keys: Int32Array;
}

/**
 * Indices 0..n-1 stably sorted by `days[i]` (integer days). Counting sort when the key range is
 * reasonable, a comparison sort otherwise; ties keep index order.
 */
export function sortByDay(days: Int32Array): Int32Array {
  const n = days.length;
  const out = new Int32Array(n);
  if (n === 0) return out;
  let lo = days[0], hi = days[0];
  for (let i = 1; i < n; i++) {
    const k = days[i];
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  const range = hi - lo + 1;
  if (range > 4 * n + 100_000) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out.sort((a, b) => days[a] - days[b] || a - b);
  }
  const count = new Int32Array(range + 1);
  for (let i = 0; i < n; i++) count[days[i] - lo + 1]++;
  for (let k = 1; k <= range; k++) count[k] += count[k - 1];
  for (let i = 0; i < n; i++) out[count[days[i] - lo]++] = i;
  return out;
}

/**
 * Groups the items of `order` (indices already sorted by day) by `group[i]` in 0..nGroups-1,
 * keeping the day order inside each group. Items whose group is < 0 are left out.
 */
export function groupSorted(order: Int32Array, nGroups: number, group: Int32Array, days: Int32Array): Csr {
  const start = new Int32Array(nGroups + 1);
  let kept = 0;
  for (let k = 0; k < order.length; k++) {
    const g = group[order[k]];
    if (g >= 0 && g < nGroups) { start[g + 1]++; kept++; }
  }
  for (let g = 0; g < nGroups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, nGroups);
  const items = new Int32Array(kept);
  const keys = new Int32Array(kept);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const g = group[i];
    if (g >= 0 && g < nGroups) {
      const at = fill[g]++;
      items[at] = i;
      keys[at] = days[i];
    }
  }
  return { start, items, keys };
}

/** First position in keys[lo..hi) whose key is ≥ day (hi when none). */
export function lowerBound(keys: Int32Array, lo: number, hi: number, day: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in keys[lo..hi) whose key is > day (hi when none). */
export function upperBound(keys: Int32Array, lo: number, hi: number, day: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions [from, to) of group g's items whose day lies in [startDay, endDay]. */
export function dayRange(csr: Csr, g: number, startDay: number, endDay: number): [number, number] {
  if (g < 0 || g + 1 >= csr.start.length) return [0, 0];
  const lo = csr.start[g], hi = csr.start[g + 1];
  return [lowerBound(csr.keys, lo, hi, startDay), upperBound(csr.keys, lo, hi, endDay)];
}

/** Largest (employees × days) table for the one-pass counting sort; beyond it, two passes. */
const MAX_BUCKETS = 1 << 22;

/**
 * The stable order of sales rows by (employee, day), ties in row order: `dest[r]` is row r's
 * position, and employee e's rows are positions start[e] … start[e+1]. Employees are
 * 0..nEmployees-1 (every `employee[r]` must be in range); n rows are read.
 */
export function employeeDayOrder(employee: Int32Array, day: Int32Array, n: number, nEmployees: number): { dest: Int32Array; start: Int32Array } {
  const nE = nEmployees;
  const dest = new Int32Array(n);
  const start = new Int32Array(nE + 1);
  let lo = 0x7fffffff, hi = -0x7fffffff;
  for (let r = 0; r < n; r++) {
    const d = day[r];
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const range = n === 0 ? 1 : hi - lo + 1;
  if (n > 0 && nE * range <= Math.max(MAX_BUCKETS, n)) {
    const fill = new Int32Array(nE * range + 1);
    for (let r = 0; r < n; r++) fill[employee[r] * range + day[r] - lo + 1]++;
    for (let b = 1; b < fill.length; b++) fill[b] += fill[b - 1];
    for (let e = 0; e <= nE; e++) start[e] = fill[e * range];
    for (let r = 0; r < n; r++) dest[r] = fill[employee[r] * range + day[r] - lo]++;
  } else if (n > 0) {
    const byDay = sortByDay(day.length === n ? day : day.subarray(0, n));
    for (let r = 0; r < n; r++) start[employee[r] + 1]++;
    for (let e = 0; e < nE; e++) start[e + 1] += start[e];
    const fill = start.slice(0, nE);
    for (let k = 0; k < n; k++) { const r = byDay[k]; dest[r] = fill[employee[r]]++; }
  }
  return { dest, start };
}

/** Whether rows 0..n-1 are already in (employee, day) order. */
export function inEmployeeDayOrder(employee: Int32Array, day: Int32Array, n: number): boolean {
  for (let r = 1; r < n; r++) {
    const e0 = employee[r - 1], e1 = employee[r];
    if (e1 < e0 || (e1 === e0 && day[r] < day[r - 1])) return false;
  }
  return true;
}

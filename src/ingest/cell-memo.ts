/**
 * Small per-source memos for the complaint and survey handlers: answers for repeated cell texts
 * (`TextMemo`) and the first row of each record id (`FirstRows`). Both only save work: what
 * they return is what the general code would compute.
 */
import { Interner, type IdTable } from '../model/ids.js';

/**
 * A pure function of a cell's text, remembered per distinct text. Status and yes/no columns
 * repeat a handful of words (`resolved`, `no`): a Map lookup replaces trimming, lower-casing and
 * word-set lookups on every row. At most `limit` texts are kept (a column of free text just
 * computes). `compute` must be pure and must not return undefined.
 */
export class TextMemo<T> {
  private readonly known = new Map<string, T>();

  constructor(private readonly compute: (text: string) => T, private readonly limit = 1024) {}

  get(text: string): T {
    let v = this.known.get(text);
    if (v === undefined) {
      v = this.compute(text);
      if (this.known.size < this.limit) this.known.set(text, v);
    }
    return v;
  }
}

/**
 * Ids sharing a prefix and a digit form: `values[number]` is what is stored for the id (0 =
 * nothing). `width` is 0 for numbers written without leading zeros (`K7`, `K1234`), else the
 * digit count of zero-padded numbers (`K0007`: 4), so that each id has exactly one (lane, number).
 */
interface Lane {
  prefix: string;
  width: number;
  values: Int32Array;
}

/** Lanes per DigitLanes; numbers from LANE_CAP up are not held (a lane grows to at most 4 MB). */
const MAX_LANES = 4;
const LANE_BITS = 20;
const LANE_CAP = 1 << LANE_BITS;

/**
 * An int per id, for ids of the form `<prefix><number>` (`K1`, `SO00241873`, `12345`): a prefix
 * without ASCII digits, then 1–9 ASCII digits worth less than 2^20, in at most 4 prefix/digit
 * forms (see Lane). Such an id is a position in a typed array: no hashing, no string kept alive.
 * The prefix and the zero padding are part of the key, so `K01` and `K1` are different ids.
 * `slot(id)` is -1 for any other id (the caller keeps those elsewhere). Whether an id has a slot
 * depends only on its text and on lanes made earlier, which never go away: an id that got a slot
 * gets the same slot every time.
 */
export class DigitLanes {
  private readonly lanes: Lane[] = [];

  /** The slot of `id` (≥ 0), or -1 when `id` has no slot. */
  slot(id: string): number {
    const n = id.length;
    let p = 0;
    while (p < n && !isDigit(id.charCodeAt(p))) p++;
    const digits = n - p;
    if (digits < 1 || digits > 9) return -1;
    let value = 0;
    for (let i = p; i < n; i++) {
      const c = id.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      value = value * 10 + c;
    }
    if (value >= LANE_CAP) return -1;
    const k = this.laneOf(id, p, id.charCodeAt(p) === 48 ? digits : 0);
    return k < 0 ? -1 : k * LANE_CAP + value;
  }

  /** The int stored at a slot (0 when nothing is). */
  get(slot: number): number {
    const values = this.lanes[slot >>> LANE_BITS].values, i = slot & (LANE_CAP - 1);
    return i < values.length ? values[i] : 0;
  }

  /** Stores `v` at a slot. */
  set(slot: number, v: number): void {
    const lane = this.lanes[slot >>> LANE_BITS], i = slot & (LANE_CAP - 1);
    if (i >= lane.values.length) {
      let cap = lane.values.length * 2;
      while (cap <= i) cap *= 2;
      const grown = new Int32Array(cap);
      grown.set(lane.values);
      lane.values = grown;
    }
    lane.values[i] = v;
  }

  /** Index of the lane of ids with the prefix `id[0, p)` and digit form `width` (made when there is room), or -1. */
  private laneOf(id: string, p: number, width: number): number {
    const lanes = this.lanes;
    for (let k = 0; k < lanes.length; k++) {
      const l = lanes[k];
      if (l.width === width && l.prefix.length === p && startsWith(id, l.prefix)) return k;
    }
    if (lanes.length === MAX_LANES) return -1;
    lanes.push({ prefix: id.slice(0, p), width, values: new Int32Array(1024) });
    return lanes.length - 1;
  }
}

/**
 * The first row of each id of an export (complaint_id, response_id), to report duplicates.
 * Why not just an Interner: ids are usually `<letters><number>`, which DigitLanes holds with no
 * hashing and no strings; any other id goes to an Interner.
 */
export class FirstRows {
  private readonly lanes = new DigitLanes();
  private readonly others = new Interner();
  private readonly otherRows: number[] = [];

  /**
   * Records `row` (≥ 1) as the first row of `id` and returns 0, or, when `id` was seen
   * before, returns its first row (and records nothing).
   */
  claim(id: string, row: number): number {
    const slot = this.lanes.slot(id);
    if (slot >= 0) {
      const first = this.lanes.get(slot);
      if (first === 0) this.lanes.set(slot, row);
      return first;
    }
    const seen = this.others.size;
    const k = this.others.intern(id);
    if (k < seen) return this.otherRows[k];
    this.otherRows.push(row);
    return 0;
  }
}

/**
 * `table.intern(id)`, remembered for `<prefix><number>` ids (see DigitLanes). Why: customer ids
 * repeat across rows and across exports (complaints, then surveys), and a lookup in a big IdTable
 * costs a few cache misses; a lane is one small array read. The result is always exactly
 * `table.intern(id)`, which is called the first time an id is seen here, so first-seen order and
 * indexes are unchanged (an IdTable never renumbers its ids). Not worth it for ids that rarely
 * repeat (order ids) or tables that fit in cache (employees).
 */
export class InternMemo {
  private static readonly memos = new WeakMap<IdTable, InternMemo>();
  private readonly lanes = new DigitLanes();

  private constructor(private readonly table: IdTable) {}

  /** The memo of `table`, shared by every export read into it. */
  static of(table: IdTable): InternMemo {
    let m = InternMemo.memos.get(table);
    if (m === undefined) InternMemo.memos.set(table, (m = new InternMemo(table)));
    return m;
  }

  /** Index of `id` in the table, adding it when new (as IdTable.intern). */
  intern(id: string): number {
    const slot = this.lanes.slot(id);
    if (slot < 0) return this.table.intern(id);
    const known = this.lanes.get(slot);
    if (known !== 0) return known - 1;
    const idx = this.table.intern(id);
    this.lanes.set(slot, idx + 1);
    return idx;
  }
}

/** Whether `s` starts with `prefix` (a short one: compared here rather than by a builtin call). */
function startsWith(s: string, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) if (s.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

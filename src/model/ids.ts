/** Id tables: customer, employee and order ids interned to dense integers (see IdTable). */

import { latin1 } from '../latin1.js';

/**
 * Number lanes (see IdTable): at most MAX_LANES per table; numbers below LANE_CAP; each lane's
 * index + 1 per number in pages of PAGE ints, allocated on first write.
 */
const MAX_LANES = 4;
const LANE_BITS = 20;
const LANE_CAP = 1 << LANE_BITS;
const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;
/** The page of a lane that holds nothing yet: all zeros, shared, never written. */
const EMPTY_PAGE = new Int32Array(PAGE);
/** laneSlot's answer for an id of lane form whose lane does not exist (and may still be made): not in the table. */
const ABSENT = -2;

/**
 * The ids `<prefix><digits>` of one prefix and one digit form: `width` is 0 for numbers written
 * without leading zeros (`K7`, `K1234`), else the digit count of a zero-padded number (`K0007`: 4;
 * `K0`: 1), so that each id has exactly one (lane, number) and `K1`, `K01`, `K001` are apart.
 */
class Lane {
  /** pages[number >> PAGE_BITS][number & (PAGE - 1)] = index + 1 of the id; 0 = none. */
  readonly pages: Int32Array[] = [];

  constructor(readonly prefix: string, readonly width: number) {
    for (let i = 0; i < LANE_CAP >>> PAGE_BITS; i++) this.pages.push(EMPTY_PAGE);
  }
}

/**
 * Interns ids (customer, employee, order) to dense integers in first-seen order; -1 means "none".
 * `Interner` keeps the ids as strings; `PackedInterner` packs them into bytes (for the order ids,
 * which are as many as half the sales lines). Both share this lookup, which has two parts.
 *
 * Number lanes. Real exports' ids are mostly `<prefix><number>` (`SO00000001`, `C81181`, `E0117`):
 * a prefix without ASCII digits, then 1–9 ASCII digits worth less than 2^20. The ids of one prefix
 * and digit form (see Lane) are a lane, up to 4 per table: the number is a position in a paged
 * Int32Array holding the id's index + 1. Why: finding an id there reads one int (consecutive order
 * ids even share a cache line), where the hash table below costs a hash, a random slot and a
 * comparison with the stored id, nearly all cache misses at a million rows. A lane is made when
 * the first id of its form is added while there is room; ids of other forms (`订单20240701`, UUIDs,
 * 10-digit numbers, a fifth form) use the hash table. Lanes are never dropped (until compact), so
 * an id is always looked for where it was put, whether it came as a string or as bytes. A lane's
 * pages (1024 numbers, 4 KB) are allocated when first written: dense numbers cost 4 bytes per id
 * (half a million order ids: 2 MB, where their hash table took 8 MB), scattered ones at most
 * 4 MB per lane.
 *
 * The hash table: open addressing over Int32 slots `[hash, index + 1]`, rather than a
 * `Map<string, number>`: for a million distinct order ids V8's Map costs ~1 µs per insert (its
 * backing store of pointers to young strings is rehashed and re-scanned by every scavenge), this
 * table ~0.1 µs. Equality is exact: a hash match is confirmed by comparing the ids.
 *
 * Either way indexes, `id`, `compare` and `size` depend only on the ids and their first-seen
 * order. `compact()` frees both lookups once the ids are complete; a later lookup rebuilds them.
 */
export abstract class IdTable {
  private table: Int32Array | null = new Int32Array(2 << 10);
  private mask = (1 << 10) - 1;
  /** Ids in the hash table (the others are in lanes). */
  private hashed = 0;
  private lanes: Lane[] = [];

  /** 32-bit FNV-1a of the UTF-16 code units, finished with a murmur-style mix. */
  protected static hash(s: string): number {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return IdTable.mix(h);
  }

  protected static mix(h: number): number {
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 12);
  }

  /** Number of ids. */
  abstract get size(): number;
  /** The id of index i. */
  abstract id(i: number): string;
  /** Compares ids a and b as plain strings (UTF-16 code units, like JavaScript `<`): -1, 0 or 1. */
  abstract compare(a: number, b: number): number;
  /** Whether index `idx` holds `id`. */
  protected abstract equalsAt(idx: number, id: string): boolean;
  /** Appends `id` as the next index. */
  protected abstract add(id: string): void;
  /** `hash` of the id at idx. */
  protected abstract hashAt(idx: number): number;
  /** `laneSlot(id(idx), true)` (for rebuilding the lanes). */
  protected abstract laneSlotAt(idx: number): number;
  /** Whether index `idx` holds the id whose characters are the bytes buf[from, to) (ASCII). */
  protected abstract equalsBytesAt(idx: number, buf: Uint8Array, from: number, to: number): boolean;
  /** Appends the id of the ASCII bytes buf[from, to) as the next index. */
  protected abstract addBytes(buf: Uint8Array, from: number, to: number): void;
  /** Called by compact(): drop growth slack. */
  protected trim(): void {}

  /** Index of `id`, adding it when new. */
  intern(id: string): number {
    if (this.table === null) this.rebuild();
    const s = this.laneSlot(id, true);
    if (s >= 0) {
      const page = this.pageOf(s), at = s & (PAGE - 1);
      if (page[at] !== 0) return page[at] - 1;
      const idx = this.size;
      this.add(id);
      this.writable(s)[at] = idx + 1;
      return idx;
    }
    const h = IdTable.hash(id);
    const k = this.slotOf(id, h);
    const t = this.table!;
    if (t[k + 1] !== 0) return t[k + 1] - 1;
    const idx = this.size;
    this.add(id);
    this.putHashed(k, h, idx);
    return idx;
  }

  /**
   * `intern` of the id spelled by the ASCII bytes buf[from, to), read straight from a file's bytes
   * (the sales byte lane) without making a string first: the lane and number, or the hash, are the
   * ones `intern` finds for that string (one byte per UTF-16 code unit), so both find the same
   * index; a string or packed copy is made only for a new id. Bytes ≥ 0x80 are not allowed (they
   * would be read as Latin-1).
   */
  internBytes(buf: Uint8Array, from: number, to: number): number {
    if (this.table === null) this.rebuild();
    const s = this.laneSlotBytes(buf, from, to, true);
    if (s >= 0) {
      const page = this.pageOf(s), at = s & (PAGE - 1);
      if (page[at] !== 0) return page[at] - 1;
      const idx = this.size;
      this.addBytes(buf, from, to);
      this.writable(s)[at] = idx + 1;
      return idx;
    }
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h = IdTable.mix(h);
    const t = this.table!, mask = this.mask;
    let i = h & mask;
    let k: number;
    for (;;) {
      k = i << 1;
      const v = t[k + 1];
      if (v === 0) break;
      if (t[k] === h && this.equalsBytesAt(v - 1, buf, from, to)) return v - 1;
      i = (i + 1) & mask;
    }
    const idx = this.size;
    this.addBytes(buf, from, to);
    this.putHashed(k, h, idx);
    return idx;
  }

  /** Index of an id already seen, or -1. */
  get(id: string): number {
    if (this.table === null) this.rebuild();
    const s = this.laneSlot(id, false);
    if (s >= 0) return this.pageOf(s)[s & (PAGE - 1)] - 1;
    if (s === ABSENT) return -1;
    const k = this.slotOf(id, IdTable.hash(id));
    return this.table![k + 1] - 1;
  }

  /**
   * The lane slot of `id` (lane × LANE_CAP + number, ≥ 0) when it has the form of a lane that
   * exists — or, with `create`, of a new lane made for it while there is room; ABSENT when it has
   * the form of a lane that could still be made (so no such id was ever added); -1 when it belongs
   * in the hash table: not `<prefix><1–9 digits>` below LANE_CAP, or its form has no lane and
   * the lanes are all taken (which they stay).
   */
  protected laneSlot(id: string, create: boolean): number {
    const n = id.length;
    let p = 0;
    while (p < n && (id.charCodeAt(p) - 48) >>> 0 > 9) p++;
    const digits = n - p;
    if (digits < 1 || digits > 9) return -1;
    let value = 0;
    for (let i = p; i < n; i++) {
      const c = id.charCodeAt(i) - 48;
      if (c >>> 0 > 9) return -1;
      value = value * 10 + c;
    }
    if (value >= LANE_CAP) return -1;
    const width = id.charCodeAt(p) === 48 ? digits : 0;
    const lanes = this.lanes;
    for (let k = 0; k < lanes.length; k++) {
      const l = lanes[k];
      if (l.width !== width || l.prefix.length !== p) continue;
      let i = 0;
      while (i < p && l.prefix.charCodeAt(i) === id.charCodeAt(i)) i++;
      if (i === p) return k * LANE_CAP + value;
    }
    if (lanes.length === MAX_LANES) return -1;
    return create ? this.newLane(id.slice(0, p), width, value) : ABSENT;
  }

  /** `laneSlot` of the id spelled by the bytes buf[from, to) (one character per byte). */
  protected laneSlotBytes(buf: Uint8Array, from: number, to: number, create: boolean): number {
    let p = from;
    while (p < to && (buf[p] - 48) >>> 0 > 9) p++;
    const digits = to - p;
    if (digits < 1 || digits > 9) return -1;
    let value = 0;
    for (let i = p; i < to; i++) {
      const c = buf[i] - 48;
      if (c >>> 0 > 9) return -1;
      value = value * 10 + c;
    }
    if (value >= LANE_CAP) return -1;
    const width = buf[p] === 48 ? digits : 0;
    const lanes = this.lanes, plen = p - from;
    outer: for (let k = 0; k < lanes.length; k++) {
      const l = lanes[k];
      if (l.width !== width || l.prefix.length !== plen) continue;
      for (let i = 0; i < plen; i++) if (l.prefix.charCodeAt(i) !== buf[from + i]) continue outer;
      return k * LANE_CAP + value;
    }
    if (lanes.length === MAX_LANES) return -1;
    return create ? this.newLane(latin1(buf, from, p), width, value) : ABSENT;
  }

  /** Makes the lane of `prefix` and `width` (there is room) and returns the slot of `value` in it. */
  private newLane(prefix: string, width: number, value: number): number {
    this.lanes.push(new Lane(prefix, width));
    return (this.lanes.length - 1) * LANE_CAP + value;
  }

  /** The page holding slot s (EMPTY_PAGE when nothing in it is set). */
  private pageOf(s: number): Int32Array {
    return this.lanes[s >>> LANE_BITS].pages[(s & (LANE_CAP - 1)) >>> PAGE_BITS];
  }

  /** The page holding slot s, allocated when it is still EMPTY_PAGE. */
  private writable(s: number): Int32Array {
    const pages = this.lanes[s >>> LANE_BITS].pages, p = (s & (LANE_CAP - 1)) >>> PAGE_BITS;
    if (pages[p] === EMPTY_PAGE) pages[p] = new Int32Array(PAGE);
    return pages[p];
  }

  /** Puts index idx (hash h) into the empty hash slot at table offset k, growing the table when due. */
  private putHashed(k: number, h: number, idx: number): void {
    const t = this.table!;
    t[k] = h;
    t[k + 1] = idx + 1;
    if (++this.hashed * 2 > this.mask) this.grow();
  }

  /** Table offset of the slot holding `id` (hash `h`), or of the empty slot where it belongs. */
  private slotOf(id: string, h: number): number {
    const t = this.table!, mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = i << 1;
      const v = t[k + 1];
      if (v === 0 || (t[k] === h && this.equalsAt(v - 1, id))) return k;
      i = (i + 1) & mask;
    }
  }

  /** Frees the lookup (lanes and hash table; the ids stay); the next `intern` or `get` rebuilds it. */
  compact(): void {
    this.table = null;
    this.lanes = [];
    this.hashed = 0;
    this.trim();
  }

  /**
   * The lanes and hash table for the ids, as `intern` made them: ids in index order, so the lanes
   * are made in the same order, for the same forms.
   */
  private rebuild(): void {
    const n = this.size;
    const rest = new Int32Array(n);
    let m = 0;
    for (let idx = 0; idx < n; idx++) {
      const s = this.laneSlotAt(idx);
      if (s >= 0) this.writable(s)[s & (PAGE - 1)] = idx + 1;
      else rest[m++] = idx;
    }
    let cap = 1 << 10;
    while (m * 2 > cap - 1) cap *= 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let r = 0; r < m; r++) {
      const idx = rest[r], h = this.hashAt(idx);
      let i = h & mask;
      while (t[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      t[i << 1] = h;
      t[(i << 1) + 1] = idx + 1;
    }
    this.table = t;
    this.mask = mask;
    this.hashed = m;
  }

  private grow(): void {
    const old = this.table!;
    const cap = (this.mask + 1) * 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let k = 0; k < old.length; k += 2) {
      const v = old[k + 1];
      if (v === 0) continue;
      let i = old[k] & mask;
      while (t[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      t[i << 1] = old[k];
      t[(i << 1) + 1] = v;
    }
    this.table = t;
    this.mask = mask;
  }
}

/**
 * An IdTable holding its ids as strings in `ids`. For `internBytes` it also keeps each Latin-1
 * id's characters packed one byte each, side by side: comparing a file's bytes with those touches
 * two small arrays instead of chasing a string per id across the heap (100k customers: ~1 MB).
 */
export class Interner extends IdTable {
  readonly ids: string[] = [];
  private packed = new Uint8Array(1 << 12);
  private used = 0;
  /** offsets[i] … offsets[i+1] are the packed bytes of id i (empty for an id above U+00FF). */
  private offsets = new Int32Array(1 << 10);

  get size(): number {
    return this.ids.length;
  }

  id(i: number): string {
    return this.ids[i];
  }

  compare(a: number, b: number): number {
    const x = this.ids[a], y = this.ids[b];
    return x < y ? -1 : x > y ? 1 : 0;
  }

  protected equalsAt(idx: number, id: string): boolean {
    return this.ids[idx] === id;
  }

  protected add(id: string): void {
    const i = this.ids.length;
    this.ids.push(id);
    let latin1 = true;
    for (let k = 0; k < id.length && latin1; k++) latin1 = id.charCodeAt(k) < 256;
    const len = latin1 ? id.length : 0;
    const at = this.place(i, len);
    for (let k = 0; k < len; k++) this.packed[at + k] = id.charCodeAt(k);
  }

  protected equalsBytesAt(idx: number, buf: Uint8Array, from: number, to: number): boolean {
    const a = this.offsets[idx], len = this.offsets[idx + 1] - a;
    if (len !== to - from) return false;
    if (len === 0) return this.ids[idx] === '';
    const packed = this.packed;
    for (let k = 0; k < len; k++) if (packed[a + k] !== buf[from + k]) return false;
    return true;
  }

  protected addBytes(buf: Uint8Array, from: number, to: number): void {
    const i = this.ids.length;
    this.ids.push(latin1(buf, from, to));
    const len = to - from;
    const at = this.place(i, len);
    for (let k = 0; k < len; k++) this.packed[at + k] = buf[from + k];
  }

  /** Room for id i's `len` packed bytes: sets its offsets and returns where its bytes go. */
  private place(i: number, len: number): number {
    if (i + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    if (this.used + len > this.packed.length) {
      const b = new Uint8Array(Math.max(this.packed.length * 2, this.used + len));
      b.set(this.packed.subarray(0, this.used));
      this.packed = b;
    }
    const at = this.used;
    this.used += len;
    this.offsets[i + 1] = this.used;
    return at;
  }

  protected hashAt(idx: number): number {
    return IdTable.hash(this.ids[idx]);
  }

  protected laneSlotAt(idx: number): number {
    return this.laneSlot(this.ids[idx], true);
  }

  protected override trim(): void {
    if (this.packed.length > this.used) this.packed = this.packed.slice(0, this.used);
    if (this.offsets.length > this.ids.length + 1) this.offsets = this.offsets.slice(0, this.ids.length + 1);
  }
}

/**
 * An IdTable packing its ids into one byte buffer, one byte per character (Latin-1), with
 * offsets: a short id costs ~14 bytes instead of a ~32-byte string plus its slot (half a million
 * order ids: ~7 MB instead of ~17 MB of heap). An id with a character above U+00FF is kept as a
 * string on the side. `id(i)` rebuilds the string; `compare` compares the bytes, which orders
 * exactly as the strings would (a Latin-1 byte is the UTF-16 code unit).
 */
export class PackedInterner extends IdTable {
  private bytes = new Uint8Array(1 << 12);
  private used = 0;
  /** offsets[i] … offsets[i+1] are the bytes of id i (empty for a wide id). */
  private offsets = new Int32Array(1 << 10);
  private n = 0;
  /** Ids with a character above U+00FF, by index; null while there are none. */
  private wide: Map<number, string> | null = null;

  get size(): number {
    return this.n;
  }

  id(i: number): string {
    const w = this.wide?.get(i);
    if (w !== undefined) return w;
    const from = this.offsets[i], to = this.offsets[i + 1];
    let s = '';
    for (let k = from; k < to; k += 4096) {
      s += String.fromCharCode.apply(null, this.bytes.subarray(k, Math.min(to, k + 4096)) as unknown as number[]);
    }
    return s;
  }

  compare(a: number, b: number): number {
    if (this.wide !== null && (this.wide.has(a) || this.wide.has(b))) {
      const x = this.id(a), y = this.id(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const bytes = this.bytes, off = this.offsets;
    const a0 = off[a], a1 = off[a + 1], b0 = off[b], b1 = off[b + 1];
    const la = a1 - a0, lb = b1 - b0, l = la < lb ? la : lb;
    for (let k = 0; k < l; k++) {
      const d = bytes[a0 + k] - bytes[b0 + k];
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return la < lb ? -1 : la > lb ? 1 : 0;
  }

  protected equalsAt(idx: number, id: string): boolean {
    const from = this.offsets[idx], to = this.offsets[idx + 1];
    if (to - from !== id.length) return this.wide !== null && this.wide.get(idx) === id;
    const bytes = this.bytes;
    for (let k = 0; k < id.length; k++) if (bytes[from + k] !== id.charCodeAt(k)) return false;
    // An empty byte range also matches the empty id; a wide id never has an empty range match.
    return id.length !== 0 || this.wide === null || !this.wide.has(idx);
  }

  protected add(id: string): void {
    const i = this.n++;
    if (this.n + 1 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    let latin1 = true;
    for (let k = 0; k < id.length && latin1; k++) latin1 = id.charCodeAt(k) < 256;
    if (!latin1) {
      (this.wide ??= new Map()).set(i, id);
      this.offsets[i + 1] = this.used;
      return;
    }
    if (this.used + id.length > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + id.length));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    const bytes = this.bytes;
    for (let k = 0; k < id.length; k++) bytes[this.used + k] = id.charCodeAt(k);
    this.used += id.length;
    this.offsets[i + 1] = this.used;
  }

  protected equalsBytesAt(idx: number, buf: Uint8Array, from: number, to: number): boolean {
    const a = this.offsets[idx], len = this.offsets[idx + 1] - a;
    if (len !== to - from) return false;
    // An empty range is the empty id or a wide one.
    if (len === 0) return this.wide === null || !this.wide.has(idx);
    const bytes = this.bytes;
    for (let k = 0; k < len; k++) if (bytes[a + k] !== buf[from + k]) return false;
    return true;
  }

  protected addBytes(buf: Uint8Array, from: number, to: number): void {
    if (to === from) { this.add(''); return; }
    const i = this.n++;
    if (this.n + 1 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    const len = to - from;
    if (this.used + len > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    const bytes = this.bytes, at = this.used;
    for (let k = 0; k < len; k++) bytes[at + k] = buf[from + k];
    this.used += len;
    this.offsets[i + 1] = this.used;
  }

  protected hashAt(idx: number): number {
    const w = this.wide?.get(idx);
    if (w !== undefined) return IdTable.hash(w);
    let h = 0x811c9dc5 | 0;
    const bytes = this.bytes;
    for (let k = this.offsets[idx], to = this.offsets[idx + 1]; k < to; k++) h = Math.imul(h ^ bytes[k], 0x01000193);
    return IdTable.mix(h);
  }

  protected laneSlotAt(idx: number): number {
    const w = this.wide?.get(idx);
    if (w !== undefined) return this.laneSlot(w, true);
    return this.laneSlotBytes(this.bytes, this.offsets[idx], this.offsets[idx + 1], true);
  }

  protected override trim(): void {
    if (this.bytes.length > this.used) this.bytes = this.bytes.slice(0, this.used);
    if (this.offsets.length > this.n + 1) this.offsets = this.offsets.slice(0, this.n + 1);
  }
}

/** Id tables: customer, employee and order ids interned to dense integers (see IdTable). */

/** Node's native Latin-1 slice of any Uint8Array (= the ASCII text of ASCII bytes). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, from: number, to: number): string }).latin1Slice;

/**
 * Interns ids (customer, employee, order) to dense integers in first-seen order; -1 means "none".
 * `Interner` keeps the ids as strings; `PackedInterner` packs them into bytes (for the order ids,
 * which are as many as half the sales lines). Both share this lookup.
 *
 * An open-addressing hash table of Int32 slots `[hash, index + 1]`, rather than a
 * `Map<string, number>`: for a million distinct order ids V8's Map costs ~1 µs per insert (its
 * backing store of pointers to young strings is rehashed and re-scanned by every scavenge), this
 * table ~0.1 µs. Equality is exact: a hash match is confirmed by comparing the ids.
 * `compact()` frees the table once the ids are complete (8–16 bytes per id); a later lookup
 * rebuilds it.
 */
export abstract class IdTable {
  private table: Int32Array | null = new Int32Array(2 << 10);
  private mask = (1 << 10) - 1;

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
  /** Whether index `idx` holds the id whose characters are the bytes buf[from, to) (ASCII). */
  protected abstract equalsBytesAt(idx: number, buf: Uint8Array, from: number, to: number): boolean;
  /** Appends the id of the ASCII bytes buf[from, to) as the next index. */
  protected abstract addBytes(buf: Uint8Array, from: number, to: number): void;
  /** Called by compact(): drop growth slack. */
  protected trim(): void {}

  /** Index of `id`, adding it when new. */
  intern(id: string): number {
    const h = IdTable.hash(id);
    const k = this.slotOf(id, h);
    const t = this.table!;
    if (t[k + 1] !== 0) return t[k + 1] - 1;
    const idx = this.size;
    this.add(id);
    t[k] = h;
    t[k + 1] = idx + 1;
    if ((idx + 1) * 2 > this.mask) this.grow();
    return idx;
  }

  /**
   * `intern` of the id spelled by the ASCII bytes buf[from, to), read straight from a file's bytes
   * (the sales byte lane) without making a string first: the hash is the one `intern` computes for
   * that string (one byte per UTF-16 code unit), so both find the same index; a string or packed
   * copy is made only for a new id. Bytes ≥ 0x80 are not allowed (they would be read as Latin-1).
   */
  internBytes(buf: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    h = IdTable.mix(h);
    const t = this.table ?? this.rebuild(), mask = this.mask;
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
    t[k] = h;
    t[k + 1] = idx + 1;
    if ((idx + 1) * 2 > this.mask) this.grow();
    return idx;
  }

  /** Index of an id already seen, or -1. */
  get(id: string): number {
    const k = this.slotOf(id, IdTable.hash(id));
    return this.table![k + 1] - 1;
  }

  /** Table offset of the slot holding `id` (hash `h`), or of the empty slot where it belongs. */
  private slotOf(id: string, h: number): number {
    const t = this.table ?? this.rebuild(), mask = this.mask;
    let i = h & mask;
    for (;;) {
      const k = i << 1;
      const v = t[k + 1];
      if (v === 0 || (t[k] === h && this.equalsAt(v - 1, id))) return k;
      i = (i + 1) & mask;
    }
  }

  /** Frees the lookup table (the ids stay); the next `intern` or `get` rebuilds it. */
  compact(): void {
    this.table = null;
    this.trim();
  }

  /** The lookup table for the ids, sized as `intern` would have grown it. */
  private rebuild(): Int32Array {
    const n = this.size;
    let cap = 1 << 10;
    while (n * 2 > cap - 1) cap *= 2;
    const t = new Int32Array(cap * 2);
    const mask = cap - 1;
    for (let idx = 0; idx < n; idx++) {
      const h = this.hashAt(idx);
      let i = h & mask;
      while (t[(i << 1) + 1] !== 0) i = (i + 1) & mask;
      t[i << 1] = h;
      t[(i << 1) + 1] = idx + 1;
    }
    this.table = t;
    this.mask = mask;
    return t;
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
    this.ids.push(latin1Slice.call(buf, from, to));
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
    // A wide id has an empty range; an empty byte id is never interned through this path.
    if (len !== to - from || len === 0) return false;
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

  protected override trim(): void {
    if (this.bytes.length > this.used) this.bytes = this.bytes.slice(0, this.used);
    if (this.offsets.length > this.n + 1) this.offsets = this.offsets.slice(0, this.n + 1);
  }
}

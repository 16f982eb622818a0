// IdTable's number lanes (`<prefix><digits>` ids looked up by number) against its hash table and
// against a plain first-seen Map: same indexes, ids, order and size whichever way an id was added.
import { describe, expect, it } from 'vitest';
import { IdTable, Interner, PackedInterner } from '../../src/model/ids.js';

const kinds: [string, () => IdTable][] = [['Interner', () => new Interner()], ['PackedInterner', () => new PackedInterner()]];

/** White-box view of the lookup (private fields), to check which ids went to lanes. */
interface Inside { lanes: { prefix: string; width: number; pages: Int32Array[] }[]; hashed: number; table: Int32Array | null }
const inside = (t: IdTable) => t as unknown as Inside;
const lanesOf = (t: IdTable) => inside(t).lanes.map((l) => `${l.prefix}/${l.width}`);

const bytes = (s: string) => Buffer.from(s, 'latin1');
const viaBytes = (t: IdTable, s: string) => {
  // The id in the middle of a bigger buffer, as a file's bytes would be.
  const b = bytes(`,,${s};`);
  return t.internBytes(b, 2, 2 + s.length);
};

/** A plain reference: dense indexes in first-seen order. */
class Reference {
  readonly ids: string[] = [];
  private readonly map = new Map<string, number>();
  intern(s: string): number {
    let i = this.map.get(s);
    if (i === undefined) { i = this.ids.length; this.map.set(s, i); this.ids.push(s); }
    return i;
  }
  get(s: string): number {
    return this.map.get(s) ?? -1;
  }
}

const TRICKY = [
  'K1', 'K01', 'K001', 'K0', 'K00', 'K10', '0', '00', '7', '12345', '123456789', '1234567890', '000000001', '0000000001',
  'K1048575', 'K1048576', 'K01048575', '', 'K', 'K-', 'K1 ', ' K1', 'K1.5', 'A1B2', 'K１', '订单123', '订单20240701',
  'ÿ7', '😀1', 'SO00000001', 'SO00485000', 'SO12345678',
];

describe.each(kinds)('%s number lanes', (_, make) => {
  it('numbers tricky ids in first-seen order, finds them again, and reads them back', () => {
    for (const ids of [TRICKY, TRICKY.slice().reverse()]) {
      const t = make(), ref = new Reference();
      const got = [...ids, ...ids.slice().reverse()].map((s) => t.intern(s));
      expect(got).toEqual([...ids, ...ids.slice().reverse()].map((s) => ref.intern(s)));
      expect(got.slice(0, ids.length)).toEqual(ids.map((_, i) => i)); // all distinct
      expect(t.size).toBe(ids.length);
      ids.forEach((s, i) => expect(t.get(s), s).toBe(i));
      ids.forEach((s, i) => expect(t.id(i)).toBe(s));
      for (const s of ['K2', 'K02', 'K0000', '1', '01', 'K1048574', 'SO00000002', '订单124', 'ÿ8', 'K1  ']) expect(t.get(s), s).toBe(-1);
    }
  });

  it('makes lanes for the first four forms seen, and only for ids below 2^20 with 1–9 digits', () => {
    const t = make();
    TRICKY.forEach((s) => t.intern(s));
    // K1 → K/0, K01 → K/2, K001 → K/3, K0 → K/1: then the lanes are full.
    expect(lanesOf(t)).toEqual(['K/0', 'K/2', 'K/3', 'K/1']);
    // In lanes: K1, K01, K001, K0, K00 (K/2), K10, K1048575. The other 25 are hashed.
    expect(inside(t).hashed).toBe(25);

    const r = make();
    TRICKY.slice().reverse().forEach((s) => r.intern(s));
    // SO12345678 and 订单20240701 are ≥ 2^20 (hash table, no lane made); 😀1, ÿ7, 订单123 get lanes.
    expect(lanesOf(r)).toEqual(['SO/8', '😀/0', 'ÿ/0', '订单/0']);
    expect(inside(r).hashed).toBe(27); // all but SO00485000, SO00000001, 😀1, ÿ7, 订单123

    const d = make();
    expect(['12345', '0007', '0', '7', '00000000', '1048576'].map((s) => d.intern(s))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lanesOf(d)).toEqual(['/0', '/4', '/1', '/8']); // digits only: the empty prefix
    expect(inside(d).hashed).toBe(1); // 1048576 = 2^20
    expect(['7', '12345', '0007', '0', '00000000', '1048576', '8', '0008'].map((s) => d.get(s))).toEqual([3, 0, 1, 2, 4, 5, -1, -1]);
  });

  it('orders ids in lanes and in the hash table exactly as JavaScript strings', () => {
    const t = make();
    TRICKY.forEach((s) => t.intern(s));
    for (let a = 0; a < TRICKY.length; a++) {
      for (let b = 0; b < TRICKY.length; b++) {
        const want = TRICKY[a] < TRICKY[b] ? -1 : TRICKY[a] > TRICKY[b] ? 1 : 0;
        expect(t.compare(a, b), `${TRICKY[a]} vs ${TRICKY[b]}`).toBe(want);
      }
    }
  });

  it('finds an id added from bytes by its string and the other way round, lane or hash table', () => {
    const t = make();
    expect(viaBytes(t, 'SO00000001')).toBe(0); // lane SO/8
    expect(t.intern('C7')).toBe(1); // lane C/0
    expect(viaBytes(t, 'X-1')).toBe(2); // lane X-/0 (any prefix without ASCII digits)
    expect(t.intern('SO12345678901')).toBe(3); // 11 digits: hash table
    expect(viaBytes(t, 'ORD-A')).toBe(4); // no digits: hash table
    expect(t.get('SO00000001')).toBe(0);
    expect(t.intern('SO00000001')).toBe(0);
    expect(viaBytes(t, 'C7')).toBe(1);
    expect(t.get('X-1')).toBe(2);
    expect(viaBytes(t, 'SO12345678901')).toBe(3);
    expect(t.intern('ORD-A')).toBe(4);
    expect(viaBytes(t, 'SO0000001')).toBe(5); // 7 digits: a lane of its own (SO/7), not SO00000001
    expect(t.intern('订单-7')).toBe(6); // a wide id (PackedInterner: an empty byte range)
    expect(viaBytes(t, '')).toBe(7); // not the wide id
    expect(viaBytes(t, '')).toBe(7);
    expect(t.get('')).toBe(7);
    expect(t.intern('订单-7')).toBe(6);
    expect(lanesOf(t)).toEqual(['SO/8', 'C/0', 'X-/0', 'SO/7']);
    expect(inside(t).hashed).toBe(4); // SO12345678901, ORD-A, 订单-7, ''
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => t.id(i))).toEqual(['SO00000001', 'C7', 'X-1', 'SO12345678901', 'ORD-A', 'SO0000001', '订单-7', '']);
  });

  it('keeps ids of a fifth form in the hash table once four lanes are taken', () => {
    const t = make();
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'A2', 'E2', 'E1', 'A1', 'F01'].map((s) => t.intern(s))).toEqual([0, 1, 2, 3, 4, 5, 6, 4, 0, 7]);
    expect(lanesOf(t)).toEqual(['A/0', 'B/0', 'C/0', 'D/0']);
    expect(inside(t).hashed).toBe(3); // E1, E2, F01
    expect(viaBytes(t, 'E2')).toBe(6);
    expect(t.get('E3')).toBe(-1);
    expect(t.get('D9')).toBe(-1);
  });

  it('does not make a lane on a lookup of an id that is not there', () => {
    const t = make();
    t.intern('K1');
    expect(t.get('R5')).toBe(-1);
    expect(lanesOf(t)).toEqual(['K/0']);
    expect(t.intern('R5')).toBe(1);
    expect(lanesOf(t)).toEqual(['K/0', 'R/0']);
  });

  it('allocates lane pages only where numbers are (sparse ids stay small)', () => {
    const t = make();
    t.intern('C1');
    t.intern('C1048575');
    t.intern('C1000');
    const pages = inside(t).lanes[0].pages;
    // Pages of 1024 numbers: C1 and C1000 share page 0, C1048575 is on the last; the other 1022
    // are the one shared empty page.
    const empty = pages[1];
    expect(pages.filter((p) => p !== empty).length).toBe(2);
    expect(pages.indexOf(pages[1023])).toBe(1023);
    expect(t.get('C1000')).toBe(2);
    expect(t.get('C1001')).toBe(-1);
  });

  it('frees lanes and hash table on compact and rebuilds them the same way', () => {
    const t = make();
    const ids = ['SO00000003', 'x', 'SO00000001', 'C5', 'C05', 'Q1', 'R1', '订单9', 'SO99999999999'];
    ids.forEach((s, i) => expect(t.intern(s)).toBe(i));
    const before = lanesOf(t);
    t.compact();
    expect(inside(t).table).toBe(null);
    expect(inside(t).lanes).toEqual([]);
    expect(t.get('C05')).toBe(4);
    expect(lanesOf(t)).toEqual(before);
    expect(viaBytes(t, 'SO00000001')).toBe(2);
    expect(t.intern('订单9')).toBe(7);
    expect(t.intern('R2')).toBe(9);
    t.compact();
    expect(viaBytes(t, 'R2')).toBe(9);
    ids.forEach((s, i) => expect(t.get(s)).toBe(i));
    // Lanes SO/8, C/0, C/2, Q/0; hashed: x, R1 (a fifth form), 订单9, SO99999999999 (≥ 2^20), R2.
    expect(lanesOf(t)).toEqual(['SO/8', 'C/0', 'C/2', 'Q/0']);
    expect(inside(t).hashed).toBe(5);
  });

  it('agrees with a plain Map on a random mix of forms, strings and bytes, and compacts', () => {
    let seed = 12345;
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    const prefixes = ['', 'K', 'SO', 'C', 'X-', '订', 'ÿ'];
    const makeId = (few: boolean) => {
      const p = few ? prefixes[1 + rnd(2)] : prefixes[rnd(prefixes.length)];
      const len = few ? 1 + rnd(4) : rnd(12);
      let d = '';
      for (let i = 0; i < len; i++) d += String(rnd(3) === 0 ? 0 : rnd(10));
      return rnd(20) === 0 ? `${d}${p}` : p + d;
    };
    for (const few of [false, true]) {
      // `few`: two prefixes and short numbers, so that most ids are in lanes.
      const t = make(), ref = new Reference();
      for (let step = 0; step < 20_000; step++) {
        const s = makeId(few);
        const ascii = !/[^\x00-\x7f]/.test(s);
        const op = rnd(10);
        if (op < 3) expect(t.get(s), s).toBe(ref.get(s));
        else if (op < 6 && ascii) expect(viaBytes(t, s), s).toBe(ref.intern(s));
        else expect(t.intern(s), s).toBe(ref.intern(s));
        if (rnd(5000) === 0) t.compact();
      }
      expect(t.size).toBe(ref.ids.length);
      ref.ids.forEach((s, i) => expect(t.id(i)).toBe(s));
      ref.ids.forEach((s, i) => expect(t.get(s)).toBe(i));
    }
  });
});

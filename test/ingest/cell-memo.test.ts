// DigitLanes, FirstRows, InternMemo and TextMemo: fast paths that must answer as the plain code would.
import { describe, expect, it } from 'vitest';
import { DigitLanes, FirstRows, InternMemo, TextMemo } from '../../src/ingest/cell-memo.js';
import { Interner, PackedInterner } from '../../src/model/ids.js';

describe('DigitLanes', () => {
  it('gives <prefix><number> ids a slot; padding and prefix are part of the key', () => {
    const l = new DigitLanes();
    const k1 = l.slot('K1'), k01 = l.slot('K01'), k001 = l.slot('K001'), k10 = l.slot('K10'), r1 = l.slot('R1');
    expect([k1, k01, k001, k10, r1].every((s) => s >= 0)).toBe(true);
    expect(new Set([k1, k01, k001, k10, r1]).size).toBe(5);
    // Unpadded numbers of any length share a lane: K1 and K10 differ by the number only.
    expect(k10 - k1).toBe(9);
    expect(l.slot('K1')).toBe(k1);
    // A fifth prefix/padding form gets no slot (4 lanes); later ids of known forms still do.
    expect(l.slot('X1')).toBe(-1);
    expect(l.slot('K7')).toBe(k1 + 6);
  });

  it('gives no slot to other ids', () => {
    const l = new DigitLanes();
    for (const id of ['K', 'A1B2', 'K1 ', 'K１', 'K1048576', 'K1234567890', '']) expect(l.slot(id), id).toBe(-1);
    expect(l.slot('K1048575')).toBeGreaterThanOrEqual(0); // 2^20 − 1, the largest number held
    expect(l.slot('12345')).toBeGreaterThanOrEqual(0); // empty prefix
  });

  it('stores ints per slot, growing a lane as needed', () => {
    const l = new DigitLanes();
    const a = l.slot('SO00000003'), b = l.slot('SO00900000');
    expect(l.get(a)).toBe(0);
    l.set(a, 7);
    l.set(b, 9);
    expect([l.get(a), l.get(b), l.get(l.slot('SO00000004'))]).toEqual([7, 9, 0]);
  });
});

describe('FirstRows', () => {
  it('returns 0 for a new id and the first row for a repeat, on both paths', () => {
    const f = new FirstRows();
    const rows = ['K1', 'K01', 'A1B2', 'K1', 'A1B2', 'K01', '12345', '12345', 'K2'].map((id, i) => f.claim(id, i + 2));
    // K1 first at row 2, K01 at 3, A1B2 (not digit form: the Interner path) at 4, 12345 at 8.
    expect(rows).toEqual([0, 0, 0, 2, 4, 3, 0, 8, 0]);
  });

  it('keeps ids apart once the lanes are full (the other ids go to the Interner path)', () => {
    const f = new FirstRows();
    const ids = ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'A1', 'E1', 'F1', 'E01'];
    expect(ids.map((id, i) => f.claim(id, i + 10))).toEqual([0, 0, 0, 0, 0, 0, 10, 14, 15, 0]);
  });
});

describe('InternMemo', () => {
  it('returns exactly what IdTable.intern returns, in the same first-seen order', () => {
    const ids = ['C2', 'C1', 'C2', 'C01', 'x-9', 'C1', 'x-9', 'D5', 'E5', 'F5', 'G5', 'G5', 'C2', 'SO00000001', 'SO00000001'];
    for (const make of [() => new Interner(), () => new PackedInterner()]) {
      const plain = make(), memoised = make();
      plain.intern('C1'); memoised.intern('C1'); // a table that already holds ids (as after the sales export)
      const memo = InternMemo.of(memoised);
      expect(ids.map((id) => memo.intern(id))).toEqual(ids.map((id) => plain.intern(id)));
      expect(Array.from({ length: memoised.size }, (_, i) => memoised.id(i))).toEqual(Array.from({ length: plain.size }, (_, i) => plain.id(i)));
      expect(InternMemo.of(memoised)).toBe(memo); // one memo per table, shared by the exports
    }
  });
});

describe('TextMemo', () => {
  it('computes once per distinct text and keeps at most `limit` texts', () => {
    const seen: string[] = [];
    const m = new TextMemo((s) => { seen.push(s); return s.trim().toLowerCase() === 'yes' ? 1 : 0; }, 2);
    expect(['yes', ' YES', 'no', 'yes', ' YES', 'no', 'no'].map((s) => m.get(s))).toEqual([1, 1, 0, 1, 1, 0, 0]);
    expect(seen).toEqual(['yes', ' YES', 'no', 'no', 'no']); // 'no' came third: over the limit, computed each time
  });
});

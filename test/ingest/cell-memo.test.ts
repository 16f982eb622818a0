// FirstRows and TextMemo: fast paths that must answer as the plain code would (the id lanes
// FirstRows relies on are tested in id-lanes.test.ts).
import { describe, expect, it } from 'vitest';
import { FirstRows, TextMemo } from '../../src/ingest/cell-memo.js';

describe('FirstRows', () => {
  it('returns 0 for a new id and the first row for a repeat, on both paths', () => {
    const f = new FirstRows();
    const rows = ['K1', 'K01', 'A1B2', 'K1', 'A1B2', 'K01', '12345', '12345', 'K2'].map((id, i) => f.claim(id, i + 2));
    // K1 first at row 2, K01 at 3, A1B2 (not digit form: the hash table) at 4, 12345 at 8.
    expect(rows).toEqual([0, 0, 0, 2, 4, 3, 0, 8, 0]);
  });

  it('keeps ids apart once the lanes are full (the other ids go to the hash table)', () => {
    const f = new FirstRows();
    const ids = ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'A1', 'E1', 'F1', 'E01'];
    expect(ids.map((id, i) => f.claim(id, i + 10))).toEqual([0, 0, 0, 0, 0, 0, 10, 14, 15, 0]);
  });

  it('remembers first rows past its initial room (3000 ids, lane and hashed)', () => {
    const f = new FirstRows();
    for (let i = 0; i < 3000; i++) expect(f.claim(i % 2 ? `R${i}` : `r-${i}-x`, i + 2)).toBe(0);
    expect([f.claim('R2999', 9000), f.claim('r-2998-x', 9001), f.claim('R1', 9002), f.claim('r-0-x', 9003)]).toEqual([3001, 3000, 3, 2]);
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

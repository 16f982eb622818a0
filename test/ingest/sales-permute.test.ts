// permuteInPlace (the employee-order move of the sales columns) against a plain sorted copy.
import { describe, expect, it } from 'vitest';
import { permuteInPlace } from '../../src/ingest/sales.js';

describe('permuteInPlace', () => {
  it('moves row r to dest[r] for each column type, leaving entries past n alone', () => {
    // Rows 0..4 go to 3, 0, 4, 1, 2; the column has room for 7 (estimate slack).
    const dest = Int32Array.from([3, 0, 4, 1, 2]);
    const scratch = new ArrayBuffer(5 * 8);
    const i32 = Int32Array.from([10, 11, 12, 13, 14, 99, 98]);
    const f64 = Float64Array.from([0.5, -1, 2e15, NaN, 7, 99, 98]);
    const u16 = Uint16Array.from([1, 2, 3, 4, 5, 99, 98]);
    permuteInPlace(i32, dest, 5, scratch);
    permuteInPlace(f64, dest, 5, scratch);
    permuteInPlace(u16, dest, 5, scratch);
    expect(Array.from(i32)).toEqual([11, 13, 14, 10, 12, 99, 98]);
    expect(Array.from(f64)).toEqual([-1, NaN, 7, 0.5, 2e15, 99, 98]);
    expect(Array.from(u16)).toEqual([2, 4, 5, 1, 3, 99, 98]);
  });

  it('agrees with a copy on a random permutation', () => {
    const n = 10_000;
    const dest = Int32Array.from({ length: n }, (_, i) => i);
    let seed = 7;
    for (let i = n - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [dest[i], dest[j]] = [dest[j], dest[i]];
    }
    const col = Float64Array.from({ length: n }, (_, i) => i * 1.5);
    const want = new Float64Array(n);
    for (let r = 0; r < n; r++) want[dest[r]] = col[r];
    permuteInPlace(col, dest, n, new ArrayBuffer(n * 8));
    expect(col).toEqual(want);
  });
});

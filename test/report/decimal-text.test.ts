import { describe, it, expect } from 'vitest';
import { Decimal } from 'decimal.js';
import { roundHalfUpNumber, roundHalfUpText } from '../../src/report/decimal-text.js';
import { roundNumber, roundText, formatPercent, groupThousands } from '../../src/report/format.js';
import { trickyNumbers } from './tricky-numbers.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** The decimal.js rounding format.ts used before (and still uses for exponent texts). */
function reference(x: number, dp: number, shift = 0): string {
  const s = new D(String(x)).times(new D(10).pow(shift)).toDecimalPlaces(dp, Decimal.ROUND_HALF_UP).toFixed(dp);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

describe('roundHalfUpText', () => {
  it('rounds the decimal text half away from zero, worked by hand', () => {
    expect(roundHalfUpText(1.005, 2)).toBe('1.01'); // 1.005 is 1.00499999… in binary, but its text is 1.005
    expect(roundHalfUpText(0.999, 2)).toBe('1.00'); // carry into the integer
    expect(roundHalfUpText(999.995, 2)).toBe('1000.00'); // carry adds a digit
    expect(roundHalfUpText(-0.005, 2)).toBe('-0.01');
    expect(roundHalfUpText(-0.004, 2)).toBe('0.00'); // rounds to zero: no sign
    expect(roundHalfUpText(-0, 2)).toBe('0.00');
    expect(roundHalfUpText(12, 2)).toBe('12.00');
    expect(roundHalfUpText(-12.5, 0)).toBe('-13');
    expect(roundHalfUpText(0.8525, 1, 2)).toBe('85.3'); // 85.25 → 85.3
    expect(roundHalfUpText(-0.0005, 1, 2)).toBe('-0.1'); // −0.05 → −0.1
    expect(roundHalfUpText(1.5, 1, 2)).toBe('150.0');
    expect(roundHalfUpText(0.1, 0, 2)).toBe('10');
    expect(roundHalfUpText(1e21, 2)).toBeNull(); // "1e+21": left to decimal.js
    expect(roundHalfUpText(1e-7, 2)).toBeNull();
    expect(roundHalfUpText(Number.NaN, 2)).toBeNull();
  });

  it('gives what decimal.js gives on many tricky values', () => {
    for (const x of trickyNumbers(20000)) {
      for (const [dp, shift] of [[0, 0], [1, 0], [2, 0], [1, 2], [0, 2], [2, 2]]) {
        const fast = roundHalfUpText(x, dp, shift);
        if (String(x).includes('e')) expect(fast).toBeNull();
        else expect([x, dp, shift, fast]).toEqual([x, dp, shift, reference(x, dp, shift)]);
      }
    }
  });

  it('roundHalfUpNumber is Number(text) with −0 as 0, x itself when nothing is dropped', () => {
    expect(roundHalfUpNumber(980000.005, 2)).toBe(980000.01);
    expect(roundHalfUpNumber(12.5, 2)).toBe(12.5);
    expect(Object.is(roundHalfUpNumber(-0, 2), 0)).toBe(true);
    expect(Object.is(roundHalfUpNumber(-0.001, 2), 0)).toBe(true);
    for (const x of trickyNumbers(20000, 11)) {
      const fast = roundHalfUpNumber(x, 2);
      if (String(x).includes('e')) { expect(fast).toBeNull(); continue; }
      const n = Number(reference(x, 2));
      expect([x, fast]).toEqual([x, n === 0 ? 0 : n]);
      expect(Object.is(fast, -0)).toBe(false);
    }
  });

  it('format.ts keeps its results, exponent texts included', () => {
    for (const x of trickyNumbers(3000, 3)) {
      expect(roundText(x, 2)).toBe(reference(x, 2));
      const n = Number(reference(x, 2));
      expect(roundNumber(x, 2)).toBe(n === 0 ? 0 : n);
      expect(formatPercent(x)).toBe(groupThousands(reference(x, 1, 2)) + '%');
    }
  });
});

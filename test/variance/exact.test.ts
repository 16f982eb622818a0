/**
 * engine/exact.ts against decimal.js (money.ts `Dec`): the variance facts use the exact BigInt
 * path for gap, gap % and cents, and must give the very same numbers (and signs of zero) as the
 * `Dec` expressions they replace.
 */
import { describe, it, expect } from 'vitest';
import { exactCents, exactDivideToNumber, exactMinus, exactOf, exactToNumber } from '../../src/engine/exact.js';
import { Dec, fromNumber } from '../../src/engine/money.js';

const decGap = (a: number, b: number) => fromNumber(a).minus(fromNumber(b)).toNumber();
const decPct = (a: number, b: number) => fromNumber(a).minus(fromNumber(b)).dividedBy(fromNumber(b)).toNumber();
const decCents = (x: number) => fromNumber(x).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();

function gap(a: number, b: number) {
  const g = exactMinus(exactOf(a), exactOf(b));
  return g === null ? null : exactToNumber(g);
}
function pct(a: number, b: number) {
  const t = exactOf(b);
  const g = exactMinus(exactOf(a), t);
  return g === null ? null : exactDivideToNumber(g, t);
}
const cents = (x: number) => exactCents(exactOf(x));

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Numbers like the engine's: ratios, counts, E4 money, prorated targets, tiny and huge values. */
function sample(r: () => number): number {
  const k = Math.floor(r() * 7);
  const sign = r() < 0.3 ? -1 : 1;
  switch (k) {
    case 0: return sign * r(); // a ratio with 16–17 digits
    case 1: return sign * Math.floor(r() * 1000); // a count
    case 2: return sign * Math.round(r() * 1e12) / 10_000; // money from E4 sums
    case 3: return sign * (Math.floor(r() * 1e7) * Math.floor(1 + r() * 90)) / 92; // a prorated target
    case 4: return sign * r() * 1e-9; // exponent notation
    case 5: return sign * r() * 1e22; // exponent notation, large
    default: return [0, -0, 0.2, 0.05, 1, 0.005, -0.005, 0.015, 3_000_000][Math.floor(r() * 9)];
  }
}

describe('exact decimal helpers = Dec', () => {
  it('hand-worked values', () => {
    expect(exactOf(1.5e-7)).toEqual({ m: 15n, e: -8 });
    expect(exactOf(-1234.5)).toEqual({ m: -12345n, e: -1 });
    expect(gap(0.3, 0.1)).toBe(0.2); // the float difference would be 0.19999999999999998
    expect(pct(0.25, 0.2)).toBe(0.25);
    expect(pct(2, 3)).toBe(-1 / 3);
    expect(cents(1.005)).toBe(1.01); // half away from zero on the decimal 1.005, not the float
    expect(cents(-1.005)).toBe(-1.01);
    expect(Object.is(cents(-0.004), -0)).toBe(true); // as decimal.js: a negative that rounds to zero
    expect(Object.is(gap(5, 5), 0)).toBe(true);
    expect(pct(0, -5)).toBe(-1); // (0 − (−5)) / −5
    expect(Object.is(exactDivideToNumber({ m: 0n, e: 0 }, { m: -5n, e: 0 }), -0)).toBe(true); // 0 / −5 is −0 in decimal.js
  });

  it('beyond 34 digits the caller is told to fall back', () => {
    expect(exactMinus(exactOf(1e30), exactOf(1e-10))).toBeNull();
  });

  it('random engine-like values give the same results as decimal.js', () => {
    const r = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const a = sample(r), b = sample(r);
      const g = gap(a, b);
      if (g !== null) {
        expect(Object.is(g, decGap(a, b)), `${a} − ${b}`).toBe(true);
        if (b !== 0) expect(Object.is(pct(a, b), decPct(a, b)), `(${a} − ${b}) / ${b}`).toBe(true);
      }
      expect(Object.is(cents(a), decCents(a)), `cents(${a})`).toBe(true);
    }
  });

  it('cents of every half-cent tie round away from zero like decimal.js', () => {
    for (let c = -2000; c <= 2000; c++) {
      const x = (c + 0.5) / 100;
      expect(Object.is(cents(x), decCents(x)), `cents(${x})`).toBe(true);
    }
  });
});

import { describe, it, expect } from 'vitest';
import { Dec, fromNumber } from '../../src/engine/money.js';
import { ExactDecimal } from '../../src/report/exact-decimal.js';
import { Fmt } from '../../src/report/explain.js';
import type { MetricUnit } from '../../src/engine/types.js';
import { rng } from '../helpers/rng.js';
import { trickyNumbers } from './tricky-numbers.js';

type DecValue = InstanceType<typeof Dec>;
const X = ExactDecimal.of;

/** Same value and same sign of zero as the Dec. */
function expectSame(x: ExactDecimal, d: DecValue, what: unknown): void {
  expect([what, x.toDec().toString(), x.isNegative(), x.isZero()]).toEqual([what, d.toString(), d.isNegative(), d.isZero()]);
}

/** Decimals (ExactDecimal and Dec side by side) as the formatter makes them, −0 included. */
function pairs(n: number, seed: number): [ExactDecimal, DecValue][] {
  const out: [ExactDecimal, DecValue][] = [];
  for (const x of trickyNumbers(n, seed)) {
    out.push([X(x), fromNumber(x)]);
    // Rounded values: whole units and cents, where −0 appears (−0.3 → −0).
    out.push([X(x).round(0), fromNumber(x).toDecimalPlaces(0, Dec.ROUND_HALF_UP)]);
    out.push([X(x / 1000).round(2), fromNumber(x / 1000).toDecimalPlaces(2, Dec.ROUND_HALF_UP)]);
  }
  return out;
}

describe('ExactDecimal', () => {
  it('works by hand like Dec', () => {
    expect(X(0.1).plus(X(0.2)).toDec().toString()).toBe('0.3'); // decimal, not binary
    expect(X(1234567.5).round(0).toDec().toString()).toBe('1234568');
    expect(X(-2.5).round(0).toDec().toString()).toBe('-3'); // ties away from zero
    const negZero = X(-0.3).round(0);
    expect(negZero.isZero() && negZero.isNegative()).toBe(true); // Dec keeps −0 here
    expect(negZero.absFixed(2)).toBe('0.00');
    expect(negZero.minus(X(0)).isNegative()).toBe(true); // −0 − +0 = −0
    expect(negZero.plus(X(0)).isNegative()).toBe(false); // −0 + +0 = +0
    expect(X(5).minus(X(5)).isNegative()).toBe(false);
    expect(X(0.8525).shift(2).round(1).absFixed(1)).toBe('85.3');
    expect(X(-1047270.4).absFixed(0)).toBe('1047270');
    expect(X(0.05).absFixed(3)).toBe('0.050');
    expect(X(12.5).isInteger()).toBe(false);
    expect(X(1200).isInteger() && X(1e21).isInteger()).toBe(true);
    // Beyond 34 digits Dec rounds; so does ExactDecimal (through Dec).
    expectSame(X(1e20).plus(X(1.2345678901234567e-20)), fromNumber(1e20).plus(fromNumber(1.2345678901234567e-20)), '1e20+tiny');
  });

  it('reads numbers as fromNumber does and throws on non-finite ones', () => {
    for (const x of trickyNumbers(20000, 5)) expectSame(X(x), fromNumber(x), x);
    expect(() => X(Number.NaN)).toThrow('not a finite number');
  });

  it('plus, minus, shift, round, absFixed, isInteger and cmp agree with Dec on many values', () => {
    const ps = pairs(3000, 9);
    const r = rng(3);
    for (let i = 0; i < ps.length; i++) {
      const [a, da] = ps[i];
      const [b, db] = ps[Math.floor(r() * ps.length)];
      expectSame(a.plus(b), da.plus(db), ['plus', da.toString(), db.toString()]);
      expectSame(a.minus(b), da.minus(db), ['minus', da.toString(), db.toString()]);
      expectSame(a.minus(a), da.minus(da), ['minus self', da.toString()]);
      expectSame(a.shift(2), da.times(100), ['×100', da.toString()]);
      expectSame(a.shift(-2), da.dividedBy(100), ['÷100', da.toString()]);
      expectSame(a.abs(), da.abs(), ['abs', da.toString()]);
      for (const dp of [0, 1, 2]) {
        expectSame(a.round(dp), da.toDecimalPlaces(dp, Dec.ROUND_HALF_UP), ['round', dp, da.toString()]);
        expect([da.toString(), dp, a.absFixed(dp)]).toEqual([da.toString(), dp, da.abs().toFixed(dp, Dec.ROUND_HALF_UP)]);
      }
      expect([da.toString(), a.isInteger()]).toEqual([da.toString(), da.isInteger()]);
      expect([da.toString(), db.toString(), a.cmp(b)]).toEqual([da.toString(), db.toString(), da.cmp(db)]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The formatter against its decimal.js version (explain.ts before ExactDecimal), kept here as
// the reference.

const MINUS = '\u2212';
class RefFmt {
  constructor(private readonly zh: boolean) {}
  whole(x: number | DecValue): DecValue {
    return (typeof x === 'number' ? fromNumber(x) : x).toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  }
  fixed(x: DecValue, dp: number): string {
    const [i, frac] = x.abs().toFixed(dp, Dec.ROUND_HALF_UP).split('.');
    return i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? '.' + frac : '');
  }
  sign(x: DecValue, text: string): string {
    return /^[0.,]+$/.test(text) ? text : (x.isNegative() ? MINUS : '+') + text;
  }
  neg(x: DecValue, text: string): string {
    return x.isNegative() && !/^[0.,]+$/.test(text) ? MINUS + text : text;
  }
  cur(abs: string, s = ''): string {
    return this.zh ? `${s}${abs} 元` : `${s}¥${abs}`;
  }
  money(x: number | DecValue): string {
    const w = this.whole(x);
    const abs = this.fixed(w, 0);
    return this.cur(abs, w.isNegative() && abs !== '0' ? MINUS : '');
  }
  signedMoney(x: number | DecValue, unit = true): string {
    const w = this.whole(x);
    const abs = this.fixed(w, 0);
    const s = abs === '0' ? '' : w.isNegative() ? MINUS : '+';
    return this.zh && !unit ? s + abs : this.cur(abs, s);
  }
  count(x: number): string {
    const d = fromNumber(x);
    return this.neg(d, this.fixed(d, Number.isInteger(x) ? 0 : 2));
  }
  signedCount(x: DecValue): string {
    return this.sign(x, this.fixed(x, x.isInteger() ? 0 : 2));
  }
  pct(x: number): string {
    const d = fromNumber(x).times(100);
    return this.neg(d, this.fixed(d, 1)) + '%';
  }
  signedPct(x: number): string {
    const d = fromNumber(x).times(100);
    return this.sign(d, this.fixed(d, 1)) + '%';
  }
  value(unit: MetricUnit, x: number): string {
    const d = fromNumber(x);
    switch (unit) {
      case 'money': return this.money(x);
      case 'ratio': return this.pct(x);
      case 'hours': return this.neg(d, this.fixed(d, 1)) + (this.zh ? ' 小时' : ' h');
      case 'nps': return this.neg(d, this.fixed(d, 1));
      case 'score': case 'per_day': return this.neg(d, this.fixed(d, 2));
      default: return this.count(x);
    }
  }
  shownDiff(unit: MetricUnit, a: number, b: number): DecValue {
    const dp = Fmt.dp(unit);
    const scale = unit === 'ratio' ? 100 : 1;
    const r = (x: number) => fromNumber(x).times(scale).toDecimalPlaces(dp, Dec.ROUND_HALF_UP);
    return r(a).minus(r(b)).dividedBy(scale);
  }
  diffAbs(unit: MetricUnit, x: DecValue): string {
    switch (unit) {
      case 'money': return this.money(x.abs());
      case 'ratio': return this.fixed(x.times(100), 1) + (this.zh ? ' 个百分点' : ' pts');
      case 'hours': return this.fixed(x, 1) + (this.zh ? ' 小时' : ' h');
      case 'nps': return this.fixed(x, 1);
      case 'score': case 'per_day': return this.fixed(x, 2);
      default: return this.fixed(x, x.isInteger() ? 0 : 2);
    }
  }
  diffSigned(unit: MetricUnit, x: DecValue): string {
    if (unit === 'money') return this.signedMoney(x);
    const abs = this.diffAbs(unit, x);
    return /^[0.,]*$/.test(abs.replace(/[^\d.,]/g, '')) ? abs : (x.isNegative() ? MINUS : '+') + abs;
  }
}

describe('Fmt (explain.ts) against its decimal.js version', () => {
  const units: MetricUnit[] = ['money', 'ratio', 'hours', 'nps', 'score', 'per_day', 'count'];
  it('keeps the sign of a zero difference as Dec does (worked by hand)', () => {
    const f = new Fmt({ lang: 'en', currency: 'CNY' });
    // −0.3 and 0.2 both show as 0; Dec: −0 − +0 = −0, −0 − −0 = +0, +0 − −0 = +0.
    expect(f.shownDiff('money', -0.3, 0.2).isNegative()).toBe(true);
    expect(f.shownDiff('money', -0.3, -0.2).isNegative()).toBe(false);
    expect(f.shownDiff('money', 0.3, -0.2).isNegative()).toBe(false);
    expect(f.shownDiff('ratio', -0.0004, 0).isNegative()).toBe(true); // −0.04% shows as 0.0%
    expect(f.shownDiff('ratio', 0.8234, 0.8).toDec().toString()).toBe('0.023'); // 82.3% − 80.0%
    expect(f.diffSigned('ratio', f.shownDiff('ratio', 0.8234, 0.8))).toBe('+2.3 pts');
    expect(f.diffSigned('money', f.shownDiff('money', 1234567.5, 1300000))).toBe('−¥65,432'); // 1,234,568 − 1,300,000
  });
  for (const lang of ['zh', 'en'] as const) {
    it(`formats the same text (${lang})`, () => {
      const f = new Fmt({ lang, currency: 'CNY' });
      const ref = new RefFmt(lang === 'zh');
      const xs = trickyNumbers(4000, lang === 'zh' ? 21 : 22);
      const r = rng(lang === 'zh' ? 1 : 2);
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        const y = r() < 0.2 ? x : xs[Math.floor(r() * xs.length)]; // equal pairs give zero gaps
        const w = f.whole(x), rw = ref.whole(x);
        expect([x, w.toDec().toString(), w.isNegative()]).toEqual([x, rw.toString(), rw.isNegative()]);
        const got = [f.money(x), f.signedMoney(x), f.signedMoney(x, false), f.count(x), f.pct(x), f.signedPct(x),
          f.money(X(x)), f.signedMoney(X(x)), f.signedCount(X(x)), f.fixed(X(x), 2)];
        const want = [ref.money(x), ref.signedMoney(x), ref.signedMoney(x, false), ref.count(x), ref.pct(x), ref.signedPct(x),
          ref.money(fromNumber(x)), ref.signedMoney(fromNumber(x)), ref.signedCount(fromNumber(x)), ref.fixed(fromNumber(x), 2)];
        for (const u of units) {
          got.push(f.value(u, x), f.diffSigned(u, f.shownDiff(u, x, y)), f.diffAbs(u, f.shownDiff(u, y, x)));
          want.push(ref.value(u, x), ref.diffSigned(u, ref.shownDiff(u, x, y)), ref.diffAbs(u, ref.shownDiff(u, y, x)));
          expect(f.shownDiff(u, x, y).isZero()).toBe(ref.shownDiff(u, x, y).isZero());
          expect(f.shownDiff(u, x, y).isNegative()).toBe(ref.shownDiff(u, x, y).isNegative());
        }
        expect([x, y, got]).toEqual([x, y, want]);
      }
    });
  }
});

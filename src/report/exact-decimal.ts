/**
 * An exact decimal in BigInt for the variance sentences (explain.ts): the handful of money.ts
 * `Dec` operations the number formatter runs per KPI (read a number, add, subtract, ×100, ÷100,
 * round half-up, print).
 *
 * Why: `attachExplanations` formats ~1,000 KPI lines per run and decimal.js (cold, allocating)
 * was about a third of its time. Every value here is what `Dec` (34 significant digits,
 * ROUND_HALF_UP) would hold — same value, same sign of zero — because each operation is exact
 * and Dec is exact on it too, except a sum or difference beyond 34 digits, which Dec rounds:
 * those are computed by `Dec` itself and read back (exactly). The engine does the same for its
 * gaps (engine/exact.ts). test/report/exact-decimal.test.ts checks every operation against Dec.
 */
import { Dec } from '../engine/money.js';
import { exactOf, exactOfText } from '../engine/exact.js';

type DecValue = InstanceType<typeof Dec>;

/** 10^34: sums whose |mantissa| stays below this are exact in Dec. */
const LIMIT = 10n ** 34n;

const POW10: bigint[] = [];
for (let k = 0, p = 1n; k <= 40; k++, p *= 10n) POW10.push(p);

function pow10(k: number): bigint {
  return k <= 40 ? POW10[k] : 10n ** BigInt(k);
}

function absBig(m: bigint): bigint {
  return m < 0n ? -m : m;
}

/** m × 10^e; `negZero` marks decimal.js's −0 (m is 0n), which some results carry. */
export class ExactDecimal {
  private constructor(readonly m: bigint, readonly e: number, readonly negZero: boolean) {}

  /** The decimal `fromNumber(x)` reads (String(x), exactly). Throws on NaN/±Infinity like it. */
  static of(x: number): ExactDecimal {
    if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
    // Safe integers read as themselves (String(x) is their digits); BigInt(number) is cheap.
    if (Number.isSafeInteger(x)) return new ExactDecimal(BigInt(x), 0, false);
    const s = String(x);
    const dot = s.indexOf('.');
    if (dot >= 0 && s.indexOf('e') < 0) {
      // Plain text with a point: its digits as an integer, through a double when that is exact.
      const digits = Number(s.slice(0, dot) + s.slice(dot + 1));
      if (Number.isSafeInteger(digits)) return new ExactDecimal(BigInt(digits), dot + 1 - s.length, false);
    }
    const { m, e } = exactOf(x);
    return new ExactDecimal(m, m === 0n ? 0 : e, false);
  }

  /** m × 10^e for a safe integer m; `negZero` makes 0 the −0 of a Dec result. */
  static ofScaled(m: number, e: number, negZero = false): ExactDecimal {
    if (!Number.isSafeInteger(m)) throw new Error(`not a safe integer: ${m}`);
    return m === 0 ? new ExactDecimal(0n, 0, negZero) : new ExactDecimal(BigInt(m), e, false);
  }

  /** The exact value of a `Dec`. */
  static ofDec(d: DecValue): ExactDecimal {
    if (d.isZero()) return new ExactDecimal(0n, 0, d.isNegative());
    // toString() is plain ("-1234.5") or exponent ("1.2e+40") decimal text, exactly the value.
    const { m, e } = exactOfText(d.toString());
    return new ExactDecimal(m, e, false);
  }

  /** The same value as a `Dec`. */
  toDec(): DecValue {
    if (this.m === 0n) return new Dec(this.negZero ? '-0' : '0');
    return new Dec(`${this.m}e${this.e}`);
  }

  isZero(): boolean {
    return this.m === 0n;
  }

  /** As decimal.js: true for −0 too. */
  isNegative(): boolean {
    return this.m < 0n || this.negZero;
  }

  isInteger(): boolean {
    return this.e >= 0 || this.m % pow10(-this.e) === 0n;
  }

  abs(): ExactDecimal {
    return this.m < 0n || this.negZero ? new ExactDecimal(-this.m, this.e, false) : this;
  }

  /** x × 10^k (Dec's `times(100)` / `dividedBy(100)`: exact, the sign of zero kept). */
  shift(k: number): ExactDecimal {
    return this.m === 0n ? this : new ExactDecimal(this.m, this.e + k, false);
  }

  /** Dec's `plus`. */
  plus(y: ExactDecimal): ExactDecimal {
    return this.add(y, false);
  }

  /** Dec's `minus`. */
  minus(y: ExactDecimal): ExactDecimal {
    return this.add(y, true);
  }

  private add(y: ExactDecimal, subtract: boolean): ExactDecimal {
    const ym = subtract ? -y.m : y.m;
    if (this.m === 0n && ym === 0n) {
      // decimal.js: a zero sum is −0 only when both addends are −0 (−0 + −0, −0 − +0).
      const yNegZero = subtract ? !y.negZero : y.negZero;
      return new ExactDecimal(0n, 0, this.negZero && yNegZero);
    }
    if (ym === 0n) return this;
    if (this.m === 0n) return new ExactDecimal(ym, y.e, false);
    const e = Math.min(this.e, y.e);
    // Same exponents (the usual case: whole units) need no alignment.
    const m = this.e === y.e ? this.m + ym : this.m * pow10(this.e - e) + ym * pow10(y.e - e);
    if (m === 0n) return new ExactDecimal(0n, 0, false);
    if (absBig(m) < LIMIT) return new ExactDecimal(m, e, false);
    // Beyond 34 digits Dec rounds: let it, and keep its (exact) result.
    const a = this.toDec(), b = y.toDec();
    return ExactDecimal.ofDec(subtract ? a.minus(b) : a.plus(b));
  }

  /** Dec's `toDecimalPlaces(dp, ROUND_HALF_UP)`: ties away from zero; a negative that rounds to 0 is −0. */
  round(dp: number): ExactDecimal {
    if (this.e >= -dp) return this;
    const unit = pow10(-dp - this.e);
    const q = (2n * absBig(this.m) + unit) / (2n * unit); // ⌊|m| / unit + ½⌋
    if (q === 0n) return new ExactDecimal(0n, 0, this.m < 0n || this.negZero);
    return new ExactDecimal(this.m < 0n ? -q : q, -dp, false);
  }

  /** Dec's `abs().toFixed(dp, ROUND_HALF_UP)`: |x| rounded, plain text with exactly `dp` decimals. */
  absFixed(dp: number): string {
    const r = this.abs().round(dp);
    const digits = (r.m * pow10(r.e + dp)).toString(); // r.e ≥ −dp after rounding
    if (dp === 0) return digits;
    const padded = digits.length <= dp ? '0'.repeat(dp + 1 - digits.length) + digits : digits;
    return `${padded.slice(0, padded.length - dp)}.${padded.slice(padded.length - dp)}`;
  }

  /** Sign of x − y (−0 equals 0), as Dec's `cmp`. */
  cmp(y: ExactDecimal): number {
    const e = Math.min(this.e, y.e);
    const a = this.m * pow10(this.e - e), b = y.m * pow10(y.e - e);
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

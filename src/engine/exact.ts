/**
 * Exact decimal arithmetic in BigInt for the few money.ts `Dec` operations the variance facts run
 * on every KPI line (gap to target, gap %, rounding to cents). decimal.js costs microseconds per
 * operation and has to warm up in every run; these give exactly what `Dec` (34 significant
 * digits, ROUND_HALF_UP = ties away from zero) gives on `fromNumber` inputs — same value, same
 * sign of zero — or null when they cannot promise that (a result beyond 34 digits), so that the
 * caller falls back to `Dec`.
 */

/** The decimal m × 10^e. */
export interface Exact {
  m: bigint;
  e: number;
}

/** Significant digits of `Dec` (money.ts). */
const PRECISION = 34;

/** The decimal `fromNumber(x)` reads: the shortest round-trip text String(x), parsed exactly. x finite. */
export function exactOf(x: number): Exact {
  return exactOfText(String(x));
}

/** The exact value of plain (`-1234.5`) or exponent (`1.2e+40`, `1E-7`) decimal text. */
export function exactOfText(s: string): Exact {
  let body = s, e = 0;
  const exp = s.search(/e/i);
  if (exp >= 0) {
    e = Number(s.slice(exp + 1));
    body = s.slice(0, exp);
  }
  const dot = body.indexOf('.');
  if (dot >= 0) {
    e -= body.length - dot - 1;
    body = body.slice(0, dot) + body.slice(dot + 1);
  }
  return { m: BigInt(body), e };
}

function abs(m: bigint): bigint {
  return m < 0n ? -m : m;
}

/** Digits of |m| (0 has one). */
function digits(m: bigint): number {
  return abs(m).toString().length;
}

/** a − b exactly, like `Dec.minus`; null when the result has more than 34 digits (Dec would round). */
export function exactMinus(a: Exact, b: Exact): Exact | null {
  const e = Math.min(a.e, b.e);
  const m = a.m * 10n ** BigInt(a.e - e) - b.m * 10n ** BigInt(b.e - e);
  return digits(m) <= PRECISION ? { m, e } : null;
}

/** `Dec.toNumber()`: the double nearest to x (x − x is +0, as in decimal.js). */
export function exactToNumber(x: Exact): number {
  return x.m === 0n ? 0 : Number(`${x.m}e${x.e}`);
}

/**
 * `a.dividedBy(b).toNumber()` (b ≠ 0): the quotient rounded half away from zero to 34
 * significant digits, then to the nearest double. Zero over a negative is −0, as in decimal.js.
 */
export function exactDivideToNumber(a: Exact, b: Exact): number {
  const negative = (a.m < 0n) !== (b.m < 0n);
  if (a.m === 0n) return b.m < 0n ? -0 : 0;
  const num = abs(a.m), den = abs(b.m);
  // q = ⌊num × 10^s / den⌋ with at least 35 digits, then rounded to 34 using the exact remainder.
  const s = Math.max(0, PRECISION + 1 - digits(num) + digits(den));
  const scaled = num * 10n ** BigInt(s);
  let q = scaled / den;
  const r0 = scaled % den;
  const drop = digits(q) - PRECISION;
  const unit = 10n ** BigInt(drop);
  const rem = q % unit;
  q /= unit;
  if (2n * (rem * den + r0) >= unit * den) q += 1n; // discarded part (rem + r0/den) / unit ≥ ½
  return Number(`${negative ? '-' : ''}${q}e${a.e - b.e - s + drop}`);
}

/**
 * `x.toDecimalPlaces(2, ROUND_HALF_UP).toNumber()`: x rounded half away from zero to cents, in
 * currency units; a negative amount that rounds to zero is −0, as in decimal.js.
 */
export function exactCents(x: Exact): number {
  let c: bigint;
  if (x.e >= -2) c = x.m * 10n ** BigInt(x.e + 2);
  else {
    const unit = 10n ** BigInt(-2 - x.e);
    const a = abs(x.m);
    c = (2n * a + unit) / (2n * unit); // ⌊a / unit + ½⌋
    if (x.m < 0n) c = -c;
  }
  if (c === 0n) return x.m < 0n ? -0 : 0;
  return Number(`${c}e-2`);
}

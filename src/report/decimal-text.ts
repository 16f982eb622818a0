/**
 * Half-up rounding of a number's decimal text without decimal.js.
 *
 * Why: every money value in `kpi.score/1` JSON and CSV is rounded to cents, and every number a
 * person reads is rounded for display — thousands of calls per report, where decimal.js (parse,
 * round, print, plus its garbage) cost ~30 ms of a 1M-row `kpi score`. Rounding plain decimal
 * text is digit work: keep `dp` decimals and carry one when the first dropped digit is 5 or
 * more. That is exactly what decimal.js does for `new Decimal(String(x)).toDecimalPlaces(dp,
 * ROUND_HALF_UP).toFixed(dp)`; test/report/decimal-text.test.ts checks both on many values.
 */

/**
 * `x` × 10^`shift` rounded half away from zero to `dp` decimals, as plain text with exactly `dp`
 * decimals, read through x's shortest round-trip text String(x): 1.005 → "1.01", −0.005 →
 * "-0.01"; with shift 2 (a percent) 0.8525 → "85.3". A result that is zero has no minus sign
 * (−0.004 → "0.00"). Null when String(x) is not plain decimal text (exponent notation: |x| ≥
 * 1e21 or < 1e-6, or not finite): the caller falls back to decimal.js for those.
 */
export function roundHalfUpText(x: number, dp: number, shift = 0): string | null {
  if (!Number.isFinite(x)) return null;
  const s = String(x);
  if (s.indexOf('e') >= 0) return null;
  const neg = s.charCodeAt(0) === 45; // '-' (String(-0) is "0")
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  let int = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  if (shift > 0) {
    // Move the decimal point: "0.8525" × 10² → "85.25" (leading zeros of the integer dropped).
    int = stripLeadingZeros(int + frac.slice(0, shift).padEnd(shift, '0'));
    frac = frac.slice(shift);
  }
  if (frac.length <= dp) {
    // Nothing to round: x is nonzero here if negative, so the sign stays.
    const text = dp === 0 ? int : `${int}.${frac.padEnd(dp, '0')}`;
    return neg ? '-' + text : text;
  }
  let digits = int + frac.slice(0, dp);
  if (frac.charCodeAt(dp) >= 53) digits = incrementDigits(digits); // first dropped digit ≥ '5'
  const cut = digits.length - dp;
  const text = dp === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return neg && !allZeros(digits) ? '-' + text : text;
}

/** A string of decimal digits plus one: "0199" → "0200", "999" → "1000". */
function incrementDigits(d: string): string {
  let i = d.length - 1;
  while (i >= 0 && d.charCodeAt(i) === 57) i--; // trailing '9's become '0'
  const zeros = '0'.repeat(d.length - 1 - i);
  if (i < 0) return '1' + zeros;
  return d.slice(0, i) + String.fromCharCode(d.charCodeAt(i) + 1) + zeros;
}

function stripLeadingZeros(d: string): string {
  let i = 0;
  while (i < d.length - 1 && d.charCodeAt(i) === 48) i++;
  return i ? d.slice(i) : d;
}

function allZeros(d: string): boolean {
  for (let i = 0; i < d.length; i++) if (d.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * `Number(roundHalfUpText(x, dp))` with −0 as 0, skipping the text when no digit is dropped
 * (String(x) has at most `dp` decimals: the rounded text then reads back as x itself). Null as
 * `roundHalfUpText`.
 */
export function roundHalfUpNumber(x: number, dp: number): number | null {
  if (!Number.isFinite(x)) return null;
  const s = String(x);
  if (s.indexOf('e') >= 0) return null;
  const dot = s.indexOf('.');
  if (dot < 0 || s.length - dot - 1 <= dp) return x === 0 ? 0 : x;
  const n = Number(roundHalfUpText(x, dp));
  return n === 0 ? 0 : n;
}

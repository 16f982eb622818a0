/**
 * Money arithmetic for payouts: a private decimal.js constructor (34 significant digits,
 * ROUND_HALF_UP = ties away from zero, like Excel ROUND: −0.005 → −0.01), conversions and the
 * number formatting used in payout `basis` texts. No binary float ever holds a payout amount.
 */
import DecimalImport from 'decimal.js';

// decimal.js ships a CJS-typed d.ts but an ESM build whose default export is the class itself:
// TypeScript sees the class at `.Decimal`, Node's ESM loader gives it as the default.
type DecimalCtor = typeof DecimalImport.Decimal;
const DecimalBase: DecimalCtor =
  ((DecimalImport as unknown as { Decimal?: DecimalCtor }).Decimal ?? (DecimalImport as unknown as DecimalCtor));

/** The decimal type used for all payout money. */
export const Dec = DecimalBase.clone({ precision: 34, rounding: DecimalBase.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

/** Decimal from a decimal string ("12000", "0.03", "-1.5"). */
export function dec(text: string): Dec {
  return new Dec(text);
}

/**
 * Decimal from a JS number through its shortest round-trip text (String(x)), so 0.1 becomes
 * exactly 0.1 rather than the binary expansion. Throws on NaN/±Infinity (a bug upstream).
 */
export function fromNumber(x: number): Dec {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return new Dec(String(x));
}

/** Rounds half-up (ties away from zero) to cents. */
export function roundCents(d: Dec): Dec {
  return d.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}

/** Money text with exactly 2 decimals after half-up rounding: 13000 → "13000.00", −0.005 → "-0.01". */
export function toCents(d: Dec): string {
  const s = roundCents(d).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/**
 * A decimal for humans: thousands separators, no exponent, trailing zeros dropped
 * ("300,000", "1,234.5", "-5,000"). Used in payout basis texts.
 */
export function formatMoney(d: Dec | string | number): string {
  const v = typeof d === 'number' ? fromNumber(d) : typeof d === 'string' ? new Dec(d) : d;
  const text = v.isZero() ? '0' : v.toFixed(); // toFixed() never uses exponent notation
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf('.');
  let int = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  frac = frac.replace(/0+$/, '');
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '');
}

/** A fraction as a percent text for basis lines: 0.03 → "3%", 0.025 → "2.5%", 1.2 → "120%". */
export function formatPct(fraction: Dec | string | number): string {
  const v = typeof fraction === 'number' ? fromNumber(fraction) : typeof fraction === 'string' ? new Dec(fraction) : fraction;
  return formatMoney(v.times(100).toDecimalPlaces(4)) + '%';
}

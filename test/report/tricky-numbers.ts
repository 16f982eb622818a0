/**
 * Numbers that stress decimal rounding for the fast paths' tests (decimal-text, exact-decimal):
 * ties, carries, binary noise, tiny and huge magnitudes (exponent texts), zeros. Seeded.
 */

import { rng } from '../helpers/rng.js';

/** Values that stress rounding: ties, carries, binary noise, tiny and huge magnitudes, zeros. */
export function trickyNumbers(n: number, seed = 7): number[] {
  const r = rng(seed);
  const out = [0, -0, 0.5, -0.5, 1.005, -1.005, 0.995, 9.995, 999.995, -999.995, 0.045, 2.675, 1.45, 0.0005,
    -0.0004, 0.000001, 0.0000001, 1e21, -1e21, 123456789012345680000, 1e-7, 980000.005, 0.1 + 0.2, 1 / 3,
    -2 / 3, 2 ** 53, 2 ** 53 + 2, 9007199254740991.5 - 0.5, 1234567.5, 99999.95, -0.05, 0.15, 0.25];
  while (out.length < n) {
    const kind = Math.floor(r() * 6);
    const sign = r() < 0.3 ? -1 : 1;
    const mag = 10 ** Math.floor(r() * 12 - 4);
    let x: number;
    if (kind === 0) x = Math.round(r() * 1e6) / 10 ** Math.floor(r() * 5); // short decimals
    else if (kind === 1) x = (Math.floor(r() * 1e5) + 0.5) / 10 ** Math.floor(r() * 4); // ties
    else if (kind === 2) x = r() * mag; // long binary expansions
    else if (kind === 3) x = (Math.floor(r() * 1e7) * 0.01) * 3 / 7; // sums/ratios with noise
    else if (kind === 4) x = Math.floor(r() * 1e4) + 0.9999 + Math.floor(r() * 3) * 0.00005; // carries
    else x = r() * 1e22 * (r() < 0.5 ? 1 : 1e-30); // exponent texts
    out.push(sign * x);
  }
  return out;
}


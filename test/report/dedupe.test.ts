import { describe, it, expect } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { dedupe } from '../../src/cli/commands/run-score.js';
import { rng } from '../helpers/rng.js';

/** The rule run-score.ts had: one JSON.stringify per diagnostic. */
function reference(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = JSON.stringify(d);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

describe('dedupe (warnings of score and payout runs)', () => {
  it('drops exact repeats only, keeping the first in order (worked by hand)', () => {
    const a: Diagnostic = { code: 'x', severity: 'warning', message: 'm', row: 2 };
    const a2: Diagnostic = { code: 'x', severity: 'warning', message: 'm', row: 2 };
    const b: Diagnostic = { code: 'x', severity: 'warning', message: 'm', row: 3 }; // same message, other row
    const reordered = { severity: 'warning', code: 'x', message: 'm', row: 2 } as Diagnostic; // other JSON text
    const c: Diagnostic = { code: 'y', severity: 'warning', message: 'n' };
    const out = dedupe([a, c, a2, b, reordered, b, c]);
    expect(out).toEqual([a, c, b, reordered]);
    expect(out[0]).toBe(a);
    expect(out[3]).toBe(reordered);
  });

  it('gives what one JSON.stringify per diagnostic gives, on many random lists', () => {
    const r = rng(17);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    for (let n = 0; n < 300; n++) {
      const ds: Diagnostic[] = [];
      for (let i = 0; i < 60; i++) {
        const d: Record<string, unknown> = {};
        const keys = r() < 0.2 ? ['message', 'code', 'severity', 'row'] : ['code', 'severity', 'message', 'row', 'value'];
        for (const k of keys) {
          if (k === 'message') d.message = pick(['a', 'b', 'c', '', undefined, 'a ']);
          else if (k === 'code') d.code = pick(['p', 'q']);
          else if (k === 'severity') d.severity = pick(['warning', 'error']);
          else if (k === 'row') d.row = pick([1, 2, undefined, Number.NaN, Number.POSITIVE_INFINITY]);
          else d.value = pick(['v', undefined, null]);
        }
        ds.push(r() < 0.3 && ds.length ? pick(ds) : (d as unknown as Diagnostic));
      }
      const got = dedupe(ds);
      const want = reference(ds);
      expect(got.length).toBe(want.length);
      got.forEach((d, i) => expect(d).toBe(want[i]));
    }
  });
});

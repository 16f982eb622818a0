/**
 * resolvePooledTarget's integer-sum and common-value fast paths (engine/targets.ts) give what the
 * decimal sum gives, and the decimal path still decides everything else.
 */
import { describe, it, expect } from 'vitest';
import { commonValue, integerSum, resolvePooledTarget, type ResolvedTarget } from '../../src/engine/targets.js';

const t = (value: number | null, prorated = false): ResolvedTarget => ({ value, source: 'kpi', prorated });

describe('pooled targets', () => {
  it('sums integer targets as integers: 3,000,000 × 3 + 1 = 9,000,001', () => {
    expect(integerSum([t(3_000_000), t(3_000_000), t(3_000_000), t(1)])).toBe(9_000_001);
    expect(resolvePooledTarget('revenue', [t(3_000_000), t(3_000_000), t(3_000_000), t(1)]))
      .toEqual({ value: 9_000_001, source: 'sum', prorated: false });
  });

  it('leaves fractions and unsafe sums to the decimal sum', () => {
    expect(integerSum([t(0.1), t(0.2)])).toBeNull();
    expect(integerSum([t(2 ** 53 - 1), t(1)])).toBeNull();
    // Decimal: 0.1 + 0.2 = 0.3 exactly (the float sum is 0.30000000000000004).
    expect(resolvePooledTarget('revenue', [t(0.1), t(0.2, true)])).toEqual({ value: 0.3, source: 'sum', prorated: true });
    // Prorated targets 1,467,391.3043478262 + 2,000,000.5 = 3,467,391.8043478262.
    expect(resolvePooledTarget('revenue', [t(1467391.3043478262), t(2000000.5)]).value).toBe(3467391.8043478262);
  });

  it('the mean of equal targets is that target: ten of 0.15 give 0.15', () => {
    const ten = Array.from({ length: 10 }, () => t(0.15));
    expect(commonValue(ten)).toBe(0.15);
    expect(resolvePooledTarget('churn_rate', ten)).toEqual({ value: 0.15, source: 'mean', prorated: false });
    expect(Object.is(commonValue([t(-0), t(-0)]), 0)).toBe(true); // the decimal of −0 is 0
  });

  it('unequal targets take the decimal mean: (0.1 + 0.2 + 0.4) / 3 = 7/30', () => {
    expect(commonValue([t(0.1), t(0.2)])).toBeNull();
    // The double nearest 7/30 (the float (0.1 + 0.2 + 0.4) / 3 would be 0.2333333333333333).
    expect(resolvePooledTarget('churn_rate', [t(0.1), t(0.2), t(0.4), t(null)]).value).toBe(0.23333333333333334);
  });
});

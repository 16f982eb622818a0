import { describe, it, expect } from 'vitest';
import { proration, prorate } from '../../src/engine/proration.js';
import { Q3, day } from './helpers.js';

describe('proration', () => {
  it('a start on 2024-07-24 is employed 69 of the 92 days of 2024Q3', () => {
    const p = proration(day(2024, 7, 24), null, Q3);
    expect(p).toEqual({ days: 69, total: 92, share: 0.75 });
    expect(prorate(5, p)).toBe(3.75); // §13: 5 new customers × 69/92 = 3.75
    expect(prorate(1_200_000, p)).toBe(900_000);
  });

  it('open ends mean the whole period; both ends are inclusive', () => {
    expect(proration(null, null, Q3).share).toBe(1);
    expect(proration(day(2024, 1, 1), day(2024, 12, 31), Q3).days).toBe(92);
    expect(proration(day(2024, 9, 30), null, Q3).days).toBe(1);
    expect(proration(null, day(2024, 7, 1), Q3).days).toBe(1);
    expect(proration(day(2024, 7, 10), day(2024, 7, 19), Q3).days).toBe(10);
  });

  it('outside the period the share is 0', () => {
    expect(proration(day(2024, 10, 1), null, Q3).days).toBe(0);
    expect(proration(null, day(2024, 6, 30), Q3).days).toBe(0);
    expect(proration(day(2024, 8, 1), day(2024, 7, 1), Q3).days).toBe(0);
  });

  it('prorate leaves a full-period target unchanged and does not round', () => {
    expect(prorate(7, proration(null, null, Q3))).toBe(7);
    expect(prorate(100, proration(day(2024, 9, 1), null, Q3))).toBeCloseTo((100 * 30) / 92, 12);
  });
});

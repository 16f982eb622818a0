import { describe, it, expect } from 'vitest';
import { achievement, kpiScore, rankWithinRole, ratingFor, scoreKpi, totalScore } from '../../src/engine/scoring.js';
import { kpi, RATINGS } from './helpers.js';

describe('achievement (§6, §13)', () => {
  it('↑ is actual / target, not floored; target 0 gives none', () => {
    expect(achievement('up', 1_000_000, 1_200_000)).toBeCloseTo(0.8333333333, 9);
    expect(achievement('up', -20, 30)).toBeCloseTo(-0.6667, 4); // negative NPS
    expect(achievement('up', 5, 0)).toBeNull();
    expect(achievement('up', null, 10)).toBeNull();
    expect(achievement('up', 10, null)).toBeNull();
  });

  it('↓ is 1 + (target − actual) / target, floored at 0', () => {
    expect(achievement('down', 0.12, 0.1)).toBeCloseTo(0.8, 12); // churn 12% vs 10%
    expect(achievement('down', 0.05, 0.1)).toBeCloseTo(1.5, 12);
    expect(achievement('down', 3, 4)).toBe(1.25); // 3 h response vs 4 h
    expect(achievement('down', 9, 4)).toBe(0); // 1 − 5/4 < 0 → 0
  });

  it('↓ with target 0: 1 when actual is 0, else 0', () => {
    expect(achievement('down', 0, 0)).toBe(1);
    expect(achievement('down', 2, 0)).toBe(0);
  });
});

describe('KPI score', () => {
  it('is 100 × min(achievement, cap) above the threshold, else 0', () => {
    expect(kpiScore(0.9, 0, 1.2)).toBeCloseTo(90, 12);
    expect(kpiScore(1.5, 0, 1.2)).toBeCloseTo(120, 12);
    expect(kpiScore(1.5, 0.6, 1.5)).toBe(150);
    expect(kpiScore(0.6, 0.6, 1.5)).toBe(60); // exactly on the threshold counts
    expect(kpiScore(0.59, 0.6, 1.5)).toBe(0);
    expect(kpiScore(-0.5, 0, 1.2)).toBe(0);
    expect(kpiScore(null, 0, 1.2)).toBeNull();
  });

  // Results exactly on a plan's bound, as floats compute them: 16 of 25 surveys satisfied (64%)
  // against an 80% target is 0.64 / 0.8 = 0.7999999999999999; 7 of 25 complaints escalated (28%)
  // against a 20% ceiling is 1 + (0.2 − 0.28) / 0.2 = 0.5999999999999999.
  it('an achievement on the threshold clears it, though the float lands a hair below', () => {
    const csat = achievement('up', 16 / 25, 0.8)!;
    expect(csat).toBeLessThan(0.8);
    expect(kpiScore(csat, 0.8, 1.2)).toBeCloseTo(80, 9);
    const esc = achievement('down', 7 / 25, 0.2)!;
    expect(esc).toBeLessThan(0.6);
    expect(kpiScore(esc, 0.6, 1.2)).toBeCloseTo(60, 9);
    // …while a real shortfall, however small in the data, still scores 0: 15 of 25 satisfied is 75%.
    expect(kpiScore(achievement('up', 15 / 25, 0.8), 0.8, 1.2)).toBe(0);
    expect(kpiScore(0.7999999, 0.8, 1.2)).toBe(0);
  });

  it('an achievement of 100% is met, though 0.1 ÷ 0.1 computes as 0.9999999999999998', () => {
    const t = { value: 0.1, source: 'kpi' as const, prorated: false };
    const k = scoreKpi(kpi('churn_rate', 0.1, 100), 'up', { value: 1 - 0.9 }, t);
    expect(k.achievement).toBeLessThan(1);
    expect(k.met).toBe(true);
  });
});

describe('total score and missing values', () => {
  // Seed weights: revenue 50, new customers 30, churn 20.
  const rev = kpi('revenue', 1_200_000, 50);
  const nc = kpi('new_customers', 15, 30);
  const churn = kpi('churn_rate', 0.1, 20);
  const t = (value: number | null) => ({ value, source: 'kpi' as const, prorated: false });

  it('seed example: 1,000,000 of 1,200,000, 15 of 15 new customers, churn 12% of 10% → 87.67 (B)', () => {
    const ks = [
      scoreKpi(rev, 'up', { value: 1_000_000 }, t(1_200_000)),
      scoreKpi(nc, 'up', { value: 15 }, t(15)),
      scoreKpi(churn, 'down', { value: 0.12 }, t(0.1)),
    ];
    const total = totalScore(ks)!;
    expect(total).toBeCloseTo((50 * 250 / 3 + 30 * 100 + 20 * 80) / 100, 10); // 87.666…
    expect(ratingFor(total, RATINGS)).toBe('B');
    expect(ks[1].met).toBe(true);
    expect(ks[0].met).toBe(false);
  });

  it('a KPI without a value is left out and the weights renormalised', () => {
    const ks = [
      scoreKpi(rev, 'up', { value: 1_200_000 }, t(1_200_000)), // 100
      scoreKpi(nc, 'up', { value: 12 }, t(15)), // 80
      scoreKpi(churn, 'down', { value: null }, t(0.1)), // no value
    ];
    expect(ks[2]).toMatchObject({ missing: true, score: null, achievement: null, missingPolicy: 'skip' });
    expect(totalScore(ks)).toBeCloseTo((50 * 100 + 30 * 80) / 80, 12); // 92.5
  });

  it('`missing: zero` scores it 0 and keeps its weight; still flagged', () => {
    const ks = [
      scoreKpi(rev, 'up', { value: 1_200_000 }, t(1_200_000)),
      scoreKpi(nc, 'up', { value: 12 }, t(15)),
      scoreKpi({ ...churn, missing: 'zero' }, 'down', { value: null }, t(0.1)),
    ];
    expect(ks[2]).toMatchObject({ missing: true, score: 0, missingPolicy: 'zero' });
    expect(totalScore(ks)).toBeCloseTo((50 * 100 + 30 * 80) / 100, 12); // 74
  });

  it('a KPI without a target (or an ↑ target of 0) has no achievement: treated as missing', () => {
    const k = scoreKpi(nc, 'up', { value: 3 }, t(0));
    expect(k).toMatchObject({ actual: 3, target: 0, achievement: null, missing: true, score: null, met: null });
    expect(scoreKpi(nc, 'up', { value: 3 }, t(null)).missing).toBe(true);
  });

  it('no KPI counted → no total, no rating', () => {
    expect(totalScore([{ weight: 50, score: null }])).toBeNull();
    expect(totalScore([])).toBeNull();
    expect(totalScore([{ weight: 0, score: 80 }])).toBeNull();
    expect(ratingFor(null, RATINGS)).toBeNull();
  });
});

describe('ratings', () => {
  it('first row whose min_score ≤ score; a row without min_score catches all', () => {
    expect(ratingFor(110, RATINGS)).toBe('S');
    expect(ratingFor(109.999, RATINGS)).toBe('A');
    expect(ratingFor(100, RATINGS)).toBe('A');
    expect(ratingFor(80, RATINGS)).toBe('B');
    expect(ratingFor(60, RATINGS)).toBe('C');
    expect(ratingFor(59.9, RATINGS)).toBe('D');
    // The escalation KPI above as the only one: 100 × 0.5999999999999999 = 59.999999999999986 is 60.
    expect(ratingFor(100 * achievement('down', 7 / 25, 0.2)!, RATINGS)).toBe('C');
    expect(ratingFor(59.99999, RATINGS)).toBe('D');
    expect(ratingFor(-5, RATINGS)).toBe('D');
    expect(ratingFor(10, [{ minScore: 60, label: 'pass' }])).toBeNull();
  });
});

describe('ranking within role', () => {
  const e = (id: string, roleName: string, score: number | null, firstAch: number | null) =>
    ({ id, role: roleName, score, kpis: [{ achievement: firstAch }] });

  it('score descending; ties by higher first-KPI achievement, then id; roles ranked separately', () => {
    const ranks = rankWithinRole([
      e('S003', 'sales', 90, 0.9),
      e('S001', 'sales', 90, 0.9),
      e('S002', 'sales', 90, 1.1),
      e('S004', 'sales', 95, 0.5),
      e('S005', 'sales', null, 2),
      e('S006', 'sales', 90, null),
      e('C001', 'service', 70, 0.7),
    ]);
    expect(Object.fromEntries(ranks)).toEqual({ S004: 1, S002: 2, S001: 3, S003: 4, S006: 5, S005: 6, C001: 1 });
  });
});

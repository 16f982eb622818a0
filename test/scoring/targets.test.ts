import { describe, it, expect } from 'vitest';
import { proration } from '../../src/engine/proration.js';
import { resolveEmployeeTarget, resolvePooledTarget, TargetBook, type TargetRowLike } from '../../src/engine/targets.js';
import { Q3, day } from './helpers.js';

const S001 = { id: 'S001', team: '华东一组', role: 'sales' };
const full = proration(null, null, Q3);

function resolve(rows: TargetRowLike[], metric = 'revenue', kpiTarget: number | null = 1_200_000, periodId = '2024Q3') {
  return resolveEmployeeTarget(new TargetBook(rows, periodId), S001, metric, kpiTarget, full);
}

describe('target precedence (§13)', () => {
  const emp: TargetRowLike = { employee: 'S001', metric: 'revenue', target: 1_500_000 };
  const team: TargetRowLike = { team: '华东一组', metric: 'revenue', target: 1_400_000 };
  const roleRow: TargetRowLike = { role: 'sales', metric: 'revenue', target: 1_300_000 };

  it('falls back level by level: employee → team → role → KPI target', () => {
    expect(resolve([roleRow, team, emp])).toEqual({ value: 1_500_000, source: 'employee', prorated: false });
    expect(resolve([roleRow, team])).toEqual({ value: 1_400_000, source: 'team', prorated: false });
    expect(resolve([roleRow])).toEqual({ value: 1_300_000, source: 'role', prorated: false });
    expect(resolve([])).toEqual({ value: 1_200_000, source: 'kpi', prorated: false });
    expect(resolve([], 'revenue', null)).toEqual({ value: null, source: null, prorated: false });
  });

  it('level beats period: a periodless employee row beats a P-specific team row', () => {
    expect(resolve([{ ...team, period: '2024Q3' }, emp]).value).toBe(1_500_000);
  });

  it('within a level a row for P beats a periodless row, whatever the order', () => {
    const specific = { ...emp, period: '2024Q3', target: 1_600_000 };
    expect(resolve([specific, emp]).value).toBe(1_600_000);
    expect(resolve([emp, specific]).value).toBe(1_600_000);
  });

  it('a row for another period never applies (2024Q3 does not apply to 2024-08)', () => {
    expect(resolve([{ ...emp, period: '2024Q3' }], 'revenue', 1_200_000, '2024-08'))
      .toEqual({ value: 1_200_000, source: 'kpi', prorated: false });
    expect(resolve([{ ...emp, period: '2024Q2' }, roleRow]).value).toBe(1_300_000);
  });

  it('row periods are compared by canonical id', () => {
    expect(resolve([{ ...emp, period: '2024q3' }]).value).toBe(1_500_000);
  });

  it('at the same level and specificity the later row wins (targets export after plan)', () => {
    expect(resolve([emp, { ...emp, target: 1_700_000 }]).value).toBe(1_700_000);
  });

  it('team rows match the employee team, optionally restricted to a role', () => {
    expect(resolve([{ team: '华南组', metric: 'revenue', target: 1 }]).source).toBe('kpi');
    expect(resolve([{ team: '华东一组', role: 'service', metric: 'revenue', target: 1 }]).source).toBe('kpi');
    expect(resolve([{ team: '华东一组', role: 'sales', metric: 'revenue', target: 2 }]).value).toBe(2);
    expect(resolve([{ role: 'service', metric: 'revenue', target: 3 }]).source).toBe('kpi');
    expect(resolve([{ employee: 'S002', metric: 'revenue', target: 3 }]).source).toBe('kpi');
    expect(resolve([{ employee: 'S001', metric: 'orders', target: 3 }]).source).toBe('kpi');
  });
});

describe('proration of targets', () => {
  const share = proration(day(2024, 7, 24), null, Q3); // 69/92
  const book = new TargetBook([], '2024Q3');

  it('additive targets are scaled, unrounded (5 × 69/92 = 3.75)', () => {
    expect(resolveEmployeeTarget(book, S001, 'new_customers', 5, share)).toEqual({ value: 3.75, source: 'kpi', prorated: true });
    expect(resolveEmployeeTarget(book, S001, 'revenue', 1_000_000, share).value).toBe(750_000);
  });

  it('ratio targets are not scaled', () => {
    expect(resolveEmployeeTarget(book, S001, 'churn_rate', 0.1, share)).toEqual({ value: 0.1, source: 'kpi', prorated: false });
    expect(resolveEmployeeTarget(book, S001, 'csat', 0.85, share).value).toBe(0.85);
  });

  it('rows are never scaled to the period length, only by employment share', () => {
    const b = new TargetBook([{ employee: 'S001', metric: 'revenue', target: 1_200_000 }], '2024-08');
    expect(resolveEmployeeTarget(b, S001, 'revenue', null, full).value).toBe(1_200_000);
  });
});

describe('pooled (team/company) targets', () => {
  const t = (value: number | null, prorated = false) => ({ value, source: 'kpi' as const, prorated });

  it('additive: the sum of the members\' prorated targets', () => {
    expect(resolvePooledTarget('new_customers', [t(5), t(3.75, true)])).toEqual({ value: 8.75, source: 'sum', prorated: true });
    // a team row does not replace the sum for an additive metric
    expect(resolvePooledTarget('revenue', [t(100), t(200)], 999)).toEqual({ value: 300, source: 'sum', prorated: false });
  });

  it('non-additive: the team row if any, else the unweighted mean', () => {
    expect(resolvePooledTarget('csat', [t(0.8), t(0.9)], 0.88)).toEqual({ value: 0.88, source: 'team', prorated: false });
    const mean = resolvePooledTarget('csat', [t(0.8), t(0.9), t(0.85)]);
    expect(mean.source).toBe('mean');
    expect(mean.value).toBeCloseTo(0.85, 15);
  });

  it('members without a target are left out; none → null', () => {
    expect(resolvePooledTarget('churn_rate', [t(0.1), t(null)]).value).toBe(0.1);
    expect(resolvePooledTarget('revenue', [t(null)])).toEqual({ value: null, source: null, prorated: false });
    expect(resolvePooledTarget('csat', []).value).toBeNull();
  });

  it('the team row lookup is period-aware', () => {
    const book = new TargetBook([
      { team: 'A', metric: 'csat', target: 0.8 },
      { team: 'A', metric: 'csat', target: 0.9, period: '2024Q3' },
      { team: 'A', metric: 'csat', target: 0.7, period: '2024Q2' },
    ], '2024Q3');
    expect(book.teamRow('A', 'service', 'csat')).toBe(0.9);
    expect(book.teamRow('B', 'service', 'csat')).toBeUndefined();
  });
});

describe('pooled target arithmetic', () => {
  it('sums and means in decimal: ten targets of 0.15 average to exactly 0.15', () => {
    const ts = Array.from({ length: 10 }, () => ({ value: 0.15, source: 'kpi' as const, prorated: false }));
    expect(resolvePooledTarget('churn_rate', ts).value).toBe(0.15);
    const cs = Array.from({ length: 10 }, () => ({ value: 0.1, source: 'kpi' as const, prorated: false }));
    expect(resolvePooledTarget('complaints', cs).value).toBe(1);
  });
});

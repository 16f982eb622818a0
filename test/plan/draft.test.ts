/** plan/draft.ts: the plan `kpi init --from` writes loads without a diagnostic and fits the exports. */
import { describe, it, expect } from 'vitest';
import { draftPlan, type DraftSource } from '../../src/plan/draft.js';
import { loadPlanText } from '../../src/plan/load.js';
import { lintPlan } from '../../src/plan/lint.js';
import { isMetric, metricSources } from '../../src/engine/metrics/registry.js';

const sales: DraftSource = { kind: 'sales', path: 'data/销售 2024.csv', rows: 10, first: '2024-01-02', last: '2024-09-30',
  fields: ['order_id', 'date', 'customer_id', 'employee_id', 'amount', 'status'], cancelled: ['已取消'] };
const complaints: DraftSource = { kind: 'complaints', path: 'data/tickets.xlsx', sheet: '工单', rows: 5, fields: ['complaint_id', 'opened_at', 'handler_id'] };

function load(text: string) {
  const r = loadPlanText(text, '/x/kpi.yaml', 'kpi.yaml');
  const lint = r.plan ? lintPlan(r.plan, isMetric, { metricSources }) : [];
  return { ...r, lint };
}

describe('draftPlan', () => {
  it('sales and complaints: both roles, people by role then id, cancelled statuses excluded, weights summing to 100', () => {
    const text = draftPlan({ sources: [sales, complaints], lang: 'zh', people: [
      { id: 'S2', name: '王芳', role: 'sales' }, { id: 'C1', role: 'service' }, { id: 'S1', name: 'true', role: 'sales' },
    ] });
    const r = load(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.lint.filter((d) => d.severity === 'error')).toEqual([]);
    const p = r.plan!;
    expect(p.sources.sales!.displayPath).toBe('data/销售 2024.csv');
    expect(p.sources.sales!.exclude).toEqual({ status: ['已取消'] });
    expect(p.sources.complaints!.sheet).toBe('工单');
    expect(p.people.map((x) => [x.id, x.name ?? null, x.role])).toEqual([['S1', 'true', 'sales'], ['S2', '王芳', 'sales'], ['C1', null, 'service']]);
    expect(p.roles.sales.kpis.map((k) => [k.metric, k.target, k.weight])).toEqual([
      ['revenue', null, 40], ['new_customers', null, 20], ['repeat_purchase_rate', null, 20], ['churn_rate', null, 20]]);
    // No first-response column and no surveys: resolution rate alone.
    expect(p.roles.service.kpis.map((k) => [k.metric, k.weight])).toEqual([['resolution_rate', 100]]);
    expect(p.roles.service.complaintsBy).toBe('handler');
    expect(p.defaultRole).toBe('sales');
    expect(p.currency).toBe('CNY'); // no marked amounts
  });

  it('takes the currency the sales amounts are marked in ($1,234.50 → USD), so they validate', () => {
    const r = load(draftPlan({ sources: [{ ...sales, currency: 'USD' }], lang: 'en', people: [{ id: 'S1', role: 'sales' }] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.plan!.currency).toBe('USD');
  });

  it('a service desk without sales: no sales source, service as the default role, KPIs its exports can measure', () => {
    const text = draftPlan({ lang: 'en', people: [{ id: 'A1', role: 'service' }], sources: [
      { ...complaints, fields: [...complaints.fields, 'first_response_minutes'] },
      { kind: 'surveys', path: 'csat.csv', rows: 3, fields: ['date', 'csat', 'employee_id'] },
    ] });
    const r = load(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.lint.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.plan!.sources.sales).toBeUndefined();
    expect(r.plan!.defaultRole).toBe('service');
    expect(r.plan!.roles.service.kpis.map((k) => [k.metric, k.weight])).toEqual([['resolution_rate', 40], ['avg_first_response_hours', 30], ['csat', 30]]);
    expect(text).toContain('# Drafted by kpi init --from');
  });
});

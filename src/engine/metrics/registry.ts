/**
 * The metric catalogue of PRODUCT.md §5: one entry per metric with its names, unit, direction
 * (↑ higher is better, ↓ lower is better) and additivity (counts and money are summed for team
 * targets and prorated for part-period employees; see §6 and §13).
 */
import type { MetricDef } from '../types.js';

const m = (
  id: string, zh: string, en: string, family: MetricDef['family'], unit: MetricDef['unit'],
  direction: MetricDef['direction'], additive: boolean, formulaZh: string, formulaEn: string,
): MetricDef => ({ id, zh, en, family, unit, direction, additive, formulaZh, formulaEn });

export const METRICS: readonly MetricDef[] = [
  m('revenue', '销售额', 'Revenue', 'sales', 'money', 'up', true, 'Σ 本期金额(退款为负)', 'Σ amount in P (refunds negative)'),
  m('orders', '订单数', 'Orders', 'sales', 'count', 'up', true, '本期净额 > 0 的不同订单数', 'distinct orders with net amount > 0 in P'),
  m('avg_order_value', '客单价', 'Average order value', 'sales', 'money', 'up', false, '销售额 / 订单数', 'revenue / orders'),
  m('active_customers', '活跃客户数', 'Active customers', 'sales', 'count', 'up', true, '本期净额 > 0 的不同客户数', 'distinct customers with net amount > 0 in P'),
  m('new_customers', '新客户数', 'New customers', 'sales', 'count', 'up', true, '历史首笔正向订单落在本期且归属本人的客户数', "customers whose first positive row in history is in P and is e's"),
  m('new_customer_revenue_share', '新客户销售占比', 'New-customer revenue share', 'sales', 'ratio', 'up', false, '本期新客户的销售额 / 销售额', 'revenue from customers first bought in P / revenue'),
  m('repeat_purchase_rate', '复购率', 'Repeat purchase rate', 'loyalty', 'ratio', 'up', false, '本期下单 ≥ 2 次的活跃客户 / 活跃客户数', 'active customers with ≥ 2 orders / active customers'),
  m('retention_rate', '客户保留率', 'Retention rate', 'loyalty', 'ratio', 'up', false, '上期活跃客户中本期仍有净额 > 0 的比例', 'share of P-1 active customers with net amount > 0 in P'),
  m('churn_rate', '客户流失率', 'Churn rate', 'loyalty', 'ratio', 'down', false, '1 − 客户保留率', '1 − retention rate'),
  m('lost_big_customers', '流失大客户数', 'Lost big customers', 'loyalty', 'count', 'down', true, '上期活跃、本期无净额的大客户数', 'big customers active in P-1 and not active in P'),
  m('revenue_growth_pop', '环比增长率', 'Revenue growth (PoP)', 'sales', 'ratio', 'up', false, '(本期 − 上期) / 上期', '(revenue(P) − revenue(P-1)) / revenue(P-1)'),
  m('revenue_growth_yoy', '同比增长率', 'Revenue growth (YoY)', 'sales', 'ratio', 'up', false, '(本期 − 去年同期) / 去年同期', '(revenue(P) − revenue(P-1y)) / revenue(P-1y)'),
  m('big_customer_revenue_share', '大客户销售占比', 'Big-customer revenue share', 'sales', 'ratio', 'up', false, '大客户销售额 / 销售额', 'revenue from big customers / revenue'),
  m('gross_profit', '毛利', 'Gross profit', 'sales', 'money', 'up', true, 'Σ (金额 − 成本)', 'Σ (amount − cost)'),
  m('gross_margin', '毛利率', 'Gross margin', 'sales', 'ratio', 'up', false, '毛利 / 销售额', 'gross profit / revenue'),
  m('customer_lifetime_value', '客户终身价值', 'Customer lifetime value', 'loyalty', 'money', 'up', false, '本期活跃客户截至期末的历史净销售额均值', "mean over active customers of their net revenue in history up to P's end"),
  m('complaints', '投诉数', 'Complaints', 'service', 'count', 'down', true, '本期受理的归属投诉数', 'complaints attributed, opened in P'),
  m('complaint_rate', '投诉率', 'Complaint rate', 'service', 'ratio', 'down', false, '投诉数(按客户负责人) / 订单数', 'complaints (by account owner) / orders'),
  m('resolution_rate', '问题解决率', 'Resolution rate', 'service', 'ratio', 'up', false, '期末前已解决的投诉 / 投诉数', "complaints resolved by P's end / complaints"),
  m('avg_first_response_hours', '平均响应时长(小时)', 'Avg first response (hours)', 'service', 'hours', 'down', false, '首次响应 − 受理时间 的均值', 'mean of first response − opened'),
  m('avg_resolution_hours', '平均解决时长(小时)', 'Avg resolution (hours)', 'service', 'hours', 'down', false, '解决 − 受理时间 的均值', 'mean of resolved − opened'),
  m('sla_breach_rate', '逾期解决率', 'SLA breach rate', 'service', 'ratio', 'down', false, '超过 SLA 解决或期末仍超时未解决 / 投诉数', "complaints resolved later than SLA or unresolved and older than SLA at P's end / complaints"),
  m('escalation_rate', '投诉升级率', 'Escalation rate', 'service', 'ratio', 'down', false, '升级投诉 / 投诉数', 'escalated / complaints'),
  m('resolved_per_workday', '日均解决数', 'Resolved per workday', 'service', 'per_day', 'up', false, '本期解决的投诉 / 本期工作日数', 'complaints resolved in P / Monday–Friday days in P'),
  m('survey_responses', '调研样本数', 'Survey responses', 'satisfaction', 'count', 'up', true, '本期归属的调研数', 'surveys attributed, dated in P'),
  m('nps', '净推荐值', 'NPS', 'satisfaction', 'nps', 'up', false, '100 × (推荐者 − 贬损者) / 样本数', '100 × (promoters − detractors) / responses'),
  m('csat', '客户满意度', 'CSAT', 'satisfaction', 'ratio', 'up', false, '满意(≥4/5 或 ≥6/7)样本 / 样本数', 'responses ≥ 4 of 5 (≥ 6 of 7) / responses'),
  m('csat_avg', '满意度均分', 'CSAT average', 'satisfaction', 'score', 'up', false, '满意度评分均值', 'mean csat'),
];

const BY_ID = new Map(METRICS.map((d) => [d.id, d]));

export function metricDef(id: string): MetricDef | undefined {
  return BY_ID.get(id);
}

/**
 * The exports a metric is measured from: sales and loyalty metrics from sales, service metrics
 * from complaints (complaint_rate also from sales, for its orders), satisfaction from surveys.
 */
export function metricSources(id: string): readonly ('sales' | 'complaints' | 'surveys')[] {
  const d = BY_ID.get(id);
  if (!d) return [];
  if (id === 'complaint_rate') return ['complaints', 'sales'];
  return d.family === 'service' ? ['complaints'] : d.family === 'satisfaction' ? ['surveys'] : ['sales'];
}

export function isMetric(id: string): boolean {
  return BY_ID.has(id);
}

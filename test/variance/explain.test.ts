import { describe, it, expect } from 'vitest';
import { attachExplanations, explainKpi, periodLabels, type ExplainContext } from '../../src/report/explain.js';
import type { VarianceFacts } from '../../src/engine/variance.js';
import { employee, kpiLine, scoreResult, team } from './helpers.js';
import { revenueKpi } from './sample.js';

const ZH: ExplainContext = { lang: 'zh', currency: 'CNY', periodLabel: periodLabels({ kind: 'quarter' }, 'zh') };
const EN: ExplainContext = { lang: 'en', currency: 'CNY', periodLabel: periodLabels({ kind: 'quarter' }, 'en') };

/** Numbers in a sentence, as written ("1,234,568", "82.3", "2024-08-15" → 2024, 08, 15). */
const numbers = (s: string): string[] => s.match(/\d+(?:,\d{3})*(?:\.\d+)?/g) ?? [];

function serviceKpis() {
  return [
    kpiLine('complaint_rate', 0.062, 0.05, {
      achievement: 0.76,
      facts: { value: 0.062, numerator: 31, denominator: 500 },
      variance: { gap: 0.012, gap_pct: 0.24, threshold_cleared: true, numerator: 31, denominator: 500,
        prior: { period: '2024Q2', actual: 0.05 }, last_year: { period: '2023Q3', actual: null } },
    }),
    kpiLine('nps', 35, 40, {
      variance: { gap: -5, gap_pct: -0.125, threshold_cleared: true, numerator: 7, denominator: 20,
        counts: { promoters: 12, passives: 3, detractors: 5, responses: 20 }, responses: 20, min_sample: 30,
        low_sample: true, prior: { period: '2024Q2', actual: 20 }, last_year: { period: '2023Q3', actual: 41.5 } } as VarianceFacts,
    }),
    kpiLine('csat', 0.9, 0.85, {
      variance: { gap: 0.05, gap_pct: 0.05 / 0.85, threshold_cleared: true, counts: { satisfied: 36, responses: 40 },
        responses: 40, min_sample: 30, low_sample: false } as VarianceFacts,
    }),
    kpiLine('revenue', 600_000, 1_500_000, {
      variance: { gap: -900_000, gap_pct: -0.6, threshold_cleared: true,
        projection: { as_of: '2024-08-15', projected: 1_200_000, needed_per_day: 19_565.22, days_elapsed: 46, days_left: 46, days_total: 92 } } as VarianceFacts,
    }),
  ];
}

describe('revenue sentences', () => {
  it('renders the §8 facts in Chinese', () => {
    expect(explainKpi(revenueKpi(), ZH)).toEqual([
      '销售额 1,234,568 元,目标 1,500,000 元,完成 82.3%(差 265,432 元,−17.7%);已过 60% 门槛。',
      '较上季度 +134,568 元:新增成交客户 +120,000,流失客户 −90,000,老客户 +104,568;'
        + '变动最大:KH0252 −150,000(本季度无订单)、KH0101 +80,000(新客户)、KH0033 +45,000。',
      '订单数 220 → 236(+16,量的影响 +80,000 元),客单价 5,000 元 → 5,231 元(+231 元,价的影响 +54,568 元)。',
      '对比:去年同期 980,000 元(+254,568 元)。',
    ]);
  });

  it('renders the same facts in English', () => {
    expect(explainKpi(revenueKpi(), EN)).toEqual([
      'Revenue ¥1,234,568 against a target of ¥1,500,000: 82.3% achieved (¥265,432 short, −17.7%); the 60% threshold is cleared.',
      'Versus last quarter +¥134,568: customers gained +¥120,000, customers lost −¥90,000, existing customers +¥104,568; '
        + 'biggest movers: KH0252 −¥150,000 (no orders this quarter), KH0101 +¥80,000 (new customer), KH0033 +¥45,000.',
      'Orders 220 → 236 (+16, volume effect +¥80,000); average order value ¥5,000 → ¥5,231 (+¥231, price effect +¥54,568).',
      'Compared with the same quarter last year ¥980,000 (+¥254,568).',
    ]);
  });

  it('rounds shown parts by telescoping so that they add up on screen', () => {
    // prior 100.4 + 0.4 − 0.4 + 0.4 = 100.8: shown 100 → 101. Rounding each part alone would show
    // +0 +0 +0 for a change of +1.
    const k = kpiLine('revenue', 100.8, null);
    k.variance = { gap: null, gap_pct: null, prior: { period: '2024Q2', actual: 100.4 },
      bridge: { new_customers: 0.4, lost_customers: -0.4, existing_customers: 0.4, other: 0 }, top_movers: [] };
    expect(explainKpi(k, ZH)[1]).toBe('较上季度 +1 元:新增成交客户 +1,流失客户 −1,老客户 +1。');
    expect(explainKpi(k, EN)[1]).toBe('Versus last quarter +¥1: customers gained +¥1, customers lost −¥1, existing customers +¥1.');
  });

  it('mentions the other group and net refunds of a customer that went negative', () => {
    const k = kpiLine('revenue', 70, 100);
    k.variance = { gap: -30, gap_pct: -0.3, threshold_cleared: true, prior: { period: '2024Q2', actual: 100 },
      bridge: { new_customers: 0, lost_customers: -25, existing_customers: 0, other: -5 },
      top_movers: [{ customer_id: 'C2', prior: 25, current: -12, change: -37 }] };
    expect(explainKpi(k, ZH)[1]).toBe('较上季度 −30 元:新增成交客户 0,流失客户 −25,老客户 0,其他 −5;变动最大:C2 −37(本季度净退款 12 元)。');
  });

  it('names the biggest contributor to a ratio: a member for a team, a customer for an employee\'s complaint rate', () => {
    const k = kpiLine('complaint_rate', 12 / 56, 0.15);
    k.variance = { gap: 12 / 56 - 0.15, gap_pct: null, threshold_cleared: true, numerator: 12, denominator: 56,
      contributor: { kind: 'customer', id: 'KH0002', numerator: 3, denominator: null } };
    expect(explainKpi(k, ZH)[1]).toBe('投诉率:56 个订单中 12 次投诉;投诉最多的客户是 KH0002(3 次)。');
    expect(explainKpi(k, EN)[1]).toContain('; most of them from customer KH0002 (3).');
    k.variance = { ...k.variance, contributor: { kind: 'member', id: 'S002', numerator: 12, denominator: 56 } };
    expect(explainKpi(k, ZH)[1]).toBe('投诉率:56 个订单中 12 次投诉;贡献最多的是 S002(12)。');
  });

  it('under --as-of, resolution is counted to that day and the sentence says so', () => {
    const k = kpiLine('resolution_rate', 11 / 12, 0.9);
    k.variance = { gap: 11 / 12 - 0.9, gap_pct: null, threshold_cleared: true, numerator: 11, denominator: 12 };
    expect(explainKpi(k, { ...ZH, asOf: '2024-08-15' })[1]).toBe('问题解决率:12 次投诉中 11 次已在 2024-08-15 前解决。');
    expect(explainKpi(k, { ...EN, asOf: '2024-08-15' })[1]).toContain('11 of 12 complaints resolved by 2024-08-15');
    expect(explainKpi(k, ZH)[1]).toBe('问题解决率:12 次投诉中 11 次已在期末前解决。');
  });

  it('says a customer went on through a colleague, or came from one, rather than "no orders" or "new"', () => {
    const k = kpiLine('revenue', 330, 1000);
    k.variance = { gap: -670, gap_pct: -0.67, threshold_cleared: true, prior: { period: '2024Q2', actual: 400 },
      bridge: { new_customers: 330, lost_customers: -400, existing_customers: 0, other: 0 },
      top_movers: [
        { customer_id: 'K1', prior: 400, current: 0, change: -400, others_prior: 0, others_current: 250, new_customer: false },
        { customer_id: 'K2', prior: 0, current: 200, change: 200, others_prior: 380, others_current: 0, new_customer: false },
        { customer_id: 'K3', prior: 0, current: 100, change: 100, others_prior: 0, others_current: 0, new_customer: false },
        { customer_id: 'K4', prior: 0, current: 30, change: 30, others_prior: 0, others_current: 0, new_customer: true },
      ] };
    expect(explainKpi(k, ZH)[1]).toBe('较上季度 −70 元:新增成交客户 +330,流失客户 −400,老客户 0;变动最大:'
      + 'K1 −400(本季度改由他人成交 250 元)、K2 +200(上季度由他人成交 380 元)、K3 +100(老客户回归)、K4 +30(新客户)。');
    expect(explainKpi(k, EN)[1]).toBe('Versus last quarter −¥70: customers gained +¥330, customers lost −¥400, existing customers ¥0; biggest movers: '
      + 'K1 −¥400 (bought ¥250 through others this quarter), K2 +¥200 (bought ¥380 through others last quarter), K3 +¥100 (returning customer), K4 +¥30 (new customer).');
  });
});

describe('zh and en from the same facts', () => {
  const cases = [revenueKpi(), ...serviceKpis()];
  it('every number in an English sentence appears in the Chinese one', () => {
    for (const k of cases) {
      const zh = explainKpi(k, ZH), en = explainKpi(k, EN);
      expect(en.length).toBe(zh.length);
      en.forEach((s, i) => {
        const inZh = numbers(zh[i]);
        for (const n of numbers(s)) expect(inZh, `${n} of "${s}" in "${zh[i]}"`).toContain(n);
        expect(numbers(zh[i]).sort()).toEqual(numbers(s).sort());
      });
    }
  });

  it('uses the true minus sign and explicit plus signs', () => {
    for (const k of cases) {
      for (const s of [...explainKpi(k, ZH), ...explainKpi(k, EN)]) {
        expect(s).not.toMatch(/(^|[\s(:,;¥])-\d/);
      }
    }
    expect(explainKpi(revenueKpi(), EN)[0]).toContain('−17.7%');
  });

  it('is deterministic', () => {
    expect(cases.map((k) => explainKpi(k, ZH))).toEqual(cases.map((k) => explainKpi(k, ZH)));
  });
});

describe('ratio, survey and projection sentences', () => {
  const [rate, nps, csat, proj] = serviceKpis();

  it('states numerator and denominator in words', () => {
    expect(explainKpi(rate, EN)).toEqual([
      'Complaint rate 6.2% against a target of 5.0%: 76.0% achieved (1.2 pts above target).',
      'Complaint rate: 31 complaints on 500 orders.',
      'Compared with last quarter 5.0% (+1.2 pts) and the same quarter last year: no value.',
    ]);
    expect(explainKpi(rate, ZH)[1]).toBe('投诉率:500 个订单中 31 次投诉。');
  });

  it('gives survey counts and warns on a low sample', () => {
    expect(explainKpi(nps, ZH)[1]).toBe('20 份 NPS 问卷:推荐者 12、中立者 3、贬损者 5;样本量 20 少于最低要求 30,结果仅供参考。');
    expect(explainKpi(nps, EN)[1]).toBe('20 NPS responses: 12 promoters, 3 passives, 5 detractors; only 20 responses, fewer than the minimum of 30: treat with caution.');
    expect(explainKpi(csat, EN)[1]).toBe('36 of 40 responses satisfied.');
    expect(explainKpi(csat, EN).join(' ')).not.toContain('caution');
  });

  it('projects the run rate and the pace needed (2024Q3, as of 2024-08-15)', () => {
    expect(explainKpi(proj, ZH)[1]).toBe('截至 2024-08-15 已过 46/92 天,按当前进度预计期末 1,200,000 元;要达成目标,剩余 46 天日均需 19,565 元。');
    expect(explainKpi(proj, EN)[1]).toBe("As of 2024-08-15 (46 of 92 days) the run rate projects ¥1,200,000 by the period's end; reaching the target needs ¥19,565 a day over the remaining 46 days.");
  });

  it('says when a KPI has no value or no target, and when a target was prorated', () => {
    expect(explainKpi(kpiLine('gross_margin', null, 0.3, { missingPolicy: 'zero' }), ZH)).toEqual(['毛利率本期无数值,按 0 分计。']);
    expect(explainKpi(kpiLine('gross_margin', null, 0.3), EN)).toEqual(['Gross margin: no value this period, left out of the score (other weights renormalised).']);
    expect(explainKpi(kpiLine('orders', 12, null), EN)).toEqual(['Orders 12 (no target).']);
    const pro = kpiLine('new_customers', 3, 3.75, { prorated: true });
    pro.variance = { gap: -0.75, gap_pct: -0.2, threshold_cleared: true };
    expect(explainKpi(pro, ZH)).toEqual(['新客户数 3,目标 3.75(按在职天数折算),完成 80.0%(差 0.75,−20.0%)。']);
  });
});

describe('attachExplanations', () => {
  it('fills every KPI of employees, teams and the company without reordering', () => {
    const r = scoreResult(
      [employee('S2', [revenueKpi()]), employee('S1', serviceKpis())],
      [team('T1', ['S1', 'S2'], [revenueKpi()])],
      [revenueKpi()],
    );
    attachExplanations(r, { lang: 'zh', currency: 'CNY' });
    expect(r.employees.map((e) => e.id)).toEqual(['S2', 'S1']);
    expect(r.employees[1].kpis.map((k) => k.metric)).toEqual(['complaint_rate', 'nps', 'csat', 'revenue']);
    for (const k of [...r.employees.flatMap((e) => e.kpis), ...r.teams[0].kpis, ...r.company.kpis]) {
      expect(k.explanation.length).toBeGreaterThan(0);
    }
    // Labels default to the period's kind (2024Q3: a quarter).
    expect(r.company.kpis[0].explanation[1]).toMatch(/^较上季度 /);
  });

  it('accepts period ids as labels', () => {
    const k = revenueKpi();
    expect(explainKpi(k, { lang: 'zh', currency: 'CNY', periodLabel: { prior: '2024Q2', lastYear: '2023Q3' } })[1])
      .toMatch(/^较 2024Q2 \+134,568 元:/);
  });
});

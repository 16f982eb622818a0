/**
 * The indexed measurer against a naive reading of §5 straight from the rows, on random ledgers
 * (deterministic seed; an order always has one customer,
 * but several employees and days): same numbers for employees, teams and the company, every period kind.
 */
import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { isoDay } from '../../src/engine/calendar.js';
import { lastYearPeriod, priorPeriod } from '../../src/engine/period.js';
import type { Period } from '../../src/engine/types.js';
import type { Dataset } from '../../src/model.js';
import { ledger, period, type SaleRow } from '../helpers/ledger.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomLedger(seed: number, span = 730): Dataset {
  const r = rng(seed);
  const sales: SaleRow[] = [];
  const start = span === 730 ? period('2023-01').start : period('2024-02').start;
  for (let i = 0; i < 600; i++) {
    const o = Math.floor(r() * 250);
    const order = `O${o}`;
    const day = start + Math.floor(r() * span);
    const amount = (Math.floor(r() * 2000) - (r() < 0.2 ? 1500 : 0)) / 4; // some refunds, quarter-units
    sales.push({ order, date: isoDay(day), customer: `C${o % 40}`, employee: `S${Math.floor(r() * 5)}`, amount, cost: amount / 2 });
  }
  return ledger({ sales });
}

const BIG = 800;

/** Naive §5 over raw rows. */
function naive(ds: Dataset, members: Set<number>, P: Period, P1: Period, P1y: Period) {
  const s = ds.sales;
  const rows = [...Array(s.n).keys()];
  const inP = (r: number, p: Period) => s.day[r] >= p.start && s.day[r] <= p.end;
  const mine = (p: Period) => rows.filter((r) => members.has(s.employee[r]) && inP(r, p));
  const sum = (rs: number[]) => rs.reduce((a, r) => a + s.amountE4[r], 0);
  const byKey = (rs: number[], key: Int32Array) => {
    const m = new Map<number, number>();
    for (const r of rs) m.set(key[r], (m.get(key[r]) ?? 0) + s.amountE4[r]);
    return m;
  };
  const cur = mine(P);
  const rev = sum(cur);
  const orderNet = byKey(cur, s.order);
  const custNet = byKey(cur, s.customer);
  const orders = [...orderNet.values()].filter((v) => v > 0).length;
  const active = [...custNet].filter(([, v]) => v > 0).map(([c]) => c);
  // first positive row per customer: (day, order id text); split ties: largest amount then employee id
  const first = new Map<number, { day: number; emp: number }>();
  for (let c = 0; c < ds.customers.size; c++) {
    const pos = rows.filter((r) => s.customer[r] === c && s.amountE4[r] > 0);
    if (!pos.length) continue;
    pos.sort((a, b) => s.day[a] - s.day[b] || (ds.orders.id(s.order[a]) < ds.orders.id(s.order[b]) ? -1 : ds.orders.id(s.order[a]) > ds.orders.id(s.order[b]) ? 1 : 0));
    const f = pos[0];
    const same = pos.filter((r) => s.day[r] === s.day[f] && s.order[r] === s.order[f]);
    const perEmp = byKey(same, s.employee);
    const best = [...perEmp].sort((a, b) => b[1] - a[1] || (ds.employees.ids[a[0]] < ds.employees.ids[b[0]] ? -1 : 1))[0][0];
    first.set(c, { day: s.day[f], emp: best });
  }
  const firstIn = (c: number) => { const f = first.get(c); return f !== undefined && f.day >= P.start && f.day <= P.end; };
  const newCust = [...first].filter(([c, f]) => firstIn(c) && members.has(f.emp)).length;
  const companyNet = (c: number, from: number, to: number) => rows.filter((r) => s.customer[r] === c && s.day[r] >= from && s.day[r] <= to).reduce((a, r) => a + s.amountE4[r], 0);
  const big = (c: number, end: number) => companyNet(c, end - 364, end) >= BIG * 10_000;
  const orderCust = new Map<number, number>();
  for (const r of cur) if (!orderCust.has(s.order[r])) orderCust.set(s.order[r], s.customer[r]);
  const ordersOf = (c: number) => [...orderNet].filter(([o, v]) => v > 0 && orderCust.get(o) === c).length;
  const base = [...byKey(mine(P1), s.customer)].filter(([, v]) => v > 0).map(([c]) => c);
  const retained = base.filter((c) => companyNet(c, P.start, P.end) > 0);
  const lostBig = base.filter((c) => companyNet(c, P.start, P.end) <= 0 && big(c, P1.end));
  const div = (a: number, b: number) => (b === 0 ? null : a / b);
  const rev1 = sum(mine(P1)), revY = sum(mine(P1y));
  return {
    revenue: rev / 1e4,
    orders,
    active_customers: active.length,
    new_customers: newCust,
    new_customer_revenue_share: div([...custNet].filter(([c]) => firstIn(c)).reduce((a, [, v]) => a + v, 0), rev),
    repeat_purchase_rate: div(active.filter((c) => ordersOf(c) >= 2).length, active.length),
    retention_rate: div(retained.length, base.length),
    churn_rate: div(base.length - retained.length, base.length),
    lost_big_customers: lostBig.length,
    revenue_growth_pop: div(rev - rev1, rev1),
    revenue_growth_yoy: div(rev - revY, revY),
    big_customer_revenue_share: div([...custNet].filter(([c]) => big(c, P.end)).reduce((a, [, v]) => a + v, 0), rev),
    gross_profit: (rev - cur.reduce((a, r) => a + s.costE4[r], 0)) / 1e4,
    customer_lifetime_value: div(active.reduce((a, c) => a + companyNet(c, -1e9, P.end), 0) / 1e4, active.length),
  };
}

describe('measurer = naive §5 on random ledgers', () => {
  const periods = ['2024Q3', '2024-02', '2024', '2024H1', '2024-W10', '2024-03-15..2024-05-02'].map((id) => period(id));
  // Span 730 days spreads rows over two years; span 40 crowds them (same-day ties, shared orders).
  for (const [seed, span] of [[1, 730], [2, 730], [3, 730], [4, 40], [5, 40]]) {
    it(`seed ${seed}, ${span} days`, () => {
      const ds = randomLedger(seed, span);
      const m = createMeasurer(ds, { bigCustomerMinAnnualRevenue: BIG, csatScale: 5, slaHours: 48 });
      const groups = [[0], [1], [2, 3], [0, 1, 2, 3, 4]];
      for (const P of periods) {
        for (const g of groups) {
          const want = naive(ds, new Set(g), P, priorPeriod(P), lastYearPeriod(P));
          const ent = { kind: 'team' as const, id: g.join('+'), members: g, complaintsBy: 'account_owner' as const };
          const got = m.measure(ent, P, Object.keys(want));
          for (const [k, v] of Object.entries(want)) {
            const g2 = got.get(k)!.value;
            if (v === null || g2 === null) expect([P.id, g, k, g2]).toEqual([P.id, g, k, v]);
            else expect(Math.abs(g2 - v), `${P.id} ${g} ${k}: ${g2} vs ${v}`).toBeLessThan(1e-9 * Math.max(1, Math.abs(v)));
          }
        }
      }
    });
  }
});

describe('account owner at a date = naive latest positive row', () => {
  for (const [seed, span] of [[6, 730], [7, 40]]) {
    it(`seed ${seed}, ${span} days`, () => {
      const ds = randomLedger(seed, span);
      const s = ds.sales;
      const m = createMeasurer(ds, { bigCustomerMinAnnualRevenue: BIG, csatScale: 5, slaHours: 48 });
      const r = rng(seed * 31);
      const first = Math.min(...s.day), last = Math.max(...s.day);
      const queries = Array.from({ length: 300 }, () => ({ customer: Math.floor(r() * 40), day: first - 2 + Math.floor(r() * (last - first + 4)) }));
      const got = m.index.accountOwners(queries);
      queries.forEach((q, qi) => {
        const pos = [...Array(s.n).keys()].filter((i) => s.customer[i] === q.customer && s.amountE4[i] > 0 && s.day[i] <= q.day);
        let want = -1;
        if (pos.length) {
          const key = (i: number) => [s.day[i], ds.orders.id(s.order[i])] as const;
          const top = pos.reduce((a, b) => { const ka = key(a), kb = key(b); return kb[0] > ka[0] || (kb[0] === ka[0] && kb[1] > ka[1]) ? b : a; });
          const sums = new Map<number, number>();
          for (const i of pos) if (s.day[i] === s.day[top] && s.order[i] === s.order[top]) sums.set(s.employee[i], (sums.get(s.employee[i]) ?? 0) + s.amountE4[i]);
          want = [...sums].sort((a, b) => b[1] - a[1] || (ds.employees.ids[a[0]] < ds.employees.ids[b[0]] ? -1 : 1))[0][0];
        }
        expect([qi, got[qi]]).toEqual([qi, want]);
      });
    });
  }
});

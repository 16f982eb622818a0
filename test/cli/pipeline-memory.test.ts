/**
 * The CLI's memory steps (cli/pipeline.ts): measureDataset builds the measurer and then lets the
 * sales rows go; everything scored afterwards must be exactly what a measurer over the kept rows
 * gives (the engine reads sales only through its index). Forced garbage collections happen only
 * when the launcher exposed `gc` and the sales table is big.
 */
import { describe, it, expect, afterEach } from 'vitest';
import {
  COLLECT_FROM_ROWS, collectGarbage, loadCheckedPlan, loadData, measureDataset, releaseSalesRows, resolvePeriods,
} from '../../src/cli/pipeline.js';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { scorePeriod } from '../../src/engine/score.js';
import { attachVariance } from '../../src/engine/variance.js';
import type { Plan } from '../../src/plan/types.js';
import { ledger, entity, period } from '../helpers/ledger.js';
import { SAMPLE_PLAN } from './run.js';

const g = globalThis as { gc?: () => void };
const hadGc = 'gc' in g;
const realGc = g.gc;
afterEach(() => {
  if (hadGc) g.gc = realGc; else delete g.gc;
});

/** Counts calls of a stand-in `gc` while `fn` runs. */
async function gcCalls(fn: () => unknown): Promise<number> {
  let calls = 0;
  g.gc = () => { calls++; };
  await fn();
  return calls;
}

function planOptions(plan: Plan) {
  return {
    bigCustomerMinAnnualRevenue: plan.segments.bigCustomerMinAnnualRevenue,
    csatScale: plan.survey.csatScale,
    slaHours: plan.service.slaHours,
    fiscalYearStartMonth: plan.calendar.fiscalYearStartMonth,
    complaintModes: [...new Set(Object.values(plan.roles).map((r) => r.complaintsBy))],
  };
}

describe('measureDataset', () => {
  it('scores and explains variance exactly as a measurer over the kept rows, then holds no sales rows', async () => {
    const { plan } = await loadCheckedPlan(SAMPLE_PLAN);
    const periods = resolvePeriods('2024Q3', plan);
    const kept = (await loadData(plan, { skipInvalid: true })).dataset;
    const released = (await loadData(plan, { skipInvalid: true })).dataset;
    const rows = released.sales.n;
    const { files, hasCost, hasQuantity } = released.sales;
    const { customers, employees, orders, complaints, surveys, people } = released;

    const before = createMeasurer(kept, planOptions(plan));
    const after = measureDataset(released, plan);
    expect(rows).toBeGreaterThan(1000);
    expect(released.sales).toMatchObject({ n: 0, files, hasCost, hasQuantity });
    expect([released.sales.day.length, released.sales.amountE4.length, released.sales.row.length]).toEqual([0, 0, 0]);
    // Everything else is the very same objects.
    expect(released).toMatchObject({ customers, employees, orders, complaints, surveys, people });

    const run = (dataset: typeof kept, measurer: typeof before) => {
      const result = scorePeriod({ plan, dataset, measurer, ...periods, asOf: null });
      attachVariance(result, { measurer, dataset, plan, ...periods, asOf: null });
      return JSON.stringify(result);
    };
    const want = run(kept, before);
    expect(JSON.parse(want).employees.length).toBeGreaterThan(3);
    expect(run(released, after)).toBe(want);
  });
});

describe('releaseSalesRows', () => {
  it('leaves an empty table with the export facts, and the index built before still answers', () => {
    const ds = ledger({
      sales: [
        { order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100, cost: 60 },
        { order: 'O2', date: '2024-07-02', customer: 'C2', employee: 'S1', amount: 50, cost: 20 },
      ],
    });
    const m = createMeasurer(ds, { bigCustomerMinAnnualRevenue: 1000, csatScale: 5, slaHours: 48 });
    releaseSalesRows(ds);
    expect(ds.sales).toMatchObject({ n: 0, files: ['sales.csv'], hasCost: true, hasQuantity: false });
    // 150 revenue, 80 cost -> gross profit 70, from the index alone.
    const v = m.measure(entity(ds, 'S1'), period('2024Q3'), ['revenue', 'orders', 'gross_profit']);
    expect([...v.values()].map((x) => x.value)).toEqual([150, 2, 70]);
  });
});

describe('collectGarbage', () => {
  it('calls gc when the launcher exposed it, and does nothing otherwise', async () => {
    expect(await gcCalls(() => collectGarbage())).toBe(1);
    delete g.gc;
    expect(() => collectGarbage()).not.toThrow();
  });

  it('is not run for a small sales table (the sample: a few thousand rows)', async () => {
    const { plan } = await loadCheckedPlan(SAMPLE_PLAN);
    expect(await gcCalls(async () => {
      const { dataset } = await loadData(plan, { skipInvalid: true });
      measureDataset(dataset, plan);
    })).toBe(0);
  });

  it('is run once after the measurer is built for a table of COLLECT_FROM_ROWS rows', async () => {
    const { plan } = await loadCheckedPlan(SAMPLE_PLAN);
    const ds = ledger({ sales: [{ order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 1 }] });
    const n = COLLECT_FROM_ROWS;
    // n lines of order O1 (index 0) for C1 and S1 on one day: one run of n ten-thousandths.
    ds.sales = {
      ...ds.sales, n, day: new Int32Array(n).fill(ds.sales.day[0]), order: new Int32Array(n), customer: new Int32Array(n),
      employee: new Int32Array(n), amountE4: new Float64Array(n).fill(1), costE4: new Float64Array(n).fill(NaN),
      quantity: new Float64Array(n).fill(NaN), fileIdx: new Uint16Array(n), row: new Int32Array(n),
    };
    let m: ReturnType<typeof measureDataset> | undefined;
    expect(await gcCalls(() => { m = measureDataset(ds, plan); })).toBe(1);
    expect(ds.sales.n).toBe(0);
    expect(m!.measure(entity(ds, 'S1'), period('2024Q3'), ['revenue']).get('revenue')!.value).toBe(n / 10_000);
  });
});

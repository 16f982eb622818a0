/** A statement an employee can check by hand: why a KPI row does not count as weight × score. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { kpi } from './run.js';

async function rows(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: string[][] = [];
  wb.worksheets[0].eachRow((r) => {
    out.push(Array.from((r.values as unknown[]).slice(1), (v) => String(v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v ?? '')));
  });
  return out;
}

describe('payout statements', () => {
  it('S005 (joined 2024-07-24, no churn value): notes on the prorated targets, the KPI not counted, and the total over the counted weights', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-st-'));
    const r = kpi(['payout', '--demo', '--period', '2024Q3', '--statements', dir, '--out', path.join(dir, '..', `${path.basename(dir)}.json`), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const t = await rows(path.join(dir, 'S005.xlsx'));
    const row = (first: string) => t.find((x) => x[0] === first)!;
    expect(row('指标')).toEqual(['指标', '实际', '目标', '达成率', '权重', '得分', '备注']);
    expect(row('销售额')[6]).toBe('目标按在职天数折算'); // 1,200,000 × 69/92 = 900,000
    expect(row('销售额')[2]).toBe('900000');
    expect(row('客户流失率').slice(4)).toEqual(['15', '', '无数据，不计入；权重由其余指标分摊']);
    // (40 × 68.93 + 20 × 120 + 10 × 89.29 + 15 × 120) / 85 = 92.35, not / 100 = 78.50.
    const total = row('总分');
    expect(Number(total[5])).toBeCloseTo(92.3528, 3);
    expect(total[6]).toBe('总分 = Σ(权重 × 得分) ÷ 计分指标的权重之和 (85)');
    // A KPI that counts with its full target carries no note.
    expect(row('复购率')[6] ?? '').toBe('');
  });
});

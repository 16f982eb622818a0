/** Writes the sample workbooks to $KPI_DUMP (a folder) for a look by eye; skipped otherwise. */
import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPayoutXlsx } from '../../src/report/payout-xlsx.js';
import { RESULT, PLAN, STATS } from './fixtures.js';

const dir = process.env.KPI_DUMP;
it.skipIf(!dir)('dumps the sample payout workbook', async () => {
  const buf = await renderPayoutXlsx(RESULT, { lang: 'zh', plan: PLAN, inputs: STATS, planText: 'version: 1\ncompany: 示例贸易有限公司\n' });
  writeFileSync(path.join(dir!, 'payout.xlsx'), buf);
});

it.skipIf(!dir)('dumps a sample statement', async () => {
  const { renderStatementXlsx } = await import('../../src/report/statement-xlsx.js');
  const { S001_SCORE } = await import('./fixtures.js');
  const buf = await renderStatementXlsx(RESULT.employees[0], S001_SCORE, { lang: 'zh', period: RESULT.period, company: '示例贸易有限公司' });
  writeFileSync(path.join(dir!, 'S001.xlsx'), buf);
});

/** KPI_CHECK=file.xlsx: recalculates a real run's Payout sheet and fails on any difference. */
const check = process.env.KPI_CHECK;
it.skipIf(!check)('recalculates a given payout workbook', async () => {
  const { readFileSync } = await import('node:fs');
  const { readWorkbook, recalcSheet, dec, cachedFromXml } = await import('./xlsx-read.js');
  const buf = readFileSync(check!);
  const cached = await cachedFromXml(buf);
  const wb = await readWorkbook(buf);
  const cells = recalcSheet(wb, 'Payout');
  const bad = cells.filter((c) => dec(c.computed) !== dec(Number(cached.get(c.addr))));
  const dq: string[] = [];
  wb.getWorksheet('Data quality')!.eachRow((r) => dq.push(String(r.getCell(2).value)));
  console.log(`${cells.length} formulas, ${bad.length} differ; data quality codes: ${[...new Set(dq)].join(', ')}`);
  if (bad.length) throw new Error(JSON.stringify(bad.slice(0, 5)));
});

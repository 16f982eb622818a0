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

import { describe, it, expect } from 'vitest';
import { Chalk } from 'chalk';
import type { KpiResult, ScoreResult, EmployeeScore } from '../../src/engine/types.js';
import { renderScoreCsv } from '../../src/report/score-csv.js';
import { renderPayoutJson } from '../../src/report/payout-json.js';
import { renderPayoutCsv } from '../../src/report/payout-csv.js';
import { renderPayoutTable } from '../../src/report/payout-table.js';
import { renderPayoutXlsx } from '../../src/report/payout-xlsx.js';
import { renderStatementXlsx } from '../../src/report/statement-xlsx.js';
import { makeResult } from './fixtures.js';
import { RESULT, PLAN, STATS, S001_SCORE } from '../payout-report/fixtures.js';

/**
 * `kpi payout` (every format, statements too) and `kpi score --format csv` skip the KPI sentences
 * (run-score.ts `explanations: false`): these renderers must never read `explanation`. Each KPI's
 * `explanation` here throws when read.
 */
function unreadable<T extends { kpis: KpiResult[] }>(x: T): T {
  for (const k of x.kpis) {
    Object.defineProperty(k, 'explanation', { get() { throw new Error(`explanation of ${k.metric} was read`); } });
  }
  return x;
}

function scoreWithoutSentences(): ScoreResult {
  const r = makeResult();
  r.employees.forEach(unreadable);
  r.teams.forEach(unreadable);
  unreadable(r.company);
  return r;
}

describe('outputs that do not need the KPI sentences', () => {
  it('score csv never reads explanation', () => {
    expect(() => renderScoreCsv(scoreWithoutSentences(), { lang: 'zh', currency: 'CNY' })).not.toThrow();
  });

  it('payout json, csv, table, xlsx and statements never read explanation', async () => {
    const score = scoreWithoutSentences();
    const emp = unreadable(structuredClone(S001_SCORE) as EmployeeScore);
    expect(() => renderPayoutJson(RESULT)).not.toThrow();
    expect(() => renderPayoutCsv(RESULT)).not.toThrow();
    expect(() => renderPayoutTable(RESULT, { color: new Chalk({ level: 0 }), lang: 'en' })).not.toThrow();
    await expect(renderPayoutXlsx(RESULT, { lang: 'en', plan: PLAN, inputs: STATS, planText: 'version: 1\n', score })).resolves.toBeInstanceOf(Buffer);
    await expect(renderStatementXlsx(RESULT.employees[0], emp, { lang: 'en', currency: 'CNY', period: RESULT.period })).resolves.toBeInstanceOf(Buffer);
  });

  it('the getter does throw when read (the check above is live)', () => {
    expect(() => scoreWithoutSentences().employees[0].kpis[0].explanation).toThrow('was read');
  });
});

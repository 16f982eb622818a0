import { describe, it, expect } from 'vitest';
import { renderScoreCsv, scoreCsvRows, SCORE_CSV_HEADER } from '../../src/report/score-csv.js';
import { makeResult, makeHostileResult } from './fixtures.js';

const opts = { lang: 'zh' as const, currency: 'CNY' };

describe('score CSV', () => {
  const text = renderScoreCsv(makeResult(), opts);
  const lines = text.slice(1).split('\r\n');

  it('is UTF-8 text with a BOM, a stable header and CRLF records', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toBe(SCORE_CSV_HEADER.join(','));
    expect(lines[0]).toBe('entity_type,id,name,team,role,metric,metric_name,unit,actual,target,achievement,score,weight,met,missing,prorated,total_score,rating');
    expect(lines.at(-1)).toBe(''); // trailing CRLF
    // 5 employees × 3 KPIs + 3 teams × 3 + company 6
    expect(lines.length - 2).toBe(15 + 9 + 6);
  });

  it('writes one row per entity × KPI with money to cents and ratios at full precision', () => {
    const s001 = lines.find((l) => l.startsWith('employee,S001,张伟,华东一组,sales,revenue,'));
    expect(s001).toBe(`employee,S001,张伟,华东一组,sales,revenue,销售额,money,1234567.89,1500000,${1234567.891 / 1500000},${(1234567.891 / 1500000) * 100},50,false,false,false,${makeResult().employees[0].score},B`);
    const s002churn = lines.find((l) => l.startsWith('employee,S002,Alice Wang,华东一组,sales,churn_rate,'));
    expect(s002churn).toBe('employee,S002,Alice Wang,华东一组,sales,churn_rate,客户流失率,ratio,,0.1,,,20,,true,false,' + makeResult().employees[1].score + ',B');
    expect(lines.find((l) => l.startsWith('team,华南组,'))).toMatch(/^team,华南组,华南组,华南组,sales,revenue,销售额,money,-12345.5,1200000,/);
    expect(lines.find((l) => l.startsWith('company,'))).toMatch(/^company,company,全公司,,,revenue,销售额,money,2202222.4,3600000,.*,,$/);
  });

  it('is byte-identical across runs', () => {
    expect(renderScoreCsv(makeResult(), opts)).toBe(text);
  });

  it('neutralises formula-like names and keeps -5 a number', () => {
    const rows = scoreCsvRows(makeHostileResult(), opts);
    expect(rows[1][8]).toBe(-5); // S001 new_customers actual
    const out = renderScoreCsv(makeHostileResult(), opts);
    expect(out).toContain(`employee,S001,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(out).toContain("employee,S002,'+1,");
    expect(out).toContain("employee,S003,'-x,");
    expect(out).toContain("employee,C001,'@x,");
    expect(out).toContain("employee,C002,'\tx,\"'\nx\",service,");
    expect(out).toContain(',count,-5,20,'); // the number, unprefixed
  });
});

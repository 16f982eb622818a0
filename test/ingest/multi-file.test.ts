/**
 * A source split over several exports (`path:` a list or a file-name pattern): read in turn as one
 * source; each file maps its own header; duplicates are found across files; every message names
 * the file and its own row.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/ingest/load.js';
import { complaintAt } from '../../src/model.js';
import { expandPattern, isPattern, matchesPattern } from '../../src/io/file-patterns.js';
import ExcelJS from 'exceljs';
import { plan, source, tempDir, write } from './helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });

const files = (...names: string[]) => names.map((n) => ({ path: join(dir, n), displayPath: `data/${n}` }));

describe('file name patterns', () => {
  it('match * and ? in the file name only, sorted by name, never hidden or Office lock files', async () => {
    const d = join(dir, 'pat');
    mkdirSync(d);
    for (const n of ['销售-2024-09.csv', '销售-2024-07.csv', '销售-2024-08.csv', '销售-汇总.csv', '.销售-2024-10.csv', '~$销售-2024-11.csv', 'x.csv']) write(d, n, 'a\n');
    expect(isPattern(join(d, '销售-2024-*.csv'))).toBe(true);
    expect(isPattern(join(d, 'x.csv'))).toBe(false);
    expect((await expandPattern(join(d, '销售-2024-*.csv'))).map((p) => p.slice(d.length + 1)))
      .toEqual(['销售-2024-07.csv', '销售-2024-08.csv', '销售-2024-09.csv']);
    expect((await expandPattern(join(d, '销售-????-0?.csv'))).length).toBe(3);
    expect(await expandPattern(join(d, 'nothing-*.csv'))).toEqual([]);
    expect(matchesPattern(join(d, '销售-*.csv'), join(d, '销售-汇总.csv'))).toBe(true);
    expect(matchesPattern(join(d, '销售-*.csv'), join(dir, '销售-汇总.csv'))).toBe(false);
  });
});

describe('a sales source of several files', () => {
  it('reads them in turn, each with its own column order; a repeated line is cited with its file', async () => {
    write(dir, 's-07.csv', '订单号,日期,客户,业务员,金额\nA1,2024-07-01,K1,S001,100\nA2,2024-07-02,K2,S001,50\n');
    write(dir, 's-08.csv', '金额,业务员,客户,日期,订单号\n200,S002,K1,2024-08-01,A3\n100,S001,K1,2024-07-01,A1\n');
    const spec = source(join(dir, 's-07.csv'), { files: files('s-07.csv', 's-08.csv') });
    const r = await loadDataset(plan({ sales: spec }), { skipInvalid: true });
    const dup = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(dup.map((d) => [d.file, d.row])).toEqual([['data/s-08.csv', 3]]);
    expect(dup[0].message).toContain('same order line as row 2 of data/s-07.csv');
    const s = r.dataset!.sales;
    expect(s.files).toEqual(['data/s-07.csv', 'data/s-08.csv']);
    expect(Array.from({ length: s.n }, (_, i) => [s.files[s.fileIdx[i]], s.row[i], s.amountE4[i] / 10_000]))
      .toEqual([['data/s-07.csv', 2, 100], ['data/s-07.csv', 3, 50], ['data/s-08.csv', 2, 200]]);
    expect(r.dataset!.stats.map((st) => [st.source, st.file, st.rowsRead, st.rowsKept])).toEqual([
      ['sales', 'data/s-07.csv', 2, 2], ['sales', 'data/s-08.csv', 2, 1],
    ]);
  });

  it('a pattern is expanded in name order; one matching nothing is file_missing', async () => {
    const d = join(dir, 'months');
    mkdirSync(d);
    write(d, 'sales-2024-08.csv', 'order_id,date,customer_id,employee_id,amount\nB2,2024-08-01,K1,S001,7\n');
    write(d, 'sales-2024-07.csv', 'order_id,date,customer_id,employee_id,amount\nB1,2024-07-01,K1,S001,5\n');
    const ok = await loadDataset(plan({ sales: source(join(d, 'sales-2024-07.csv'),
      { files: [{ path: join(d, 'sales-*.csv'), displayPath: 'months/sales-*.csv' }] }) }), { skipInvalid: false });
    expect(ok.dataset!.sales.files).toEqual(['months/sales-2024-07.csv', 'months/sales-2024-08.csv']);
    const none = await loadDataset(plan({ sales: source(join(d, 'x.csv'),
      { files: [{ path: join(d, 'returns-*.csv'), displayPath: 'months/returns-*.csv' }] }) }), { skipInvalid: false });
    expect(none.dataset).toBeNull();
    expect(none.diagnostics.map((x) => [x.code, x.file])).toEqual([['file_missing', 'months/returns-*.csv']]);
    expect(none.diagnostics[0].message).toContain('no file matches months/returns-*.csv');
  });
});

describe('a join shared by the files of a source', () => {
  it('is read once: its problems are reported once, and every file looks up in it', async () => {
    write(dir, 'j-07.csv', '订单号,业务员,金额\nO1,S1,100\n');
    write(dir, 'j-08.csv', '订单号,业务员,金额\nO2,S1,200\n');
    const ord = write(dir, 'j-orders.csv', '单号,客户编号,下单日期\nO1,K1,2024-07-01\nO2,K2,2024-08-01\n');
    const opt = { encoding: 'auto' as const, delimiter: 'auto', dateFormat: 'auto' as const };
    const ordersJoin = (columns: Record<string, string>) =>
      [{ path: ord, displayPath: 'j-orders.csv', ...opt, on: { left: 'order_id', right: '单号' }, columns }];
    const months = (columns: Record<string, string>) =>
      source(join(dir, 'j-07.csv'), { files: files('j-07.csv', 'j-08.csv'), join: ordersJoin(columns) });
    const ok = await loadDataset(plan({ sales: months({ customer_id: '客户编号', date: '下单日期' }) }), { skipInvalid: false });
    expect(Array.from(ok.dataset!.sales.customer, (i) => ok.dataset!.customers.ids[i])).toEqual(['K1', 'K2']);
    const bad = await loadDataset(plan({ sales: months({ customer_id: '客户号', date: '下单日期' }) }), { skipInvalid: false });
    expect(bad.diagnostics.filter((d) => d.file === 'j-orders.csv').map((d) => d.code)).toEqual(['missing_column']);
  });
});

describe('complaints of several files', () => {
  it('cite each complaint in its own file; a duplicate id across files names the earlier file', async () => {
    write(dir, 'sales.csv', '订单号,日期,客户,业务员,金额\nA1,2024-07-01,K1,S001,100\n');
    write(dir, 'c-07.csv', '工单号,受理时间,处理人\nT1,2024-07-01 09:00,C001\nT2,2024-07-02 09:00,C002\n');
    write(dir, 'c-08.csv', '受理时间,工单号,处理人\n2024-08-01 09:00,T3,C003\n2024-08-02 09:00,T1,C001\n');
    const p = plan({ sales: source(join(dir, 'sales.csv')), complaints: source(join(dir, 'c-07.csv'), { files: files('c-07.csv', 'c-08.csv') }) });
    const r = await loadDataset(p, { skipInvalid: true });
    const skipped = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(skipped.map((d) => [d.file, d.row])).toEqual([['data/c-08.csv', 3]]);
    expect(skipped[0].message).toContain('complaint T1 already appears at row 2 of data/c-07.csv');
    const t = r.dataset!.complaints;
    expect(Array.from({ length: t.n }, (_, i) => [complaintAt(t, i).id, complaintAt(t, i).src])).toEqual([
      ['T1', { file: 'data/c-07.csv', row: 2 }], ['T2', { file: 'data/c-07.csv', row: 3 }], ['T3', { file: 'data/c-08.csv', row: 2 }],
    ]);
    // The roster is empty: each unknown handler is cited where it first appears, in its own file.
    const unknown = r.diagnostics.filter((d) => d.code === 'unknown_employee' && d.value);
    expect(unknown.map((d) => [d.value, d.file, d.row])).toEqual([
      ['S001', 'sales.csv', 2], ['C001', 'data/c-07.csv', 2], ['C002', 'data/c-07.csv', 3], ['C003', 'data/c-08.csv', 2],
    ]);
  });
});

describe('surveys from a CSV and a workbook', () => {
  it('cite the workbook rows with its sheet and the CSV rows without one', async () => {
    write(dir, 'sales2.csv', '订单号,日期,客户,业务员,金额\nA1,2024-07-01,K1,S001,100\n');
    write(dir, 'sv-07.csv', '调研编号,日期,员工编号,推荐值\nR1,2024-07-01,S001,9\n');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('问卷');
    ws.addRow(['日期', '调研编号', '员工编号', '推荐值']);
    ws.addRow(['2024-08-01', 'R2', 'S001', 3]);
    ws.addRow(['2024-08-02', 'R1', 'S001', 10]);
    await wb.xlsx.writeFile(join(dir, 'sv-08.xlsx'));
    const p = plan({ sales: source(join(dir, 'sales2.csv')), surveys: source(join(dir, 'sv-07.csv'), { files: files('sv-07.csv', 'sv-08.xlsx') }) },
      { people: [{ id: 'S001', role: 'sales' }] });
    const r = await loadDataset(p, { skipInvalid: false });
    const dup = r.diagnostics.filter((d) => d.code === 'duplicate_survey_id');
    expect(dup.map((d) => [d.file, d.row, d.value])).toEqual([['data/sv-08.xlsx', 3, 'R1']]);
    expect(dup[0].message).toContain('already appears at row 2 of data/sv-07.csv');
    const t = r.dataset!.surveys;
    const { surveyAt } = await import('../../src/model.js');
    expect(Array.from({ length: t.n }, (_, i) => surveyAt(t, i).src)).toEqual([
      { file: 'data/sv-07.csv', row: 2 }, { file: 'data/sv-08.xlsx', sheet: '问卷', row: 2 }, { file: 'data/sv-08.xlsx', sheet: '问卷', row: 3 },
    ]);
  });
});

describe('several sheets of a workbook (sheet: a list or a pattern)', () => {
  let book: string;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('汇总').addRow(['月份', '合计']);
    const month = (name: string, rows: (string | number)[][]) => {
      const ws = wb.addWorksheet(name);
      ws.addRow(['订单号', '日期', '客户', '业务员', '金额']);
      for (const r of rows) ws.addRow(r);
    };
    month('7月', [['O1', '2024-07-01', 'K1', 'S001', 100]]);
    month('8月', [['O2', '2024-08-01', 'K1', 'S002', 200], ['O1', '2024-07-01', 'K1', 'S001', 100]]);
    month('9月', [['O3', '2024-09-01', 'K2', 'S001', 300]]);
    book = join(dir, 'months.xlsx');
    await wb.xlsx.writeFile(book);
  });
  const months = (sheets: string[]) => source(book, { files: [{ path: book, displayPath: 'data/months.xlsx' }], sheets });

  it('a pattern takes the matching tabs in tab order; a repeated line cites the sheet it repeats', async () => {
    const r = await loadDataset(plan({ sales: months(['*月']) }, { people: [{ id: 'S001', role: 'sales' }] }), { skipInvalid: true });
    expect(r.dataset!.stats.map((st) => [st.file, st.sheet, st.rowsRead, st.rowsKept])).toEqual([
      ['data/months.xlsx', '7月', 1, 1], ['data/months.xlsx', '8月', 2, 1], ['data/months.xlsx', '9月', 1, 1],
    ]);
    const dup = r.diagnostics.filter((d) => d.code === 'row_skipped');
    expect(dup.map((d) => [d.file, d.sheet, d.row])).toEqual([['data/months.xlsx', '8月', 3]]);
    expect(dup[0].message).toContain('same order line as row 2 of data/months.xlsx [7月]');
    expect(Array.from(r.dataset!.sales.amountE4).map((a) => a / 10_000)).toEqual([100, 200, 300]);
    // S002 is not in the roster: cited in its own sheet.
    const unknown = r.diagnostics.filter((d) => d.code === 'unknown_employee' && d.value === 'S002');
    expect(unknown.map((d) => [d.file, d.sheet, d.row])).toEqual([['data/months.xlsx', '8月', 2]]);
  });

  it('a list is read in its order; a name or pattern with no tab is sheet_missing', async () => {
    const r = await loadDataset(plan({ sales: months(['9月', '7月']) }), { skipInvalid: false });
    expect(r.dataset!.stats.map((st) => st.sheet)).toEqual(['9月', '7月']);
    const none = await loadDataset(plan({ sales: months(['7月', '*季度']) }), { skipInvalid: false });
    expect(none.dataset).toBeNull();
    expect(none.diagnostics.map((d) => [d.code, d.sheet])).toEqual([['sheet_missing', '*季度']]);
    expect(none.diagnostics[0].message).toContain('has no sheet matching "*季度"; sheets present: "汇总", "7月", "8月", "9月"');
  });
});


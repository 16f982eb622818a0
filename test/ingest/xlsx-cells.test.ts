/**
 * xlsx cells that hold no value where the plan reads the row — Excel errors (`#DIV/0!`, `#N/A`),
 * formulas saved without a result — are row problems naming file, sheet, row, column and the
 * error or formula, with the code of the field (bad_amount, bad_date, missing_value, …) or
 * xlsx_formula_no_result; all are collected, the rows skipped under --skip-invalid; the same
 * cells in a column nobody reads are ignored.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { loadDataset } from '../../src/ingest/load.js';
import { MAX_LISTED_PROBLEMS } from '../../src/ingest/source-reader.js';
import { inl, num, row, writeRawXlsx } from '../helpers/raw-xlsx.js';
import { plan, source, tempDir, write } from './helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });

const HEAD = row(1, ...['订单编号', '下单日期', '客户编号', '销售员编号', '金额', '数量', '备注'].map((h, i) => inl(`${'ABCDEFG'[i]}1`, h)));
/** A sales line on row n; `cells` replaces columns by letter. */
function line(n: number, cells: Record<string, string> = {}): string {
  const std: Record<string, string> = {
    A: inl(`A${n}`, `SO${n}`), B: num(`B${n}`, 45474, 1), C: inl(`C${n}`, 'KH1'), D: inl(`D${n}`, 'S001'),
    E: num(`E${n}`, 100), F: num(`F${n}`, 1), G: inl(`G${n}`, 'ok'),
  };
  return row(n, ...'ABCDEFG'.split('').map((c) => cells[c] ?? std[c]));
}
const err = (ref: string, e: string, f?: string) => `<c r="${ref}" t="e">${f ? `<f>${f}</f>` : ''}<v>${e}</v></c>`;

describe('Excel error cells', () => {
  it('are row problems of the field that reads them: file, sheet, row, column, the error, and the formula', async () => {
    const path = await writeRawXlsx(join(dir, 'errors.xlsx'), {
      sheets: [{ name: '销售', data: HEAD + line(2)
        + line(3, { E: err('E3', '#DIV/0!', 'F3/0') })
        + line(4, { B: err('B4', '#VALUE!', 'DATE(2024,13,"x")') })
        + line(5, { C: err('C5', '#N/A', 'VLOOKUP(A5,客户!A:B,2,FALSE)') })
        + line(6, { F: err('F6', '#REF!') })
        + line(7, { G: err('G7', '#NAME?', 'foo()') }) }],
    });
    const spec = source(path);
    const r = await loadDataset(plan({ sales: spec }), { skipInvalid: false });
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.file, d.sheet, d.row, d.column, d.value])).toEqual([
      ['bad_amount', 'errors.xlsx', '销售', 3, '金额', '#DIV/0!'],
      ['bad_date', 'errors.xlsx', '销售', 4, '下单日期', '#VALUE!'],
      ['missing_value', 'errors.xlsx', '销售', 5, '客户编号', '#N/A'],
      ['bad_number', 'errors.xlsx', '销售', 6, '数量', '#REF!'],
    ]);
    expect(errs[0].message).toBe('cell 销售!E3 holds the Excel error #DIV/0!, the result of its formula =F3/0: correct the formula in the workbook and save it again');
    expect(errs[2].message).toContain('cell 销售!C5 holds the Excel error #N/A, the result of its formula =VLOOKUP(A5,客户!A:B,2,FALSE)');
    expect(errs[3].message).toBe('cell 销售!F6 holds the Excel error #REF!, not a value: correct it in the workbook and save it again');

    // --skip-invalid: the four rows are skipped and listed; row 7's error is in 备注, which no field reads.
    const s = await loadDataset(plan({ sales: spec }), { skipInvalid: true });
    expect(s.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => [d.row, d.message.slice(0, 30)])).toEqual([
      [3, 'row skipped (bad_amount): cell'], [4, 'row skipped (bad_date): cell 销'], [5, 'row skipped (missing_value): c'], [6, 'row skipped (bad_number): cell'],
    ]);
    const sales = s.dataset!.sales;
    expect(Array.from(sales.row)).toEqual([2, 7]);
    expect(s.dataset!.stats[0].excluded).toEqual({ invalid: 4 });
  });

  it('in an exclude column or a joined lookup file are row problems too', async () => {
    const path = await writeRawXlsx(join(dir, 'ex.xlsx'), {
      sheets: [{ name: 'S', data: row(1, ...['订单编号', '下单日期', '客户编号', '销售员编号', '金额', '渠道备注'].map((h, i) => inl(`${'ABCDEF'[i]}1`, h)))
        + row(2, inl('A2', 'SO2'), num('B2', 45474, 1), inl('C2', 'KH1'), inl('D2', 'S001'), num('E2', 100), inl('F2', '测试'))
        + row(3, inl('A3', 'SO3'), num('B3', 45474, 1), inl('C3', 'KH1'), inl('D3', 'S001'), num('E3', 100), err('F3', '#N/A', 'VLOOKUP(A3,X!A:B,2,0)')) }],
    });
    const ex = await loadDataset(plan({ sales: source(path, { exclude: { 渠道备注: ['测试'] } }) }), { skipInvalid: false });
    expect(ex.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.row, d.column, d.value])).toEqual([
      ['missing_value', 3, '渠道备注', '#N/A'],
    ]);

    const lines = write(dir, 'lines.csv', '订单号,业务员,金额\nO1,S1,100\nO2,S1,200\n');
    const orders = await writeRawXlsx(join(dir, 'orders.xlsx'), {
      sheets: [{ name: '订单', data: row(1, inl('A1', '单号'), inl('B1', '客户编号'), inl('C1', '下单日期'))
        + row(2, inl('A2', 'O1'), inl('B2', 'K1'), num('C2', 45474, 1))
        + row(3, inl('A3', 'O2'), inl('B3', 'K2'), err('C3', '#VALUE!', 'C2+"x"')) }],
    });
    const spec = source(lines, {
      join: [{ path: orders, displayPath: 'orders.xlsx', encoding: 'auto', delimiter: 'auto', dateFormat: 'auto',
        on: { left: 'order_id', right: '单号' }, columns: { customer_id: '客户编号', date: '下单日期' } }],
    });
    const j = await loadDataset(plan({ sales: spec }), { skipInvalid: false });
    const errs = j.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.file, d.row, d.column, d.value])).toEqual([['bad_date', 'lines.csv', 3, 'orders.xlsx: 下单日期', '#VALUE!']]);
    expect(errs[0].message).toContain('cell 订单!C3 of orders.xlsx holds the Excel error #VALUE!');
  });
});

describe('formulas saved without a result', () => {
  const noResult = (ref: string, f: string) => `<c r="${ref}"><f>${f}</f></c>`;

  it('are row problems like any bad cell: every one listed, with the other bad rows, and skipped under --skip-invalid', async () => {
    const path = await writeRawXlsx(join(dir, 'uncalculated.xlsx'), {
      sheets: [{ name: 'S', data: HEAD + line(2)
        + line(3, { E: noResult('E3', 'F3*100') })
        + line(4, { B: inl('B4', '2024-13-01') })
        + line(5, { E: noResult('E5', 'F5*100'), C: noResult('C5', 'VLOOKUP(A5,X!A:B,2,0)') })
        + line(6, { G: noResult('G6', 'NOW()') })
        + line(7, { E: '<c r="E7"><f t="shared" ref="E7:E8" si="0">F7*100</f></c>' })
        + line(8, { E: '<c r="E8"><f t="shared" si="0"/></c>' }) }],
    });
    const spec = source(path);
    const r = await loadDataset(plan({ sales: spec }), { skipInvalid: false });
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.code, d.file, d.sheet, d.row, d.column, d.value])).toEqual([
      ['xlsx_formula_no_result', 'uncalculated.xlsx', 'S', 3, '金额', '=F3*100'],
      ['bad_date', 'uncalculated.xlsx', 'S', 4, '下单日期', '2024-13-01'],
      ['xlsx_formula_no_result', 'uncalculated.xlsx', 'S', 5, '客户编号', '=VLOOKUP(A5,X!A:B,2,0)'],
      ['xlsx_formula_no_result', 'uncalculated.xlsx', 'S', 5, '金额', '=F5*100'],
      ['xlsx_formula_no_result', 'uncalculated.xlsx', 'S', 7, '金额', '=F7*100'],
      ['xlsx_formula_no_result', 'uncalculated.xlsx', 'S', 8, '金额', ''],
    ]);
    expect(errs[0].message).toBe('cell S!E3 holds a formula (=F3*100) without a saved result; open the file in Excel/WPS and save it again');
    expect(errs[5].message).toBe('cell S!E8 holds a formula without a saved result; open the file in Excel/WPS and save it again');
    expect(r.dataset).toBe(null);

    const s = await loadDataset(plan({ sales: spec }), { skipInvalid: true });
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s.diagnostics.filter((d) => d.code === 'row_skipped').map((d) => d.row)).toEqual([3, 4, 5, 5, 7, 8]);
    expect(Array.from(s.dataset!.sales.row)).toEqual([2, 6]); // row 6's formula is in 备注, which nothing reads
  });

  it('count against the per-file cap of listed problems, and never stop the read', async () => {
    const bad = MAX_LISTED_PROBLEMS + 3;
    let data = HEAD;
    for (let i = 2; i < bad + 2; i++) data += line(i, { E: noResult(`E${i}`, `F${i}*100`) });
    data += line(bad + 2);
    const path = await writeRawXlsx(join(dir, 'many.xlsx'), { sheets: [{ name: 'S', data }] });
    const r = await loadDataset(plan({ sales: source(path) }), { skipInvalid: true });
    expect(r.diagnostics.filter((d) => d.code === 'row_skipped').length).toBe(MAX_LISTED_PROBLEMS);
    const more = r.diagnostics.filter((d) => d.code === 'more_row_problems');
    expect(more.map((d) => [d.severity, d.message])).toEqual([['warning', '3 more row problems in many.xlsx are not listed']]);
    expect(Array.from(r.dataset!.sales.row)).toEqual([bad + 2]);
    expect(r.dataset!.stats[0].excluded).toEqual({ invalid: bad });
  });
});

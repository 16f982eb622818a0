/**
 * xlsx cells that hold no value where the plan reads the row — Excel errors (`#DIV/0!`, `#N/A`)
 * — are row problems naming file, sheet, row, column and the error, with the code of the field
 * (bad_amount, bad_date, missing_value, …); the row is skipped under --skip-invalid; the same
 * cell in a column nobody reads is ignored.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { loadDataset } from '../../src/ingest/load.js';
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

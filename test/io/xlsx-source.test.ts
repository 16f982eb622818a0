import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CellError, type Cell, type TableSpec } from '../../src/io/table-source.js';
import { readAll } from './read-all.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-')); });

async function errorOf(spec: TableSpec) {
  try { await readAll(spec); return null; } catch (e) { return (e as { diagnostic?: { code: string; message: string } }).diagnostic ?? { code: String(e), message: '' }; }
}

async function book(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<TableSpec> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return { path, displayPath: name };
}

describe('xlsx streaming reader', () => {
  it('reads header, typed cells, dates with UTC getters and sheet row numbers', async () => {
    const spec = await book('a.xlsx', (wb) => {
      const ws = wb.addWorksheet('销售');
      ws.addRow(['说明: 2024 导出']);
      ws.addRow([]);
      ws.addRow(['订单编号', '下单日期', '金额', '备注']);
      ws.addRow(['SO1', new Date(Date.UTC(2024, 6, 1)), 1234.5, { richText: [{ text: 'a' }, { text: 'b' }] }]);
      ws.getCell('B4').numFmt = 'yyyy"年"m"月"d"日"';
      ws.addRow(['SO2', 45474, { formula: 'C4*2', result: 2469 }, true]);
    });
    // The first non-blank row is the header: here the title line, so read a sheet without it.
    const r = await readAll(spec);
    expect(r.info.header).toEqual(['说明: 2024 导出']);
    expect(r.info.sheet).toBe('销售');
    expect(r.nums).toEqual([3, 4, 5]);
    expect(r.rows[1][1]).toEqual({ y: 2024, m: 7, d: 1, hh: 0, mi: 0, ss: 0 });
    expect(r.rows[2][1]).toBe(45474);
    expect(r.rows[2][2]).toBe(2469);
    expect(r.rows[1][3]).toBe('ab');
  });
  it('chooses a sheet by name and lists the sheets when it is missing', async () => {
    const spec = await book('b.xlsx', (wb) => {
      wb.addWorksheet('封面').addRow(['x']);
      const ws = wb.addWorksheet('投诉记录');
      ws.addRow(['投诉编号', '受理时间']);
      ws.addRow(['T1', '2024-07-01 09:00']);
    });
    const r = await readAll({ ...spec, sheet: '投诉记录' });
    expect(r.info.header).toEqual(['投诉编号', '受理时间']);
    expect(r.rows).toEqual([['T1', '2024-07-01 09:00']]);
    expect(r.nums).toEqual([2]);
    const e = await errorOf({ ...spec, sheet: '明细' });
    expect(e?.code).toBe('sheet_missing');
    expect(e?.message).toContain('"封面", "投诉记录"');
  });
  it('reads a formula without a cached result as a CellError naming the cell, and reads on', async () => {
    const spec = await book('c.xlsx', (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['a', 'b']);
      ws.addRow([1, { formula: 'A2*2' }]);
      ws.addRow([2, 4]);
    });
    const r = await readAll(spec);
    expect(r.rows).toStrictEqual([[1, new CellError(null, 'S!B2', 'A2*2')], [2, 4]]);
    // In the header it stops the read: the column has no name to be found by.
    const h = await book('c2.xlsx', (wb) => {
      const ws = wb.addWorksheet('S');
      ws.addRow(['a', { formula: 'UPPER("b")' }]);
      ws.addRow([1, 2]);
    });
    const e = await errorOf(h);
    expect(e?.code).toBe('xlsx_formula_no_result');
    expect(e?.message).toContain('header cell S!B1 holds a formula without a saved result');
  });
  it('rejects non-zip files and oversized expansion; duplicate headers and header-only sheets are read', async () => {
    const fake = join(dir, 'fake.xlsx');
    writeFileSync(fake, 'a,b\n1,2\n');
    expect((await errorOf({ path: fake, displayPath: 'fake.xlsx' }))?.code).toBe('xlsx_invalid');
    const spec = await book('d.xlsx', (wb) => { const ws = wb.addWorksheet('S'); ws.addRow(['a', 'a']); });
    expect((await readAll(spec)).info.header).toEqual(['a', 'a']); // duplicates are judged where columns are chosen
    const big = await book('e.xlsx', (wb) => { const ws = wb.addWorksheet('S'); ws.addRow(['a']); ws.addRow([1]); });
    expect((await errorOf({ ...big, maxXlsxUncompressedBytes: 100 }))?.code).toBe('xlsx_too_large');
    expect((await errorOf({ ...big, maxXlsxFileBytes: 100 }))?.code).toBe('xlsx_too_large');
    const h = await readAll(await book('f.xlsx', (wb) => { wb.addWorksheet('S').addRow(['a', 'b']); }));
    expect(h.rows).toEqual([]);
    expect(h.info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

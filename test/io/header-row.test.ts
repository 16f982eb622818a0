/**
 * `header_row`: ERP and BI exports often put a report title (and notes) above the headers. Rows
 * above the header row are skipped; row numbers stay the file's lines / the sheet's rows; the
 * delimiter is detected on the header line, not on the title.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Cell, TableSpec } from '../../src/io/table-source.js';
import { readAll } from './read-all.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kpi-hdr-')); });

function file(name: string, content: string | Buffer, headerRow?: number): TableSpec {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, displayPath: name, encoding: 'auto', delimiter: 'auto', headerRow };
}


async function failure(spec: TableSpec) {
  try { await readAll(spec); return null; } catch (e) { return (e as { diagnostic: { code: string; message: string } }).diagnostic; }
}

describe('header_row in text exports', () => {
  it('skips a title and a note; rows keep their file line numbers', async () => {
    const text = '销售明细表\r\n导出时间: 2024-10-01\r\n订单号,日期,金额\r\nSO1,2024-07-01,100\r\nSO2,2024-07-02,200\r\n';
    const r = await readAll(file('t1.csv', iconv.encode(text, 'gb18030'), 3));
    expect(r.info.header).toEqual(['订单号', '日期', '金额']);
    expect(r.info.headerRow).toBe(3);
    expect(r.rows).toEqual([['SO1', '2024-07-01', '100'], ['SO2', '2024-07-02', '200']]);
    expect(r.nums).toEqual([4, 5]);
  });

  it('detects the delimiter on the header line, not on a title full of commas', async () => {
    const text = '报表,2024,第三季度,华东\n订单号;日期;金额\nSO1;2024-07-01;1,5\n';
    const r = await readAll(file('t2.csv', text, 2));
    expect(r.info.delimiter).toBe(';');
    expect(r.rows).toEqual([['SO1', '2024-07-01', '1,5']]);
  });

  it('without header_row the title is taken as the header (what the hint below is for)', async () => {
    const r = await readAll(file('t3.csv', '销售明细表\n订单号,日期,金额\nSO1,2024-07-01,100\n'));
    expect(r.info.header).toEqual(['销售明细表']);
    expect(r.nums).toEqual([2, 3]);
  });

  it('a header_row past the end of the file is file_empty, naming the option', async () => {
    const d = await failure(file('t4.csv', 'a,b\n1,2\n', 5));
    expect(d?.code).toBe('file_empty');
    expect(d?.message).toContain('header_row: 5');
  });

  it('blank lines at the header row: the first non-blank line at or below it is the header', async () => {
    const r = await readAll(file('t5.csv', '标题\n\n\n订单号,金额\nSO1,1\n', 2));
    expect(r.info.header).toEqual(['订单号', '金额']);
    expect(r.info.headerRow).toBe(4);
    expect(r.nums).toEqual([5]);
  });
});

describe('header_row in xlsx exports', () => {
  it('skips a merged title row and a blank row; rows keep the sheet row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('销售');
    ws.getCell('A1').value = '销售明细表 2024年7月';
    ws.mergeCells('A1:C1');
    ws.getRow(3).values = ['订单号', '日期', '金额'];
    ws.getRow(4).values = ['SO1', '2024-07-01', 100];
    ws.getRow(5).values = ['SO2', '2024-07-02', 200];
    const path = join(dir, 'x1.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await readAll({ path, displayPath: 'x1.xlsx', headerRow: 3 });
    expect(r.info.header).toEqual(['订单号', '日期', '金额']);
    expect(r.info.headerRow).toBe(3);
    expect(r.rows).toEqual([['SO1', '2024-07-01', 100], ['SO2', '2024-07-02', 200]]);
    expect(r.nums).toEqual([4, 5]);
    const d = await failure({ path, displayPath: 'x1.xlsx', headerRow: 9 });
    expect(d?.code).toBe('file_empty');
    expect(d?.message).toContain('header_row: 9');
  });
});

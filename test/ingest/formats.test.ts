import { describe, it, expect, beforeAll } from 'vitest';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { loadDataset } from '../../src/ingest/load.js';
import { isoDay } from '../../src/engine/calendar.js';
import { plan, source, tempDir, write } from './helpers.js';

// One small sales table, written five ways; every way must give identical records.
const HEADER = ['订单编号', '下单日期', '客户编号', '销售代表ID', '金额'];
const ROWS = [
  ['SO1', '2024-07-01', 'KH001', 'S001', '¥1,234.50'],
  ['SO2', '2024/7/15 14:05', 'KH002', 'S002', '2000'],
  ['SO3', '2024年8月3日', 'KH001', 'S001', '(100.00)'],
];
const XLSX_DATES = [new Date(Date.UTC(2024, 6, 1)), new Date(Date.UTC(2024, 6, 15, 14, 5)), new Date(Date.UTC(2024, 7, 3))];
const SERIALS = [45474, 45488 + (14 * 60 + 5) / 1440, 45507];
const AMOUNTS = [1234.5, 2000, -100];

let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = tempDir();
  const csv = (sep: string, nl: string) => [HEADER, ...ROWS].map((r) => r.map((c) => (c.includes(sep) ? `"${c}"` : c)).join(sep)).join(nl) + nl;
  files.utf8 = write(dir, 'utf8.csv', csv(',', '\n'));
  files.gb18030 = write(dir, 'gbk.csv', iconv.encode(csv(',', '\r\n'), 'gb18030'));
  files.utf16 = write(dir, 'u16.tsv', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv('\t', '\r\n'), 'utf16le')]));
  for (const kind of ['dates', 'serials'] as const) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('销售明细');
    ws.addRow(HEADER);
    ROWS.forEach((r, i) => {
      const row = ws.addRow([r[0], kind === 'dates' ? XLSX_DATES[i] : SERIALS[i], r[2], r[3], AMOUNTS[i]]);
      if (kind === 'dates') row.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
    });
    files[kind] = join(dir, `${kind}.xlsx`);
    await wb.xlsx.writeFile(files[kind]);
  }
});

async function records(path: string) {
  const r = await loadDataset(plan({ sales: source(path) }), { skipInvalid: false });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ds = r.dataset!;
  const s = ds.sales;
  return {
    n: s.n,
    days: Array.from(s.day, isoDay),
    orders: Array.from(s.order, (i) => ds.orders.id(i)),
    customers: Array.from(s.customer, (i) => ds.customers.ids[i]),
    employees: Array.from(s.employee, (i) => ds.employees.ids[i]),
    amounts: Array.from(s.amountE4),
    rows: Array.from(s.row),
    range: [ds.stats[0].minDay, ds.stats[0].maxDay],
  };
}

describe('the same table in every format', () => {
  it('gives identical records from UTF-8 CSV, GB18030 CSV, UTF-16LE TSV and xlsx (date cells and serials)', async () => {
    const expected = {
      n: 3,
      days: ['2024-07-01', '2024-07-15', '2024-08-03'],
      orders: ['SO1', 'SO2', 'SO3'],
      customers: ['KH001', 'KH002', 'KH001'],
      employees: ['S001', 'S002', 'S001'],
      amounts: [12_345_000, 20_000_000, -1_000_000],
      rows: [2, 3, 4],
      range: [19905, 19938],
    };
    for (const k of ['utf8', 'gb18030', 'utf16', 'dates', 'serials']) {
      expect({ k, ...(await records(files[k])) }).toEqual({ k, ...expected });
    }
  });
  it('records encoding, delimiter, sheet, mapping and a sha256 per source', async () => {
    const r = await loadDataset(plan({ sales: source(files.gb18030) }), { skipInvalid: false });
    const st = r.dataset!.stats[0];
    expect(st.encoding).toBe('gb18030');
    expect(st.delimiter).toBe(',');
    expect(st.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(st.mapping).toMatchObject({ order_id: '订单编号', date: '下单日期', customer_id: '客户编号', employee_id: '销售代表ID', amount: '金额' });
    const x = await loadDataset(plan({ sales: source(files.dates) }), { skipInvalid: false });
    expect(x.dataset!.stats[0].sheet).toBe('销售明细');
    expect(x.dataset!.stats[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

/**
 * The data structures behind the performance work (PRODUCT.md §11), checked for exact behaviour:
 * the open-addressing Interner, per-order duplicate-line chains (and their fallback for huge
 * orders), the allocation-free value fast paths against the general parsers, the reader's row
 * estimate, and the metric index's two counting-sort paths giving the same numbers.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import {
  complaintAt, complaintTable, Interner, PackedInterner, surveyAt, surveyTable, type Complaint, type Survey,
} from '../../src/model.js';
import { loadDataset } from '../../src/ingest/load.js';
import { isBlank, isoDayFast, parseDate, parseId, parseNumber } from '../../src/ingest/values.js';
import { openTable } from '../../src/io/table-source.js';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { ledger, entity, period } from '../helpers/ledger.js';
import { plan, source, tempDir, write } from '../ingest/helpers.js';

let dir: string;
beforeAll(() => { dir = tempDir(); });

describe('Interner', () => {
  it('numbers ids densely in first-seen order and finds them again exactly', () => {
    const it = new Interner();
    expect(it.intern('SO1')).toBe(0);
    expect(it.intern('SO2')).toBe(1);
    expect(it.intern('SO1')).toBe(0);
    expect(it.get('SO2')).toBe(1);
    expect(it.get('SO3')).toBe(-1);
    expect(it.get('')).toBe(-1);
    expect(it.intern('')).toBe(2);
    expect(it.ids).toEqual(['SO1', 'SO2', '']);
    expect(it.size).toBe(3);
  });
  it('keeps every id distinct through many table growths (200,000 ids, re-looked-up)', () => {
    const it = new Interner();
    const N = 200_000;
    for (let i = 0; i < N; i++) expect(it.intern(`C${i}`)).toBe(i);
    // Built from pieces so the strings are fresh objects, not the same ones.
    for (let i = 0; i < N; i += 997) expect(it.get(['C', String(i)].join(''))).toBe(i);
    expect(it.size).toBe(N);
    expect(it.get('C200000')).toBe(-1);
    expect(it.ids[123_456]).toBe('C123456');
  });
  it('tells apart ids that differ only by case, width or a trailing space', () => {
    const it = new Interner();
    const ids = ['a1', 'A1', 'Ａ1', 'a1 ', '客户1', '客户１'];
    ids.forEach((s, i) => expect(it.intern(s)).toBe(i));
    ids.forEach((s, i) => expect(it.get(s)).toBe(i));
  });
});

describe('duplicate order lines', () => {
  const HEAD = 'order_id,date,customer_id,employee_id,amount\n';
  it('finds a duplicate far from its first line, and not a line that differs', async () => {
    const body = 'A1,2024-07-01,K1,S1,100\n' + Array.from({ length: 50 }, (_, i) => `B${i},2024-07-02,K2,S1,${i + 1}\n`).join('')
      + 'A1,2024-07-01,K1,S1,100.0\nA1,2024-07-01,K1,S1,100\n';
    const p = write(dir, 'far.csv', HEAD + body);
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: false });
    const d = r.diagnostics.filter((x) => x.code === 'duplicate_order_line');
    expect(d.map((x) => [x.row, x.value])).toEqual([[54, 'A1']]); // header 1, A1 2, B0..B49 3..52, 100.0 53
    expect(d[0].message).toContain('row 2');
  });
  it('handles an order with more lines than the per-order chain holds (moved to the shared set)', async () => {
    // 70 distinct lines of one order, then copies of line 5 (row 6) and line 69 (row 70).
    const lines = Array.from({ length: 70 }, (_, i) => `BIG,2024-07-01,K1,S1,${i + 1}\n`);
    const p = write(dir, 'big.csv', HEAD + lines.join('') + lines[4] + 'OTHER,2024-07-01,K1,S1,5\n' + lines[68]);
    const r = await loadDataset(plan({ sales: source(p) }), { skipInvalid: true });
    const w = r.diagnostics.filter((x) => x.code === 'row_skipped');
    expect(w.map((x) => x.row)).toEqual([72, 74]);
    expect(w[0].message).toContain('row 6');
    expect(w[1].message).toContain('row 70');
    expect(r.dataset!.sales.n).toBe(71);
    // Same content in another order is not a duplicate.
    expect(r.dataset!.sales.amountE4.reduce((a, b) => a + b, 0)).toBe((70 * 71 / 2 + 5) * 10_000);
  });
});

describe('value fast paths agree with the general parsers', () => {
  it('isoDayFast is parseDate().day for exact YYYY-MM-DD and NaN otherwise', () => {
    for (const s of ['1970-01-01', '1969-12-31', '2000-02-29', '2024-07-01', '1000-01-01', '9999-12-31', '2023-12-31']) {
      const p = parseDate(s);
      expect(p.ok && p.value.day).toBe(isoDayFast(s));
    }
    expect(isoDayFast('1969-12-31')).toBe(-1);
    for (const s of ['2023-02-29', '2024-13-01', '2024-7-1', '2024/07/01', ' 2024-07-01', '0999-01-01']) expect(isoDayFast(s)).toBeNaN();
  });
  it('reads "YYYY-MM-DD HH:MM" as the general parser always did (a time was written)', () => {
    expect(parseDate('2024-07-01 08:05')).toEqual({ ok: true, value: { day: 19905, instant: 19905 * 86_400 + 8 * 3600 + 5 * 60, hasTime: true } });
    expect(parseDate('2024-07-01 24:00')).toEqual({ ok: true, value: { day: 19905, instant: 19906 * 86_400, hasTime: true } });
    expect(parseDate('2024-07-01 25:00').ok).toBe(false);
  });
  it('isBlank and parseId: markers stay blank, short ids are ids', () => {
    for (const s of ['', ' ', 'NA', 'n/a', 'None', 'null', '-', '#N/A', 'nan', '无']) expect(isBlank(s)).toBe(true);
    for (const s of ['C1', 'E01', '7', 'S1', 'N1', 'no1', 'Nick', 'A']) expect(isBlank(s)).toBe(false);
    expect(parseId(' SO1 ')).toBe('SO1');
    expect(parseId('SO00000001')).toBe('SO00000001');
    expect(parseId('N/A')).toBeNull();
  });
  it('parseNumber: plain digits fast, everything else as before', () => {
    expect(parseNumber('9')).toEqual({ ok: true, value: 9 });
    expect(parseNumber('007')).toEqual({ ok: true, value: 7 });
    expect(parseNumber('1,234.5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumber('８')).toEqual({ ok: true, value: 8 });
    expect(parseNumber('9x').ok).toBe(false);
  });
});

describe('text reader row estimate', () => {
  it('estimates the rows of a file from its first chunk (within 10% on uniform rows)', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `SO${String(i).padStart(8, '0')},2024-07-01,C${i % 977},E0001,123.45\n`);
    const p = write(dir, 'est.csv', 'order_id,date,customer_id,employee_id,amount\n' + rows.join(''));
    const t = await openTable({ path: p, displayPath: 'est.csv' });
    let n = 0;
    for await (const b of t.batches) n += b.rows.length;
    expect(n).toBe(20_000);
    expect(t.info.estimatedRows).toBeGreaterThan(18_000);
    expect(t.info.estimatedRows).toBeLessThan(22_000);
  });
});

describe('metric index: one-pass and two-pass counting sorts agree', () => {
  it('gives the same metrics when the day range forces the two-pass build', () => {
    const base = [
      { order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 },
      { order: 'O2', date: '2024-07-02', customer: 'C2', employee: 'S2', amount: 50 },
      { order: 'O3', date: '2024-08-01', customer: 'C1', employee: 'S2', amount: 30 },
      { order: 'O1', date: '2024-08-05', customer: 'C1', employee: 'S1', amount: -20 },
      { order: 'O4', date: '2024-04-01', customer: 'C3', employee: 'S1', amount: 70 },
    ];
    // 1000-01-01 … 9999-12-31 with three employees exceeds the one-pass table (2^22 buckets).
    const wide = [...base,
      { order: 'X0', date: '1000-01-01', customer: 'C9', employee: 'S3', amount: 1 },
      { order: 'X1', date: '9999-12-31', customer: 'C9', employee: 'S3', amount: 1 }];
    const metrics = ['revenue', 'orders', 'active_customers', 'new_customers', 'retention_rate', 'customer_lifetime_value'];
    const Q3 = period('2024Q3');
    const run = (sales: typeof base, who: string | string[]) => {
      const ds = ledger({ sales });
      const m = createMeasurer(ds, { bigCustomerMinAnnualRevenue: 100, csatScale: 5, slaHours: 48 });
      return Object.fromEntries([...m.measure(entity(ds, who), Q3, metrics)].map(([k, v]) => [k, v.value]));
    };
    for (const who of ['S1', 'S2', ['S1', 'S2']]) expect(run(wide, who)).toEqual(run(base, who));
    // S1 in Q3: O1 100 − 20 on C1 (first bought 07-01 from S1: new). Q2's only customer C3 did not
    // come back: retention 0. C1's history to 09-30 is 100 + 30 (S2) − 20 = 110.
    expect(run(wide, 'S1')).toEqual({ revenue: 80, orders: 1, active_customers: 1, new_customers: 1,
      retention_rate: 0, customer_lifetime_value: 110 });
  });
});

describe('sales in employee order (LoadOptions.salesByEmployee, what the CLI uses)', () => {
  it('sorts rows by (employee, day, file row), shares them with the index and measures the same', async () => {
    const rows = [
      'O1,2024-07-03,C1,S2,10', 'O2,2024-07-01,C2,S1,20', 'O3,2024-07-02,C1,S9,30', 'O4,2024-07-01,C3,S2,40',
      'O5,2024-06-01,C2,S1,-5', 'O6,2024-07-01,C1,S1,7', 'O7,2024-07-02,C4,S8,1',
    ];
    const p = write(dir, 'order.csv', 'order_id,date,customer_id,employee_id,amount\n' + rows.map((r) => `${r}\n`).join(''));
    const pl = { ...plan({ sales: source(p) }), defaultRole: null };
    const a = await loadDataset(pl, { skipInvalid: false });
    const b = await loadDataset(pl, { skipInvalid: false, salesByEmployee: true });
    const sa = a.dataset!.sales, sb = b.dataset!.sales;
    expect(Array.from(sa.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    // Employees interned S2, S1, S9, S8: S2's rows by day, then S1's (06-01, then the two 07-01 in file order) …
    expect(Array.from(sb.row)).toEqual([5, 2, 6, 3, 7, 4, 8]);
    expect(sb.amountE4.length).toBe(7);
    // Unknown employees are cited at their first row in the file either way.
    const cites = (r: typeof a) => r.diagnostics.filter((d) => d.code === 'unknown_employee').map((d) => [d.value, d.row]);
    expect(cites(b)).toEqual(cites(a));
    expect(cites(a).slice(0, 2)).toEqual([['S2', 2], ['S1', 3]]);
    const metrics = ['revenue', 'orders', 'active_customers', 'new_customers', 'gross_margin', 'customer_lifetime_value'];
    const Q3 = period('2024Q3');
    const ma = createMeasurer(a.dataset!, { bigCustomerMinAnnualRevenue: 100, csatScale: 5, slaHours: 48 });
    const mb = createMeasurer(b.dataset!, { bigCustomerMinAnnualRevenue: 100, csatScale: 5, slaHours: 48 });
    // The index keeps one entry per run of an order's lines (employee, day), no copy of the rows.
    expect(mb.index.runs.amount.length).toBeLessThanOrEqual(sb.n);
    for (const who of ['S1', 'S2', ['S1', 'S2', 'S9']]) {
      const val = (m: typeof ma, ds: typeof a.dataset) => Object.fromEntries([...m.measure(entity(ds!, who), Q3, metrics)].map(([k, v]) => [k, v.value]));
      expect(val(mb, b.dataset)).toEqual(val(ma, a.dataset));
    }
  });
});

describe('Interner.compact', () => {
  it('frees the table and finds every id again after rebuilding it', () => {
    const it = new Interner();
    for (let i = 0; i < 5000; i++) it.intern(`O${i}`);
    it.compact();
    expect(it.get('O4321')).toBe(4321);
    expect(it.intern('O0')).toBe(0);
    expect(it.intern('new')).toBe(5000);
    it.compact();
    expect(it.intern('new')).toBe(5000);
    expect(it.get('O5000')).toBe(-1);
  });
});

describe('PackedInterner (order ids as bytes)', () => {
  it('numbers, finds, reads back and compares ids exactly like strings, wide characters included', () => {
    const p = new PackedInterner();
    const ids = ['SO10', 'SO9', 'SO1', '', 'ÿ-latin1', '订单-7', 'SO1 ', '😀', 'SO10'];
    const got = ids.map((s) => p.intern(s));
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0]);
    expect(p.size).toBe(8);
    expect(p.get('订单-7')).toBe(5);
    expect(p.get('订单-8')).toBe(-1);
    expect(p.get('SO1')).toBe(2);
    expect(p.get('')).toBe(3);
    const distinct = ids.slice(0, 8);
    expect(distinct.map((_, i) => p.id(i))).toEqual(distinct);
    // compare agrees with JavaScript `<` on the strings (UTF-16 code units), wide or not.
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 8; b++) {
        const want = distinct[a] < distinct[b] ? -1 : distinct[a] > distinct[b] ? 1 : 0;
        expect(p.compare(a, b)).toBe(want);
      }
    }
  });

  it('keeps working after compact (trimmed buffers, rebuilt lookup) and across growth', () => {
    const p = new PackedInterner();
    for (let i = 0; i < 5000; i++) expect(p.intern(`SO${i}`)).toBe(i);
    p.compact();
    expect(p.get('SO4999')).toBe(4999);
    expect(p.intern('订单')).toBe(5000);
    expect(p.intern('SO5000')).toBe(5001);
    p.compact();
    expect(p.get('订单')).toBe(5000);
    expect(p.get('SO0')).toBe(0);
    expect(p.id(1234)).toBe('SO1234');
    expect(p.id(5001)).toBe('SO5000');
    expect(p.compare(2, 10)).toBe('SO2' < 'SO10' ? -1 : 1);
  });
});

describe('complaint and survey tables (column-wise records)', () => {
  it('round-trip records, absent values included', () => {
    const cs: Complaint[] = [
      { id: 'K1', opened: 1_720_000_000, openedDay: 19_907, customer: 3, order: -1, handler: 1, owner: -1, firstResponse: 1_720_000_600,
        resolved: null, statusResolved: true, escalated: false, satisfied: null, severity: '高', src: { file: 'c.xlsx', sheet: '投诉', row: 2 } },
      { id: 'K2', opened: 1_720_086_400, openedDay: 19_908, customer: -1, order: 7, handler: -1, owner: 2, firstResponse: null,
        resolved: 1_720_090_000, statusResolved: false, escalated: true, satisfied: false, severity: null, src: { file: 'c.xlsx', sheet: '投诉', row: 5 } },
    ];
    const t = complaintTable(cs);
    expect(t.n).toBe(2);
    expect([complaintAt(t, 0), complaintAt(t, 1)]).toEqual(cs);
    const ss: Survey[] = [
      { id: null, day: 19_907, nps: 9, csat: null, customer: 1, order: -1, employee: 4, src: { file: 's.csv', row: 2 } },
      { id: 'R2', day: 19_909, nps: null, csat: 4.5, customer: -1, order: 3, employee: -1, src: { file: 's.csv', row: 3 } },
    ];
    const st = surveyTable(ss);
    expect([surveyAt(st, 0), surveyAt(st, 1)]).toEqual(ss);
    expect(complaintTable([]).n).toBe(0);
  });

  it('grow past their first capacity without losing entries', () => {
    const ss: Survey[] = Array.from({ length: 2500 }, (_, i) => ({
      id: `R${i}`, day: 19_000 + (i % 90), nps: i % 11, csat: null, customer: i, order: -1, employee: i % 7, src: { file: 's.csv', row: i + 2 },
    }));
    const st = surveyTable(ss);
    expect(st.n).toBe(2500);
    expect(st.day.length).toBe(2500);
    expect(surveyAt(st, 2499)).toEqual(ss[2499]);
    expect(surveyAt(st, 1024)).toEqual(ss[1024]);
  });
});

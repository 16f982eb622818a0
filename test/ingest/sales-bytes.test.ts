/**
 * The sales byte lane (plain CSV rows read from their bytes) against the text path it stands in
 * for: the same SalesTable, interner contents, stats and diagnostics on tricky input, and cell
 * readers that agree with their string counterparts.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { ingestSales } from '../../src/ingest/sales.js';
import { textReaderCounters, textReaderTuning } from '../../src/io/text-source.js';
import { Interner, PackedInterner } from '../../src/model/ids.js';
import { fastMoneyBytes, IsoDayCache, plainId } from '../../src/ingest/byte-cells.js';
import { fastMoney, isoDayFast, parseId } from '../../src/ingest/values.js';
import { hashByteRow, hashRow } from '../../src/ingest/row-hash.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { SourceSpec } from '../../src/plan/types.js';
import { source, tempDir, write } from './helpers.js';
import { rng } from '../helpers/rng.js';

afterEach(() => { textReaderTuning.chunkBytes = 128 * 1024; textReaderTuning.byteLane = true; });

describe('byte cell readers', () => {
  it('fastMoneyBytes agrees with fastMoney', () => {
    const r = rng(3);
    const alphabet = '0123456789.-+ ,e¥'.split('');
    const cases = ['0', '-0', '1151.05', '700.1100', '1.23456', '.5', '5.', '-', '', '123456789012345', '1234567890123456',
      '99999999999.9999', '999999999999.999', '--1', '1.2.3', ' 1', '1,234.50', '¥12'];
    for (let t = 0; t < 20000; t++) {
      let s = '';
      const len = Math.floor(r() * 18);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      cases.push(s);
    }
    for (const s of cases) {
      if (/[^\x00-\x7f]/.test(s)) continue; // the lane only sees ASCII
      const b = Buffer.from('|' + s + '|', 'latin1');
      expect(fastMoneyBytes(b, 1, b.length - 1), JSON.stringify(s)).toBe(fastMoney(s));
    }
    // Worked by hand: 1151.05 → 1151.0500 → 11 510 500 ten-thousandths.
    expect(fastMoneyBytes(Buffer.from('1151.05'), 0, 7)).toBe(11_510_500);
    expect(fastMoneyBytes(Buffer.from('-0.0001'), 0, 7)).toBe(-1);
  });

  it('IsoDayCache agrees with isoDayFast, invalid dates included', () => {
    const cache = new IsoDayCache();
    const cases: string[] = ['2024-02-29', '2023-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '0999-01-01',
      '1000-01-01', '9999-12-31', '2024-7-01', '2024/07/01', '2024-07-01 ', '20240701', 'abcd-ef-gh', '2024-07-0a'];
    for (let y = 1998; y <= 2026; y += 7) {
      for (let m = 0; m <= 13; m++) for (let d = 0; d <= 32; d++) cases.push(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }
    for (let pass = 0; pass < 2; pass++) {
      for (const s of cases) {
        const b = Buffer.from('x' + s, 'latin1');
        expect(cache.day(b, 1, b.length), s).toBe(isoDayFast(s));
      }
    }
    // Worked by hand: 2024-07-01 is 54 years (13 leap days 1972…2020) + 182 days after 1970-01-01:
    // 54·365 + 13 + 182 = 19 905.
    expect(cache.day(Buffer.from('2024-07-01'), 0, 10)).toBe(19_905);
  });

  it('plainId accepts only ids parseId returns unchanged', () => {
    const cases = ['SO00000001', 'C267', 'E1', 'NA', 'na', 'N/A', 'null', 'NULL', 'nil', '-', '--', '#N/A', ' C1', 'C1 ',
      'nan', 'none', 'n1', 'N12', '1', '_x', 'x\t', '\x01abc', 'abcd', 'ñ'];
    for (const s of cases) {
      const b = Buffer.from(s, 'latin1');
      if (plainId(b, 0, b.length)) expect(parseId(s), JSON.stringify(s)).toBe(s);
    }
    expect(['SO00000001', 'C267', 'E1', '1', 'abcd'].every((s) => plainId(Buffer.from(s), 0, s.length))).toBe(true);
    expect(['NA', 'null', '-', ' C1', 'N12', ''].some((s) => plainId(Buffer.from(s), 0, s.length))).toBe(false);
  });

  it('internBytes finds the same index as intern, either way round', () => {
    for (const t of [new Interner(), new PackedInterner()]) {
      const ids = ['C1', 'SO0001', 'Café', '客户7', 'C2', ''];
      expect(t.intern('C1')).toBe(0);
      const b = Buffer.from('xxC1SO0001C2', 'latin1');
      expect(t.internBytes(b, 2, 4)).toBe(0);
      expect(t.internBytes(b, 4, 10)).toBe(1);
      expect(t.intern('SO0001')).toBe(1);
      expect(t.intern('Café')).toBe(2);
      expect(t.intern('客户7')).toBe(3);
      expect(t.internBytes(b, 10, 12)).toBe(4);
      expect(t.intern('C2')).toBe(4);
      expect(t.intern('')).toBe(5);
      expect(Array.from({ length: t.size }, (_, i) => t.id(i))).toEqual(ids);
      for (let i = 0; i < 3000; i++) expect(t.internBytes(Buffer.from(`K${i}`), 0, `K${i}`.length)).toBe(6 + i);
      for (let i = 0; i < 3000; i++) expect(t.intern(`K${i}`)).toBe(6 + i);
      t.compact();
      expect(t.internBytes(Buffer.from('K2999'), 0, 5)).toBe(3005);
      expect(t.get('K17')).toBe(23);
      expect(t.internBytes(Buffer.from('K17'), 0, 3)).toBe(23);
      expect(t.intern('new')).toBe(3006);
      expect(t.get('K2999')).toBe(3005);
    }
  });

  it('hashByteRow equals hashRow of the same cells', () => {
    const out1 = new Uint32Array(2), out2 = new Uint32Array(2);
    const r = rng(5);
    for (let t = 0; t < 500; t++) {
      const cells: string[] = [];
      const w = 1 + Math.floor(r() * 7);
      for (let k = 0; k < w; k++) cells.push(Math.floor(r() * 1e6).toString(36).slice(0, Math.floor(r() * 6)));
      const line = Buffer.from(cells.join(',') + '\n');
      const f = new Int32Array(w + 1);
      let p = 0;
      for (let k = 0; k < w; k++) { f[k] = p; p += cells[k].length + 1; }
      f[w] = p;
      hashRow(cells, out1);
      hashByteRow(line, f, w, out2);
      expect([...out2]).toEqual([...out1]);
    }
    // Cell boundaries and lengths matter: none of these collide.
    const fps = [['a'], ['a\0'], ['ab', 'c'], ['a', 'bc'], ['abc'], ['', 'abc'], ['abc', '']].map((cells) => {
      hashRow(cells, out1);
      return `${out1[0]}:${out1[1]}`;
    });
    expect(new Set(fps).size).toBe(fps.length);
  });
});

/** Everything ingestSales produces, as plain data. */
async function snapshot(spec: SourceSpec, skipInvalid: boolean, byEmployee: boolean) {
  const interners = { customers: new Interner(), employees: new Interner(), orders: new PackedInterner() };
  const diags: Diagnostic[] = [];
  const res = await ingestSales(spec, interners, { source: 'sales', skipInvalid }, diags, byEmployee);
  const t = res.table;
  const col = (a: ArrayLike<number>) => Array.from(a);
  return {
    ok: res.ok, stats: res.stats[0], diags,
    table: {
      n: t.n, day: col(t.day), order: col(t.order), customer: col(t.customer), employee: col(t.employee),
      amountE4: col(t.amountE4), costE4: col(t.costE4), quantity: col(t.quantity), row: col(t.row),
      fileIdx: col(t.fileIdx), hasCost: t.hasCost, hasQuantity: t.hasQuantity,
    },
    ids: [interners.orders, interners.customers, interners.employees].map((x) => Array.from({ length: x.size }, (_, i) => x.id(i))),
  };
}

/** Runs with the lane and without it (several chunk sizes) and expects the same everything. */
async function expectSameBothWays(spec: SourceSpec, chunks: number[]) {
  const outs = [];
  let laneRows = 0;
  for (const skipInvalid of [false, true]) {
    for (const byEmployee of [false, true]) {
      textReaderTuning.byteLane = false;
      textReaderTuning.chunkBytes = 1 << 20;
      const want = await snapshot(spec, skipInvalid, byEmployee);
      for (const chunk of chunks) {
        textReaderTuning.chunkBytes = chunk;
        textReaderTuning.byteLane = false;
        expect(await snapshot(spec, skipInvalid, byEmployee)).toEqual(want); // the text path itself is chunk-blind here
        textReaderTuning.byteLane = true;
        const before = textReaderCounters.laneRows;
        expect(await snapshot(spec, skipInvalid, byEmployee), `chunk ${chunk} skip ${skipInvalid}`).toEqual(want);
        laneRows += textReaderCounters.laneRows - before;
      }
      outs.push(want);
    }
  }
  return { ...outs[0], laneRows };
}

const HEADER = 'order_id,date,customer_id,employee_id,amount,cost,status';

describe('sales byte lane', () => {
  it('reads plain rows exactly as the text path (worked example)', async () => {
    const dir = tempDir();
    const lines = [HEADER,
      'SO00000001,2024-07-01,C267,E0117,1151.05,700.11,ok',
      'SO00000001,2024-07-01,C267,E0117,766.64,,ok',
      'SO00000002,2024-07-02,C81181,E0001,-10,0.5,cancelled',
      'SO00000003,2024-06-30,C81181,E0001,0.0001,1,ok'];
    // Pad with plain rows so that the lane takes chunks after the header's.
    for (let i = 0; i < 300; i++) lines.push(`SO1${String(i).padStart(7, '0')},2024-07-03,C${1000 + (i % 7)},E0002,${i}.25,1,ok`);
    const spec = source(write(dir, 'sales.csv', lines.join('\n') + '\n'), { exclude: { status: ['cancelled'] } });
    const got = await expectSameBothWays(spec, [64, 200, 4096]);
    const t = got.table;
    expect(t.n).toBe(303);
    // 1151.05 → 11 510 500; 766.64 → 7 666 400; 0.0001 → 1 (ten-thousandths). A blank cost is NaN.
    expect(t.amountE4.slice(0, 3)).toEqual([11_510_500, 7_666_400, 1]);
    expect(t.costE4.slice(0, 3)).toEqual([7_001_100, NaN, 10_000]);
    expect(t.day.slice(0, 3)).toEqual([19_905, 19_905, 19_904]); // 2024-07-01 = 19 905 (see above)
    expect(t.row.slice(0, 4)).toEqual([2, 3, 5, 6]);
    expect(got.stats!.excluded).toEqual({ 'status cancelled': 1 });
    expect(got.stats!.rowsRead).toBe(304);
    expect(got.ids[1].slice(0, 3)).toEqual(['C267', 'C81181', 'C1000']);
    expect(got.laneRows).toBeGreaterThan(1000);
  });

  it('gives the same results and diagnostics as the text path on tricky rows', async () => {
    const dir = tempDir();
    const r = rng(11);
    const rows: string[] = [];
    const variants = (i: number): string => {
      const id = `SO${String(i).padStart(6, '0')}`;
      const c = `C${i % 13}`, e = `E${String(i % 5).padStart(3, '0')}`;
      switch (Math.floor(r() * 24)) {
        case 0: return `"${id}",2024-07-01,${c},${e},10.5,5,ok`; // quoted id
        case 1: return `${id},2024/07/01,${c},${e},10,5,ok`; // other date form
        case 2: return `${id},2024-7-1,${c},${e},10,5,ok`;
        case 3: return `${id},2024-02-30,${c},${e},10,5,ok`; // bad date → bad_date
        case 4: return `${id},2024-07-01,${c},${e},"¥1,234.50",5,ok`; // quoted money
        case 5: return `${id},2024-07-01,${c},${e},1,234.50,5,ok`; // unquoted comma → extra_fields
        case 6: return `${id},2024-07-01,客户${i % 3},${e},10,5,ok`; // non-ASCII id
        case 7: return `${id},2024-07-01,NA,${e},10,5,ok`; // marker → missing_value
        case 8: return `${id},2024-07-01, ${c} ,${e},10,5,ok`; // padded id
        case 9: return `${id},2024-07-01,${c},${e},abc,5,ok`; // bad amount
        case 10: return `${id},2024-07-01,${c},${e},10,-,ok`; // blank marker cost
        case 11: return `${id},2024-07-01,${c},${e},10,5,CANCELLED`; // excluded, any case
        case 12: return `${id},2024-07-01,${c},${e},10,5, cancelled `;
        case 13: return '';
        case 14: return `${id},2024-07-01,${c},${e},10`; // too few fields
        case 15: return `${id},2024-07-01,${c},${e},10,5,"ok\nstill ok"`; // line break in a field
        case 16: return `${id},2024-07-01,${c},${e},10.12345,5,ok`; // 5 decimals: rounded by parseMoney
        case 17: return rows.length ? rows[Math.floor(r() * rows.length)] : `${id},2024-07-01,${c},${e},10,5,ok`; // duplicate
        default: return `${id},2024-07-0${1 + (i % 9)},${c},${e},${i}.5,${i % 3},ok`;
      }
    };
    for (let i = 0; i < 400; i++) {
      const row = variants(i >> 1); // two lines per order
      rows.push(row);
      if (r() < 0.05 && row) rows.push(`"${row.split(',')[0].replace(/"/g, '')}",${row.split(',').slice(1).join(',')}`); // a quoted twin: duplicate across paths
    }
    for (const nl of ['\n', '\r\n']) {
      for (const bom of ['', '\uFEFF']) {
        const spec = source(write(dir, `tricky${nl.length}${bom.length}.csv`, bom + [HEADER, ...rows].join(nl) + nl),
          { exclude: { status: ['cancelled'] } });
        const got = await expectSameBothWays(spec, [97, 500, 3000]);
        const codes = new Set(got.diags.map((d) => d.code));
        for (const c of ['bad_date', 'extra_fields', 'missing_value', 'bad_amount', 'duplicate_order_line']) expect(codes).toContain(c);
        expect(got.stats!.excluded['status cancelled']).toBeGreaterThan(0);
        // (Chunks with a non-ASCII byte are read as text whole.)
        expect(got.laneRows).toBeGreaterThan(300);
      }
    }
  });

  it('matches excluded statuses by their bytes across reused read buffers', async () => {
    const dir = tempDir();
    const r = rng(17);
    // Every line as long as the header's, so chunks of a multiple of it start on a line: the lane
    // then reads straight from the reused read buffer.
    const lines = [HEADER];
    for (let i = 0; i < 600; i++) {
      const tail = `,2024-07-01,C${10 + (i % 50)},E0001,${100 + (i % 900)}.5,1,${r() < 0.5 ? 'done' : 'void'}`;
      lines.push(`SO${String(i).padStart(HEADER.length - 2 - tail.length, '0')}${tail}`);
    }
    expect(new Set(lines.map((l) => l.length))).toEqual(new Set([HEADER.length]));
    const spec = source(write(dir, 'st.csv', lines.join('\n') + '\n'), { exclude: { status: ['void'] } });
    const L = HEADER.length + 1;
    const got = await expectSameBothWays(spec, [2 * L, 5 * L, 61, 1000]);
    expect(got.table.n + got.stats!.excluded['status void']).toBe(600);
    expect(got.laneRows).toBeGreaterThan(1000);
  });

  it('leaves the lane when split or quantity columns are mapped, with the same results', async () => {
    const dir = tempDir();
    const lines = ['order_id,date,customer_id,employee_id,amount,quantity'];
    for (let i = 0; i < 200; i++) lines.push(`SO${1000 + (i >> 1)},2024-07-01,C${i % 9},E${i % 4}1,${i}.5,${i % 3}`);
    const spec = source(write(dir, 'q.csv', lines.join('\n') + '\n'));
    const got = await expectSameBothWays(spec, [128]);
    expect(got.table.hasQuantity).toBe(true);
    expect(got.table.quantity.slice(0, 3)).toEqual([0, 1, 2]);
    expect(got.laneRows).toBe(0);
  });
});

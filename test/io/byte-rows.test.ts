/**
 * The text reader's byte lane (OpenedTable.byteRows): records a sink takes from the bytes plus the
 * rows still delivered as text must be exactly the rows (cells, row numbers, order) the reader
 * gives without the lane, whatever the chunking, quoting, line breaks or declined rows.
 */
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openTable, type Cell, type TableSpec } from '../../src/io/table-source.js';
import { textReaderTuning } from '../../src/io/text-source.js';
import { rng } from '../helpers/rng.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kpi-bytes-')); });
afterEach(() => { textReaderTuning.chunkBytes = 128 * 1024; textReaderTuning.byteLane = true; });

function file(name: string, content: string | Buffer): TableSpec {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, displayPath: name, encoding: 'auto', delimiter: 'auto' };
}

interface Got { rows: Array<[number, Cell[], 'lane' | 'text']>; error: string | null; sha256?: string; laneRows: number }

/** Reads the file; with `lane`, a sink takes the records `take` accepts (rows as latin1 cells). */
async function read(spec: TableSpec, chunkBytes: number, lane: boolean, take: (rowNo: number) => boolean = () => true): Promise<Got> {
  textReaderTuning.chunkBytes = chunkBytes;
  const got: Got = { rows: [], error: null, laneRows: 0 };
  try {
    const t = await openTable(spec);
    const width = t.info.header.length;
    if (lane) {
      t.byteRows?.({
        row(buf, f, rowNo) {
          if (!take(rowNo)) return false;
          const cells: Cell[] = [];
          for (let k = 0; k < width; k++) cells.push(buf.toString('latin1', f[k], f[k + 1] - 1));
          got.rows.push([rowNo, cells, 'lane']);
          got.laneRows++;
          return true;
        },
        chunkDone() {},
      });
    }
    for await (const b of t.batches) b.rows.forEach((r, i) => got.rows.push([b.rowNumbers[i], r, 'text']));
    got.sha256 = t.info.sha256;
  } catch (e) {
    const d = (e as { diagnostic?: { code: string; message: string; row?: number } }).diagnostic;
    got.error = d ? `${d.code} ${d.row} ${d.message}` : String(e);
  }
  return got;
}

const plain = (g: Got) => ({ rows: g.rows.map(([n, r]) => [n, r]), error: g.error, sha256: g.sha256 });

describe('byte lane of the text reader', () => {
  it('takes plain rows and hands back the rest, in file order, with the same row numbers', async () => {
    const text = [
      'id,date,amount', // line 1
      'A0001,2024-07-01,10.5', // 2: lane
      'A0002,"2024-07-02",11', // 3: quote → text
      '', // 4: blank
      'A0003,2024-07-03,"1,200.50"', // 5: text
      'A0004,2024-07-04,12', // 6: lane
      'A0005,"multi', // 7-8: one record over two lines
      'line",13',
      'A0006,2024-07-06', // 9: too few fields → text
      'A0007,2024-07-07,14,extra', // 10: too many → text
      ',,', // 11: blank cells only → text (skipped as blank)
      'A0008,2024-07-08,15', // 12: lane
    ].join('\n') + '\n';
    const spec = file('mixed.csv', text);
    for (const chunk of [7, 16, 23, 64, 1 << 20]) {
      const want = await read(spec, chunk, false);
      expect(want.rows.map(([n]) => n)).toEqual([2, 3, 5, 6, 7, 9, 10, 12]);
      const got = await read(spec, chunk, true);
      expect(plain(got)).toEqual(plain(want));
      // The first chunk (the header's) is read as text; later plain lines come from the bytes.
      if (chunk === 16) expect(got.rows.filter((r) => r[2] === 'lane').map(([n]) => n)).toEqual([2, 6, 12]);
    }
  });

  it('agrees with the text path on random files, chunkings and declined rows', async () => {
    const r = rng(7);
    let laneRows = 0, errors = 0;
    const cells = ['A1', 'b', '', ' ', 'x y', '"q"', '"a,b"', '"l1\nl2"', '"l1\r\nl2"', '中', '12.5', '\r', '-'];
    for (let t = 0; t < 120; t++) {
      const nl = ['\n', '\r\n'][Math.floor(r() * 2)];
      const delim = [',', ';', '\t', '|'][Math.floor(r() * 4)];
      const lines = [['h1', 'h2', 'h3'].join(delim)];
      const n = 1 + Math.floor(r() * 30);
      for (let i = 0; i < n; i++) {
        const w = r() < 0.8 ? 3 : Math.floor(r() * 5);
        const row: string[] = [];
        for (let k = 0; k < w; k++) row.push(r() < 0.6 ? `v${i}${k}` : cells[Math.floor(r() * cells.length)]);
        lines.push(row.join(delim));
      }
      const body = lines.join(nl) + (r() < 0.5 ? nl : '');
      const spec = file(`r${t}.csv`, (r() < 0.2 ? '\uFEFF' : '') + body);
      if (r() < 0.3) spec.maxFieldChars = 9; // field_too_large / record too long, at the same place
      // Row numbers of the text path may depend on the chunking (a quote in a chunk changes how
      // lone CRs count), so each chunking is compared with itself.
      for (const chunk of [5, 13, 40, 1 << 20]) {
        const want = await read(spec, chunk, false);
        const decline = r() < 0.3;
        const got = await read(spec, chunk, true, (rowNo) => !decline || rowNo % 3 !== 0);
        expect(plain(got), `file ${t} chunk ${chunk}`).toEqual(plain(want));
        laneRows += got.laneRows;
        if (want.error) errors++;
      }
    }
    expect(laneRows).toBeGreaterThan(500);
    expect(errors).toBeGreaterThan(3);
  });

  it('reports invalid UTF-8 at the same line, after the same rows', async () => {
    const lines = ['id,v'];
    for (let i = 0; i < 200; i++) lines.push(`row${i},${i}`);
    const good = Buffer.from(lines.join('\n') + '\n');
    const at = good.indexOf('row150');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);
    const spec = { ...file('bad.csv', bad), encoding: 'utf8' as const }; // (auto would pick GB18030)
    for (const chunk of [64, 256]) {
      const want = await read(spec, chunk, false);
      const got = await read(spec, chunk, true);
      expect(want.error).toMatch(/^file_unreadable 152 bad.csv is not valid utf-8 text at line 152/);
      expect(plain(got)).toEqual(plain(want));
      expect(got.laneRows).toBeGreaterThan(0);
    }
  });

  it('names the right line for a bad byte after records with a bare LF that straddle chunks (CRLF file)', async () => {
    // Every 7th record has a bare \n inside (a CRLF file keeps it in the field). A record cut by a
    // chunk boundary is carried into the lane with that \n: it must not be counted twice.
    let text = 'a,b,c\r\n';
    let lf = 1;
    for (let i = 0; i < 300; i++) {
      const bare = i % 7 === 3;
      text += `${i},x,y${bare ? '\n' : ''}\r\n`;
      lf += bare ? 2 : 1;
    }
    const spec = { ...file('bare-lf.csv', Buffer.concat([Buffer.from(text), Buffer.from([0xc4, 0xe3, 0x0a])])), encoding: 'utf8' as const };
    for (const chunk of [61, 333, 1 << 17]) {
      const want = await read(spec, chunk, false);
      const got = await read(spec, chunk, true);
      // The bad byte sits on the line after the last LF: LFs before it + 1.
      expect(want.error).toContain(`not valid utf-8 text at line ${lf + 1}`);
      expect(plain(got)).toEqual(plain(want));
    }
  });

  it('keeps CRLF row numbers, a lone CR and a BOM as the text path does', async () => {
    const text = '\uFEFFid,v\r\nA1,1\r\nA2,2\rX\r\nA3,3\nA4,4\r\n\r\nA5,5\r\n';
    const spec = file('crlf.csv', text);
    const want = await read(spec, 1 << 20, false);
    // Without quotes, a lone CR or LF stays inside a field and counts no line (the text path's rule).
    expect(want.rows).toEqual([
      [2, ['A1', '1'], 'text'], [3, ['A2', '2\rX'], 'text'], [4, ['A3', '3\nA4', '4'], 'text'], [6, ['A5', '5'], 'text'],
    ]);
    for (const chunk of [9, 12, 20]) expect(plain(await read(spec, chunk, true))).toEqual(plain(want));
  });

  it('reads GB18030 files the same way (ASCII lines from the bytes, the rest decoded)', async () => {
    const lines = ['编号,客户,金额'];
    for (let i = 0; i < 120; i++) lines.push(i % 10 === 3 ? `O${i},客户${i},${i}.5` : `O${i},C${i},${i}.5`);
    const spec = { ...file('gb.csv', iconv.encode(lines.join('\r\n') + '\r\n', 'gb18030')), encoding: 'gb18030' as const };
    for (const chunk of [17, 64, 300]) {
      const want = await read(spec, chunk, false);
      const got = await read(spec, chunk, true);
      expect(want.rows.length).toBe(120);
      expect(want.rows[3][1]).toEqual(['O3', '客户3', '3.5']);
      expect(plain(got)).toEqual(plain(want));
      if (chunk === 17) expect(got.laneRows).toBeGreaterThan(0);
    }
  });

  it('is refused for UTF-16 and when switched off for tests', async () => {
    const spec = file('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,v\nA1,1\n', 'utf16le')]));
    const t = await openTable(spec);
    expect(t.byteRows?.({ row: () => true, chunkDone() {} })).toBe(false);
    await t.close();
    textReaderTuning.byteLane = false;
    const t2 = await openTable(file('off.csv', 'id,v\nA1,1\n'));
    expect(t2.byteRows?.({ row: () => true, chunkDone() {} })).toBe(false);
    await t2.close();
  });
});

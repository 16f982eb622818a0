/**
 * Hostile inputs, run as whole processes the way cron runs `kpi` (PRODUCT.md §2, §10): every bad
 * file gets its own diagnostic naming the file (and row/column where one is at fault), exit 3,
 * no crash stack, no --out file left behind; usage errors of every command exit 2.
 *
 * Big inputs (a 300 MB zip bomb, a 1 MiB field) are generated into temp folders here, never
 * committed. Memory is bounded by running those cases with a capped V8 heap: a reader that
 * buffers the expanded bytes dies instead of passing. Timings are not asserted (vitest's timeout
 * bounds them).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync, readdirSync, readFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { kpi, type RunResult } from './run.js';

const H = '订单编号,下单日期,客户编号,员工编号,金额';
const GOOD = 'O1,2024-07-01,C1,S1,100.00\nO2,2024-07-02,C2,S2,200.00\n';
const P = ['--period', '2024Q3'];
/** V8 heap cap for the big-input cases: far below what buffering 300 MB would need. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=192' };

function plan(sales: string, extra = ''): string {
  return [
    'version: 1',
    'sources:',
    `  sales: { path: ${sales} }`,
    extra,
    'people:',
    '  - { id: S1, name: 张伟, team: 华东一组, role: sales }',
    '  - { id: S2, name: 李娜, team: 华东一组, role: sales }',
    'roles:',
    '  sales:',
    '    kpis:',
    '      - { metric: revenue, target: 1000, weight: 100 }',
    '',
  ].filter((l) => l !== '').join('\n') + '\n';
}

/** A scratch folder holding kpi.yaml (sales from `sales`) and the given files. */
function folder(sales: string, files: Record<string, string | Buffer>, extra = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-hostile-'));
  writeFileSync(path.join(dir, 'kpi.yaml'), plan(sales, extra));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  return dir;
}

/** exit 3, `error[code]`, every fragment, and no sign of a crash. */
function expectDataError(r: RunResult, code: string, fragments: string[]): void {
  expect(r.code, r.stderr).toBe(3);
  expect(r.stderr).toContain(`error[${code}]`);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expectNoCrash(r);
}

function expectNoCrash(r: RunResult): void {
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m); // a stack frame
  expect(r.stderr).not.toContain('FATAL ERROR'); // V8 out of memory
}

/**
 * Runs `validate` and `score --out` on the folder: both must fail the same way, and the failed
 * score must leave no output (nor a temp file) behind.
 */
function expectBothFail(dir: string, code: string, fragments: string[], env?: Record<string, string>): void {
  const before = readdirSync(dir).sort();
  expectDataError(kpi(['validate'], { cwd: dir, env }), code, fragments);
  const r = kpi(['score', ...P, '--out', 'out.json'], { cwd: dir, env });
  expectDataError(r, code, fragments);
  expect(r.stdout).toBe('');
  expect(existsSync(path.join(dir, 'out.json'))).toBe(false);
  expect(readdirSync(dir).sort()).toEqual(before);
}


// ------------------------------------------------------------------------------- zip writing

interface ZipEntry {
  name: string;
  /** The entry's bytes, produced lazily so 300 MB never sits in memory. */
  data: () => Iterable<Buffer>;
}

/** Writes a deflated zip, streaming each entry through zlib (data descriptors carry sizes). */
async function writeZip(file: string, entries: ZipEntry[]): Promise<void> {
  const out = createWriteStream(file);
  let offset = 0;
  const put = async (b: Buffer) => {
    offset += b.length;
    if (!out.write(b)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  const dir: Array<{ name: Buffer; crc: number; csize: number; usize: number; at: number }> = [];
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const at = offset;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(8, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt16LE(name.length, 26);
    await put(Buffer.concat([lh, name]));
    let crc = 0, usize = 0, csize = 0;
    const deflate = zlib.createDeflateRaw({ level: 9 });
    const pieces: Buffer[] = [];
    deflate.on('data', (d: Buffer) => pieces.push(d));
    const flush = async () => {
      while (pieces.length) {
        const p = pieces.shift()!;
        csize += p.length;
        await put(p);
      }
    };
    for (const chunk of e.data()) {
      crc = zlib.crc32(chunk, crc);
      usize += chunk.length;
      deflate.write(chunk);
      await new Promise<void>((r) => deflate.flush(zlib.constants.Z_NO_FLUSH, () => r()));
      await flush();
    }
    await new Promise<void>((r) => deflate.end(() => r()));
    await new Promise<void>((r) => (deflate.readableEnded ? r() : deflate.once('end', () => r())));
    await flush();
    const dd = Buffer.alloc(16);
    dd.writeUInt32LE(0x08074b50, 0); dd.writeUInt32LE(crc, 4); dd.writeUInt32LE(csize, 8); dd.writeUInt32LE(usize, 12);
    await put(dd);
    dir.push({ name, crc, csize, usize, at });
  }
  const cdAt = offset;
  for (const d of dir) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(20, 6); h.writeUInt16LE(8, 8); h.writeUInt16LE(8, 10);
    h.writeUInt32LE(d.crc, 16); h.writeUInt32LE(d.csize, 20); h.writeUInt32LE(d.usize, 24);
    h.writeUInt16LE(d.name.length, 28); h.writeUInt32LE(d.at, 42);
    await put(Buffer.concat([h, d.name]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(dir.length, 8); end.writeUInt16LE(dir.length, 10);
  end.writeUInt32LE(offset - cdAt, 12); end.writeUInt32LE(cdAt, 16);
  await put(end);
  await new Promise<void>((r) => out.end(() => r()));
}

const once = (s: string) => function* () { yield Buffer.from(s); };
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** A minimal valid workbook whose one sheet's XML is `sheet()`. */
function workbook(sheet: () => Iterable<Buffer>): ZipEntry[] {
  return [
    { name: '[Content_Types].xml', data: once(`${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`) },
    { name: '_rels/.rels', data: once(`${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: once(`${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: once(`${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ];
}

const MiB = 1024 * 1024;
const HEADER_ROW = `<row r="1">${H.split(',').map((h, i) => `<c r="${'ABCDE'[i]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;

/** 300 MiB of zero bytes as the sheet: a classic zip bomb (~300 KB on disk). */
function* zeros(): Iterable<Buffer> {
  const z = Buffer.alloc(MiB);
  for (let i = 0; i < 300; i++) yield z;
}

/** A well-formed sheet whose second row's first cell holds 300 MiB of '0' characters. */
function* hugeCell(): Iterable<Buffer> {
  yield Buffer.from(`${XML}<worksheet xmlns="${NS}"><sheetData>${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>`);
  const z = Buffer.alloc(MiB, 0x30);
  for (let i = 0; i < 300; i++) yield z;
  yield Buffer.from('</t></is></c></row></sheetData></worksheet>');
}

/** A tiny zip whose central directory claims one entry of 4 GiB - 2 bytes (nothing to inflate). */
function lyingZip(): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const lh = Buffer.alloc(30);
  lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt32LE(0xfffffffe, 22); lh.writeUInt16LE(name.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt32LE(0xfffffffe, 24);
  cd.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length + name.length, 12); end.writeUInt32LE(lh.length + name.length, 16);
  return Buffer.concat([lh, name, cd, name, end]);
}

// ------------------------------------------------------------------------------- file-level

describe('hostile files: each its own error, exit 3, nothing written', () => {
  it('an old binary .xls', () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]);
    expectBothFail(folder('sales.xls', { 'sales.xls': ole }), 'xls_unsupported', ['sales.xls', '.xlsx']);
  });

  it('an .xlsx that is not a zip (a CSV renamed)', () => {
    expectBothFail(folder('sales.xlsx', { 'sales.xlsx': `${H}\n${GOOD}` }), 'xlsx_invalid', ['sales.xlsx', 'not a zip']);
  });

  it('an .xlsx whose zip directory claims 4 GiB is refused before unzipping', () => {
    expectBothFail(folder('sales.xlsx', { 'sales.xlsx': lyingZip() }), 'xlsx_too_large', ['sales.xlsx', 'unzipped'], SMALL_HEAP);
  });

  describe('an .xlsx that really inflates to 300 MiB', () => {
    let bombDir = '';
    let cellDir = '';
    beforeAll(async () => {
      bombDir = folder('sales.xlsx', {});
      await writeZip(path.join(bombDir, 'sales.xlsx'), workbook(zeros));
      cellDir = folder('sales.xlsx', {});
      await writeZip(path.join(cellDir, 'sales.xlsx'), workbook(hugeCell));
    }, 120_000);

    it('of zero bytes: exit 3 naming the file, within a small heap', () => {
      for (const args of [['validate'], ['score', ...P, '--out', 'out.json']]) {
        const r = kpi(args, { cwd: bombDir, env: SMALL_HEAP });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toMatch(/error\[xlsx_(invalid|too_large)\] sales\.xlsx/);
        expectNoCrash(r);
      }
      expect(existsSync(path.join(bombDir, 'out.json'))).toBe(false);
    });

    it('of zero bytes: refused as xlsx_too_large from its compression ratio, before parsing', () => {
        expectBothFail(bombDir, 'xlsx_too_large', ['sales.xlsx'], SMALL_HEAP);
      });

    it('with one 300 MiB cell: exit 3 within a small heap', () => {
        const r = kpi(['validate'], { cwd: cellDir, env: SMALL_HEAP });
        expect(r.code, r.stderr).toBe(3);
        expect(r.stderr).toMatch(/error\[(xlsx_too_large|field_too_large)\] sales\.xlsx/);
        expectNoCrash(r);
      });
  });

  it('a 0-byte file', () => {
    expectBothFail(folder('sales.csv', { 'sales.csv': '' }), 'file_empty', ['sales.csv', '0 bytes']);
  });

  it('a 0-byte .xlsx', () => {
    expectBothFail(folder('sales.xlsx', { 'sales.xlsx': '' }), 'file_empty', ['sales.xlsx', '0 bytes']);
  });

  it('a file of blank lines only', () => {
    expectBothFail(folder('sales.csv', { 'sales.csv': '\n\n  \n' }), 'file_empty', ['sales.csv']);
  });

  it('a missing file, named as the plan wrote it', () => {
    expectBothFail(folder('exports/sales.csv', {}), 'file_missing', ['exports/sales.csv']);
  });

  it('duplicate headers: row 1 and the column', () => {
    expectBothFail(folder('sales.csv', { 'sales.csv': `${H},金额\nO1,2024-07-01,C1,S1,100,100\n` }),
      'duplicate_header', ['sales.csv:1', 'column "金额"']);
  });

  it('a single quoted field of 1 MiB + 1 characters: its row', () => {
    const big = 'x'.repeat(MiB + 1);
    const dir = folder('sales.csv', { 'sales.csv': `${H}\nO1,2024-07-01,C1,S1,100.00\nO2,2024-07-02,"${big}",S2,200.00\n` });
    expectBothFail(dir, 'field_too_large', ['sales.csv:3'], SMALL_HEAP);
  });

  it('a single field of 1 MiB (over the 256 KiB field limit)', () => {
      const big = 'x'.repeat(MiB);
      const dir = folder('sales.csv', { 'sales.csv': `${H}\nO1,2024-07-01,C1,S1,100.00\nO2,2024-07-02,"${big}",S2,200.00\n` });
      expectBothFail(dir, 'field_too_large', ['sales.csv:3'], SMALL_HEAP);
    });

  it('a quote left unclosed swallowing the rest of a big file: the row where it starts', () => {
    const rest = 'O9,2024-07-03,C3,S1,300.00\n'.repeat(60_000); // ~1.6 MB after the open quote
    const dir = folder('sales.csv', { 'sales.csv': `${H}\nO1,2024-07-01,C1,S1,100.00\nO2,2024-07-02,"C2,S2,200.00\n${rest}` });
    expectBothFail(dir, 'field_too_large', ['sales.csv:3', 'quote'], SMALL_HEAP);
  });

  it('GBK bytes in a source the plan declares utf8: file_unreadable with the line', () => {
    const gbk = Buffer.from([0x4f, 0x33, 0x2c, 0xb6, 0xa9, 0xb5, 0xa5, 0x0a]);
    const dir = folder('sales.csv, encoding: utf8', { 'sales.csv': Buffer.concat([Buffer.from(`${H}\n${GOOD}`), gbk]) });
    expectBothFail(dir, 'file_unreadable', ['sales.csv', 'utf-8']);
  });

  it('GBK bytes in a utf8 source: the row names the line of the bad bytes', () => {
      const gbk = Buffer.from([0x4f, 0x33, 0x2c, 0xb6, 0xa9, 0xb5, 0xa5, 0x0a]);
      const dir = folder('sales.csv, encoding: utf8', { 'sales.csv': Buffer.concat([Buffer.from(`${H}\n${GOOD}`), gbk]) });
      expectBothFail(dir, 'file_unreadable', ['sales.csv:4']);
    });

  it('a header-only export is valid: a warning naming the file, exit 0 (§10)', () => {
    const dir = folder('sales.csv', { 'sales.csv': `${H}\n`, 'complaints.csv': '投诉编号,受理时间,客户编号\n' },
      '  complaints: { path: complaints.csv }');
    for (const args of [['validate'], ['score', ...P, '--format', 'json']]) {
      const r = kpi(args, { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('warning[header_only] sales.csv:1');
      expect(r.stderr).toContain('warning[header_only] complaints.csv:1');
      expectNoCrash(r);
    }
  });
});

// ------------------------------------------------------------------------------- bad rows

describe('bad rows: all collected, file:row column value', () => {
  const sales = [
    H,
    'O1,2024-07-01,C1,S1,100.00',
    'O2,2024-13-45,C2,S2,200.00', // 3 bad_date
    'O3,2024-07-03,C3,S1,"1.234,50"', // 4 bad_amount
    'O4,2024-07-04,C4,S2,400.00',
    'O5,03/04/2024,C5,S1,500.00', // 6 ambiguous_date
    'O6,"2024-07-06",,S2,600.00', // 7 missing_value
    '"O7","2024-07-07","C7","S1","7x00',
    '.00"', // 8: a record over two lines (a quoted line break); the next record starts on line 10
    'O8,2024-07-32,C8,S2,800.00', // 10 bad_date
    'O9,2024-07-09,C9,S2,900.00', // 11
  ].join('\n') + '\n';
  const complaints = '投诉编号,受理时间,客户编号,是否升级\nT1,2024-07-03 10:00,C1,否\nT2,2024-07-04 09:30,C2,maybe\n';
  const extra = '  complaints: { path: complaints.csv }';

  it('without --skip-invalid: exit 3, every problem in every file listed, nothing written', () => {
    const dir = folder('sales.csv', { 'sales.csv': sales, 'complaints.csv': complaints }, extra);
    for (const args of [['validate'], ['score', ...P, '--out', 'out.json'], ['payout', ...P, '--out', 'pay.xlsx'], ['explain', 'S1', ...P]]) {
      const r = kpi(args, { cwd: dir });
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain('error[bad_date] sales.csv:3 column "下单日期" value "2024-13-45"');
      expect(r.stderr).toContain('error[bad_amount] sales.csv:4 column "金额" value "1.234,50"');
      expect(r.stderr).toContain('error[ambiguous_date] sales.csv:6 column "下单日期" value "03/04/2024"');
      expect(r.stderr).toContain('error[missing_value] sales.csv:7 column "客户编号"');
      expect(r.stderr).toContain('error[bad_amount] sales.csv:8 column "金额"');
      expect(r.stderr).toContain('error[bad_date] sales.csv:10 column "下单日期" value "2024-07-32"');
      expect(r.stderr).toContain('error[bad_boolean] complaints.csv:3 column "是否升级" value "maybe"');
      expect(r.stderr).not.toContain('sales.csv:11');
      expectNoCrash(r);
    }
    expect(existsSync(path.join(dir, 'out.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'pay.xlsx'))).toBe(false);
  });

  it('with --skip-invalid: skipped rows in stderr, JSON warnings and the Data quality sheet, with file and row', async () => {
    const dir = folder('sales.csv', { 'sales.csv': sales, 'complaints.csv': complaints }, extra);
    const expected = [
      ['sales.csv', 3], ['sales.csv', 4], ['sales.csv', 6], ['sales.csv', 7], ['sales.csv', 8], ['sales.csv', 10], ['complaints.csv', 3],
    ] as const;

    const r = kpi(['score', ...P, '--skip-invalid', '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const [file, row] of expected) expect(r.stderr).toContain(`warning[row_skipped] ${file}:${row} `);
    const doc = JSON.parse(r.stdout) as { warnings: Array<{ code: string; file?: string; row?: number; column?: string; value?: string }> };
    const skipped = doc.warnings.filter((w) => w.code === 'row_skipped');
    for (const [file, row] of expected) expect(skipped.some((w) => w.file === file && w.row === row), `${file}:${row}`).toBe(true);
    expect(skipped.find((w) => w.row === 3 && w.file === 'sales.csv')).toMatchObject({ column: '下单日期', value: '2024-13-45' });
    // the good rows still count: of S1's rows only O1 (100) is good
    const s1 = (JSON.parse(r.stdout) as { employees: Array<{ id: string; kpis: Array<{ metric: string; actual: number }> }> })
      .employees.find((e) => e.id === 'S1')!;
    expect(s1.kpis.find((k) => k.metric === 'revenue')!.actual).toBe(100);

    const x = kpi(['score', ...P, '--skip-invalid', '--out', 'score.xlsx'], { cwd: dir });
    expect(x.code, x.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path.join(dir, 'score.xlsx')) as unknown as ArrayBuffer);
    const dq = wb.getWorksheet('Data quality');
    expect(dq, 'Data quality sheet').toBeDefined();
    const rows: string[] = [];
    dq!.eachRow((row) => rows.push((row.values as unknown[]).map((v) => (v === null || v === undefined ? '' : String(v))).join('|')));
    for (const [file, row] of expected) {
      expect(rows.some((line) => line.includes('row_skipped') && line.includes(`|${file}|`) && line.includes(`|${row}|`)), `${file}:${row}`).toBe(true);
    }
  });

  it('an xlsx row problem cites the sheet and its row number', async () => {
    const dir = folder('sales.xlsx', {});
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('销售');
    ws.addRow(H.split(','));
    ws.addRow(['O1', new Date(Date.UTC(2024, 6, 1)), 'C1', 'S1', 100]);
    ws.addRow(['O2', '2024-07-32', 'C2', 'S2', 200]);
    await wb.xlsx.writeFile(path.join(dir, 'sales.xlsx'));
    expectBothFail(dir, 'bad_date', ['sales.xlsx[销售]:3 column "下单日期" value "2024-07-32"']);
  });

  it('prints the first 20 problems and a count of the rest', () => {
    const lines = [H];
    for (let i = 1; i <= 25; i++) lines.push(`O${i},2024-07-01,C1,S1,abc`);
    const dir = folder('sales.csv', { 'sales.csv': lines.join('\n') + '\n' });
    const r = kpi(['score', ...P], { cwd: dir });
    expect(r.code).toBe(3);
    const errs = r.stderr.split('\n').filter((l) => l.startsWith('error[bad_amount]'));
    expect(errs).toHaveLength(20);
    expect(errs[0]).toContain('sales.csv:2 ');
    expect(r.stderr).toContain('… and 5 more bad_amount (25 in all)');
  });

  it('caps each code on its own, so many of one kind do not hide another', () => {
    const lines = [H];
    for (let i = 1; i <= 25; i++) lines.push(`O${i},2024-07-01,C1,S1,abc`);
    lines.push('O26,2024-07-99,C1,S1,5');
    const dir = folder('sales.csv', { 'sales.csv': lines.join('\n') + '\n' });
    const r = kpi(['score', ...P], { cwd: dir });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error[bad_amount]'))).toHaveLength(20);
    expect(r.stderr).toContain('… and 5 more bad_amount (25 in all)');
    expect(r.stderr).toContain('error[bad_date] sales.csv:27 ');
  });
});

// ------------------------------------------------------------------------------- exit codes

describe('exit codes of §10 across commands', () => {
  const good = () => folder('sales.csv', { 'sales.csv': `${H}\n${GOOD}` });
  const commands: string[][] = [['score', ...P], ['payout', ...P], ['explain', 'S1', ...P], ['validate']];

  it('commander usage errors exit 2 with error[usage], on every command', () => {
    const dir = good();
    const cases: string[][] = [
      ...commands.map((c) => [...c, '--bogus']),
      ['init', '--bogus'], ['metrics', '--bogus'],
      ['score'], ['payout'], ['explain', '--period', '2024Q3'], ['score', '--period'],
      ['score', ...P, '--format', 'pdf'], ['explain', 'S1', ...P, '--format', 'csv'], ['metrics', '--lang', 'fr'],
      ['validate', 'extra'], ['frobnicate'],
    ];
    for (const args of cases) {
      const r = kpi(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('error[usage]');
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('plan errors exit 2 and data errors exit 3 on every data command', () => {
    const badPlan = good();
    writeFileSync(path.join(badPlan, 'kpi.yaml'), plan('sales.csv').replace('weight: 100', 'weight: heavy'));
    const badData = folder('sales.csv', { 'sales.csv': `${H}\nO1,2024-07-01,C1,S1,abc\n` });
    for (const c of commands) {
      const p = kpi(c, { cwd: badPlan });
      expect(p.code, `${c[0]} ${p.stderr}`).toBe(2);
      expect(p.stderr).toContain('error[plan_invalid] kpi.yaml:');
      expect(p.stderr).toContain('expected a number, got "heavy"');
      const d = kpi(c, { cwd: badData });
      expect(d.code, `${c[0]} ${d.stderr}`).toBe(3);
      expect(d.stderr).toContain('error[bad_amount] sales.csv:2');
      for (const r of [p, d]) expectNoCrash(r);
    }
  });

  it('no plan: exit 2 with the hint, for every data command', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'kpi-hostile-noplan-'));
    for (const c of commands) {
      const r = kpi(c, { cwd: empty });
      expect(r.code, c[0]).toBe(2);
      expect(r.stderr).toContain('error[plan_not_found]');
      expect(r.stderr).toContain('kpi init');
    }
  });
});

describe('a report title above the headers (header_row)', () => {
  const TITLED = `销售明细表 2024年7月—9月\n${H}\n${GOOD}`;

  it('without header_row: missing_column names the line the headers are on and the option to set', () => {
    const dir = folder('sales.csv', { 'sales.csv': TITLED });
    const r = kpi(['score', ...P], { cwd: dir });
    expectDataError(r, 'missing_column', ['headers present: "销售明细表 2024年7月—9月"',
      'The headers look to be on line 2, below a title or notes: add `header_row: 2` to this source in the plan']);
    const v = kpi(['validate'], { cwd: dir });
    expect(v.code).toBe(3);
    expect(v.stderr).toContain('`header_row: 2`');
  });

  it('with header_row: 2 the same file scores, and a bad row is reported on its own file line', () => {
    const ok = mkdtempSync(path.join(os.tmpdir(), 'kpi-hostile-title-'));
    writeFileSync(path.join(ok, 'kpi.yaml'), plan('sales.csv').replace('{ path: sales.csv }', '{ path: sales.csv, header_row: 2 }'));
    writeFileSync(path.join(ok, 'sales.csv'), TITLED);
    const r = kpi(['score', ...P, '--format', 'json'], { cwd: ok });
    expect(r.code, r.stderr).toBe(0);
    const revenue = JSON.parse(r.stdout).employees.map((e: { id: string; kpis: { actual: number }[] }) => [e.id, e.kpis[0].actual]);
    expect(revenue).toEqual([['S2', 200], ['S1', 100]]);
    writeFileSync(path.join(ok, 'sales.csv'), `${TITLED}O3,2024-07-03,C3,S1,一百\n`);
    expectDataError(kpi(['score', ...P], { cwd: ok }), 'bad_amount', ['sales.csv:5']);
  });
});

describe('a service-only plan (no sources.sales)', () => {
  const service = (kpis: string) => [
    'version: 1',
    'sources:',
    '  complaints: { path: complaints.csv }',
    'people:',
    '  - { id: C1, name: 李娜, team: 客服部, role: service }',
    'roles:',
    '  service:',
    '    complaints_by: handler',
    '    kpis:',
    kpis,
    '    payout:',
    '      - { type: per_event, event: complaint_escalated, amount: -300 }',
    '',
  ].join('\n');
  const COMPLAINTS = '工单号,受理时间,处理人,首次响应时间,解决时间,状态\n'
    + 'T1,2024-07-01 09:00,C1,2024-07-01 10:00,2024-07-01 12:00,已解决\n'
    + 'T2,2024-07-02 09:00,C1,2024-07-02 12:00,,升级\n';

  it('scores and pays from complaints alone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-service-only-'));
    writeFileSync(path.join(dir, 'kpi.yaml'), service('      - { metric: avg_first_response_hours, target: 4, weight: 100 }'));
    writeFileSync(path.join(dir, 'complaints.csv'), COMPLAINTS);
    const r = kpi(['score', ...P, '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const k = JSON.parse(r.stdout).employees[0].kpis[0];
    expect([k.metric, k.actual]).toEqual(['avg_first_response_hours', 2]); // (1 h + 3 h) / 2
    const p = kpi(['payout', ...P, '--format', 'json'], { cwd: dir });
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout).total).toBe(-300);
    const v = kpi(['validate', '--lang', 'en'], { cwd: dir });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).not.toMatch(/│ sales /);
  });

  it('a sales metric without sources.sales is a plan error (exit 2), not a silent zero', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-service-only-'));
    writeFileSync(path.join(dir, 'kpi.yaml'), service('      - { metric: revenue, target: 1000, weight: 50 }\n      - { metric: complaint_rate, target: "5%", weight: 50 }'));
    writeFileSync(path.join(dir, 'complaints.csv'), COMPLAINTS);
    const r = kpi(['score', ...P], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('error[plan_missing_source] kpi.yaml:10:');
    expect(r.stderr).toContain('roles.service.kpis[0].metric: revenue is measured from the sales export, and the plan has no sources.sales');
    expect(r.stderr).toContain('roles.service.kpis[1].metric: complaint_rate is measured from the complaints and sales exports, and the plan has no sources.sales');
    expectNoCrash(r);
  });

  it('a plan that reads no exports at all is a plan error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-service-only-'));
    writeFileSync(path.join(dir, 'kpi.yaml'), service('      - { metric: csat, target: "85%", weight: 100 }').replace('  complaints: { path: complaints.csv }\n', '  {}\n').replace('sources:\n  {}', 'sources: {}'));
    const r = kpi(['validate'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('the plan reads no exports');
    expect(r.stderr).toContain('csat is measured from the surveys export, and the plan has no sources.surveys');
    expect(r.stderr).toContain('event complaint_escalated is measured from the complaints export');
  });
});

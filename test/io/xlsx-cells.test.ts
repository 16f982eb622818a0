/**
 * Cells as ECMA-376 writes them, beyond what a workbook library writes: phonetic runs, rich-text
 * runs, cells and rows without `r`, error cells, formula results of each type, namespace
 * prefixes, text split between inflated chunks (see src/io/xlsx-cells.ts).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CellError, type TableSpec } from '../../src/io/table-source.js';
import { inl, num, row, sst, writeRawXlsx, type RawBook } from '../helpers/raw-xlsx.js';
import { readAll } from './read-all.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kpi-xlsx-cells-')); });

let n = 0;
async function raw(book: RawBook): Promise<TableSpec> {
  const name = `raw${++n}.xlsx`;
  return { path: await writeRawXlsx(join(dir, name), book), displayPath: name };
}

async function failure(spec: TableSpec) {
  try { await readAll(spec); return null; } catch (e) { return (e as { diagnostic?: { code: string; message: string } }).diagnostic ?? { code: String(e), message: '' }; }
}

const HEADER = row(1, inl('A1', '订单编号'), inl('B1', '客户编号'));

describe('string items', () => {
  it('are their base text: phonetic runs (<rPh>) are not part of a shared or inline string', async () => {
    const r = await readAll(await raw({
      strings: [
        '<t>订单编号</t>', '<t>客户编号</t>',
        '<t>KH1</t><rPh sb="0" eb="3"><t>ケーエイチ</t></rPh><phoneticPr fontId="1"/>',
        '<r><t>KH</t></r><r><rPr><b/></rPr><t>2</t></r><rPh sb="0" eb="1"><t>ケー</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
        '<t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh>',
      ],
      sheets: [{ name: 'S', data: row(1, sst('A1', 0), sst('B1', 1)) + row(2, sst('A2', 4), sst('B2', 2)) + row(3, sst('A3', 4), sst('B3', 3))
        + row(4, inl('A4', 'SO4'), '<c r="B4" t="inlineStr"><is><t>KH4</t><rPh sb="0" eb="3"><t>ケーエイチ</t></rPh><phoneticPr fontId="1"/></is></c>') }],
    }));
    expect(r.info.header).toEqual(['订单编号', '客户编号']);
    expect(r.rows).toEqual([['山田', 'KH1'], ['山田', 'KH2'], ['SO4', 'KH4']]);
  });

  it('join their rich-text runs, in a shared string and in an inline string', async () => {
    const r = await readAll(await raw({
      strings: ['<r><t>张</t></r><r><rPr><b/></rPr><t>伟</t></r>', '<r><t xml:space="preserve">A </t></r><r><t>&amp; B</t></r>'],
      sheets: [{ name: 'S', data: HEADER + row(2, sst('A2', 0), sst('B2', 1))
        + row(3, inl('A3', 'SO3'), '<c r="B3" t="inlineStr"><is><r><t>KH</t></r><r><rPr><i/></rPr><t>3</t></r></is></c>') }],
    }));
    expect(r.rows).toEqual([['张伟', 'A & B'], ['SO3', 'KH3']]);
  });

  it('decode _xHHHH_ escapes as Excel does: a carriage return, an escaped underscore', async () => {
    const r = await readAll(await raw({
      strings: ['<t>SO3_x000D_</t>', '<t>_x005F_x0041_ stays</t>'],
      sheets: [{ name: 'S', data: HEADER + row(2, sst('A2', 0), sst('B2', 1))
        + row(3, inl('A3', 'A_x0009_B'), '<c r="B3" t="str"><f>A3</f><v>A_x0009_B</v></c>') }],
    }));
    expect(r.rows).toEqual([['SO3\r', '_x0041_ stays'], ['A\tB', 'A\tB']]);
  });

  it('are read whole when a character is split between two inflated chunks', async () => {
    // Tens of kilobytes of three-byte characters in both parts: the inflated stream's chunk
    // boundaries fall inside characters (exceljs decoded each chunk on its own: U+FFFD).
    const names = Array.from({ length: 4000 }, (_, i) => `华东区客户名称${i}号店`);
    const r = await readAll(await raw({
      strings: names.slice(0, 2000).map((t) => `<t>${t}</t>`),
      sheets: [{ name: '客户', data: HEADER + names.map((t, i) => row(i + 2, i < 2000 ? sst('', i) : inl('', t), num('', i))).join('') }],
    }));
    expect(r.rows.length).toBe(4000);
    expect(r.rows.filter((c, i) => c[0] !== names[i] || c[1] !== i)).toEqual([]);
  });
});

describe('cell and row addresses', () => {
  it('a cell without r is the column after the previous cell of its row', async () => {
    const r = await readAll(await raw({
      sheets: [{ name: 'S', data: row(1, inl('', 'a'), inl('', 'b'), inl('', 'c'), inl('', 'd'))
        + row(2, inl('', 'x1'), num('', 2), num('', 3))
        + row(3, inl('B3', 'y2'), num('', 3), num('D3', 4))
        + row(4, num('C4', 3), num('', 4), num('A4', 1)) }],
    }));
    expect(r.info.header).toEqual(['a', 'b', 'c', 'd']);
    expect(r.rows).toEqual([['x1', 2, 3, null], [null, 'y2', 3, 4], [1, null, 3, 4]]);
    expect(r.nums).toEqual([2, 3, 4]);
  });

  it('a row without r is the row after the previous row', async () => {
    const r = await readAll(await raw({
      sheets: [{ name: 'S', data: row(null, inl('A1', 'a'), inl('B1', 'b')) + row(null, inl('A2', 'x'), num('B2', 1))
        + row(5, inl('', 'y'), num('', 2)) + row(null, inl('', 'z'), num('', 3)) }],
    }));
    expect(r.info.header).toEqual(['a', 'b']);
    expect(r.info.headerRow).toBe(1);
    expect(r.rows).toEqual([['x', 1], ['y', 2], ['z', 3]]);
    expect(r.nums).toEqual([2, 5, 6]);
  });

  it('an address that is not one is xlsx_invalid naming the sheet and the address, not a JavaScript error', async () => {
    const bad = await failure(await raw({ sheets: [{ name: '销售', data: HEADER + row(2, inl('2A', 'x')) }] }));
    expect(bad?.code).toBe('xlsx_invalid');
    expect(bad?.message).toContain('销售 row 2: "2A" is not a cell address');
    const badRow = await failure(await raw({ sheets: [{ name: '销售', data: HEADER + '<row r="x2">' + inl('A2', 'x') + '</row>' }] }));
    expect(badRow?.code).toBe('xlsx_invalid');
    expect(badRow?.message).toContain('row number "x2"');
    const lost = await failure(await raw({ strings: ['<t>a</t>'], sheets: [{ name: 'S', data: row(1, sst('A1', 0)) + row(2, sst('A2', 7)) }] }));
    expect(lost?.code).toBe('xlsx_invalid');
    expect(lost?.message).toContain('cell S!A2 refers to shared string 7, but the workbook has 1');
  });
});

describe('values', () => {
  it('types formula results by t: text, boolean, number, a date by its style', async () => {
    const r = await readAll(await raw({
      sheets: [{ name: 'S', data: row(1, inl('A1', 'a'), inl('B1', 'b'), inl('C1', 'c'), inl('D1', 'd'), inl('E1', 'e'))
        + row(2, '<c r="A2" t="str"><f>"S00"&amp;"1"</f><v>S001</v></c>', '<c r="B2" t="b"><f>1=1</f><v>1</v></c>',
          '<c r="C2"><f>C1*2</f><v>2469</v></c>', '<c r="D2" s="1"><f>DATE(2024,7,1)</f><v>45474</v></c>', '<c r="E2" t="b"><v>0</v></c>') }],
    }));
    expect(r.rows).toEqual([['S001', true, 2469, { y: 2024, m: 7, d: 1, hh: 0, mi: 0, ss: 0 }, false]]);
  });

  it('reads an error cell as an error (never a text), whether typed or a formula\'s saved result', async () => {
    const r = await readAll(await raw({
      sheets: [{ name: '销售', data: row(1, inl('A1', 'a'), '<c r="B1" t="e"><v>#REF!</v></c>')
        + row(2, '<c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', '<c r="B2" t="e"><v>#N/A</v></c>') }],
    }));
    expect(r.info.header).toEqual(['a', '#REF!']);
    expect(r.rows).toStrictEqual([[new CellError('#DIV/0!', '销售!A2', '1/0'), new CellError('#N/A', '销售!B2', null)]]);
  });

  it('reads dates of the 1904 date system (date1904="1" or "true") and of custom date formats', async () => {
    for (const date1904 of [true, 'true'] as const) {
      const r = await readAll(await raw({
        date1904,
        sheets: [{ name: 'S', data: row(1, inl('A1', 'a'), inl('B1', 'b')) + row(2, num('A2', 44012, 1), num('B2', '44012.5', 2)) }],
      }));
      expect(r.rows, `date1904="${date1904}"`).toEqual([[{ y: 2024, m: 7, d: 1, hh: 0, mi: 0, ss: 0 }, { y: 2024, m: 7, d: 1, hh: 12, mi: 0, ss: 0 }]]);
    }
  });

  it('reads tags with a namespace prefix', async () => {
    const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const r = await readAll(await raw({
      sheets: [{ name: 'S', data: '' }],
      parts: {
        'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><x:worksheet xmlns:x="${NS}"><x:sheetData>`
          + '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>'
          + '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c><x:c r="B2"><x:v>7</x:v></x:c></x:row>'
          + '</x:sheetData></x:worksheet>',
      },
    }));
    expect(r.info.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([['x', 7]]);
  });

  it('counts the bytes it inflates: an archive that declares less than its parts hold stops at the limit', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => row(i + 2, inl(`A${i + 2}`, `SO${i}`), inl(`B${i + 2}`, `KH${i}`))).join('');
    const spec = await raw({ sheets: [{ name: 'S', data: HEADER + rows }] });
    // Rewrite every central-directory record's uncompressed size (offset 24) to 1 byte: a lying archive.
    const { readFileSync, writeFileSync } = await import('node:fs');
    const buf = readFileSync(spec.path);
    for (let i = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); i >= 0; i = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), i + 4)) buf.writeUInt32LE(1, i + 24);
    writeFileSync(spec.path, buf);
    const f = await failure({ ...spec, maxXlsxUncompressedBytes: 100_000 });
    expect(f).toMatchObject({ code: 'xlsx_too_large' });
    expect(f!.message).toContain('inflates past');
  });
});

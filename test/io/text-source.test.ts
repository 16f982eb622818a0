import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { duplicateHeader, openTable, type Cell, type TableSpec } from '../../src/io/table-source.js';
import { readAll } from './read-all.js';
import { detectDelimiter, detectEncoding, detectNewline, textReaderTuning } from '../../src/io/text-source.js';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kpi-io-')); });

function file(name: string, content: string | Buffer): TableSpec {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, displayPath: name, encoding: 'auto', delimiter: 'auto' };
}


async function errorCode(spec: TableSpec): Promise<string> {
  try {
    await readAll(spec);
    return 'ok';
  } catch (e) {
    return (e as { diagnostic?: { code: string } }).diagnostic?.code ?? String(e);
  }
}

describe('encoding detection', () => {
  it('uses BOMs, then strict UTF-8, then GB18030', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]), true)).toBe('utf-16le');
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]), true)).toBe('utf-16be');
    expect(detectEncoding(Buffer.from('订单编号,金额\n', 'utf8'), true)).toBe('utf-8');
    expect(detectEncoding(iconv.encode('订单编号,金额\n', 'gb18030'), true)).toBe('gb18030');
    expect(detectEncoding(Buffer.from('a,b\n', 'utf16le'), true)).toBe('utf-16le');
    // A UTF-8 sequence cut at the end of a sample is not an error while streaming.
    const cut = Buffer.from('ab订', 'utf8').subarray(0, 4);
    expect(detectEncoding(cut, false)).toBe('utf-8');
  });
  it('decodes GB18030 and UTF-16LE files', async () => {
    const gb = await readAll(file('gb.csv', iconv.encode('客户,金额\n张伟,"1,234.50"\n', 'gb18030')));
    expect(gb.info.encoding).toBe('gb18030');
    expect(gb.info.header).toEqual(['客户', '金额']);
    expect(gb.rows).toEqual([['张伟', '1,234.50']]);
    const u16 = await readAll(file('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('客户\t金额\r\n张伟\t1,234.50\r\n', 'utf16le')])));
    expect(u16.info.encoding).toBe('utf-16le');
    expect(u16.info.delimiter).toBe('\t');
    expect(u16.rows).toEqual([['张伟', '1,234.50']]);
  });
  it('honours an encoding override', async () => {
    const r = await readAll({ ...file('o.csv', iconv.encode('客户\n张伟\n', 'gb18030')), encoding: 'gb18030' });
    expect(r.rows).toEqual([['张伟']]);
    expect(await errorCode({ ...file('o2.csv', iconv.encode('客户\n张伟\n', 'gb18030')), encoding: 'utf8' })).toBe('file_unreadable');
  });
  it('keeps multi-byte characters split across read chunks intact', async () => {
    const line = '订单,客户名称很长的一段中文\n';
    const body = 'a,b\n' + line.repeat(30_000); // > 256 KiB, so chunks cut characters
    const r = await readAll(file('big.csv', body));
    expect(r.rows.length).toBe(30_000);
    expect(r.rows.every((x) => x[1] === '客户名称很长的一段中文')).toBe(true);
    expect(r.nums[29_999]).toBe(30_001);
  });
});

describe('delimiter and newline detection', () => {
  it('counts candidates in the header line, outside quotes', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a|b|c')).toBe('|');
    expect(detectDelimiter('"x;y;z",b')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
    expect(detectNewline('a\r\nb')).toBe('\r\n');
    expect(detectNewline('"x\r\ny"\nb')).toBe('\n');
  });
  it('is not fooled by thousands separators in data rows', async () => {
    const r = await readAll(file('semi.csv', '订单;金额\nA1;1,234.50\n'));
    expect(r.info.delimiter).toBe(';');
    expect(r.rows).toEqual([['A1', '1,234.50']]);
  });
  it('uses tab for .tsv and the plan override', async () => {
    const r = await readAll(file('x.tsv', 'a\tb\n1\t2\n'));
    expect(r.info.delimiter).toBe('\t');
    const o = await readAll({ ...file('p.txt', 'a|b,c\n1|2,3\n'), delimiter: ',' });
    expect(o.rows).toEqual([['1|2', '3']]);
  });
});

describe('row numbers', () => {
  it('counts lines inside quoted fields, CRLF or LF, and blank lines', async () => {
    const csv = 'id,comment\n1,"line one\r\nline two"\n2,plain\n\n3,"a\nb\nc"\n4,"say ""hi"""\n';
    const r = await readAll(file('ml.csv', csv));
    expect(r.rows.map((x) => x[0])).toEqual(['1', '2', '3', '4']);
    expect(r.nums).toEqual([2, 4, 6, 9]);
    expect(r.rows[0][1]).toBe('line one\r\nline two');
    expect(r.rows[3][1]).toBe('say "hi"');
  });
  it('works with CRLF files and no final newline, and strips the BOM', async () => {
    const r = await readAll(file('crlf.csv', '\uFEFFid,v\r\n1,a\r\n2,"x\r\ny"\r\n3,b'));
    expect(r.info.header).toEqual(['id', 'v']);
    expect(r.nums).toEqual([2, 3, 5]);
    expect(r.rows[2]).toEqual(['3', 'b']);
  });
  it('keeps counting across chunk boundaries with quoted newlines', async () => {
    let csv = 'id,text\n';
    const expected: number[] = [];
    let line = 2;
    for (let i = 0; i < 20_000; i++) {
      expected.push(line);
      if (i % 7 === 0) { csv += `${i},"multi\nline ${'x'.repeat(i % 50)}"\n`; line += 2; }
      else { csv += `${i},single ${'y'.repeat(i % 30)}\n`; line += 1; }
    }
    const r = await readAll(file('chunks.csv', csv));
    expect(r.nums).toEqual(expected);
  });
});

describe('file-level problems', () => {
  it('missing, empty, .xls, header-only, duplicate headers, oversized fields', async () => {
    expect(await errorCode({ path: join(dir, 'nope.csv'), displayPath: 'nope.csv' })).toBe('file_missing');
    expect(await errorCode(file('empty.csv', ''))).toBe('file_empty');
    expect(await errorCode(file('blank.csv', '\n\n'))).toBe('file_empty');
    expect(await errorCode(file('old.xls', 'whatever'))).toBe('xls_unsupported');
    // Duplicate headers are read as they are: whether one matters is decided where the columns are
    // chosen (duplicateHeader, from the source reader), since an unused one is harmless.
    expect((await readAll(file('dup.csv', '金额,客户, 金额\n1,2,3\n'))).info.header).toEqual(['金额', '客户', '金额']);
    const h = await readAll(file('h.csv', 'a,b\n'));
    expect(h.info.header).toEqual(['a', 'b']);
    expect(h.rows).toEqual([]);
    const big = 'a,b\n1,"' + 'x'.repeat(3000) + '"\n';
    expect(await errorCode({ ...file('f.csv', big), maxFieldChars: 1000 })).toBe('field_too_large');
    expect(await errorCode({ ...file('unclosed.csv', 'a,b\n1,"open\n' + 'z,z\n'.repeat(2000)), maxFieldChars: 1000 })).toBe('field_too_large');
  });
  it('stops at a quote that does not pair up instead of swallowing the records after it', async () => {
    const diag = async (spec: TableSpec) => {
      try { await readAll(spec); } catch (e) { return (e as { diagnostic: { code: string; row: number; message: string } }).diagnostic; }
      return null;
    };
    // Never closed: papaparse would read lines 3–5 as one value of row O2 and drop O3, O4.
    const open = await diag(file('open.csv', 'id,amt,note\nO1,1,a\nO2,2,"urgent\nO3,3,b\nO4,4,c\n'));
    expect(open).toMatchObject({ code: 'bad_quote', row: 3 });
    expect(open!.message).toContain('lines 3–5');
    // Closed, then more text: papaparse reads on to the next quote (line 5) and O3 is lost.
    const trail = await diag(file('trail.csv', 'id,amt,note\nO1,1,a\nO2,2,"Big" Corp\nO3,3,b\nO4,4,"y"\n'));
    expect(trail).toMatchObject({ code: 'bad_quote', row: 3 });
    // The same at every chunk size (a CRLF after a closing quote split by a chunk is no error).
    const crlf = file('crlf.csv', 'id,amt,note\r\nO1,1,"a"\r\nO2,2,"x\r\ny"\r\nO3,3,"Big" Corp\r\nO4,4,c\r\n');
    try {
      for (const chunk of [1, 2, 3, 5, 8, 13]) {
        textReaderTuning.chunkBytes = chunk;
        expect(await diag(crlf), `chunk ${chunk}`).toMatchObject({ code: 'bad_quote', row: 5 });
      }
    } finally {
      textReaderTuning.chunkBytes = 128 * 1024;
    }
    // A quote inside an unquoted value is text, as before.
    expect((await readAll(file('inch.csv', 'id,note\nO1,27" monitor\n'))).rows).toEqual([['O1', '27" monitor']]);
  });
  it('a binary file named .csv says what it is; a line with no end is not read into memory whole', async () => {
    const diag = async (spec: TableSpec) => {
      try { await readAll(spec); } catch (e) { return (e as { diagnostic: { code: string; message: string } }).diagnostic; }
      return null;
    };
    expect(await diag(file('img.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))))
      .toMatchObject({ code: 'file_unreadable', message: 'img.csv is an image, not a text export (CSV/TSV/TXT)' });
    expect(await diag(file('book.csv', Buffer.from('PK\x03\x04rest-of-a-zip', 'latin1'))))
      .toMatchObject({ code: 'file_unreadable', message: 'book.csv is a zip archive (an .xlsx workbook?), not a text export (CSV/TSV/TXT): name it .xlsx' });
    expect((await diag(file('nul.csv', Buffer.from('a,b\n1,\u0000\u0000\n'))))!.message).toContain('binary data (it holds NUL bytes)');
    // UTF-16 text has NULs and is text — also without a BOM, and starting with Chinese (no NUL in its first bytes).
    expect((await readAll(file('u16.csv', Buffer.from('\ufeffa\tb\n1\t2\n', 'utf16le')))).rows).toEqual([['1', '2']]);
    expect((await readAll({ ...file('u16nobom.txt', Buffer.from('订单\t客户\nA1\tC1\n', 'utf16le')), encoding: 'auto' })).rows).toEqual([['A1', 'C1']]);
    // 3,000 characters and no line end, at a 1,000-character field limit: stopped at the limit.
    expect(await diag({ ...file('oneline.csv', 'x,'.repeat(1500)), maxFieldChars: 1000 }))
      .toMatchObject({ code: 'field_too_large', message: 'no line end in the first 1000 characters: is this a CSV export?' });
  });

  it('duplicateHeader names a used column that another column shares, and ignores unused ones', () => {
    const header = ['id', '金额', '备注', ' 金额', '备注'];
    expect(duplicateHeader('s.csv', header, [0, 3], 2, 'S')).toMatchObject({
      code: 'duplicate_header', file: 's.csv', sheet: 'S', row: 2, column: '金额',
      message: 'column header "金额" appears twice (columns 2 and 4) and kpi reads it; rename one of them' });
    expect(duplicateHeader('s.csv', header, [0, -1], 1)).toBeNull(); // the two 备注 are not read
  });
});

describe('an ASCII start, then Chinese further down (no BOM, no encoding: in the plan)', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `A${i},2024-07-01,K${i % 100},S001,100`).join('\r\n');
  afterEach(() => { textReaderTuning.chunkBytes = 128 * 1024; });

  it('GB18030 past the sniffed start: read as GB18030 from the first non-ASCII byte on, nothing lost', async () => {
    const text = `order_id,date,customer_id,employee_id,amount\r\n${rows(12000)}\r\nB1,2024-07-02,客户甲,S001,50\r\nB2,2024-07-02,K1,S001,60\r\n`;
    const r = await readAll(file('late-gb.csv', iconv.encode(text, 'gb18030')));
    expect(r.info.encoding).toBe('gb18030');
    expect(r.rows.length).toBe(12002);
    expect(r.rows[12000]).toEqual(['B1', '2024-07-02', '客户甲', 'S001', '50']);
    expect(r.nums.at(-1)).toBe(12003);
  });

  it('bytes that are neither UTF-8 nor GB18030 past the sniffed start are still file_unreadable, naming the line', async () => {
    const head = `order_id,date,customer_id,employee_id,amount\n${rows(12000)}\n`;
    const bytes = Buffer.concat([Buffer.from(head + 'B1,2024-07-02,K'), Buffer.from([0xff, 0xff]), Buffer.from(',S001,50\n')]);
    try {
      await readAll(file('damaged.csv', bytes));
      expect.unreachable();
    } catch (e) {
      const d = (e as { diagnostic: { code: string; message: string; row: number } }).diagnostic;
      expect(d.code).toBe('file_unreadable');
      expect(d.row).toBe(12002);
      expect(d.message).toContain('neither valid UTF-8 nor GB18030 text from line 12002');
    }
  });

  it('a file that ends inside a character: GB18030 when the held byte reads so, else file_unreadable', async () => {
    const head = `order_id,date,customer_id,employee_id,amount\n${rows(12000)}\nB1,2024-07-02,K1,S001,50\n`;
    // 0xd5 alone at the very end: neither a whole UTF-8 nor a whole GB18030 character.
    const bad = await errorCode(file('ends-inside.csv', Buffer.concat([Buffer.from(head), Buffer.from('B2,2024-07-02,K'), Buffer.from([0xd5])])));
    expect(bad).toBe('file_unreadable');
    // 0xd5 0xc5 at the very end (张): GB18030, read whole.
    const ok = await readAll(file('ends-gb.csv', Buffer.concat([Buffer.from(head), Buffer.from('B2,2024-07-02,K1,S001,'), iconv.encode('张', 'gb18030')])));
    expect(ok.info.encoding).toBe('gb18030');
    expect(ok.rows.at(-1)).toEqual(['B2', '2024-07-02', 'K1', 'S001', '张']);
  });

  it('UTF-8 past the sniffed start stays UTF-8', async () => {
    const text = `order_id,date,customer_id,employee_id,amount\n${rows(12000)}\nB1,2024-07-02,客户甲,S001,50\n`;
    const r = await readAll(file('late-utf8.csv', Buffer.from(text, 'utf8')));
    expect(r.info.encoding).toBe('utf-8');
    expect(r.rows.at(-1)).toEqual(['B1', '2024-07-02', '客户甲', 'S001', '50']);
  });

  it('a GB18030 character split across two reads is decoded whole', async () => {
    textReaderTuning.chunkBytes = 4096;
    const head = `order_id,date,customer_id,employee_id,amount\n${rows(12000)}\n`;
    // Pad the next row so that 张's first byte (0xd5, which also opens a 2-byte UTF-8 character, so the
    // UTF-8 decoder holds it) is the last byte of a read (reads of 4096 bytes).
    const boundary = Math.ceil((Buffer.byteLength(head) + 20) / 4096) * 4096;
    const lead = 'B1,2024-07-02,';
    const pad = 'x'.repeat(boundary - 1 - Buffer.byteLength(head) - lead.length);
    const bytes = Buffer.concat([Buffer.from(head + lead + pad), iconv.encode('张伟,S001,50\n', 'gb18030')]);
    expect(bytes[boundary - 1]).toBe(0xd5);
    const r = await readAll(file('split-gb.csv', bytes));
    expect(r.info.encoding).toBe('gb18030');
    expect(r.rows.at(-1)).toEqual(['B1', '2024-07-02', `${pad}张伟`, 'S001', '50']);
  });
});

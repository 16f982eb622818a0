import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { openTable, type Cell, type TableSpec } from '../../src/io/table-source.js';
import { textReaderTuning } from '../../src/io/text-source.js';
import { plainSplittable, splitPlain } from '../../src/io/csv-split.js';
import { rng } from '../helpers/rng.js';

const NEWLINES = ['\n', '\r\n', '\r'] as const;

describe('splitPlain', () => {
  it('matches papaparse on quote-free text, whole and with the last record held back', () => {
    const r = rng(1);
    const alphabet = ['a', 'b', '中', '文', ' ', ',', ';', '\t', '|', '\r', '\n', '1', '.', '\uFEFF', ''];
    for (let t = 0; t < 3000; t++) {
      let s = '';
      const len = Math.floor(r() * 40);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      const delim = [',', ';', '\t', '|', ';;', 'ab'][Math.floor(r() * 6)];
      const nl = NEWLINES[Math.floor(r() * 3)];
      for (const last of [true, false]) {
        const want = new Papa.Parser({ delimiter: delim, newline: nl, quoteChar: '"' }).parse(s, 0, !last);
        for (const width of [0, 1, 3, 7]) {
          const got = splitPlain(s, delim, nl, last, width);
          expect(got.rows).toEqual(want.data);
          if (!last) expect(got.cursor).toBe(want.meta.cursor);
        }
      }
    }
  });
  it('is used only for delimiters papaparse keeps as they are', () => {
    expect(plainSplittable(',')).toBe(true);
    expect(plainSplittable('\t')).toBe(true);
    expect(plainSplittable(';;')).toBe(true);
    expect(plainSplittable('')).toBe(false);
    expect(plainSplittable('"')).toBe(false);
    expect(plainSplittable('\n')).toBe(false);
    expect(plainSplittable('\uFEFF')).toBe(false);
  });
});

describe('the text reader with and without the quote-free path', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kpi-split-')); });
  afterEach(() => { textReaderTuning.chunkBytes = 128 * 1024; textReaderTuning.plainSplit = true; });

  async function read(spec: TableSpec, chunkBytes: number, plainSplit: boolean) {
    textReaderTuning.chunkBytes = chunkBytes;
    textReaderTuning.plainSplit = plainSplit;
    try {
      const t = await openTable(spec);
      const rows: Cell[][] = [];
      const nums: number[] = [];
      for await (const b of t.batches) { rows.push(...b.rows); nums.push(...b.rowNumbers); }
      return { info: t.info, rows, nums };
    } catch (e) {
      const d = (e as { diagnostic?: unknown }).diagnostic;
      if (d === undefined) throw e;
      return { error: d };
    }
  }

  /** A random export: plain fields mostly, some quoted ones with delimiters, quotes and line breaks. */
  function generate(r: () => number): { text: string; delim: string } {
    const delim = [',', ';', '\t', '|'][Math.floor(r() * 4)];
    const nl = NEWLINES[Math.floor(r() * 3)];
    const quoting = r() < 0.6; // else the file has no quote at all
    const cols = 1 + Math.floor(r() * 4);
    const plain = ['a', 'b', 'x1', '中文', '张伟', ' ', '1,234.50', '12.5', '', '-', '2024-01-02'];
    const field = (): string => {
      if (quoting && r() < 0.15) {
        const parts = ['q', delim, '""', '\n', '\r\n', '\r', '中', ' '];
        let s = '';
        const n = Math.floor(r() * 4);
        for (let i = 0; i < n; i++) s += parts[Math.floor(r() * parts.length)];
        return `"${s}"`;
      }
      if (quoting && r() < 0.02) return 'a"b'; // a stray quote: papaparse's call
      let s = plain[Math.floor(r() * plain.length)];
      if (s.includes(delim)) s = s.split(delim).join('');
      return s;
    };
    const lines: string[] = [];
    if (r() < 0.2) lines.push('');
    lines.push(Array.from({ length: cols }, (_, i) => `h${i}`).join(delim));
    const rows = Math.floor(r() * 12);
    for (let i = 0; i < rows; i++) {
      if (r() < 0.1) { lines.push(''); continue; }
      const w = r() < 0.1 ? Math.floor(r() * (cols + 2)) : cols;
      lines.push(Array.from({ length: Math.max(1, w) }, field).join(delim));
    }
    let text = lines.join(nl);
    if (r() < 0.5) text += nl;
    if (r() < 0.1) text += nl;
    if (r() < 0.2) text = '\uFEFF' + text;
    return { text, delim };
  }

  it('gives the same header, rows, row numbers and errors for generated files at tiny chunk sizes', async () => {
    const r = rng(7);
    let withQuotes = 0;
    for (let t = 0; t < 150; t++) {
      const { text, delim } = generate(r);
      if (text.includes('"')) withQuotes++;
      const name = `g${t}.${r() < 0.2 ? 'tsv' : 'csv'}`;
      const utf16 = r() < 0.1;
      writeFileSync(join(dir, name), utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8'));
      const spec: TableSpec = { path: join(dir, name), displayPath: name, encoding: 'auto', delimiter: r() < 0.2 ? delim : 'auto' };
      for (const chunk of [1, 2, 3, 5, 11, 64 * 1024]) {
        const want = await read(spec, chunk, false);
        const got = await read(spec, chunk, true);
        expect(got, `${name} chunk ${chunk}: ${JSON.stringify(text)}`).toEqual(want);
      }
    }
    expect(withQuotes).toBeGreaterThan(30);
  });

  it('counts lines across a switch between the paths', async () => {
    // Chunk 1 is quote-free, the quoted record spans chunks 2-3, the rest is quote-free again.
    const rows = ['h1,h2'];
    for (let i = 0; i < 20; i++) rows.push(`a${i},b${i}`);
    rows.push('"x\ny","z"');
    for (let i = 0; i < 20; i++) rows.push(`c${i},d${i}`);
    const text = rows.join('\r\n') + '\r\n';
    writeFileSync(join(dir, 'switch.csv'), text);
    const spec: TableSpec = { path: join(dir, 'switch.csv'), displayPath: 'switch.csv', encoding: 'auto', delimiter: 'auto' };
    for (let chunk = 1; chunk <= text.length; chunk += 7) {
      const got = await read(spec, chunk, true);
      expect(got).toEqual(await read(spec, chunk, false));
      if (!('rows' in got) || !got.rows) throw new Error('unexpected error');
      expect(got.rows[20]).toEqual(['x\ny', 'z']);
      expect(got.nums[20]).toBe(22);
      expect(got.nums[21]).toBe(24);
      expect(got.nums.at(-1)).toBe(43);
    }
  });
});

/**
 * Streaming reader for delimited text exports (.csv/.tsv/.txt): detects the encoding, decodes
 * with a streaming TextDecoder (so multi-byte characters split across chunks survive), detects
 * the delimiter from the header line, and feeds *strings* to papaparse's low-level Parser chunk by
 * chunk. Row numbers are counted here (papaparse's are unreliable in chunk mode): a record starts
 * on the file line after all previous records' lines, including line breaks inside quoted fields.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { plainSplittable, splitPlain } from './csv-split.js';
import type { Encoding } from '../plan/types.js';
import {
  checkHeader, openedFromEvents, tableError, type OpenedTable, type RowBatch, type TableInfo, type TableSpec,
} from './table-source.js';

/** Bytes sampled from the start of the file to detect the encoding. */
const SNIFF_BYTES = 256 * 1024;
const CHUNK_BYTES = 128 * 1024;

/**
 * Reader settings that tests change (never production code): the bytes read at a time, and
 * whether quote-free text takes the `splitPlain` fast path instead of papaparse.
 */
export const textReaderTuning = { chunkBytes: CHUNK_BYTES, plainSplit: true };
/** A longer field is refused (field_too_large): real exports never need one; an unclosed quote does. */
const DEFAULT_MAX_FIELD = 256 * 1024;

/** TextDecoder label of a detected or configured encoding. */
export type TextEncodingLabel = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/**
 * Detects the text encoding of a file from its first bytes: a BOM (UTF-8, UTF-16LE/BE) wins;
 * otherwise UTF-16 without BOM by its NUL-byte pattern; otherwise UTF-8 if the bytes decode as
 * strict UTF-8, else GB18030 (a superset of GBK/GB2312, the usual Chinese Excel/WPS export).
 * `complete` says the sample is the whole file (so a truncated trailing sequence is an error).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): TextEncodingLabel {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const n = Math.min(sample.length, 2048) & ~1;
  if (n >= 4) {
    let evenZero = 0, oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (sample[i] === 0) evenZero++;
      if (sample[i + 1] === 0) oddZero++;
    }
    const pairs = n / 2;
    if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
    if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function labelOf(enc: Encoding | undefined): TextEncodingLabel | null {
  switch (enc) {
    case 'utf8': return 'utf-8';
    case 'gb18030': return 'gb18030';
    case 'utf16le': return 'utf-16le';
    case 'utf16be': return 'utf-16be';
    default: return null;
  }
}

const CANDIDATES = [',', '\t', ';', '|'];

/**
 * Picks the delimiter of a header line: the most frequent of `,` tab `;` `|` outside quotes
 * (ties in that order; none → `,`). papaparse's guesser is not used: it misfires on
 * thousands separators in data rows.
 */
export function detectDelimiter(headerLine: string): string {
  const counts = [0, 0, 0, 0];
  let inQuote = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote) {
      const k = CANDIDATES.indexOf(c);
      if (k >= 0) counts[k]++;
    }
  }
  let best = 0;
  for (let k = 1; k < 4; k++) if (counts[k] > counts[best]) best = k;
  return counts[best] === 0 ? ',' : CANDIDATES[best];
}

/** Line break style of the text: the first break outside quotes. */
export function detectNewline(text: string): '\n' | '\r\n' | '\r' {
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && (c === '\n' || c === '\r')) {
      if (c === '\n') return '\n';
      return text[i + 1] === '\n' ? '\r\n' : text[i + 1] === undefined ? '\r\n' : '\r';
    }
  }
  return '\n';
}

/** Number of line breaks inside a field (\r\n, \n or a lone \r each count once). */
function breaksIn(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i !== -1) { n++; i = s.indexOf('\n', i + 1); }
  i = s.indexOf('\r');
  while (i !== -1) { if (s[i + 1] !== '\n') n++; i = s.indexOf('\r', i + 1); }
  return n;
}

function firstLine(text: string): string {
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && (c === '\n' || c === '\r')) {
      if (text.slice(0, i).trim() !== '') return text.slice(0, i);
    }
  }
  return text;
}

function isBlankRow(row: string[]): boolean {
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c.length !== 0 && (c.charCodeAt(0) > 32 || c.trim() !== '')) return false;
  }
  return true;
}

/** Opens a delimited text file; see `openTable`. */
export async function openText(spec: TableSpec): Promise<OpenedTable> {
  const maxField = spec.maxFieldChars ?? DEFAULT_MAX_FIELD;
  const fh = await open(spec.path, 'r');
  let sample: Uint8Array;
  let complete: boolean;
  let fileBytes = 0;
  try {
    fileBytes = (await fh.stat()).size;
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    sample = buf.subarray(0, bytesRead);
    complete = bytesRead < SNIFF_BYTES;
  } finally {
    await fh.close();
  }
  const encoding = labelOf(spec.encoding) ?? detectEncoding(sample, complete);
  const info: TableInfo = { kind: 'text', header: [], headerRow: 1, encoding };
  const isTsv = extname(spec.path).toLowerCase() === '.tsv';

  async function* events(): AsyncGenerator<RowBatch | string[]> {
    const hash = createHash('sha256');
    const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    let parser: Papa.Parser | null = null;
    let delimiter = ',';
    let newline: '\n' | '\r\n' | '\r' = '\n';
    let fast = false; // quote-free text may skip papaparse (see csv-split.ts)
    let pending = ''; // text before the delimiter is known
    let partial = ''; // unparsed tail (an incomplete record)
    let line = 1; // file line where the next record starts
    let header: string[] | null = null;

    const consume = (rows: string[][], hasQuote: boolean, checkFields: boolean): RowBatch => {
      const out: RowBatch = { rows: [], rowNumbers: [] };
      for (const row of rows) {
        const start = line;
        let lines = 1;
        if (hasQuote) for (let k = 0; k < row.length; k++) lines += breaksIn(row[k]);
        line += lines;
        if (checkFields) {
          for (let k = 0; k < row.length; k++) {
            if (row[k].length > maxField) {
              throw tableError(spec, 'field_too_large',
                `a field longer than ${maxField} characters (${row[k].length}); is a quote left unclosed?`, { row: start });
            }
          }
        }
        if (isBlankRow(row)) continue;
        if (header === null) {
          if (row.length > 0) row[0] = row[0].replace(/^\uFEFF/, '');
          header = row.map((h) => h.trim());
          checkHeader(spec, header, start);
          info.header = header;
          info.headerRow = start;
          continue;
        }
        out.rows.push(row);
        out.rowNumbers.push(start);
      }
      return out;
    };

    const feed = function* (text: string, last: boolean): Generator<RowBatch | string[]> {
      if (parser === null) {
        pending += text;
        const nl = pending.search(/[\r\n]/);
        if (!last && (nl === -1 || nl === pending.length - 1)) return; // need the whole header line
        const head = firstLine(pending);
        let delim = spec.delimiter && spec.delimiter !== 'auto' ? spec.delimiter : null;
        if (delim === null) {
          const guessed = detectDelimiter(head);
          const wantTab = isTsv || encoding.startsWith('utf-16');
          delim = wantTab && (head.includes('\t') || guessed === ',' && !head.includes(',')) ? '\t' : guessed;
        }
        info.delimiter = delim;
        delimiter = delim;
        newline = detectNewline(pending);
        fast = textReaderTuning.plainSplit && plainSplittable(delim);
        parser = new Papa.Parser({ delimiter: delim, newline, quoteChar: '"' });
        text = pending;
        pending = '';
      }
      const input = partial + text;
      if (input === '') return;
      // The parser keeps no state between calls: the carried `partial` and `line` are all of it, so
      // each chunk may take either path.
      const hasQuote = input.indexOf('"') !== -1;
      let rows: string[][];
      let cursor: number;
      if (fast && !hasQuote) {
        const res = splitPlain(input, delimiter, newline, last, header === null ? 0 : header.length);
        rows = res.rows;
        cursor = last ? input.length : res.cursor;
      } else {
        const res = parser.parse(input, 0, !last);
        rows = res.data as string[][];
        cursor = last ? input.length : res.meta.cursor;
      }
      partial = input.substring(cursor);
      if (partial.length > maxField) {
        throw tableError(spec, 'field_too_large',
          `a record longer than ${maxField} characters starting here; is a quote left unclosed?`, { row: line });
      }
      const hadHeader = header !== null;
      const batch = consume(rows, hasQuote, input.length > maxField);
      if (!hadHeader && header !== null) {
        if (batch.rows.length > 0 && cursor > 0) {
          // Characters ≈ bytes for the sizing purpose; the header line is a small error.
          info.estimatedRows = Math.ceil(fileBytes / (cursor / (batch.rows.length + 1)));
        }
        yield header;
      }
      if (batch.rows.length) yield batch;
    };

    const stream = createReadStream(spec.path, { highWaterMark: textReaderTuning.chunkBytes });
    let newlinesBefore = 0; // LF bytes in the chunks already decoded: the line of a bad byte
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          const at = firstInvalidUtf8(chunk);
          const badLine = newlinesBefore + countLf(chunk, at) + 1;
          throw tableError(spec, 'file_unreadable',
            `${spec.displayPath} is not valid ${encoding} text at line ${badLine} (byte 0x${chunk[at]?.toString(16).padStart(2, '0') ?? '??'}); set \`encoding:\` (utf8 | gb18030 | utf16le) in the plan`,
            { row: badLine });
        }
        newlinesBefore += countLf(chunk, chunk.length);
        yield* feed(text, false);
      }
      let tail: string;
      try {
        tail = decoder.decode();
      } catch {
        throw tableError(spec, 'file_unreadable', `${spec.displayPath} ends inside a ${encoding} character`, { row: line });
      }
      yield* feed(tail, true);
    } finally {
      stream.destroy();
    }
    info.sha256 = hash.digest('hex');
    if (header === null) yield [];
  }

  return openedFromEvents(spec, info, events(), () => ({ message: `${spec.displayPath} has no header row (only blank lines)` }));
}


/** Number of LF bytes in buf[0..end). */
function countLf(buf: Buffer, end: number): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Offset of the first byte that cannot start or continue a UTF-8 sequence (0 when a sequence
 * begun in the previous chunk is what failed: the line is then still right to within one).
 */
export function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const need = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 && b >= 0xc2 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    if (i + need >= buf.length) return buf.length; // cut at the chunk's end: decided by the next chunk
    for (let k = 1; k <= need; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}

/**
 * Streaming reader for delimited text exports (.csv/.tsv/.txt): detects the encoding, decodes
 * with a streaming TextDecoder (so multi-byte characters split across chunks survive), detects
 * the delimiter from the header line, and feeds *strings* to papaparse's low-level Parser chunk by
 * chunk. Row numbers are counted here (papaparse's are unreliable in chunk mode): a record starts
 * on the file line after all previous records' lines, including line breaks inside quoted fields.
 *
 * A caller may also attach a byte lane (`OpenedTable.byteRows`): all-ASCII chunks are then split
 * into lines and fields from the bytes and plain records go to the caller's sink undecoded; any
 * other record is decoded and parsed here as before, in file order (see `laneChunk`).
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { extname } from 'node:path';
import Papa from 'papaparse';
import { plainSplittable, splitPlain } from './csv-split.js';
import { latin1 } from '../latin1.js';
import type { Encoding } from '../plan/types.js';
import {
  openedFromEvents, tableError, type ByteRowSink, type OpenedTable, type RowBatch, type TableInfo,
  type TableSpec,
} from './table-source.js';

/** Bytes sampled from the start of the file to detect the encoding. */
const SNIFF_BYTES = 256 * 1024;
const CHUNK_BYTES = 128 * 1024;
/** Chunks read between two turns of the event loop (see the read loop). */
const YIELD_EVERY = 16;

/**
 * Reader settings that tests change (never production code): the bytes read at a time, whether
 * quote-free text takes the `splitPlain` fast path instead of papaparse, and whether a caller's
 * byte lane (`OpenedTable.byteRows`) is accepted.
 */
export const textReaderTuning = { chunkBytes: CHUNK_BYTES, plainSplit: true, byteLane: true };
/** Records taken by byte lanes so far (read by tests, to see that a lane ran). */
export const textReaderCounters = { laneRows: 0 };
/** Records of one chunk the byte lane may hand back before the rest of the chunk is decoded whole. */
const LANE_FALLBACKS_PER_CHUNK = 64;
/** Chunks in a row that hit that limit before the lane is given up for the file. */
const LANE_BAD_CHUNKS = 3;
const EMPTY = Buffer.alloc(0);
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

/** Offset where physical line `n` (1-based; CRLF, LF or CR end a line) starts in text, or -1. */
function lineOffset(text: string, n: number): number {
  let line = 1;
  for (let i = 0; line < n; i++) {
    if (i >= text.length) return -1;
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
    if (line === n) return i + 1;
  }
  return 0;
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
  const headerRow = spec.headerRow ?? 1;
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
  let encoding = labelOf(spec.encoding) ?? detectEncoding(sample, complete);
  // Detected as UTF-8 only because the sampled start is plain ASCII (English headers, Chinese names
  // further down): the first non-ASCII text decides. Every byte before it was ASCII, which UTF-8
  // and GB18030 read alike, so switching to GB18030 there, mid-stream, loses nothing.
  let provisional = labelOf(spec.encoding) === null && encoding === 'utf-8' && !complete && isAscii(sample);
  const info: TableInfo = { kind: 'text', header: [], headerRow: 1, encoding };
  const isTsv = extname(spec.path).toLowerCase() === '.tsv';
  /** The caller's byte lane, once attached (see `OpenedTable.byteRows` and `laneChunk`). */
  let lane: ByteRowSink | null = null;
  let newline: '\n' | '\r\n' | '\r' = '\n';

  async function* events(): AsyncGenerator<RowBatch | string[]> {
    const hash = createHash('sha256');
    let decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    /** While `provisional`: the non-ASCII bytes the UTF-8 decoder holds from the end of the last chunk. */
    let pendingTail: Buffer = EMPTY;
    /**
     * The provisional UTF-8 was wrong: GB18030 from here, starting with the held bytes and `chunk`.
     * Strictly: bytes that are neither UTF-8 nor GB18030 (a damaged file) stay an error.
     */
    const switchToGb18030 = (chunk: Buffer): { text: string } => {
      encoding = 'gb18030';
      info.encoding = 'gb18030';
      provisional = false;
      const strict = new TextDecoder('gb18030', { fatal: true });
      const bytes = pendingTail.length ? Buffer.concat([pendingTail, chunk]) : chunk;
      pendingTail = EMPTY;
      try {
        const text = strict.decode(bytes, { stream: true });
        // Strict from here on too (it carries what it holds into the next chunk).
        decoder = strict;
        return { text };
      } catch {
        const badLine = newlinesBefore + 1 + countLf(bytes, firstInvalidUtf8(bytes));
        throw tableError(spec, 'file_unreadable',
          `${spec.displayPath} is neither valid UTF-8 nor GB18030 text from line ${badLine}; check the file, or set \`encoding:\` in the plan`,
          { row: badLine });
      }
    };
    let parser: Papa.Parser | null = null;
    let delimiter = ',';
    let fast = false; // quote-free text may skip papaparse (see csv-split.ts)
    let pending = ''; // text before the delimiter is known
    let partial = ''; // unparsed tail (an incomplete record)
    let line = 1; // file line where the next record starts
    let header: string[] | null = null;
    let newlinesBefore = 0; // LF bytes in the chunks already read: the line of a bad byte
    let carriedLfs = 0; // LFs in a carry made from `partial` (see laneTakes)
    // Byte lane: while it runs, the incomplete last line is kept here as bytes instead of in
    // `partial` (one of the two is empty). The decoder may hold part of a character after a
    // chunk with bytes ≥ 0x80; the lane then waits for an ASCII chunk that the decoder has seen.
    let carry: Buffer = EMPTY;
    let decoderDirty = false;
    let badChunks = 0;
    let fieldAt = new Int32Array(0);

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
          if (start < headerRow) continue; // a title or notes above the headers (header_row)
          if (row.length > 0) row[0] = row[0].replace(/^\uFEFF/, '');
          header = row.map((h) => h.trim());
          info.header = header;
          info.headerRow = start;
          continue;
        }
        out.rows.push(row);
        out.rowNumbers.push(start);
      }
      return out;
    };

    /**
     * Parses decoded text once the delimiter is known. `quoted` overrides whether the text counts
     * as holding a `"` (which picks the parser and how line breaks inside fields are counted): the
     * byte lane passes single lines of a chunk with the answer for the whole chunk, as this
     * function would have seen it had the chunk been fed whole.
     */
    const parse = function* (text: string, last: boolean, quoted?: boolean): Generator<RowBatch | string[]> {
      const input = partial + text;
      if (input === '') return;
      // The parser keeps no state between calls: the carried `partial` and `line` are all of it, so
      // each chunk may take either path.
      const hasQuote = quoted ?? input.indexOf('"') !== -1;
      let rows: string[][];
      let cursor: number;
      if (fast && !hasQuote) {
        const res = splitPlain(input, delimiter, newline, last, header === null ? 0 : header.length);
        rows = res.rows;
        cursor = last ? input.length : res.cursor;
      } else {
        const res = parser!.parse(input, 0, !last);
        rows = res.data as string[][];
        cursor = last ? input.length : res.meta.cursor;
        // Before the last chunk, an error on the record papaparse held back (index rows.length) may
        // be the cut's doing — a closing quote whose CRLF was split reads as followed by text — so
        // it waits for that record to be parsed whole.
        const errors = last ? res.errors : res.errors.filter((e: Papa.ParseError) => (e.row ?? rows.length) < rows.length);
        if (errors.length > 0) quoteError(errors, rows);
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

    /**
     * A quote papaparse could not close (MissingQuotes: the field runs to the end of the file) or
     * that closes with more text before the delimiter (InvalidQuotes: papaparse then reads on to
     * the next quote, across line ends). Either way the records from there on are not what the
     * file says — they would be swallowed into one value silently — so reading stops at the line
     * where that record starts (the earliest such record; papaparse reports no other kind of error
     * with a fixed delimiter and newline).
     */
    const quoteError = (errors: Papa.ParseError[], rows: string[][]): never => {
      const rowOf = (e: Papa.ParseError) => e.row ?? rows.length;
      const e = errors.reduce((a, b) => (rowOf(b) < rowOf(a) || rowOf(b) === rowOf(a) && b.code === 'MissingQuotes' ? b : a));
      const at = rowOf(e);
      consume(rows.slice(0, at), true, false); // counts the lines of the records before it
      const bad: string[] | undefined = rows[at];
      const last = bad?.[bad.length - 1] ?? '';
      const end = line + (bad ? bad.reduce((n: number, v: string) => n + breaksIn(v), 0) : 0) - (/[\r\n]$/.test(last) ? 1 : 0);
      const lines = end > line ? `lines ${line}–${end}` : `line ${line}`; // MissingQuotes comes with its row
      throw tableError(spec, 'bad_quote', e.code === 'MissingQuotes'
        ? `a quote (") opened in this record is never closed, so ${lines} would be read as one value; ` +
          'close it, or double a quote that is part of the text ("")'
        : `the quotes in this record do not pair up (a quoted value has more text after its closing quote, as in "Big" Corp), so the records from line ${line} on would run together; ` +
          'quote whole values and double the quotes inside them ("""Big"" Corp")',
      { row: line });
    };

    const feed = function* (text: string, last: boolean): Generator<RowBatch | string[]> {
      if (parser === null) {
        pending += text;
        // No header line within maxField characters: not a table (a 200 MB single line would
        // otherwise be re-scanned chunk after chunk, in gigabytes of memory).
        if (!last && pending.length > maxField) {
          throw tableError(spec, 'field_too_large',
            `no line end in the first ${maxField} characters${headerRow > 1 ? ` (looking for the headers on line ${headerRow})` : ''}: is this a CSV export?`, { row: 1 });
        }
        const from = lineOffset(pending, headerRow);
        if (!last && from === -1) return; // need the lines above the header
        const rest = from === -1 ? '' : pending.slice(from);
        const nl = rest.search(/[\r\n]/);
        if (!last && (nl === -1 || nl === rest.length - 1)) return; // need the whole header line
        const head = firstLine(rest);
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
      yield* parse(text, last);
    };

    /**
     * Whether the byte lane takes this chunk: only an all-ASCII chunk the decoder need not see (so
     * the bytes are their text in UTF-8 and GB18030 alike), after the header, while the carried
     * incomplete line is quote-free ASCII, and only when carry + chunk fit in `maxField`: then
     * feeding the chunk as text could not throw field_too_large, so no row handled here would have
     * been dropped by an error in the same chunk.
     */
    const laneTakes = (chunk: Buffer): boolean => {
      if (header === null || parser === null || decoderDirty) return false;
      if (carry.length + partial.length + chunk.length > maxField || !isAscii(chunk)) return false;
      if (partial !== '') {
        for (let i = 0; i < partial.length; i++) {
          const c = partial.charCodeAt(i);
          if (c >= 0x80 || c === 34) return false;
        }
        carry = Buffer.from(partial, 'latin1');
        // Line breaks inside the carried text (a bare LF in a CRLF file) were counted with their chunk.
        carriedLfs = countLf(carry, carry.length);
        partial = '';
      }
      return true;
    };

    /**
     * The byte lane over one chunk (see `laneTakes`): each complete line that is plain — no `"`, no
     * CR but a CRLF's, not blank, exactly the header's number of fields — goes to the sink with
     * its field offsets; any other line (or one the sink declines) is decoded and parsed as text,
     * line by line until the parser holds no incomplete record, and yielded before the lane goes
     * on. Line numbers, the text the parser sees and the quote flag it counts breaks with are those
     * of the whole-chunk text path, so rows, row numbers and errors come out the same.
     */
    const laneChunk = function* (chunk: Buffer): Generator<RowBatch | string[]> {
      const sink = lane!;
      const input = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      carry = EMPTY;
      const end = input.length;
      const quoted = input.indexOf(34) !== -1;
      const width = header!.length;
      if (fieldAt.length !== width + 1) fieldAt = new Int32Array(width + 1);
      const f = fieldAt;
      const d = delimiter.charCodeAt(0);
      const crlf = newline === '\r\n';
      let pos = 0, lfs = -carriedLfs, fallbacks = 0, taken = 0;
      carriedLfs = 0;
      const scan = laneScan;
      while (pos < end) {
        // The plain lines from pos on go to the sink (a plain function, so it is optimised
        // early: a generator's loop would wait for whole calls to be).
        runLane(sink, input, pos, end, d, width, crlf, f, line, scan);
        line += scan.taken; lfs += scan.taken; taken += scan.taken;
        pos = scan.pos;
        const i = scan.lf;
        if (i < 0) { if (pos < end) carry = Buffer.from(input.subarray(pos)); break; } // an incomplete line
        if (++fallbacks > LANE_FALLBACKS_PER_CHUNK) {
          // Mostly not plain: the rest of the chunk as one text, as without the lane.
          lfs += countLfFrom(input, pos);
          yield* parse(latin1(input, pos, end), false, quoted);
          break;
        }
        lfs++;
        yield* parse(latin1(input, pos, i + 1), false, quoted);
        pos = i + 1;
        while (partial !== '' && pos < end) {
          if (partial.indexOf('"') !== -1) {
            // An open quote: the rest of the chunk as one text (line by line, the parser would
            // re-read the growing record each time), exactly what the text path does with it.
            lfs += countLfFrom(input, pos);
            yield* parse(latin1(input, pos, end), false, quoted);
            pos = end;
            break;
          }
          const lf = input.indexOf(10, pos);
          const stop = lf === -1 ? end : lf + 1;
          if (lf !== -1) lfs++;
          yield* parse(latin1(input, pos, stop), false, quoted);
          pos = stop;
        }
      }
      newlinesBefore += lfs;
      textReaderCounters.laneRows += taken;
      if (fallbacks <= LANE_FALLBACKS_PER_CHUNK) badChunks = 0;
      else if (++badChunks >= LANE_BAD_CHUNKS) lane = null;
      sink.chunkDone();
    };

    // One buffer, read into again and again: nothing keeps a chunk (the hash, the decoder and the
    // lane copy what they keep), and a fresh 128 KB buffer per read costs more than the read.
    // Reads are synchronous: an awaited read per chunk is a thread-pool round trip (~50 ms of
    // waiting over a 53 MB file, docs/bench.md). Every YIELD_EVERY chunks the loop lets the event
    // loop run once, so timers (the progress bar) still fire during a long file.
    const fd = await open(spec.path, 'r');
    const readBuf = Buffer.allocUnsafe(Math.max(1, textReaderTuning.chunkBytes));
    let reads = 0;
    try {
      for (;;) {
        if (++reads % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const bytesRead = readSync(fd.fd, readBuf, 0, readBuf.length, null);
        if (bytesRead === 0) break;
        const chunk = bytesRead === readBuf.length ? readBuf : readBuf.subarray(0, bytesRead);
        hash.update(chunk);
        if (lane !== null && laneTakes(chunk)) {
          yield* laneChunk(chunk);
          continue;
        }
        if (carry.length !== 0) { partial = latin1(carry, 0, carry.length); carry = EMPTY; }
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
          if (provisional && !isAscii(chunk)) {
            if (/[^\x00-\x7f]/.test(text)) { provisional = false; pendingTail = EMPTY; } // real UTF-8 text
            else { // the chunk ends inside a character: keep its bytes in case they are GB18030
              let k = chunk.length;
              while (k > 0 && chunk.length - k < 3 && chunk[k - 1] >= 0x80) k--;
              pendingTail = Buffer.from(chunk.subarray(k));
            }
          }
        } catch {
          if (!provisional) {
            const at = firstInvalidUtf8(chunk);
            const badLine = newlinesBefore + countLf(chunk, at) + 1;
            throw tableError(spec, 'file_unreadable',
              `${spec.displayPath} is not valid ${encoding} text at line ${badLine} (byte 0x${chunk[at]?.toString(16).padStart(2, '0') ?? '??'}); set \`encoding:\` (utf8 | gb18030 | utf16le) in the plan`,
              { row: badLine });
          }
          ({ text } = switchToGb18030(chunk));
        }
        // UTF-8 ending in an ASCII byte leaves nothing pending; in GB18030 an ASCII byte can be a trail byte.
        decoderDirty = encoding === 'utf-8' ? chunk.length > 0 && chunk[chunk.length - 1] >= 0x80 : !isAscii(chunk);
        newlinesBefore += countLf(chunk, chunk.length);
        yield* feed(text, false);
      }
      if (carry.length !== 0) { partial = latin1(carry, 0, carry.length); carry = EMPTY; }
      let tail: string;
      try {
        tail = decoder.decode();
      } catch {
        // The file ends inside a UTF-8 character: unless it was GB18030 all along.
        const ends = () => tableError(spec, 'file_unreadable', `${spec.displayPath} ends inside a ${encoding} character`, { row: line });
        if (!provisional || pendingTail.length === 0) throw ends();
        const held = switchToGb18030(EMPTY).text;
        try {
          tail = held + decoder.decode();
        } catch {
          throw ends();
        }
      }
      yield* feed(tail, true);
    } finally {
      await fd.close();
    }
    info.sha256 = hash.digest('hex');
    if (header === null) yield [];
  }

  const table = await openedFromEvents(spec, info, events(), () => ({
    message: headerRow > 1
      ? `${spec.displayPath} has no header row at or below line ${headerRow} (header_row: ${headerRow})`
      : `${spec.displayPath} has no header row (only blank lines)`,
  }));
  table.byteRows = (sink) => {
    const d = info.delimiter ?? '';
    if (!textReaderTuning.byteLane || (encoding !== 'utf-8' && encoding !== 'gb18030')) return false;
    if (d.length !== 1 || d.charCodeAt(0) >= 0x80 || !plainSplittable(d) || newline === '\r') return false;
    lane = sink;
    return true;
  };
  return table;
}

/** Where `runLane` stopped (one object, reused). */
interface LaneScan {
  /** Start of the first line not taken (or of the incomplete last line). */
  pos: number;
  /** Its LF, or -1 when the line is incomplete. */
  lf: number;
  /** Lines the sink took. */
  taken: number;
}
const laneScan: LaneScan = { pos: 0, lf: -1, taken: 0 };

/**
 * Offers the complete lines of input[pos, end) to the sink while they are plain and taken: no
 * `"`, no CR but a CRLF's terminator, not blank (a byte other than blanks, controls and the
 * delimiter), exactly `width` fields. `line` is the file line of the first; field starts go to `f`.
 */
function runLane(
  sink: ByteRowSink, input: Buffer, pos: number, end: number, d: number, width: number, crlf: boolean,
  f: Int32Array, line: number, out: LaneScan,
): void {
  let taken = 0;
  while (pos < end) {
    // k delimiters; `low` bytes ≤ 32 that are not the delimiter (blanks, controls, CR). Most
    // bytes are > 34 and take the first branch.
    let k = 0, low = 0, odd = false, cr = -1;
    let i = pos;
    f[0] = pos;
    for (; i < end; i++) {
      const c = input[i];
      if (c > 34 && c !== d) continue;
      if (c === d) { if (++k < width) f[k] = i + 1; }
      else if (c === 10) break;
      else if (c === 13) { if (cr >= 0) odd = true; cr = i; low++; }
      else if (c === 34) odd = true;
      else if (c < 33) low++;
    }
    if (i === end) { out.lf = -1; break; }
    const plain = !odd && i - pos - k - low > 0 && k === width - 1 && (crlf ? cr === i - 1 && cr >= pos : cr < 0);
    if (plain) f[width] = crlf ? i : i + 1;
    if (!plain || !sink.row(input, f, line + taken)) { out.lf = i; break; }
    taken++;
    pos = i + 1;
    out.lf = -1;
  }
  out.pos = pos;
  out.taken = taken;
}

/** Number of LF bytes in buf[from..). */
function countLfFrom(buf: Buffer, from: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
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

/**
 * The quote-free fast path of the text reader: splits decoded text that contains no `"` into
 * records and fields with `indexOf`, producing exactly what papaparse's Parser produces for such
 * text (its own quote-free path: `input.split(newline)`, then each line `.split(delimiter)`), but
 * without making a string per line first.
 */

/** Records split from one piece of text, and how far the split got. */
export interface PlainSplit {
  rows: string[][];
  /** Characters of the input consumed: the text from here on is an incomplete record. */
  cursor: number;
}

/**
 * Whether `splitPlain` reproduces papaparse for this delimiter: papaparse replaces a missing
 * or forbidden delimiter (CR, LF, `"`, BOM) by `,`, and splits on an empty one char by char.
 */
export function plainSplittable(delimiter: string): boolean {
  return delimiter.length > 0 && !/[\r\n"\uFEFF]/.test(delimiter);
}

/**
 * Splits `input` (which must contain no `"`) into records at `newline` (exactly that sequence:
 * with `\r\n`, a lone `\n` or `\r` stays inside a field) and fields at `delimiter`. With
 * `last` false the text after the last newline is left unconsumed (the caller carries it to the
 * next chunk); with `last` true it is the final record (an empty one when the text ends with a
 * newline, as papaparse returns it). `width` is the expected number of fields (0 = unknown): rows
 * are allocated at that size and trimmed or grown to the real count.
 */
export function splitPlain(input: string, delimiter: string, newline: string, last: boolean, width: number): PlainSplit {
  const rows: string[][] = [];
  if (input.length === 0) return { rows, cursor: 0 };
  const nlLen = newline.length;
  const dLen = delimiter.length;
  const end = input.length;
  let pos = 0;
  let d = input.indexOf(delimiter, 0);
  for (;;) {
    let e = input.indexOf(newline, pos);
    if (e === -1) {
      if (!last) break;
      e = end;
    }
    const row: string[] = width > 0 ? new Array<string>(width) : [];
    let k = 0;
    let p = pos;
    while (d !== -1 && d < e) {
      if (k < width) row[k] = input.substring(p, d); else row.push(input.substring(p, d));
      k++;
      p = d + dLen;
      d = input.indexOf(delimiter, p);
    }
    if (k < width) {
      row[k++] = input.substring(p, e);
      if (k < width) row.length = k;
    } else {
      row.push(input.substring(p, e));
    }
    rows.push(row);
    if (e === end) { pos = end; break; }
    pos = e + nlLen;
    if (d !== -1 && d < pos) d = input.indexOf(delimiter, pos); // a delimiter overlapping the newline
  }
  return { rows, cursor: pos };
}

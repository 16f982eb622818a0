/**
 * Small per-source memos for the complaint and survey handlers: answers for repeated cell texts
 * (`TextMemo`) and the first row of each record id (`FirstRows`). Both only save work: what
 * they return is what the general code would compute.
 */
import { PackedInterner } from '../model/ids.js';

/**
 * A pure function of a cell's text, remembered per distinct text. Status and yes/no columns
 * repeat a handful of words (`resolved`, `no`): a Map lookup replaces trimming, lower-casing and
 * word-set lookups on every row. At most `limit` texts are kept (a column of free text just
 * computes). `compute` must be pure and must not return undefined.
 */
export class TextMemo<T> {
  private readonly known = new Map<string, T>();

  constructor(private readonly compute: (text: string) => T, private readonly limit = 1024) {}

  get(text: string): T {
    let v = this.known.get(text);
    if (v === undefined) {
      v = this.compute(text);
      if (this.known.size < this.limit) this.known.set(text, v);
    }
    return v;
  }
}

/**
 * The first row of each id of an export (complaint_id, response_id), to report duplicates. The
 * ids go to a PackedInterner: `<prefix><number>` ids (`K1`, `R20931`) land in its number lanes
 * (no hashing), and no string is kept alive per id.
 */
export class FirstRows {
  private readonly ids = new PackedInterner();
  private rows = new Int32Array(1024);
  private fileOf = new Uint16Array(1024);
  /** The file (index) the next claims are in, for a source of several files. */
  file = 0;
  /** After a claim that found an earlier row: the file that row is in. */
  earlierFile = 0;

  /**
   * Records `row` (≥ 1) as the first row of `id` and returns 0, or, when `id` was seen
   * before, returns its first row (and records nothing).
   */
  claim(id: string, row: number): number {
    return this.record(this.ids.size, this.ids.intern(id), row);
  }

  /**
   * `claim` of the id spelled by the ASCII bytes buf[from, to) (a byte lane's row): the interner
   * finds the same index for the bytes as for their string, so both ways share one record.
   */
  claimBytes(buf: Uint8Array, from: number, to: number, row: number): number {
    return this.record(this.ids.size, this.ids.internBytes(buf, from, to), row);
  }

  /** Index k of an id (new when k ≥ seen, the size before interning it): see `claim`. */
  private record(seen: number, k: number, row: number): number {
    if (k < seen) { this.earlierFile = this.fileOf[k]; return this.rows[k]; }
    if (k === this.rows.length) {
      const grown = new Int32Array(k * 2);
      grown.set(this.rows);
      this.rows = grown;
      const files = new Uint16Array(k * 2);
      files.set(this.fileOf);
      this.fileOf = files;
    }
    this.rows[k] = row;
    this.fileOf[k] = this.file;
    return 0;
  }
}

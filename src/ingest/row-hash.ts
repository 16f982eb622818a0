/**
 * 64-bit row fingerprints (two independent 32-bit hashes) and an open-addressing set of them,
 * so duplicate order lines are found without keeping a million row strings. Two different rows
 * collide with probability ~n²/2⁶⁵ (≈3·10⁻⁸ for a million rows).
 */
import type { Cell } from '../io/table-source.js';
import { cellText } from './values.js';

/** Hashes the cells of a row (skipping column indexes in `skip`) into out[0], out[1]. */
export function hashRow(row: readonly Cell[], out: Uint32Array, skip?: ReadonlySet<number>): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let k = 0; k < row.length; k++) {
    if (skip && skip.has(k)) continue;
    const c = row[k];
    const s = typeof c === 'string' ? c : c === null ? '' : cellText(c) + (typeof c === 'number' ? '#n' : '');
    const n = s.length;
    // Two UTF-16 code units per step (a lone last one as itself); the cell separator carries the
    // length, so "a" and "a\0" stay apart.
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    if (i < n) {
      const w = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    const sep = 0x1f | (n << 5);
    h1 = Math.imul(h1 ^ sep, 0x01000193);
    h2 = Math.imul(h2 ^ sep, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  finish(h1, h2, out);
}

/**
 * `hashRow` of a record read straight from ASCII bytes (the sales byte lane): cell k is
 * buf[f[k], f[k+1] - 1) for k < width. Equal to `hashRow` of the same cells as strings (one byte per
 * code unit), so duplicates are found across rows read either way.
 */
export function hashByteRow(buf: Uint8Array, f: Int32Array, width: number, out: Uint32Array): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x9747b28c | 0;
  for (let k = 0; k < width; k++) {
    const from = f[k], end = f[k + 1] - 1;
    let i = from;
    for (; i + 1 < end; i += 2) {
      const w = buf[i] | (buf[i + 1] << 16);
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    if (i < end) {
      const w = buf[i];
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 ^ w, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    const sep = 0x1f | ((end - from) << 5);
    h1 = Math.imul(h1 ^ sep, 0x01000193);
    h2 = Math.imul(h2 ^ sep, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  finish(h1, h2, out);
}

/**
 * A growable set of 64-bit fingerprints, each remembering a positive value (the first row number).
 * Slots are interleaved [h1, h2, value] in one array for cache locality; value 0 marks a free slot.
 */
export class FingerprintSet {
  private t: Uint32Array;
  private cap: number;
  private count = 0;

  constructor(capacity = 1 << 12) {
    this.cap = capacity;
    this.t = new Uint32Array(capacity * 3);
  }

  get size(): number {
    return this.count;
  }

  /** Adds (h1, h2) with `value` (> 0) unless present; returns the stored value of an existing entry, or -1. */
  addOrGet(h1: number, h2: number, value: number): number {
    if ((this.count + 1) * 2 > this.cap) this.grow();
    const t = this.t;
    const mask = this.cap - 1;
    let i = ((h1 ^ Math.imul(h2, 0x9e3779b1)) >>> 0) & mask;
    for (;;) {
      const k = i * 3;
      const v = t[k + 2];
      if (v === 0) {
        t[k] = h1; t[k + 1] = h2; t[k + 2] = value; this.count++;
        return -1;
      }
      if (t[k] === h1 && t[k + 1] === h2) return v;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.t;
    this.cap *= 2;
    this.t = new Uint32Array(this.cap * 3);
    this.count = 0;
    for (let k = 0; k < old.length; k += 3) if (old[k + 2] !== 0) this.addOrGet(old[k], old[k + 1], old[k + 2]);
  }
}

/** The final mix of both row hashes into out[0], out[1] (shared by the string and byte versions). */
function finish(h1: number, h2: number, out: Uint32Array): void {
  h1 ^= h1 >>> 16; h1 = Math.imul(h1, 0x85ebca6b); h1 ^= h1 >>> 13;
  h2 ^= h2 >>> 16; h2 = Math.imul(h2, 0xc2b2ae35); h2 ^= h2 >>> 16;
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}

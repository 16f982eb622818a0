/**
 * Checks a file is a zip and how far it expands, *before* any unzipping: reads the end of central
 * directory record (ZIP64 aware) and sums the entries' declared uncompressed sizes.
 */
import { open } from 'node:fs/promises';

export interface ZipSummary {
  entries: number;
  /** Sum of declared uncompressed sizes, bytes. */
  uncompressed: number;
  /**
   * The entry that expands most, among those over 10 MiB expanded: real worksheets deflate about
   * 5–20:1, a zip bomb of repeated bytes 1000:1.
   */
  worst: { name: string; uncompressed: number; ratio: number } | null;
}

/** Entries smaller than this are never judged by their ratio. */
const RATIO_FLOOR = 10 * 1024 * 1024;

/** Returns null when the file is not a readable zip (no local header magic or no directory). */
export async function zipSummary(path: string, size: number): Promise<ZipSummary | null> {
  const fh = await open(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    await fh.read(magic, 0, 4, 0);
    if (magic.readUInt32LE(0) !== 0x04034b50) return null;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) return null;
    let entries = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) return null;
      const z64Off = Number(tail.readBigUInt64LE(loc + 8));
      const z = Buffer.alloc(56);
      await fh.read(z, 0, 56, z64Off);
      if (z.readUInt32LE(0) !== 0x06064b50) return null;
      entries = Number(z.readBigUInt64LE(32));
      cdSize = Number(z.readBigUInt64LE(40));
      cdOffset = Number(z.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > size || cdSize > 256 * 1024 * 1024) return null;
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    let p = 0;
    let total = 0;
    let count = 0;
    let worst: ZipSummary['worst'] = null;
    while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
      let csize = cd.readUInt32LE(p + 20);
      let usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      if (usize === 0xffffffff) {
        // ZIP64 extended information extra field: the uncompressed size comes first.
        let e = p + 46 + nameLen;
        const end = e + extraLen;
        while (e + 4 <= end) {
          const id = cd.readUInt16LE(e);
          const len = cd.readUInt16LE(e + 2);
          if (id === 0x0001 && len >= 8) {
            usize = Number(cd.readBigUInt64LE(e + 4));
            if (csize === 0xffffffff && len >= 16) csize = Number(cd.readBigUInt64LE(e + 12));
            break;
          }
          e += 4 + len;
        }
      }
      total += usize;
      count++;
      if (usize > RATIO_FLOOR) {
        const ratio = usize / Math.max(1, csize);
        if (!worst || ratio > worst.ratio) worst = { name: cd.toString('utf8', p + 46, p + 46 + nameLen), uncompressed: usize, ratio };
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (count === 0 && entries > 0) return null;
    return { entries: count, uncompressed: total, worst };
  } finally {
    await fh.close();
  }
}

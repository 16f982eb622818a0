/**
 * Atomic output files: the data goes to a temporary file in the target's own folder (same file
 * system, so the rename is atomic), is flushed to disk with fsync, and is then renamed over the
 * target. A reader never sees a half-written report; on any failure the temp file is removed and
 * the old target (if any) is left untouched.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` (text as UTF-8, or bytes) to `path` atomically (temp file + fsync + rename). */
export async function writeOutputAtomic(path: string, data: string | Buffer | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const fh = await open(tmp, 'wx', 0o666);
    created = true;
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    created = false;
    await syncDir(dir);
  } catch (err) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Best effort: flush the folder entry so the rename survives a crash (not possible everywhere). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try { await fh.sync(); } finally { await fh.close(); }
  } catch {
    // Some platforms (Windows) and file systems do not allow fsync on a folder.
  }
}

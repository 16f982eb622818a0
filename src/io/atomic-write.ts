/**
 * Atomic output files: the data goes to a temporary file in the target's own folder (same file
 * system, so the rename is atomic), is flushed to disk with fsync, and is then renamed over the
 * target. A reader never sees a half-written report; on any failure the temp file is removed and
 * the old target (if any) is left untouched.
 *
 * Several files of one run (a payout report and its statements) are written as one step: every
 * file goes to its temp file first, and only when all of them are written and flushed are they
 * renamed into place, in the order given. A failure before the renames (disk full, a target that
 * is a folder, a folder that cannot be created) leaves no target touched and no temp file behind.
 * So does Ctrl-C or a SIGTERM/SIGHUP while the files are written: the temp files (and folders made
 * for them, when nothing was renamed yet) are removed and kpi exits as the signal would (130, 143,
 * 129), saying which targets, if any, were already in place.
 */
import { rmdirSync, unlinkSync } from 'node:fs';
import { lstat, mkdir, open, rename, rmdir, unlink } from 'node:fs/promises';
import { constants } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface OutputFile {
  path: string;
  data: string | Buffer | Uint8Array;
}

/** A write that failed: which target, why, and which targets were already renamed into place. */
export class OutputWriteError extends Error {
  constructor(
    readonly target: string,
    override readonly cause: unknown,
    readonly renamed: readonly string[],
  ) {
    super(`could not write ${target}: ${describeCause(cause)}`);
  }
}

/** `EISDIR: illegal operation on a directory` — node's message without the syscall and paths. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message.replace(/, (open|rename|mkdir|write|fsync|close|lstat) .*$/s, '');
  return String(cause);
}

/** Writes `data` (text as UTF-8, or bytes) to `path` atomically (temp file + fsync + rename). */
export async function writeOutputAtomic(path: string, data: string | Buffer | Uint8Array): Promise<void> {
  try {
    await writeOutputsAtomic([{ path, data }]);
  } catch (e) {
    // Callers of the one-file form get the system error itself, as before.
    throw e instanceof OutputWriteError ? e.cause : e;
  }
}

/**
 * Writes every file as one step (see the module comment). `dirs` are folders to create first
 * (with their missing parents); the ones this call created are removed again when it fails
 * before any file was renamed into place. Put the file whose presence tells a reader the run
 * completed (the main report) last: it is renamed last. Throws OutputWriteError.
 */
export async function writeOutputsAtomic(files: readonly OutputFile[], opts: { dirs?: readonly string[] } = {}): Promise<void> {
  const createdDirs: string[] = [];
  const temps: string[] = [];
  const renamed: string[] = [];
  let current = files[0]?.path ?? '';
  const onSignal = (sig: NodeJS.Signals) => {
    for (const t of temps) if (t) try { unlinkSync(t); } catch { /* not created yet, or gone */ }
    if (renamed.length === 0) for (const d of createdDirs) try { rmdirSync(d); } catch { /* not empty, or gone */ }
    process.stderr.write(`kpi: ${sig} while writing outputs; ${renamed.length ? `already in place: ${renamed.join(', ')}; the rest was not written` : 'nothing was written'}\n`);
    process.exit(128 + (constants.signals[sig] ?? 0));
  };
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    for (const d of opts.dirs ?? []) {
      current = d;
      const first = await mkdir(d, { recursive: true });
      // mkdir reports the first folder it created: the folders from there down to d are ours.
      if (first !== undefined) {
        const chain: string[] = [];
        for (let p = resolve(d); ; p = dirname(p)) {
          chain.push(p);
          if (p === resolve(first) || dirname(p) === p) break;
        }
        createdDirs.push(...chain); // deepest first
      }
    }
    for (const f of files) {
      current = f.path;
      // A folder in the way would only fail at the rename, after other files were renamed.
      const st = await lstat(f.path).catch(() => null);
      if (st?.isDirectory()) throw Object.assign(new Error(`EISDIR: ${f.path} is a folder`), { code: 'EISDIR' });
      const tmp = tempName(f.path);
      temps.push(tmp); // known before it exists, so a signal can remove it
      await writeTemp(tmp, f.data);
    }
    for (let i = 0; i < files.length; i++) {
      current = files[i].path;
      await rename(temps[i], files[i].path);
      temps[i] = '';
      renamed.push(files[i].path);
    }
    for (const d of new Set(files.map((f) => dirname(f.path)))) await syncDir(d);
  } catch (err) {
    for (const t of temps) if (t) await unlink(t).catch(() => undefined);
    if (renamed.length === 0) for (const d of createdDirs) await rmdir(d).catch(() => undefined);
    throw new OutputWriteError(current, err, renamed);
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}

/** A temp file's name beside `path` (hidden, unique to this process and call). */
function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes and flushes the temp file `tmp`. Removed again on failure. */
async function writeTemp(tmp: string, data: string | Buffer | Uint8Array): Promise<void> {
  const fh = await open(tmp, 'wx', 0o666);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
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

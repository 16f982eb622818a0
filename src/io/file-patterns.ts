/**
 * File name patterns for sources split over several exports (`path: data/销售-2024-*.csv`):
 * `*` (any run of characters) and `?` (one character) in the file name only — never in folder
 * names, never `**`. Matches are sorted by name (code points), so monthly exports named by date
 * are read in date order, the same on every machine.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Whether the file name part of `p` holds a wildcard. */
export function isPattern(p: string): boolean {
  return /[*?]/.test(path.basename(p));
}

/** A whole-string RegExp for a wildcard pattern: `*` any run of characters, `?` one; nothing else special. */
export function wildcardRegex(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}


/** Whether file `p` (absolute) is matched by `pattern` (absolute, wildcards in the name only). */
export function matchesPattern(pattern: string, p: string): boolean {
  return path.dirname(pattern) === path.dirname(p) && wildcardRegex(path.basename(pattern)).test(path.basename(p));
}

/**
 * The files a pattern matches (absolute paths, sorted by name), or [] when none does or the folder
 * cannot be listed. Hidden files (`.x`) and Office lock files (`~$x.xlsx`) are never matched.
 */
export async function expandPattern(pattern: string): Promise<string[]> {
  const dir = path.dirname(pattern);
  const re = wildcardRegex(path.basename(pattern));
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n) && !n.startsWith('.') && !n.startsWith('~$'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((n) => path.join(dir, n));
}

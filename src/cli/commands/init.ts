import path from 'node:path';
import { cp, readdir, readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import { EXIT, KpiExit } from '../../diagnostics.js';
import { PACKAGE_ROOT, displayPath, nearestExisting } from '../pipeline.js';
import type { CommandContext } from './context.js';

const SAMPLE = path.join(PACKAGE_ROOT, 'fixtures', 'sample');
/** Files of the sample folder that are documentation for the repo, not for a user's copy. */
const SKIP = new Set(['expected-facts.json', 'README.md']);

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full, base)));
    else if (!SKIP.has(e.name)) out.push(path.relative(base, full));
  }
  return out.sort();
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** A path as one shell word, for the command lines kpi suggests (quoted when it needs to be). */
export function shellArg(s: string): string {
  return /^[\p{L}\p{N}_./~@%+=:,-]+$/u.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `kpi init [DIR]`: copies the sample plan and exports; never overwrites without --force.
 * With `--from FILE…`, drafts DIR/kpi.yaml from the user's own exports instead (init-from.ts).
 * DIR is created when missing, in both cases; a file there is refused.
 */
export async function runInit(ctx: CommandContext, dir: string, opts: { force?: boolean; from?: string[]; lang?: string }): Promise<void> {
  const near = nearestExisting(path.resolve(ctx.cwd, dir));
  if (!near.isDir) {
    throw new KpiExit(EXIT.usage, [{
      code: 'init_exists', severity: 'error', file: displayPath(near.path, ctx.cwd),
      message: 'is a file, not a folder: give the folder to write the plan into (it is created when missing)',
    }]);
  }
  if (opts.from?.length) {
    const { runInitFrom } = await import('./init-from.js');
    return runInitFrom(ctx, dir, opts.from, opts);
  }
  const target = path.resolve(ctx.cwd, dir);
  const files = await listFiles(SAMPLE);
  const clashes: string[] = [];
  for (const f of files) if (await exists(path.join(target, f))) clashes.push(f);
  if (clashes.length && !opts.force) {
    throw new KpiExit(EXIT.usage, [{
      code: 'init_exists', severity: 'error', file: displayPath(target, ctx.cwd),
      message: `would overwrite ${clashes.join(', ')}; use --force or choose an empty folder`,
    }]);
  }
  await mkdir(target, { recursive: true });
  for (const f of files) {
    await mkdir(path.dirname(path.join(target, f)), { recursive: true });
    await cp(path.join(SAMPLE, f), path.join(target, f), { force: true });
  }
  // --lang: the sample plan's output language (its comments are in both languages).
  if (opts.lang !== undefined) {
    const plan = path.join(target, 'kpi.yaml');
    await writeFile(plan, (await readFile(plan, 'utf8')).replace(/^language: zh\b/m, `language: ${opts.lang}`));
  }
  if (!ctx.quiet) {
    const rel = displayPath(target, ctx.cwd) || '.';
    const cd = rel === '.' ? '' : `cd ${shellArg(rel)} && `;
    ctx.streams.err(
      `wrote ${files.length} files to ${rel}:\n` + files.map((f) => `  ${f}`).join('\n') +
        `\n\nnext:\n  ${cd}kpi validate\n  ${cd}kpi score --period 2024Q3\n  ${cd}kpi payout --period 2024Q3 --out payouts-2024Q3.xlsx`,
    );
  }
}

import { EXIT, KpiExit } from '../../diagnostics.js';
import { writeOutputAtomic } from '../../io/atomic-write.js';
import type { CommandContext } from './context.js';

/** Writes rendered output to --out atomically, or to stdout. */
export async function emit(ctx: CommandContext, data: string | Buffer, out: string | undefined, what: string): Promise<void> {
  if (out) {
    await writeOutputAtomic(out, data);
    if (!ctx.quiet) ctx.streams.err(`wrote ${what} to ${out}`);
  } else {
    await ctx.streams.out(data);
  }
}

/** An xlsx goes to --out or to a redirected stdout (`> file.xlsx`), never onto a terminal. */
export function refuseBinaryOnTerminal(ctx: CommandContext, format: string, out: string | undefined): void {
  if (format === 'xlsx' && !out && ctx.stdoutIsTTY) {
    throw new KpiExit(EXIT.usage, [{ code: 'usage', severity: 'error', message: '--format xlsx writes a binary workbook: add --out FILE.xlsx (or redirect stdout to a file)' }]);
  }
}

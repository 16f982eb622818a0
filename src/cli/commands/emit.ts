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

import { EXIT, KpiExit } from '../../diagnostics.js';
import { OutputWriteError, describeCause, writeOutputsAtomic, type OutputFile } from '../../io/atomic-write.js';
import type { CommandContext } from './context.js';

/** Files written beside the report (payout statements): into `dir`, created when missing. */
export interface ExtraOutputs {
  dir: string;
  files: OutputFile[];
  /** For the "wrote …" line: `statements`. */
  what: string;
}

/**
 * Writes the rendered report to --out, or to stdout, together with any extra files, as one step
 * once everything is rendered: the extra files and --out are written to temp files first and
 * renamed into place only when all are written, the report last (so its presence means the run
 * completed); to stdout, the report is printed only after the extra files are in place. A write
 * that fails is one line, `error[write_failed]`, exit 1 — never a stack trace.
 */
export async function emit(
  ctx: CommandContext, data: string | Buffer, out: string | undefined, what: string, extra?: ExtraOutputs,
): Promise<void> {
  const files: OutputFile[] = [...(extra?.files ?? []), ...(out ? [{ path: out, data }] : [])];
  if (files.length || extra) {
    try {
      await writeOutputsAtomic(files, { dirs: extra ? [extra.dir] : [] });
    } catch (e) {
      throw writeFailed(e);
    }
  }
  if (extra && !ctx.quiet) ctx.streams.err(`wrote ${extra.files.length} ${extra.what} to ${extra.dir}`);
  if (out) {
    if (!ctx.quiet) ctx.streams.err(`wrote ${what} to ${out}`);
  } else {
    try {
      await ctx.streams.out(data);
    } catch (e) {
      // Standard output that cannot take the report (`> /dev/full`, a full disk): one line, not a trace.
      throw new KpiExit(EXIT.internal, [{ code: 'write_failed', severity: 'error',
        message: `could not write the ${what} to standard output: ${describeCause(e)}` }]);
    }
  }
}

function writeFailed(e: unknown): KpiExit {
  if (!(e instanceof OutputWriteError)) throw e;
  const done = e.renamed.length
    ? `; already written before it: ${e.renamed.join(', ')}`
    : '; nothing was written';
  return new KpiExit(EXIT.internal, [{
    code: 'write_failed', severity: 'error',
    message: `could not write ${e.target}: ${describeCause(e.cause)}${done}`,
  }]);
}

/** An xlsx goes to --out or to a redirected stdout (`> file.xlsx`), never onto a terminal. */
export function refuseBinaryOnTerminal(ctx: CommandContext, format: string, out: string | undefined): void {
  if (format === 'xlsx' && !out && ctx.stdoutIsTTY) {
    throw new KpiExit(EXIT.usage, [{ code: 'usage', severity: 'error', message: '--format xlsx writes a binary workbook: add --out FILE.xlsx (or redirect stdout to a file)' }]);
  }
}

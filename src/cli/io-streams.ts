/**
 * The only place that writes to the process's streams. Data goes to stdout, diagnostics and
 * progress to stderr; exit codes are set on `process.exitCode` (never `process.exit()`, which
 * truncates output still buffered for a pipe).
 */
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { ChalkInstance } from 'chalk';

export interface Streams {
  out: (text: string | Buffer) => Promise<void>;
  err: (text: string) => void;
}

/** A reader that goes away early (`kpi … | head`) is not an error: stop writing quietly. */
function isEpipe(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | null)?.code === 'EPIPE';
}
// Every write to stdout goes through processStreams.out, whose callback gets the error (a closed
// pipe is ignored there, a full disk becomes write_failed in emit): the stream's own 'error' event
// must not also throw it as an uncaught exception.
process.stdout.on('error', () => undefined);

export const processStreams: Streams = {
  out: (text) =>
    new Promise((resolve, reject) => {
      process.stdout.write(text, (e) => (e && !isEpipe(e) ? reject(e) : resolve()));
    }),
  err: (text) => {
    process.stderr.write(text.endsWith('\n') ? text : text + '\n');
  },
};

/** How many problems of one code are printed before "… and N more <code>". */
export const MAX_PRINTED = 20;

/**
 * Prints diagnostics to stderr, errors first, capped at 20 of each code (in order of first
 * appearance) with a count of the rest: 5,000 missing_value errors must not hide the seven
 * duplicate_order_line ones behind them.
 */
export function printDiagnostics(streams: Streams, diags: readonly Diagnostic[], c: ChalkInstance, quiet = false): void {
  const errors = diags.filter((d) => d.severity === 'error');
  const warnings = diags.filter((d) => d.severity === 'warning');
  const show = (all: Diagnostic[], paint: (s: string) => string) => {
    // Summaries ("and 9,990 more rows like these") are always shown, after the first rows.
    const summaries = all.filter((d) => d.code === 'more_row_problems');
    const byCode = new Map<string, Diagnostic[]>();
    for (const d of all) {
      if (d.code === 'more_row_problems') continue;
      let list = byCode.get(d.code);
      if (!list) byCode.set(d.code, (list = []));
      list.push(d);
    }
    for (const [code, list] of byCode) {
      for (const d of list.slice(0, MAX_PRINTED)) streams.err(paint(formatDiagnostic(d)));
      if (list.length > MAX_PRINTED) streams.err(paint(`… and ${list.length - MAX_PRINTED} more ${code} (${list.length} in all)`));
    }
    for (const d of summaries) streams.err(paint(formatDiagnostic(d)));
  };
  show(errors, c.red);
  if (!quiet) show(warnings, c.yellow);
}

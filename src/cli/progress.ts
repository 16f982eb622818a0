/**
 * A progress line on stderr while exports are read: only when both stdout and stderr are
 * terminals, never with --quiet, never in a pipe, a redirect or a cron log.
 */
import { createRequire } from 'node:module';
import type cliProgressNs from 'cli-progress';

/** cli-progress is loaded only when a bar is shown (a terminal without --quiet). */
const load = () => createRequire(import.meta.url)('cli-progress') as typeof cliProgressNs;

export interface Progress {
  onProgress?: (source: string, rows: number) => void;
  stop(): void;
}

export interface ProgressInputs {
  quiet: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** colorLevel() of stderr: 0 under --no-color, NO_COLOR, TERM=dumb. */
  stderrColorLevel: number;
}

/**
 * Whether to draw the bar. PRODUCT.md §2: no progress when stdout is not a terminal — so not for
 * `kpi score --format json > f.json` typed in a terminal either, where stderr still is one.
 */
export function progressWanted(o: ProgressInputs): boolean {
  return !o.quiet && o.stdoutIsTTY && o.stderrIsTTY && o.stderrColorLevel > 0;
}

export function makeProgress(enabled: boolean): Progress {
  if (!enabled) return { stop() {} };
  const cliProgress = load();
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'reading {source} {value} rows', hideCursor: true, clearOnComplete: true, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(source, rows) {
      if (!started) {
        bar.start(0, rows, { source });
        started = true;
      }
      bar.update(rows, { source });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

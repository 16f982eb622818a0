/**
 * A progress line on stderr while exports are read: only when stderr is a terminal, never with
 * --quiet, never in a pipe or cron log.
 */
import { createRequire } from 'node:module';
import type cliProgressNs from 'cli-progress';

/** cli-progress is loaded only when a bar is shown (a terminal without --quiet). */
const load = () => createRequire(import.meta.url)('cli-progress') as typeof cliProgressNs;

export interface Progress {
  onProgress?: (source: string, rows: number) => void;
  stop(): void;
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

import type { ChalkInstance } from 'chalk';
import type { Streams } from '../io-streams.js';

/** What a command may use of the outside world. */
export interface CommandContext {
  streams: Streams;
  /** Colour for stdout output. */
  chalk: ChalkInstance;
  /** Colour for stderr output. */
  errChalk: ChalkInstance;
  quiet: boolean;
  /** Whether stdout is a terminal (binary output is refused there). */
  stdoutIsTTY: boolean;
  /** Whether a progress bar may be drawn on stderr (progressWanted: stdout and stderr terminals). */
  progress: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

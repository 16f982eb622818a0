/**
 * Colour is decided here and nowhere else. chalk 5 ignores NO_COLOR, so the level is computed
 * from the flags, the environment and whether the stream is a terminal, and a `Chalk` instance
 * with that level is handed to the renderers (level 0 writes no escape sequences at all).
 */
import { Chalk, type ChalkInstance } from 'chalk';

export interface ColorInputs {
  /** `--no-color` given. */
  noColorFlag: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** 0 = none, 1 = 16 colours, 2 = 256, 3 = truecolor. */
export function colorLevel({ noColorFlag, env, isTTY }: ColorInputs): 0 | 1 | 2 | 3 {
  if (noColorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (env.TERM === 'dumb') return 0;
  if (!isTTY) return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM && /256/.test(env.TERM)) return 2;
  return 1;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}

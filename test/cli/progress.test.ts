/**
 * The progress bar (PRODUCT.md §2): on stderr, only when stdout and stderr are both terminals.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { progressWanted } from '../../src/cli/progress.js';
import { BIN } from './run.js';

describe('progressWanted', () => {
  const tty = { quiet: false, stdoutIsTTY: true, stderrIsTTY: true, stderrColorLevel: 1 };
  it('draws on a terminal', () => expect(progressWanted(tty)).toBe(true));
  it('not when stdout is redirected (kpi … > f.json), though stderr is a terminal', () =>
    expect(progressWanted({ ...tty, stdoutIsTTY: false })).toBe(false));
  it('not when stderr is not a terminal, with --quiet, or without colour (NO_COLOR, TERM=dumb)', () => {
    expect(progressWanted({ ...tty, stderrIsTTY: false })).toBe(false);
    expect(progressWanted({ ...tty, quiet: true })).toBe(false);
    expect(progressWanted({ ...tty, stderrColorLevel: 0 })).toBe(false);
  });
});

// util-linux `script` runs a command on a pseudo-terminal: the real case of a user at a terminal.
const hasScript = /util-linux/.test(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout ?? '');

describe.skipIf(!hasScript)('at a terminal (util-linux script)', () => {
  const onTerminal = (cmd: string, cwd: string): string => {
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    for (const k of ['NO_COLOR', 'FORCE_COLOR', 'KPI_PLAN', 'LANG']) delete env[k];
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd, env, encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
    return r.stdout; // what the terminal showed
  };
  const kpi = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} score --demo --period 2024Q3`;

  it('no progress when stdout is redirected to a file; the file is the bare json', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'kpi-tty-'));
    const shown = onTerminal(`${kpi} --format json > f.json`, cwd);
    expect(shown).not.toContain('reading');
    expect(shown).not.toMatch(/\x1b\[/);
    expect(JSON.parse(readFileSync(path.join(cwd, 'f.json'), 'utf8')).schema).toBe('kpi.score/1');
  });
  it('progress on the terminal with --out (stdout still a terminal)', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'kpi-tty-'));
    expect(onTerminal(`${kpi} --out f.json`, cwd)).toContain('reading sales');
  });
});

/**
 * `kpi init [DIR]` and `kpi init [DIR] --from FILE…` as a process: where the plan goes, how the
 * arguments are read, and that a refused init writes nothing.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { kpi } from './run.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kpi-init-'));

describe('kpi init --lang', () => {
  it('refuses a language other than zh or en like every other command (exit 2), writing nothing', () => {
    const cwd = tmp();
    for (const args of [['init', 'x', '--lang', 'fr'], ['init', 'x', '--from', 'a.csv', '--lang', 'fr']]) {
      const r = kpi(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('error[usage]');
      expect(r.stderr).toContain("argument 'fr' is invalid");
      expect(r.stderr).toContain('zh, en');
      expect(r.stderr).not.toContain('internal error');
    }
    expect(readdirSync(cwd)).toEqual([]);
    // The same refusal as score's.
    const score = kpi(['score', '--demo', '--period', '2024Q3', '--lang', 'fr'], { cwd });
    expect(score.code).toBe(2);
    expect(score.stderr).toContain("argument 'fr' is invalid");
  });
});

/**
 * The error catalogue: fixtures/errors/<code>/ holds one small reproducer per diagnostic code
 * and a case.json saying how to run it and what must come out:
 *   { "args": ["score", "--period", "2024Q3"], "exit": 3,
 *     "stderr": ["error[bad_date]", "sales.csv:3", "下单日期"] }
 * Each entry runs the CLI as a process in its folder; stderr must contain every listed fragment.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync, mkdtempSync, cpSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { kpi, ROOT } from './run.js';

const DIR = path.join(ROOT, 'fixtures', 'errors');
const entries = existsSync(DIR) ? readdirSync(DIR).filter((d) => existsSync(path.join(DIR, d, 'case.json'))).sort() : [];

interface Case {
  args: string[];
  exit: number;
  stderr?: string[];
  stdout?: string[];
  env?: Record<string, string>;
  /** Files that must not exist after the run (relative to the case folder). */
  absent?: string[];
}

describe('error catalogue', () => {
  it('has entries', () => {
    expect(entries.length).toBeGreaterThan(10);
  });
  for (const code of entries) {
    it(code, () => {
      const c = JSON.parse(readFileSync(path.join(DIR, code, 'case.json'), 'utf8')) as Case;
      // Run in a scratch copy so a case can never write into the repo.
      const work = mkdtempSync(path.join(os.tmpdir(), `kpi-err-${code}-`));
      cpSync(path.join(DIR, code), work, { recursive: true });
      const r = kpi(c.args, { cwd: work, env: c.env });
      expect(r.code, r.stderr).toBe(c.exit);
      for (const frag of c.stderr ?? []) expect(r.stderr).toContain(frag);
      for (const frag of c.stdout ?? []) expect(r.stdout).toContain(frag);
      if (c.exit !== 0) expect(r.stderr).toMatch(new RegExp(`\\[${code}\\]`));
      for (const f of c.absent ?? []) expect(existsSync(path.join(work, f))).toBe(false);
    });
  }
});

/**
 * The error catalogue: fixtures/errors/<code>/ holds one small reproducer per diagnostic code
 * and a case.json saying how to run it and what must come out:
 *   { "args": ["score", "--period", "2024Q3"], "exit": 3,
 *     "stderr": ["error[bad_date]", "sales.csv:3", "下单日期"] }
 * Each entry runs the CLI as a process in its folder; stderr must contain every listed fragment.
 * Optional keys: `stdout` fragments, `env`, `absent` (files that must not exist afterwards),
 * `setup` (a node script in the folder that generates large inputs in the scratch copy, so the
 * repo holds no big files) and `pending` (why the entry is known to fail today: it is skipped).
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync, mkdtempSync, cpSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
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
  /** Node script (relative to the case folder) run in the scratch copy before the CLI. */
  setup?: string;
  /** Why this entry cannot pass yet (a bug owned elsewhere); the entry is skipped. */
  pending?: string;
}

const readCase = (code: string): Case => JSON.parse(readFileSync(path.join(DIR, code, 'case.json'), 'utf8')) as Case;

describe('error catalogue', () => {
  it('has entries', () => {
    expect(entries.length).toBeGreaterThan(10);
  });
  it('lists every entry in fixtures/errors/README.md', () => {
    const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const code of entries) expect(readme, code).toContain(`\`${code}\``);
  });
  for (const code of entries) {
    const c = readCase(code);
    const test = c.pending ? it.skip : it;
    test(c.pending ? `${code} (pending: ${c.pending})` : code, () => {
      // Run in a scratch copy so a case can never write into the repo.
      const work = mkdtempSync(path.join(os.tmpdir(), `kpi-err-${code}-`));
      cpSync(path.join(DIR, code), work, { recursive: true });
      if (c.setup) {
        const g = spawnSync(process.execPath, [c.setup], { cwd: work });
        expect(g.status, g.stderr?.toString()).toBe(0);
      }
      const r = kpi(c.args, { cwd: work, env: c.env });
      expect(r.code, r.stderr).toBe(c.exit);
      for (const frag of c.stderr ?? []) expect(r.stderr).toContain(frag);
      for (const frag of c.stdout ?? []) expect(r.stdout).toContain(frag);
      if (c.exit !== 0) expect(r.stderr).toMatch(new RegExp(`error\\[${code}\\]`));
      else expect(r.stderr + r.stdout).toContain(code);
      expect(r.stderr).not.toContain('internal error');
      for (const f of c.absent ?? []) expect(existsSync(path.join(work, f))).toBe(false);
    });
  }
});

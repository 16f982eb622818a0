/**
 * Where the outputs go (--out, --statements): a place kpi cannot write to is a usage error found
 * before anything is read, and a run writes all its files or none (PRODUCT.md §10).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, existsSync, readdirSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { BIN, kpi } from './run.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kpi-out-'));

/** A plan whose only export is missing: reading it would fail with file_missing, exit 3. */
function planWithoutData(): string {
  const dir = tmp();
  writeFileSync(path.join(dir, 'kpi.yaml'), [
    'version: 1', 'sources:', '  sales: { path: missing-sales.csv }',
    'people:', '  - { id: S1, name: A, team: T, role: sales }',
    'roles:', '  sales:', '    kpis:', '      - { metric: revenue, target: 100, weight: 100 }', '',
  ].join('\n'));
  return dir;
}

/** No stack trace, no "internal error": one error line with the code. */
function oneLine(stderr: string, code: string): void {
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^error\\[${code}\\] `));
}

describe('--out into a folder that does not exist', () => {
  for (const cmd of ['score', 'payout']) {
    it(`${cmd}: exit 2 naming the folder, before any data is read, even with --quiet`, () => {
      const cwd = planWithoutData();
      const out = path.join(cwd, 'nonexistent', 'dir', '2024-09.json');
      const r = kpi([cmd, '--period', '2024-09', '--format', 'json', '--out', out, '--quiet'], { cwd });
      // Exit 2, not 3: the missing export was never opened.
      expect(r.code, r.stderr).toBe(2);
      oneLine(r.stderr, 'out_dir_missing');
      expect(r.stderr).toContain(path.join(cwd, 'nonexistent', 'dir'));
      expect(r.stdout).toBe('');
      expect(existsSync(path.join(cwd, 'nonexistent'))).toBe(false);
    });
  }
  it('a file where a folder should be, and --out naming a folder, are refused the same way', () => {
    const cwd = planWithoutData();
    writeFileSync(path.join(cwd, 'afile'), 'x');
    const under = kpi(['score', '--period', '2024Q3', '--out', 'afile/score.json'], { cwd });
    expect(under.code).toBe(2);
    oneLine(under.stderr, 'out_dir_missing');
    expect(under.stderr).toContain('afile is a file, not a folder');
    mkdirSync(path.join(cwd, 'reports'));
    const dir = kpi(['payout', '--period', '2024Q3', '--out', 'reports'], { cwd });
    expect(dir.code).toBe(2);
    oneLine(dir.stderr, 'out_is_folder');
    expect(readdirSync(path.join(cwd, 'reports'))).toEqual([]);
    const empty = kpi(['score', '--period', '2024Q3', '--out', ''], { cwd });
    expect(empty.code).toBe(2);
    oneLine(empty.stderr, 'usage');
  });
});

describe('standard output that cannot take the report', () => {
  it('> /dev/full is one line, write_failed, exit 1 — not a stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" score --demo --period 2024Q3 --format json > /dev/full`], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('error[write_failed] could not write the json score report to standard output: ENOSPC: no space left on device, write');
  });
});

describe('--statements', () => {
  it('an existing file as --statements: exit 2 before reading, nothing written (nor json on stdout)', () => {
    const cwd = planWithoutData();
    writeFileSync(path.join(cwd, 'X'), 'not a folder');
    const r = kpi(['payout', '--period', '2024Q3', '--statements', 'X', '--out', 'pp.json'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    oneLine(r.stderr, 'statements_not_folder');
    expect(r.stderr).toContain('--statements X is a file');
    expect(existsSync(path.join(cwd, 'pp.json'))).toBe(false);
    const json = kpi(['payout', '--period', '2024Q3', '--statements', 'X/sub', '--format', 'json'], { cwd });
    expect(json.code).toBe(2);
    oneLine(json.stderr, 'statements_not_folder');
    expect(json.stdout).toBe('');
    expect(readFileSync(path.join(cwd, 'X'), 'utf8')).toBe('not a folder');
  });

  it('--out inside the --statements folder: exit 2 before reading (a statement could overwrite it, or it one)', () => {
    const cwd = planWithoutData();
    const r = kpi(['payout', '--period', '2024Q3', '--statements', 'st', '--out', 'st/S001.xlsx'], { cwd });
    expect(r.code, r.stderr).toBe(2);
    oneLine(r.stderr, 'out_in_statements');
    expect(existsSync(path.join(cwd, 'st'))).toBe(false);
  });

  it('a statement that cannot be written leaves neither the report nor any statement behind', () => {
    const cwd = tmp();
    // A folder where one employee's statement would go: the write fails after everything was computed.
    mkdirSync(path.join(cwd, 'st', 'S005.xlsx'), { recursive: true });
    const r = kpi(['payout', '--demo', '--period', '2024Q3', '--statements', 'st', '--out', 'pp.json'], { cwd });
    expect(r.code).toBe(1);
    oneLine(r.stderr, 'write_failed');
    expect(r.stderr).toContain('S005.xlsx');
    expect(r.stderr).toContain('nothing was written');
    expect(readdirSync(cwd).sort()).toEqual(['st']);
    expect(readdirSync(path.join(cwd, 'st'))).toEqual(['S005.xlsx']); // no statements, no temp files
    // To stdout: the document is not printed when the statements could not be written.
    const json = kpi(['payout', '--demo', '--period', '2024Q3', '--statements', 'st', '--format', 'json'], { cwd });
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
  });

  it('writes the statements and the report together, creating the folder', () => {
    const cwd = tmp();
    const r = kpi(['payout', '--demo', '--period', '2024Q3', '--statements', 'out/st', '--out', 'out/pp.json'], { cwd });
    // out/ does not exist: --out's folder is not created, so this is refused up front…
    expect(r.code).toBe(2);
    oneLine(r.stderr, 'out_dir_missing');
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
    // …while --statements' own folder is created with its parents.
    const ok = kpi(['payout', '--demo', '--period', '2024Q3', '--statements', 'a/b/st', '--out', 'pp.json'], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd, 'pp.json'), 'utf8')).schema).toBe('kpi.payout/1');
    expect(readdirSync(path.join(cwd, 'a', 'b', 'st'))).toHaveLength(15);
  });
});

describe('--out with an extension kpi does not know', () => {
  it('is a usage error naming the formats, unless --format says what to write', () => {
    const cwd = planWithoutData();
    for (const cmd of ['score', 'payout']) {
      const r = kpi([cmd, '--period', '2024Q3', '--out', 'report.pdf'], { cwd });
      expect(r.code, r.stderr).toBe(2);
      oneLine(r.stderr, 'out_format_unknown');
      expect(r.stderr).toContain('.pdf');
      expect(r.stderr).toContain('.json, .csv, .xlsx');
      expect(existsSync(path.join(cwd, 'report.pdf'))).toBe(false);
    }
    const cwd2 = tmp();
    const explicit = kpi(['score', '--demo', '--period', '2024Q3', '--format', 'json', '--out', 'report.pdf'], { cwd: cwd2 });
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(cwd2, 'report.pdf'), 'utf8')).schema).toBe('kpi.score/1');
  });
});

/**
 * `kpi init [DIR]` and `kpi init [DIR] --from FILE…` as a process: where the plan goes, how the
 * arguments are read, and that a refused init writes nothing.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, existsSync, readdirSync, readFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { kpi, SAMPLE_PLAN } from './run.js';

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

  it('--lang sets the sample plan\'s output language', () => {
    const cwd = tmp();
    expect(kpi(['init', 'co', '--lang', 'en'], { cwd }).code).toBe(0);
    expect(readFileSync(path.join(cwd, 'co', 'kpi.yaml'), 'utf8')).toMatch(/^language: en {2}/m);
    const v = kpi(['validate', '--period', '2024Q3'], { cwd: path.join(cwd, 'co') });
    expect(v.stdout).toContain('result ok: 0 errors');
  });
});

/** A folder holding the sample company's exports under data/. */
function withExports(): string {
  const cwd = tmp();
  cpSync(path.join(path.dirname(SAMPLE_PLAN), 'data'), path.join(cwd, 'data'), { recursive: true });
  return cwd;
}

describe('kpi init [DIR] --from FILE…', () => {
  it('the documented order, DIR first, drafts DIR/kpi.yaml; the help and the README show that order', () => {
    const cwd = withExports();
    const r = kpi(['init', 'out1', '--from', 'data/sales.csv', 'data/complaints.xlsx'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('wrote out1/kpi.yaml from 2 exports');
    expect(r.stderr).toContain('cd out1 && kpi validate');
    expect(readFileSync(path.join(cwd, 'out1', 'kpi.yaml'), 'utf8')).toContain('path: "../data/sales.csv"');
    const help = kpi(['init', '--help']);
    expect(help.stdout).toContain('Usage: kpi init [dir] [--from <files...>] [options]');
    expect(help.stdout).toContain('kpi init ~/mycompany --from sales.xlsx tickets.csv');
    const readme = readFileSync(path.join(path.dirname(SAMPLE_PLAN), '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('kpi init ~/mycompany --from 销售明细.xlsx 投诉记录.csv');
    expect(readme).toContain('`kpi init [DIR] --from FILE…`');
    expect(readme).not.toMatch(/kpi init --from FILE… \[DIR\]/);
  });

  it('a folder after --from is a usage error showing the order that works, before anything is read or written', () => {
    const cwd = withExports();
    mkdirSync(path.join(cwd, 'out1'));
    const r = kpi(['init', '--from', 'data/sales.csv', 'data/complaints.xlsx', 'out1'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error\[from_is_folder\] --from out1 is a folder/);
    expect(r.stderr).toContain('kpi init out1 --from data/sales.csv data/complaints.xlsx');
    expect(r.stderr).not.toContain('file_missing');
    expect(readdirSync(path.join(cwd, 'out1'))).toEqual([]);
    expect(existsSync(path.join(cwd, 'kpi.yaml'))).toBe(false);
    // A name with a space is quoted in the suggestion.
    mkdirSync(path.join(cwd, 'my plans'));
    const q = kpi(['init', '--from', 'data/sales.csv', 'my plans'], { cwd });
    expect(q.code).toBe(2);
    expect(q.stderr).toContain("kpi init 'my plans' --from data/sales.csv");
  });

  it('a missing last "export" without an extension is file_missing with the same hint', () => {
    const cwd = withExports();
    const r = kpi(['init', '--from', 'data/sales.csv', 'newdir'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('error[file_missing] newdir');
    expect(r.stderr).toContain('put it before --from: kpi init newdir --from data/sales.csv');
    expect(readdirSync(cwd)).toEqual(['data']);
  });

  it('a missing export is looked for from the current folder, and the message says so (not "relative to the plan")', () => {
    const cwd = withExports();
    const r = kpi(['init', '--from', 'data/nope.csv'], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error[file_missing] data/nope.csv: file not found (looked for ${path.join(cwd, 'data', 'nope.csv')}; --from paths are relative to the current folder)`);
  });

  it('creates DIR (with its parents) when it does not exist, like plain kpi init — only once the exports were read', () => {
    const cwd = withExports();
    const r = kpi(['init', 'new/deep', '--from', 'data/sales.csv', '--quiet'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(readdirSync(path.join(cwd, 'new', 'deep'))).toEqual(['kpi.yaml']);
    const v = kpi(['validate'], { cwd: path.join(cwd, 'new', 'deep') });
    expect(v.code, v.stderr).toBe(0);
    // An export that is none of the three: exit 3 and the folder is not created.
    writeFileSync(path.join(cwd, 'notes.csv'), '日期,备注\n2024-07-01,hello\n');
    const bad = kpi(['init', 'other', '--from', 'notes.csv'], { cwd });
    expect(bad.code).toBe(3);
    expect(existsSync(path.join(cwd, 'other'))).toBe(false);
  });

  it('a file as DIR is refused (exit 2) for plain init and --from alike, not an internal error', () => {
    const cwd = withExports();
    writeFileSync(path.join(cwd, 'afile'), 'x');
    for (const args of [['init', 'afile'], ['init', 'afile/sub'], ['init', 'afile', '--from', 'data/sales.csv']]) {
      const r = kpi(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error\[init_exists\] afile: is a file, not a folder/);
      expect(r.stderr).not.toContain('internal error');
    }
    expect(readFileSync(path.join(cwd, 'afile'), 'utf8')).toBe('x');
  });
});

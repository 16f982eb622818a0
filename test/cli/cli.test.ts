/**
 * The CLI as a process: exit codes of §10, stdout/stderr separation, colour, atomic --out,
 * determinism across runs and time zones.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, existsSync, readFileSync, writeFileSync, readdirSync, cpSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { kpi, SAMPLE_PLAN } from './run.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kpi-cli-'));
const ESC = /\x1b\[/;

describe('plan discovery and usage errors', () => {
  it('exits 2 with a hint when no plan is found', () => {
    const r = kpi(['score', '--period', '2024Q3'], { cwd: tmp() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('plan_not_found');
    expect(r.stderr).toContain('kpi init');
    expect(r.stderr).toContain('--demo');
    expect(r.stdout).toBe('');
  });
  it('an empty --plan is a usage error, not a fall-back to ./kpi.yaml (--plan "$PLAN" with PLAN unset)', () => {
    const r = kpi(['validate', '--plan', ''], { cwd: path.dirname(SAMPLE_PLAN) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[usage] --plan needs a file (it was given as "")');
    expect(r.stdout).toBe('');
  });
  it('finds the plan through $KPI_PLAN', () => {
    const r = kpi(['validate'], { cwd: tmp(), env: { KPI_PLAN: SAMPLE_PLAN } });
    expect(r.code, r.stderr).toBe(0);
  });
  it('exits 2 on an unknown flag and on a missing required option', () => {
    expect(kpi(['score', '--demo', '--period', '2024Q3', '--bogus']).code).toBe(2);
    const r = kpi(['score', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--period');
  });
  it('exits 2 on an unknown period', () => {
    const r = kpi(['score', '--demo', '--period', '2024Q5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad_period');
    expect(r.stderr).toContain('2024Q5');
  });
  it('an empty --period is a bad period on validate too, as on score and payout (not "no period")', () => {
    for (const cmd of ['validate', 'score', 'payout']) {
      const r = kpi([cmd, '--demo', '--period', '']);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr).toContain('error[bad_period] unknown period ""');
      expect(r.stdout).toBe('');
    }
  });
  it('exits 2 when --employee or --team matches no one (a cron typo must not pass as an empty report)', () => {
    const e = kpi(['score', '--demo', '--period', '2024Q3', '--employee', 'S0O1', '--format', 'json']);
    expect(e.code).toBe(2);
    expect(e.stdout).toBe('');
    expect(e.stderr).toContain('error[unknown_id]');
    expect(e.stderr).toContain('S001');
    const t = kpi(['score', '--demo', '--period', '2024Q3', '--team', '华东二组']);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('华东一组');
    expect(kpi(['score', '--demo', '--period', '2024Q3', '--employee', 'S001', '--format', 'json']).code).toBe(0);
  });
  it('exits 0 for --help and --version', () => {
    expect(kpi(['--help']).code).toBe(0);
    expect(kpi(['--version']).code).toBe(0);
  });
});

describe('validate on the sample company', () => {
  it('speaks the plan\'s language (zh), or --lang en; the figures are the same', () => {
    const zh = kpi(['validate', '--plan', SAMPLE_PLAN, '--period', '2024Q3', '--no-color']);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('方案 ');
    expect(zh.stdout).toMatch(/│ 销售 +│ data\/sales\.csv +│ gb18030，逗号 +│ 5987 +│ 5832 +│ status 已取消: 121 +│ 2023-01-02 – 2024-12-31 │/);
    expect(zh.stdout).toContain('员工：花名册 15 人，数据中出现 15 人，2024Q3 在职 15 人；无花名册外人员');
    expect(zh.stdout).toContain('2024Q3（2024-07-01 – 2024-09-30）：销售 847 行，投诉 74 条，调研 266 份');
    expect(zh.stdout).toContain('结果 通过：0 个错误，0 个警告');
    // Which header each field was read from (plan columns first, then synonyms).
    expect(zh.stdout).toContain('销售 data/sales.csv 列：订单号 ← 订单编号，日期 ← 下单日期，客户编号 ← 客户编号，员工编号 ← 销售员编号，金额 ← 金额');
    const en = kpi(['validate', '--plan', SAMPLE_PLAN, '--period', '2024Q3', '--no-color', '--lang', 'en']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/│ sales +│ data\/sales\.csv +│ gb18030, comma +│ 5987 +│ 5832 +│ status 已取消: 121 +│ 2023-01-02 – 2024-12-31 │/);
    expect(en.stdout).toContain('employees: 15 in the roster, 15 found in the data, 15 employed in 2024Q3; none unknown');
    expect(en.stdout).toContain('2024Q3 (2024-07-01 – 2024-09-30): 847 sales rows, 74 complaints, 266 surveys');
    expect(en.stdout).toContain('result ok: 0 errors, 0 warnings');
    expect(en.stdout).toContain('surveys data/surveys.txt columns: nps ← 推荐值, csat ← 满意度, date ← 日期');
  });
});

describe('score on the sample company', () => {
  it('prints tables to stdout and nothing alarming to stderr', () => {
    const r = kpi(['score', '--demo', '--period', '2024Q3', '--no-color']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2024Q3');
    expect(r.stdout).not.toMatch(ESC);
  });
  it('NO_COLOR=1 piped output has no escape sequences, FORCE_COLOR=1 has', () => {
    const plain = kpi(['score', '--demo', '--period', '2024Q3'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(ESC);
    expect(plain.stderr).not.toMatch(ESC);
    const forced = kpi(['score', '--demo', '--period', '2024Q3'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(ESC);
  });
  it('json is kpi.score/1 and byte-identical across runs and time zones', () => {
    const runs = ['UTC', 'Asia/Shanghai', 'America/New_York'].map((TZ) =>
      kpi(['score', '--demo', '--period', '2024Q3', '--format', 'json'], { env: { TZ } }),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(runs[0].stdout);
    expect(doc.schema).toBe('kpi.score/1');
    expect(doc.period).toEqual({ id: '2024Q3', start: '2024-07-01', end: '2024-09-30' });
    expect(runs[1].stdoutBytes.equals(runs[0].stdoutBytes)).toBe(true);
    expect(runs[2].stdoutBytes.equals(runs[0].stdoutBytes)).toBe(true);
    const again = kpi(['score', '--demo', '--period', '2024Q3', '--format', 'json']);
    expect(again.stdoutBytes.equals(runs[0].stdoutBytes)).toBe(true);
  });
  it('csv starts with a BOM and is identical across runs', () => {
    const a = kpi(['score', '--demo', '--period', '2024Q3', '--format', 'csv']);
    const b = kpi(['score', '--demo', '--period', '2024Q3', '--format', 'csv'], { env: { TZ: 'Asia/Shanghai' } });
    expect(a.code).toBe(0);
    expect(a.stdoutBytes.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(b.stdoutBytes.equals(a.stdoutBytes)).toBe(true);
  });
  it('score and payout xlsx are byte-identical across runs and time zones', () => {
    const dir = tmp();
    for (const cmd of ['score', 'payout']) {
      const files = ['UTC', 'Asia/Shanghai', 'America/New_York'].map((TZ) => {
        const out = path.join(dir, `${cmd}-${TZ.replace('/', '_')}.xlsx`);
        const r = kpi([cmd, '--demo', '--period', '2024Q3', '--out', out], { env: { TZ } });
        expect(r.code, r.stderr).toBe(0);
        return readFileSync(out);
      });
      expect(files[1].equals(files[0]), `${cmd} Asia/Shanghai`).toBe(true);
      expect(files[2].equals(files[0]), `${cmd} America/New_York`).toBe(true);
    }
  });
  it('--format xlsx without --out writes the workbook to a redirected stdout', () => {
    const r = kpi(['score', '--demo', '--period', '2024Q3', '--format', 'xlsx']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdoutBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });
  it('--out infers the format and writes atomically (no temp files left)', () => {
    const dir = tmp();
    const out = path.join(dir, 'score.json');
    const r = kpi(['score', '--demo', '--period', '2024Q3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).schema).toBe('kpi.score/1');
    expect(readdirSync(dir)).toEqual(['score.json']);
  });
});

describe('refusals that protect inputs and outputs', () => {
  it('refuses an --out that is one of the inputs, before reading anything', () => {
    const dir = tmp();
    cpSync(path.dirname(SAMPLE_PLAN), dir, { recursive: true });
    const plan = path.join(dir, 'kpi.yaml');
    const before = readFileSync(plan);
    const r = kpi(['score', '--plan', plan, '--period', '2024Q3', '--format', 'json', '--out', plan]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('out_is_input');
    expect(readFileSync(plan).equals(before)).toBe(true);
  });
  it('writes nothing at --out when the data has bad rows (exit 3)', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'sales.csv'), 'order_id,date,customer_id,employee_id,amount\nO1,2024-07-01,C1,S1,100\nO2,2024-13-45,C1,S1,abc\n');
    writeFileSync(path.join(dir, 'kpi.yaml'), [
      'version: 1', 'sources:', '  sales: { path: sales.csv }',
      'people:', '  - { id: S1, name: A, team: T, role: sales }',
      'roles:', '  sales:', '    kpis:', '      - { metric: revenue, target: 100, weight: 100 }', '',
    ].join('\n'));
    const out = path.join(dir, 'out.json');
    const r = kpi(['score', '--period', '2024Q3', '--out', out], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('bad_date');
    expect(r.stderr).toContain('sales.csv:3');
    expect(existsSync(out)).toBe(false);
    const skipped = kpi(['score', '--period', '2024Q3', '--out', out, '--skip-invalid'], { cwd: dir });
    expect(skipped.code, skipped.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.warnings.some((w: { code: string; row?: number }) => w.code === 'row_skipped' && w.row === 3)).toBe(true);
  });
});

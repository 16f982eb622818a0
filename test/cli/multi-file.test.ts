/**
 * The sample company with its sales export split in two yearly files, read through a file name
 * pattern, as a process: the scores and payouts are byte-for-byte those of the single file, and
 * `validate` lists each file.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import iconv from 'iconv-lite';
import { kpi, ROOT } from './run.js';

const SAMPLE = path.join(ROOT, 'fixtures', 'sample');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-multi-'));
  cpSync(SAMPLE, dir, { recursive: true });
  const text = iconv.decode(readFileSync(path.join(dir, 'data', 'sales.csv')), 'gb18030');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
  const byYear = (y: string) => [header, ...lines.filter((l) => l.split(',')[1].startsWith(y))].join('\r\n') + '\r\n';
  // The two halves are all the lines: nothing lost, nothing twice.
  expect(byYear('2023').split('\r\n').length + byYear('2024').split('\r\n').length - 4).toBe(lines.length);
  writeFileSync(path.join(dir, 'data', '销售明细-2023.csv'), iconv.encode(byYear('2023'), 'gb18030'));
  writeFileSync(path.join(dir, 'data', '销售明细-2024.csv'), iconv.encode(byYear('2024'), 'gb18030'));
  rmSync(path.join(dir, 'data', 'sales.csv'));
  const planText = readFileSync(path.join(dir, 'kpi.yaml'), 'utf8');
  expect(planText).toContain('path: data/sales.csv');
  writeFileSync(path.join(dir, 'kpi.yaml'), planText.replace('path: data/sales.csv', 'path: data/销售明细-*.csv'));
});

describe('a sales export split into yearly files (path: data/销售明细-*.csv)', () => {
  it('score and payout JSON are those of the single file', () => {
    for (const cmd of ['score', 'payout']) {
      const split = kpi([cmd, '--period', '2024Q3', '--format', 'json'], { cwd: dir });
      expect(split.code, split.stderr).toBe(0);
      const whole = kpi([cmd, '--demo', '--period', '2024Q3', '--format', 'json']);
      expect(whole.code, whole.stderr).toBe(0);
      expect(split.stdout).toBe(whole.stdout);
    }
  });

  it('validate lists each file with its rows', () => {
    const r = kpi(['validate', '--lang', 'en', '--no-color'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ sales +│ data\/销售明细-2023\.csv +│ gb18030, comma +│ 2674 +│/);
    expect(r.stdout).toMatch(/│ sales +│ data\/销售明细-2024\.csv +│ gb18030, comma +│ 3313 +│/);
  });

  it('the same year exported twice is caught: every line of the copy is a duplicate_order_line', () => {
    cpSync(path.join(dir, 'data', '销售明细-2024.csv'), path.join(dir, 'data', '销售明细-2024（重新导出）.csv'));
    try {
      const r = kpi(['score', '--period', '2024Q3'], { cwd: dir });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('error[duplicate_order_line] data/销售明细-2024（重新导出）.csv:2');
      expect(r.stderr).toContain('same order line as row 2 of data/销售明细-2024.csv');
    } finally {
      rmSync(path.join(dir, 'data', '销售明细-2024（重新导出）.csv'));
    }
  });

  it('--out onto a file the pattern matches is refused', () => {
    const r = kpi(['score', '--period', '2024Q3', '--out', 'data/销售明细-2025.csv'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[out_is_input]');
  });
});

describe('targets from a wide sheet (one column per metric), as HR keeps them', () => {
  it('S002 gets its revenue and repeat-purchase targets from the sheet (an employee row beats the role\'s 1,200,000)', () => {
    const wide = mkdtempSync(path.join(os.tmpdir(), 'kpi-wide-'));
    cpSync(SAMPLE, wide, { recursive: true });
    writeFileSync(path.join(wide, 'data', '目标.csv'), '工号,姓名,期间,销售额目标,复购率\r\nS002,王芳,2024Q3,"1,000,000",75%\r\n');
    const planText = readFileSync(path.join(wide, 'kpi.yaml'), 'utf8');
    writeFileSync(path.join(wide, 'kpi.yaml'), planText.replace('\nsegments:', '\n  targets: { path: data/目标.csv }\n\nsegments:'));
    const r = kpi(['score', '--period', '2024Q3', '--format', 'json', '--employee', 'S002'], { cwd: wide });
    expect(r.code, r.stderr).toBe(0);
    const kpis = JSON.parse(r.stdout).employees[0].kpis as { metric: string; actual: number; target: number; achievement: number }[];
    const revenue = kpis.find((k) => k.metric === 'revenue')!;
    expect(revenue.target).toBe(1_000_000);
    expect(revenue.achievement).toBeCloseTo(revenue.actual / 1_000_000, 12);
    expect(kpis.find((k) => k.metric === 'repeat_purchase_rate')!.target).toBe(0.75);
  });
});

describe('kpi init --from: a first plan drafted from the exports themselves', () => {
  it('finds each export\'s kind, the people and cancelled statuses; the draft validates and scores as the sample does', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'kpi-from-'));
    cpSync(path.join(SAMPLE, 'data'), path.join(d, 'data'), { recursive: true });
    const r = kpi(['init', '--from', 'data/surveys.txt', 'data/sales.csv', 'data/complaints.xlsx'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sales      data/sales.csv: 5987 rows, 10 people');
    expect(r.stderr).toContain('complaints data/complaints.xlsx [投诉记录]: 537 rows, 5 people');
    const plan = readFileSync(path.join(d, 'kpi.yaml'), 'utf8');
    expect(plan).toContain('sales: { path: data/sales.csv, exclude: { status: [cancelled, 已取消] } }');
    expect(plan).toContain('- { id: S002, name: 王芳, role: sales }');
    expect(plan).toContain('- { id: C001, role: service }');
    const v = kpi(['validate'], { cwd: d });
    expect(v.code, v.stderr).toBe(0);
    // Targets are left to the user; the actuals are there already, and equal the sample's.
    const mine = JSON.parse(kpi(['score', '--period', '2024Q3', '--format', 'json'], { cwd: d }).stdout);
    const demo = JSON.parse(kpi(['score', '--demo', '--period', '2024Q3', '--format', 'json']).stdout);
    const actual = (j: { employees: { id: string; kpis: { metric: string; actual: number }[] }[] }, id: string, m: string) =>
      j.employees.find((e) => e.id === id)!.kpis.find((k) => k.metric === m)!.actual;
    for (const m of ['revenue', 'new_customers', 'repeat_purchase_rate']) expect(actual(mine, 'S002', m), m).toBe(actual(demo, 'S002', m));
    // It never overwrites a plan without --force.
    const again = kpi(['init', '--from', 'data/sales.csv'], { cwd: d });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('error[init_exists]');
  });

  it('a file that is none of the exports is named with its headers (exit 3), and nothing is written', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'kpi-from-'));
    writeFileSync(path.join(d, 'notes.csv'), '日期,备注\n2024-07-01,hello\n');
    const r = kpi(['init', '--from', 'notes.csv'], { cwd: d });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('notes.csv reads as none of sales');
    expect(r.stderr).toContain('headers present: "日期", "备注"');
    expect(() => readFileSync(path.join(d, 'kpi.yaml'))).toThrow();
    // A sales export with no salesperson column: it says so.
    writeFileSync(path.join(d, 'orders.csv'), '订单号,日期,客户,金额\nO1,2024-07-01,K1,100\n');
    const near = kpi(['init', '--from', 'orders.csv', 'notes.csv'], { cwd: d });
    expect(near.code).toBe(3);
    expect(near.stderr).toContain('orders.csv looks like a sales export but has no column for employee_id (员工编号)');
    expect(near.stderr).toContain('notes.csv reads as none of sales');
  });
});


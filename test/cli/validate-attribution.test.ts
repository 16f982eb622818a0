/** `kpi validate` reports what `kpi score` would warn of: complaints and surveys no one can be credited with. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kpi } from './run.js';

describe('validate and attribution', () => {
  it('lists the unattributed complaints and surveys that score warns of, with exit 0', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpi-va-'));
    writeFileSync(path.join(dir, 'sales.csv'), '订单号,日期,客户,业务员,金额\nO1,2024-07-01,C1,S1,100\n');
    // T1: customer C1 bought from S1 before, so S1 owns it. T2: a customer nobody sold to. R1: likewise.
    writeFileSync(path.join(dir, 'complaints.csv'), '投诉编号,受理时间,客户编号\nT1,2024-07-03 10:00,C1\nT2,2024-07-04 10:00,C9\n');
    writeFileSync(path.join(dir, 'surveys.csv'), '问卷编号,日期,客户编号,推荐值\nR1,2024-07-05,C9,9\n');
    writeFileSync(path.join(dir, 'kpi.yaml'), [
      'version: 1', 'company: T', 'language: en',
      'sources: { sales: { path: sales.csv }, complaints: { path: complaints.csv }, surveys: { path: surveys.csv } }',
      'people: [ { id: S1, name: A, team: T, role: sales } ]',
      'roles: { sales: { complaints_by: account_owner, kpis: [ { metric: revenue, target: 100, weight: 100 } ] } }', ''].join('\n'));
    const warned = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('warning[unattributed_')).sort();
    const v = kpi(['validate', '--period', '2024Q3', '--no-color'], { cwd: dir });
    expect(v.code).toBe(0);
    expect(warned(v.stderr)).toEqual([
      'warning[unattributed_complaint] complaints.csv:3 value "T2": complaint T2 cannot be attributed to an employee by account owner (no owner_id, no known order_id, no earlier sale to the customer); it is not counted for anyone that way',
      'warning[unattributed_survey] surveys.csv:2 value "R1": survey R1 cannot be attributed to an employee (no employee_id, no known order_id, no earlier sale to the customer); it is not counted',
    ]);
    expect(v.stdout).toContain('ok: 0 errors, 2 warnings');
    const s = kpi(['score', '--period', '2024Q3', '--format', 'json', '--no-color'], { cwd: dir });
    expect(s.code).toBe(0);
    expect(warned(s.stderr)).toEqual(warned(v.stderr));
  });
});

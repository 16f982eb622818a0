import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPlanFile } from '../../src/plan/discover.js';

let dir = '';
beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'kpi-discover-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findPlanFile', () => {
  it('explicit wins, resolved against cwd, even when absent', () => {
    expect(findPlanFile(dir, { KPI_PLAN: '/env/plan.yaml' }, 'plans/q3.yaml')).toBe(path.join(dir, 'plans/q3.yaml'));
    expect(findPlanFile(dir, {}, '/abs/kpi.yaml')).toBe('/abs/kpi.yaml');
  });
  it('then ./kpi.yaml, ./kpi.yml, ./kpi.json, then $KPI_PLAN', () => {
    const env = { KPI_PLAN: 'other/p.yaml' };
    expect(findPlanFile(dir, env)).toBe(path.join(dir, 'other/p.yaml'));
    expect(findPlanFile(dir, {})).toBeNull();
    expect(findPlanFile(dir, { KPI_PLAN: '  ' })).toBeNull();
    writeFileSync(path.join(dir, 'kpi.json'), '{}');
    expect(findPlanFile(dir, env)).toBe(path.join(dir, 'kpi.json'));
    writeFileSync(path.join(dir, 'kpi.yml'), '');
    expect(findPlanFile(dir, env)).toBe(path.join(dir, 'kpi.yml'));
    mkdirSync(path.join(dir, 'kpi.yaml')); // a folder named kpi.yaml is not a plan
    expect(findPlanFile(dir, env)).toBe(path.join(dir, 'kpi.yml'));
    rmSync(path.join(dir, 'kpi.yaml'), { recursive: true });
    writeFileSync(path.join(dir, 'kpi.yaml'), '');
    expect(findPlanFile(dir, env)).toBe(path.join(dir, 'kpi.yaml'));
  });
});

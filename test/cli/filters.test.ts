/** --employee / --team filter what is reported, never the numbers or sentences of what is. */
import { describe, it, expect } from 'vitest';
import { kpi } from './run.js';

type Line = { id: string; role?: string; kpis: { metric: string; variance: unknown; explanation: string[] }[] };
const json = (args: string[]) => {
  const r = kpi(['score', '--demo', '--period', '2024Q3', '--format', 'json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { employees: Line[]; teams: Line[]; company: { kpis: Line['kpis'] } };
};

describe('filtered reports', () => {
  it('team and company lines keep the full run\'s variance and sentences (their biggest contributor is among all members)', () => {
    const full = json([]);
    for (const args of [['--employee', 'S001'], ['--team', '华南组']]) {
      const part = json(args);
      expect(part.company.kpis, args.join(' ')).toEqual(full.company.kpis);
      for (const t of part.teams) expect(t, args.join(' ')).toEqual(full.teams.find((x) => x.id === t.id && x.role === t.role));
      for (const e of part.employees) expect(e).toEqual(full.employees.find((x) => x.id === e.id));
    }
  });
});

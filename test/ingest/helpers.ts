import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, SourceSpec } from '../../src/plan/types.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kpi-ingest-'));
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A source reading `path` (or, given `files`, those files or patterns; display names are base names). */
export function source(path: string, extra: Partial<SourceSpec> = {}): SourceSpec {
  const displayPath = path.split('/').pop()!;
  return {
    path, displayPath, files: [{ path, displayPath }], encoding: 'auto', dateFormat: 'auto', delimiter: 'auto',
    columns: {}, exclude: {}, join: [], ...extra,
  };
}

export function plan(sources: Plan['sources'], extra: Partial<Plan> = {}): Plan {
  return {
    file: '/x/kpi.yaml', dir: '/x', version: 1, company: 'T', currency: 'CNY', language: 'zh',
    calendar: { fiscalYearStartMonth: 1 }, sources,
    segments: { bigCustomerMinAnnualRevenue: 1_000_000 }, survey: { csatScale: 5, minSample: 30 },
    service: { slaHours: 48 }, defaultRole: 'sales', people: [], roles: {}, targets: [], ratings: [],
    ...extra,
  };
}

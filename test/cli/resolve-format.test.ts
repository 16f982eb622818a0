import { describe, it, expect } from 'vitest';
import { resolveFormat, type Format } from '../../src/cli/pipeline.js';
import { KpiExit } from '../../src/diagnostics.js';

const ALL: Format[] = ['table', 'json', 'csv', 'xlsx'];
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof KpiExit ? e.diagnostics[0]?.code : 'not a KpiExit';
  }
};

describe('resolveFormat', () => {
  it('infers json, csv, xlsx from --out (any case); .txt, no extension and stdout are a table', () => {
    expect(resolveFormat(undefined, 'a/b.JSON', ALL)).toBe('json');
    expect(resolveFormat(undefined, 'b.csv', ALL)).toBe('csv');
    expect(resolveFormat(undefined, 'b.xlsx', ALL)).toBe('xlsx');
    expect(resolveFormat(undefined, 'b.txt', ALL)).toBe('table');
    expect(resolveFormat(undefined, 'report', ALL)).toBe('table');
    expect(resolveFormat(undefined, undefined, ALL)).toBe('table');
  });
  it('refuses an extension it does not know, naming the formats; --format always wins', () => {
    for (const out of ['foo.pdf', 'payouts.xls', 'score.2024-09', 'x.jsonl']) {
      expect(code(() => resolveFormat(undefined, out, ALL)), out).toBe('out_format_unknown');
    }
    expect(resolveFormat('csv', 'foo.pdf', ALL)).toBe('csv');
    expect(resolveFormat('table', 'foo.json', ALL)).toBe('table');
  });
});

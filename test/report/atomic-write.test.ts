import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputAtomic } from '../../src/io/atomic-write.js';

describe('writeOutputAtomic', () => {
  it('writes text as UTF-8 and bytes as is, replacing the old file and leaving no temp behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-aw-'));
    const f = join(dir, 'out.csv');
    writeFileSync(f, 'old');
    await writeOutputAtomic(f, '\uFEFF张伟\r\n');
    expect(readFileSync(f, 'utf8')).toBe('\uFEFF张伟\r\n');
    await writeOutputAtomic(f, Buffer.from([1, 2, 3]));
    expect([...readFileSync(f)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('fails without touching anything when the target cannot be replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-aw-'));
    const target = join(dir, 'is-a-dir');
    mkdirSync(join(target, 'child'), { recursive: true });
    await expect(writeOutputAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['is-a-dir']); // temp removed
    await expect(writeOutputAtomic(join(dir, 'missing', 'out.json'), 'x')).rejects.toThrow();
  });
});

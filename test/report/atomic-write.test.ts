import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputAtomic, writeOutputsAtomic, OutputWriteError } from '../../src/io/atomic-write.js';

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

describe('writeOutputsAtomic', () => {
  it('writes every file, creating the folders asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-aw-'));
    await writeOutputsAtomic([{ path: join(dir, 'a', 'b', 's1.xlsx'), data: 'one' }, { path: join(dir, 'main.json'), data: 'two' }], { dirs: [join(dir, 'a', 'b')] });
    expect(readFileSync(join(dir, 'a', 'b', 's1.xlsx'), 'utf8')).toBe('one');
    expect(readFileSync(join(dir, 'main.json'), 'utf8')).toBe('two');
    expect(readdirSync(dir).sort()).toEqual(['a', 'main.json']);
  });

  it('a file that cannot be written leaves no file, no temp and no folder it created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-aw-'));
    writeFileSync(join(dir, 'main.json'), 'old');
    mkdirSync(join(dir, 'st', 'S2.xlsx'), { recursive: true });
    const err = await writeOutputsAtomic([
      { path: join(dir, 'new', 'deep', 'S1.xlsx'), data: '1' },
      { path: join(dir, 'st', 'S2.xlsx'), data: '2' },
      { path: join(dir, 'main.json'), data: 'new' },
    ], { dirs: [join(dir, 'new', 'deep')] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputWriteError);
    expect((err as OutputWriteError).target).toBe(join(dir, 'st', 'S2.xlsx'));
    expect((err as OutputWriteError).renamed).toEqual([]);
    expect(readFileSync(join(dir, 'main.json'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['main.json', 'st']); // new/deep removed again
    expect(readdirSync(join(dir, 'st'))).toEqual(['S2.xlsx']);
  });
});

describe('a signal while writing', () => {
  it('removes the temp files and folders it made, and exits as the signal would (SIGTERM: 143)', async () => {
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'kpi-aw-sig-'));
    const mod = join(process.cwd(), 'dist', 'io', 'atomic-write.js');
    // 400 files of 256 KB into a folder the call creates: long enough to be interrupted half-way.
    const script = `
      import { writeOutputsAtomic } from ${JSON.stringify(mod)};
      const data = Buffer.alloc(256 * 1024, 65);
      const files = Array.from({ length: 400 }, (_, i) => ({ path: ${JSON.stringify(join(dir, 'st'))} + '/S' + i + '.xlsx', data }));
      setTimeout(() => process.stdout.write('go\\n'), 0);
      await writeOutputsAtomic(files, { dirs: [${JSON.stringify(join(dir, 'st'))}] });
      process.stdout.write('done\\n');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stderr.on('data', (d) => { err += d; });
    await new Promise<void>((res) => child.stdout.on('data', (d) => { out += d; if (out.includes('go')) res(); }));
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    if (out.includes('done')) return; // finished before the signal: nothing to check on this machine
    expect(code).toBe(143);
    expect(err).toContain('SIGTERM while writing outputs; nothing was written');
    expect(readdirSync(dir)).toEqual([]); // no temp files, and the folder it made is gone
  }, 30_000);
});

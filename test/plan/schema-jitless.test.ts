import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { rawPlan } from '../../src/plan/schema.js';
import { rng } from '../helpers/rng.js';

/**
 * load.ts validates plans with `safeParse(raw, { jitless: true })` (zod's interpreted object
 * parser instead of its generated one: cheaper for one plan per run). Both must give the same
 * data and the same issues, in the same order, on valid and broken plans alike.
 */

const ROOT = path.resolve(__dirname, '../..');

function plans(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) plans(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function both(raw: unknown): [string, string] {
  const show = (r: ReturnType<typeof rawPlan.safeParse>) =>
    JSON.stringify(r.success ? { data: r.data } : { issues: r.error.issues });
  return [show(rawPlan.safeParse(raw)), show(rawPlan.safeParse(raw, { jitless: true }))];
}

type Obj = Record<string, unknown>;
const JUNK: unknown[] = ['x', '', ' ', 3, -1, 0.5, null, true, [], {}, ['a'], { a: 1 }, '85%', '1,200', '2024-07-01'];

/** Every container (object or array) in the value, with its path. */
function containers(v: unknown, out: Obj[] = []): Obj[] {
  if (v && typeof v === 'object') {
    out.push(v as Obj);
    for (const x of Object.values(v as Obj)) containers(x, out);
  }
  return out;
}

describe('plan schema: jitless parse equals the default parse', () => {
  const files = [...plans(path.join(ROOT, 'fixtures')), ...plans(path.join(ROOT, 'test/plan/fixtures'))];

  it('on every plan in the fixtures', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      let raw: unknown;
      try { raw = parse(readFileSync(f, 'utf8')); } catch { continue; }
      const [jit, jitless] = both(raw);
      expect([f, jitless]).toEqual([f, jit]);
    }
  });

  it('on broken variants: keys removed, junk values, unknown keys', () => {
    const r = rng(42);
    let broken = 0;
    for (const f of files) {
      let text: string;
      try { text = readFileSync(f, 'utf8'); if (!parse(text) || typeof parse(text) !== 'object') continue; } catch { continue; }
      for (let n = 0; n < 40; n++) {
        const raw = parse(text) as unknown;
        const cs = containers(raw);
        for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
          const c = cs[Math.floor(r() * cs.length)];
          const keys = Object.keys(c);
          const key = keys.length ? keys[Math.floor(r() * keys.length)] : '0';
          const op = Math.floor(r() * 3);
          if (op === 0) delete c[key];
          else if (op === 1) c[key] = JUNK[Math.floor(r() * JUNK.length)];
          else c[`typo_${key}`] = 1;
        }
        const [jit, jitless] = both(raw);
        if (jit.startsWith('{"issues"')) broken++;
        expect([f, n, jitless]).toEqual([f, n, jit]);
      }
    }
    expect(broken).toBeGreaterThan(100);
  });
});

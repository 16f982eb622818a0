/**
 * The run's language: --lang, else the plan's `language:`, else LANG, else zh (PRODUCT.md §2).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { kpi, SAMPLE_PLAN } from './run.js';
import { langFromEnv, resolveLang } from '../../src/cli/lang.js';
import { KpiExit } from '../../src/diagnostics.js';

describe('langFromEnv / resolveLang', () => {
  it('LANG names zh or another language; unset, C and POSIX name none', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LANG: 'zh_TW' })).toBe('zh');
    expect(langFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'fr_FR' })).toBe('en');
    expect(langFromEnv({ LANG: 'de' })).toBe('en');
    for (const LANG of [undefined, '', 'C', 'C.UTF-8', 'POSIX']) expect(langFromEnv({ LANG }), String(LANG)).toBeNull();
  });
  it('goes --lang → plan → LANG → zh', () => {
    const en = { LANG: 'en_US.UTF-8' };
    expect(resolveLang('zh', { language: 'en' }, en)).toBe('zh');
    expect(resolveLang(undefined, { language: 'zh' }, en)).toBe('zh');
    expect(resolveLang(undefined, {}, en)).toBe('en');
    expect(resolveLang(undefined, null, en)).toBe('en');
    expect(resolveLang(undefined, {}, { LANG: 'C.UTF-8' })).toBe('zh');
    expect(resolveLang(undefined, {}, {})).toBe('zh');
    expect(() => resolveLang('fr', null, {})).toThrow(KpiExit);
  });
});

describe('a plan without language: follows LANG', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kpi-lang-'));
  cpSync(path.dirname(SAMPLE_PLAN), dir, { recursive: true });
  const plan = path.join(dir, 'kpi.yaml');
  writeFileSync(plan, readFileSync(plan, 'utf8').replace(/^language:.*\n/m, ''));
  const run = (args: string[], LANG?: string) => kpi([...args, '--no-color'], { cwd: dir, env: { LANG } });

  it('score tables, payout basis texts and the validate summary are English under LANG=en_US', () => {
    const score = run(['score', '--period', '2024Q3'], 'en_US.UTF-8');
    expect(score.code, score.stderr).toBe(0);
    expect(score.stdout).toContain('KPI scores');
    expect(score.stdout).not.toContain('考核得分');
    const payout = run(['payout', '--period', '2024Q3', '--format', 'json'], 'en_US.UTF-8');
    expect(payout.code, payout.stderr).toBe(0);
    expect(payout.stdout).toContain('(score 103.4729)');
    const validate = run(['validate'], 'en_US.UTF-8');
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('result ok');
    const json = JSON.parse(run(['score', '--period', '2024Q3', '--format', 'json'], 'en_US.UTF-8').stdout);
    expect(json.language).toBe('en');
  });
  it('Chinese under LANG=zh_CN, with no LANG, and under LANG=C', () => {
    for (const LANG of ['zh_CN.UTF-8', undefined, 'C.UTF-8']) {
      const r = run(['score', '--period', '2024Q3'], LANG);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, String(LANG)).toContain('考核得分');
    }
    expect(run(['payout', '--period', '2024Q3', '--format', 'json']).stdout).toContain('（得分 103.4729）');
  });
  it('the plan\'s language: beats LANG, and --lang beats both', () => {
    const zhPlan = kpi(['score', '--plan', SAMPLE_PLAN, '--period', '2024Q3', '--no-color'], { env: { LANG: 'en_US.UTF-8' } });
    expect(zhPlan.stdout).toContain('考核得分');
    expect(run(['score', '--period', '2024Q3', '--lang', 'en'], 'zh_CN.UTF-8').stdout).toContain('KPI scores');
  });
});

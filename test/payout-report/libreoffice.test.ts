/**
 * Recalculation by a real spreadsheet engine, when LibreOffice is installed (skipped otherwise;
 * CI does not need it). The written workbook's cached results are first overwritten with 999 so
 * that only a genuine recalculation can give back the engine's amounts.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { renderPayoutXlsx } from '../../src/report/payout-xlsx.js';
import { RESULT, PLAN, STATS } from './fixtures.js';
import { cachedFromXml } from './xlsx-read.js';

function soffice(): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    try { execFileSync('which', [bin], { stdio: 'pipe' }); return bin; } catch { /* next */ }
  }
  return null;
}
const bin = soffice();

const PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

describe.skipIf(!bin)('LibreOffice recalculation', () => {
  it('recalculates every Payout formula to the engine amount', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpi-lo-'));
    mkdirSync(path.join(dir, 'profile', 'user'), { recursive: true });
    writeFileSync(path.join(dir, 'profile', 'user', 'registrymodifications.xcu'), PROFILE);
    const buf = await renderPayoutXlsx(RESULT, { lang: 'en', plan: PLAN, inputs: STATS, planText: 'version: 1\n' });
    const cached = await cachedFromXml(buf);
    const zip = await JSZip.loadAsync(buf);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', sheet.replace(/(<\/f>)<v>[^<]*<\/v>/g, '$1<v>999</v>'));
    writeFileSync(path.join(dir, 'poisoned.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    execFileSync(bin!, [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1', '--outdir', path.join(dir, 'out'),
      path.join(dir, 'poisoned.xlsx')], { stdio: 'pipe', timeout: 100_000 });
    const csvFile = readdirSync(path.join(dir, 'out')).find((f) => f.endsWith('.csv'))!;
    const rows = Papa.parse<string[]>(readFileSync(path.join(dir, 'out', csvFile), 'utf8').replace(/^\uFEFF/, '')).data;
    let checked = 0;
    for (const [addr, v] of cached) {
      const [, letters, r] = /^([A-Z]+)(\d+)$/.exec(addr)!;
      const got = rows[Number(r) - 1][colNumber(letters) - 1];
      expect({ addr, got: Number(got) }).toEqual({ addr, got: Number(v) });
      checked++;
    }
    expect(checked).toBe(cached.size);
    expect(checked).toBeGreaterThan(40);
  });
});

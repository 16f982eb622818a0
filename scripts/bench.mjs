#!/usr/bin/env node
// `npm run bench`: generates (once, into .bench-cache/, outside git) a synthetic company with
// 100k and 1M sales rows as CSV and xlsx, then runs `kpi score` and `kpi payout` on each as whole
// processes, beside the floor of PRODUCT.md §11 measured in the same run. Prints wall seconds
// (median of several runs), rows/s, peak RSS and the ratio to the floor. Figures, not verdicts.
// Flags: --sizes 100000,1000000  --runs 3  --no-xlsx
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate, toXlsx } from './bench/gen.mjs';
import { measure } from './bench/measure.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.bench-cache');
const BIN = path.join(ROOT, 'bin', 'kpi.js');
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const sizes = arg('--sizes', '100000,1000000').split(',').map(Number);
const runs = Number(arg('--runs', '3'));
const withXlsx = !process.argv.includes('--no-xlsx');
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
const rows = [];
for (const n of sizes) {
  const dir = path.join(CACHE, `n${n}`);
  if (!existsSync(path.join(dir, 'expected.json'))) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${n} sales rows into ${dir} …\n`);
    await generate(dir, n);
  }
  if (withXlsx && !existsSync(path.join(dir, 'surveys.xlsx'))) {
    process.stderr.write(`writing xlsx copies …\n`);
    await toXlsx(dir);
  }
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  const floor = [];
  for (let i = 0; i < runs; i++) floor.push(measure(process.execPath, [path.join(ROOT, 'scripts', 'bench', 'floor.mjs'), path.join(dir, 'sales.csv')]));
  const floorWall = median(floor.map((r) => r.wall));
  rows.push({ n, form: 'csv', cmd: 'floor scan', wall: floorWall, rss: median(floor.map((r) => r.rssMB)), ratio: 1 });
  for (const form of withXlsx ? ['csv', 'xlsx'] : ['csv']) {
    const plan = path.join(dir, form === 'csv' ? 'kpi.yaml' : 'kpi-xlsx.yaml');
    for (const cmd of ['score', 'payout']) {
      const out = path.join(dir, `${cmd}-${form}.json`);
      const res = [];
      const k = form === 'xlsx' ? 1 : runs;
      for (let i = 0; i < k; i++) res.push(measure(process.execPath, [BIN, cmd, '--plan', plan, '--period', '2024Q3', '--format', 'json', '--out', out, '--quiet']));
      const bad = res.find((r) => r.code !== 0);
      if (bad) { console.error(`${cmd} ${form} ${n}: exit ${bad.code}\n${bad.stderr.slice(0, 2000)}`); process.exitCode = 1; continue; }
      const wall = median(res.map((r) => r.wall));
      let check = '';
      if (cmd === 'score') {
        const doc = JSON.parse(readFileSync(out, 'utf8'));
        const rev = doc.company.kpis.find((x) => x.metric === 'revenue');
        const want = expected.q3_total_e4 / 10000;
        const sumEmp = doc.employees.reduce((s, e) => s + (e.kpis.find((x) => x.metric === 'revenue')?.actual ?? 0), 0);
        check = Math.abs(rev.actual - want) < 0.005 && Math.abs(sumEmp - want) < 0.5 ? 'totals ok' : `TOTALS DIFFER: kpi ${rev.actual} vs scan ${want}`;
        if (!check.startsWith('totals ok')) process.exitCode = 1;
      }
      rows.push({ n, form, cmd: `kpi ${cmd}`, wall, rss: median(res.map((r) => r.rssMB)), ratio: wall / floorWall, check, runs: k });
    }
  }
}
const pad = (s, w) => String(s).padStart(w);
console.log(`\n${'rows'.padStart(9)} ${'input'.padEnd(5)} ${'command'.padEnd(11)} ${pad('wall s', 8)} ${pad('rows/s', 10)} ${pad('peak MB', 8)} ${pad('× floor', 8)}  check`);
for (const r of rows) {
  console.log(`${pad(r.n, 9)} ${r.form.padEnd(5)} ${r.cmd.padEnd(11)} ${pad(r.wall.toFixed(2), 8)} ${pad(Math.round(r.n / r.wall).toLocaleString('en'), 10)} ${pad(r.rss.toFixed(0), 8)} ${pad(r.ratio.toFixed(2), 8)}  ${r.check ?? ''}`);
}
console.log(`\nmedian of ${runs} runs (xlsx: 1 run); floor = single pass over the sales CSV bytes (§11).`);

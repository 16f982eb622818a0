#!/usr/bin/env node
// `npm run bench`: generates (once, into .bench-cache/, outside git) a synthetic company with
// 100k and 1M sales rows as CSV and xlsx, then runs `kpi score` and `kpi payout` on each as whole
// processes, beside the floor of PRODUCT.md §11 measured in the same run. Prints, per command and
// input form, wall seconds (median of several runs), rows/s, peak RSS and the ratio to the floor,
// the sizes side by side, and how time and memory scale from the smallest size to the largest.
// Checks kpi's JSON totals against the generator's own tiny aggregation. Builds dist/ if missing.
// Flags: --sizes 100000,1000000  --runs 3  --no-xlsx
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
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
  process.stderr.write('dist/ is missing: building it (tsc) …\n');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) { console.error('build failed: run `npm install` (it builds dist/) and try again'); process.exit(1); }
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
  // The CSV runs take turns — floor, score, payout, floor, … — so that the ratio compares runs made
  // under the same conditions (a shared machine's speed drifts by ±20% over a minute).
  const kpiArgs = (cmd, form) => [cmd, '--plan', path.join(dir, form === 'csv' ? 'kpi.yaml' : 'kpi-xlsx.yaml'), '--period', '2024Q3',
    '--format', 'json', '--out', path.join(dir, `${cmd}-${form}.json`), '--quiet'];
  const floor = [];
  const csvRuns = { score: [], payout: [] };
  for (let i = 0; i < runs; i++) {
    floor.push(measure(process.execPath, [path.join(ROOT, 'scripts', 'bench', 'floor.mjs'), path.join(dir, 'sales.csv')]));
    // BIN runs through its shebang, as `kpi` does for users (it carries node's flags: see bin/kpi.js).
    for (const cmd of ['score', 'payout']) csvRuns[cmd].push(measure(BIN, kpiArgs(cmd, 'csv')));
  }
  const floorWall = median(floor.map((r) => r.wall));
  rows.push({ n, form: 'csv', cmd: 'floor scan', wall: floorWall, rss: median(floor.map((r) => r.rssMB)), ratio: 1 });
  for (const form of withXlsx ? ['csv', 'xlsx'] : ['csv']) {
    for (const cmd of ['score', 'payout']) {
      const out = path.join(dir, `${cmd}-${form}.json`);
      const k = form === 'xlsx' ? 1 : runs;
      const res = form === 'csv' ? csvRuns[cmd] : [measure(BIN, kpiArgs(cmd, form))];
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
const fmt = (r) => r
  ? `${pad(r.wall.toFixed(2), 7)} ${pad(Math.round(r.n / r.wall).toLocaleString('en'), 9)} ${pad(r.rss.toFixed(0), 6)} ${pad(r.ratio.toFixed(2), 6)}`
  : `${pad('-', 7)} ${pad('-', 9)} ${pad('-', 6)} ${pad('-', 6)}`;
const lineKeys = [...new Set(rows.map((r) => `${r.form}|${r.cmd}`))];
const head = sizes.map((n) => `${`── ${n.toLocaleString('en')} rows `.padEnd(32, '─')}`).join('  ');
console.log(`\n${''.padEnd(5)} ${''.padEnd(11)}  ${head}  scaling ${sizes[0].toLocaleString('en')}→${sizes[sizes.length - 1].toLocaleString('en')}`);
console.log(`${'input'.padEnd(5)} ${'command'.padEnd(11)}  ${sizes.map(() => `${pad('wall s', 7)} ${pad('rows/s', 9)} ${pad('peakMB', 6)} ${pad('×floor', 6)}`).join('  ')}  ${pad('time', 6)} ${pad('memory', 6)}  check`);
for (const key of lineKeys) {
  const [form, cmd] = key.split('|');
  const per = sizes.map((n) => rows.find((r) => r.n === n && r.form === form && r.cmd === cmd));
  const a = per[0], b = per[per.length - 1];
  const scale = a && b && a !== b ? `${pad(`${(b.wall / a.wall).toFixed(1)}×`, 6)} ${pad(`${(b.rss / a.rss).toFixed(1)}×`, 6)}` : `${pad('', 6)} ${pad('', 6)}`;
  const checks = per.map((r) => r?.check).filter(Boolean);
  const check = checks.length === 0 ? '' : checks.every((c) => c.startsWith('totals ok')) ? 'totals ok' : checks.find((c) => !c.startsWith('totals ok'));
  console.log(`${form.padEnd(5)} ${cmd.padEnd(11)}  ${per.map(fmt).join('  ')}  ${scale}  ${check}`);
}
console.log(`\nmedian of ${runs} runs (xlsx: 1 run); floor = single pass over the sales CSV bytes (§11); peak MB = peak RSS.`);
console.log('goals (§11, 2-core machine): csv score ≤ 2.5 × floor and ≤ 256 MB, payout about the same; xlsx ≤ 25 s and ≤ 400 MB;');
console.log(`10× the rows ≈ 10× the time, well under 10× the memory.`);

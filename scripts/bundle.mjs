#!/usr/bin/env node
// Links the compiled CLI (dist/, written by tsc) into dist/kpi/: one ES module per command plus
// shared chunks, which is what bin/kpi.js runs.
//
// Why: `kpi score` otherwise loads ~150 small ES modules (zod alone is 95) and pays Node's module
// resolution, file reads and compiles for each — ~120 ms of a 1M-row run measured on this
// machine, vs ~60 ms for the linked form (docs/bench.md). esbuild only links: tsc stays the
// compiler and type checker. exceljs, unzipper and jszip stay outside the bundle (big, CommonJS,
// and loaded only when an xlsx is read or written); commands and report formats stay lazy chunks.
// dist/kpi/ sits at the same depth as dist/cli/: code that finds the package from import.meta.url
// (cli/pipeline.ts PACKAGE_ROOT, the sample for `kpi init`) works unchanged in both layouts.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'kpi');

rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: [path.join(ROOT, 'dist', 'cli', 'main.js')],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['exceljs', 'unzipper', 'jszip'],
  // Bundled CommonJS packages (yaml, papaparse, …) call require(): give the ES chunks one.
  banner: { js: "import { createRequire as __kpiCreateRequire } from 'node:module'; const require = __kpiCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});

#!/usr/bin/env -S node --max-semi-space-size=8
// The launcher: the compiled CLI lives in dist/ (built by `npm install` via `prepare`, or `npm run build`).
//
// It runs dist/kpi/ — the same compiled code linked into a few files by scripts/bundle.mjs, which
// starts ~60 ms faster than loading ~150 small modules — unless that is missing or older than
// dist/cli/main.js (someone ran only `tsc`): a stale bundle is never run.
//
// --max-semi-space-size=8 (MB; Node 20's default is 16): a smaller young generation. Loading a
// million sales rows makes short-lived strings at a high rate; with 8 MB semi-spaces the peak RSS
// of `kpi score` on 1M CSV rows drops by ~15 MB (≈250 → ≈235 MB, PRODUCT.md §11 asks ≤ 256) at the
// same speed (docs/bench.md). It must be on the command line: V8 sizes the heap at startup, and
// v8.setFlagsFromString here took only part of the effect. `kpi`/`npx kpi` run this file through
// the shebang, so they get it; `node bin/kpi.js` does not (the tool works either way). env -S
// (coreutils ≥ 8.30, macOS, FreeBSD) passes the flag to node.
import { statSync } from 'node:fs';

const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const linked = mtime('../dist/kpi/main.js') >= mtime('../dist/cli/main.js');
const { main } = await import(linked ? '../dist/kpi/main.js' : '../dist/cli/main.js');
main(process.argv);

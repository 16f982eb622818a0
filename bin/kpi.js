#!/usr/bin/env -S node --max-semi-space-size=8 --expose-gc
// The launcher: the compiled CLI lives in dist/ (built by `npm install` via `prepare`, or `npm run build`).
//
// It runs dist/kpi/ — the same compiled code linked into a few files by scripts/bundle.mjs, which
// starts ~60 ms faster than loading ~150 small modules — unless that is missing or older than
// dist/cli/main.js (someone ran only `tsc`): a stale bundle is never run. (tsc here is not
// incremental, so every build rewrites dist/cli/main.js; keep it so, or compare more files.)
//
// --max-semi-space-size=8 (MB; Node 20's default is 16): a smaller young generation. Loading a
// million sales rows makes short-lived strings at a high rate; with 8 MB semi-spaces the peak RSS
// of `kpi score` on 1M CSV rows drops by ~15 MB (≈250 → ≈235 MB, PRODUCT.md §11 asks ≤ 256) at the
// same speed (docs/bench.md). It must be on the command line: V8 sizes the heap at startup, and
// v8.setFlagsFromString here took only part of the effect. `kpi`/`npx kpi` run this file through
// the shebang, so they get it; `node bin/kpi.js` does not (the tool works either way). env -S
// (coreutils ≥ 8.30, macOS, FreeBSD) passes the flags to node.
//
// --expose-gc: lets the CLI run a full collection at the two points where tens of megabytes have
// just become garbage and the next step allocates about as much — after the exports are read,
// and after the engine has indexed the sales rows and let them go (cli/pipeline.ts
// collectGarbage). V8 would collect them only later, after the process had grown for the new
// data beside the old: peak RSS of `kpi score` on 1M CSV rows ≈225 → ≈185 MB, at the same CPU
// time. Without the flag (`node bin/kpi.js`, tests) those calls do nothing.
// Not set here: glibc's MALLOC_MMAP_THRESHOLD_ (env -S could): ~15 MB less again, but ~0.07 s
// more system time (fresh pages for every large array) and no effect outside glibc.
import { statSync } from 'node:fs';

const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const linked = mtime('../dist/kpi/main.js') >= mtime('../dist/cli/main.js');
const { main } = await import(linked ? '../dist/kpi/main.js' : '../dist/cli/main.js');
main(process.argv);

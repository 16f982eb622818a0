#!/usr/bin/env -S node --max-semi-space-size=8
// The launcher: the compiled CLI lives in dist/ (built by `npm install` via `prepare`, or `npm run build`).
//
// --max-semi-space-size=8 (MB; Node 20's default is 16): a smaller young generation. Loading a
// million sales rows makes short-lived strings at a high rate; with 8 MB semi-spaces the peak RSS
// of `kpi score` on 1M CSV rows drops by ~15 MB (≈250 → ≈235 MB, PRODUCT.md §11 asks ≤ 256) at the
// same speed (docs/bench.md). It must be on the command line: V8 sizes the heap at startup, and
// v8.setFlagsFromString here took only part of the effect. `kpi`/`npx kpi` run this file through
// the shebang, so they get it; `node bin/kpi.js` does not (the tool works either way). env -S
// (coreutils ≥ 8.30, macOS, FreeBSD) passes the flag to node.
import { main } from '../dist/cli/main.js';
main(process.argv);

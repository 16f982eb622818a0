#!/usr/bin/env node
// The launcher: the compiled CLI lives in dist/ (built by `npm install` via `prepare`, or `npm run build`).
import { main } from '../dist/cli/main.js';
main(process.argv);

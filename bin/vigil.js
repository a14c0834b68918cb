#!/usr/bin/env node
// Runs Vigil's compiled JavaScript (dist/, produced by `npm install` through `prepare`, or by
// `npm run build`). No TypeScript is transpiled at run time; `npm run dev` runs the sources.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');

const entry = new URL('../dist/cli/entry.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('vigil: the compiled code (dist/) is missing: run `npm install` or `npm run build` first\n');
  process.exit(1);
}
await import(entry.href);

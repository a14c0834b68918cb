#!/usr/bin/env node
// Runs Vigil's TypeScript sources through tsx, so `npx vigil` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

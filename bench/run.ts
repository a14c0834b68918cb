/**
 * `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after the
 * other in its own process, so one benchmark's memory does not colour the next one's.
 * Benchmarks print their own tables; figures are for this machine only.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)))
  .sort();

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(folder, file)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.log(`${file} failed with status ${result.status}`);
  }
}
if (files.length === 0) console.log('no benchmark matched');
process.exitCode = failed > 0 ? 1 : 0;

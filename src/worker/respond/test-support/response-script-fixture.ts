/**
 * A response script for the kill tests, standing in for a firewall: it journals every
 * invocation (`start KEY PID`, `done KEY`), works for `workMs`, then records its effect once per
 * idempotency key (an exclusive-create marker file, as `nft add element` adds a set element
 * once) and appends the key to the effect log only when it created the marker.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResponseScriptFixture {
  path: string;
  journal: string;
  /** Keys whose effect was recorded, one entry per recording. */
  effects(): string[];
  /** How many times the script was started per key. */
  invocations(): Map<string, number>;
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

export function writeResponseScript(folder: string, workMs: number): ResponseScriptFixture {
  const path = join(folder, 'response-script.mjs');
  const journal = join(folder, 'journal.log');
  const effectLog = join(folder, 'effects.log');
  const markers = join(folder, 'effects');
  mkdirSync(markers, { recursive: true });
  writeFileSync(journal, '');
  writeFileSync(effectLog, '');
  writeFileSync(
    path,
    `import { appendFileSync, writeFileSync } from 'node:fs';
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { idempotencyKey } = JSON.parse(input);
  appendFileSync(${JSON.stringify(journal)}, 'start ' + idempotencyKey + ' ' + process.pid + '\\n');
  setTimeout(() => {
    try {
      writeFileSync(${JSON.stringify(markers)} + '/' + Buffer.from(idempotencyKey).toString('hex'), '', { flag: 'wx' });
      appendFileSync(${JSON.stringify(effectLog)}, idempotencyKey + '\\n');
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    appendFileSync(${JSON.stringify(journal)}, 'done ' + idempotencyKey + '\\n');
    console.log(JSON.stringify({ applied: idempotencyKey }));
  }, ${workMs});
});
`,
  );
  return {
    path,
    journal,
    effects: () => lines(effectLog),
    invocations() {
      const counts = new Map<string, number>();
      for (const line of lines(journal)) {
        const [kind, key] = line.split(' ');
        if (kind === 'start' && key) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
  };
}

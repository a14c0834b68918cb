import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';

const child = join(import.meta.dirname, '__fixtures__', 'tail-child.ts');

function run(arguments_: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, ...arguments_], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const exited = (process: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    process.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );

describe('tailFile checkpoints', () => {
  it('resumes after SIGKILL mid-file with no line read twice and none skipped', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-tail-'));
    try {
      const log = join(folder, 'app.log');
      const output = join(folder, 'output.tsv');
      const checkpoint = join(folder, 'checkpoint.json');
      const total = 8000;
      const lines = Array.from({ length: total }, (_, index) =>
        JSON.stringify({ n: index + 1, message: `event ${index + 1}` }),
      );
      writeFileSync(log, `${lines.join('\n')}\n`);

      const first = run([log, output, checkpoint]);
      const firstExit = exited(first);
      // Kill it once it has committed part of the file, wherever it is in its loop.
      while (!existsSync(checkpoint) || statSync(output).size < 40_000) await sleep(20);
      first.kill('SIGKILL');
      expect(await firstExit).toBe(-1);
      const committedBefore = readFileSync(output, 'utf8').split('\n').length - 1;
      expect(committedBefore).toBeGreaterThan(0);
      expect(committedBefore).toBeLessThan(total);

      expect(await exited(run([log, output, checkpoint]))).toBe(0);
      const written = readFileSync(output, 'utf8').trimEnd().split('\n');
      expect(written).toHaveLength(total);
      expect(written).toEqual(lines.map((line, index) => `${index + 1}\t${line}`));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

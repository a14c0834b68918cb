/**
 * One process run under GNU time (/usr/bin/time): its wall time, CPU time (user + system) and
 * peak memory as the user sees them, start-up included. Shared by the benchmarks that run the CLI.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Measure {
  wall: number;
  cpu: number;
  rssMb: number;
}

export const hasGnuTime = () => existsSync('/usr/bin/time');

export function measure(command: string[], options: { cwd: string; env?: Record<string, string> }): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...command], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const line = result.stderr.split('\n').find((item) => item.startsWith('TIME '));
  if (result.status !== 0 || line === undefined)
    throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr.slice(-600)}`);
  const [wall, user, system, rss] = line.slice(5).split(' ').map(Number) as [number, number, number, number];
  return { wall, cpu: user + system, rssMb: rss / 1024 };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export const summarise = (measures: Measure[]): Measure => ({
  wall: median(measures.map((item) => item.wall)),
  cpu: median(measures.map((item) => item.cpu)),
  rssMb: median(measures.map((item) => item.rssMb)),
});

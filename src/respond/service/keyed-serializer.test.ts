import { expect, it } from 'vitest';
import type { ApprovalRequest, Run } from '../../core/index.js';
import { runIsReady } from '../orchestrator/run-readiness.js';
import { KeyedSerializer } from './keyed-serializer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('runs work for one key one at a time, in order, even after a failure, and other keys alongside', async () => {
  const serializer = new KeyedSerializer();
  const log: string[] = [];
  const job = (key: string, name: string, ms: number, fail = false) =>
    serializer.run(key, async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    });
  const results = await Promise.allSettled([job('run-1', 'a', 30, true), job('run-1', 'b', 5), job('run-2', 'c', 5)]);
  expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
  expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'));
  expect(serializer.size).toBe(0);
});

it('counts a run as ready when it is pending or running, or when an approval it waits for was decided', () => {
  const step = (status: string, approvalRequestId?: string) => ({
    status,
    ...(approvalRequestId ? { approvalRequestId } : {}),
  });
  const run = (status: Run['status'], steps: object[]) => ({ status, steps }) as unknown as Run;
  const requests = new Map([
    ['apr-open', { status: 'pending' } as ApprovalRequest],
    ['apr-done', { status: 'approved' } as ApprovalRequest],
  ]);
  expect(runIsReady(run('running', []), requests)).toBe(true);
  expect(runIsReady(run('pending', []), requests)).toBe(true);
  expect(runIsReady(run('succeeded', []), requests)).toBe(false);
  expect(runIsReady(run('awaiting-approval', [step('awaiting-approval', 'apr-open')]), requests)).toBe(false);
  expect(runIsReady(run('awaiting-approval', [step('awaiting-approval', 'apr-done')]), requests)).toBe(true);
  expect(runIsReady(run('awaiting-approval', [step('awaiting-approval', 'apr-unknown')]), requests)).toBe(false);
});

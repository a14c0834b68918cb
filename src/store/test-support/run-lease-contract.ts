/**
 * The lease behaviour every `RunStore` must show (each backend's test calls it with a factory
 * that opens fresh, empty stores): one holder at a time, and a write under a lease that lapsed
 * or was taken over refused with the typed `run-lease-lost` conflict, changing nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '../../core/index.js';
import type { Stores } from '../stores.js';

const at = '2026-05-01T10:00:00.000Z';

export const sampleRun = (id: string, status: Run['status'] = 'running'): Run => ({
  id,
  status,
  dryRun: false,
  requestedBy: 'alice',
  cancelRequested: false,
  createdAt: at,
  updatedAt: at,
  steps: [],
});

export function runLeaseContract(name: string, open: () => Promise<Stores>): void {
  describe(`Run lease contract: ${name}`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => {
      await stores.close();
    });

    it('counts runs by status in the database', async () => {
      const { runs } = stores;
      expect(await runs.countRuns(['failed', 'rollback-failed'])).toBe(0);
      for (const [id, status] of [
        ['r1', 'failed'],
        ['r2', 'rollback-failed'],
        ['r3', 'succeeded'],
        ['r4', 'failed'],
      ] as const)
        await runs.saveRun(sampleRun(id, status));
      await runs.saveRun(sampleRun('r4', 'succeeded'));
      expect(await runs.countRuns(['failed', 'rollback-failed'])).toBe(2);
      expect(await runs.countRuns(['succeeded'])).toBe(2);
      expect(await runs.countRuns([])).toBe(0);
    });

    it('lets one holder at a time take a run lease, and takes over a holder named as dead', async () => {
      const { runs } = stores;
      expect((await runs.acquireRunLease('r1', 'first', 60_000)).acquired).toBe(true);
      expect(await runs.acquireRunLease('r1', 'second', 60_000)).toMatchObject({ acquired: false, holder: 'first' });
      expect((await runs.acquireRunLease('r1', 'first', 60_000)).acquired).toBe(true);
      expect((await runs.acquireRunLease('r1', 'second', 60_000, 'first')).acquired).toBe(true);
      await runs.releaseRunLease('r1', 'first');
      expect((await runs.acquireRunLease('r1', 'first', 60_000)).holder).toBe('second');
      await runs.releaseRunLease('r1', 'second');
      expect((await runs.acquireRunLease('r1', 'first', 60_000)).acquired).toBe(true);
    });

    it('saves a run only for the live holder of its lease; a lost lease gets run-lease-lost and writes nothing', async () => {
      const { runs } = stores;
      await runs.saveRun(sampleRun('r1', 'pending'));
      await runs.acquireRunLease('r1', 'first', 60_000);
      await runs.saveRunHoldingLease(sampleRun('r1', 'running'), 'first');
      expect((await runs.getRun('r1'))?.status).toBe('running');

      await runs.acquireRunLease('r1', 'second', 60_000, 'first');
      await runs.saveRunHoldingLease({ ...sampleRun('r1', 'awaiting-approval') }, 'second');
      await expect(runs.saveRunHoldingLease(sampleRun('r1', 'succeeded'), 'first')).rejects.toMatchObject({
        code: 'run-lease-lost',
        location: { objectId: 'r1' },
      });
      expect((await runs.getRun('r1'))?.status).toBe('awaiting-approval');

      await runs.releaseRunLease('r1', 'second');
      await expect(runs.saveRunHoldingLease(sampleRun('r1', 'failed'), 'second')).rejects.toMatchObject({
        code: 'run-lease-lost',
      });
      await runs.acquireRunLease('r1', 'third', 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expect(runs.saveRunHoldingLease(sampleRun('r1', 'failed'), 'third')).rejects.toMatchObject({
        code: 'run-lease-lost',
      });
      expect((await runs.getRun('r1'))?.status).toBe('awaiting-approval');
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, Run } from '../../core/index.js';
import { openStores } from '../open-store.js';

const run = (id: string, incidentId: string, createdAt: string): Run => ({
  id,
  incidentId,
  status: 'running',
  dryRun: false,
  requestedBy: 'alice',
  cancelRequested: false,
  createdAt,
  updatedAt: createdAt,
  steps: [],
});

const request = (id: string): ApprovalRequest => ({
  id,
  actionType: 'notify',
  target: { kind: 'host', value: 'ws01' },
  risk: 'low',
  status: 'pending',
  requiredApprovers: 1,
  approvedBy: [],
  reasons: [],
  createdAt: '2024-05-01T10:00:00.000Z',
  deadline: '2024-05-01T11:00:00.000Z',
  onTimeout: 'deny',
});

describe('run store reads for many incidents at once (SQLite)', () => {
  it('lists the newest runs of each incident, up to the limit per incident', async () => {
    const { runs, store } = await openStores(':memory:');
    try {
      await runs.saveRun(run('r1', 'i1', '2024-05-01T10:00:00.000Z'));
      await runs.saveRun(run('r2', 'i1', '2024-05-01T11:00:00.000Z'));
      await runs.saveRun(run('r3', 'i1', '2024-05-01T12:00:00.000Z'));
      await runs.saveRun(run('r4', 'i2', '2024-05-01T10:00:00.000Z'));
      await runs.saveRun(run('r5', 'i3', '2024-05-01T10:00:00.000Z'));
      const found = await runs.listRuns({ incidentIds: ['i1', 'i2', 'i9'], limit: 2 });
      expect(found.map((item) => item.id).sort()).toEqual(['r2', 'r3', 'r4']);
    } finally {
      await store.close();
    }
  });

  it('fetches approval requests by id', async () => {
    const { runs, store } = await openStores(':memory:');
    try {
      await runs.saveApprovalRequest(request('q1'));
      await runs.saveApprovalRequest(request('q2'));
      expect((await runs.getApprovalRequests(['q2', 'q9'])).map((item) => item.id)).toEqual(['q2']);
      expect(await runs.getApprovalRequests([])).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../../store/index.js';
import { parsePolicy } from '../policy/load-policy.js';
import { ApprovalQueue } from './approval-queue.js';

const step = {
  ref: 'isolate',
  actionType: 'isolate-host' as const,
  target: { kind: 'host' as const, value: 'ws-fin-07' },
  risk: 'high' as const,
  proposalId: 'proposal-1',
};
const twoPeople = { outcome: 'approval' as const, approvers: 2, reasons: ['needs two distinct analysts (risk high)'] };

describe('approval queue', () => {
  let stores: Stores;
  let escalations: string[];
  let queue: ApprovalQueue;
  beforeEach(async () => {
    stores = await openStores(':memory:');
    escalations = [];
    queue = new ApprovalQueue({
      store: stores.store,
      runs: stores.runs,
      onEscalate: async (request) => void escalations.push(`${request.id}→${request.escalateTo}`),
    });
  });
  afterEach(() => stores.close());

  const open = (policyText = 'version: 1\napproval: { timeout: 30m, escalateAfter: 10m, escalateTo: cert-lead }\n') =>
    queue.request({
      runId: 'run-1',
      incidentId: 'incident-1',
      step,
      decision: twoPeople,
      policy: parsePolicy(policyText),
      actor: 'policy',
      now: new Date('2024-05-06T10:00:00Z'),
    });

  it('needs two distinct analysts, records each decision as approval, feedback and audit', async () => {
    const request = await open();
    expect(await open()).toEqual(request);
    const first = await queue.approve(request.id, {
      analyst: 'alice',
      reason: 'C2 confirmed',
      now: new Date('2024-05-06T10:01:00Z'),
    });
    expect(first).toMatchObject({ status: 'pending', approvedBy: ['alice'] });
    await expect(
      queue.approve(request.id, { analyst: 'Alice', now: new Date('2024-05-06T10:02:00Z') }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const second = await queue.approve(request.id, { analyst: 'bob', now: new Date('2024-05-06T10:03:00Z') });
    expect(second).toMatchObject({ status: 'approved', approvedBy: ['alice', 'bob'] });
    expect((await stores.store.listApprovals('proposal-1')).map((approval) => approval.decidedBy)).toEqual([
      'alice',
      'bob',
    ]);
    expect((await stores.store.listFeedback('incident-1')).map((feedback) => feedback.actionFeedback)).toEqual([
      'approved',
      'approved',
    ]);
    const actions = (await stores.store.listAudit({ subjectId: request.id })).map((entry) => entry.action);
    expect(actions).toEqual(['approval-requested', 'action-approved', 'action-approved', 'approval-granted']);
    expect(await queue.trackRecord()).toEqual({ 'isolate-host': { approved: 1, rejected: 0 } });
  });

  it('lets one analyst reject, and the rejection counts in the track record', async () => {
    const request = await open();
    expect(
      await queue.reject(request.id, {
        analyst: 'carol',
        reason: 'this is the CFO laptop, call first',
        now: new Date('2024-05-06T10:01:00Z'),
      }),
    ).toMatchObject({ status: 'rejected' });
    await expect(queue.approve(request.id, { analyst: 'dave', now: new Date('2024-05-06T10:02:00Z') })).rejects.toThrow(
      /rejected, not pending/,
    );
    expect((await stores.store.listFeedback('incident-1'))[0]).toMatchObject({
      actionFeedback: 'rejected',
      comment: 'this is the CFO laptop, call first',
    });
    expect(await queue.trackRecord()).toEqual({ 'isolate-host': { approved: 0, rejected: 1 } });
  });

  it('escalates once, then times out to deny by default', async () => {
    const request = await open();
    expect((await queue.sweep(new Date('2024-05-06T10:05:00Z'))).escalated).toHaveLength(0);
    expect((await queue.sweep(new Date('2024-05-06T10:11:00Z'))).escalated).toHaveLength(1);
    expect((await queue.sweep(new Date('2024-05-06T10:12:00Z'))).escalated).toHaveLength(0);
    expect(escalations).toEqual([`${request.id}→cert-lead`]);
    const { timedOut } = await queue.sweep(new Date('2024-05-06T10:30:00Z'));
    expect(timedOut.map((entry) => entry.status)).toEqual(['timed-out']);
    expect(await queue.trackRecord()).toEqual({});
  });

  it('times out to approve only when the policy says so', async () => {
    await open('version: 1\napproval: { timeout: 5m, onTimeout: approve }\n');
    const { timedOut } = await queue.sweep(new Date('2024-05-06T10:06:00Z'));
    expect(timedOut.map((entry) => entry.status)).toEqual(['approved']);
    expect(await queue.trackRecord()).toEqual({});
  });

  it('refuses a decision after the deadline even if nobody swept', async () => {
    const request = await open();
    await expect(
      queue.approve(request.id, { analyst: 'alice', now: new Date('2024-05-06T11:00:00Z') }),
    ).rejects.toThrow(/timed-out/);
    await expect(queue.approve('apr-unknown', { analyst: 'alice' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(queue.approve(request.id, { analyst: ' ' })).rejects.toMatchObject({ code: 'usage' });
  });
});

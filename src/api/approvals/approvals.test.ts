import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planRunId } from '../response/response-desk.js';
import { type ApiFixture, createFixture, incidentId } from '../test-support/api-fixture.js';

let fixture: ApiFixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.close());

const decide = (user: string, proposalId: string, body: Record<string, unknown>) =>
  fixture.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/proposals/${proposalId}/decision`,
    headers: fixture.auth(user),
    payload: body,
  });

const executed = () => fixture.connector.calls.filter((call) => call.mode === 'execute').map((call) => call.actionType);

describe('decisions through the approval queue, two-person rule enforced by the server', () => {
  it('approves a medium-risk action with one analyst; the run then carries it out', async () => {
    const response = await decide('analyst', 'proposal-medium', { decision: 'approved', reason: 'confirmed C2' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'approved',
      approvedBy: ['analyst'],
      requiredApprovers: 1,
      policy: { outcome: 'approval', approvers: 1 },
      run: { id: planRunId(incidentId) },
    });
    await fixture.desk.scheduler.idle();
    // notify is automatic under the fixture's policy; block-ip ran once approved; isolate-host still waits
    expect(executed().sort()).toEqual(['block-ip', 'notify']);
    const run = await fixture.stores.runs.getRun(planRunId(incidentId));
    expect(run?.steps.map((step) => `${step.actionType}:${step.status}`)).toEqual([
      'notify:succeeded',
      'block-ip:succeeded',
      'isolate-host:awaiting-approval',
    ]);
    const audit = await fixture.stores.store.listAudit();
    const approved = audit.find((entry) => entry.action === 'action-approved');
    expect(approved).toMatchObject({ actor: 'analyst', details: { reason: 'confirmed C2', actionType: 'block-ip' } });
    expect(audit.some((entry) => entry.action === 'run-created' && entry.actor === 'vigil')).toBe(true);
    expect((await fixture.stores.store.verifyAudit()).valid).toBe(true);
    const feedback = await fixture.stores.store.listFeedback(incidentId);
    expect(feedback).toMatchObject([{ proposalId: 'proposal-medium', actionFeedback: 'approved', author: 'analyst' }]);
  });

  it('refuses the requester approving their own plan', async () => {
    const response = await decide('vigil', 'proposal-medium', { decision: 'approved' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toMatch(/requested this action/);
    expect(await fixture.stores.store.listApprovals('proposal-medium')).toHaveLength(0);
  });

  it('needs two distinct approvers for a high-risk action, the releasing one a responder or admin', async () => {
    const first = await decide('analyst', 'proposal-high', { decision: 'approved', reason: 'isolate' });
    expect(first.json()).toMatchObject({ status: 'pending', approvedBy: ['analyst'], requiredApprovers: 2 });
    const again = await decide('analyst', 'proposal-high', { decision: 'approved', reason: 'isolate, really' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/2 distinct approvers/);
    const secondAnalyst = await decide('analyst-2', 'proposal-high', { decision: 'approved' });
    expect(secondAnalyst.statusCode).toBe(403);
    expect(secondAnalyst.json().error.message).toMatch(/responder or admin must give it/);
    await fixture.desk.scheduler.idle();
    expect(executed()).not.toContain('isolate-host');
    const second = await decide('responder', 'proposal-high', { decision: 'approved', reason: 'agreed' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'approved', approvedBy: ['analyst', 'responder'] });
    await fixture.desk.scheduler.idle();
    expect(executed()).toContain('isolate-host');
  });

  it('serialises concurrent approvals of one user so only one counts', async () => {
    const responses = await Promise.all([
      decide('analyst', 'proposal-high', { decision: 'approved' }),
      decide('analyst', 'proposal-high', { decision: 'approved' }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(await fixture.stores.store.listApprovals('proposal-high')).toHaveLength(1);
  });

  it('needs a reason to reject; a rejected action never runs and cannot be approved afterwards', async () => {
    const bare = await decide('analyst', 'proposal-medium', { decision: 'rejected' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues).toEqual([{ path: 'reason', message: 'a rejection needs a reason' }]);
    const rejected = await decide('analyst', 'proposal-medium', { decision: 'rejected', reason: 'false positive' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectedBy: 'analyst' });
    const late = await decide('analyst-2', 'proposal-medium', { decision: 'approved' });
    expect(late.statusCode).toBe(409);
    await fixture.desk.scheduler.idle();
    expect(executed()).not.toContain('block-ip');
    const step = (await fixture.stores.runs.getRun(planRunId(incidentId)))?.steps.find(
      (candidate) => candidate.actionType === 'block-ip',
    );
    expect(step?.status).toBe('rejected');
  });

  it('says so when the policy needs no approval for an action', async () => {
    const response = await decide('analyst', 'proposal-low', { decision: 'approved' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(/runs this action automatically/);
  });

  it('lists pending actions in the approval queue and drops decided ones', async () => {
    await fixture.desk.ensurePlanRun(incidentId);
    const queue = async (status?: string) =>
      (
        await fixture.app.inject({
          url: `/api/v1/approvals${status ? `?status=${status}` : ''}`,
          headers: fixture.auth('viewer'),
        })
      ).json() as { items: { proposal: { id: string }; requestedBy: string; approvalRequestId?: string }[] };
    const before = await queue();
    expect(before.items.map((item) => item.proposal.id).sort()).toEqual(['proposal-high', 'proposal-medium']);
    expect(before.items.every((item) => item.approvalRequestId?.startsWith('apr-'))).toBe(true);
    expect((await queue('automatic')).items.map((item) => item.proposal.id)).toEqual(['proposal-low']);
    await decide('analyst', 'proposal-medium', { decision: 'approved' });
    expect((await queue()).items).toHaveLength(1);
    expect((await queue('approved')).items[0]?.requestedBy).toBe('vigil');
  });

  it('answers 404 for an unknown incident or proposal', async () => {
    expect((await decide('analyst', 'proposal-none', { decision: 'approved' })).statusCode).toBe(404);
    const response = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/incident--none/proposals/proposal-low/decision',
      headers: fixture.auth('analyst'),
      payload: { decision: 'approved' },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not-found');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('two-person approval, enforced by the server', () => {
  it('approves a medium-risk action with one analyst and records it in the audit chain', async () => {
    const response = await decide('analyst', 'proposal-medium', { decision: 'approved', reason: 'confirmed C2' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'approved', approvedBy: ['analyst'], requiredApprovers: 1 });
    const audit = await fixture.stores.store.listAudit({ subjectId: 'proposal-medium' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'analyst', action: 'action-approved' });
    expect(audit[0]?.details).toMatchObject({ reason: 'confirmed C2', status: 'approved', role: 'analyst' });
    expect((await fixture.stores.store.verifyAudit()).valid).toBe(true);
  });

  it('refuses the requester approving their own plan', async () => {
    const response = await decide('vigil', 'proposal-low', { decision: 'approved' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toMatch(/requested this action/);
    expect(await fixture.stores.store.listApprovals('proposal-low')).toHaveLength(0);
  });

  it('needs two distinct approvers for a high-risk action', async () => {
    const first = await decide('analyst', 'proposal-high', { decision: 'approved', reason: 'isolate' });
    expect(first.json()).toMatchObject({ status: 'pending', approvedBy: ['analyst'], requiredApprovers: 2 });
    const again = await decide('analyst', 'proposal-high', { decision: 'approved', reason: 'isolate, really' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/2 distinct approvers/);
    const second = await decide('responder', 'proposal-high', { decision: 'approved', reason: 'agreed' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'approved', approvedBy: ['analyst', 'responder'] });
  });

  it('serialises concurrent approvals of one user so only one counts', async () => {
    const responses = await Promise.all([
      decide('analyst', 'proposal-high', { decision: 'approved' }),
      decide('analyst', 'proposal-high', { decision: 'approved' }),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(await fixture.stores.store.listApprovals('proposal-high')).toHaveLength(1);
  });

  it('needs a reason to reject, and a rejected action cannot be approved afterwards', async () => {
    const bare = await decide('analyst', 'proposal-medium', { decision: 'rejected' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues).toEqual([{ path: 'reason', message: 'a rejection needs a reason' }]);
    const rejected = await decide('analyst', 'proposal-medium', { decision: 'rejected', reason: 'false positive' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectedBy: 'analyst' });
    const late = await decide('analyst-2', 'proposal-medium', { decision: 'approved' });
    expect(late.statusCode).toBe(409);
  });

  it('lists pending actions in the approval queue and drops decided ones', async () => {
    const before = (await fixture.app.inject({ url: '/api/v1/approvals', headers: fixture.auth('viewer') })).json();
    expect(before.items.map((item: { proposal: { id: string } }) => item.proposal.id).sort()).toEqual([
      'proposal-high',
      'proposal-low',
      'proposal-medium',
    ]);
    await decide('analyst', 'proposal-low', { decision: 'approved' });
    const after = (await fixture.app.inject({ url: '/api/v1/approvals', headers: fixture.auth('viewer') })).json();
    expect(after.items).toHaveLength(2);
    const approved = (
      await fixture.app.inject({ url: '/api/v1/approvals?status=approved', headers: fixture.auth('viewer') })
    ).json();
    expect(approved.items[0].requestedBy).toBe('vigil');
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

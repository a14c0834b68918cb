import { afterEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../respond/index.js';
import type { LiveEvent } from '../live/live-feed.js';
import { type ApiFixture, createFixture, fixturePolicyText, incidentId } from '../test-support/api-fixture.js';
import { planRunId } from './response-desk.js';

let fixture: ApiFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

const runId = planRunId(incidentId);

async function call(method: 'GET' | 'POST', url: string, user: string, payload?: Record<string, unknown>) {
  const response = await fixture!.app.inject({
    method,
    url,
    headers: fixture!.auth(user),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.json() };
}

const approve = (user: string, proposalId: string) =>
  call('POST', `/api/v1/incidents/${incidentId}/proposals/${proposalId}/decision`, user, { decision: 'approved' });

describe('response runs driven from the API', () => {
  it('shows each step with its connector, and a failure with its error until a retry succeeds', async () => {
    fixture = await createFixture();
    fixture.connector.failNext['block-ip'] = 1;
    await approve('analyst', 'proposal-medium');
    await fixture.desk.scheduler.idle();
    const failed = await call('GET', `/api/v1/runs/${runId}`, 'viewer');
    expect(failed.status).toBe(200);
    const blockStep = failed.body.steps.find((step: { actionType: string }) => step.actionType === 'block-ip');
    expect(blockStep).toMatchObject({
      status: 'failed',
      connector: 'test.recording',
      executed: true,
      error: expect.stringMatching(/refused 203\.0\.113\.9/),
    });
    expect(failed.body.failures).toBe(1);
    expect(failed.body.ledger.length).toBeGreaterThanOrEqual(2);
    expect(
      (await call('GET', '/api/v1/runs?failed=true', 'viewer')).body.items.map((run: { id: string }) => run.id),
    ).toEqual([runId]);

    expect((await call('POST', `/api/v1/runs/${runId}/retry`, 'analyst')).status).toBe(403);
    const retried = await call('POST', `/api/v1/runs/${runId}/retry`, 'responder');
    expect(retried.status).toBe(202);
    await fixture.desk.scheduler.idle();
    const after = await call('GET', `/api/v1/runs/${runId}`, 'viewer');
    expect(after.body.steps.map((step: { status: string }) => step.status)).toEqual([
      'succeeded',
      'succeeded',
      'awaiting-approval',
    ]);
    // notify ran once: a step that succeeded never runs again
    expect(fixture.connector.calls.filter((entry) => entry.actionType === 'notify')).toHaveLength(1);
  });

  it('rolls back completed reversible steps and cancels the rest, newest first', async () => {
    fixture = await createFixture();
    await approve('analyst', 'proposal-medium');
    await fixture.desk.scheduler.idle();
    expect((await call('POST', `/api/v1/runs/${runId}/rollback`, 'responder', {})).status).toBe(400);
    const rolled = await call('POST', `/api/v1/runs/${runId}/rollback`, 'responder', { reason: 'false positive' });
    expect(rolled.status).toBe(200);
    expect(rolled.body.status).toBe('rolled-back');
    expect(rolled.body.steps.map((step: { status: string }) => step.status)).toEqual([
      'succeeded', // notify cannot be undone; it stays what it was
      'compensated',
      'cancelled',
    ]);
    expect(fixture.connector.calls.filter((entry) => entry.mode === 'undo').map((entry) => entry.actionType)).toEqual([
      'block-ip',
    ]);
    const high = (await call('GET', `/api/v1/incidents/${incidentId}/proposals`, 'viewer')).body.items.find(
      (view: { proposal: { id: string } }) => view.proposal.id === 'proposal-high',
    );
    expect(high.status).toBe('withdrawn');
  });

  it('cancels a run waiting for approval, and refuses to cancel a finished one', async () => {
    fixture = await createFixture();
    await fixture.desk.ensurePlanRun(incidentId);
    const cancelled = await call('POST', `/api/v1/runs/${runId}/cancel`, 'admin', { reason: 'handled by hand' });
    expect(cancelled.body.status).toBe('cancelled');
    const again = await call('POST', `/api/v1/runs/${runId}/cancel`, 'admin', { reason: 'again' });
    expect(again.status).toBe(409);
    expect(fixture.connector.calls).toEqual([]);
  });

  it('says plainly that nothing was executed when no connector serves an action', async () => {
    fixture = await createFixture({
      response: { policy: parsePolicy(fixturePolicyText), connectors: {}, loopIntervalMs: 0 },
    });
    await approve('analyst', 'proposal-medium');
    await fixture.desk.scheduler.idle();
    const run = (await call('GET', `/api/v1/runs/${runId}`, 'viewer')).body;
    const step = run.steps.find((candidate: { actionType: string }) => candidate.actionType === 'block-ip');
    expect(step).toMatchObject({ status: 'failed', executed: false, connector: null, attempts: 0 });
    expect(step.note).toMatch(/^Not executed: no connector is configured for block-ip\. Nothing was changed/);
    expect(run.notExecuted).toBe(2);
    const proposal = (await call('GET', `/api/v1/incidents/${incidentId}/proposals`, 'viewer')).body.items.find(
      (view: { proposal: { id: string } }) => view.proposal.id === 'proposal-high',
    );
    expect(proposal.run.note).toMatch(/No connector is configured for isolate-host/);
  });

  it('starts plan runs for new incidents, resumes runs approved elsewhere, and publishes run events', async () => {
    fixture = await createFixture();
    const events: LiveEvent[] = [];
    const unsubscribe = fixture.desk.live.subscribe((event) => events.push(event));
    await fixture.desk.tick({ startRuns: true });
    await fixture.desk.scheduler.idle();
    expect((await fixture.stores.runs.getRun(runId))?.status).toBe('awaiting-approval');
    expect(
      events
        .filter((event) => event.type === 'approval-requested')
        .map((event) => event.subjectId)
        .sort(),
    ).toEqual(['proposal-high', 'proposal-medium']);
    // another process (the CLI) approves through the same queue
    const request = (await fixture.stores.runs.listApprovalRequests({ statuses: ['pending'] })).find(
      (candidate) => candidate.actionType === 'block-ip',
    )!;
    await fixture.desk.orchestrator.approvals.approve(request.id, { analyst: 'carol', now: fixture.desk.now() });
    await fixture.desk.tick({ startRuns: true });
    await fixture.desk.scheduler.idle();
    expect(fixture.connector.calls.map((entry) => entry.actionType).sort()).toEqual(['block-ip', 'notify']);
    expect(events.some((event) => event.type === 'run-updated' && event.subjectId === runId)).toBe(true);
    unsubscribe();
  });
});

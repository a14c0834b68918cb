// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ … }} is the playbook template syntax under test
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../core/index.js';
import { openStores, type Stores } from '../../store/index.js';
import type { Connector, StepInvocation } from '../connectors/connector.js';
import { createConnectorRegistry } from '../connectors/connector.js';
import { createResponseScriptConnector } from '../connectors/response-script.js';
import { parsePolicy } from '../policy/load-policy.js';
import type { StepDraft } from './build-steps.js';
import { describeRun } from './describe-run.js';
import { Orchestrator } from './orchestrator.js';

const policy = parsePolicy(`
version: 1
approval: { timeout: 1h, escalateAfter: 10m, escalateTo: lead }
auto: { actions: [block-ip, notify, run-script, add-to-watchlist], maxRisk: high, minConfidence: 0.5 }
allowList: { addresses: [10.0.0.53] }
`);
const context = { confidence: 0.9 };

/** A connector that records what it was asked to do and fails as told. */
function recordingConnector(behaviour: { failTimes?: number; retryable?: boolean; hang?: boolean } = {}) {
  const calls: Array<{ mode: string; step: StepInvocation }> = [];
  let failures = 0;
  const connector: Connector = {
    name: 'test.recording',
    actions: ['block-ip', 'notify', 'isolate-host', 'release-host', 'add-to-watchlist'],
    plan: (step) => ({ connector: 'test.recording', summary: `${step.actionType} ${step.target.value}` }),
    async execute(step, signal) {
      calls.push({ mode: 'execute', step });
      if (behaviour.hang)
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      if (failures < (behaviour.failTimes ?? 0)) {
        failures += 1;
        throw new ExternalServiceError('temporarily unavailable', { retryable: behaviour.retryable ?? true });
      }
      return { applied: step.target.value };
    },
    async undo(step) {
      calls.push({ mode: 'undo', step });
      return { removed: step.target.value };
    },
  };
  return { connector, calls };
}

const draft = (ref: string, extra: Partial<StepDraft> = {}): StepDraft => ({
  ref,
  actionType: 'block-ip',
  target: { kind: 'ip', value: `203.0.113.${ref.length + 10}` },
  ...extra,
});

describe('orchestrator', () => {
  let stores: Stores;
  const delays: number[] = [];
  const make = (connector: Connector) =>
    new Orchestrator({
      store: stores.store,
      runs: stores.runs,
      connectors: createConnectorRegistry([connector]),
      policy,
      sleep: async (milliseconds) => {
        delays.push(milliseconds);
      },
    });

  beforeEach(async () => {
    stores = await openStores(':memory:');
    delays.length = 0;
  });
  afterEach(() => stores.close());

  it('runs automatic steps once, in dependency order, and audits each', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'alice',
      policyContext: context,
      drafts: [draft('second', { dependsOn: ['first'] }), draft('first')],
    });
    const done = await orchestrator.advance(run.id);
    expect(done.status).toBe('succeeded');
    expect(calls.map((call) => call.step.ref)).toEqual(['first', 'second']);
    await orchestrator.advance(run.id);
    expect(calls).toHaveLength(2);
    const actions = (await stores.store.listAudit({ subjectId: run.id })).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'step-succeeded')).toHaveLength(2);
    expect((await stores.store.verifyAudit()).valid).toBe(true);
  });

  it('refuses allow-listed targets and waits for approval of risky ones', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'alice',
      policyContext: context,
      drafts: [
        draft('resolver', { target: { kind: 'ip', value: '10.0.0.53' } }),
        draft('isolate', { actionType: 'isolate-host', target: { kind: 'host', value: 'ws-fin-07' } }),
        draft('after', { dependsOn: ['isolate'] }),
      ],
    });
    expect(run.steps.map((step) => step.status)).toEqual(['refused', 'awaiting-approval', 'pending']);
    let state = await orchestrator.advance(run.id);
    expect(state.status).toBe('awaiting-approval');
    expect(calls).toHaveLength(0);
    const requestId = state.steps[1]!.approvalRequestId!;
    await orchestrator.approvals.approve(requestId, { analyst: 'alice', reason: 'confirmed C2' });
    await expect(orchestrator.approvals.approve(requestId, { analyst: 'ALICE' })).rejects.toMatchObject({
      code: 'conflict',
    });
    state = await orchestrator.advance(run.id);
    expect(state.status).toBe('awaiting-approval');
    await orchestrator.approvals.approve(requestId, { analyst: 'bob', reason: 'agreed' });
    state = await orchestrator.advance(run.id);
    expect(state.status).toBe('succeeded');
    expect(calls.map((call) => call.step.ref)).toEqual(['isolate', 'after']);
    const feedback = await stores.store.listFeedback(run.id);
    expect(feedback.map((entry) => [entry.author, entry.actionFeedback])).toEqual([
      ['alice', 'approved'],
      ['bob', 'approved'],
    ]);
  });

  it('denies on approval timeout by default, escalates first, and skips dependants', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'alice',
      policyContext: context,
      drafts: [
        draft('isolate', { actionType: 'isolate-host', target: { kind: 'host', value: 'ws-1' } }),
        draft('after', { dependsOn: ['isolate'] }),
      ],
    });
    const requestId = run.steps[0]!.approvalRequestId!;
    const created = Date.parse(run.createdAt);
    const escalated = await orchestrator.approvals.sweep(new Date(created + 11 * 60_000));
    expect(escalated.escalated.map((request) => request.escalateTo)).toEqual(['lead']);
    const swept = await orchestrator.approvals.sweep(new Date(created + 61 * 60_000));
    expect(swept.timedOut.map((request) => request.status)).toEqual(['timed-out']);
    await expect(orchestrator.approvals.approve(requestId, { analyst: 'late' })).rejects.toThrow(/timed-out/);
    const state = await orchestrator.advance(run.id);
    expect(state.steps.map((step) => step.status)).toEqual(['rejected', 'skipped']);
    // the only thing that ran: the escalation notice to the lead, through the notify connector
    expect(calls.map((call) => `${call.step.actionType}→${call.step.target.value}`)).toEqual(['notify→lead']);
    expect(String(calls[0]!.step.parameters.text)).toContain('still pending; escalated to lead');
  });

  it('retries transient failures with exponential backoff, not permanent ones', async () => {
    const flaky = recordingConnector({ failTimes: 2 });
    const orchestrator = make(flaky.connector);
    const run = await orchestrator.start({ requestedBy: 'a', policyContext: context, drafts: [draft('block')] });
    const done = await orchestrator.advance(run.id);
    expect(done.steps[0]).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(delays).toEqual([500, 1000]);
    expect((await stores.runs.getLedgerEntry(done.steps[0]!.idempotencyKey))?.attempt).toBe(3);

    const broken = recordingConnector({ failTimes: 5, retryable: false });
    const second = make(broken.connector);
    const failing = await second.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [draft('block'), draft('next')],
    });
    const failed = await second.advance(failing.id);
    expect(failed.status).toBe('failed');
    expect(failed.steps.map((step) => step.status)).toEqual(['failed', 'skipped']);
    expect(broken.calls).toHaveLength(1);
    expect((await stores.runs.listRuns({ statuses: ['failed'] })).map((entry) => entry.id)).toEqual([failing.id]);
  });

  it('times a step out and aborts it', async () => {
    const { connector } = recordingConnector({ hang: true });
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [draft('block', { actionType: 'notify', target: { kind: 'incident', value: 'i1' }, timeoutMs: 50 })],
    });
    const done = await orchestrator.advance(run.id);
    expect(done.steps[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(done.steps[0]!.error).toContain('did not finish within 50 ms');
  });

  it('cancels a running step when cancellation is requested elsewhere', async () => {
    const { connector } = recordingConnector({ hang: true });
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [draft('block'), draft('next')],
    });
    const advancing = orchestrator.advance(run.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await make(connector).cancel(run.id, 'bob', 'false positive');
    const done = await advancing;
    expect(done.status).toBe('cancelled');
    expect(done.steps.map((step) => step.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('rolls back completed reversible steps newest first, through undo or the inverse action', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [
        draft('block'),
        draft('notify', { actionType: 'notify', target: { kind: 'incident', value: 'i1' } }),
        draft('isolate', { actionType: 'isolate-host', target: { kind: 'host', value: 'ws-2' }, approval: 'policy' }),
      ],
    });
    const requestId = run.steps[2]!.approvalRequestId!;
    await orchestrator.approvals.approve(requestId, { analyst: 'alice' });
    await orchestrator.approvals.approve(requestId, { analyst: 'bob' });
    await orchestrator.advance(run.id);
    const rolledBack = await orchestrator.rollback(run.id, 'carol', 'false positive');
    expect(rolledBack.status).toBe('rolled-back');
    expect(rolledBack.steps.map((step) => step.status)).toEqual(['compensated', 'succeeded', 'compensated']);
    expect(calls.slice(3).map((call) => `${call.mode}:${call.step.actionType}`)).toEqual([
      'execute:release-host',
      'undo:block-ip',
    ]);
    await orchestrator.rollback(run.id, 'carol', 'again');
    expect(calls).toHaveLength(5);
  });

  it('undoes a step that already ran when its approval is withdrawn, and drops one that has not run', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [draft('block', { approval: 'required' }), draft('later', { approval: 'required' })],
    });
    const [blockRequest, laterRequest] = run.steps.map((step) => step.approvalRequestId!);
    await orchestrator.approvals.approve(blockRequest!, { analyst: 'alice' });
    await orchestrator.advance(run.id);
    const withdrawn = await orchestrator.withdrawApproval(blockRequest!, 'alice', 'wrong address');
    expect(withdrawn.steps[0]!.status).toBe('compensated');
    expect(calls.map((call) => call.mode)).toEqual(['execute', 'undo']);
    const dropped = await orchestrator.withdrawApproval(laterRequest!, 'bob', 'not needed');
    expect(dropped.steps[1]).toMatchObject({ status: 'rejected', error: 'approval withdrawn: not needed' });
    expect((await orchestrator.approvals.get(laterRequest!)).status).toBe('withdrawn');
  });

  it('lets one orchestrator at a time carry a run, and takes over the lease of a dead process', async () => {
    const { connector } = recordingConnector({ hang: true });
    const first = make(connector);
    const run = await first.start({ requestedBy: 'a', policyContext: context, drafts: [draft('block')] });
    const advancing = first.advance(run.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(make(connector).advance(run.id)).rejects.toMatchObject({
      code: 'run-lease-held',
      message: expect.stringContaining('is being carried out by'),
    });
    await first.cancel(run.id, 'a', 'stop');
    expect((await advancing).status).toBe('cancelled');

    const second = await first.start({ requestedBy: 'a', policyContext: context, drafts: [draft('block')] });
    const { hostname } = await import('node:os');
    const dead = `${hostname()}:2147483646:gone`;
    expect((await stores.runs.acquireRunLease(second.id, dead, 600_000)).acquired).toBe(true);
    const { connector: working } = recordingConnector();
    expect((await make(working).advance(second.id)).status).toBe('succeeded');
    expect((await stores.runs.acquireRunLease(second.id, 'someone-else', 1000)).acquired).toBe(true);
  });

  it('skips a step whose condition is false and renders templated arguments', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make(connector);
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [
        draft('block'),
        draft('tell', {
          actionType: 'notify',
          target: { kind: 'incident', value: 'i1' },
          dependsOn: ['block'],
          parameters: { text: null, note: 'data ${{ steps }} stays text' },
          templates: [{ path: ['text'], parts: [{ value: 'blocked ' }, { expression: 'steps.block.output.applied' }] }],
          condition: "steps.block.status == 'succeeded'",
        }),
        draft('never', { actionType: 'notify', target: { kind: 'incident', value: 'i1' }, condition: 'false' }),
      ],
    });
    const done = await orchestrator.advance(run.id);
    expect(done.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'skipped']);
    expect(calls[1]!.step.parameters).toEqual({
      text: `blocked ${run.steps[0]!.target.value}`,
      note: 'data ${{ steps }} stays text',
    });
  });

  it('marks a non-idempotent step that was running at a crash as interrupted, never re-running it', async () => {
    const { connector, calls } = recordingConnector();
    const orchestrator = make({ ...connector, actions: ['open-ticket'] });
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [
        draft('ticket', { actionType: 'open-ticket', target: { kind: 'incident', value: 'i1' }, approval: 'required' }),
      ],
    });
    const step = run.steps[0]!;
    // the state a SIGKILL leaves behind mid-step: the run says running, the ledger says started
    await stores.runs.saveRun({ ...run, status: 'running', steps: [{ ...step, status: 'running', attempts: 1 }] });
    await stores.runs.markStepStarted(step.idempotencyKey, run.id, step.ref);
    const resumed = await orchestrator.advance(run.id);
    expect(resumed.steps[0]!.status).toBe('interrupted');
    expect(resumed.status).toBe('failed');
    expect(calls).toHaveLength(0);
  });

  it('rejects playbooks with unknown dependencies or cycles, naming the step', async () => {
    const orchestrator = make(recordingConnector().connector);
    await expect(
      orchestrator.start({ requestedBy: 'a', policyContext: context, drafts: [draft('a', { dependsOn: ['ghost'] })] }),
    ).rejects.toThrow(/step a depends on unknown step ghost/);
    await expect(
      orchestrator.start({
        requestedBy: 'a',
        policyContext: context,
        drafts: [draft('a', { dependsOn: ['bb'] }), draft('bb', { dependsOn: ['a'] })],
      }),
    ).rejects.toThrow(/cycle/);
  });

  it('describes a dry run without executing or storing anything', async () => {
    const { connector, calls } = recordingConnector();
    const planned = describeRun(
      [draft('block'), draft('ticket', { actionType: 'open-ticket', target: { kind: 'incident', value: 'i1' } })],
      policy,
      { ...context, now: new Date() },
      createConnectorRegistry([connector]),
    );
    expect(planned[0]).toMatchObject({
      decision: { outcome: 'auto' },
      operation: { summary: 'block-ip 203.0.113.15' },
    });
    expect(planned[1]!.note).toContain('no connector');
    expect(calls).toHaveLength(0);
    expect(await stores.runs.listRuns()).toHaveLength(0);
  });
});

describe('response script connector in a run', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-script-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('gives hostile values to the script as JSON data, never to a shell', async () => {
    const canary = join(folder, 'pwned');
    const received = join(folder, 'received.json');
    const script = join(folder, 'script.mjs');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';\nlet input = '';\nprocess.stdin.on('data', (c) => { input += c; });\nprocess.stdin.on('end', () => { writeFileSync(${JSON.stringify(received)}, input); console.log(JSON.stringify({ ok: true, env: Object.keys(process.env).sort() })); });\n`,
    );
    const hostile = `; touch ${canary}; rm -rf / $(touch ${canary}) \`touch ${canary}\`\nrm -rf ~`;
    const stores = await openStores(':memory:');
    const connector = createResponseScriptConnector({ executable: process.execPath, args: [script] });
    const orchestrator = new Orchestrator({
      store: stores.store,
      runs: stores.runs,
      connectors: createConnectorRegistry([connector]),
      policy,
    });
    process.env.VIGIL_TEST_LEAK = 'should-not-leak';
    const run = await orchestrator.start({
      requestedBy: 'a',
      policyContext: context,
      drafts: [
        {
          ref: 'script',
          actionType: 'run-script',
          target: { kind: 'other', value: hostile },
          parameters: { note: hostile },
        },
      ],
    });
    const done = await orchestrator.advance(run.id);
    delete process.env.VIGIL_TEST_LEAK;
    expect(done.status).toBe('succeeded');
    const document = JSON.parse(readFileSync(received, 'utf8'));
    expect(document.target.value).toBe(hostile);
    expect(document.parameters.note).toBe(hostile);
    expect(() => readFileSync(canary)).toThrow();
    expect((done.steps[0]!.output as { stdout: { env: string[] } }).stdout.env).toEqual(['LANG', 'PATH']);
    await stores.close();
  });
});

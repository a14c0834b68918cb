import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRunTransition, type Run, runEvents } from '../../core/index.js';
import { openStores, type Stores } from '../../store/index.js';
import type { Connector } from '../connectors/connector.js';
import { createConnectorRegistry } from '../connectors/connector.js';
import { parsePolicy } from '../policy/load-policy.js';
import { Orchestrator } from './orchestrator.js';
import { RunMachine } from './run-machine.js';

const policy = parsePolicy('version: 1\nauto: { actions: [block-ip], maxRisk: high, minConfidence: 0 }\n');

describe('run machine on the real store', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await openStores(':memory:');
  });
  afterEach(() => stores.close());

  it('saves and audits exactly the moves the table lists, and refuses the others without writing', async () => {
    const at = '2026-05-01T10:00:00.000Z';
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...runEvents), { maxLength: 10 }), async (events) => {
        const id = `run-${++runs}`;
        const machine = new RunMachine({
          store: stores.store,
          runs: stores.runs,
          owner: 'tester',
          redact: (value) => value,
          clock: () => new Date(at),
        });
        const run: Run = {
          id,
          status: 'pending',
          dryRun: false,
          requestedBy: 'alice',
          cancelRequested: false,
          createdAt: at,
          updatedAt: at,
          steps: [],
        };
        await machine.create(run, 'alice', {});
        await stores.runs.acquireRunLease(id, 'tester', 60_000);
        let expected = 1;
        for (const event of events) {
          const row = findRunTransition(run.status, event);
          const before = run.status;
          if (row) {
            await machine.moveRun(run, event, 'vigil');
            expect(run.status).toBe(row.to);
            if (row.audit) expected += 1;
          } else {
            await expect(machine.moveRun(run, event, 'vigil')).rejects.toMatchObject({
              code: 'run-transition-invalid',
            });
            expect(run.status).toBe(before);
          }
          expect((await stores.runs.getRun(id))?.status).toBe(run.status);
        }
        expect(await stores.store.listAudit({ subjectId: id, limit: 100 })).toHaveLength(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('gives an orchestrator whose lease was taken over a typed run-lease-lost error, never a silent overwrite', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    let called: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      called = resolve;
    });
    const connector: Connector = {
      name: 'test.gated',
      actions: ['block-ip'],
      plan: (step) => ({ connector: 'test.gated', summary: `block ${step.target.value}` }),
      async execute(step) {
        calls += 1;
        called();
        await gate;
        return { applied: step.target.value };
      },
    };
    const make = () =>
      new Orchestrator({
        store: stores.store,
        runs: stores.runs,
        connectors: createConnectorRegistry([connector]),
        policy,
      });
    const first = make();
    const run = await first.start({
      requestedBy: 'alice',
      policyContext: { confidence: 0.9 },
      drafts: [{ ref: 'block', actionType: 'block-ip', target: { kind: 'ip', value: '203.0.113.7' } }],
    });
    const advancing = first.advance(run.id);
    await started;
    // Another orchestrator takes the lease over (as after an expiry) while the first one's step runs.
    const { holder } = await stores.runs.acquireRunLease(run.id, 'intruder', 60_000);
    expect((await stores.runs.acquireRunLease(run.id, 'intruder', 60_000, holder)).acquired).toBe(true);
    const taken = await stores.runs.getRun(run.id);
    release();
    await expect(advancing).rejects.toMatchObject({ code: 'run-lease-lost', location: { objectId: run.id } });
    expect(await stores.runs.getRun(run.id)).toEqual(taken);
    expect((await stores.runs.getLedgerEntry(run.steps[0]!.idempotencyKey))?.status).toBe('succeeded');

    await stores.runs.releaseRunLease(run.id, 'intruder');
    const done = await make().advance(run.id);
    expect(done.status).toBe('succeeded');
    expect(calls).toBe(1);
    const actions = (await stores.store.listAudit({ subjectId: run.id })).map((entry) => entry.action);
    expect(actions.filter((action) => action === 'step-succeeded')).toEqual([]);
    expect(actions).toContain('step-reconciled');
  });

  it('never lets a retry run a step whose approval was withdrawn when the run aborted', async () => {
    let failures = 1;
    const executed: string[] = [];
    const connector: Connector = {
      name: 'test.flaky',
      actions: ['block-ip', 'isolate-host'],
      plan: (step) => ({ connector: 'test.flaky', summary: step.actionType }),
      async execute(step) {
        executed.push(step.actionType);
        if (step.actionType === 'block-ip' && failures-- > 0) throw new Error('firewall refused the rule');
        return {};
      },
    };
    const orchestrator = new Orchestrator({
      store: stores.store,
      runs: stores.runs,
      connectors: createConnectorRegistry([connector]),
      policy,
    });
    const run = await orchestrator.start({
      requestedBy: 'alice',
      policyContext: { confidence: 0.9 },
      drafts: [
        { ref: 'block', actionType: 'block-ip', target: { kind: 'ip', value: '203.0.113.7' } },
        { ref: 'isolate', actionType: 'isolate-host', target: { kind: 'host', value: 'ws-1' }, approval: 'required' },
      ],
    });
    const aborted = await orchestrator.advance(run.id);
    expect(aborted.steps.map((step) => step.status)).toEqual(['failed', 'skipped']);
    const retried = await orchestrator.retry(run.id, 'bob');
    expect(retried.steps.map((step) => step.status)).toEqual(['pending', 'skipped']);
    const done = await orchestrator.advance(run.id);
    expect(done.steps.map((step) => step.status)).toEqual(['succeeded', 'skipped']);
    expect(executed).toEqual(['block-ip', 'block-ip']);
  });
});

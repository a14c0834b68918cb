/**
 * One response service: the same approval sequence given through the API and through the CLI
 * (`vigil respond`, `vigil approvals`, `vigil runs resume`) on two copies of one incident ends
 * in the same run, the same approval requests, the same executed actions and the same audit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { createApiToken, createApp, responseDeskOf } from '../api/index.js';
import {
  fixedNow,
  fixturePolicyText,
  incidentId,
  proposals,
  seedStore,
  users,
} from '../api/test-support/api-fixture.js';
import type { Run } from '../core/index.js';
import {
  buildConnectors,
  createConnectorRegistry,
  createSecrets,
  loadConnectorConfig,
  parsePolicy,
} from '../respond/index.js';
import { openStores, type Stores } from '../store/index.js';
import { main } from './main.js';

async function vigil(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    return { code: await main(args), stdout, stderr };
  } finally {
    process.exitCode = undefined;
    out.mockRestore();
    err.mockRestore();
  }
}

const folder = mkdtempSync(join(tmpdir(), 'vigil-response-parity-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A seeded database, a connectors file whose script logs what it does, and the log. */
async function side(name: string) {
  const database = join(folder, `${name}.db`);
  const log = join(folder, `${name}.log`);
  const script = join(folder, `${name}.mjs`);
  const connectors = join(folder, `${name}-connectors.yaml`);
  writeFileSync(
    script,
    `import { appendFileSync } from 'node:fs';\nlet input = '';\nprocess.stdin.on('data', (c) => { input += c; });\nprocess.stdin.on('end', () => { const s = JSON.parse(input); appendFileSync(${JSON.stringify(log)}, s.mode + ' ' + s.action + ' ' + s.target.value + '\\n'); console.log('{}'); });\n`,
  );
  writeFileSync(log, '');
  writeFileSync(
    connectors,
    `scripts:\n  - executable: ${process.execPath}\n    args: [${script}]\n    actions: [notify, block-ip, isolate-host]\n`,
  );
  const stores = await openStores(database);
  await seedStore(stores);
  const tokens: Record<string, string> = {};
  for (const [user, role] of Object.entries(users))
    tokens[user] = (await createApiToken(stores.tokens, { name: user, role, createdBy: 'test', now: fixedNow })).token;
  await stores.close();
  return { database, log, connectors, tokens };
}

/** What must be equal: the run and its requests without ids and times, the actions, the audit kinds. */
async function outcome(database: string, log: string) {
  const stores: Stores = await openStores(database);
  try {
    const [run] = await stores.runs.listRuns({ incidentId });
    const requests = await stores.runs.listApprovalRequests();
    const audit = await stores.store.listAudit({ limit: 1_000 });
    return {
      run: {
        status: run?.status,
        requestedBy: run?.requestedBy,
        steps: (run as Run).steps.map((step) => ({
          ref: step.ref,
          action: step.actionType,
          target: step.target,
          status: step.status,
          decision: step.decision,
          attempts: step.attempts,
          error: step.error ?? null,
        })),
      },
      requests: requests
        .map((request) => ({
          action: request.actionType,
          status: request.status,
          approvedBy: request.approvedBy,
          requiredApprovers: request.requiredApprovers,
        }))
        .sort((left, right) => left.action.localeCompare(right.action)),
      executed: readFileSync(log, 'utf8').trim().split('\n').sort(),
      audit: audit.map((entry) => `${entry.actor} ${entry.action}`).sort(),
      valid: (await stores.store.verifyAudit()).valid,
    };
  } finally {
    await stores.close();
  }
}

it('reaches the same run state through the API and through the CLI for the same approval sequence', async () => {
  const sequence = [
    { user: 'analyst', proposal: proposals.medium, decision: 'rejected', reason: 'internal scanner' },
    { user: 'analyst', proposal: proposals.high, decision: 'approved', reason: 'beacon confirmed' },
    { user: 'responder', proposal: proposals.high, decision: 'approved', reason: 'isolate' },
  ] as const;

  const api = await side('api');
  const stores = await openStores(api.database);
  const connectors = createConnectorRegistry(
    await buildConnectors(await loadConnectorConfig(api.connectors), createSecrets({})),
  );
  const app = await createApp({
    store: stores.store,
    tokens: stores.tokens,
    runs: stores.runs,
    knowledge: stores.knowledge,
    taxii: stores.taxii,
    watchIntervalMs: 0,
    response: { policy: parsePolicy(fixturePolicyText), connectors, loopIntervalMs: 0 },
  });
  await app.ready();
  try {
    for (const step of sequence) {
      const response = await app.inject({
        method: 'POST',
        url: `/api/v1/incidents/${incidentId}/proposals/${step.proposal.id}/decision`,
        headers: { authorization: `Bearer ${api.tokens[step.user]}` },
        payload: { decision: step.decision, reason: step.reason },
      });
      expect(response.statusCode, response.body).toBe(200);
      await responseDeskOf(app)?.scheduler.idle();
    }
  } finally {
    await app.close();
    await stores.close();
  }

  const cli = await side('cli');
  const policy = join(folder, 'policy.yaml');
  writeFileSync(policy, fixturePolicyText);
  const common = ['--db', cli.database, '--policy', policy];
  const withConnectors = [...common, '--connectors', cli.connectors];
  const started = await vigil('respond', incidentId, ...withConnectors, '--as', 'vigil', '--no-run', '--json');
  expect(started.code, started.stderr).toBe(0);
  const run = JSON.parse(started.stdout).run as { id: string; steps: { action: string; approvalRequestId: string }[] };
  for (const step of sequence) {
    const request = run.steps.find((candidate) => candidate.action === step.proposal.actionType)!.approvalRequestId;
    const verb = step.decision === 'approved' ? 'approve' : 'reject';
    const decided = await vigil('approvals', verb, request, ...common, '--as', step.user, '--reason', step.reason);
    expect(decided.code, decided.stderr).toBe(0);
  }
  const resumed = await vigil('runs', 'resume', run.id, ...withConnectors);
  expect(resumed.code, resumed.stderr).toBe(0);

  const throughApi = await outcome(api.database, api.log);
  const throughCli = await outcome(cli.database, cli.log);
  expect(throughApi.run.status).toBe('succeeded');
  expect(throughApi.run.steps.map((step) => `${step.action}:${step.status}`)).toEqual([
    'notify:succeeded',
    'block-ip:rejected',
    'isolate-host:succeeded',
  ]);
  expect(throughApi.executed).toEqual(['execute isolate-host ws-1', 'execute notify ws-1']);
  expect(throughApi.valid).toBe(true);
  expect(throughCli).toEqual(throughApi);
});

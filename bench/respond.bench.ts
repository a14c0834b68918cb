/**
 * Response overheads (run: npm run bench respond): policy decisions per second, and the cost
 * of durable orchestration per step — run state, step ledger and hash-chained audit written to
 * SQLite on disk (synchronous=FULL) before and after every step, with a connector that does
 * nothing, so the figure is Vigil's own overhead. Figures are for this machine only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import type { ActionProposal } from '../src/core/index.js';
import { type Connector, createConnectorRegistry, decide, Orchestrator, parsePolicy } from '../src/respond/index.js';
import { openStores } from '../src/store/index.js';

const policy = parsePolicy(`
version: 1
auto: { actions: [block-ip, notify], maxRisk: medium, minConfidence: 0.5, hours: { from: "00:00", to: "24:00", timeZone: Europe/Paris } }
protectedAssets: [{ role: domain controller, refuse: [isolate-host] }]
allowList: { addresses: [10.0.0.53, 192.168.0.0/16, '2001:db8::/32'], domains: [corp.example] }
`);
const proposal: ActionProposal = {
  id: 'p',
  incidentId: 'i',
  actionType: 'block-ip',
  target: { kind: 'ip', value: '203.0.113.66' },
  parameters: {},
  risk: 'medium',
  reversible: true,
  rationale: 'c2',
  evidence: [{ kind: 'alert', id: 'a' }],
};
const context = {
  confidence: 0.9,
  now: new Date(),
  assets: [{ host: 'DC01', criticality: 'critical' as const, role: 'domain controller' }],
};

const nothing: Connector = {
  name: 'bench.nothing',
  actions: ['block-ip'],
  plan: () => ({ connector: 'bench.nothing', summary: 'nothing' }),
  execute: async () => ({ ok: true }),
};

const folder = mkdtempSync(join(tmpdir(), 'vigil-bench-respond-'));
const stores = await openStores(join(folder, 'vigil.db'));
const orchestrator = new Orchestrator({
  store: stores.store,
  runs: stores.runs,
  connectors: createConnectorRegistry([nothing]),
  policy,
});
const stepsPerRun = 20;
let runs = 0;

const bench = new Bench({ time: 2000 });
bench.add('policy decision (one proposal)', () => {
  decide(proposal, policy, context);
});
bench.add(`durable run of ${stepsPerRun} automatic steps (create + advance)`, async () => {
  runs += 1;
  const drafts = Array.from({ length: stepsPerRun }, (_, index) => ({
    ref: `s${index}`,
    actionType: 'block-ip' as const,
    target: { kind: 'ip' as const, value: `198.51.100.${index + 1}` },
  }));
  const run = await orchestrator.start({
    id: `bench-${runs}`,
    requestedBy: 'bench',
    policyContext: { confidence: 0.9, trackRecord: {} },
    drafts,
  });
  await orchestrator.advance(run.id);
});
await bench.run();
console.table(
  bench.tasks.map((task) => {
    const result = task.result as
      | { latency?: { mean?: number; p99?: number }; throughput?: { mean?: number } }
      | undefined;
    return {
      task: task.name,
      'mean ms': result?.latency?.mean?.toFixed(3),
      'p99 ms': result?.latency?.p99?.toFixed(3),
      'ops/s': result?.throughput?.mean?.toFixed(0),
    };
  }),
);
const perStep = (bench.tasks[1]?.result as { latency?: { mean?: number } } | undefined)?.latency?.mean;
if (perStep) console.log(`durable overhead per step: ${(perStep / stepsPerRun).toFixed(2)} ms`);
await stores.close();
rmSync(folder, { recursive: true, force: true });

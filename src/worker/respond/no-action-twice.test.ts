/**
 * No action run twice, on real engines: response runs go through the run queue on PostgreSQL
 * to `vigil worker --stages respond` processes, which are SIGKILLed at random moments while
 * steps run and replaced. Every run must complete, and the connector's own record (a response
 * script that journals each invocation and records each effect once per idempotency key, as a
 * firewall's rule set would) must show each step's effect exactly once, with no invocation
 * beyond those the kills interrupted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithServices, spawnWorker, type WorkerProcess } from '../../../test/services/index.js';
import { createConnectorRegistry, Orchestrator, parsePolicy } from '../../respond/index.js';
import { openPostgresStores } from '../../store/postgres/index.js';
import { writeResponseScript } from './test-support/response-script-fixture.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const policyText = 'version: 1\nauto: { actions: [run-script], maxRisk: high, minConfidence: 0 }\n';
const runCount = 6;
const concurrency = 2;

describeWithServices(
  'no action run twice (respond workers SIGKILLed, PostgreSQL run queue)',
  { postgres: true },
  (services) => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-respond-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('completes every run with each step’s effect recorded once by the connector', async () => {
      const url = services().postgres.createDatabase('respond_kill');
      const script = writeResponseScript(folder, 400);
      const policy = join(folder, 'policy.yaml');
      const connectors = join(folder, 'connectors.yaml');
      writeFileSync(policy, policyText);
      writeFileSync(
        connectors,
        `scripts:\n  - executable: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(script.path)}]\n    actions: [run-script, notify]\n`,
      );
      const stores = await openPostgresStores(url);
      // The test's own orchestrator only starts runs and approves: it has no connectors.
      const desk = new Orchestrator({
        store: stores.store,
        runs: stores.runs,
        connectors: createConnectorRegistry([]),
        policy: parsePolicy(policyText),
      });
      const runIds: string[] = [];
      for (let index = 0; index < runCount; index++) {
        const target = { kind: 'host' as const, value: `ws-${index}` };
        const idempotent = { idempotent: true }; // the script records its effect once per key
        const run = await desk.start({
          id: `run-kill-${index}`,
          requestedBy: 'test',
          policyContext: { confidence: 1 },
          drafts: [
            { ref: 'a', actionType: 'run-script', target, parameters: idempotent },
            { ref: 'b', actionType: 'run-script', target, dependsOn: ['a'], parameters: idempotent },
            // not automatic under this policy: waits for an analyst, then runs from the approval's job
            { ref: 'c', actionType: 'notify', target, dependsOn: ['b'], parameters: { ...idempotent, text: 'x' } },
          ],
        });
        runIds.push(run.id);
      }

      const spawnOne = () =>
        spawnWorker({
          store: url,
          bus: 'memory',
          stages: 'respond',
          policy,
          connectors,
          respondConcurrency: concurrency,
          sweepIntervalMs: 1_000,
        });
      const workers: WorkerProcess[] = [spawnOne(), spawnOne()];
      let kills = 0;
      let approvals = 0;
      const deadline = Date.now() + 50_000;
      let nextKill = Date.now() + 3_000;
      let finished = false;
      try {
        while (Date.now() < deadline) {
          const runs = await Promise.all(runIds.map((id) => desk.load(id)));
          if (runs.every((run) => run.status === 'succeeded' || run.status === 'failed')) {
            finished = true;
            break;
          }
          for (const request of await desk.approvals.list(['pending'])) {
            await desk.approvals.approve(request.id, { analyst: 'ana' });
            approvals += 1;
          }
          const running = runs.some((run) => run.steps.some((step) => step.status === 'running'));
          if (running && kills < 4 && Date.now() >= nextKill) {
            const index = Math.floor(Math.random() * workers.length);
            workers[index]!.child.kill('SIGKILL');
            await workers[index]!.exited;
            workers[index] = spawnOne();
            kills += 1;
            nextKill = Date.now() + 1_500 + Math.random() * 1_500;
          }
          await sleep(150);
        }
      } finally {
        for (const worker of workers) worker.child.kill('SIGTERM');
        await Promise.all(workers.map((worker) => worker.exited));
      }
      if (!finished) throw new Error(`runs did not finish; worker log:\n${workers.map((w) => w.log()).join('\n')}`);
      await sleep(600); // scripts orphaned by a kill finish their effect

      const runs = await Promise.all(runIds.map((id) => desk.load(id)));
      const failures = runs.flatMap((run) =>
        run.steps.filter((step) => step.status !== 'succeeded').map((step) => `${run.id}/${step.ref}: ${step.error}`),
      );
      expect(failures).toEqual([]);
      expect(runs.map((run) => run.status)).toEqual(runIds.map(() => 'succeeded'));
      const keys = runs.flatMap((run) => run.steps.map((step) => step.idempotencyKey)).sort();
      const effects = script.effects();
      expect(effects.sort()).toEqual(keys); // each step's effect exactly once, nothing else
      const invocations = script.invocations();
      let extra = 0;
      for (const run of runs) {
        for (const entry of await stores.runs.listLedger(run.id)) {
          const count = invocations.get(entry.idempotencyKey) ?? 0;
          expect(count).toBeGreaterThanOrEqual(1);
          expect(count).toBeLessThanOrEqual(entry.attempt); // never executed without the ledger knowing
          extra += count - 1;
        }
      }
      // Only steps a kill interrupted ran again: each killed process held at most `concurrency` steps.
      expect(extra).toBeLessThanOrEqual(kills * concurrency);
      expect(kills).toBeGreaterThan(0);
      expect(approvals).toBe(runCount);
      const audit = await stores.store.verifyAudit();
      expect(audit.valid).toBe(true);
      console.info(
        `respond: ${runCount} runs, ${keys.length} steps, ${kills} workers SIGKILLed, ${approvals} approvals; ` +
          `effects ${effects.length} (duplicates 0), re-invocations of interrupted steps ${extra}, ` +
          `journal lines ${readFileSync(script.journal, 'utf8').trim().split('\n').length}`,
      );
      await stores.close();
    }, 90_000);
  },
);

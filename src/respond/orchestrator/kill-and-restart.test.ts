import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../store/index.js';
import { createConnectorRegistry } from '../connectors/connector.js';
import { parsePolicy } from '../policy/load-policy.js';
import { Orchestrator } from './orchestrator.js';

const fixture = fileURLToPath(new URL('./__fixtures__/advance-run.ts', import.meta.url));

/** A response script that logs each start and end; step b hangs once while the hang marker exists. */
const scriptSource = (log: string, marker: string) => `
import { appendFileSync, existsSync, unlinkSync } from 'node:fs';
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { step } = JSON.parse(input);
  appendFileSync(${JSON.stringify(log)}, 'start ' + step + ' ' + process.pid + '\\n');
  if (step === 'b' && existsSync(${JSON.stringify(marker)})) { unlinkSync(${JSON.stringify(marker)}); setTimeout(() => {}, 120000); return; }
  appendFileSync(${JSON.stringify(log)}, 'end ' + step + '\\n');
  console.log(JSON.stringify({ done: step }));
});`;

function startOrchestrator(database: string, runId: string, script: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', fixture, database, runId, script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('kill the orchestrator mid-run and restart it', () => {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-kill-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('completes the run without executing any completed step twice', async () => {
    const database = join(folder, 'vigil.db');
    const log = join(folder, 'steps.log');
    const marker = join(folder, 'hang-once');
    const script = join(folder, 'script.mjs');
    writeFileSync(script, scriptSource(log, marker));
    writeFileSync(marker, '');
    writeFileSync(log, '');

    const stores = await openStores(database);
    const policy = parsePolicy('version: 1\nauto: { actions: [run-script], maxRisk: high, minConfidence: 0 }\n');
    const orchestrator = new Orchestrator({
      store: stores.store,
      runs: stores.runs,
      connectors: createConnectorRegistry([]),
      policy,
    });
    const target = { kind: 'host' as const, value: 'ws-fin-07' };
    const run = await orchestrator.start({
      id: 'run-kill',
      requestedBy: 'test',
      policyContext: { confidence: 1 },
      drafts: [
        { ref: 'a', actionType: 'run-script', target },
        // the CERT declares its script idempotent, so an interrupted b may run again
        { ref: 'b', actionType: 'run-script', target, dependsOn: ['a'], parameters: { idempotent: true } },
        { ref: 'c', actionType: 'run-script', target, dependsOn: ['b'] },
      ],
    });
    await stores.close();

    const first = startOrchestrator(database, run.id, script);
    const firstExit = exited(first);
    await waitFor(() => readFileSync(log, 'utf8').includes('start b'), 'step b to start');
    first.kill('SIGKILL');
    const killed = await firstExit;
    expect(killed.signal).toBe('SIGKILL');
    const hangingScript = /start b (\d+)/.exec(readFileSync(log, 'utf8'))![1]!;
    process.kill(Number(hangingScript), 'SIGKILL'); // the crash takes the script with it

    const reopened = await openStores(database);
    const midway = await reopened.runs.getRun(run.id);
    expect(midway?.steps.map((step) => step.status)).toEqual(['succeeded', 'running', 'pending']);
    await reopened.close();

    const second = await exited(startOrchestrator(database, run.id, script));
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout)).toEqual({ status: 'succeeded' });

    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ').slice(0, 2).join(' '));
    expect(lines).toEqual(['start a', 'end a', 'start b', 'start b', 'end b', 'start c', 'end c']);
    expect(existsSync(marker)).toBe(false);

    const final = await openStores(database);
    const ledger = await final.runs.listLedger(run.id);
    expect(Object.fromEntries(ledger.map((entry) => [entry.stepRef, [entry.status, entry.attempt]]))).toEqual({
      a: ['succeeded', 1],
      b: ['succeeded', 2],
      c: ['succeeded', 1],
    });
    const audit = await final.store.listAudit({ subjectId: run.id });
    const succeeded = audit.filter((entry) => entry.action === 'step-succeeded').map((entry) => entry.details.step);
    expect(succeeded).toEqual(['a', 'b', 'c']);
    expect(audit.some((entry) => entry.action === 'step-resumed' && entry.details.step === 'b')).toBe(true);
    expect(await final.store.verifyAudit()).toMatchObject({ valid: true });
    await final.close();
  });
});

/**
 * The evaluation scores the decision production runs: `vigil serve` (the API's response desk),
 * `vigil respond` / `vigil approvals` (the CLI's response environment) and the respond worker
 * decide each step with the learned policy decision, the same function `vigil eval` calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApp, responseDeskOf } from '../api/index.js';
import { vigilDecisionFunction } from '../evaluation/index.js';
import { knowledgeDecisions } from '../knowledge/index.js';
import { parsePolicy, policyDecider } from '../respond/index.js';
import { openStores } from '../store/index.js';
import { openResponseEnvironment } from './commands/response-environment.js';

const folder = mkdtempSync(join(tmpdir(), 'vigil-decision-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('decides steps in vigil serve and the CLI with the function the evaluation scores', async () => {
  const database = join(folder, 'vigil.db');
  const stores = await openStores(database);
  const app = await createApp({
    store: stores.store,
    tokens: stores.tokens,
    runs: stores.runs,
    knowledge: stores.knowledge,
    taxii: stores.taxii,
    response: { policy: parsePolicy('version: 1\n'), connectors: {} },
  });
  try {
    const served = responseDeskOf(app)?.orchestrator.decisionFunction;
    expect(served).toBe(vigilDecisionFunction);
    expect(served).not.toBe(policyDecider);
    expect(knowledgeDecisions(stores.knowledge).decisionFunction).toBe(vigilDecisionFunction);
  } finally {
    await app.close();
    await stores.close();
  }
  const environment = await openResponseEnvironment({ db: database });
  try {
    expect(environment.service.orchestrator.decisionFunction).toBe(vigilDecisionFunction);
  } finally {
    await environment.stores.close();
  }
});

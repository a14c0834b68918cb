/**
 * Test fixture: a separate orchestrator process that advances one run, so a test can SIGKILL
 * it mid-step and start it again. Usage: advance-run.ts DB RUN_ID SCRIPT
 */
import { openStores } from '../../../store/index.js';
import { createConnectorRegistry } from '../../connectors/connector.js';
import { createResponseScriptConnector } from '../../connectors/response-script.js';
import { parsePolicy } from '../../policy/load-policy.js';
import { Orchestrator } from '../orchestrator.js';

const [database, runId, script] = process.argv.slice(2);
if (!database || !runId || !script) throw new Error('usage: advance-run.ts DB RUN_ID SCRIPT');
const stores = await openStores(database);
const policy = parsePolicy('version: 1\nauto: { actions: [run-script], maxRisk: high, minConfidence: 0 }\n');
const connectors = createConnectorRegistry([
  createResponseScriptConnector({ executable: process.execPath, args: [script] }),
]);
const run = await new Orchestrator({ store: stores.store, runs: stores.runs, connectors, policy }).advance(runId);
await stores.close();
process.stdout.write(`${JSON.stringify({ status: run.status })}\n`);

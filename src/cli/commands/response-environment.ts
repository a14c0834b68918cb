/**
 * What the response commands share: the store with its run view, the policy, the connectors
 * and the acting analyst, resolved once from flags, then the environment, then defaults.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { knowledgeDecisions } from '../../knowledge/index.js';
import {
  buildConnectors,
  type ConnectorRegistry,
  createConnectorRegistry,
  createSecrets,
  loadConnectorConfig,
  loadPolicy,
  type Policy,
  ResponseService,
  type Secrets,
} from '../../respond/index.js';
import { openStores, type Stores } from '../../store/index.js';
import { installationFolder } from '../installation.js';
import { resolveSettings } from '../settings.js';

export interface ResponseFlags {
  db?: string;
  policy?: string;
  connectors?: string;
  as?: string;
  json?: boolean;
}

export interface ResponseEnvironment {
  stores: Stores;
  policy: Policy;
  connectors: ConnectorRegistry;
  secrets: Secrets;
  actor: string;
  /** The one response service (the API's and the workers'), for this command. */
  service: ResponseService;
}

export const defaultPolicyPath = join(installationFolder(), 'policy', 'default.yaml');

export function addResponseOptions(command: Command, options: { connectors?: boolean } = {}): Command {
  command
    .option('--db <path>', 'store location (a SQLite file; default $VIGIL_HOME/vigil.db)')
    .option('--policy <file>', 'response policy (default $VIGIL_POLICY, else policy/default.yaml)')
    .option('--as <user>', 'who is acting (default $VIGIL_USER, else the login name)')
    .option('--json', 'print JSON');
  if (options.connectors) command.option('--connectors <file>', 'connectors file (default $VIGIL_CONNECTORS)');
  return command;
}

export async function openResponseEnvironment(
  flags: ResponseFlags,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<ResponseEnvironment> {
  const settings = resolveSettings({ db: flags.db });
  const policy = await loadPolicy(flags.policy ?? environment.VIGIL_POLICY ?? defaultPolicyPath);
  const secrets = createSecrets(environment);
  const connectorsFile = flags.connectors ?? environment.VIGIL_CONNECTORS;
  const connectors = createConnectorRegistry(
    connectorsFile ? await buildConnectors(await loadConnectorConfig(connectorsFile), secrets) : [],
  );
  const stores = await openStores(settings.database);
  const actor = flags.as ?? environment.VIGIL_USER ?? userInfo().username;
  const service = new ResponseService({
    store: stores.store,
    runs: stores.runs,
    settings: { policy, connectors, redact: secrets.redactValue },
    decisions: knowledgeDecisions(stores.knowledge),
    knowledge: stores.knowledge,
  });
  return { stores, policy, connectors, secrets, actor, service };
}

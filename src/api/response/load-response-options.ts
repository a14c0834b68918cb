/**
 * Resolves the response side of `vigil serve` from files: the policy (explicit file, else the
 * one saved by the API under the Vigil home, else the default policy), the connectors file
 * (credentials through the secrets resolver, which then redacts them) and the asset
 * inventory. Paths come in explicitly; this module reads no environment variable itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssetInventory } from '../../reason/index.js';
import {
  buildConnectors,
  createConnectorRegistry,
  createSecrets,
  loadConnectorConfig,
  loadPolicy,
} from '../../respond/index.js';
import type { ResponseOptions } from '../app.js';

export interface ResponseFiles {
  /** Policy given by the operator (flag or environment). */
  policy?: string | undefined;
  /** The repository's default policy, used when nothing else is there. */
  defaultPolicy: string;
  /** Vigil's home folder: where the API saves policy updates (`policy.yaml`). */
  home: string;
  connectors?: string | undefined;
  assets?: string | undefined;
  /** Environment holding the connectors' credentials (`{ env: NAME }` references). */
  secretsEnvironment: NodeJS.ProcessEnv;
}

export interface ResolvedResponse {
  options: ResponseOptions;
  /** The policy file in use, and where updates are written. */
  policySource: string;
  policyTarget: string;
  connectorsSource?: string | undefined;
}

export async function loadResponseOptions(files: ResponseFiles): Promise<ResolvedResponse> {
  const saved = join(files.home, 'policy.yaml');
  const policySource = files.policy ?? (existsSync(saved) ? saved : files.defaultPolicy);
  const policy = await loadPolicy(policySource);
  const secrets = createSecrets(files.secretsEnvironment);
  const connectors = createConnectorRegistry(
    files.connectors ? await buildConnectors(await loadConnectorConfig(files.connectors), secrets) : [],
  );
  const assets = files.assets ? await loadAssetInventory(files.assets) : [];
  return {
    options: { policy, connectors, assets, redact: secrets.redactValue },
    policySource,
    policyTarget: files.policy ?? saved,
    connectorsSource: files.connectors,
  };
}

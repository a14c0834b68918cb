/** Loads the user's asset inventory (schema in core): one loader for reasoning and response policy. */
import { readFile } from 'node:fs/promises';

import {
  type Asset,
  type AssetInventory,
  assetInventorySchema,
  InputInvalidError,
  InputUnreadableError,
  type Risk,
} from '../core/index.js';
import { parseYaml } from '../guard/index.js';

export type AssetCriticality = ReadonlyMap<string, Risk>;

/** Short host name, lower case: `WS-FIN-07.corp.example` → `ws-fin-07`. */
export const shortHostName = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();

/** Reads and validates an asset inventory file's hosts; a bad file errors naming the file and the field. */
export async function loadAssetInventory(file: string): Promise<Asset[]> {
  return (await loadAssetInventoryFile(file)).assets;
}

/** Reads and validates a whole asset inventory file: hosts and identities. */
export async function loadAssetInventoryFile(file: string): Promise<AssetInventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read the asset inventory: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new InputInvalidError(`the asset inventory is not valid YAML: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const parsed = assetInventorySchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw new InputInvalidError(`invalid asset inventory: ${field}: ${issue.message}`, {
      location: { file, field },
    });
  }
  return parsed.data;
}

/** Short host name → criticality, as impact scoring reads it. */
export function assetCriticality(assets: readonly Asset[]): AssetCriticality {
  return new Map(assets.map((asset) => [shortHostName(asset.host), asset.criticality]));
}

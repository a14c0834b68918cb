/** The user's asset inventory (YAML or JSON): host name → criticality, used in impact scoring. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputInvalidError, InputUnreadableError } from '../core/index.js';

export const assetInventorySchema = z.object({
  assets: z.array(
    z.object({
      host: z.string().min(1),
      criticality: z.enum(['low', 'medium', 'high', 'critical']),
      role: z.string().optional(),
    }),
  ),
});

export type AssetCriticality = ReadonlyMap<string, 'low' | 'medium' | 'high' | 'critical'>;

/** Short host name, lower case: `WS-FIN-07.corp.example` → `ws-fin-07`. */
export const shortHostName = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();

export async function loadAssetInventory(file: string): Promise<AssetCriticality> {
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
    document = parse(text);
  } catch (error) {
    throw new InputInvalidError(`the asset inventory is not valid YAML: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const parsed = assetInventorySchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputInvalidError(`invalid asset inventory: ${issue.message}`, {
      location: { file, field: issue.path.join('.') },
    });
  }
  return new Map(parsed.data.assets.map((asset) => [shortHostName(asset.host), asset.criticality]));
}

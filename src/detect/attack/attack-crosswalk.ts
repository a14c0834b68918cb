/**
 * A map from ATT&CK ids and tactic names of another ATT&CK version to the ones a bundle knows
 * (for example `attack-v19-to-v18-crosswalk.json`): the first listed target is preferred.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';

export const attackCrosswalkSchema = z
  .object({
    tactics: z.record(z.string(), z.array(z.string())).default({}),
    techniques: z.record(z.string(), z.array(z.string())).default({}),
  })
  .meta({ description: 'Tag crosswalk between ATT&CK versions: newer id → older ids, best first' });
export type AttackCrosswalk = z.infer<typeof attackCrosswalkSchema>;

export async function loadAttackCrosswalk(file: string): Promise<AttackCrosswalk> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read ATT&CK crosswalk: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const parsed = attackCrosswalkSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new InputInvalidError(`invalid ATT&CK crosswalk: ${parsed.error.message}`, { location: { file } });
  return parsed.data;
}

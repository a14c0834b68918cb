/**
 * A map from ATT&CK ids and tactic names of another ATT&CK version to the ones a bundle knows
 * (for example `attack-v19-to-v18-crosswalk.json`): the first listed target is preferred.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

const crosswalkName = /^attack-.*crosswalk.*\.json$/i;

/**
 * The first ATT&CK crosswalk file (`attack-…crosswalk….json`, as published beside SigmaHQ rules
 * retagged for a newer ATT&CK) in each given folder (or a file's folder) and the two folders above it. Knowledge folders are searched in the order given; unreadable ones are skipped.
 */
export async function findAttackCrosswalk(paths: readonly string[]): Promise<string | undefined> {
  const folders: string[] = [];
  for (const path of paths) {
    const isFolder = await stat(path).then(
      (info) => info.isDirectory(),
      () => undefined,
    );
    if (isFolder === undefined) continue;
    let folder = isFolder ? path : dirname(path);
    // The folder and two above it: SigmaHQ keeps the crosswalk beside `rules/`, users pass `rules/windows`.
    for (let level = 0; level < 3; level++) {
      folders.push(folder);
      folder = dirname(folder);
    }
  }
  for (const folder of [...new Set(folders)]) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      continue;
    }
    const found = names.filter((name) => crosswalkName.test(name)).sort()[0];
    if (found !== undefined) return join(folder, found);
  }
  return undefined;
}

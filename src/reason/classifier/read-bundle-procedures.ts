/**
 * Procedure examples: the descriptions of ATT&CK `uses` relationships (group or software →
 * technique), read from a STIX bundle (.json or .json.gz) or from a JSON-lines export.
 * These are the classifier's training sentences.
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { InputInvalidError, InputUnreadableError } from '../../core/index.js';

export interface ProcedureExample {
  text: string;
  technique: string;
  /** Group or software id (G0016, S0002) that the procedure belongs to: the unit of held-out splits. */
  actorId: string;
}

interface StixObjectLike {
  type?: string;
  id?: string;
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  description?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  external_references?: Array<{ source_name?: string; external_id?: string }>;
}

async function readText(file: string): Promise<string> {
  try {
    const bytes = await readFile(file);
    return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read ${file}: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
}

/** The first `mitre-…` external id of an object; references of the wrong shape are passed over. */
function attackIdOf(object: StixObjectLike): string | undefined {
  if (!Array.isArray(object.external_references)) return undefined;
  for (const reference of object.external_references as unknown[]) {
    const { source_name: source, external_id: id } = (reference ?? {}) as {
      source_name?: unknown;
      external_id?: unknown;
    };
    if (typeof source === 'string' && source.startsWith('mitre-') && typeof id === 'string' && id) return id;
  }
  return undefined;
}

/** Procedure examples of an ATT&CK STIX bundle: `uses` relationships from groups and software to live techniques. */
export async function readBundleProcedures(file: string): Promise<ProcedureExample[]> {
  let bundle: { objects?: StixObjectLike[] };
  try {
    bundle = JSON.parse(await readText(file)) as { objects?: StixObjectLike[] };
  } catch (error) {
    if (error instanceof InputUnreadableError) throw error;
    throw new InputInvalidError(`not a JSON STIX bundle: ${(error as Error).message}`, { location: { file } });
  }
  return bundleProcedures(bundle.objects ?? []);
}

/** The procedure examples among a STIX bundle's parsed objects (entries that are not objects are skipped). */
export function bundleProcedures(objects: readonly unknown[]): ProcedureExample[] {
  const ids = new Map<string, string>();
  const live = new Set<string>();
  const stixObjects = objects.filter(
    (object): object is StixObjectLike => typeof object === 'object' && object !== null,
  );
  for (const object of stixObjects) {
    const id = attackIdOf(object);
    if (typeof object.id !== 'string' || !object.id || !id) continue;
    ids.set(object.id, id);
    if (object.type === 'attack-pattern' && !object.revoked && !object.x_mitre_deprecated) live.add(object.id);
  }
  const examples: ProcedureExample[] = [];
  for (const object of stixObjects) {
    if (object.type !== 'relationship' || object.relationship_type !== 'uses' || object.revoked) continue;
    if (typeof object.description !== 'string' || !object.description) continue;
    if (typeof object.target_ref !== 'string' || !live.has(object.target_ref)) continue;
    const actorId = typeof object.source_ref === 'string' ? ids.get(object.source_ref) : undefined;
    const technique = ids.get(object.target_ref);
    if (!actorId || !technique || !/^[GSC]\d{4}$/.test(actorId)) continue;
    examples.push({ text: object.description, technique, actorId });
  }
  return examples;
}

/** Procedure examples from a JSON-lines file with `text`, `technique` and `actor_id`; bad lines are skipped and counted. */
export async function readProcedureLines(file: string): Promise<{ examples: ProcedureExample[]; skipped: number }> {
  const examples: ProcedureExample[] = [];
  let skipped = 0;
  for (const line of (await readText(file)).split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as { text?: unknown; technique?: unknown; actor_id?: unknown };
      if (
        typeof record.text === 'string' &&
        typeof record.technique === 'string' &&
        typeof record.actor_id === 'string'
      )
        examples.push({ text: record.text, technique: record.technique, actorId: record.actor_id });
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { examples, skipped };
}

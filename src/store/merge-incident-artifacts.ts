/**
 * Atomic merge of an incident's stage artifacts. Worker stages each own some top-level keys
 * (correlation, plan, related, …); replacing the whole artifact object from a stale read lost
 * the other stage's keys. A key whose value is `undefined` is removed.
 *
 * SQLite: one UPDATE built of `json_set` / `json_remove` calls, so no lock is held across an
 * `await` (better-sqlite3 blocks the thread while it waits for a lock, so a transaction kept
 * open over the event loop could stall another connection of the same process).
 * PostgreSQL: read-modify-write in a transaction that reads the row `FOR UPDATE`, so concurrent
 * merges and saves of the incident queue on its row lock.
 */

import { type Kysely, type RawBuilder, sql } from 'kysely';
import { InputInvalidError, incidentArtifactsSchema } from '../core/index.js';
import type { Database } from './database-schema.js';
import type { IncidentArtifactsPatch } from './store.js';

/**
 * The patch as [key, JSON text or undefined to remove], each value checked by its artifact
 * schema; a key the schema does not know is refused (so SQLite's JSON path only names known keys).
 */
function patchEntries(id: string, patch: IncidentArtifactsPatch): [string, string | undefined][] {
  const shape: Record<string, { parse(value: unknown): unknown } | undefined> = incidentArtifactsSchema.shape;
  return Object.entries(patch).map(([key, value]) => {
    const schema = shape[key];
    if (!schema)
      throw new InputInvalidError(`unknown incident artifact ${JSON.stringify(key)}`, {
        location: { objectId: id, field: key },
      });
    return [key, value === undefined ? undefined : JSON.stringify(schema.parse(value))];
  });
}

export async function mergeArtifactsInOneStatement(
  database: Kysely<Database>,
  id: string,
  patch: IncidentArtifactsPatch,
): Promise<boolean> {
  let artifacts: RawBuilder<string> = sql<string>`artifacts`;
  for (const [key, json] of patchEntries(id, patch)) {
    const path = `$."${key}"`;
    artifacts =
      json === undefined
        ? sql<string>`json_remove(${artifacts}, ${path})`
        : sql<string>`json_set(${artifacts}, ${path}, json(${json}))`;
  }
  const result = await database.updateTable('incidents').set({ artifacts }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The PostgreSQL merge inside a transaction the caller holds (the row stays locked until it ends). */
export async function mergeArtifactsLockingRow(
  transaction: Kysely<Database>,
  id: string,
  patch: IncidentArtifactsPatch,
): Promise<boolean> {
  const entries = patchEntries(id, patch);
  const row = await transaction
    .selectFrom('incidents')
    .select('artifacts')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return false;
  const merged: Record<string, unknown> = JSON.parse(row.artifacts);
  for (const [key, json] of entries) {
    if (json === undefined) delete merged[key];
    else merged[key] = JSON.parse(json);
  }
  await transaction
    .updateTable('incidents')
    .set({ artifacts: JSON.stringify(merged) })
    .where('id', '=', id)
    .execute();
  return true;
}

export async function mergeArtifactsUnderRowLock(
  database: Kysely<Database>,
  id: string,
  patch: IncidentArtifactsPatch,
): Promise<boolean> {
  return database.transaction().execute((transaction) => mergeArtifactsLockingRow(transaction, id, patch));
}

/** `KnowledgeStore` over any Kysely dialect: a few indexed columns and the zod-validated record as JSON. */
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import {
  type ActionDecisionRecord,
  actionDecisionRecordSchema,
  type IndicatorProvenance,
  type IndicatorSightingRecord,
  indicatorProvenanceSchema,
  indicatorSightingRecordSchema,
  type PublicationRecord,
  publicationRecordSchema,
  type Suppression,
  suppressionSchema,
  type VerdictRecord,
  verdictRecordSchema,
} from './knowledge-records.js';
import type { IntelObjectRecord, KnowledgeStore } from './knowledge-store.js';

/** Ids looked up per query when saving context objects. */
const lookupChunk = 500;
const laterThan = (version: string, other: string) => {
  const left = Date.parse(version);
  const right = Date.parse(other);
  return Number.isNaN(right) ? !Number.isNaN(left) || version > other : !Number.isNaN(left) && left > right;
};

export class SqlKnowledgeStore implements KnowledgeStore {
  constructor(private readonly database: Kysely<Database>) {}

  async recordVerdict(record: VerdictRecord): Promise<void> {
    const valid = verdictRecordSchema.parse(record);
    const row = {
      incident_id: valid.incidentId,
      verdict: valid.verdict,
      decided_at: valid.decidedAt,
      body: JSON.stringify(valid),
    };
    await this.database
      .insertInto('knowledge_verdicts')
      .values(row)
      .onConflict((conflict) =>
        conflict
          .column('incident_id')
          .doUpdateSet({ verdict: row.verdict, decided_at: row.decided_at, body: row.body }),
      )
      .execute();
  }

  async listVerdicts(): Promise<VerdictRecord[]> {
    const rows = await this.database.selectFrom('knowledge_verdicts').select('body').orderBy('decided_at').execute();
    return rows.map((row) => verdictRecordSchema.parse(JSON.parse(row.body)));
  }

  async getVerdict(incidentId: string): Promise<VerdictRecord | undefined> {
    const row = await this.database
      .selectFrom('knowledge_verdicts')
      .select('body')
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    return row ? verdictRecordSchema.parse(JSON.parse(row.body)) : undefined;
  }

  async recordDecision(record: ActionDecisionRecord): Promise<void> {
    const valid = actionDecisionRecordSchema.parse(record);
    const row = {
      id: valid.id,
      incident_id: valid.incidentId,
      action_type: valid.actionType,
      target_kind: valid.target.kind,
      target_value: valid.target.value,
      decision: valid.decision,
      decided_at: valid.decidedAt,
      body: JSON.stringify(valid),
    };
    await this.database
      .insertInto('knowledge_decisions')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({ decision: row.decision, decided_at: row.decided_at, body: row.body }),
      )
      .execute();
  }

  async listDecisions(options: { incidentId?: string } = {}): Promise<ActionDecisionRecord[]> {
    let builder = this.database.selectFrom('knowledge_decisions').select('body').orderBy('decided_at').orderBy('id');
    if (options.incidentId) builder = builder.where('incident_id', '=', options.incidentId);
    const rows = await builder.execute();
    return rows.map((row) => actionDecisionRecordSchema.parse(JSON.parse(row.body)));
  }

  async saveSuppression(suppression: Suppression): Promise<void> {
    const valid = suppressionSchema.parse(suppression);
    const row = {
      id: valid.id,
      rule_id: valid.ruleId,
      active: valid.revokedAt ? 0 : 1,
      created_at: valid.createdAt,
      body: JSON.stringify(valid),
    };
    await this.database
      .insertInto('knowledge_suppressions')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ active: row.active, body: row.body }))
      .execute();
  }

  async listSuppressions(options: { includeRevoked?: boolean } = {}): Promise<Suppression[]> {
    let builder = this.database.selectFrom('knowledge_suppressions').select('body').orderBy('created_at').orderBy('id');
    if (!options.includeRevoked) builder = builder.where('active', '=', 1);
    const rows = await builder.execute();
    return rows.map((row) => suppressionSchema.parse(JSON.parse(row.body)));
  }

  async getSuppression(id: string): Promise<Suppression | undefined> {
    const row = await this.database
      .selectFrom('knowledge_suppressions')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? suppressionSchema.parse(JSON.parse(row.body)) : undefined;
  }

  async recordProvenance(records: readonly IndicatorProvenance[]): Promise<number> {
    let added = 0;
    for (const record of records) {
      const valid = indicatorProvenanceSchema.parse(record);
      const result = await this.database
        .insertInto('knowledge_provenance')
        .values({
          indicator_id: valid.indicatorId,
          incident_id: valid.incidentId,
          created_at: valid.createdAt,
          body: JSON.stringify(valid),
        })
        .onConflict((conflict) => conflict.column('indicator_id').doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async listProvenance(options: { incidentId?: string } = {}): Promise<IndicatorProvenance[]> {
    let builder = this.database
      .selectFrom('knowledge_provenance')
      .select('body')
      .orderBy('created_at')
      .orderBy('indicator_id');
    if (options.incidentId) builder = builder.where('incident_id', '=', options.incidentId);
    const rows = await builder.execute();
    return rows.map((row) => indicatorProvenanceSchema.parse(JSON.parse(row.body)));
  }

  async recordSightings(records: readonly IndicatorSightingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record) => {
      const valid = indicatorSightingRecordSchema.parse(record);
      return {
        indicator_id: valid.indicatorId,
        incident_id: valid.incidentId,
        seen_at: valid.seenAt,
        count: valid.count,
      };
    });
    await this.database.insertInto('knowledge_sightings').values(rows).execute();
  }

  async sightingTotals(): Promise<Map<string, { count: number; lastSeen: string }>> {
    const rows = await this.database
      .selectFrom('knowledge_sightings')
      .select((expression) => [
        'indicator_id',
        expression.fn.sum<number>('count').as('count'),
        expression.fn.max<string>('seen_at').as('last_seen'),
      ])
      .groupBy('indicator_id')
      .execute();
    return new Map(rows.map((row) => [row.indicator_id, { count: Number(row.count), lastSeen: row.last_seen }]));
  }

  async saveIntelObjects(records: readonly IntelObjectRecord[]): Promise<number> {
    // The latest of each id within the batch, then only those later than what is stored.
    const latest = new Map<string, IntelObjectRecord>();
    for (const record of records) {
      const before = latest.get(record.id);
      if (!before || laterThan(record.version, before.version)) latest.set(record.id, record);
    }
    const ids = [...latest.keys()];
    return this.database.transaction().execute(async (transaction) => {
      const stored = new Map<string, string>();
      for (let start = 0; start < ids.length; start += lookupChunk) {
        const rows = await transaction
          .selectFrom('knowledge_intel_objects')
          .select(['id', 'version'])
          .where('id', 'in', ids.slice(start, start + lookupChunk))
          .execute();
        for (const row of rows) stored.set(row.id, row.version);
      }
      let written = 0;
      for (const record of latest.values()) {
        const version = stored.get(record.id);
        if (version !== undefined && !laterThan(record.version, version)) continue;
        const row = { id: record.id, type: record.type, version: record.version, body: record.body };
        await transaction
          .insertInto('knowledge_intel_objects')
          .values(row)
          .onConflict((conflict) =>
            conflict.column('id').doUpdateSet({ type: row.type, version: row.version, body: row.body }),
          )
          .execute();
        written++;
      }
      return written;
    });
  }

  async listIntelObjects(options: { types?: readonly string[]; limit?: number } = {}): Promise<IntelObjectRecord[]> {
    let builder = this.database
      .selectFrom('knowledge_intel_objects')
      .select(['id', 'type', 'version', 'body'])
      .orderBy('id');
    if (options.types) {
      if (options.types.length === 0) return [];
      builder = builder.where('type', 'in', [...options.types]);
    }
    if (options.limit !== undefined) builder = builder.limit(options.limit);
    return builder.execute();
  }

  async savePublication(record: PublicationRecord): Promise<void> {
    const valid = publicationRecordSchema.parse(record);
    const row = {
      id: valid.id,
      incident_id: valid.incidentId,
      status: valid.status,
      created_at: valid.createdAt,
      body: JSON.stringify(valid),
    };
    await this.database
      .insertInto('knowledge_publications')
      .values(row)
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ status: row.status, body: row.body }))
      .execute();
  }

  async listPublications(options: { incidentId?: string } = {}): Promise<PublicationRecord[]> {
    let builder = this.database.selectFrom('knowledge_publications').select('body').orderBy('created_at').orderBy('id');
    if (options.incidentId) builder = builder.where('incident_id', '=', options.incidentId);
    const rows = await builder.execute();
    return rows.map((row) => publicationRecordSchema.parse(JSON.parse(row.body)));
  }

  async getPublication(id: string): Promise<PublicationRecord | undefined> {
    const row = await this.database
      .selectFrom('knowledge_publications')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? publicationRecordSchema.parse(JSON.parse(row.body)) : undefined;
  }
}

/**
 * `Store` over any Kysely dialect (SQLite now, PostgreSQL later). Rows hold a few
 * indexed columns and the domain object as JSON; every object is parsed by its zod
 * schema on the way in and on the way out.
 */
import type { Kysely } from 'kysely';
import {
  type ActionProposal,
  type Alert,
  type Approval,
  type AuditEntry,
  actionProposalSchema,
  alertSchema,
  approvalSchema,
  auditEntrySchema,
  type CaseEntry,
  caseEntryAuditAction,
  caseEntryAuditDetails,
  caseEntrySchema,
  type Event,
  eventSchema,
  type Feedback,
  feedbackSchema,
  type Incident,
  type Indicator,
  incidentArtifactsSchema,
  incidentSchema,
  indicatorSchema,
  recordSnapshotOf,
} from '../core/index.js';
import { canonicalise, genesisHash, hashAuditEntry } from './audit-chain.js';
import type { Database } from './database-schema.js';
import { decodeFieldsPlan, encodeFieldsPlan } from './event-fields-plan.js';
import { mergeArtifactsInOneStatement } from './merge-incident-artifacts.js';
import type {
  AuditQuery,
  AuditVerification,
  EventQuery,
  IncidentArtifacts,
  IncidentArtifactsPatch,
  IncidentChange,
  InsertEventsOptions,
  InsertEventsResult,
  NewAuditEntry,
  PreparedEvents,
  Store,
  StoredRejection,
} from './store.js';

/** Rows per INSERT statement; keeps bound parameters well under SQLite's limit. */
const insertChunk = 400;

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * The row an event is stored as: its indexed columns, the event without `raw` as JSON, and the
 * record exactly as read in `raw` (migration 0008), so it is stored once, as plain text. When the
 * event was built from a JSON record in this process, its fields are stored as a plan against
 * that record (`fieldsPlan`: only what normalisation changed or added), and a `message` that is
 * the `Message` field is stored as that (`messageField`).
 */
export function eventRow(event: Event) {
  const { raw, fields, message, ...rest } = event;
  const body: Record<string, unknown> = rest;
  const snapshot = recordSnapshotOf(event);
  if (snapshot !== undefined) body.fieldsPlan = encodeFieldsPlan(fields, snapshot);
  else body.fields = fields;
  if (message !== undefined) {
    if (fields.Message === message) body.messageField = 'Message';
    else body.message = message;
  }
  return {
    id: event.id,
    timestamp: event.timestamp,
    format: event.origin.format,
    dataset: event.origin.dataset ?? null,
    host: event.host?.name?.toLowerCase() ?? null,
    body: JSON.stringify(body),
    raw,
  };
}

export type EventRow = ReturnType<typeof eventRow>;

/** The rows of events, as `SqlStore.prepareEvents` returns them. */
class EventRows implements PreparedEvents {
  constructor(readonly rows: readonly EventRow[]) {}
  get count(): number {
    return this.rows.length;
  }
}

/** The rows of `groups` in order; each group must be one `prepareEvents` made. */
export function rowsOfGroups(groups: readonly PreparedEvents[]): readonly EventRow[] {
  const rows: EventRow[][] = [];
  for (const group of groups) {
    if (!(group instanceof EventRows)) throw new TypeError('events prepared by another store');
    rows.push(group.rows as EventRow[]);
  }
  return rows.length === 1 ? (rows[0] as EventRow[]) : rows.flat();
}

/** An event read back from its row; rows written before migration 0008 hold `raw` in the body. */
export function eventFromRow(row: { body: string; raw: string | null }): Event {
  const body = JSON.parse(row.body) as Record<string, unknown>;
  if (row.raw !== null) {
    body.raw = row.raw;
    if (body.fieldsPlan !== undefined) {
      body.fields = decodeFieldsPlan(body.fieldsPlan, row.raw);
      delete body.fieldsPlan;
    }
    if (body.messageField === 'Message') {
      body.message = (body.fields as Record<string, unknown>).Message;
      delete body.messageField;
    }
  }
  return eventSchema.parse(body);
}

export class SqlStore implements Store {
  constructor(
    readonly kind: string,
    private readonly database: Kysely<Database>,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  insertEvents(events: readonly Event[], options: InsertEventsOptions = {}): Promise<InsertEventsResult> {
    return this.insertPreparedEvents([this.prepareEvents(events)], options);
  }

  prepareEvents(events: readonly Event[]): PreparedEvents {
    return new EventRows(events.map(eventRow));
  }

  async insertPreparedEvents(
    groups: readonly PreparedEvents[],
    options: InsertEventsOptions = {},
  ): Promise<InsertEventsResult> {
    const all = rowsOfGroups(groups);
    if (all.length === 0) return { stored: 0, duplicates: 0 };
    let stored = 0;
    await this.database.transaction().execute(async (transaction) => {
      if (options.durability === 'replayable') await this.commitWithoutFlush(transaction);
      for (const rows of chunks(all, insertChunk)) {
        const result = await transaction
          .insertInto('events')
          .values(rows)
          .onConflict((conflict) => conflict.column('id').doNothing())
          .executeTakeFirst();
        stored += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
    });
    return { stored, duplicates: all.length - stored };
  }

  loadReplayableEvents<T>(load: () => Promise<T>): Promise<T> {
    return load();
  }

  async getEvents(ids: readonly string[]): Promise<Event[]> {
    const found: Event[] = [];
    for (const chunk of chunks(ids, insertChunk)) {
      const rows = await this.database.selectFrom('events').select(['body', 'raw']).where('id', 'in', chunk).execute();
      for (const row of rows) found.push(eventFromRow(row));
    }
    return found;
  }

  async listEvents(query: EventQuery = {}): Promise<Event[]> {
    let builder = this.database.selectFrom('events').select(['body', 'raw']).orderBy('timestamp').orderBy('id');
    if (query.from) builder = builder.where('timestamp', '>=', query.from);
    if (query.to) builder = builder.where('timestamp', '<', query.to);
    if (query.host) builder = builder.where('host', '=', query.host.toLowerCase());
    const after = query.after;
    if (after)
      builder = builder.where((where) =>
        where.or([
          where('timestamp', '>', after.timestamp),
          where.and([where('timestamp', '=', after.timestamp), where('id', '>', after.id)]),
        ]),
      );
    const rows = await builder.limit(query.limit ?? 1000).execute();
    const category = query.category;
    if (category === undefined) return rows.map(eventFromRow);
    // The body holds the category as a JSON string: a row without that text is not of it.
    const named = JSON.stringify(category);
    const found: Event[] = [];
    for (const row of rows) {
      if (!row.body.includes(named)) continue;
      const event = eventFromRow(row);
      if (event.category.includes(category)) found.push(event);
    }
    return found;
  }

  async countEvents(): Promise<number> {
    const row = await this.database
      .selectFrom('events')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async insertAlerts(alerts: readonly Alert[]): Promise<number> {
    let stored = 0;
    for (const chunk of chunks(alerts, insertChunk)) {
      const rows = chunk.map((alert) => {
        const valid = alertSchema.parse(alert);
        return {
          id: valid.id,
          timestamp: valid.timestamp,
          rule_id: valid.ruleId,
          severity: valid.severity,
          body: JSON.stringify(valid),
        };
      });
      const result = await this.database
        .insertInto('alerts')
        .values(rows)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .executeTakeFirst();
      stored += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return stored;
  }

  async listAlerts(options: { limit?: number; severity?: string; ruleId?: string } = {}): Promise<Alert[]> {
    let builder = this.database.selectFrom('alerts').select('body').orderBy('timestamp');
    if (options.severity !== undefined) builder = builder.where('severity', '=', options.severity);
    if (options.ruleId !== undefined) builder = builder.where('rule_id', '=', options.ruleId);
    const rows = await builder.limit(options.limit ?? 1000).execute();
    return rows.map((row) => alertSchema.parse(JSON.parse(row.body)));
  }

  async countAlerts(): Promise<number> {
    const row = await this.database
      .selectFrom('alerts')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async getAlerts(ids: readonly string[]): Promise<Alert[]> {
    const found: Alert[] = [];
    for (const chunk of chunks(ids, insertChunk)) {
      const rows = await this.database.selectFrom('alerts').select('body').where('id', 'in', chunk).execute();
      for (const row of rows) found.push(alertSchema.parse(JSON.parse(row.body)));
    }
    return found;
  }

  async saveIncident(incident: Incident, artifacts: IncidentArtifacts = {}): Promise<void> {
    await this.writeIncident(this.database, incident, artifacts);
  }

  /**
   * Makes `transaction`'s commit return before it is flushed to the disk (`replayable` events);
   * a dialect without such a setting commits as usual. PostgreSQL overrides it.
   */
  protected async commitWithoutFlush(_transaction: Kysely<Database>): Promise<void> {}

  /** Merges artifact keys within `executor` (a transaction or the database); PostgreSQL locks the row instead. */
  protected mergeArtifactsWith(executor: Kysely<Database>, id: string, patch: IncidentArtifactsPatch) {
    return mergeArtifactsInOneStatement(executor, id, patch);
  }

  async recordIncident(change: IncidentChange): Promise<boolean> {
    return this.database.transaction().execute(async (transaction) => {
      const id = change.mode === 'replace' ? change.incident.id : change.incidentId;
      if (change.mode === 'replace') await this.writeIncident(transaction, change.incident, change.artifacts);
      else if (!(await this.mergeArtifactsWith(transaction, id, change.artifacts))) return false;
      if (change.proposals) await this.writeProposals(transaction, id, change.proposals);
      for (const entry of change.audit) await this.writeAudit(transaction, entry);
      return true;
    });
  }

  private async writeIncident(executor: Kysely<Database>, incident: Incident, artifacts: IncidentArtifacts) {
    const valid = incidentSchema.parse(incident);
    const row = {
      id: valid.id,
      first_seen: valid.firstSeen,
      last_seen: valid.lastSeen,
      severity: valid.severity,
      status: valid.status,
      body: JSON.stringify(valid),
      artifacts: JSON.stringify(incidentArtifactsSchema.parse(artifacts)),
    };
    await executor
      .insertInto('incidents')
      .values(row)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet({
          first_seen: row.first_seen,
          last_seen: row.last_seen,
          severity: row.severity,
          status: row.status,
          body: row.body,
          artifacts: row.artifacts,
        }),
      )
      .execute();
  }

  async getIncident(id: string): Promise<{ incident: Incident; artifacts: IncidentArtifacts } | undefined> {
    const row = await this.database
      .selectFrom('incidents')
      .select(['body', 'artifacts'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { incident: incidentSchema.parse(JSON.parse(row.body)), artifacts: JSON.parse(row.artifacts) };
  }

  async getIncidents(ids: readonly string[]): Promise<{ incident: Incident; artifacts: IncidentArtifacts }[]> {
    const found: { incident: Incident; artifacts: IncidentArtifacts }[] = [];
    for (const chunk of chunks(ids, insertChunk)) {
      const rows = await this.database
        .selectFrom('incidents')
        .select(['body', 'artifacts'])
        .where('id', 'in', chunk)
        .execute();
      for (const row of rows)
        found.push({ incident: incidentSchema.parse(JSON.parse(row.body)), artifacts: JSON.parse(row.artifacts) });
    }
    return found;
  }

  /** SQLite's merge (one statement); the PostgreSQL store overrides it with a row-locked one. */
  mergeIncidentArtifacts(id: string, patch: IncidentArtifactsPatch): Promise<boolean> {
    return mergeArtifactsInOneStatement(this.database, id, patch);
  }

  async listIncidents(options: { limit?: number } = {}): Promise<Incident[]> {
    const rows = await this.database
      .selectFrom('incidents')
      .select('body')
      .orderBy('last_seen', 'desc')
      .limit(options.limit ?? 1000)
      .execute();
    return rows.map((row) => incidentSchema.parse(JSON.parse(row.body)));
  }

  async countIncidentsByStatus(): Promise<Record<string, number>> {
    const rows = await this.database
      .selectFrom('incidents')
      .select((expression) => ['status', expression.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  async saveProposals(incidentId: string, proposals: readonly ActionProposal[]): Promise<void> {
    await this.database.transaction().execute((transaction) => this.writeProposals(transaction, incidentId, proposals));
  }

  private async writeProposals(executor: Kysely<Database>, incidentId: string, proposals: readonly ActionProposal[]) {
    const rows = proposals.map((proposal, position) => {
      const valid = actionProposalSchema.parse(proposal);
      return { id: valid.id, incident_id: incidentId, position, body: JSON.stringify(valid) };
    });
    await executor.deleteFrom('action_proposals').where('incident_id', '=', incidentId).execute();
    for (const chunk of chunks(rows, insertChunk))
      await executor.insertInto('action_proposals').values(chunk).execute();
  }

  async listProposals(incidentId: string): Promise<ActionProposal[]> {
    const rows = await this.database
      .selectFrom('action_proposals')
      .select('body')
      .where('incident_id', '=', incidentId)
      .orderBy('position')
      .execute();
    return rows.map((row) => actionProposalSchema.parse(JSON.parse(row.body)));
  }

  async listProposalsForIncidents(incidentIds: readonly string[]): Promise<Map<string, ActionProposal[]>> {
    const found = new Map<string, ActionProposal[]>();
    for (const chunk of chunks(incidentIds, insertChunk)) {
      const rows = await this.database
        .selectFrom('action_proposals')
        .select(['incident_id', 'body'])
        .where('incident_id', 'in', chunk)
        .orderBy('incident_id')
        .orderBy('position')
        .execute();
      for (const row of rows) {
        const proposals = found.get(row.incident_id) ?? [];
        proposals.push(actionProposalSchema.parse(JSON.parse(row.body)));
        found.set(row.incident_id, proposals);
      }
    }
    return found;
  }

  async recordApproval(approval: Approval): Promise<void> {
    const valid = approvalSchema.parse(approval);
    await this.database
      .insertInto('approvals')
      .values({ id: valid.id, proposal_id: valid.proposalId, decided_at: valid.decidedAt, body: JSON.stringify(valid) })
      .execute();
  }

  async listApprovals(proposalId: string): Promise<Approval[]> {
    const rows = await this.database
      .selectFrom('approvals')
      .select('body')
      .where('proposal_id', '=', proposalId)
      .orderBy('decided_at')
      .execute();
    return rows.map((row) => approvalSchema.parse(JSON.parse(row.body)));
  }

  async listApprovalsForProposals(proposalIds: readonly string[]): Promise<Map<string, Approval[]>> {
    const found = new Map<string, Approval[]>();
    for (const chunk of chunks(proposalIds, insertChunk)) {
      const rows = await this.database
        .selectFrom('approvals')
        .select(['proposal_id', 'body'])
        .where('proposal_id', 'in', chunk)
        .orderBy('proposal_id')
        .orderBy('decided_at')
        .execute();
      for (const row of rows) {
        const approvals = found.get(row.proposal_id) ?? [];
        approvals.push(approvalSchema.parse(JSON.parse(row.body)));
        found.set(row.proposal_id, approvals);
      }
    }
    return found;
  }

  async recordFeedback(feedback: Feedback): Promise<void> {
    const valid = feedbackSchema.parse(feedback);
    await this.database
      .insertInto('feedback')
      .values({ id: valid.id, incident_id: valid.incidentId, created_at: valid.createdAt, body: JSON.stringify(valid) })
      .execute();
  }

  async listFeedback(incidentId: string): Promise<Feedback[]> {
    const rows = await this.database
      .selectFrom('feedback')
      .select('body')
      .where('incident_id', '=', incidentId)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => feedbackSchema.parse(JSON.parse(row.body)));
  }

  async upsertIndicators(indicators: readonly Indicator[]): Promise<number> {
    await this.database.transaction().execute(async (transaction) => {
      for (const chunk of chunks(indicators, insertChunk)) {
        const rows = chunk.map((indicator) => {
          const valid = indicatorSchema.parse(indicator);
          return {
            id: valid.id,
            type: valid.type ?? null,
            value: valid.value ?? null,
            source: valid.source,
            body: JSON.stringify(valid),
          };
        });
        await transaction
          .insertInto('indicators')
          .values(rows)
          .onConflict((conflict) =>
            conflict.column('id').doUpdateSet((expression) => ({
              type: expression.ref('excluded.type'),
              value: expression.ref('excluded.value'),
              source: expression.ref('excluded.source'),
              body: expression.ref('excluded.body'),
            })),
          )
          .execute();
      }
    });
    return indicators.length;
  }

  async listIndicators(options: { limit?: number; source?: string } = {}): Promise<Indicator[]> {
    let builder = this.database.selectFrom('indicators').select('body').orderBy('id');
    if (options.source) builder = builder.where('source', '=', options.source);
    if (options.limit !== undefined) builder = builder.limit(options.limit);
    const rows = await builder.execute();
    return rows.map((row) => indicatorSchema.parse(JSON.parse(row.body)));
  }

  async getIndicators(ids: readonly string[]): Promise<Indicator[]> {
    const found: Indicator[] = [];
    for (const chunk of chunks(ids, insertChunk)) {
      const rows = await this.database.selectFrom('indicators').select('body').where('id', 'in', chunk).execute();
      for (const row of rows) found.push(indicatorSchema.parse(JSON.parse(row.body)));
    }
    return found;
  }

  async countIndicators(): Promise<number> {
    const row = await this.database
      .selectFrom('indicators')
      .select((expression) => expression.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async recordRejections(rejections: readonly Omit<StoredRejection, 'recordedAt'>[]): Promise<void> {
    const recordedAt = new Date().toISOString();
    for (const chunk of chunks(rejections, insertChunk)) {
      await this.database
        .insertInto('rejections')
        .values(
          chunk.map((rejection) => ({
            file: rejection.file,
            line: rejection.line ?? null,
            reason: rejection.reason,
            recorded_at: recordedAt,
          })),
        )
        .execute();
    }
  }

  async listRejections(options: { limit?: number } = {}): Promise<StoredRejection[]> {
    const rows = await this.database
      .selectFrom('rejections')
      .selectAll()
      .orderBy('id')
      .limit(options.limit ?? 1000)
      .execute();
    return rows.map((row) => ({
      file: row.file,
      line: row.line ?? undefined,
      reason: row.reason,
      recordedAt: row.recorded_at,
    }));
  }

  async recordCaseEntry(entry: CaseEntry): Promise<AuditEntry> {
    const valid = caseEntrySchema.parse(entry);
    return this.database.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('case_entries')
        .values({
          id: valid.id,
          incident_id: valid.incidentId,
          kind: valid.kind,
          created_at: valid.at,
          body: JSON.stringify(valid),
        })
        .execute();
      return this.writeAudit(transaction, {
        timestamp: valid.at,
        actor: valid.author,
        action: caseEntryAuditAction[valid.kind],
        subject: { kind: 'incident', id: valid.incidentId },
        details: caseEntryAuditDetails(valid),
      });
    });
  }

  async listCaseEntries(incidentIds: readonly string[]): Promise<CaseEntry[]> {
    const positioned: { position: number; entry: CaseEntry }[] = [];
    for (const chunk of chunks(incidentIds, insertChunk)) {
      const rows = await this.database
        .selectFrom('case_entries')
        .select(['position', 'body'])
        .where('incident_id', 'in', chunk)
        .execute();
      positioned.push(
        ...rows.map((row) => ({ position: row.position, entry: caseEntrySchema.parse(JSON.parse(row.body)) })),
      );
    }
    return positioned.sort((left, right) => left.position - right.position).map((item) => item.entry);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.database.transaction().execute((transaction) => this.writeAudit(transaction, entry));
  }

  /** Appends one entry to the chain within `transaction`. */
  private async writeAudit(transaction: Kysely<Database>, entry: NewAuditEntry): Promise<AuditEntry> {
    const last = await transaction
      .selectFrom('audit_log')
      .select(['sequence', 'hash'])
      .orderBy('sequence', 'desc')
      .limit(1)
      .executeTakeFirst();
    const unhashed = {
      sequence: last ? last.sequence + 1 : 0,
      timestamp: entry.timestamp ?? new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      details: entry.details,
      previousHash: last?.hash ?? genesisHash,
    };
    const stored = auditEntrySchema.parse({ ...unhashed, hash: hashAuditEntry(unhashed) });
    await transaction
      .insertInto('audit_log')
      .values({
        sequence: stored.sequence,
        timestamp: stored.timestamp,
        actor: stored.actor,
        action: stored.action,
        subject_kind: stored.subject.kind,
        subject_id: stored.subject.id,
        details: JSON.stringify(stored.details),
        previous_hash: stored.previousHash,
        hash: stored.hash,
      })
      .execute();
    return stored;
  }

  async listAudit(options: AuditQuery = {}): Promise<AuditEntry[]> {
    let builder = this.database.selectFrom('audit_log').selectAll().orderBy('sequence');
    if (options.subjectId) builder = builder.where('subject_id', '=', options.subjectId);
    if (options.action) builder = builder.where('action', '=', options.action);
    const { subjectIds, limit } = options;
    let rows: Awaited<ReturnType<typeof builder.execute>>;
    if (subjectIds) {
      rows = [];
      for (const chunk of chunks(subjectIds, insertChunk)) {
        const chunkBuilder = builder.where('subject_id', 'in', chunk);
        rows.push(...(await (limit === undefined ? chunkBuilder : chunkBuilder.limit(limit)).execute()));
      }
      rows.sort((left, right) => left.sequence - right.sequence);
      if (limit !== undefined) rows = rows.slice(0, limit);
    } else rows = await (limit === undefined ? builder : builder.limit(limit)).execute();
    return rows.map((row) =>
      auditEntrySchema.parse({
        sequence: row.sequence,
        timestamp: row.timestamp,
        actor: row.actor,
        action: row.action,
        subject: { kind: row.subject_kind, id: row.subject_id },
        details: JSON.parse(row.details),
        previousHash: row.previous_hash,
        hash: row.hash,
      }),
    );
  }

  async verifyAudit(): Promise<AuditVerification> {
    const entries = await this.listAudit();
    let previousHash = genesisHash;
    for (const entry of entries) {
      const { hash, ...rest } = entry;
      if (entry.previousHash !== previousHash || hashAuditEntry(rest) !== hash) {
        return { valid: false, entries: entries.length, brokenAt: entry.sequence };
      }
      previousHash = hash;
    }
    const created = new Set(
      entries.filter((entry) => entry.action === 'incident-created').map((entry) => entry.subject.id),
    );
    const incidents = await this.database.selectFrom('incidents').select('id').orderBy('id').execute();
    const incidentsWithoutEntry = incidents.map((row) => row.id).filter((id) => !created.has(id));
    if (incidentsWithoutEntry.length > 0) return { valid: false, entries: entries.length, incidentsWithoutEntry };
    const caseEntriesWithoutEntry = await this.caseEntriesWithoutEntry(entries);
    if (caseEntriesWithoutEntry.length > 0) return { valid: false, entries: entries.length, caseEntriesWithoutEntry };
    return { valid: true, entries: entries.length };
  }

  /** Case entries whose row does not say what its audit entry says (or that have none). */
  private async caseEntriesWithoutEntry(entries: readonly AuditEntry[]): Promise<string[]> {
    const recorded = new Map<string, string>();
    for (const entry of entries) {
      const entryId = entry.details.entryId;
      if (typeof entryId !== 'string') continue;
      recorded.set(
        entryId,
        JSON.stringify(canonicalise([entry.action, entry.subject.id, entry.actor, entry.timestamp, entry.details])),
      );
    }
    const rows = await this.database.selectFrom('case_entries').select(['id', 'body']).orderBy('id').execute();
    return rows
      .filter((row) => {
        const parsed = caseEntrySchema.safeParse(JSON.parse(row.body));
        if (!parsed.success || parsed.data.id !== row.id) return true;
        const entry = parsed.data;
        const expected = JSON.stringify(
          canonicalise([
            caseEntryAuditAction[entry.kind],
            entry.incidentId,
            entry.author,
            entry.at,
            caseEntryAuditDetails(entry),
          ]),
        );
        return recorded.get(row.id) !== expected;
      })
      .map((row) => row.id);
  }

  async close(): Promise<void> {
    await this.database.destroy();
    await this.onClose();
  }
}

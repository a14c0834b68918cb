/**
 * The case file of an incident: analysts' notes and who the incident is assigned to. Every
 * entry goes through `Store.recordCaseEntry`, which writes it with its audit entry in one
 * transaction; the API, the CLI and the console all come through these functions.
 */
import { randomUUID } from 'node:crypto';
import { type CaseEntry, caseEntrySchema, InputInvalidError, NotFoundError } from '../core/index.js';
import type { Store } from '../store/index.js';

export interface CaseFile {
  incidentId: string;
  /** Who the incident is assigned to now; null when nobody is. */
  assignee: string | null;
  /** When and by whom the current assignment was made. */
  assignedAt?: string | undefined;
  assignedBy?: string | undefined;
  notes: Extract<CaseEntry, { kind: 'note' }>[];
  /** Every entry, oldest first. */
  entries: CaseEntry[];
}

export interface CaseStores {
  store: Store;
  /** Clock, injectable for tests and replays. Default: the wall clock. */
  now?: () => Date;
}

type NewCaseEntry =
  | { kind: 'note'; incidentId: string; author: string; text: string }
  | { kind: 'assignment'; incidentId: string; author: string; assignee: string | null };

async function record(stores: CaseStores, input: NewCaseEntry): Promise<CaseEntry> {
  if (!(await stores.store.getIncident(input.incidentId)))
    throw new NotFoundError(`no incident ${input.incidentId}`, { location: { objectId: input.incidentId } });
  const parsed = caseEntrySchema.safeParse({
    ...input,
    id: `case--${randomUUID()}`,
    at: (stores.now?.() ?? new Date()).toISOString(),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'entry';
    throw new InputInvalidError(`${field}: ${issue?.message ?? 'invalid'}`, { location: { field } });
  }
  await stores.store.recordCaseEntry(parsed.data);
  return parsed.data;
}

/** Adds an analyst's note to an incident (audited as `incident-note-added`). */
export function addIncidentNote(
  stores: CaseStores,
  input: { incidentId: string; author: string; text: string },
): Promise<CaseEntry> {
  return record(stores, { kind: 'note', ...input });
}

/** Assigns an incident to `assignee`, or hands it back to the queue with null (audited as `incident-assigned`). */
export function assignIncident(
  stores: CaseStores,
  input: { incidentId: string; author: string; assignee: string | null },
): Promise<CaseEntry> {
  return record(stores, { kind: 'assignment', ...input });
}

/** The case files of the incidents among `incidentIds`, from entries in written order (an incident with none has an empty one). */
export function caseFiles(incidentIds: readonly string[], entries: readonly CaseEntry[]): Map<string, CaseFile> {
  const files = new Map<string, CaseFile>(
    incidentIds.map((incidentId) => [incidentId, { incidentId, assignee: null, notes: [], entries: [] }]),
  );
  // in the order the store wrote them: the last assignment written wins, whatever the clocks said
  for (const entry of entries) {
    const file = files.get(entry.incidentId);
    if (!file) continue;
    file.entries.push(entry);
    if (entry.kind === 'note') file.notes.push(entry);
    else {
      file.assignee = entry.assignee;
      file.assignedAt = entry.at;
      file.assignedBy = entry.author;
    }
  }
  return files;
}

/** The case file of one incident, read from the store. */
export async function loadCaseFile(store: Store, incidentId: string): Promise<CaseFile> {
  if (!(await store.getIncident(incidentId)))
    throw new NotFoundError(`no incident ${incidentId}`, { location: { objectId: incidentId } });
  return caseFiles([incidentId], await store.listCaseEntries([incidentId])).get(incidentId)!;
}

/**
 * Sharing an incident with a community, only after an analyst approves: a publication is
 * requested (pending), approved or rejected by an analyst other than the requester, and only an
 * approved one is published, within the destination's TLP ceiling. Each step is audited.
 */
import { UsageError, VigilError } from '../../core/index.js';
import type { PublicationRecord } from '../../store/index.js';
import type { FeedbackStores } from '../record-feedback.js';
import { stableId } from '../stable-id.js';
import { packageIncident } from './incident-package.js';
import { incidentToMispEvent } from './incident-to-misp.js';
import { incidentToStixBundle } from './incident-to-stix.js';
import type { Publisher } from './publishers.js';

const now = (stores: FeedbackStores) => (stores.now?.() ?? new Date()).toISOString();

export async function requestPublication(
  stores: FeedbackStores,
  input: { incidentId: string; publisher: Pick<Publisher, 'destination' | 'format' | 'ceiling'>; requestedBy: string },
): Promise<PublicationRecord> {
  const pack = await packageIncident(stores, input.incidentId, { ceiling: input.publisher.ceiling });
  const at = now(stores);
  const record: PublicationRecord = {
    id: stableId('publication', input.incidentId, input.publisher.destination, at),
    incidentId: input.incidentId,
    format: input.publisher.format,
    destination: input.publisher.destination,
    status: 'pending',
    requestedBy: input.requestedBy,
    tlp: pack.tlp,
    createdAt: at,
    updatedAt: at,
    ...(pack.withheld.length > 0
      ? { detail: `withheld above TLP:${input.publisher.ceiling.toUpperCase()}: ${pack.withheld.join(', ')}` }
      : {}),
  };
  await stores.knowledge.savePublication(record);
  await stores.store.appendAudit({
    actor: input.requestedBy,
    action: 'publication-requested',
    subject: { kind: 'publication', id: record.id },
    details: {
      incident: input.incidentId,
      destination: record.destination,
      tlp: record.tlp,
      withheld: pack.withheld.length,
    },
  });
  return record;
}

async function pending(stores: FeedbackStores, id: string): Promise<PublicationRecord> {
  const record = await stores.knowledge.getPublication(id);
  if (!record) throw new VigilError('not-found', `no publication ${id}`, { location: { objectId: id } });
  return record;
}

export async function decidePublication(
  stores: FeedbackStores,
  input: { id: string; analyst: string; decision: 'approved' | 'rejected'; reason?: string },
): Promise<PublicationRecord> {
  const record = await pending(stores, input.id);
  if (record.status !== 'pending')
    throw new VigilError('conflict', `publication ${input.id} is already ${record.status}`, {
      location: { objectId: input.id },
    });
  if (input.analyst === record.requestedBy)
    throw new UsageError('the analyst who requested a publication cannot also approve it', {
      location: { objectId: input.id },
    });
  const decided: PublicationRecord = {
    ...record,
    status: input.decision,
    ...(input.decision === 'approved' ? { approvedBy: input.analyst } : {}),
    updatedAt: now(stores),
    ...(input.reason ? { detail: input.reason } : {}),
  };
  await stores.knowledge.savePublication(decided);
  await stores.store.appendAudit({
    actor: input.analyst,
    action: input.decision === 'approved' ? 'publication-approved' : 'publication-rejected',
    subject: { kind: 'publication', id: input.id },
    details: { incident: record.incidentId, reason: input.reason ?? null },
  });
  return decided;
}

/** Publishes an approved publication; anything not approved is refused. */
export async function publishApproved(
  stores: FeedbackStores,
  id: string,
  publisher: Publisher,
): Promise<PublicationRecord> {
  const record = await pending(stores, id);
  if (record.status !== 'approved')
    throw new VigilError(
      'conflict',
      `publication ${id} is ${record.status}: only an approved publication is published`,
      { location: { objectId: id } },
    );
  if (record.destination !== publisher.destination)
    throw new UsageError(`publication ${id} was approved for ${record.destination}, not ${publisher.destination}`);
  const pack = await packageIncident(stores, record.incidentId, { ceiling: publisher.ceiling });
  let status: PublicationRecord['status'] = 'published';
  let detail: string;
  try {
    detail = await publisher.publish(
      publisher.format === 'stix' ? { bundle: incidentToStixBundle(pack) } : { event: incidentToMispEvent(pack) },
    );
  } catch (error) {
    status = 'failed';
    detail = (error as Error).message;
  }
  const updated: PublicationRecord = { ...record, status, detail, updatedAt: now(stores) };
  await stores.knowledge.savePublication(updated);
  await stores.store.appendAudit({
    actor: record.approvedBy ?? 'vigil',
    action: status === 'published' ? 'incident-published' : 'publication-failed',
    subject: { kind: 'publication', id },
    details: { incident: record.incidentId, destination: record.destination, detail },
  });
  return updated;
}

/**
 * Where an approved incident goes: a TAXII 2.1 collection (Vigil's own `TaxiiCollections` or a
 * remote server through `TaxiiClient`) for STIX bundles, or a MISP server for MISP events. Each
 * publisher takes the payload of its format and returns a line saying what the destination answered.
 */
import { ExternalServiceError, type Tlp } from '../../core/index.js';
import type { StixObject, TaxiiClient, TaxiiCollections, TaxiiStatus } from '../../intel/index.js';

export interface Publisher {
  /** Destination, as recorded on the publication (`taxii:<collection>`, `misp:<url>`). */
  destination: string;
  format: 'stix' | 'misp';
  /** The most sensitive TLP this destination may receive. */
  ceiling: Tlp;
  publish(payload: { bundle?: { objects: StixObject[] }; event?: { Event: Record<string, unknown> } }): Promise<string>;
}

/** One line for a TAXII status; a status with failures is an error naming the first of them. */
function describeStatus(destination: string, status: TaxiiStatus): string {
  const line = `TAXII status ${status.id}: ${status.success_count} added, ${status.failure_count} failed, ${status.pending_count} pending`;
  if (status.failure_count > 0) {
    const first = status.failures?.[0];
    throw new ExternalServiceError(
      `${destination} refused ${status.failure_count} of ${status.total_count} objects (${first ? `${first.id}: ${first.message ?? 'no reason given'}` : 'no detail'}); ${line}`,
    );
  }
  return line;
}

/** Vigil's own collection (served at `/taxii`). */
export function taxiiCollectionPublisher(collections: TaxiiCollections, collectionId: string, ceiling: Tlp): Publisher {
  return {
    destination: `taxii:${collectionId}`,
    format: 'stix',
    ceiling,
    publish: async ({ bundle }) =>
      describeStatus(`collection ${collectionId}`, await collections.addObjects(collectionId, bundle?.objects ?? [])),
  };
}

export function taxiiServerPublisher(client: TaxiiClient, collectionUrl: string, ceiling: Tlp): Publisher {
  return {
    destination: `taxii:${collectionUrl}`,
    format: 'stix',
    ceiling,
    publish: async ({ bundle }) => {
      return describeStatus(collectionUrl, await client.addObjects(collectionUrl, bundle?.objects ?? []));
    },
  };
}

export function mispServerPublisher(options: {
  url: string;
  key: string;
  ceiling: Tlp;
  fetch?: typeof fetch;
}): Publisher {
  const request = options.fetch ?? fetch;
  return {
    destination: `misp:${options.url}`,
    format: 'misp',
    ceiling: options.ceiling,
    publish: async ({ event }) => {
      const response = await request(`${options.url.replace(/\/$/, '')}/events/add`, {
        method: 'POST',
        headers: { Authorization: options.key, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(event),
      });
      if (!response.ok)
        throw new ExternalServiceError(`MISP refused the event: HTTP ${response.status}`, {
          location: { file: options.url },
        });
      const answer = (await response.json()) as { Event?: { id?: string; uuid?: string } };
      return `MISP event ${answer.Event?.id ?? '?'} (${answer.Event?.uuid ?? 'no uuid'})`;
    },
  };
}

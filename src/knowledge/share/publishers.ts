/**
 * Where an approved incident goes: a TAXII 2.1 collection (Vigil's own `TaxiiMemoryStore` or a
 * remote server through `TaxiiClient`) for STIX bundles, or a MISP server for MISP events. Each
 * publisher takes the payload of its format and returns a line saying what the destination answered.
 */
import { ExternalServiceError, type Tlp } from '../../core/index.js';
import type { StixObject, TaxiiClient, TaxiiMemoryStore } from '../../intel/index.js';

export interface Publisher {
  /** Destination, as recorded on the publication (`taxii:<collection>`, `misp:<url>`). */
  destination: string;
  format: 'stix' | 'misp';
  /** The most sensitive TLP this destination may receive. */
  ceiling: Tlp;
  publish(payload: { bundle?: { objects: StixObject[] }; event?: { Event: Record<string, unknown> } }): Promise<string>;
}

export function taxiiMemoryPublisher(store: TaxiiMemoryStore, collectionId: string, ceiling: Tlp): Publisher {
  return {
    destination: `taxii:${collectionId}`,
    format: 'stix',
    ceiling,
    publish: async ({ bundle }) => {
      const status = store.addObjects(collectionId, bundle?.objects ?? []);
      return `TAXII status ${status.id}: ${status.success_count} added, ${status.failure_count} failed`;
    },
  };
}

export function taxiiServerPublisher(client: TaxiiClient, collectionUrl: string, ceiling: Tlp): Publisher {
  return {
    destination: `taxii:${collectionUrl}`,
    format: 'stix',
    ceiling,
    publish: async ({ bundle }) => {
      const status = await client.addObjects(collectionUrl, bundle?.objects ?? []);
      return `TAXII status ${status.id}: ${status.status}`;
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

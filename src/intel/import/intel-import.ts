import type { Indicator, VigilError } from '../../core/index.js';
import type { IntelSighting } from '../misp/misp-event-to-indicators.js';
import type { StixObject } from '../stix/stix-object.js';

/** Something an import could not take, and where it was. */
export interface IntelRejection {
  /** File, URL or feed the object came from. */
  source: string;
  /** STIX id or MISP uuid when known. */
  objectId?: string;
  /** Position inside the source: `objects[12]`, `line 7`, `Attribute[3]`. */
  position?: string;
  reason: string;
}

/** The result of importing threat intelligence. */
export interface IntelImport {
  /** Objects read: STIX objects accepted, MISP attributes, IOC list values. */
  objects: number;
  indicators: Indicator[];
  rejected: IntelRejection[];
  /** Every accepted STIX object (SDOs, SROs, SCOs, custom ones), for the knowledge base. */
  stixObjects: StixObject[];
  /** Sightings carried by the sources (MISP attribute sightings, STIX sightings of indicators). */
  sightings: IntelSighting[];
  /**
   * Sources that failed part-way (a TAXII poll whose page failed after retries): what they gave
   * before is in this result; the caller stores it, then reports the failure (non-zero exit).
   */
  failures: VigilError[];
  /**
   * Ids of indicators the sources withdrew without revoking them (MISP attributes whose `to_ids`
   * is false): what an earlier import stored under them is retracted when this import is stored.
   */
  withdrawn: string[];
}

export function emptyIntelImport(): IntelImport {
  return { objects: 0, indicators: [], rejected: [], stixObjects: [], sightings: [], failures: [], withdrawn: [] };
}

/** Appends one batch (a file, an event) to the running result. */
export function mergeIntelImport(target: IntelImport, batch: IntelImport): void {
  target.objects += batch.objects;
  for (const indicator of batch.indicators) target.indicators.push(indicator);
  for (const rejection of batch.rejected) target.rejected.push(rejection);
  for (const object of batch.stixObjects) target.stixObjects.push(object);
  for (const sighting of batch.sightings) target.sightings.push(sighting);
  for (const failure of batch.failures) target.failures.push(failure);
  for (const id of batch.withdrawn) target.withdrawn.push(id);
}

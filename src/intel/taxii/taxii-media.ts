/** TAXII 2.1 media type, sent as Accept and Content-Type. */
export const taxiiMediaType = 'application/taxii+json;version=2.1';
/** STIX 2.1 media type, used in manifests and collection media_types. */
export const stixMediaType = 'application/stix+json;version=2.1';

/** A TAXII error message body (TAXII 2.1 §3.6.1). */
export interface TaxiiError {
  title: string;
  description?: string;
  http_status?: string;
}

/** A TAXII envelope: one page of objects. */
export interface TaxiiEnvelope {
  more?: boolean;
  next?: string;
  objects?: Record<string, unknown>[];
}

/** A TAXII status resource (answer to POST objects). */
export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp?: string;
  total_count: number;
  success_count: number;
  successes?: { id: string; version?: string; message?: string }[];
  failure_count: number;
  failures?: { id: string; version?: string; message?: string }[];
  pending_count: number;
  pendings?: { id: string; version?: string }[];
}

/** A collection resource. */
export interface TaxiiCollection {
  id: string;
  title: string;
  description?: string;
  can_read: boolean;
  can_write: boolean;
  media_types?: string[];
}

/** Object filters of GET objects and manifest (TAXII 2.1 §3.4). */
export interface TaxiiObjectFilter {
  addedAfter?: string;
  limit?: number;
  next?: string;
  match?: { id?: string[]; type?: string[]; version?: string[]; spec_version?: string[] };
}

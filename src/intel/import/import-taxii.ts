/**
 * `taxii+https://host/api-root/collections/<id>/` inputs: pulls the collection's objects
 * (every page, only those added since the last poll when a state is given) and imports
 * them as one STIX batch. A poll that fails part-way keeps the pages it had (and the state after
 * them) and records the failure in `failures`; a poll that fails at once throws.
 */
import { type TaxiiAuthentication, TaxiiClient, type TaxiiPollState } from '../taxii/taxii-client.js';
import { importStixDocument } from './import-stix.js';
import type { IntelImport } from './intel-import.js';

export interface TaxiiImportOptions {
  authentication?: TaxiiAuthentication;
  /** Where incremental polling got to; updated in place with the new position. */
  state?: TaxiiPollState;
  fetch?: typeof fetch;
  strict?: boolean;
}

export const isTaxiiInput = (input: string): boolean => /^taxii\+https?:\/\//i.test(input);

/** The collection's HTTP URL for a `taxii+http(s)://` input. */
export function taxiiCollectionUrl(input: string): string {
  const url = input.replace(/^taxii\+/i, '');
  return url.endsWith('/') ? url : `${url}/`;
}

export async function importTaxiiCollection(input: string, options: TaxiiImportOptions = {}): Promise<IntelImport> {
  const client = new TaxiiClient({
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.authentication ? { authentication: options.authentication } : {}),
  });
  const collectionUrl = taxiiCollectionUrl(input);
  const { objects, state, error } = await client.poll(collectionUrl, options.state ?? {});
  if (options.state) Object.assign(options.state, state);
  const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000000', objects });
  const result = await importStixDocument([bundle], input, options.strict ? { strict: true } : {});
  if (error) result.failures.push(error);
  return result;
}

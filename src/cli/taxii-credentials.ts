/** TAXII credentials for the CLI, from the environment only (never a flag, never logged). */
import type { TaxiiAuthentication } from '../intel/index.js';

/** VIGIL_TAXII_TOKEN (sent as Bearer), or VIGIL_TAXII_USER + VIGIL_TAXII_PASSWORD (HTTP Basic). */
export function taxiiAuthentication(environment: NodeJS.ProcessEnv = process.env): TaxiiAuthentication | undefined {
  if (environment.VIGIL_TAXII_TOKEN) return { kind: 'bearer', token: environment.VIGIL_TAXII_TOKEN };
  if (environment.VIGIL_TAXII_USER && environment.VIGIL_TAXII_PASSWORD) {
    return { kind: 'basic', username: environment.VIGIL_TAXII_USER, password: environment.VIGIL_TAXII_PASSWORD };
  }
  return undefined;
}

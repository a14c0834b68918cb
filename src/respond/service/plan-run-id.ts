/** The id of the one run that carries out an incident's own plan, the same in `vigil serve`, the CLI and the workers (playbook runs have other ids). */
import { createHash } from 'node:crypto';

export const planRunId = (incidentId: string): string =>
  `run-${createHash('sha256').update(incidentId).digest('hex').slice(0, 12)}`;

import { NotFoundError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

/** What playbook selection looks at: the incident's techniques, tactics and the rules of its alerts. */
export async function incidentSignature(
  store: Store,
  incidentId: string,
): Promise<{ techniques: string[]; tactics: string[]; rules: string[] }> {
  const stored = await store.getIncident(incidentId);
  if (!stored)
    throw new NotFoundError(`no incident ${incidentId} in the store`, { location: { objectId: incidentId } });
  // The incident's alerts by id (an indexed lookup), in time order as the alert list gives them.
  const alerts = (await store.getAlerts(stored.incident.alertIds)).sort(
    (left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id),
  );
  return {
    techniques: stored.incident.techniques,
    tactics: stored.incident.tactics,
    rules: [...new Set(alerts.map((alert) => alert.ruleId))],
  };
}

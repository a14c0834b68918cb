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
  const alertIds = new Set(stored.incident.alertIds);
  const alerts = (await store.listAlerts({ limit: 1_000_000 })).filter((alert) => alertIds.has(alert.id));
  return {
    techniques: stored.incident.techniques,
    tactics: stored.incident.tactics,
    rules: [...new Set(alerts.map((alert) => alert.ruleId))],
  };
}

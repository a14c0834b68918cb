/**
 * The alerts of one incident, fetched by id and in time order (ties by id), as the incident
 * page, the ATT&CK Navigator layer and analyst feedback read them.
 */
import type { Alert, Incident } from '../../core/index.js';
import type { Store } from '../../store/index.js';

export async function incidentAlerts(store: Store, incident: Pick<Incident, 'alertIds'>): Promise<Alert[]> {
  const alerts = await store.getAlerts([...new Set(incident.alertIds)]);
  return alerts.sort((left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id));
}

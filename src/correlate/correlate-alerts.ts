import type { Alert, Event, Incident } from '../core/index.js';
import { buildIncident } from './build-incident.js';
import { type CorrelatorOptions, IncidentCorrelator } from './incident-correlator.js';

/** Batch correlation: alerts (any order) and their events → incidents, earliest first. */
export function correlateAlerts(
  alerts: readonly Alert[],
  eventsById: ReadonlyMap<string, Event>,
  options: CorrelatorOptions = {},
): Incident[] {
  const correlator = new IncidentCorrelator(options);
  const ordered = [...alerts].sort(
    (left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id),
  );
  for (const alert of ordered) {
    const events = alert.eventIds
      .map((id) => eventsById.get(id))
      .filter((event): event is Event => event !== undefined);
    correlator.add(alert, events);
  }
  return correlator.groups().map((group) => buildIncident(group, eventsById));
}

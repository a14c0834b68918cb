/** @module correlate: alerts → incidents with entities and kill-chain stages. */
export { buildIncident, buildStages, collectEntities, incidentIdFor } from './build-incident.js';
export { correlateAlerts } from './correlate-alerts.js';
export { type EntityKey, type EntityKind, entityKeysOf, keyText } from './entity-keys.js';
export { type AlertGroup, type CorrelatorOptions, IncidentCorrelator } from './incident-correlator.js';

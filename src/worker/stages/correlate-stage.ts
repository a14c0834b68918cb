/**
 * Correlate stage: alerts and link facts of a host partition → incidents. The partition's
 * alerts, their events and its facts are the state; incidents are recomputed from all of it
 * (batch semantics, so arrival order and redeliveries do not matter) after `debounceMs` of
 * quiet, and saved when they changed. An incident that a later merge absorbed is kept, marked
 * `supersededBy` in its artifacts. A worker that takes a partition rebuilds the state from the
 * partition's acknowledged history.
 *
 * The state is bounded by time: once an incident's newest alert is older than the partition's
 * newest alert by more than `horizonMs` (longer than any correlation window), no new alert can
 * join it, so its alerts, their events and old link facts leave the state. An alert arriving
 * later than that for the same entities starts an incident of its own.
 */
import type { Alert, Event } from '../../core/index.js';
import {
  type CorrelatorOptions,
  correlateWithExplanations,
  incidentIdFor,
  type LinkFact,
} from '../../correlate/index.js';
import { recordCorrelatedIncident } from '../../pipeline/index.js';
import { alertMessageSchema, type EntitySummary, entitiesKey, type IncidentMessage, topics } from '../topics.js';
import { shareableKeysOf } from './link-stage.js';
import type { Stage, StageContext } from './stage.js';

interface PartitionState {
  partition: number;
  alerts: Map<string, Alert>;
  events: Map<string, Event>;
  facts: Map<string, LinkFact>;
  /** Incident id → JSON of the incident as last saved by this worker. */
  saved: Map<string, string>;
  /** True until the first recomputation after (re)assignment has checked the store for absorbed incidents. */
  rebuilt: boolean;
  timer: NodeJS.Timeout | undefined;
}

export interface CorrelateStageOptions {
  correlator?: CorrelatorOptions;
  /** Quiet time before a partition's incidents are recomputed. Default 500 ms. */
  debounceMs?: number;
  /** How far behind the partition's newest alert an incident is finished and leaves the state. Default: the strong-link window (24 h) + 1 h. */
  horizonMs?: number;
}

const hour = 3_600_000;

/** Drops finished incidents (and facts) from the state; returns how many incidents left it. */
export function evictFinished(
  state: {
    alerts: Map<string, Alert>;
    events: Map<string, Event>;
    facts: Map<string, LinkFact>;
    saved: Map<string, string>;
  },
  incidents: readonly { id: string; alertIds: readonly string[] }[],
  horizonMs: number,
): number {
  let newest = Number.NEGATIVE_INFINITY;
  for (const alert of state.alerts.values()) newest = Math.max(newest, Date.parse(alert.timestamp));
  const cutoff = newest - horizonMs;
  let evicted = 0;
  for (const incident of incidents) {
    const times = incident.alertIds.map((id) => Date.parse(state.alerts.get(id)?.timestamp ?? ''));
    if (times.length === 0 || times.some((time) => !(time < cutoff))) continue;
    for (const id of incident.alertIds) state.alerts.delete(id);
    state.saved.delete(incident.id);
    evicted += 1;
  }
  if (evicted === 0) return 0;
  const referenced = new Set<string>();
  for (const alert of state.alerts.values()) for (const id of alert.eventIds) referenced.add(id);
  for (const id of state.events.keys()) if (!referenced.has(id)) state.events.delete(id);
  for (const [key, fact] of state.facts) if (fact.time < cutoff) state.facts.delete(key);
  return evicted;
}

export function createCorrelateStage(context: StageContext, options: CorrelateStageOptions = {}): Stage {
  const states = new Map<number, PartitionState>();
  const debounceMs = options.debounceMs ?? 500;
  const horizonMs = options.horizonMs ?? (options.correlator?.strongWindowMs ?? 24 * hour) + hour;
  const running = new Set<Promise<void>>();

  const fresh = (partition: number): PartitionState => ({
    partition,
    alerts: new Map(),
    events: new Map(),
    facts: new Map(),
    saved: new Map(),
    rebuilt: true,
    timer: undefined,
  });

  const absorb = (state: PartitionState, payload: unknown): boolean => {
    const message = alertMessageSchema.safeParse(payload);
    if (!message.success) return false;
    if (message.data.type === 'fact') {
      state.facts.set(message.data.fact.eventId, message.data.fact);
      return true;
    }
    state.alerts.set(message.data.alert.id, message.data.alert);
    for (const event of message.data.events) state.events.set(event.id, event);
    return true;
  };

  /** False once the partition passed to another worker: its state must not write any more. */
  const owns = (state: PartitionState) => [...states.values()].includes(state);

  const recompute = async (state: PartitionState): Promise<void> => {
    const correlated = correlateWithExplanations([...state.alerts.values()], state.events, options.correlator ?? {}, [
      ...state.facts.values(),
    ]);
    const liveOf = new Map<string, string>();
    const outgoing: { key: string; payload: IncidentMessage }[] = [];
    const summaries: { key: string; payload: EntitySummary }[] = [];
    const summarise = (incident: { id: string; firstSeen: string; lastSeen: string }, keys: string[]) =>
      summaries.push({
        key: entitiesKey,
        payload: {
          incidentId: incident.id,
          partition: state.partition,
          keys,
          firstSeen: incident.firstSeen,
          lastSeen: incident.lastSeen,
        },
      });
    for (const { incident, explanation } of correlated) {
      for (const alertId of incident.alertIds) liveOf.set(alertId, incident.id);
      const body = JSON.stringify(incident);
      if (state.saved.get(incident.id) === body) continue;
      const existing = await context.store.getIncident(incident.id);
      const alerts = incident.alertIds.flatMap((id) => state.alerts.get(id) ?? []);
      const message = { key: incident.id, payload: { incidentId: incident.id, alerts } };
      summarise(incident, shareableKeysOf(incident));
      if (existing && JSON.stringify(existing.incident) === body && !existing.artifacts.supersededBy) {
        // Saved by a previous owner that may have died before announcing it: announce it unless reasoned.
        if (!existing.artifacts.plan) outgoing.push(message);
        state.saved.set(incident.id, body);
        continue;
      }
      if (!owns(state)) return;
      await recordCorrelatedIncident(
        context.store,
        incident,
        { correlation: explanation },
        { actor: context.actor, previous: existing },
      );
      state.saved.set(incident.id, body);
      outgoing.push(message);
    }
    // Incidents named after an alert that is no longer first of its group were absorbed by a merge.
    const candidates = state.rebuilt ? [...state.alerts.keys()].map((id) => [incidentIdFor(id), id] as const) : [];
    for (const [id] of state.saved) if (![...liveOf.values()].includes(id)) candidates.push([id, '']);
    const live = new Set(liveOf.values());
    for (const [id, alertId] of candidates) {
      if (live.has(id)) continue;
      const existing = await context.store.getIncident(id);
      if (existing && !existing.artifacts.supersededBy) {
        if (!owns(state)) return;
        const into = liveOf.get(alertId) ?? liveOf.get(existing.incident.alertIds[0] ?? '') ?? 'unknown';
        await context.store.mergeIncidentArtifacts(id, { supersededBy: into });
        summarise(existing.incident, []);
      }
      state.saved.delete(id);
    }
    state.rebuilt = false;
    if (outgoing.length > 0) await context.bus.publish(topics.incidents, outgoing);
    if (summaries.length > 0) await context.bus.publish(topics.entities, summaries);
    evictFinished(
      state,
      correlated.map(({ incident }) => incident),
      horizonMs,
    );
  };

  const schedule = (state: PartitionState) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!owns(state)) return;
      const work = recompute(state).catch((error: unknown) => {
        context.log(`correlate: recomputation failed (${String(error)}); retrying`);
        schedule(state);
      });
      running.add(work);
      void work.finally(() => running.delete(work));
    }, debounceMs);
  };

  return {
    name: 'correlate',
    topic: topics.alerts,
    group: 'correlate',
    handler: {
      async assigned(partition, history) {
        const state = fresh(partition);
        for await (const delivery of history) absorb(state, delivery.payload);
        states.set(partition, state);
        if (state.alerts.size > 0) schedule(state);
      },
      async revoked(partition) {
        const state = states.get(partition);
        if (state) clearTimeout(state.timer);
        states.delete(partition);
      },
      async handle(partition, deliveries) {
        let state = states.get(partition);
        if (!state) {
          state = fresh(partition);
          states.set(partition, state);
        }
        for (const delivery of deliveries)
          if (!absorb(state, delivery.payload)) context.log(`correlate: refused message ${delivery.id}`);
        schedule(state);
      },
    },
    async flush() {
      for (const state of states.values()) {
        if (!state.timer) continue;
        clearTimeout(state.timer);
        state.timer = undefined;
        await recompute(state);
      }
      await Promise.all(running);
    },
  };
}

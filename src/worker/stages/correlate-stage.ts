/**
 * Correlate stage: alerts and link facts of a host partition → incidents. The partition's
 * alerts, their events and its facts are the state; incidents are recomputed from all of it by
 * batch correlation (`correlateWithExplanations`, the function `investigate` calls) after
 * `debounceMs` of quiet, and saved when they changed. An incident that a later merge absorbed is
 * kept, marked `supersededBy` in its artifacts. A worker that takes a partition rebuilds the
 * state from the partition's acknowledged history.
 *
 * The state is bounded by time without depending on arrival order: once an incident's newest
 * alert is older than the partition's newest alert by more than `horizonMs` (longer than any
 * correlation window), it is finished: its alerts and their events leave the state, and only a
 * summary stays (id, first and last alert time, alert ids). An alert that arrives later within
 * `horizonMs` of a finished incident's time span (an old recording replayed after newer traffic,
 * chunks of two sources interleaved differently) brings that incident's alerts and events back
 * from the store before the recomputation, so it groups exactly as if it had arrived in time
 * order (`correlate-order.test.ts`). Summaries (`maxFinished`) and link facts (`maxFacts`) are
 * bounded by count, oldest first; what falls out of them is counted and logged.
 *
 * Baseline verdicts (routine evidence, declared administration, rarity on the host) come with the
 * alerts and as `baseline` messages when the detect stage judges an alert again; the latest per
 * alert is what correlation's `routine` reads, as `investigate` reads its detection's baseline,
 * and it travels on the incident message to the reason stage. A changed verdict announces its
 * incident again even when the grouping is unchanged. Verdicts of alerts no longer in the state
 * or its summaries are forgotten.
 */
import type { Alert, BaselineVerdict, Event } from '../../core/index.js';
import {
  type CorrelatorOptions,
  correlateWithExplanations,
  incidentIdFor,
  type LinkFact,
} from '../../correlate/index.js';
import { isEmptyVerdict, recordCorrelatedIncident } from '../../pipeline/index.js';
import type { Store } from '../../store/index.js';
import { alertMessageSchema, type EntitySummary, entitiesKey, type IncidentMessage, topics } from '../topics.js';
import { shareableKeysOf } from './link-stage.js';
import type { Stage, StageContext } from './stage.js';

/** What stays of an incident that left the state: enough to bring it back for a late alert. */
export interface FinishedIncident {
  id: string;
  /** First and last alert time, milliseconds since the epoch. */
  first: number;
  last: number;
  alertIds: string[];
}

/** The part of a partition's state that eviction and restoration work on. */
export interface CorrelationState {
  alerts: Map<string, Alert>;
  events: Map<string, Event>;
  facts: Map<string, LinkFact>;
  /** Incident id → JSON of the incident as last saved by this worker. */
  saved: Map<string, string>;
  /** Finished incidents, oldest last alert first. */
  finished: FinishedIncident[];
  /** Alerts absorbed since the last recomputation: the only ones that can bring a finished incident back. */
  fresh: Set<string>;
}

interface PartitionState extends CorrelationState {
  partition: number;
  /** The latest baseline verdict per alert that has one. */
  verdicts: Map<string, BaselineVerdict>;
  /** Incident id → JSON of the verdicts last announced with it. */
  announced: Map<string, string>;
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
  /** Finished-incident summaries kept per partition. Default 20,000. */
  maxFinished?: number;
  /** Link facts kept per partition (the oldest leave first). Default 50,000. */
  maxFacts?: number;
}

const hour = 3_600_000;

/**
 * Moves finished incidents (newest alert more than `horizonMs` behind the partition's newest)
 * out of the state into summaries; returns how many left it. Facts stay: they are bounded by
 * count (`boundState`), since a late alert may still need the facts of its time.
 */
export function evictFinished(
  state: Pick<CorrelationState, 'alerts' | 'events' | 'saved' | 'finished'>,
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
    state.finished.push({
      id: incident.id,
      first: Math.min(...times),
      last: Math.max(...times),
      alertIds: [...incident.alertIds],
    });
    evicted += 1;
  }
  if (evicted === 0) return 0;
  state.finished.sort((left, right) => left.last - right.last);
  const referenced = new Set<string>();
  for (const alert of state.alerts.values()) for (const id of alert.eventIds) referenced.add(id);
  for (const id of state.events.keys()) if (!referenced.has(id)) state.events.delete(id);
  return evicted;
}

/** Drops the oldest summaries and facts beyond their bounds; returns how many of each left. */
export function boundState(
  state: Pick<CorrelationState, 'facts' | 'finished'>,
  maxFinished: number,
  maxFacts: number,
): { finished: number; facts: number } {
  const finished = Math.max(0, state.finished.length - maxFinished);
  state.finished.splice(0, finished);
  const facts = Math.max(0, state.facts.size - maxFacts);
  if (facts > 0) {
    const oldest = [...state.facts.values()]
      .sort((left, right) => left.time - right.time || left.eventId.localeCompare(right.eventId))
      .slice(0, facts);
    for (const fact of oldest) state.facts.delete(fact.eventId);
  }
  return { finished, facts };
}

/** True when some time of the ascending list lies in [from, to]. */
function anyWithin(times: readonly number[], from: number, to: number): boolean {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle]! < from) low = middle + 1;
    else high = middle;
  }
  return low < times.length && times[low]! <= to;
}

/**
 * Brings back from the store every finished incident that an alert absorbed since the last
 * recomputation lies within `horizonMs` of (and, in turn, those the restored alerts lie near), so
 * the recomputation sees what batch correlation would; returns how many incidents came back.
 */
export async function restoreFinished(
  state: CorrelationState,
  store: Pick<Store, 'getAlerts' | 'getEvents' | 'getIncidents'>,
  horizonMs: number,
): Promise<number> {
  let probe = [...state.fresh].flatMap((id) => {
    const alert = state.alerts.get(id);
    return alert ? [Date.parse(alert.timestamp)] : [];
  });
  state.fresh.clear();
  let restored = 0;
  while (probe.length > 0 && state.finished.length > 0) {
    const times = probe.sort((left, right) => left - right);
    const near = state.finished.filter((finished) =>
      anyWithin(times, finished.first - horizonMs, finished.last + horizonMs),
    );
    if (near.length === 0) break;
    const ids = new Set(near.map((finished) => finished.id));
    state.finished = state.finished.filter((finished) => !ids.has(finished.id));
    const alerts = await store.getAlerts(near.flatMap((finished) => finished.alertIds));
    for (const alert of alerts) state.alerts.set(alert.id, alert);
    const missing = [...new Set(alerts.flatMap((alert) => alert.eventIds))].filter((id) => !state.events.has(id));
    for (const event of missing.length > 0 ? await store.getEvents(missing) : []) state.events.set(event.id, event);
    for (const { incident, artifacts } of await store.getIncidents([...ids]))
      if (!artifacts.supersededBy) state.saved.set(incident.id, JSON.stringify(incident));
    restored += near.length;
    probe = alerts.map((alert) => Date.parse(alert.timestamp));
  }
  return restored;
}

export function createCorrelateStage(context: StageContext, options: CorrelateStageOptions = {}): Stage {
  const states = new Map<number, PartitionState>();
  const debounceMs = options.debounceMs ?? 500;
  const horizonMs = options.horizonMs ?? (options.correlator?.strongWindowMs ?? 24 * hour) + hour;
  const running = new Set<Promise<void>>();

  const maxFinished = options.maxFinished ?? 20_000;
  const maxFacts = options.maxFacts ?? 50_000;

  const fresh = (partition: number): PartitionState => ({
    partition,
    alerts: new Map(),
    events: new Map(),
    facts: new Map(),
    saved: new Map(),
    finished: [],
    fresh: new Set(),
    verdicts: new Map(),
    announced: new Map(),
    rebuilt: true,
    timer: undefined,
  });

  const setVerdict = (state: PartitionState, alertId: string, verdict: BaselineVerdict | undefined) => {
    if (isEmptyVerdict(verdict)) state.verdicts.delete(alertId);
    else state.verdicts.set(alertId, verdict!);
  };

  const absorb = (state: PartitionState, payload: unknown): boolean => {
    const message = alertMessageSchema.safeParse(payload);
    if (!message.success) return false;
    if (message.data.type === 'fact') {
      state.facts.set(message.data.fact.eventId, message.data.fact);
      return true;
    }
    if (message.data.type === 'baseline') {
      setVerdict(state, message.data.alertId, message.data.baseline);
      return true;
    }
    setVerdict(state, message.data.alert.id, message.data.baseline);
    state.alerts.set(message.data.alert.id, message.data.alert);
    state.fresh.add(message.data.alert.id);
    for (const event of message.data.events) state.events.set(event.id, event);
    return true;
  };

  /** False once the partition passed to another worker: its state must not write any more. */
  const owns = (state: PartitionState) => [...states.values()].includes(state);

  const recompute = async (state: PartitionState): Promise<void> => {
    const restored = await restoreFinished(state, context.store, horizonMs);
    if (restored > 0)
      context.log(`correlate: partition ${state.partition}: ${restored} finished incidents restored for late alerts`);
    const given = options.correlator?.routine;
    const correlator: CorrelatorOptions = {
      ...options.correlator,
      routine: (alert) => given?.(alert) === true || state.verdicts.get(alert.id)?.routine !== undefined,
    };
    const correlated = correlateWithExplanations([...state.alerts.values()], state.events, correlator, [
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
      const alerts = incident.alertIds.flatMap((id) => state.alerts.get(id) ?? []);
      const verdicts = Object.fromEntries(
        alerts.flatMap((alert) => {
          const verdict = state.verdicts.get(alert.id);
          return verdict ? [[alert.id, verdict] as const] : [];
        }),
      );
      const verdictBody = JSON.stringify(verdicts);
      const message = {
        key: incident.id,
        payload: {
          incidentId: incident.id,
          alerts,
          ...(Object.keys(verdicts).length > 0 ? { baseline: verdicts } : {}),
        },
      };
      if (state.saved.get(incident.id) === body) {
        // The same grouping with a changed verdict: reasoned again.
        if (state.announced.get(incident.id) !== verdictBody) outgoing.push(message);
        state.announced.set(incident.id, verdictBody);
        continue;
      }
      state.announced.set(incident.id, verdictBody);
      const existing = await context.store.getIncident(incident.id);
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
    const dropped = boundState(state, maxFinished, maxFacts);
    for (const id of state.announced.keys()) if (!state.saved.has(id)) state.announced.delete(id);
    if (state.verdicts.size > 0) {
      const kept = new Set(state.finished.flatMap((finished) => finished.alertIds));
      for (const id of state.verdicts.keys()) if (!state.alerts.has(id) && !kept.has(id)) state.verdicts.delete(id);
    }
    if (dropped.finished > 0 || dropped.facts > 0)
      context.log(
        `correlate: partition ${state.partition}: ${dropped.finished} finished incidents and ${dropped.facts} link facts ` +
          'beyond the bounds forgotten; an alert later than them is correlated without them',
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

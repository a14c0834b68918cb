/**
 * Detect stage: events of a host partition → Sigma and indicator alerts, plus the link facts
 * (logons, process creations) correlation needs. Detector state (correlation-rule windows) is
 * per partition; when a worker takes a partition it replays the partition's acknowledged
 * history through a fresh detector (outputs discarded) so windows continue as if undisturbed.
 * Duplicate events (redeliveries) are skipped by id; the output of a batch whose writes failed
 * is kept and sent with the retry. Indicators and suppressions are the session's current ones
 * (the worker refreshes them); the rule set of a partition's detector is the one it started with.
 */
import { type Alert, type Event, eventSchema } from '../../core/index.js';
import { createDetection, type Detection } from '../../pipeline/index.js';
import { BoundedIdSet } from '../bounded-id-set.js';
import { type AlertMessage, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

interface Outgoing {
  key: string;
  payload: AlertMessage;
  /** Its events are attached and its suppression decided (done once, even across retries). */
  prepared: boolean;
  suppressed: boolean;
}

interface PartitionState {
  detection: Detection;
  seen: BoundedIdSet;
  /**
   * Output of a batch not yet fully written (store or bus down, or a read failed while preparing
   * it). The detector has already counted those events, so their retry must send this output
   * again rather than detect them anew: it is kept here before anything that can fail.
   */
  unsent: { alerts: Alert[]; outgoing: Outgoing[] } | undefined;
}

export function createDetectStage(context: StageContext): Stage {
  const states = new Map<number, PartitionState>();
  const fresh = async (): Promise<PartitionState> => ({
    detection: await (async () => {
      const session = await context.session();
      return createDetection({
        ...session.applied.knowledge,
        // Read at each event, so a refreshed session's indicators (overrides, learned) apply at once.
        get indicators() {
          return session.applied.knowledge.indicators;
        },
        evidenceModel: await session.reasoning.prepared.evidenceModel(),
      });
    })(),
    seen: new BoundedIdSet(),
    unsent: undefined,
  });

  /** Runs one event through the partition's state; returns its messages, or none for a duplicate. */
  const detect = (state: PartitionState, event: Event): AlertMessage[] => {
    if (!state.seen.add(event.id)) return [];
    const messages: AlertMessage[] = [];
    const detected = state.detection.process(event);
    if (detected.linkFact) messages.push({ type: 'fact', fact: detected.linkFact });
    for (const alert of detected.alerts) messages.push({ type: 'alert', alert, events: [] });
    return messages;
  };

  return {
    name: 'detect',
    topic: topics.events,
    group: 'detect',
    handler: {
      async assigned(partition, history) {
        const state = await fresh();
        let replayed = 0;
        for await (const delivery of history) {
          const event = eventSchema.safeParse(delivery.payload);
          if (event.success) detect(state, event.data);
          replayed++;
        }
        states.set(partition, state);
        if (replayed > 0) context.log(`detect: partition ${partition} rebuilt from ${replayed} events`);
      },
      async revoked(partition) {
        states.delete(partition);
      },
      async handle(partition, deliveries) {
        let state = states.get(partition);
        if (!state) {
          state = await fresh();
          states.set(partition, state);
        }
        const { applied } = await context.session();
        const eventsById = new Map<string, Event>();
        const detected: Outgoing[] = [];
        for (const delivery of deliveries) {
          const parsed = eventSchema.safeParse(delivery.payload);
          if (!parsed.success) {
            context.log(`detect: refused message ${delivery.id}: not an event`);
            continue;
          }
          eventsById.set(parsed.data.id, parsed.data);
          for (const message of detect(state, parsed.data))
            detected.push({ key: delivery.key, payload: message, prepared: false, suppressed: false });
        }
        const unsent = state.unsent ?? { alerts: [], outgoing: [] };
        state.unsent = {
          alerts: [
            ...unsent.alerts,
            ...detected.flatMap(({ payload }) => (payload.type === 'alert' ? [payload.alert] : [])),
          ],
          outgoing: [...unsent.outgoing, ...detected],
        };
        const hits = new Map<string, number>();
        for (const message of state.unsent.outgoing) {
          const { payload } = message;
          if (message.prepared || payload.type !== 'alert') continue;
          const events = payload.alert.eventIds.flatMap((id) => eventsById.get(id) ?? []);
          // Correlation-rule alerts may cite events of earlier batches: read those from the store.
          const missing = payload.alert.eventIds.filter((id) => !eventsById.has(id));
          payload.events = missing.length > 0 ? [...events, ...(await context.store.getEvents(missing))] : events;
          // A suppressed alert stays stored (visible) but correlation never sees it.
          const by = applied.suppressionOf(payload.alert, payload.events);
          if (by) hits.set(by, (hits.get(by) ?? 0) + 1);
          message.suppressed = by !== undefined;
          message.prepared = true;
        }
        // Counted on first delivery only, so a redelivered batch does not count its hits twice.
        if (hits.size > 0 && deliveries.every((delivery) => delivery.attempt === 1))
          await applied.recordSuppressionHits(hits);
        const sent = state.unsent.outgoing.filter((message) => !message.suppressed);
        if (state.unsent.alerts.length > 0) await context.store.insertAlerts(state.unsent.alerts);
        if (sent.length > 0)
          await context.bus.publish(
            topics.alerts,
            sent.map(({ key, payload }) => ({ key, payload })),
          );
        state.unsent = undefined;
      },
    },
  };
}

/**
 * Detect stage: events of a host partition → Sigma and indicator alerts, plus the link facts
 * (logons, process creations) correlation needs. Detector state (correlation-rule windows) is
 * per partition; when a worker takes a partition it replays the partition's acknowledged
 * history through a fresh detector (outputs discarded) so windows continue as if undisturbed.
 * Duplicate events (redeliveries) are skipped by id; the output of a batch whose writes failed
 * is kept and sent with the retry.
 */
import { type Alert, type Event, eventSchema } from '../../core/index.js';
import { createDetection, type Detection } from '../../pipeline/index.js';
import { BoundedIdSet } from '../bounded-id-set.js';
import { type AlertMessage, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

interface PartitionState {
  detection: Detection;
  seen: BoundedIdSet;
  /**
   * Output of a batch whose writes failed (store or bus down). The detector has already counted
   * those events, so their retry must send this output again rather than detect them anew.
   */
  unsent: { alerts: Alert[]; outgoing: { key: string; payload: AlertMessage }[] } | undefined;
}

export function createDetectStage(context: StageContext): Stage {
  const states = new Map<number, PartitionState>();
  const fresh = async (): Promise<PartitionState> => ({
    detection: await (async () => {
      const session = await context.session();
      return createDetection({
        ...session.applied.knowledge,
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
        const outgoing: { key: string; payload: AlertMessage }[] = [];
        for (const delivery of deliveries) {
          const parsed = eventSchema.safeParse(delivery.payload);
          if (!parsed.success) {
            context.log(`detect: refused message ${delivery.id}: not an event`);
            continue;
          }
          eventsById.set(parsed.data.id, parsed.data);
          for (const message of detect(state, parsed.data)) outgoing.push({ key: delivery.key, payload: message });
        }
        const alerts: Alert[] = [];
        const suppressed = new Set<AlertMessage>();
        const hits = new Map<string, number>();
        for (const { payload } of outgoing) {
          if (payload.type !== 'alert') continue;
          alerts.push(payload.alert);
          const events = payload.alert.eventIds.flatMap((id) => eventsById.get(id) ?? []);
          // Correlation-rule alerts may cite events of earlier batches: read those from the store.
          const missing = payload.alert.eventIds.filter((id) => !eventsById.has(id));
          payload.events = missing.length > 0 ? [...events, ...(await context.store.getEvents(missing))] : events;
          // A suppressed alert stays stored (visible) but correlation never sees it.
          const by = applied.suppressionOf(payload.alert, payload.events);
          if (by) {
            suppressed.add(payload);
            hits.set(by, (hits.get(by) ?? 0) + 1);
          }
        }
        const sent = outgoing.filter(({ payload }) => !suppressed.has(payload));
        const unsent = state.unsent ?? { alerts: [], outgoing: [] };
        state.unsent = { alerts: [...unsent.alerts, ...alerts], outgoing: [...unsent.outgoing, ...sent] };
        // Counted on first delivery only, so a redelivered batch does not count its hits twice.
        if (hits.size > 0 && deliveries.every((delivery) => delivery.attempt === 1))
          await applied.recordSuppressionHits(hits);
        if (state.unsent.alerts.length > 0) await context.store.insertAlerts(state.unsent.alerts);
        if (state.unsent.outgoing.length > 0) await context.bus.publish(topics.alerts, state.unsent.outgoing);
        state.unsent = undefined;
      },
    },
  };
}

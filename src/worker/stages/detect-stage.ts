/**
 * Detect stage: events of a host partition → Sigma and indicator alerts, plus the link facts
 * (logons, process creations) correlation needs. Detector state (correlation-rule windows) is
 * per partition; when a worker takes a partition it replays the partition's acknowledged
 * history through a fresh detector (outputs discarded) so windows continue as if undisturbed.
 * Duplicate events (redeliveries) are skipped by id; the output of a batch whose writes failed
 * is kept and sent with the retry. Indicators and suppressions are the session's current ones
 * (the worker refreshes them); the rule set of a partition's detector is the one it started with.
 *
 * Baseline verdicts: the partition's detection holds the routine-evidence baseline, each host's
 * history, recurring behaviour and declared administration, as `investigate`'s does. Each alert
 * sent carries the verdict of that baseline on it at the end of its batch (`judgeBaseline`). A
 * learned verdict can change as the host's record grows (`investigate` judges at the end of its
 * run), so while events arrive the partition's recent alerts (`maxJudged`, oldest forgotten first:
 * their verdicts then stay as last sent) are judged again at most every `judgeEveryMs`, once more
 * after the last batch, and on close; each verdict that changed goes out as a `baseline` message.
 * The correlate and reason stages use them through the same functions `investigate` uses.
 */
import { type Alert, type BaselineVerdict, type Event, eventSchema } from '../../core/index.js';
import { createDetection, type Detection, isEmptyVerdict, judgeBaseline } from '../../pipeline/index.js';
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

/** An alert the partition sent, kept to judge its baseline verdict again as the record grows. */
interface Judged {
  key: string;
  alert: Alert;
  /** Its events (at most `maxEventsPerJudged`): what the verdict reads. */
  events: Map<string, Event>;
  /** JSON of the verdict last sent ('{}': none). */
  sent: string;
}

/** Alerts per partition whose verdicts are judged again as the record grows. */
export const maxJudged = 10_000;
const maxEventsPerJudged = 32;

export interface DetectStageOptions {
  /** How often (ms) a partition's recent alerts are judged again while its events arrive. Default 1,000. */
  judgeEveryMs?: number;
}

interface PartitionState {
  detection: Detection;
  /** The next judging of its recent alerts, when one is due. */
  timer: NodeJS.Timeout | undefined;
  /** Recent alerts sent, oldest first. */
  judged: Map<string, Judged>;
  seen: BoundedIdSet;
  /**
   * Output of a batch not yet fully written (store or bus down, or a read failed while preparing
   * it). The detector has already counted those events, so their retry must send this output
   * again rather than detect them anew: it is kept here before anything that can fail.
   */
  unsent: { alerts: Alert[]; outgoing: Outgoing[] } | undefined;
}

const jsonOf = (verdict: BaselineVerdict | undefined) => (isEmptyVerdict(verdict) ? '{}' : JSON.stringify(verdict));

export function createDetectStage(context: StageContext, options: DetectStageOptions = {}): Stage {
  const states = new Map<number, PartitionState>();
  const judgeEveryMs = options.judgeEveryMs ?? 1_000;
  const running = new Set<Promise<void>>();
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
    judged: new Map(),
    timer: undefined,
    seen: new BoundedIdSet(),
    unsent: undefined,
  });

  /** Keeps an alert to be judged again (bounded: the oldest is forgotten). */
  const hold = (state: PartitionState, key: string, alert: Alert, events: readonly Event[], sent = '{}') => {
    if (state.judged.has(alert.id)) return;
    const cited = new Set(alert.eventIds.slice(0, maxEventsPerJudged));
    const kept = new Map(events.filter((event) => cited.has(event.id)).map((event) => [event.id, event]));
    state.judged.set(alert.id, { key, alert, events: kept, sent });
    if (state.judged.size > maxJudged) state.judged.delete(state.judged.keys().next().value!);
  };

  /** The verdicts that differ from what was last sent, as JSON and value, by alert id. */
  const changedVerdicts = (state: PartitionState) => {
    const changed = new Map<string, { json: string; verdict: ReturnType<typeof judgeBaseline> }>();
    for (const [id, judged] of state.judged) {
      const verdict = judgeBaseline(state.detection.baseline, judged.alert, judged.events);
      const json = isEmptyVerdict(verdict) ? '{}' : JSON.stringify(verdict);
      if (json !== judged.sent) changed.set(id, { json, verdict });
    }
    return changed;
  };

  /** False once the partition passed to another worker: its state must not send any more. */
  const owns = (state: PartitionState) => [...states.values()].includes(state);

  /** Judges the recent alerts again and sends the verdicts that changed. */
  const judgeAgain = async (state: PartitionState): Promise<void> => {
    const changed = changedVerdicts(state);
    if (changed.size === 0 || !owns(state)) return;
    await context.bus.publish(
      topics.alerts,
      [...changed].map(([alertId, { verdict }]) => ({
        key: state.judged.get(alertId)!.key,
        payload: { type: 'baseline', alertId, baseline: verdict } satisfies AlertMessage,
      })),
    );
    for (const [id, { json }] of changed) {
      const judged = state.judged.get(id);
      if (judged) judged.sent = json;
    }
  };

  /** At most one judging per interval, the one after the last batch included. */
  const schedule = (state: PartitionState) => {
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!owns(state)) return;
      const work = judgeAgain(state).catch((error: unknown) => {
        context.log(`detect: sending baseline verdicts failed (${String(error)}); retrying`);
        schedule(state);
      });
      running.add(work);
      void work.finally(() => running.delete(work));
    }, judgeEveryMs);
  };

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
        let alerts: { key: string; alert: Alert }[] = [];
        for await (const delivery of history) {
          const event = eventSchema.safeParse(delivery.payload);
          if (event.success)
            for (const message of detect(state, event.data))
              if (message.type === 'alert') alerts.push({ key: delivery.key, alert: message.alert });
          if (alerts.length > 2 * maxJudged) alerts = alerts.slice(-maxJudged);
          replayed++;
        }
        // The recent alerts' verdicts as the previous owner last sent them: judged on the rebuilt baseline.
        const recent = alerts.slice(-maxJudged);
        const ids = [...new Set(recent.flatMap(({ alert }) => alert.eventIds.slice(0, maxEventsPerJudged)))];
        const events = ids.length > 0 ? await context.store.getEvents(ids) : [];
        for (const { key, alert } of recent) hold(state, key, alert, events);
        for (const [id, { json }] of changedVerdicts(state)) state.judged.get(id)!.sent = json;
        states.set(partition, state);
        if (replayed > 0) context.log(`detect: partition ${partition} rebuilt from ${replayed} events`);
      },
      async revoked(partition) {
        clearTimeout(states.get(partition)?.timer);
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
        // Each alert's baseline verdict at the end of its batch travels with it.
        for (const { payload } of sent)
          if (payload.type === 'alert') {
            const events = new Map(payload.events.map((event) => [event.id, event]));
            const verdict = judgeBaseline(state.detection.baseline, payload.alert, events);
            if (isEmptyVerdict(verdict)) delete payload.baseline;
            else payload.baseline = verdict;
          }
        if (state.unsent.alerts.length > 0) await context.store.insertAlerts(state.unsent.alerts);
        if (sent.length > 0)
          await context.bus.publish(
            topics.alerts,
            sent.map(({ key, payload }) => ({ key, payload })),
          );
        // Kept once sent, to be judged again as the record grows.
        for (const { key, payload } of sent)
          if (payload.type === 'alert') hold(state, key, payload.alert, payload.events, jsonOf(payload.baseline));
        state.unsent = undefined;
        if (state.judged.size > 0) schedule(state);
      },
    },
    async flush() {
      for (const state of states.values()) {
        if (!state.timer) continue;
        clearTimeout(state.timer);
        state.timer = undefined;
        await judgeAgain(state);
      }
      await Promise.all(running);
    },
  };
}

/**
 * Reason stage: an incident that changed → reasoning (context, attack sequence, plan) → the
 * incident's artifacts and proposals. Skips incidents a merge absorbed. Idempotent: reasoning
 * the same incident again writes the same result.
 */

import type { Knowledge } from '../../pipeline/index.js';
import { createBuiltinReasoner, type Reasoner, runReasoning } from '../../reason/index.js';
import { incidentMessageSchema, type RelatedMessage, relatedMessageSchema, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

export type ReasoningKnowledge = Pick<Knowledge, 'attack' | 'assets' | 'knownExploited'>;

export interface ReasonStageOptions {
  reasoner?: Reasoner;
  /** Events handed to the reasoner per incident. Default 5,000. */
  maxEvents?: number;
}

export function createReasonStage(
  context: StageContext,
  knowledge: ReasoningKnowledge,
  options: ReasonStageOptions = {},
): Stage {
  const reasoner = options.reasoner ?? createBuiltinReasoner();
  const maxEvents = options.maxEvents ?? 5_000;
  return {
    name: 'reason',
    topic: topics.incidents,
    group: 'reason',
    handler: {
      async handle(_partition, deliveries) {
        // Only the latest message per incident in a batch matters.
        const latest = new Map<string, ReturnType<typeof incidentMessageSchema.parse>>();
        const relations = new Map<string, RelatedMessage>();
        for (const delivery of deliveries) {
          const message = incidentMessageSchema.safeParse(delivery.payload);
          if (message.success) latest.set(message.data.incidentId, message.data);
          else {
            const related = relatedMessageSchema.safeParse(delivery.payload);
            if (related.success) relations.set(related.data.incidentId, related.data);
            else context.log(`reason: refused message ${delivery.id}`);
          }
        }
        for (const message of latest.values()) {
          const stored = await context.store.getIncident(message.incidentId);
          if (!stored || stored.artifacts.supersededBy) continue;
          const { incident } = stored;
          const known = new Set(message.alerts.map((alert) => alert.id));
          const alerts = message.alerts.filter((alert) => incident.alertIds.includes(alert.id));
          if (alerts.length !== incident.alertIds.length || known.size !== alerts.length) continue; // a newer message follows
          const eventIds = [...new Set(alerts.flatMap((alert) => alert.eventIds))].slice(0, maxEvents);
          const events = new Map((await context.store.getEvents(eventIds)).map((event) => [event.id, event]));
          const reasoning = await runReasoning(reasoner, {
            incident,
            alerts,
            events,
            indicatorMatches: [],
            ...(knowledge.assets ? { assetCriticality: knowledge.assets } : {}),
            knownExploited: knowledge.knownExploited,
            ...(knowledge.attack ? { attack: knowledge.attack } : {}),
            eventCount: eventIds.length,
          });
          const latestStored = await context.store.getIncident(incident.id);
          if (!latestStored || JSON.stringify(latestStored.incident) !== JSON.stringify(incident)) continue;
          await context.store.mergeIncidentArtifacts(incident.id, {
            context: reasoning.context,
            sequence: reasoning.sequence,
            plan: reasoning.plan,
          });
          await context.store.saveProposals(incident.id, reasoning.plan.actions);
          if (reasoning.plan.actions.length > 0)
            await context.bus.publish(topics.plans, [{ key: incident.id, payload: { incidentId: incident.id } }]);
        }
        // Incidents of other partitions that share an entity (the link stage's finding).
        for (const { incidentId, related } of relations.values()) {
          const stored = await context.store.getIncident(incidentId);
          if (!stored || JSON.stringify(stored.artifacts.related ?? []) === JSON.stringify(related)) continue;
          await context.store.mergeIncidentArtifacts(incidentId, { related: related.length > 0 ? related : undefined });
        }
      },
    },
  };
}

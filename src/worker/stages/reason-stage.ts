/**
 * Reason stage: an incident that changed → the pipeline's `reasonAboutIncident` (the same
 * evidence, indicator hits, retrieval, classifier, patterns, stored knowledge and attack graph as
 * `investigate`) → its artifacts, proposals and audit entries (`recordReasonedIncident`, one
 * transaction). Skips incidents a merge absorbed. Idempotent: reasoning the same incident again
 * writes the same result. The incident message's baseline verdicts (routine evidence, declared
 * administration, rarity and recurrence on the host, judged by the detect stage) are the
 * reasoning's baseline (`baselineOfVerdicts`), as `investigate` passes its detection's.
 */
import { baselineOfVerdicts, reasonAboutIncident, recordReasonedIncident } from '../../pipeline/index.js';
import { incidentMessageSchema, type RelatedMessage, relatedMessageSchema, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

const noExplanation = { merges: [], splits: [], omitted: 0 };

export function createReasonStage(context: StageContext): Stage {
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
        const session = latest.size > 0 ? await context.session() : undefined;
        for (const message of latest.values()) {
          const stored = await context.store.getIncident(message.incidentId);
          if (!stored || stored.artifacts.supersededBy || !session) continue;
          const { incident } = stored;
          const known = new Set(message.alerts.map((alert) => alert.id));
          const alerts = message.alerts.filter((alert) => incident.alertIds.includes(alert.id));
          if (alerts.length !== incident.alertIds.length || known.size !== alerts.length) continue; // a newer message follows
          const byId = new Map(alerts.map((alert) => [alert.id, alert]));
          const ordered = incident.alertIds.map((id) => byId.get(id)!);
          const baseline = baselineOfVerdicts(ordered, new Map(Object.entries(message.baseline ?? {})));
          const reasoned = await reasonAboutIncident(
            { ...session.reasoning, baseline },
            {
              incident,
              alerts: ordered,
              explanation: stored.artifacts.correlation ?? noExplanation,
            },
          );
          const latestStored = await context.store.getIncident(incident.id);
          if (!latestStored || JSON.stringify(latestStored.incident) !== JSON.stringify(incident)) continue;
          await recordReasonedIncident(context.store, reasoned, {
            actor: context.actor,
            reasonedBefore: stored.artifacts.plan !== undefined,
          });
          if (reasoned.reasoning.plan.actions.length > 0)
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

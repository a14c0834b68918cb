/**
 * Respond stage on the bus: an incident whose plan the reason stage stored → the incident's plan
 * run, started once (the policy decides each step; approvals open for the others). Starting a
 * run saves it, and the PostgreSQL run store enqueues it on the run queue in that transaction;
 * `startRespondWorker` consumes the queue and carries the run on. Redelivery is harmless: a
 * run that exists is not started again, and the run id is the same one `vigil serve` uses.
 */
import { draftsForIncident, type Orchestrator, type PolicyAsset } from '../../respond/index.js';
import { planMessageSchema, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

export interface RespondStageOptions {
  orchestrator: Orchestrator;
  /** The incident's plan run id (the API's `planRunId`, so serve and workers never start two). */
  planRunId: (incidentId: string) => string;
  assets?: readonly PolicyAsset[];
  /** Who the run names as requester. Default `vigil worker`. */
  requestedBy?: string;
}

export function createRespondStage(context: StageContext, options: RespondStageOptions): Stage {
  return {
    name: 'respond',
    topic: topics.plans,
    group: 'respond',
    handler: {
      async handle(_partition, deliveries) {
        const incidents = new Set<string>();
        for (const delivery of deliveries) {
          const message = planMessageSchema.safeParse(delivery.payload);
          if (message.success) incidents.add(message.data.incidentId);
          else context.log(`respond: refused message ${delivery.id}`);
        }
        for (const incidentId of incidents) {
          const id = options.planRunId(incidentId);
          if (await options.orchestrator.load(id).catch(() => undefined)) continue;
          const stored = await context.store.getIncident(incidentId);
          if (!stored || stored.artifacts.supersededBy) continue;
          if (stored.incident.status !== 'new' && stored.incident.status !== 'investigating') continue;
          const input = await draftsForIncident(context.store, incidentId);
          if (input.drafts.length === 0) continue;
          const run = await options.orchestrator.start({
            id,
            incidentId,
            drafts: input.drafts,
            requestedBy: options.requestedBy ?? 'vigil worker',
            policyContext: { confidence: input.confidence, assets: options.assets ?? [] },
          });
          context.log(`respond: started ${run.id} for ${incidentId} (${run.steps.length} steps)`);
        }
      },
    },
  };
}

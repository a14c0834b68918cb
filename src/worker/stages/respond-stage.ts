/**
 * Respond stage on the bus: an incident whose plan the reason stage stored → the incident's plan
 * run, started once through the response service (the same checks and requester as `vigil
 * serve`'s loop; the policy decides each step; approvals open for the others). Starting a run
 * saves it, and the PostgreSQL run store enqueues it on the run queue in that transaction;
 * `startRespondWorker` consumes the queue and carries the run on. Redelivery is harmless: a run
 * that exists is not started again, and its id is the one plan run id every deployment uses.
 */
import type { ResponseService } from '../../respond/index.js';
import { planMessageSchema, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

export interface RespondStageOptions {
  service: ResponseService;
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
          const run = await options.service.startPlanRunIfDue(incidentId);
          if (run) context.log(`respond: started ${run.id} for ${incidentId} (${run.steps.length} steps)`);
        }
      },
    },
  };
}

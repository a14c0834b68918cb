/** From a stored incident to run step drafts: its plan's proposals, or a playbook expanded over the plan. */
import { type ActionProposal, type Incident, NotFoundError } from '../core/index.js';
import type { Store } from '../store/index.js';
import { draftsFromProposals, type StepDraft } from './orchestrator/build-steps.js';
import { expandPlaybook } from './playbooks/expand-playbook.js';
import type { Json } from './playbooks/expression.js';
import type { Playbook } from './playbooks/playbook-schema.js';

export interface IncidentResponseInput {
  incident: Incident;
  proposals: ActionProposal[];
  /** The reasoning's confidence in the attack sequence, when it was stored. */
  confidence: number | undefined;
  drafts: StepDraft[];
}

export async function draftsForIncident(
  store: Store,
  incidentId: string,
  playbook?: Playbook,
): Promise<IncidentResponseInput> {
  const stored = await store.getIncident(incidentId);
  if (!stored)
    throw new NotFoundError(`no incident ${incidentId} in the store`, { location: { objectId: incidentId } });
  const proposals = await store.listProposals(incidentId);
  const confidence = stored.artifacts.sequence?.confidence;
  const drafts = playbook
    ? expandPlaybook(playbook, {
        incident: stored.incident as unknown as Json,
        plan: { actions: proposals as unknown as Json },
      })
    : draftsFromProposals(proposals);
  return { incident: stored.incident, proposals, confidence, drafts };
}

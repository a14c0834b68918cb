/** A playbook drafted from an incident's plan: one step per proposal, for an analyst to edit and keep. */
import type { ActionProposal, Incident } from '../../core/index.js';
import { type Playbook, playbookSchema } from './playbook-schema.js';

export function draftPlaybook(
  incident: Pick<Incident, 'id' | 'title' | 'techniques' | 'tactics'>,
  proposals: readonly ActionProposal[],
): Playbook {
  const counts = new Map<string, number>();
  const steps = proposals.map((proposal) => {
    const count = (counts.get(proposal.actionType) ?? 0) + 1;
    counts.set(proposal.actionType, count);
    return {
      ref: `${proposal.actionType}-${count}`,
      action: proposal.actionType,
      description: `${proposal.rationale}${proposal.expectedEffect ? `: ${proposal.expectedEffect}` : ''}`,
      target: proposal.target,
      args: proposal.parameters,
      on_failure: 'continue',
    };
  });
  return playbookSchema.parse({
    id: `draft-${incident.id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 60).replace(/-+$/, ''),
    name: `Drafted from the plan of ${incident.title}`,
    description: `Drafted by Vigil from incident ${incident.id}; review each step before keeping it.`,
    select: { techniques: incident.techniques, tactics: incident.tactics },
    steps,
  });
}

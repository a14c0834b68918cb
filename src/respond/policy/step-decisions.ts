/**
 * How a deployment decides each step of a run: a function of the proposal, the policy and the
 * context, loaded (with what the deployment learned) once per run. Production uses the learned
 * policy decision (`knowledge`'s `knowledgeDecisions`, on `decideWithKnowledge`, the function
 * the evaluation scores); without one, the policy alone with the approval queue's track record.
 */
import type { ActionProposal, PolicyDecision } from '../../core/index.js';
import { decide, type PolicyContext } from './decide.js';
import type { Policy } from './policy-schema.js';

export type StepDecider = (proposal: ActionProposal, policy: Policy, context: PolicyContext) => PolicyDecision;

export interface StepDecisions {
  /** The decision function underneath (so a test can check which one a deployment runs). */
  readonly decisionFunction: (...args: never[]) => unknown;
  /** The decider for one run, with the track records as they are now. */
  load(): Promise<StepDecider>;
}

/** The policy alone, with `trackRecord` as the run's context gives it. */
export const policyDecider: StepDecider = (proposal, policy, context) => decide(proposal, policy, context);

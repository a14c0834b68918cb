/** What the LLM reasoner uses from core and from the rest of the reason folder, in one place. */
import type { Risk } from '../../core/index.js';

export type { ActionProposal, ActionType, Alert, Event, EvidenceRef } from '../../core/index.js';
export { actionTargetIssue, actionTraits } from '../../core/index.js';
export type { ReasoningInput } from '../reasoner.js';

const riskOrder: readonly Risk[] = ['low', 'medium', 'high', 'critical'];
export const riskRank = (risk: Risk): number => riskOrder.indexOf(risk);

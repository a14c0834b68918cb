export { actionCatalogue, validateProposal } from './action-catalogue.js';
export {
  type ActionSpec,
  type BlastRadius,
  isReversible,
  type RetryPolicy,
  type Reversal,
  type TargetKind,
} from './action-spec.js';

/**
 * Which response actions contain which kill-chain stage, as data. Each entry says what the
 * action does against that stage; the planner turns entries into concrete proposals for
 * the incident's targets (accounts are contained whatever the stage: see `plan-response.ts`). Risk and
 * reversibility follow the action type (`actionTraits` in core).
 */
import type { ActionType, Tactic } from '../../core/index.js';

/** Actions that contain each tactic, with the effect they have on it. */
export const containmentByTactic: Partial<Record<Tactic, Array<{ action: ActionType; effect: string }>>> = {
  'initial-access': [
    { action: 'block-domain', effect: 'stops further delivery from the same infrastructure' },
    { action: 'block-ip', effect: 'stops further attempts from the same sources' },
  ],
  execution: [
    { action: 'kill-process', effect: 'stops the malicious process tree' },
    { action: 'quarantine-file', effect: 'removes the payload the attacker ran' },
    { action: 'collect-artefacts', effect: 'preserves memory and disk evidence of the execution' },
  ],
  persistence: [
    { action: 'collect-artefacts', effect: 'captures the persistence mechanism before clean-up' },
    { action: 'quarantine-file', effect: 'removes the persisted payload' },
  ],
  'defense-evasion': [{ action: 'collect-artefacts', effect: 'recovers what the attacker tried to hide' }],
  'credential-access': [
    { action: 'block-ip', effect: 'stops password guessing from its sources' },
    { action: 'quarantine-file', effect: 'removes dumped credentials from the disk' },
    { action: 'isolate-host', effect: 'stops the attacker using dumped credentials from this host' },
  ],
  discovery: [{ action: 'add-to-watchlist', effect: 'raises scrutiny of the accounts and hosts doing reconnaissance' }],
  'lateral-movement': [
    { action: 'quarantine-file', effect: 'removes the payload copied to the next host' },
    { action: 'isolate-host', effect: 'cuts the path between compromised hosts' },
  ],
  collection: [{ action: 'isolate-host', effect: 'prevents staging of collected data' }],
  'command-and-control': [
    { action: 'block-ip', effect: 'cuts the command-and-control channel' },
    { action: 'block-domain', effect: 'cuts the command-and-control channel by name' },
  ],
  exfiltration: [
    { action: 'block-ip', effect: 'stops data leaving to the destination' },
    { action: 'isolate-host', effect: 'stops exfiltration from the host' },
  ],
  impact: [{ action: 'isolate-host', effect: 'limits the spread of destructive activity' }],
};

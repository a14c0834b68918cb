/**
 * Tactics that threat intelligence names itself, without an ATT&CK catalogue: STIX kill-chain phases
 * (`mitre-attack` phases are tactic short names; the Lockheed Martin chain maps onto them) and the
 * STIX infrastructure-type vocabulary (`command-and-control`, `exfiltration`, `phishing`, `botnet`).
 */
import { type Tactic, tacticOrder } from '../../core/index.js';

const attackTactics = new Set<string>(tacticOrder);

/** Lockheed Martin Cyber Kill Chain phases onto ATT&CK tactics (only where the meaning is one tactic). */
const lockheedPhases: Readonly<Record<string, Tactic>> = {
  reconnaissance: 'reconnaissance',
  weaponization: 'resource-development',
  delivery: 'initial-access',
  exploitation: 'execution',
  installation: 'persistence',
  'command-and-control': 'command-and-control',
  'command and control': 'command-and-control',
};

/** STIX 2.1 infrastructure-type-ov values that name what the infrastructure does in an attack. */
const infrastructureTactics: Readonly<Record<string, Tactic>> = {
  'command-and-control': 'command-and-control',
  botnet: 'command-and-control',
  exfiltration: 'exfiltration',
  phishing: 'initial-access',
};

/** The tactic a kill-chain phase names, when it names one. */
export function tacticOfPhase(killChainName: string, phaseName: string): Tactic | undefined {
  const chain = killChainName.toLowerCase();
  const phase = phaseName.toLowerCase().trim().replace(/_/g, '-');
  if (chain.startsWith('mitre-') && attackTactics.has(phase)) return phase as Tactic;
  if (chain.startsWith('lockheed') || chain === 'kill-chain' || chain === 'cyber-kill-chain')
    return lockheedPhases[phase] ?? lockheedPhases[phase.replace(/-/g, ' ')];
  return undefined;
}

/** Tactics of a STIX `kill_chain_phases` list (anything malformed is ignored). */
export function tacticsOfKillChainPhases(phases: unknown): Tactic[] {
  if (!Array.isArray(phases)) return [];
  const found = new Set<Tactic>();
  for (const phase of phases) {
    if (typeof phase !== 'object' || phase === null) continue;
    const { kill_chain_name: chain, phase_name: name } = phase as Record<string, unknown>;
    if (typeof chain !== 'string' || typeof name !== 'string') continue;
    const tactic = tacticOfPhase(chain, name);
    if (tactic) found.add(tactic);
  }
  return [...found];
}

/** Tactics an infrastructure's `infrastructure_types` imply. */
export function tacticsOfTypes(types: unknown): Tactic[] {
  if (!Array.isArray(types)) return [];
  const found = new Set<Tactic>();
  for (const type of types) {
    const tactic = typeof type === 'string' ? infrastructureTactics[type.toLowerCase()] : undefined;
    if (tactic) found.add(tactic);
  }
  return [...found];
}

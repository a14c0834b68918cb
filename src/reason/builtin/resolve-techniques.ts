/**
 * Checks every technique the alerts claim against ATT&CK (when a catalog is given): revoked ids
 * resolve to their replacement, unknown ids are flagged, names and tactics come from the
 * catalog, and tactic tags that ATT&CK does not list for the technique are noted as conflicts.
 */
import type { Alert, AttackSequence, EvidenceRef, Tactic } from '../../core/index.js';
import type { AttackKnowledge } from '../reasoner.js';

export type TechniqueCheck = NonNullable<AttackSequence['techniques']>[number];

export interface ResolvedAlert {
  alert: Alert;
  techniques: string[];
  tactics: Tactic[];
}

export interface TechniqueResolution {
  alerts: ResolvedAlert[];
  checks: TechniqueCheck[];
  /** Conflicts between alert tactic tags and ATT&CK, in words. */
  conflicts: string[];
  unknown: string[];
  replaced: Array<{ from: string; to: string }>;
}

const maxEvidence = 10;

export function resolveTechniques(alerts: readonly Alert[], attack: AttackKnowledge | undefined): TechniqueResolution {
  const checks = new Map<string, TechniqueCheck>();
  const conflicts: string[] = [];
  const replaced = new Map<string, string>();
  const resolvedAlerts = alerts.map((alert) => {
    const techniques: string[] = [];
    const catalogTactics = new Set<Tactic>();
    for (const claimed of alert.techniques) {
      const id = attack ? attack.resolve(claimed) : claimed;
      const technique = attack?.technique(id);
      const status: TechniqueCheck['status'] = !attack
        ? 'unchecked'
        : technique === undefined
          ? 'unknown'
          : id !== claimed.toUpperCase()
            ? 'replaced'
            : 'known';
      if (status === 'replaced') replaced.set(claimed, id);
      const tactics = technique ? attack!.coreTacticsOf(id) : [];
      for (const tactic of tactics) catalogTactics.add(tactic);
      if (/^T\d{4}(\.\d{3})?$/.test(id)) techniques.push(id);
      const reference: EvidenceRef = { kind: 'alert', id: alert.id };
      const check = checks.get(id) ?? {
        id,
        ...(technique?.name ? { name: technique.name } : {}),
        tactics,
        status,
        ...(status === 'replaced' ? { replaces: claimed.toUpperCase() } : {}),
        evidence: [],
      };
      if (check.evidence.length < maxEvidence && !check.evidence.some((known) => known.id === alert.id))
        check.evidence.push(reference);
      checks.set(id, check);
    }
    let tactics: Tactic[] = alert.tactics.filter((tactic) => tactic !== 'unknown');
    if (attack && catalogTactics.size > 0) {
      const foreign = tactics.filter((tactic) => !catalogTactics.has(tactic) && tactic !== 'other');
      if (foreign.length > 0 && conflicts.length < 20) {
        conflicts.push(
          `alert "${alert.ruleTitle}" tags ${foreign.join(', ')} but ATT&CK lists ${alert.techniques.join(', ')} under ${[...catalogTactics].join(', ')}`,
        );
      }
      if (tactics.length === 0) tactics = [...catalogTactics];
    }
    return {
      alert,
      techniques: [...new Set(techniques)],
      tactics: tactics.length > 0 ? tactics : (['unknown'] as Tactic[]),
    };
  });
  const all = [...checks.values()].sort((left, right) => left.id.localeCompare(right.id));
  return {
    alerts: resolvedAlerts,
    checks: all.filter((check) => /^T\d{4}(\.\d{3})?$/.test(check.id)),
    conflicts,
    unknown: all.filter((check) => check.status === 'unknown').map((check) => check.id),
    replaced: [...replaced.entries()].map(([from, to]) => ({ from, to })),
  };
}

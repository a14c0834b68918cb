/**
 * The kill-chain strip: the incident's techniques under the ATT&CK tactics the catalogue gives
 * them (a sub-technique the catalogue does not know goes under its parent's tactics), each with
 * its name. An alert tagged with two tactics and two techniques does not put both techniques
 * under both tactics. Without a catalogue, techniques stay under the tactics their rules tagged,
 * and the columns say so (`placement: 'rule-tags'`).
 */
import { z } from 'zod';
import { type AttackStage, type Tactic, tacticOrder, tacticRank, tacticSchema } from '../../core/index.js';
import type { AttackCatalog } from './attack-catalog.js';

export type KillChainKnowledge = Pick<AttackCatalog, 'technique' | 'resolve' | 'coreTacticsOf'>;

export const killChainColumnSchema = z.object({
  tactic: tacticSchema,
  techniques: z.array(z.object({ id: z.string(), name: z.string().optional() })),
  /** Alerts of the incident's stage for this tactic. */
  alerts: z.number().int().min(0),
  firstSeen: z.string().optional(),
});
export const killChainSchema = z
  .object({
    placement: z.enum(['catalogue', 'rule-tags']),
    columns: z.array(killChainColumnSchema),
  })
  .meta({ description: "The incident's techniques under their ATT&CK tactics, in kill-chain order" });
export type KillChain = z.infer<typeof killChainSchema>;

const enterprise = new Set<string>(tacticOrder);

/** Catalogue tactics of a technique; a sub-technique unknown to the catalogue takes its parent's. */
export function catalogueTactics(id: string, attack: KillChainKnowledge): Tactic[] {
  const resolved = attack.resolve(id);
  const own = attack.coreTacticsOf(resolved).filter((tactic) => enterprise.has(tactic));
  if (own.length > 0 || !resolved.includes('.')) return own;
  return attack.coreTacticsOf(resolved.split('.')[0] ?? resolved).filter((tactic) => enterprise.has(tactic));
}

export function killChainColumns(stages: readonly AttackStage[], attack?: KillChainKnowledge): KillChain {
  const columns = new Map<Tactic, KillChain['columns'][number]>();
  const column = (tactic: Tactic) => {
    let found = columns.get(tactic);
    if (!found) {
      found = { tactic, techniques: [], alerts: 0 };
      columns.set(tactic, found);
    }
    return found;
  };
  for (const stage of stages) {
    const entry = column(stage.tactic);
    entry.alerts = stage.evidence.length;
    entry.firstSeen = stage.firstSeen;
  }
  const taggedUnder = new Map<string, Tactic[]>();
  for (const stage of stages)
    for (const id of stage.techniques) taggedUnder.set(id, [...(taggedUnder.get(id) ?? []), stage.tactic]);
  for (const [id, tagged] of taggedUnder) {
    const known = attack ? catalogueTactics(id, attack) : [];
    const name = attack?.technique(attack.resolve(id))?.name;
    const technique = { id: attack ? attack.resolve(id) : id, ...(name ? { name } : {}) };
    if (known.length === 0) {
      for (const tactic of tagged) column(tactic).techniques.push(technique);
      continue;
    }
    // under the catalogue tactics the incident reached; if none was reached by its alerts' tags, all of them
    const reached = known.filter((tactic) => columns.has(tactic));
    for (const tactic of reached.length > 0 ? reached : known) column(tactic).techniques.push(technique);
  }
  const sorted = [...columns.values()]
    .filter((entry) => entry.techniques.length > 0 || entry.alerts > 0)
    .sort((left, right) => tacticRank(left.tactic) - tacticRank(right.tactic));
  for (const entry of sorted) entry.techniques.sort((left, right) => left.id.localeCompare(right.id));
  return { placement: attack ? 'catalogue' : 'rule-tags', columns: sorted };
}

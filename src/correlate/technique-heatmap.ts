/**
 * The ATT&CK heatmap across incidents: for each technique, how many incidents of a time range
 * show it (an incident counts once per technique), under its ATT&CK tactics (the catalogue's when
 * one is loaded, else the tactics its rules tagged), and the same counts as a Navigator layer.
 * The API (`GET /attack/layer`, `/attack/heatmap`), the CLI (`vigil attack layer`) and the console
 * all come through here.
 */
import { z } from 'zod';
import { type Incident, type Tactic, tacticRank, tacticSchema } from '../core/index.js';
import { catalogueTactics, type KillChainKnowledge, type NavigatorLayer, navigatorLayer } from '../detect/index.js';

export const heatmapTechniqueSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  tactics: z.array(tacticSchema),
  /** Incidents of the range that show the technique. */
  incidents: z.number().int(),
  /** A few of them, most recent first. */
  incidentIds: z.array(z.string()),
  firstSeen: z.string(),
  lastSeen: z.string(),
});

export const techniqueHeatmapSchema = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    /** Incidents in the range (with or without techniques). */
    incidents: z.number().int(),
    placement: z.enum(['catalogue', 'rule-tags']),
    techniques: z.array(heatmapTechniqueSchema),
    /** The techniques by tactic, in kill-chain order, most frequent first. */
    columns: z.array(z.object({ tactic: tacticSchema, techniques: z.array(z.string()) })),
  })
  .meta({ description: 'How many incidents show each ATT&CK technique, over a time range' });
export type TechniqueHeatmap = z.infer<typeof techniqueHeatmapSchema>;

export interface HeatmapRange {
  /** Inclusive ISO lower bound: incidents still active at or after it. */
  from?: string | undefined;
  /** Exclusive ISO upper bound: incidents that began before it. */
  to?: string | undefined;
}

type HeatmapIncident = Pick<Incident, 'id' | 'techniques' | 'stages' | 'firstSeen' | 'lastSeen'>;

const sampleSize = 10;

export function techniqueHeatmap(
  incidents: readonly HeatmapIncident[],
  range: HeatmapRange = {},
  attack?: KillChainKnowledge,
): TechniqueHeatmap {
  const inRange = incidents.filter(
    (incident) =>
      (range.from === undefined || Date.parse(incident.lastSeen) >= Date.parse(range.from)) &&
      (range.to === undefined || Date.parse(incident.firstSeen) < Date.parse(range.to)),
  );
  const byTechnique = new Map<
    string,
    { ids: { id: string; lastSeen: string }[]; tagged: Set<Tactic>; firstSeen: string; lastSeen: string }
  >();
  for (const incident of inRange) {
    const tagged = new Map<string, Set<Tactic>>();
    for (const stage of incident.stages)
      for (const technique of stage.techniques) {
        const id = attack ? attack.resolve(technique) : technique.toUpperCase();
        tagged.set(id, (tagged.get(id) ?? new Set()).add(stage.tactic));
      }
    for (const technique of incident.techniques) {
      const id = attack ? attack.resolve(technique) : technique.toUpperCase();
      if (!tagged.has(id)) tagged.set(id, new Set());
    }
    for (const [id, tactics] of tagged) {
      const entry = byTechnique.get(id) ?? {
        ids: [],
        tagged: new Set<Tactic>(),
        firstSeen: incident.firstSeen,
        lastSeen: incident.lastSeen,
      };
      entry.ids.push({ id: incident.id, lastSeen: incident.lastSeen });
      for (const tactic of tactics) entry.tagged.add(tactic);
      if (incident.firstSeen < entry.firstSeen) entry.firstSeen = incident.firstSeen;
      if (incident.lastSeen > entry.lastSeen) entry.lastSeen = incident.lastSeen;
      byTechnique.set(id, entry);
    }
  }
  const techniques = [...byTechnique]
    .map(([id, entry]) => {
      const known = attack ? catalogueTactics(id, attack) : [];
      const name = attack?.technique(id)?.name;
      const tactics = (known.length > 0 ? known : [...entry.tagged]).sort(
        (left, right) => tacticRank(left) - tacticRank(right),
      );
      return {
        id,
        ...(name ? { name } : {}),
        tactics: tactics.length > 0 ? tactics : (['unknown'] as Tactic[]),
        incidents: entry.ids.length,
        incidentIds: entry.ids
          .sort((left, right) => right.lastSeen.localeCompare(left.lastSeen))
          .slice(0, sampleSize)
          .map((item) => item.id),
        firstSeen: entry.firstSeen,
        lastSeen: entry.lastSeen,
      };
    })
    .sort((left, right) => right.incidents - left.incidents || left.id.localeCompare(right.id));
  const columns = new Map<Tactic, string[]>();
  for (const technique of techniques)
    for (const tactic of technique.tactics) columns.set(tactic, [...(columns.get(tactic) ?? []), technique.id]);
  return {
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
    incidents: inRange.length,
    placement: attack ? 'catalogue' : 'rule-tags',
    techniques,
    columns: [...columns]
      .sort(([left], [right]) => tacticRank(left) - tacticRank(right))
      .map(([tactic, ids]) => ({ tactic, techniques: ids })),
  };
}

/** The heatmap as an ATT&CK Navigator layer (format 4.5): score = incidents showing the technique. */
export function heatmapLayer(
  heatmap: TechniqueHeatmap,
  options: { attackVersion?: string | undefined } = {},
): NavigatorLayer {
  const span =
    heatmap.from || heatmap.to ? ` from ${heatmap.from ?? 'the first incident'} to ${heatmap.to ?? 'now'}` : '';
  return navigatorLayer(
    heatmap.techniques.map((technique) => ({
      id: technique.id,
      score: technique.incidents,
      comment: `${technique.incidents} of ${heatmap.incidents} incident(s), last ${technique.lastSeen}: ${technique.incidentIds.slice(0, 3).join(', ')}`,
    })),
    {
      name: `Vigil incidents${span}`,
      description: `ATT&CK techniques across ${heatmap.incidents} Vigil incident(s)${span}; score: incidents showing the technique`,
      ...(options.attackVersion ? { attackVersion: options.attackVersion } : {}),
    },
  );
}

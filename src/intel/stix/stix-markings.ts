import type { Tlp } from '../../core/index.js';

/** The fixed marking-definition ids of TLP 1.0 (STIX 2.1 §7.2.1.4) and TLP 2.0 (the TLP 2.0 extension). */
export const tlpMarkingIds: Readonly<Record<string, Tlp>> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'clear',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'green',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'amber',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'amber+strict',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'red',
};

/** TLP 2.0 marking ids by level, for export. */
export const tlp2MarkingIdByLevel: Readonly<Record<Tlp, string>> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

const tlpRank: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/** Parses a TLP word as written in markings and tags (`white` is TLP 1.0's `clear`). */
export function parseTlpWord(word: string): Tlp | undefined {
  const normalized = word.trim().toLowerCase().replace(/^tlp:/, '');
  if (normalized === 'white' || normalized === 'clear') return 'clear';
  if (normalized === 'green' || normalized === 'amber' || normalized === 'red' || normalized === 'amber+strict')
    return normalized;
  return undefined;
}

/** TLP level a marking-definition object declares (TLP 1 definition, TLP 2 extension or name). */
export function tlpOfMarkingDefinition(marking: Record<string, unknown>): Tlp | undefined {
  const known = tlpMarkingIds[String(marking.id)];
  if (known) return known;
  const definition = marking.definition as { tlp?: unknown } | undefined;
  if (marking.definition_type === 'tlp' && typeof definition?.tlp === 'string') return parseTlpWord(definition.tlp);
  for (const extension of Object.values((marking.extensions as Record<string, unknown> | undefined) ?? {})) {
    const level = (extension as { tlp_2_0?: unknown } | undefined)?.tlp_2_0;
    if (typeof level === 'string') return parseTlpWord(level);
  }
  return typeof marking.name === 'string' ? parseTlpWord(marking.name) : undefined;
}

/** The strictest of several TLP levels; `clear` when none. */
export function strictestTlp(levels: Iterable<Tlp | undefined>): Tlp {
  let strictest: Tlp = 'clear';
  for (const level of levels) if (level && tlpRank[level] > tlpRank[strictest]) strictest = level;
  return strictest;
}

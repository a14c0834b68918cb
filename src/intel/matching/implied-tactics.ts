/**
 * The tactic an indicator's own words imply when no ATT&CK technique gives one: its source's tactics
 * (STIX kill-chain phases, C2 infrastructure), then what its labels, types and name say it is (a
 * `botnet_cc` feed entry, a "C2 domain", a MISP `kill-chain:Command and Control` tag or a
 * `Persistence mechanism` category). The words are matched as whole words against a fixed table,
 * in linear time; anything else implies nothing.
 */
import type { Indicator, Tactic } from '../../core/index.js';
import { tacticOfPhase } from '../stix/stix-kill-chain.js';

/** Whole-word phrases (lower case, words separated by one space) and the tactic they name. */
const phrases: readonly [string, Tactic][] = [
  ['c2', 'command-and-control'],
  ['c&c', 'command-and-control'],
  ['cnc', 'command-and-control'],
  ['command and control', 'command-and-control'],
  ['command & control', 'command-and-control'],
  ['command-and-control', 'command-and-control'],
  ['botnet cc', 'command-and-control'],
  ['beacon', 'command-and-control'],
  ['exfiltration', 'exfiltration'],
  ['exfil', 'exfiltration'],
  ['phishing', 'initial-access'],
  ['spearphishing', 'initial-access'],
  ['persistence mechanism', 'persistence'],
  ['payload delivery', 'initial-access'],
  ['scanner', 'reconnaissance'],
];

/**
 * Lower case, every run of characters other than letters, digits, `&` and `-` as one space: a
 * hyphenated word stays one word, so `cnc-machines` is not `cnc`.
 */
function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9&-]+/g, ' ')
    .trim()} `;
}

/** Tactics a label such as `kill-chain:Delivery` (MISP's kill-chain taxonomy) names. */
function killChainTag(label: string): Tactic | undefined {
  const match = /^kill-chain:"?([^"]{1,60})"?$/i.exec(label.trim());
  return match ? tacticOfPhase('lockheed-martin-cyber-kill-chain', match[1]!) : undefined;
}

export function impliedTactics(indicator: Pick<Indicator, 'labels' | 'name' | 'tactics' | 'value'>): Tactic[] {
  if (indicator.tactics && indicator.tactics.length > 0) return [...indicator.tactics];
  const found = new Set<Tactic>();
  // A name that repeats the value ("domain: c2.example") says nothing beyond the value, which implies nothing.
  const name = indicator.name && indicator.value ? indicator.name.split(indicator.value).join(' ') : indicator.name;
  const texts = [...indicator.labels, ...(name ? [name] : [])];
  for (const text of texts) {
    const tagged = killChainTag(text);
    if (tagged) {
      found.add(tagged);
      continue;
    }
    const normalised = words(text.slice(0, 300));
    for (const [phrase, tactic] of phrases) if (normalised.includes(` ${phrase} `)) found.add(tactic);
  }
  return [...found];
}

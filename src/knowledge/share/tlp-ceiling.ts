/** TLP order and the sharing rule: an object is shared only when its TLP is at most the destination's ceiling. */
import type { Tlp } from '../../core/index.js';

export const tlpRank: Readonly<Record<Tlp, number>> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/** TLP:RED is never shared with a community, whatever the ceiling says. */
export const shareable = (tlp: Tlp, ceiling: Tlp): boolean => tlp !== 'red' && tlpRank[tlp] <= tlpRank[ceiling];

export const strictest = (levels: readonly Tlp[], fallback: Tlp = 'clear'): Tlp =>
  levels.reduce((current, level) => (tlpRank[level] > tlpRank[current] ? level : current), fallback);

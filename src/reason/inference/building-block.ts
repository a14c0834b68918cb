/**
 * When a text is a building block of known procedures rather than a technique's own behaviour,
 * judged from the known examples that contain it (`EvidenceCandidate.containedIn`), and the most
 * its inference may then say: the share of those examples that are of the candidate's technique.
 *   - Outnumbered: more of them are of another technique than of this one (`Get-Date` is one
 *     Atomic test of System Time Discovery, and a step of three Account Manipulation tests, a
 *     timestomp and more).
 *   - Shared step: no technique has most of them, and this one's tests, actors and rules are no
 *     more than half of those containing the text (`Start-Sleep -Seconds 5`: 4 of the 12 tests
 *     holding it are of injection, the others of exfiltration, masquerading and more, one each).
 *     Counted by test, actor or rule (`sources`), not once per technique, so a value of rules that
 *     tag two techniques (`Get-NetSession`) is carried by each of those rules. A program run on its
 *     own (`whoami`) is judged by what it is used for (its score is that vote already): only the
 *     first applies to it.
 */
import type { EvidenceCandidate } from './evidence-index.js';

export interface BuildingBlock {
  /** The most the inference may say: the share of the containing examples of this technique. */
  bound: number;
  /** Why, in words. */
  reason: string;
}

export function buildingBlock(contained: EvidenceCandidate['containedIn']): BuildingBlock | undefined {
  if (!contained) return undefined;
  const { groups, named, most, mostGroups, sources } = contained;
  if (named < mostGroups)
    return {
      bound: Number((named / groups).toFixed(4)),
      reason: `a building block: ${groups} known tests, procedures or rules contain it, ${mostGroups} of ${most} and ${named} of this technique, so it counts for no more than that share`,
    };
  if (!contained.program && sources > 0 && 2 * named <= sources)
    return {
      bound: Number((named / sources).toFixed(4)),
      reason: `a step procedures share: ${sources} known tests, procedures or rules contain it, no more than half (${named}) of this technique, so it counts for no more than that share`,
    };
  return undefined;
}

/**
 * Grouping accuracy as the loghub benchmark defines it (Zhu et al., ICSE-SEIP 2019): a message is
 * parsed correctly when the set of messages in its predicted group is exactly the set of messages
 * in its ground-truth group. Returns the share of messages parsed correctly.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length) throw new RangeError('predicted and truth must have the same length');
  if (predicted.length === 0) return 1;
  const truthSizes = new Map<string, number>();
  for (const group of truth) truthSizes.set(group, (truthSizes.get(group) ?? 0) + 1);
  const predictedGroups = new Map<string, number[]>();
  predicted.forEach((group, index) => {
    const members = predictedGroups.get(group);
    if (members) members.push(index);
    else predictedGroups.set(group, [index]);
  });
  let correct = 0;
  for (const members of predictedGroups.values()) {
    const truthGroup = truth[members[0] as number] as string;
    if (members.every((index) => truth[index] === truthGroup) && truthSizes.get(truthGroup) === members.length) {
      correct += members.length;
    }
  }
  return correct / predicted.length;
}

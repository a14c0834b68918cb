/** The whole SigmaHQ rule set compiles; the only failures are placeholders nobody gave values for. */
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { loadRules } from './load-rules.js';

describeWithShared('SigmaHQ rule set', () => {
  it('compiles at least 99% of the rules and names every failure', async () => {
    const folders = [
      'rules',
      'rules-emerging-threats',
      'rules-threat-hunting',
      'rules-compliance',
      'rules-placeholder',
    ];
    const set = await loadRules(folders.map((folder) => sharedPath('sigma', folder)));
    const total = set.rules.length + set.failed.length;
    expect(set.rules.length / total).toBeGreaterThanOrEqual(0.99);
    for (const failure of set.failed) expect(failure.error).toMatch(/placeholder %[^%]+% has no values/);
  });
});

/**
 * Precision check on SigmaHQ's regression data (opt-in: VIGIL_SLOW=1): every recorded event runs
 * through one detector holding the whole rule set, and the test prints how many alerts the events
 * raise beyond their own rule and which rules raise most. Each event must still meet its own rule.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { createDetector } from './detector.js';
import { loadRules } from './load-rules.js';
import { evtxJsonToEvent, splitConcatenatedJson } from './test-support/evtx-json-event.js';

interface RegressionCase {
  rule_id: string;
  event_json: string;
}

describeWithShared('Sigma regression data against the whole rule set', () => {
  it('reports the alert volume and the noisiest rules', async () => {
    const root = sharedPath('sigma');
    const cases = readFileSync(join(root, 'regression-index.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RegressionCase);
    const folders = [
      'rules',
      'rules-emerging-threats',
      'rules-threat-hunting',
      'rules-compliance',
      'rules-dfir',
      'rules-placeholder',
    ];
    const rules = await loadRules(
      folders.filter((folder) => existsSync(join(root, folder))).map((folder) => join(root, folder)),
    );
    let events = 0;
    let alerts = 0;
    const ownMissed: string[] = [];
    const others = new Map<string, number>();
    for (const testCase of cases) {
      const detector = createDetector(rules);
      const recorded = splitConcatenatedJson(readFileSync(join(root, testCase.event_json), 'utf8')).map(
        evtxJsonToEvent,
      );
      let own = false;
      for (const event of recorded) {
        events++;
        for (const alert of detector.process(event)) {
          alerts++;
          if (alert.ruleId === testCase.rule_id) own = true;
          else others.set(alert.ruleTitle, (others.get(alert.ruleTitle) ?? 0) + 1);
        }
      }
      if (!own) {
        const rule = rules.rules.find((candidate) => candidate.id === testCase.rule_id);
        const suppressed = rules.correlations.some(
          (correlation) =>
            !correlation.generate &&
            rule !== undefined &&
            (correlation.rules.includes(rule.id) || (rule.name !== undefined && correlation.rules.includes(rule.name))),
        );
        const filtered = rules.filters.some(
          (filter) =>
            rule !== undefined &&
            (filter.rules.includes(rule.id) || (rule.name !== undefined && filter.rules.includes(rule.name))),
        );
        // A correlation without `generate` consumes its rules' matches, and a filter may exclude them (Sigma v2).
        if (!suppressed && !filtered) ownMissed.push(testCase.rule_id);
        else
          console.log(
            `  own rule ${rule?.title} silenced by a ${suppressed ? 'correlation' : 'filter'} of the full set`,
          );
      }
    }
    const otherAlerts = [...others.values()].reduce((sum, count) => sum + count, 0);
    console.log(
      `${cases.length} regression cases, ${events} events, ${alerts} alerts with ${rules.rules.length} rules; ` +
        `${otherAlerts} from rules other than the event's own (${(otherAlerts / events).toFixed(2)} per event)`,
    );
    for (const [title, count] of [...others].sort((left, right) => right[1] - left[1]).slice(0, 10))
      console.log(`  ${count} × ${title}`);
    expect(ownMissed).toEqual([]);
  });
});

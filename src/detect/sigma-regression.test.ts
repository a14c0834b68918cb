/**
 * Conformance on SigmaHQ's regression data: each JSON rendering of an .evtx record must be
 * matched by the rule it was recorded for, running through the full detector (log-source routing
 * included). Recall is printed; every miss is listed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { createDetector } from './detector.js';
import { loadRules } from './load-rules.js';
import { evtxJsonToEvent, splitConcatenatedJson } from './test-support/evtx-json-event.js';

interface RegressionCase {
  rule_id: string;
  rule_path: string;
  event_json: string;
  expected: string;
}

describeWithShared('Sigma regression data', () => {
  it('matches each recorded event with its own rule', async () => {
    const root = sharedPath('sigma');
    const cases = readFileSync(join(root, 'regression-index.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RegressionCase);
    const missed: string[] = [];
    for (const testCase of cases) {
      const rules = await loadRules([join(root, testCase.rule_path)]);
      expect(rules.failed).toEqual([]);
      const detector = createDetector(rules);
      const events = splitConcatenatedJson(readFileSync(join(root, testCase.event_json), 'utf8')).map(evtxJsonToEvent);
      const fired = events.some((event) => detector.process(event).some((alert) => alert.ruleId === testCase.rule_id));
      if (!fired) missed.push(`${testCase.rule_path} (${events.length} events)`);
    }
    const recall = (cases.length - missed.length) / cases.length;
    console.log(
      `Sigma regression recall: ${cases.length - missed.length}/${cases.length} = ${(recall * 100).toFixed(1)}%`,
    );
    for (const miss of missed) console.log(`  missed: ${miss}`);
    expect(missed).toEqual([]);
  });
});

/**
 * Detection over Winlogbeat exports: the same events exported by NXLog, Winlogbeat 6 and Winlogbeat 7
 * raise the same alerts under the repository rules, and no Winlogbeat 6 record makes the detector throw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import type { Event } from '../core/index.js';
import { winlogbeat6Record } from '../ingest/formats/windows/winlogbeat-arbitrary.js';
import { readEvents } from '../ingest/index.js';
import { createDetector } from './detector.js';
import { loadRules } from './load-rules.js';

const fixture = (name: string) => join(repositoryRoot, 'src', 'ingest', '__fixtures__', 'windows', name);
const folder = mkdtempSync(join(tmpdir(), 'vigil-winlogbeat-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function eventsOf(file: string): Promise<Event[]> {
  const events: Event[] = [];
  for await (const batch of readEvents([file])) events.push(...batch.events);
  return events;
}

describe('detection over Winlogbeat exports', () => {
  const rules = loadRules([join(repositoryRoot, 'rules')]);

  it('raises the same alerts on Winlogbeat 6 and 7 as on the NXLog export of the same events', async () => {
    const alertsOf = async (name: string) => {
      const detector = createDetector(await rules);
      return (await eventsOf(fixture(name)))
        .slice(0, 7)
        .flatMap((event) => detector.process(event).map((alert) => alert.ruleId))
        .sort();
    };
    const native = await alertsOf('nxlog-sysmon-security.jsonl');
    expect(native.length).toBeGreaterThan(2);
    expect(await alertsOf('winlogbeat6.jsonl')).toEqual(native);
    expect(await alertsOf('winlogbeat7-same-events.jsonl')).toEqual(native);
  }, 60_000);

  it('never throws on what it reads from arbitrary Winlogbeat 6 records', async () => {
    const detector = createDetector(await rules);
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(winlogbeat6Record, { minLength: 1, maxLength: 25 }), async (records) => {
        const path = join(folder, `records-${file++}.json`);
        writeFileSync(path, `${records.join('\n')}\n`);
        for (const event of await eventsOf(path)) expect(() => detector.process(event)).not.toThrow();
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

/**
 * Winlogbeat 6 (`event_data`, `log_name`, `source_name`, `computer_name` at top level) and Winlogbeat
 * 7+ (`winlog.*`) records are Windows events, normalised exactly as the same events exported by
 * NXLog: the three fixtures hold the same seven events (Sysmon 1, 3, 13, Security 4624, 4688,
 * PowerShell 4104, System 7045); the Winlogbeat 6 one adds a WMI-Activity event with only
 * `user_data` and a classic PowerShell 800 with `param1…3`.
 */
import { it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type Event, eventSchema } from '../../../core/index.js';
import { collectAll } from '../../collect-all.js';
import { buildEvent } from '../../event/build-event.js';
import { Fingerprinter } from '../../event/fingerprint.js';
import { parseWindowsRecord } from './windows-json.js';
import { winlogbeat6Record } from './winlogbeat-arbitrary.js';

const fixture = (name: string) => new URL(`../../__fixtures__/windows/${name}`, import.meta.url).pathname;

/** What normalisation derives from a record, without what depends on the exporter (id, raw text, origin). */
function normalised(event: Event) {
  const { id: _id, raw: _raw, origin: _origin, fields: _fields, ...rest } = event;
  return rest;
}

const exporterSystemFields = new Set(['@timestamp', 'Keywords', 'Message', 'SourceName', 'Hostname']);

describe('Winlogbeat 6 and 7 records', () => {
  it('are read as Windows events and normalised like the same events from NXLog', async () => {
    const native = await collectAll([fixture('nxlog-sysmon-security.jsonl')]);
    const six = await collectAll([fixture('winlogbeat6.jsonl')]);
    const seven = await collectAll([fixture('winlogbeat7-same-events.jsonl')]);
    expect([six.rejected, seven.rejected]).toEqual([[], []]);
    expect(six.events).toHaveLength(9);
    for (const event of [...six.events, ...seven.events]) {
      expect(event.origin.format).toBe('windows-json');
      expect(eventSchema.safeParse(event).success).toBe(true);
    }
    native.events.forEach((expected, index) => {
      for (const actual of [six.events[index]!, seven.events[index]!]) {
        expect(normalised(actual), `event ${index} (EventID ${expected.fields.EventID})`).toEqual(normalised(expected));
        // Every Sigma field the native export has, under the same name and value.
        for (const [name, value] of Object.entries(expected.fields))
          if (!exporterSystemFields.has(name)) expect(actual.fields[name], name).toEqual(value);
      }
    });
    // The computer that logged the event, not the collector that forwarded it (host.name: WEC01).
    expect(new Set(six.events.map((event) => event.host?.name))).toEqual(new Set(['WS01.corp.example']));
  });

  it('reads Winlogbeat 6 user_data and param1…N (Sigma Data)', async () => {
    const { events } = await collectAll([fixture('winlogbeat6.jsonl')]);
    const wmi = events.find((event) => event.fields.EventID === 5861);
    expect(wmi?.fields).toMatchObject({
      Channel: 'Microsoft-Windows-WMI-Activity/Operational',
      Provider_Name: 'Microsoft-Windows-WMI-Activity',
      ESS: 'UpdaterFilter',
    });
    const classic = events.find((event) => event.fields.EventID === 800);
    expect(classic?.fields.Channel).toBe('Windows PowerShell');
    expect((classic?.fields.Data as string[] | undefined)?.[0]).toContain('DownloadString');
  });

  property.prop([winlogbeat6Record], { numRuns: 300 })(
    'never throws on a Winlogbeat 6 record whatever its fields hold, and its event is valid',
    (text) => {
      const outcome = parseWindowsRecord(text, new Date('2024-03-02T00:00:00Z'));
      expect(['event', 'reject']).toContain(outcome.type);
      if (outcome.type !== 'event') return;
      const event = buildEvent(
        outcome.draft,
        { text, line: 1 },
        {
          logFormat: 'windows-json',
          fileName: 'f',
          fingerprinter: new Fingerprinter('windows-json'),
          fallbackTimestamp: '2024-03-02T00:00:00.000Z',
        },
      );
      expect(eventSchema.safeParse(event).success).toBe(true);
    },
  );
});

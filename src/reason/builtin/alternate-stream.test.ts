import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../core/index.js';
import { notHiddenStreamTags, writesNoHiddenStream, writtenStream } from './alternate-stream.js';
import { assessTechniques } from './assess-techniques.js';

const streamEvent = (id: string, path: string, category: Event['category'] = ['file']): Event => ({
  id,
  timestamp: '2024-05-01T10:00:00Z',
  origin: { format: 'windows-json', dataset: 'Microsoft-Windows-Sysmon/Operational' },
  code: '15',
  kind: 'event',
  category,
  outcome: 'unknown',
  host: { name: 'WS01' },
  file: { path },
  observables: [],
  fields: { TargetFilename: path },
  raw: '{}',
});

const alert = (eventIds: string[], techniques: string[]): Alert => ({
  id: `alert-${eventIds.join('-')}`,
  source: 'sigma',
  ruleId: 'stream-download',
  ruleTitle: 'Executable Stream Written',
  severity: 'high',
  timestamp: '2024-05-01T10:00:00Z',
  eventIds,
  techniques,
  tactics: [],
  cves: [],
});

// A browser download: the file's own data, then its Mark of the Web.
const download = streamEvent('e1', 'C:\\Users\\bob\\Downloads\\update.exe');
const mark = streamEvent('e2', 'C:\\Users\\bob\\Downloads\\update.exe:Zone.Identifier');
// The look-alike: a payload written into a named stream of an innocuous file.
const hidden = streamEvent('e3', 'C:\\Users\\Public\\notes.txt:payload.exe');
const events = new Map([download, mark, hidden].map((item) => [item.id, item]));

describe('alternate streams', () => {
  it('reads the stream from the last path component, not the drive letter, whatever the case', () => {
    expect(writtenStream(download)).toBe('');
    expect(writtenStream(mark)).toBe('zone.identifier');
    expect(writtenStream(hidden)).toBe('payload.exe');
    expect(writesNoHiddenStream(streamEvent('e4', 'C:\\x\\A.PS1:ZONE.IDENTIFIER'))).toBe(true);
    expect(writesNoHiddenStream(hidden)).toBe(false);
    // An event that writes no file (a process start) says nothing about streams.
    expect(writtenStream(streamEvent('e5', 'C:\\x\\a.exe', ['process']))).toBeUndefined();
    expect(writesNoHiddenStream(undefined)).toBe(false);
  });

  it("does not let a match on a download's own data or Mark of the Web claim data hidden in a stream", () => {
    const [tag] = notHiddenStreamTags(alert(['e1', 'e2'], ['T1564.004']), ['T1564.004'], events);
    expect(tag?.technique).toBe('T1564.004');
    expect(tag?.reason).toContain('Mark of the Web');
    // A payload in a named stream is what the technique is: kept, alone or beside a download.
    expect(notHiddenStreamTags(alert(['e3'], ['T1564.004']), ['T1564.004'], events)).toEqual([]);
    expect(notHiddenStreamTags(alert(['e2', 'e3'], ['T1564.004']), ['T1564.004'], events)).toEqual([]);
    // Other tags of the rule are not judged here.
    expect(notHiddenStreamTags(alert(['e1'], ['T1105']), ['T1105'], events)).toEqual([]);
  });

  it('keeps the claim as context in the assessment, and reports it on a hidden payload stream', () => {
    const assess = (matched: Alert) =>
      assessTechniques(
        { incident: {} as never, alerts: [matched], events, indicatorMatches: [] },
        [{ alert: matched, techniques: matched.techniques, tactics: [] }],
        [],
      )[0];
    const context = assess(alert(['e2'], ['T1564.004']));
    expect(context).toMatchObject({ id: 'T1564.004', reported: false });
    expect(context?.reasons.join(' ')).toContain('Mark of the Web');
    expect(assess(alert(['e3'], ['T1564.004']))).toMatchObject({ id: 'T1564.004', reported: true });
  });
});

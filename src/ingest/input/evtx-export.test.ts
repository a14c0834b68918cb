import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { collectAll } from '../collect-all.js';
import { findEvtxExport, joinEventLines } from './evtx-export.js';

describe('joinEventLines', () => {
  it('joins tag lines and keeps line breaks inside text values as character references', () => {
    const lines = [
      '<Event>',
      '  <EventData>',
      '    <Data Name="ScriptBlockText">first',
      'second</Data>',
      '  </EventData>',
      '</Event>',
    ];
    expect(joinEventLines(lines)).toBe(
      '<Event><EventData><Data Name="ScriptBlockText">first&#10;second</Data></EventData></Event>',
    );
  });
});

/** The first regression case with both a raw .evtx and its evtx_dump JSON. */
function regressionCase(): { evtx: string; json: string } {
  const root = sharedPath('sigma', 'regression_data', 'rules-threat-hunting', 'windows', 'image_load');
  for (const folder of readdirSync(root)) {
    const files = readdirSync(join(root, folder));
    const evtx = files.find((name) => name.endsWith('.evtx'));
    const json = files.find((name) => name.endsWith('.json'));
    if (evtx && json) return { evtx: join(root, folder, evtx), json: join(root, folder, json) };
  }
  throw new Error('no regression case with .evtx and .json');
}

describeWithShared('raw .evtx through evtxexport', () => {
  it('reads the events when libevtx-utils is installed, with the fields of the evtx_dump export', async () => {
    const { evtx, json } = regressionCase();
    if (!(await findEvtxExport())) {
      const { events, rejected } = await collectAll([evtx]);
      expect(events).toEqual([]);
      expect(rejected[0]?.reason).toMatch(/evtxexport \(Debian package libevtx-utils\) is not installed/);
      return;
    }
    const { events, rejected } = await collectAll([evtx]);
    expect(rejected).toEqual([]);
    const recordId = String(
      (JSON.parse(readFileSync(json, 'utf8')) as { Event: { System: { EventRecordID: number } } }).Event.System
        .EventRecordID,
    );
    const fromEvtx = events.find((event) => event.fields.EventRecordID === recordId);
    const fromDump = (await collectAll([json])).events[0];
    expect(fromEvtx).toBeDefined();
    for (const field of ['EventID', 'Channel', 'Computer', 'Image', 'ImageLoaded', 'Hashes', 'User']) {
      expect(fromEvtx?.fields[field], field).toEqual(fromDump?.fields[field]);
    }
    expect(fromEvtx).toMatchObject({
      code: fromDump?.code,
      category: fromDump?.category,
      timestamp: fromDump?.timestamp,
    });
  });

  it('says clearly that a raw .evtx needs libevtx-utils when evtxexport is absent', async () => {
    const { evtx } = regressionCase();
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const { events, rejected } = await collectAll([evtx]);
      expect(events).toEqual([]);
      expect(rejected).toEqual([{ file: evtx, reason: expect.stringContaining('libevtx-utils') }]);
    } finally {
      process.env.PATH = path;
    }
  });
});

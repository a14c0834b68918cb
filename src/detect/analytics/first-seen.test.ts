import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createFirstSeenAnalytic } from './first-seen.js';
import { at, windowsEvent } from './test-events.js';

const start = '2025-03-03T07:00:00Z';
const minute = 60_000;
const created = (
  offset: number,
  host: string,
  parent: string,
  child: string,
  executable = `C:\\Windows\\System32\\${child}`,
) =>
  windowsEvent(
    at(start, offset),
    '1',
    host,
    {},
    {
      action: 'process-created',
      process: { name: child, executable, commandLine: child, parent: { name: parent } },
    },
  );

function day(extra: Event[]): Event[] {
  const events: Event[] = [];
  // Two hours of an ordinary desktop: Explorer starts shells, Office runs, services start helpers.
  for (let index = 0; index < 120; index++) {
    events.push(created(index * minute, 'ws1', 'explorer.exe', index % 2 ? 'cmd.exe' : 'winword.exe'));
    events.push(created(index * minute + 1, 'ws1', 'svchost.exe', 'taskhostw.exe'));
  }
  events.push(
    windowsEvent(at(start, 5 * minute), '7045', 'ws1', {
      ServiceName: 'Vendor Update',
      ImagePath: 'C:\\Program Files\\Vendor\\upd.exe',
    }),
  );
  return [...events, ...extra].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
}

const run = (events: Event[]) => {
  const analytic = createFirstSeenAnalytic();
  return events.flatMap((event) => analytic.process(event));
};

describe('first-seen behaviour per host', () => {
  it('reports, after the learning hour, a web server starting a shell, a new service, a new task and a binary in Public', () => {
    const alerts = run(
      day([
        created(90 * minute, 'ws1', 'w3wp.exe', 'cmd.exe'),
        windowsEvent(at(start, 95 * minute), '7045', 'ws1', {
          ServiceName: 'WinSvcHelper',
          ImagePath: 'C:\\Users\\Public\\h.exe',
        }),
        windowsEvent(at(start, 96 * minute), '4698', 'ws1', { TaskName: '\\Updater' }),
        created(97 * minute, 'ws1', 'explorer.exe', 'h.exe', 'C:\\Users\\Public\\h.exe'),
      ]),
    );
    expect(alerts.map((alert) => alert.techniques)).toEqual([
      ['T1505.003', 'T1059'],
      ['T1543.003'],
      ['T1053.005'],
      ['T1204'],
    ]);
  });

  it('reports nothing for the same activity during the learning hour, nor for repeats of what the host already does', () => {
    const alerts = run(
      day([
        created(10 * minute, 'ws1', 'w3wp.exe', 'cmd.exe'),
        created(100 * minute, 'ws1', 'w3wp.exe', 'cmd.exe'),
        windowsEvent(at(start, 100 * minute), '7045', 'ws1', {
          ServiceName: 'Vendor Update',
          ImagePath: 'C:\\Program Files\\Vendor\\upd.exe',
        }),
      ]),
    );
    expect(alerts).toEqual([]);
  });
});

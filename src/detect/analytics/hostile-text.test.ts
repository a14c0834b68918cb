/**
 * Hostile input: every analytic reads 1 MiB fields built to make a backtracking regex rescan the
 * subject from every position (`schtasks schtasks …`, `/tn /tn …`, `readme readme …` with no
 * extension, ` -e      …`). Before the analytics' patterns were made linear, the first-seen
 * `schtasks … /create` check alone took about 45 s on one such command line; here the whole set
 * runs within the test's timeout, and the patterns still find what they were written for.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/index.js';
import { createBehaviourAnalytics, runAnalytics } from './index.js';
import { at, event } from './test-events.js';

const size = 1024 * 1024;
const fill = (piece: string) => piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
const base = '2026-03-02T08:00:00Z';

function hostileEvent(offset: number, text: string) {
  return event({
    timestamp: at(base, offset),
    origin: { format: 'windows-json' },
    category: ['process', 'file', 'network', 'web'],
    host: { name: 'ws-hostile' },
    user: { name: 'mallory' },
    process: { name: 'cmd.exe', executable: text, commandLine: text, parent: { name: 'w3wp.exe', commandLine: text } },
    file: { path: `C:\\Users\\Public\\${text}`, name: text },
    registry: { key: text, value: text, data: text },
    url: { full: text, path: `/${text}`, domain: text },
    http: { method: 'GET', statusCode: 200 },
    dns: { question: { name: text, type: 'TXT' } },
    fields: { TaskName: undefined, IpAddress: text, CommandLine: text, TargetFilename: text, Image: text },
  });
}

describe('analytics on hostile text', () => {
  it('read 1 MiB fields made to rescan from every start, within the test timeout (hostile input)', () => {
    const analytics = runAnalytics(createBehaviourAnalytics());
    const pieces = ['schtasks ', '/tn ', '/tn "', 'readme', ' -e  ', '(', '[.]a.', 'SRC=', ' a ', '\\\\'];
    let alerts: Alert[] = [];
    pieces.forEach((piece, index) => {
      alerts = alerts.concat(analytics.process(hostileEvent(index * 60_000, fill(piece))));
    });
    alerts = alerts.concat(analytics.flush());
    expect(Array.isArray(alerts)).toBe(true);
  }, 60_000);

  it('still recognise a scheduled task, its name, and a ransom note after the rewrite', () => {
    const analytics = runAnalytics(createBehaviourAnalytics({ limits: {} }));
    const events = [];
    for (let minute = 0; minute < 70; minute++)
      events.push(
        event({
          timestamp: at(base, minute * 60_000),
          origin: { format: 'windows-json' },
          category: ['process'],
          host: { name: 'ws-01' },
          process: { name: 'svchost.exe', commandLine: 'svchost.exe -k netsvcs' },
        }),
      );
    events.push(
      event({
        timestamp: at(base, 71 * 60_000),
        origin: { format: 'windows-json' },
        category: ['process'],
        host: { name: 'ws-01' },
        process: { name: 'schtasks.exe', commandLine: 'schtasks.exe /Create /TN "Updater Task" /TR c:\\x.exe' },
      }),
    );
    const alerts = events.flatMap((item) => analytics.process(item)).concat(analytics.flush());
    const task = alerts.find((alert) => alert.techniques?.includes('T1053.005'));
    expect(task, JSON.stringify(alerts.map((alert) => alert.ruleTitle))).toBeDefined();
    expect(JSON.stringify(task)).toContain('Updater Task');
  });
});

import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { ShellPipelines } from './shell-pipeline.js';

// Written from how shells run pipelines (every stage forked by the same shell before any runs),
// not from any recording.
const start = Date.parse('2025-06-02T08:00:00Z');
let counter = 0;
const started = (
  offsetMs: number,
  pid: number,
  parent: number,
  commandLine: string,
  host = 'web1',
  action = 'process-started',
): Event => {
  counter += 1;
  return {
    id: `p${counter}`,
    origin: { format: 'syslog', dataset: 'auditd' },
    kind: 'event',
    category: ['process'],
    action,
    outcome: 'success',
    timestamp: new Date(start + offsetMs).toISOString(),
    host: { name: host },
    process: { pid, commandLine, parent: { pid: parent } },
    observables: [],
    fields: {},
    raw: '',
  };
};

const observeAll = (events: Event[]) => {
  const pipelines = new ShellPipelines();
  return events.map((event) => pipelines.observe(event));
};

describe('commands a shell started together', () => {
  it('rebuilds a pipeline from sibling processes started at once, in start order', () => {
    expect(
      observeAll([
        started(0, 4101, 900, 'cat /etc/passwd'),
        started(1, 4102, 900, 'cut -d: -f1'),
        started(2, 4103, 900, 'sort -u'),
      ]),
    ).toEqual([undefined, 'cat /etc/passwd | cut -d: -f1', 'cat /etc/passwd | cut -d: -f1 | sort -u']);
    // Windows: cmd /c "tasklist | findstr lsass" runs both programs as its children.
    expect(
      observeAll([
        started(0, 6020, 5100, 'tasklist', 'ws4', 'process-created'),
        started(4, 6024, 5100, 'findstr  lsass', 'ws4', 'process-created'),
      ]),
    ).toEqual([undefined, 'tasklist | findstr  lsass']);
  });

  it('keeps apart commands typed or run one after another, other parents, other hosts, and a record of the same process twice', () => {
    expect(
      observeAll([
        started(0, 4201, 900, 'ls -la'),
        started(2_500, 4202, 900, 'id'),
        started(2_501, 4203, 901, 'uname -a'),
        started(2_502, 4204, 900, 'hostname', 'web2'),
        started(3_000, 4205, 902, 'whoami', 'ws5', 'process-created'),
        started(3_020, 4205, 902, 'whoami', 'ws5', 'process-created'),
      ]),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('does not join many copies of one program started at once (a service host starting workers)', () => {
    expect(
      observeAll([
        started(0, 700, 600, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p', 'ws6', 'process-created'),
        started(3, 704, 600, 'C:\\Windows\\system32\\svchost.exe -k LocalService -p', 'ws6', 'process-created'),
      ]),
    ).toEqual([undefined, undefined]);
  });

  it('ignores events that are not process starts or lack a parent, and stays bounded with a million parents', () => {
    const pipelines = new ShellPipelines({ maxParents: 1_000 });
    const other = { ...started(0, 1, 2, 'ls'), action: 'file-created' };
    expect(pipelines.observe(other)).toBeUndefined();
    const orphan = started(0, 1, 2, 'ls');
    expect(pipelines.observe({ ...orphan, process: { pid: 1, commandLine: 'ls -l' } })).toBeUndefined();
    const base = started(0, 1, 2, 'ls -l');
    for (let index = 0; index < 1_000_000; index++)
      pipelines.observe({ ...base, process: { pid: index, commandLine: 'ls -l', parent: { pid: index + 1 } } });
    expect(pipelines.size).toBe(1_000);
    // The most recent parents are still remembered.
    expect(
      pipelines.observe({ ...base, process: { pid: 1_000_005, commandLine: 'wc -l', parent: { pid: 1_000_000 } } }),
    ).toBe('ls -l | wc -l');
  });
});

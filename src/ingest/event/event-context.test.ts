import { describe, expect, it } from 'vitest';
import type { EventDraft } from '../types.js';
import { EventContext } from './event-context.js';

const created = (pid: number, parentPid: number, executable: string): EventDraft => ({
  fields: {},
  code: '4688',
  action: 'process-created',
  host: { name: 'h' },
  process: { pid, executable, parent: { pid: parentPid } },
});

describe('EventContext', () => {
  it('keeps at most its limit of processes, the most recent ones', () => {
    const context = new EventContext({ limit: 1000 });
    for (let pid = 0; pid < 200_000; pid++) context.complete(created(pid, pid - 1, `C:\\p${pid}.exe`));
    expect(context.size.processes).toBeLessThanOrEqual(1000);
    const late = created(300_000, 199_999, 'C:\\x.exe');
    context.complete(late);
    expect(late.process?.parent?.executable).toBe('C:\\p199999.exe');
    const early = created(300_001, 5, 'C:\\y.exe');
    context.complete(early);
    expect(early.process?.parent?.executable).toBeUndefined();
  });

  it('does not take context across hosts', () => {
    const context = new EventContext();
    context.complete(created(10, 1, 'C:\\a.exe'));
    const other: EventDraft = { ...created(11, 10, 'C:\\b.exe'), host: { name: 'other' } };
    context.complete(other);
    expect(other.process?.parent?.executable).toBeUndefined();
  });

  it('gives a Sysmon event of a known process its command line and parent, never overriding what it has', () => {
    const context = new EventContext();
    context.complete({
      fields: {},
      action: 'process-created',
      host: { name: 'h' },
      process: {
        entityId: '{AA}',
        pid: 7,
        executable: 'C:\\t.exe',
        commandLine: 't.exe -x',
        parent: { executable: 'C:\\cmd.exe', pid: 3 },
      },
    });
    const network: EventDraft = {
      fields: {},
      action: 'network-connection',
      host: { name: 'H' },
      process: { entityId: '{aa}', executable: 'C:\\own.exe' },
    };
    context.complete(network);
    expect(network.process).toMatchObject({
      executable: 'C:\\own.exe',
      commandLine: 't.exe -x',
      parent: { executable: 'C:\\cmd.exe' },
    });
  });
});

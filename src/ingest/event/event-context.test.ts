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

  it('gives a Sysmon process named by GUID alone the pid an earlier event named it with', () => {
    // NXLog drops Sysmon's `ProcessId`; a child's creation (ParentProcessGuid + ParentProcessId)
    // and a process access (SourceProcessGUID + SourceProcessId) still name both.
    const context = new EventContext();
    const sysmon = (code: string, process: NonNullable<EventDraft['process']>, host = 'ws01'): EventDraft => ({
      fields: {},
      code,
      host: { name: host },
      process,
    });
    const registry = sysmon('13', { entityId: '{P1}', executable: 'C:\\a.exe' });
    context.complete(registry);
    expect(registry.process?.pid).toBeUndefined();
    context.complete(
      sysmon('1', { entityId: '{C1}', executable: 'C:\\b.exe', parent: { entityId: '{p1}', pid: 1184 } }),
    );
    const later = sysmon('3', { entityId: '{P1}' });
    context.complete(later);
    expect(later.process?.pid).toBe(1184);
    context.complete(sysmon('10', { entityId: '{S1}', pid: 880 }));
    const child = sysmon('1', { entityId: '{C2}', parent: { entityId: '{S1}' } });
    context.complete(child);
    expect(child.process?.parent?.pid).toBe(880);
    // Another host's process of the same GUID, and a pid an event already has, are left alone.
    const elsewhere = sysmon('3', { entityId: '{P1}' }, 'ws02');
    context.complete(elsewhere);
    expect(elsewhere.process?.pid).toBeUndefined();
    const own = sysmon('3', { entityId: '{P1}', pid: 7 });
    context.complete(own);
    expect(own.process?.pid).toBe(7);
  });

  it('keeps at most its limit of process GUIDs with their pids', () => {
    const context = new EventContext({ limit: 1000 });
    context.complete({ fields: {}, host: { name: 'h' }, process: { entityId: '{start}' } });
    for (let pid = 0; pid < 200_000; pid++)
      context.complete({ fields: {}, host: { name: 'h' }, process: { entityId: `{G${pid}}`, pid } });
    expect(context.size.pids).toBeLessThanOrEqual(1000);
    const recent: EventDraft = { fields: {}, host: { name: 'h' }, process: { entityId: '{g199999}' } };
    context.complete(recent);
    expect(recent.process?.pid).toBe(199_999);
  });
});

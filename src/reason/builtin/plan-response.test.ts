/**
 * The built-in plan against three small attacks written from how the techniques work: a stolen
 * admin account moving from a workstation to a server, a service whose ImagePath is a command
 * line, and an internet brute force against a server (with its benign look-alike, a user
 * mistyping a password from inside).
 */
import { describe, expect, it } from 'vitest';
import { type ActionProposal, type Alert, actionTargetIssue, type Event, type Tactic } from '../../core/index.js';
import { correlateAlerts } from '../../correlate/index.js';
import type { ReasoningInput } from '../reasoner.js';
import { createBuiltinReasoner } from './builtin-reasoner.js';

const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString();

function event(id: string, minute: number, fields: Partial<Event>): Event {
  return {
    id,
    timestamp: at(minute),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: ['process'],
    outcome: 'unknown',
    observables: [],
    fields: {},
    raw: '{}',
    ...fields,
  };
}

function alert(id: string, eventIds: string[], minute: number, tactics: Tactic[], techniques: string[]): Alert {
  return {
    id,
    source: 'sigma',
    ruleId: id,
    ruleTitle: `Detection ${id}`,
    severity: 'high',
    timestamp: at(minute),
    eventIds,
    techniques,
    tactics,
    cves: [],
  };
}

async function plan(events: Event[], alerts: Alert[]): Promise<ActionProposal[]> {
  const byId = new Map(events.map((item) => [item.id, item]));
  const [incident] = correlateAlerts(alerts, byId);
  const input: ReasoningInput = { incident: incident!, alerts, events: byId, indicatorMatches: [] };
  const reasoner = createBuiltinReasoner();
  const context = await reasoner.contextualise(input);
  const sequence = await reasoner.correlate(input, context);
  return (await reasoner.plan(input, context, sequence)).actions;
}

const targets = (actions: ActionProposal[], type: string) =>
  actions.filter((action) => action.actionType === type).map((action) => action.target.value);

describe('built-in response plan', () => {
  it('contains the stolen admin account, kills by host+pid+image and quarantines the file, not the command line', async () => {
    const events = [
      event('e1', 0, {
        host: { name: 'WS-A' },
        user: { name: 'alice', domain: 'CORP' },
        process: {
          pid: 4100,
          executable: 'C:\\Windows\\System32\\rundll32.exe',
          commandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 684 C:\\Users\\Public\\d.dmp full',
        },
      }),
      event('e2', 10, {
        host: { name: 'SRV-B' },
        category: ['configuration'],
        action: 'service-installed',
        file: { path: '%COMSPEC% /c C:\\Windows\\Temp\\upd.exe', name: 'upd.exe' },
      }),
      event('e3', 11, {
        host: { name: 'SRV-B' },
        user: { name: 'svc-admin', domain: 'CORP' },
        process: {
          pid: 5120,
          executable: 'C:\\Windows\\Temp\\upd.exe',
          commandLine: 'C:\\Windows\\Temp\\upd.exe',
          hashes: { sha256: 'ab'.repeat(32) },
        },
      }),
    ];
    const alerts = [
      alert('a1', ['e1'], 0, ['credential-access'], ['T1003.001']),
      alert('a2', ['e2', 'e3'], 10, ['lateral-movement', 'execution'], ['T1021.002', 'T1569.002']),
    ];
    const actions = await plan(events, alerts);
    expect(targets(actions, 'disable-account')).toEqual(['CORP\\svc-admin']);
    expect(targets(actions, 'reset-credentials').sort()).toEqual(['CORP\\alice', 'CORP\\svc-admin']);
    const quarantine = actions.filter((action) => action.actionType === 'quarantine-file');
    expect(quarantine.map((action) => action.target.value).sort()).toEqual([
      'srv-b:C:\\Windows\\Temp\\upd.exe',
      'ws-a:C:\\Users\\Public\\d.dmp',
    ]);
    expect(quarantine.find((action) => action.target.value.startsWith('srv-b'))?.parameters).toEqual({
      host: 'srv-b',
      path: 'C:\\Windows\\Temp\\upd.exe',
      sha256: 'ab'.repeat(32),
    });
    expect(targets(actions, 'kill-process')).toContain('srv-b:5120:C:\\Windows\\Temp\\upd.exe');
    for (const action of actions) expect(actionTargetIssue(action.actionType, action.target)).toBeUndefined();
    // the accounts and processes come before isolating the hosts
    const order = actions.map((action) => action.actionType);
    expect(order.indexOf('disable-account')).toBeLessThan(order.indexOf('isolate-host'));
    expect(order.indexOf('kill-process')).toBeLessThan(order.indexOf('isolate-host'));
  });

  it('answers an internet brute force by blocking its sources, not by isolating the server under attack', async () => {
    const failures = Array.from({ length: 20 }, (_, index) =>
      event(`f${index}`, index, {
        host: { name: 'srv-web-01' },
        category: ['authentication'],
        outcome: 'failure',
        origin: { format: 'syslog', dataset: 'sshd' },
        user: { name: 'root' },
        source: { ip: index % 2 ? '198.51.100.23' : '203.0.113.80', port: 40000 + index },
      }),
    );
    const alerts = [
      alert(
        'b1',
        failures.map((item) => item.id),
        0,
        ['credential-access'],
        ['T1110.001'],
      ),
    ];
    const actions = await plan(failures, alerts);
    expect(targets(actions, 'block-ip').sort()).toEqual(['198.51.100.23', '203.0.113.80']);
    expect(targets(actions, 'isolate-host')).toEqual([]);
    expect(targets(actions, 'reset-credentials')).toEqual([]); // root was attacked, not used
    expect(actions[0]?.actionType).toBe('block-ip');
  });

  it('does not block an internal address that mistyped a password', async () => {
    const failures = Array.from({ length: 6 }, (_, index) =>
      event(`m${index}`, index, {
        host: { name: 'srv-web-01' },
        category: ['authentication'],
        outcome: 'failure',
        user: { name: 'bob' },
        source: { ip: '10.1.2.3' },
      }),
    );
    const actions = await plan(failures, [
      alert(
        'b2',
        failures.map((item) => item.id),
        0,
        ['credential-access'],
        ['T1110.001'],
      ),
    ]);
    expect(targets(actions, 'block-ip')).toEqual([]);
    expect(targets(actions, 'isolate-host')).toEqual([]);
  });
});

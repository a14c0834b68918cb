import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../core/index.js';
import { evidenceSignature, RoutineEvidence } from './routine-evidence.js';

const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 7, 0) + minutes * 60_000).toISOString();

let counter = 0;
function processEvent(minutes: number, host: string, commandLine: string, user = 'svc-monitor'): Event {
  counter += 1;
  return {
    id: `e${counter}`,
    timestamp: at(minutes),
    origin: { format: 'windows-json' },
    kind: 'event',
    category: ['process'],
    outcome: 'success',
    code: '1',
    host: { name: host },
    user: { name: user, domain: 'CORP' },
    process: { pid: 1000 + counter, name: 'x.exe', commandLine, parent: { name: 'services.exe' } },
    observables: [],
    fields: {},
    raw: '{}',
  };
}

function alertOn(event: Event, rule = 'rule-1', extra: Partial<Alert> = {}): Alert {
  return {
    id: `a-${event.id}-${rule}`,
    source: 'sigma',
    ruleId: rule,
    ruleTitle: `Rule ${rule}`,
    severity: 'medium',
    timestamp: event.timestamp,
    eventIds: [event.id],
    techniques: [],
    tactics: [],
    cves: [],
    ...extra,
  };
}

/** A recording: the events seen (all of them make the span), and the alerts fired on some. */
function record(baseline: RoutineEvidence, events: Event[], fired: (event: Event) => Alert | undefined) {
  const alerts: Array<[Alert, Event]> = [];
  for (const event of events) {
    baseline.observeEvent(event);
    const alert = fired(event);
    if (alert) {
      baseline.observeAlert(alert, event);
      alerts.push([alert, event]);
    }
  }
  return alerts;
}

/** Ordinary background through an eight-hour day on the given hosts. */
const day = (hosts: string[]) =>
  Array.from({ length: 97 }, (_, step) =>
    hosts.map((host) => processEvent(step * 5, host, `notepad.exe ${step}`)),
  ).flat();

describe('RoutineEvidence', () => {
  it('calls a monitoring agent’s same command every few minutes all day routine on its host', () => {
    const baseline = new RoutineEvidence();
    const events = [
      ...day(['app01']),
      ...Array.from({ length: 48 }, (_, step) =>
        processEvent(step * 10, 'app01', `powershell.exe -nop -File C:\\agent\\check.ps1 -run ${step}`),
      ),
    ].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
    const alerts = record(baseline, events, (event) =>
      event.process?.commandLine?.startsWith('powershell') ? alertOn(event) : undefined,
    );
    const [alert, event] = alerts.at(-1)!;
    expect(baseline.routine(alert, event)).toContain('routine there');
  });

  it('calls an administrator’s same remote-management command on server after server through the day routine for that account', () => {
    const baseline = new RoutineEvidence();
    const servers = ['app01', 'app02', 'fs01'];
    const events = [
      ...day(servers),
      ...Array.from({ length: 9 }, (_, step) =>
        processEvent(
          60 + step * 47,
          servers[step % 3]!,
          'msiexec.exe /i \\\\fs01\\deploy\\agent.msi /qn',
          'adm.keller',
        ),
      ),
    ].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
    const alerts = record(baseline, events, (event) =>
      event.user?.name === 'adm.keller' ? alertOn(event, 'winrm-child') : undefined,
    );
    const [alert, event] = alerts[4]!;
    // Three times on each server is not enough for the server; nine times across the day is the account's routine.
    expect(baseline.routine(alert, event)).toContain('routine for that account');
  });

  it('does not call an attacker’s different commands under one rule routine, however often the rule fires', () => {
    const baseline = new RoutineEvidence();
    const commands = [
      'whoami /all',
      'net group "domain admins" /domain',
      'nltest /dclist:',
      'klist',
      'quser',
      'ipconfig /all',
    ];
    const events = [
      ...day(['ws07']),
      ...commands.map((command, step) => processEvent(20 + step * 80, 'ws07', `cmd.exe /c ${command}`, 'j.doe')),
    ].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
    const alerts = record(baseline, events, (event) =>
      event.process?.commandLine?.startsWith('cmd.exe') ? alertOn(event, 'recon') : undefined,
    );
    for (const [alert, event] of alerts) expect(baseline.routine(alert, event)).toBeUndefined();
  });

  it('does not call a burst of the same command late in the day routine: it is not spread through the recording', () => {
    const baseline = new RoutineEvidence();
    const events = [
      ...day(['ws07']),
      ...Array.from({ length: 10 }, (_, step) =>
        processEvent(400 + step, 'ws07', 'rundll32.exe C:\\Users\\Public\\a.dll,Start', 'j.doe'),
      ),
    ].sort((left, right) => left.timestamp.localeCompare(right.timestamp));
    const alerts = record(baseline, events, (event) =>
      event.process?.commandLine?.startsWith('rundll32') ? alertOn(event, 'rundll32-public') : undefined,
    );
    expect(alerts).toHaveLength(10);
    for (const [alert, event] of alerts) expect(baseline.routine(alert, event)).toBeUndefined();
  });

  it('never calls a pattern detection, a threat-intelligence match or a critical rule routine', () => {
    const baseline = new RoutineEvidence();
    const events = Array.from({ length: 48 }, (_, step) => processEvent(step * 10, 'app01', 'beacon.exe'));
    for (const kind of [
      { source: 'analytic' as const },
      { source: 'sigma-correlation' as const },
      { source: 'indicator' as const },
      { severity: 'critical' as const },
    ]) {
      const alerts = record(baseline, events, (event) => alertOn(event, `r-${JSON.stringify(kind)}`, kind));
      expect(baseline.routine(...alerts.at(-1)!)).toBeUndefined();
    }
  });

  it('masks what varies between repetitions (digits) but not the behaviour', () => {
    const first = processEvent(0, 'h', 'backup.exe --job 17 --port 50122');
    const second = processEvent(5, 'h', 'backup.exe --job 18 --port 50931');
    const other = processEvent(5, 'h', 'backup.exe --delete-all --port 50931');
    expect(evidenceSignature(first)).toBe(evidenceSignature(second));
    expect(evidenceSignature(first)).not.toBe(evidenceSignature(other));
  });

  it('keeps bounded state however many distinct hosts, accounts and behaviours it sees', () => {
    const baseline = new RoutineEvidence({ maxHosts: 100, maxKeys: 1_000 });
    const event = processEvent(0, 'h0', 'x');
    for (let index = 0; index < 1_000_000; index++) {
      const distinct = { ...event, host: { name: `host-${index}` }, user: { name: `user-${index}` } };
      baseline.observeEvent(distinct);
      baseline.observeAlert({ ...alertOn(event), ruleId: `rule-${index}` }, distinct);
    }
    expect(baseline.size).toBe(1_000);
    expect((baseline as unknown as { hostSpans: Map<string, unknown> }).hostSpans.size).toBe(100);
  }, 120_000);
});

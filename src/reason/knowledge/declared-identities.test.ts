import { describe, expect, it } from 'vitest';
import { type Alert, type Event, eventSchema, type Identity } from '../../core/index.js';
import { DeclaredIdentities } from './declared-identities.js';

let counter = 0;
const event = (time: string, fields: Record<string, unknown>): Event =>
  eventSchema.parse({
    id: `e${counter++}`,
    timestamp: `2025-03-03T${time}Z`,
    origin: { format: 'syslog' },
    raw: '',
    fields: {},
    host: { name: 'db01' },
    ...fields,
  });
const logon = (time: string, user: string, ip: string, host = 'db01') =>
  event(time, {
    category: ['authentication'],
    outcome: 'success',
    user: { name: user },
    source: { ip },
    host: { name: host },
  });
const alert = (trigger: Event, techniques: string[], extra: Partial<Alert> = {}): Alert => ({
  id: `alert-${trigger.id}-${techniques.join('-')}-${extra.source ?? 'sigma'}`,
  source: 'sigma',
  ruleId: 'rule-1',
  ruleTitle: 'Local Account Added',
  severity: 'medium',
  timestamp: trigger.timestamp,
  eventIds: [trigger.id],
  techniques,
  tactics: [],
  cves: [],
  ...extra,
});
const admin: Identity = {
  account: 'm.keller',
  role: 'admin',
  hosts: ['db01'],
  assetRoles: [],
  sources: ['10.20.1.0/24'],
  changeWindows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '06:00', to: '20:00' }],
};

/** Runs the events through, as detection does, and returns each alert's verdict. */
function verdicts(identities: Identity[], steps: { event: Event; alerts?: Alert[] }[]) {
  const declared = new DeclaredIdentities(identities, [{ host: 'APP01', role: 'application server' }]);
  for (const { event, alerts = [] } of steps) {
    declared.observeEvent(event);
    for (const item of alerts) declared.observeAlert(item, event);
  }
  return steps.flatMap(({ alerts = [] }) => alerts.map((item) => declared.administration(item)));
}

describe('declared administration (the asset inventory says who the administrators are)', () => {
  it('keeps an admin’s sudo and the account it adds, after a logon from the admin network, as context with the reason', () => {
    const sudo = event('10:01:00', { user: { name: 'm.keller' }, process: { commandLine: 'useradd -m a.novak' } });
    const added = event('10:01:01', { message: 'new user: name=a.novak' }); // names no actor: the session's
    const [bySudo, byUseradd] = verdicts(
      [admin],
      [
        { event: logon('10:00:15', 'm.keller', '10.20.1.21') },
        { event: sudo, alerts: [alert(sudo, ['T1548.003'])] },
        { event: added, alerts: [alert(added, ['T1136.001'])] },
      ],
    );
    expect(bySudo).toMatch(
      /^m\.keller is a declared administrator of db01 \(asset inventory\) from 10\.20\.1\.21, in its change window: "Local Account Added"/,
    );
    expect(byUseradd).toMatch(/its session: the host's latest logon/);
  });

  it('never explains away what follows a logon from outside the declared sources (a guessed password)', () => {
    const sudo = event('10:21:25', { user: { name: 'm.keller' } });
    const added = event('10:22:20', { message: 'new user: name=sysadm, UID=0' });
    expect(
      verdicts(
        [admin],
        [
          { event: logon('09:00:00', 'm.keller', '10.20.1.21') },
          { event: logon('10:20:45', 'm.keller', '203.0.113.45') },
          { event: sudo, alerts: [alert(sudo, ['T1548.003'])] },
          { event: added, alerts: [alert(added, ['T1136.001'])] },
        ],
      ),
    ).toEqual([undefined, undefined]);
  });

  it('never for what administrators do not do, other kinds of detection, other hosts, or outside the change window', () => {
    const at = (time: string, host = 'db01') => event(time, { user: { name: 'm.keller' }, host: { name: host } });
    const inWindow = at('10:05:00');
    const web = at('10:06:00', 'web01');
    const night = at('23:30:00');
    const results = verdicts(
      [admin],
      [
        { event: logon('10:00:00', 'm.keller', '10.20.1.21') },
        {
          event: inWindow,
          alerts: [
            alert(inWindow, ['T1003.001']), // credential dumping
            alert(inWindow, ['T1053.003', 'T1070.002']), // a cron job and clearing logs: not all administration
            alert(inWindow, ['T1110.001'], { source: 'analytic' }),
            alert(inWindow, ['T1078'], { source: 'sigma-correlation' }),
            alert(inWindow, ['T1071.001'], { source: 'indicator' }),
            alert(inWindow, ['T1136.001'], { severity: 'critical' }),
            alert(inWindow, []),
          ],
        },
        { event: logon('10:05:30', 'm.keller', '10.20.1.21', 'web01') },
        { event: web, alerts: [alert(web, ['T1053.003'])] }, // not a host m.keller administers
        { event: logon('23:29:00', 'm.keller', '10.20.1.21') },
        { event: night, alerts: [alert(night, ['T1053.003'])] }, // outside the change window
      ],
    );
    expect(results).toEqual(Array.from({ length: 9 }, () => undefined));
  });

  it('matches a domain account by name, hosts by asset role, and a service account only for its own work', () => {
    const winrm = event('08:00:20', {
      user: { name: 'adm.keller', domain: 'CORP' },
      host: { name: 'APP01.corp.example' },
    });
    const task = event('02:00:00', { user: { name: 'svc-backup' }, host: { name: 'db01' } });
    const results = verdicts(
      [
        {
          account: 'CORP\\adm.keller',
          role: 'admin',
          hosts: [],
          assetRoles: ['application server'],
          sources: ['10.20.1.21'],
        },
        { account: 'svc-backup', role: 'service', hosts: ['db01'], assetRoles: [] },
      ],
      [
        { event: logon('08:00:00', 'adm.keller', '10.20.1.21', 'APP01.corp.example') },
        { event: winrm, alerts: [alert(winrm, ['T1021.006']), alert(winrm, ['T1218.007'])] },
        { event: task, alerts: [alert(task, ['T1053.005']), alert(task, ['T1136.001'])] },
      ],
    );
    expect(results.map((result) => result !== undefined)).toEqual([true, true, true, false]);
  });

  it('keeps what the inventory declares an admin routinely performs as context, and nothing beside it', () => {
    // The firewall admin changes firewall rules (T1562.004, defence evasion: never an admin's work by
    // role) and file permissions (T1222, declared in lower case).
    const firewallAdmin: Identity = { ...admin, techniques: ['T1562.004', 't1222'] };
    const at = (time: string, account = 'm.keller', host = 'db01') =>
      event(time, { user: { name: account }, host: { name: host } });
    const rule = at('10:02:00');
    const permissions = at('10:03:00');
    const lookAlikes = at('10:04:00');
    const other = at('10:05:00', 'j.doe');
    const elsewhere = at('10:06:00', 'm.keller', 'web01');
    const results = verdicts(
      [firewallAdmin],
      [
        { event: logon('10:00:00', 'm.keller', '10.20.1.21') },
        { event: rule, alerts: [alert(rule, ['T1562.004'])] },
        // A declared parent names its sub-techniques; together with role work it is still routine.
        { event: permissions, alerts: [alert(permissions, ['T1222.001', 'T1059.001'])] },
        {
          event: lookAlikes,
          alerts: [
            alert(lookAlikes, ['T1562.001']), // a sibling sub-technique (disabling the antivirus): not declared
            alert(lookAlikes, ['T1562']), // the parent of a declared sub-technique: not declared
            alert(lookAlikes, ['T1562.004', 'T1003.001']), // beside credential dumping
            alert(lookAlikes, ['T1562.004'], { severity: 'critical' }),
          ],
        },
        { event: logon('10:04:30', 'j.doe', '10.20.1.22') },
        { event: other, alerts: [alert(other, ['T1562.004'])] }, // another account
        { event: logon('10:05:30', 'm.keller', '10.20.1.21', 'web01') },
        { event: elsewhere, alerts: [alert(elsewhere, ['T1562.004'])] }, // a host it does not administer
      ],
    );
    expect(results[0]).toMatch(
      /"Local Account Added" is its administration there; the inventory declares it routinely performs T1562\.004$/,
    );
    expect(results[1]).toMatch(/routinely performs T1222\.001$/);
    expect(results.slice(2)).toEqual(Array.from({ length: 6 }, () => undefined));
    // Without the declaration, the same firewall change is not administration.
    const [undeclared] = verdicts(
      [admin],
      [{ event: logon('10:00:00', 'm.keller', '10.20.1.21') }, { event: rule, alerts: [alert(rule, ['T1562.004'])] }],
    );
    expect(undeclared).toBeUndefined();
  });

  it('keeps bounded state: logons of at most maxHosts hosts, maxLogons each, and at most maxVerdicts verdicts', () => {
    const declared = new DeclaredIdentities(
      [{ ...admin, sources: undefined, changeWindows: undefined, hosts: [], assetRoles: [] }],
      [],
      {
        maxHosts: 100,
        maxLogons: 4,
        maxVerdicts: 10,
      },
    );
    for (let index = 0; index < 100_000; index++)
      declared.observeEvent(logon('09:00:00', `user${index}`, '10.0.0.1', `host${index % 5_000}`));
    const state = declared as unknown as { logons: Map<string, unknown[]>; verdicts: Map<string, string> };
    expect(state.logons.size).toBe(100);
    expect(Math.max(...[...state.logons.values()].map((list) => list.length))).toBe(4);
  });
});

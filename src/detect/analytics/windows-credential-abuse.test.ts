import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { at, windowsEvent } from './test-events.js';
import { createWindowsCredentialAbuseAnalytic } from './windows-credential-abuse.js';

const start = '2025-03-03T09:00:00Z';
const run = (events: Event[]) => {
  const analytic = createWindowsCredentialAbuseAnalytic();
  return events.flatMap((event) => analytic.process(event));
};
const failure = (offset: number, user: string, source: string) =>
  windowsEvent(at(start, offset), '4771', 'dc1', {
    TargetUserName: user,
    IpAddress: `::ffff:${source}`,
    Status: '0x18',
  });
const tgs = (offset: number, user: string, service: string, encryption: string, source = '10.1.1.50') =>
  windowsEvent(at(start, offset), '4769', 'dc1', {
    TargetUserName: `${user}@CORP.EXAMPLE`,
    ServiceName: service,
    TicketEncryptionType: encryption,
    IpAddress: `::ffff:${source}`,
    Status: '0x0',
  });

describe('Windows credential abuse', () => {
  it('finds a password spray, then the sprayed account logging on from the spraying source', () => {
    const users = Array.from({ length: 25 }, (_, index) => `user${index}`);
    const events = users.map((user, index) => failure(index * 4_000, user, '10.1.1.66'));
    events.push(
      windowsEvent(at(start, 200_000), '4624', 'dc1', {
        TargetUserName: 'user7',
        IpAddress: '10.1.1.66',
        LogonType: '3',
      }),
    );
    const alerts = run(events);
    expect(alerts.map((alert) => alert.techniques)).toEqual([['T1110.003'], ['T1078', 'T1110.003']]);
    // No history of those accounts from 10.1.1.66: five strangers make the spray.
    expect(alerts[0]?.description).toMatch(/5 distinct accounts/);
  });

  it('does not call users mistyping at the start of the day a spray, nor one locked-out service account a spray', () => {
    const events: Event[] = [];
    for (let index = 0; index < 12; index++)
      events.push(failure(index * 30_000, `user${index}`, `10.1.1.${100 + index}`));
    for (let index = 0; index < 60; index++) events.push(failure(index * 10_000, 'svc_backup', '10.1.2.9'));
    expect(run(events)).toEqual([]);
  });

  it('finds a short spray from a workstation with no history of those accounts, and says how it judged it', () => {
    // A tool on one workstation trying one password for six domain accounts within seconds.
    const events = ['amy', 'bo', 'carl', 'dee', 'eli', 'fay'].map((user, index) =>
      windowsEvent(at(start, index * 40), '4625', 'ws17', {
        TargetUserName: user,
        WorkstationName: 'WS17',
        IpAddress: '-',
        LogonType: '2',
        Status: '0xc000006d',
        SubStatus: '0xc000006a',
      }),
    );
    const alerts = run(events);
    expect(alerts.map((alert) => alert.techniques)).toEqual([['T1110.003']]);
    expect(alerts[0]?.description).toMatch(/5 of them never logged on from ws17 before \(its history: 0 accounts\)/);
  });

  it('does not call six failures on a terminal server that many people log on through a spray', () => {
    const logon = (offset: number, user: string) =>
      windowsEvent(at(start, offset), '4624', 'rds1', { TargetUserName: user, IpAddress: '10.1.3.4', LogonType: '10' });
    const users = Array.from({ length: 20 }, (_, index) => `staff${index}`);
    const events: Event[] = users.map((user, index) => logon(index * 60_000, user));
    // Later that morning six of them, and two visitors, mistype once each through the same gateway.
    for (const [index, user] of [...users.slice(0, 6), 'visitor1', 'visitor2'].entries())
      events.push(
        windowsEvent(at(start, 3_600_000 + index * 300_000), '4625', 'rds1', {
          TargetUserName: user,
          IpAddress: '10.1.3.4',
          Status: '0xc000006d',
        }),
      );
    // A workstation whose owner, a colleague and the helpdesk each fail once.
    for (const [index, user] of ['owner', 'colleague', 'helpdesk'].entries())
      events.push(failure(index * 20_000, user, '10.1.1.77'));
    expect(run(events)).toEqual([]);
  });

  it('finds Kerberoasting: RC4 tickets for several user services requested at once', () => {
    const events = ['MSSQLSvc/db1.corp.example:1433', 'HTTP/web1.corp.example', 'svc_sharepoint', 'svc_backup'].map(
      (service, index) => tgs(index * 500, 'mallory', service, '0x17'),
    );
    const alerts = run(events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.techniques).toEqual(['T1558.003']);
  });

  it('does not report AES tickets, computer accounts, or one legacy application asking for its RC4 ticket all day', () => {
    const events = [
      ...['HTTP/web1', 'CIFS/fs1', 'LDAP/dc1', 'HOST/ws9'].map((service, index) =>
        tgs(index * 500, 'alice', service, '0x12'),
      ),
      ...['WS1$', 'WS2$', 'FS1$', 'krbtgt'].map((service, index) => tgs(index * 500, 'bob', service, '0x17')),
      ...Array.from({ length: 30 }, (_, index) => tgs(index * 60_000, 'app_legacy', 'MSSQLSvc/old-db:1433', '0x17')),
    ];
    expect(run(events)).toEqual([]);
  });

  it('finds AS-REP roasting: TGTs without pre-authentication for several accounts', () => {
    const events = ['svc_a', 'svc_b', 'old_admin'].map((user, index) =>
      windowsEvent(at(start, index * 1_000), '4768', 'dc1', {
        TargetUserName: user,
        PreAuthType: '0',
        TicketEncryptionType: '0x17',
        IpAddress: '::ffff:10.1.1.50',
        Status: '0x0',
      }),
    );
    expect(run(events)[0]?.techniques).toEqual(['T1558.004']);
  });
});

describe('Windows credential abuse state', () => {
  it('keeps the logon history of at most its key limit of sources through a million, and still finds a spray', () => {
    const analytic = createWindowsCredentialAbuseAnalytic({ limits: { keys: 1_000 } });
    const base = windowsEvent(start, '4624', 'dc1', { TargetUserName: 'u', IpAddress: '10.0.0.1', LogonType: '3' });
    for (let index = 0; index < 1_000_000; index++) {
      const address = `10.${(index >>> 16) & 255}.${(index >>> 8) & 255}.${index & 255}`;
      analytic.process({ ...base, fields: { ...base.fields, TargetUserName: `u${index}`, IpAddress: address } });
      if (index % 100_000 === 0) expect(analytic.stateKeys()).toBeLessThanOrEqual(1_000);
    }
    expect(analytic.stateKeys()).toBe(1_000);
    const spray = ['a1', 'a2', 'a3', 'a4', 'a5'].map((user, index) => failure(index * 1_000, user, '172.16.9.9'));
    expect(spray.flatMap((event) => analytic.process(event)).map((alert) => alert.techniques)).toEqual([['T1110.003']]);
  });
});

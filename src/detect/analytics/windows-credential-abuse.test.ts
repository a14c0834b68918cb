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
    expect(alerts[0]?.description).toMatch(/10 distinct accounts/);
  });

  it('does not call users mistyping at the start of the day a spray, nor one locked-out service account a spray', () => {
    const events: Event[] = [];
    for (let index = 0; index < 12; index++)
      events.push(failure(index * 30_000, `user${index}`, `10.1.1.${100 + index}`));
    for (let index = 0; index < 60; index++) events.push(failure(index * 10_000, 'svc_backup', '10.1.2.9'));
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

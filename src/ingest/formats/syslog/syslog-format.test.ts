import { describe, expect, it } from 'vitest';
import { collectAll } from '../../collect-all.js';

const path = new URL('../../__fixtures__/syslog/mixed.log', import.meta.url).pathname;

describe('syslog', async () => {
  const { events, rejected } = await collectAll([path]);
  const at = (line: number) => events.find((event) => event.origin.line === line);

  it('keeps every syslog line and rejects only the non-syslog one', () => {
    expect(events).toHaveLength(12);
    expect(rejected).toEqual([{ file: path, line: 13, reason: expect.stringContaining('not a syslog line') }]);
    expect(new Set(events.map((event) => event.origin.format))).toEqual(new Set(['syslog']));
  });

  it('reads RFC 5424 with structured data and BOM', () => {
    expect(at(1)).toMatchObject({ timestamp: '2024-03-02T10:00:00.003Z', host: { name: 'mymachine.example.com' } });
    expect(at(1)?.fields).toMatchObject({ program: 'su', msgid: 'ID47', facility: 'auth', severity: 'crit' });
    expect(at(1)?.outcome).toBe('failure');
    expect(at(2)?.timestamp).toBe('2024-03-02T09:00:01.000Z');
    expect(at(2)?.fields).toMatchObject({ 'exampleSDID@32473.eventID': '1011', 'examplePriority@32473.class': 'high' });
    expect(at(2)?.message).toBe('An application event log entry');
  });

  it('understands sshd, sudo, cron, useradd, passwd, su and kernel firewall messages', () => {
    expect(at(3)).toMatchObject({
      action: 'logged-in',
      outcome: 'success',
      user: { name: 'alice' },
      source: { ip: '192.0.2.10', port: 50022 },
    });
    expect(at(4)).toMatchObject({
      action: 'invalid-user',
      outcome: 'failure',
      user: { name: 'admin' },
      source: { ip: '198.51.100.23' },
    });
    expect(at(5)).toMatchObject({ action: 'invalid-user', user: { name: 'oracle' } });
    expect(at(6)).toMatchObject({
      action: 'sudo',
      user: { name: 'alice' },
      targetUser: { name: 'root' },
      process: { commandLine: '/usr/bin/cat /etc/shadow' },
    });
    expect(at(7)).toMatchObject({
      action: 'cron-command',
      user: { name: 'root' },
      process: { commandLine: '/usr/local/bin/backup.sh', pid: 3001 },
    });
    expect(at(8)).toMatchObject({ action: 'user-account-created', targetUser: { name: 'backdoor' } });
    expect(at(9)).toMatchObject({ action: 'password-changed', targetUser: { name: 'backdoor' } });
    expect(at(10)).toMatchObject({
      action: 'firewall-dropped',
      outcome: 'failure',
      source: { ip: '203.0.113.50', port: 51515 },
      destination: { ip: '10.0.0.5', port: 22 },
    });
    expect(at(11)).toMatchObject({
      action: 'su',
      outcome: 'success',
      targetUser: { name: 'root' },
      timestamp: '2024-03-02T10:00:10.500Z',
    });
  });

  it('reads lines without a hostname, taking the year from the file', () => {
    expect(at(12)?.fields).toMatchObject({ program: 'nginx', pid: '55', message: 'upstream timed out' });
    expect(at(12)?.host).toBeUndefined();
  });
});

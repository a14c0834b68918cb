import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { createLinuxCompromiseAnalytic } from './linux-compromise.js';
import { at, syslogLine } from './test-events.js';

const start = '2025-03-03T02:00:00Z';
const failed = (offset: number, user: string, source = '203.0.113.5') =>
  syslogLine(at(start, offset), 'web1', 'sshd', {
    category: ['authentication'],
    outcome: 'failure',
    message: `Failed password for ${user} from ${source} port 4${offset % 1000} ssh2`,
    user: { name: user },
    source: { ip: source },
  });
const accepted = (offset: number, user: string, source = '203.0.113.5') =>
  syslogLine(at(start, offset), 'web1', 'sshd', {
    category: ['authentication', 'session'],
    outcome: 'success',
    action: 'logged-in',
    message: `Accepted password for ${user} from ${source} port 50000 ssh2`,
    user: { name: user },
    source: { ip: source },
  });
const useradd = (offset: number) =>
  syslogLine(at(start, offset), 'web1', 'useradd', {
    action: 'user-account-created',
    message: 'new user: name=sysupd, UID=1002',
    targetUser: { name: 'sysupd' },
  });
const keyAdded = (offset: number) =>
  syslogLine(at(start, offset), 'web1', 'bash', {
    process: { name: 'bash', commandLine: 'echo ssh-ed25519 AAAA... >> /root/.ssh/authorized_keys' },
  });
const sudo = (offset: number, user: string) =>
  syslogLine(at(start, offset), 'web1', 'sudo', {
    action: 'sudo',
    user: { name: user },
    targetUser: { name: 'root' },
    process: { name: 'sudo', commandLine: '/bin/bash' },
  });

function run(events: Event[]) {
  const analytic = createLinuxCompromiseAnalytic();
  return events.flatMap((event) => analytic.process(event));
}

describe('Linux guessed login then persistence', () => {
  it('reports the guessed login and each kind of persistence after it, citing the login', () => {
    const events = [
      ...Array.from({ length: 40 }, (_, index) => failed(index * 3_000, ['root', 'admin', 'deploy'][index % 3]!)),
      accepted(130_000, 'deploy'),
      sudo(200_000, 'deploy'),
      useradd(260_000),
      keyAdded(300_000),
      keyAdded(301_000),
    ];
    const alerts = run(events);
    expect(alerts.map((alert) => alert.techniques[0])).toEqual(['T1110.001', 'T1548.003', 'T1136.001', 'T1098.004']);
    const login = alerts[0]!;
    expect(login.techniques).toContain('T1078');
    for (const alert of alerts.slice(1)) expect(alert.eventIds[0]).toBe(login.eventIds.at(-1));
  });

  it('does not report a user who mistyped twice, nor the admin work that follows', () => {
    const alerts = run([
      failed(0, 'alice', '10.0.0.7'),
      failed(5_000, 'alice', '10.0.0.7'),
      accepted(9_000, 'alice', '10.0.0.7'),
      sudo(60_000, 'alice'),
      useradd(90_000),
    ]);
    expect(alerts).toEqual([]);
  });

  it('does not report a brute force that never succeeded, nor a success from another address', () => {
    const failures = Array.from({ length: 50 }, (_, index) => failed(index * 2_000, 'root'));
    expect(run([...failures, accepted(120_000, 'bob', '10.0.0.9'), useradd(180_000)])).toEqual([]);
  });
});

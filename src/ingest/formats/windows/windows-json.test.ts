import { describe, expect, it } from 'vitest';
import { eventSchema } from '../../../core/index.js';
import { collectAll } from '../../collect-all.js';

const fixture = (name: string) => new URL(`../../__fixtures__/windows/${name}`, import.meta.url).pathname;

describe('windows-json', () => {
  it('reads NXLog/OTRF lines into Sigma field names and ECS fields', async () => {
    const { events, rejected } = await collectAll([fixture('nxlog-sysmon-security.jsonl')]);
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(7);
    for (const event of events) expect(eventSchema.safeParse(event).success).toBe(true);
    const [processCreate, network, logon, process4688, registry, scriptBlock, service] = events;
    expect(processCreate?.fields).toMatchObject({
      EventID: 1,
      Image: expect.stringContaining('powershell.exe'),
      Provider_Name: 'Microsoft-Windows-Sysmon',
      Computer: 'WS01.corp.example',
    });
    expect(processCreate?.process).toMatchObject({
      pid: 4242,
      name: 'powershell.exe',
      parent: { pid: 1000, executable: 'C:\\Windows\\explorer.exe' },
    });
    expect(processCreate?.process?.hashes).toMatchObject({ sha256: 'c'.repeat(64), md5: 'b'.repeat(32) });
    expect(processCreate?.user).toEqual({ domain: 'CORP', name: 'alice' });
    expect(processCreate?.category).toEqual(['process']);
    // The whole rendered Message, not its title line: the lines below carry what an analyst reads.
    expect(processCreate?.message).toBe(processCreate?.fields.Message);
    expect(processCreate?.message).toBe('Process Create:\r\nRuleName: -');
    expect(processCreate?.observables).toContainEqual({
      type: 'url',
      value: 'http://evil-c2.example.com/a.ps1',
      field: 'process.commandLine',
    });
    expect(network?.destination).toEqual({ ip: '203.0.113.7', port: 443, domain: 'evil-c2.example.com' });
    expect(network?.network).toEqual({ transport: 'tcp', direction: 'egress' });
    expect(logon?.user).toMatchObject({ name: 'bob', domain: 'CORP' });
    expect(logon?.auth).toMatchObject({ logonType: '3', method: 'NTLM' });
    expect(logon?.outcome).toBe('success');
    expect(logon?.source).toMatchObject({ ip: '198.51.100.23', port: 51234 });
    expect(process4688?.process).toMatchObject({
      pid: 0x1a4,
      executable: 'C:\\Windows\\System32\\cmd.exe',
      parent: { pid: 0x1092 },
    });
    expect(registry?.registry).toMatchObject({ key: expect.stringContaining('CurrentVersion\\Run\\updater') });
    expect(scriptBlock?.observables).toContainEqual({
      type: 'url',
      value: 'http://198.51.100.9/payload.bin',
      field: 'message',
    });
    expect(service?.action).toBe('service-installed');
    expect(service?.file?.path).toBe('C:\\Windows\\Temp\\evilsvc.exe');
  });

  it('reads Winlogbeat event_data to top-level Sigma names', async () => {
    const { events, rejected } = await collectAll([fixture('winlogbeat.jsonl')]);
    expect(rejected).toEqual([]);
    expect(events[0]?.fields).toMatchObject({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Image: 'C:\\Windows\\System32\\rundll32.exe',
      'winlog.record_id': 42,
    });
    expect(events[1]?.fields.EventID).toBe(4625);
    expect(events[1]?.outcome).toBe('failure');
    expect(events[1]?.source?.ip).toBe('192.0.2.44');
  });

  it('reads pretty-printed evtx_dump documents', async () => {
    const { events, rejected } = await collectAll([fixture('evtx-dump.json')]);
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]?.fields).toMatchObject({
      EventID: 10,
      TargetImage: 'C:\\Windows\\System32\\lsass.exe',
      GrantedAccess: '0x1fffff',
      Provider_Name: 'Microsoft-Windows-Sysmon',
    });
    expect(events[0]?.origin.line).toBe(1);
    expect(events[1]?.origin.line).toBe(19);
    expect(events[1]?.fields).toMatchObject({ EventID: 7045, ServiceName: 'PSEXESVC', Channel: 'System' });
    expect(events[0]?.timestamp).toBe('2024-03-02T12:00:00.123Z');
  });

  it('reads rendered event XML', async () => {
    const { events } = await collectAll([fixture('sysmon-xml.log')], { format: 'windows-json' });
    expect(events[0]?.fields).toMatchObject({
      EventID: 11,
      TargetFilename: 'C:\\Users\\Public\\a&b.exe',
      Computer: 'ws04',
    });
    expect(events[0]?.file?.name).toBe('a&b.exe');
  });
});

import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { countEvents, expectedLineCounts, jsonArrayLength } from './corpus-support.js';

/** A fast, representative subset; the full corpus is in corpus.slow.test.ts (VIGIL_SLOW=1). */
describeWithShared('ingest corpus (subset)', () => {
  it('reads small OTRF host and Zeek zips: one event per non-empty line, no rejection', async () => {
    const root = sharedPath('otrf-security-datasets', 'datasets');
    const archives = [
      'atomic/windows/discovery/host/cmd_discover_iexplorer_version_registry.zip',
      'atomic/windows/credential_access/host/psh_windows_vault_web_credentials.zip',
      'atomic/windows/collection/host/msf_record_mic.zip',
      'atomic/linux/discovery/host/sh_arp_cache.zip',
      'compound/Log4Shell/syslog_sysmon_log4shell_cve2021_44228_jndi_reference.zip',
      'compound/GoldenSAMLADFSMailAccess/WindowsEvents.Zip',
      'compound/LSASS_campaign_02/metasploit_procdump_lsass_memory_dump_zeek_logs.zip',
      'atomic/windows/discovery/network/empire_shell_samr_EnumDomainUsers.zip',
    ].map((path) => `${root}/${path}`);
    const expected = await expectedLineCounts(archives);
    const { members, rejected } = await countEvents(archives);
    expect(rejected.filter((line) => !line.includes('.cap'))).toEqual([]);
    for (const [member, lines] of expected)
      expect({ member, events: members.get(member)?.events }).toEqual({ member, events: lines });
    expect(members.get([...expected.keys()].find((name) => name.endsWith('conn.log')) ?? '')?.formats).toEqual(
      new Set(['zeek-tsv']),
    );
  });

  it('reads Zeek TSV and JSON logs (a subset of each)', async () => {
    const names = ['ssh', 'rdp', 'notice', 'x509', 'smb_mapping', 'known_services', 'kerberos', 'ntlm'];
    const inputs = names.flatMap((name) => [
      sharedPath('zeek', 'zed-sample-data', 'zeek-default', `${name}.log.gz`),
      sharedPath('zeek', 'zed-sample-data', 'zeek-json', `${name}.json.gz`),
    ]);
    const expected = await expectedLineCounts(inputs);
    const { members, rejected } = await countEvents(inputs);
    expect(rejected).toEqual([]);
    for (const [member, lines] of expected)
      expect({ member, events: members.get(member)?.events }).toEqual({ member, events: lines });
    for (const [member, counts] of members)
      expect(counts.formats).toEqual(new Set([member.endsWith('.log.gz') ? 'zeek-tsv' : 'zeek-json']));
  });

  it('reads every Suricata sample (JSON arrays): one event per element', async () => {
    const root = sharedPath('suricata', 'samples');
    const files = readdirSync(root)
      .filter((name) => !name.includes('.'))
      .map((folder) => `${root}/${folder}/alerts-only.json`);
    const { members, rejected } = await countEvents(files);
    expect(rejected).toEqual([]);
    for (const file of files) {
      expect(members.get(file)?.events).toBe(await jsonArrayLength(file));
      expect(members.get(file)?.formats).toEqual(new Set(['suricata-eve']));
    }
  });

  it('reads the loghub syslog sets line for line', async () => {
    const files = ['Linux/Linux_2k.log', 'OpenSSH/OpenSSH_2k.log', 'Apache/Apache_2k.log'].map((name) =>
      sharedPath('syslog', 'loghub', name),
    );
    const { members, rejected } = await countEvents(files);
    expect(rejected).toEqual([]);
    for (const file of files) expect(members.get(file)?.events).toBe(2000);
    expect(members.get(files[0] as string)?.formats).toEqual(new Set(['syslog']));
    expect(members.get(files[1] as string)?.formats).toEqual(new Set(['syslog']));
    expect(members.get(files[2] as string)?.formats).toEqual(new Set(['text']));
  });
});

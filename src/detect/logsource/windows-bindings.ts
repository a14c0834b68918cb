/**
 * Windows log sources: Sysmon categories by EventID, Security 4688 as process creation (with its
 * field names mapped onto Sysmon's), PowerShell channels, and services whose channel name does not
 * follow the usual `Microsoft-Windows-<Service>/<Log>` shape.
 */
import type { LogSourceBinding } from './logsource-binding.js';

export const sysmonChannel = 'microsoft-windows-sysmon/operational';

const sysmonCategories: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['process_creation', ['1']],
  ['file_change', ['2']],
  ['network_connection', ['3']],
  ['sysmon_status', ['4', '16']],
  ['process_termination', ['5']],
  ['driver_load', ['6']],
  ['image_load', ['7']],
  ['create_remote_thread', ['8']],
  ['raw_access_thread', ['9']],
  ['process_access', ['10']],
  ['file_event', ['11']],
  ['registry_event', ['12', '13', '14']],
  ['registry_set', ['13']],
  ['registry_rename', ['14']],
  ['create_stream_hash', ['15']],
  ['pipe_created', ['17', '18']],
  ['wmi_event', ['19', '20', '21']],
  ['dns_query', ['22']],
  ['file_delete', ['23', '26']],
  ['file_delete_detected', ['26']],
  ['clipboard_capture', ['24']],
  ['process_tampering', ['25']],
  ['file_block_executable', ['27']],
  ['file_block_shredding', ['28']],
  ['file_executable_detected', ['29']],
  ['sysmon_error', ['255']],
];

/** Security 4688 field names → the Sysmon names process_creation rules use. */
export const securityProcessCreationAliases: Readonly<Record<string, string>> = {
  Image: 'NewProcessName',
  ParentImage: 'ParentProcessName',
  ProcessId: 'NewProcessId',
  ParentProcessId: 'ProcessId',
  IntegrityLevel: 'MandatoryLabel',
  LogonId: 'SubjectLogonId',
};

const channelServices: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['security', ['security']],
  ['system', ['system']],
  ['application', ['application']],
  ['sysmon', [sysmonChannel]],
  ['powershell', ['microsoft-windows-powershell/operational', 'powershellcore/operational']],
  ['powershell-classic', ['windows powershell']],
  ['taskscheduler', ['microsoft-windows-taskscheduler/operational']],
  ['wmi', ['microsoft-windows-wmi-activity/operational']],
  ['windefend', ['microsoft-windows-windows defender/operational']],
  ['dns-server', ['dns server']],
  ['dns-server-analytic', ['microsoft-windows-dns-server/analytical']],
  ['dns-client', ['microsoft-windows-dns client events/operational']],
  ['firewall-as', ['microsoft-windows-windows firewall with advanced security/firewall']],
  ['msexchange-management', ['msexchange management']],
  ['driver-framework', ['microsoft-windows-driverframeworks-usermode/operational']],
  ['appxdeployment-server', ['microsoft-windows-appxdeploymentserver/operational']],
  ['appxpackaging-om', ['microsoft-windows-appxpackaging/operational']],
  ['ldap', ['microsoft-windows-ldap-client/debug']],
  ['lsa-server', ['microsoft-windows-lsa/operational']],
  [
    'security-mitigations',
    ['microsoft-windows-security-mitigations/kernel mode', 'microsoft-windows-security-mitigations/user mode'],
  ],
  [
    'applocker',
    [
      'microsoft-windows-applocker/exe and dll',
      'microsoft-windows-applocker/msi and script',
      'microsoft-windows-applocker/packaged app-deployment',
      'microsoft-windows-applocker/packaged app-execution',
    ],
  ],
];

const powershellChannels = ['microsoft-windows-powershell/operational', 'powershellcore/operational'];

export const windowsBindings: readonly LogSourceBinding[] = [
  ...sysmonCategories.map(
    ([category, eventIds]): LogSourceBinding => ({
      logsource: { product: 'windows', category },
      family: 'windows',
      datasets: [sysmonChannel],
      eventIds,
    }),
  ),
  {
    logsource: { product: 'windows', category: 'registry_add' },
    family: 'windows',
    datasets: [sysmonChannel],
    eventIds: ['12'],
    where: { EventType: ['CreateKey'] },
  },
  {
    logsource: { product: 'windows', category: 'registry_delete' },
    family: 'windows',
    datasets: [sysmonChannel],
    eventIds: ['12'],
    where: { EventType: ['DeleteKey', 'DeleteValue'] },
  },
  {
    logsource: { product: 'windows', category: 'process_creation' },
    family: 'windows',
    datasets: ['security'],
    eventIds: ['4688'],
    fieldAliases: securityProcessCreationAliases,
  },
  {
    logsource: { product: 'windows', category: 'ps_module' },
    family: 'windows',
    datasets: powershellChannels,
    eventIds: ['4103'],
  },
  {
    logsource: { product: 'windows', category: 'ps_script' },
    family: 'windows',
    datasets: powershellChannels,
    eventIds: ['4104'],
  },
  {
    logsource: { product: 'windows', category: 'ps_classic_start' },
    family: 'windows',
    datasets: ['windows powershell'],
    eventIds: ['400'],
  },
  {
    logsource: { product: 'windows', category: 'ps_classic_provider_start' },
    family: 'windows',
    datasets: ['windows powershell'],
    eventIds: ['600'],
  },
  {
    logsource: { product: 'windows', category: 'ps_classic_script' },
    family: 'windows',
    datasets: ['windows powershell'],
    eventIds: ['800'],
  },
  ...channelServices.map(
    ([service, datasets]): LogSourceBinding => ({
      logsource: { product: 'windows', service },
      family: 'windows',
      datasets,
    }),
  ),
  // Sysmon for Linux writes the same event ids to its own channel.
  {
    logsource: { product: 'linux', category: 'process_creation' },
    family: 'windows',
    datasets: ['linux-sysmon/operational'],
    eventIds: ['1'],
  },
  {
    logsource: { product: 'linux', category: 'network_connection' },
    family: 'windows',
    datasets: ['linux-sysmon/operational'],
    eventIds: ['3'],
  },
  {
    logsource: { product: 'linux', category: 'file_event' },
    family: 'windows',
    datasets: ['linux-sysmon/operational'],
    eventIds: ['11'],
  },
];

/**
 * Service names a Windows channel answers to without a table entry:
 * `Microsoft-Windows-CodeIntegrity/Operational` → `codeintegrity`, `codeintegrity-operational`.
 */
export function channelServiceNames(channel: string): string[] {
  const lower = channel.toLowerCase();
  const [base = '', log] = lower.split('/', 2);
  const stripped = base.replace(/^microsoft-windows-/, '').replace(/^microsoft-/, '');
  const names = [lower, stripped];
  if (log !== undefined) names.push(`${stripped}-${log.replace(/\s+/g, '-')}`);
  return names;
}

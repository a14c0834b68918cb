/** Positive and look-alike events for Vigil's credential-access rules. */
import {
  fileCreated,
  minute,
  powershellPath,
  processStart,
  type RuleCase,
  registrySet,
  scriptBlock,
  security,
  sysmonEvent,
  system32,
  windowsEvent,
} from '../rule-case.js';

const lsass = system32('lsass.exe');
const rc4Ticket = (service: string, index = 0) =>
  security(
    4769,
    { TargetUserName: 'eve@CORP.LOCAL', ServiceName: service, TicketEncryptionType: '0x17', Status: '0x0' },
    minute(index),
  );

export const credentialAccessCases: RuleCase[] = [
  {
    title: 'LSASS Opened Through A Memory-Dump Or Unbacked Call Stack',
    positive: () => [
      sysmonEvent(10, {
        SourceImage: powershellPath,
        TargetImage: lsass,
        GrantedAccess: '0x1410',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d234|UNKNOWN(00000000042A1F2B)',
      }),
      sysmonEvent(10, {
        SourceImage: 'C:\\Users\\bob\\tool.exe',
        TargetImage: lsass,
        GrantedAccess: '0x1fffff',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d234|C:\\Windows\\SYSTEM32\\dbgcore.DLL+6b7e',
      }),
    ],
    negative: () => [
      // Managed code shows unbacked frames too, but querying limited information reads no memory.
      sysmonEvent(10, {
        SourceImage: 'C:\\Program Files\\Agent\\collector.exe',
        TargetImage: lsass,
        GrantedAccess: '0x1000',
        CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d234|UNKNOWN(00007FFB1C2A1F2B)',
      }),
      sysmonEvent(10, {
        SourceImage: system32('WerFault.exe'),
        TargetImage: lsass,
        GrantedAccess: '0x1fffff',
        CallTrace: 'C:\\Windows\\SYSTEM32\\dbgcore.DLL+6b7e',
      }),
    ],
  },
  {
    title: 'Memory Dump File Of LSASS Written To Disk',
    positive: () => [
      fileCreated(system32('rundll32.exe'), 'C:\\Windows\\Temp\\debug.dmp'),
      fileCreated('C:\\Tools\\x.exe', 'C:\\Users\\bob\\lsass_2024.zip'),
    ],
    negative: () => [
      fileCreated(system32('WerFault.exe'), 'C:\\ProgramData\\Microsoft\\Windows\\WER\\lsass.exe.1234.dmp'),
      fileCreated('C:\\Program Files\\App\\app.exe', 'C:\\Program Files\\App\\crash.dmp'),
    ],
  },
  {
    title: 'Handle To LSASS Requested With Memory-Read Rights (Security Log)',
    positive: () => [
      security(4656, {
        ObjectName: '\\Device\\HarddiskVolume2\\Windows\\System32\\lsass.exe',
        AccessMask: '0x1010',
        ProcessName: 'C:\\Users\\bob\\Downloads\\d.exe',
      }),
    ],
    negative: () => [
      security(4656, {
        ObjectName: '\\Device\\HarddiskVolume2\\Windows\\System32\\lsass.exe',
        AccessMask: '0x1010',
        ProcessName: system32('svchost.exe'),
      }),
      security(4656, {
        ObjectName: '\\Device\\HarddiskVolume2\\Windows\\System32\\lsass.exe',
        AccessMask: '0x1000',
        ProcessName: 'C:\\Users\\bob\\Downloads\\d.exe',
      }),
    ],
  },
  {
    title: 'Credential Theft Module Syntax On A Command Line Or In A Script',
    positive: () => [processStart('C:\\Users\\bob\\m.exe', 'm.exe "privilege::debug" "sekurlsa::logonpasswords" exit')],
    negative: () => [processStart(system32('cmd.exe'), 'cmd /c echo logon passwords rotated::done')],
  },
  {
    title: 'Credential Theft Module Syntax In A PowerShell Script Block',
    positive: () => [scriptBlock('Invoke-Mimikatz -Command \'"lsadump::sam"\'')],
    negative: () => [scriptBlock('Get-LocalUser | Where-Object Enabled')],
  },
  {
    title: 'PowerShell Script Calls The Minidump API On A Process',
    positive: () => [
      scriptBlock(
        '$WER.GetMethod("MiniDumpWriteDump", $Flags).Invoke($null, @($Handle, $Id, $FileStream.SafeFileHandle, 2, 0, 0, 0))',
      ),
    ],
    negative: () => [scriptBlock('Get-Process lsass | Select-Object Id, StartTime')],
  },
  {
    title: 'LSA Secrets Or Cached Credentials Read From The Registry',
    positive: () => [
      sysmonEvent(12, {
        EventType: 'CreateKey',
        Image: system32('reg.exe'),
        TargetObject: 'HKLM\\SECURITY\\Policy\\Secrets\\DefaultPassword',
      }),
    ],
    negative: () => [
      sysmonEvent(12, {
        EventType: 'CreateKey',
        Image: lsass,
        TargetObject: 'HKLM\\SECURITY\\Policy\\Secrets\\DefaultPassword',
      }),
      sysmonEvent(12, {
        EventType: 'CreateKey',
        Image: system32('reg.exe'),
        TargetObject: 'HKLM\\SOFTWARE\\Policies\\Secrets',
      }),
    ],
  },
  {
    title: 'LSA Secrets Key Read (Security Log)',
    positive: () => [
      security(4663, {
        ObjectName: '\\REGISTRY\\MACHINE\\SECURITY\\Policy\\Secrets\\$MACHINE.ACC',
        ProcessName: system32('reg.exe'),
      }),
    ],
    negative: () => [
      security(4663, {
        ObjectName: '\\REGISTRY\\MACHINE\\SECURITY\\Policy\\Secrets\\$MACHINE.ACC',
        ProcessName: lsass,
      }),
    ],
  },
  {
    title: 'Kerberos Service Ticket Requested With RC4 Encryption',
    positive: () => [rc4Ticket('sqlsvc')],
    negative: () => [
      rc4Ticket('FILESRV01$'),
      security(4769, { TargetUserName: 'eve', ServiceName: 'sqlsvc', TicketEncryptionType: '0x12', Status: '0x0' }),
    ],
  },
  {
    title: 'Many RC4 Service Tickets Requested By One Account',
    positive: () =>
      ['sqlsvc', 'websvc', 'backupsvc', 'iissvc', 'sharepointsvc'].map((name, index) => rc4Ticket(name, index)),
    negative: () => ['sqlsvc', 'sqlsvc', 'sqlsvc', 'websvc', 'websvc'].map((name, index) => rc4Ticket(name, index)),
  },
  {
    title: 'Kerberos Ticket Requested Without Pre-Authentication',
    positive: () => [security(4768, { TargetUserName: 'legacy', PreAuthType: '0', Status: '0x0' })],
    negative: () => [security(4768, { TargetUserName: 'bob', PreAuthType: '2', Status: '0x0' })],
  },
  {
    title: 'DPAPI Domain Backup Key Or Master Key Retrieved',
    positive: () => [
      security(4662, {
        ObjectType: 'SecretObject',
        AccessMask: '0x2',
        ObjectName: 'Policy\\Secrets\\G$BCKUPKEY_PREFERRED Secret',
      }),
    ],
    negative: () => [
      security(4662, { ObjectType: 'SecretObject', AccessMask: '0x1', ObjectName: 'Policy\\Secrets\\NL$KM' }),
      // A service reading the machine account's password secret: routine on every domain member.
      security(4662, {
        SubjectUserName: 'LOCAL SERVICE',
        ObjectServer: 'LSA',
        ObjectType: 'SecretObject',
        AccessMask: '0x2',
        ObjectName: 'Policy\\Secrets\\$MACHINE.ACC',
      }),
    ],
  },
  {
    title: 'Script Shows A Fake Credential Prompt',
    positive: () => [
      scriptBlock(
        '$c = $host.UI.PromptForCredential("Update", "Enter password", $env:USERNAME, ""); $c.GetNetworkCredential().Password',
      ),
    ],
    negative: () => [scriptBlock('$c = Get-Credential; Enter-PSSession -ComputerName srv01 -Credential $c')],
  },
  {
    title: 'Windows Credential Manager Or Vault Enumerated',
    positive: () => [
      scriptBlock(
        '$vault = New-Object Windows.Security.Credentials.PasswordVault; $vault.RetrieveAll() | % { $_.RetrievePassword(); $_ }',
      ),
    ],
    negative: () => [scriptBlock('Get-StoredCredential -Target intranet | Out-Null')],
  },
  {
    title: 'Windows Credential Vault Listed From The Command Line',
    positive: () => [processStart(system32('vaultcmd.exe'), 'vaultcmd /listcreds:"Windows Credentials" /all')],
    negative: () => [processStart(system32('cmdkey.exe'), 'cmdkey /add:srv01 /user:bob /pass')],
  },
  {
    title: 'Clear-Text Credential Caching Re-Enabled Or LSA Protection Disabled',
    positive: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential',
        'DWORD (0x00000001)',
      ),
    ],
    negative: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential',
        'DWORD (0x00000000)',
      ),
    ],
  },
  {
    title: 'Clear-Text Credential Caching Re-Enabled From The Command Line',
    positive: () => [
      processStart(
        system32('reg.exe'),
        'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest /v UseLogonCredential /t REG_DWORD /d 1 /f',
      ),
    ],
    negative: () => [
      processStart(
        system32('reg.exe'),
        'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v RunAsPPL /t REG_DWORD /d 1 /f',
      ),
    ],
  },
  {
    title: 'Password Spraying Across Many Accounts From One Source',
    positive: () =>
      Array.from({ length: 12 }, (_, index) =>
        security(
          4625,
          { TargetUserName: `user${index}`, IpAddress: '10.0.0.66', WorkstationName: 'KALI' },
          minute(index),
        ),
      ),
    negative: () =>
      Array.from({ length: 12 }, (_, index) =>
        security(
          4625,
          { TargetUserName: `user${index % 3}`, IpAddress: '10.0.0.66', WorkstationName: 'WS7' },
          minute(index),
        ),
      ),
  },
  {
    title: 'Password Guessing Against One Windows Account',
    positive: () =>
      Array.from({ length: 25 }, (_, index) =>
        security(
          4625,
          { TargetUserName: 'administrator', Computer: 'SRV1', IpAddress: '10.0.0.66' },
          minute(index / 5),
        ),
      ),
    negative: () =>
      Array.from({ length: 25 }, (_, index) =>
        security(
          4625,
          { TargetUserName: 'administrator', Computer: 'SRV1', IpAddress: '10.0.0.66' },
          minute(index * 2),
        ),
      ),
  },
  {
    title: 'Computer Account Changed By An Anonymous Logon',
    positive: () => [security(4742, { SubjectUserName: 'ANONYMOUS LOGON', TargetUserName: 'DC01$' })],
    negative: () => [security(4742, { SubjectUserName: 'admin', TargetUserName: 'WS01$' })],
  },
  {
    title: 'Netlogon Secure Channel Refused Or Vulnerable Connection Allowed',
    positive: () => [windowsEvent('System', 5829, { Provider_Name: 'NETLOGON' })],
    negative: () => [windowsEvent('System', 5829, { Provider_Name: 'Service Control Manager' })],
  },
];

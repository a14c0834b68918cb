/** Positive and look-alike events for Vigil's defence-evasion rules. */
import {
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

const defenderPolicy = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\';

export const defenseEvasionCases: RuleCase[] = [
  {
    title: 'Microsoft Defender Protection Turned Off Or Excluded By PowerShell',
    positive: () => [
      processStart(powershellPath, 'powershell Set-MpPreference -DisableRealtimeMonitoring $true'),
      processStart(powershellPath, 'powershell Add-MpPreference -ExclusionPath C:\\Users\\Public'),
    ],
    negative: () => [
      processStart(powershellPath, 'powershell Get-MpPreference | Select ExclusionPath'),
      processStart(powershellPath, 'powershell Set-MpPreference -SignatureUpdateInterval 4'),
    ],
  },
  {
    title: 'Microsoft Defender Protection Turned Off Or Excluded In A Script Block',
    positive: () => [scriptBlock('Set-MpPreference -DisableIOAVProtection $true -DisableScriptScanning $true')],
    negative: () => [scriptBlock('Update-MpSignature; Start-MpScan -ScanType QuickScan')],
  },
  {
    title: 'Microsoft Defender Disabled Through The Registry',
    positive: () => [
      registrySet(`${defenderPolicy}DisableAntiSpyware`, 'DWORD (0x00000001)'),
      registrySet(`${defenderPolicy}Exclusions\\Paths\\C:\\Users\\Public`, 'DWORD (0x00000000)'),
    ],
    negative: () => [
      registrySet(`${defenderPolicy}DisableAntiSpyware`, 'DWORD (0x00000000)'),
      registrySet(
        `${defenderPolicy}Exclusions\\Paths\\C:\\Data`,
        'DWORD (0x00000000)',
        'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18\\MsMpEng.exe',
      ),
    ],
  },
  {
    title: 'Microsoft Defender Reports Its Protection Disabled',
    positive: () => [windowsEvent('Microsoft-Windows-Windows Defender/Operational', 5001, {})],
    negative: () => [windowsEvent('Microsoft-Windows-Windows Defender/Operational', 5000, {})],
  },
  {
    title: 'Event Log Service Or Channel Disabled Or Redirected In The Registry',
    positive: () => [
      registrySet('HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Start', 'DWORD (0x00000004)'),
      registrySet('HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Security\\File', 'C:\\Windows\\Temp\\x.evtx'),
    ],
    negative: () => [
      registrySet('HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Start', 'DWORD (0x00000002)'),
      registrySet('HKLM\\System\\CurrentControlSet\\Services\\EventLog\\Security\\File', 'x', system32('TiWorker.exe')),
    ],
  },
  {
    title: 'Event Log Service Or Channel Disabled From The Command Line',
    positive: () => [
      processStart(system32('sc.exe'), 'sc config eventlog start= disabled'),
      processStart(system32('wevtutil.exe'), 'wevtutil sl Security /lfn:C:\\Windows\\Temp\\s.evtx'),
    ],
    negative: () => [
      processStart(system32('sc.exe'), 'sc query eventlog'),
      processStart(system32('wevtutil.exe'), 'wevtutil gl Security'),
    ],
  },
  {
    title: 'System Audit Policy Changed To Stop Auditing',
    positive: () => [security(4719, { SubjectUserName: 'eve', AuditPolicyChanges: '%%8448, %%8450' })],
    negative: () => [
      security(4719, { SubjectUserName: 'eve', AuditPolicyChanges: '%%8449' }),
      security(4719, { SubjectUserName: 'DC01$', AuditPolicyChanges: '%%8448' }),
    ],
  },
  {
    title: 'Event Log Service Shut Down',
    positive: () => [security(1100, {})],
    negative: () => [security(1101, {})],
  },
  {
    title: 'Host Firewall Disabled Or Opened From The Command Line',
    positive: () => [processStart(system32('netsh.exe'), 'netsh advfirewall set allprofiles state off')],
    negative: () => [
      processStart(system32('netsh.exe'), 'netsh advfirewall show allprofiles'),
      processStart(system32('netsh.exe'), 'netsh interface ip show config'),
      processStart(
        system32('netsh.exe'),
        'netsh interface portproxy add v4tov4 listenport=8080 connectaddress=10.0.0.9 connectport=3389',
      ),
    ],
  },
  {
    title: 'Port Forwarding Set Up Through netsh',
    positive: () => [
      processStart(
        system32('netsh.exe'),
        'netsh interface portproxy add v4tov4 listenport=8080 connectaddress=10.0.0.9 connectport=3389',
      ),
    ],
    negative: () => [
      processStart(system32('netsh.exe'), 'netsh interface portproxy show all'),
      processStart(system32('netsh.exe'), 'netsh advfirewall set allprofiles state off'),
    ],
  },
  {
    title: 'Creation Time Of An Executable Or Script Changed By An Unusual Program',
    positive: () => [sysmonEvent(2, { Image: powershellPath, TargetFilename: 'C:\\Windows\\Temp\\svc.exe' })],
    negative: () => [
      sysmonEvent(2, {
        Image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
        TargetFilename: 'C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\User Data\\x.tmp',
      }),
    ],
  },
  {
    title: 'Timestamps Rewritten From A PowerShell Script',
    positive: () => [
      scriptBlock(
        '(Get-Item C:\\Windows\\Temp\\svc.exe).CreationTime = (Get-Item C:\\Windows\\System32\\kernel32.dll).CreationTime',
      ),
    ],
    negative: () => [
      scriptBlock('Get-ChildItem C:\\logs | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) }'),
    ],
  },
  {
    title: 'Remote Thread Created In Another Process By An Unusual Source',
    positive: () => [
      sysmonEvent(8, {
        SourceImage: powershellPath,
        TargetImage: system32('notepad.exe'),
        SourceProcessGuid: '{a}',
        TargetProcessGuid: '{b}',
        StartFunction: '-',
      }),
    ],
    negative: () => [
      sysmonEvent(8, {
        SourceImage: system32('csrss.exe'),
        TargetImage: system32('cmd.exe'),
        SourceProcessGuid: '{a}',
        TargetProcessGuid: '{b}',
        StartFunction: 'CtrlRoutine',
      }),
    ],
  },
  {
    title: 'Process Opened With Injection Rights By A Script Host Or LOLBin',
    positive: () => [
      sysmonEvent(10, {
        SourceImage: system32('rundll32.exe'),
        TargetImage: system32('svchost.exe'),
        GrantedAccess: '0x1F3FFF',
      }),
    ],
    negative: () => [
      sysmonEvent(10, {
        SourceImage: system32('cscript.exe'),
        TargetImage: system32('cmd.exe'),
        GrantedAccess: '0x1fffff',
      }),
    ],
  },
  {
    title: 'Process Injection APIs Called From A PowerShell Script',
    positive: () => [
      scriptBlock(
        '$k::WriteProcessMemory($h, $addr, $sc, $sc.Length, [ref]0); $k::CreateRemoteThread($h, 0, 0, $addr, 0, 0, 0)',
      ),
    ],
    negative: () => [scriptBlock('Get-Process notepad | Stop-Process')],
  },
  {
    title: 'Windows System Binary Name Running From The Wrong Folder',
    positive: () => [processStart('C:\\Users\\Public\\svchost.exe', 'svchost.exe -k netsvcs')],
    negative: () => [
      processStart(system32('svchost.exe'), 'svchost.exe -k netsvcs'),
      processStart('D:\\Windows\\System32\\svchost.exe', 'svchost.exe -k netsvcs'),
    ],
  },
  {
    title: 'Renamed Windows Utility Executed',
    positive: () => [
      processStart('C:\\Users\\Public\\update.exe', 'update.exe -nop -c whoami', {
        OriginalFileName: 'PowerShell.EXE',
      }),
    ],
    negative: () => [processStart(powershellPath, 'powershell -nop -c whoami', { OriginalFileName: 'PowerShell.EXE' })],
  },
  {
    title: 'Shadow Copies Or Backups Deleted',
    positive: () => [processStart(system32('vssadmin.exe'), 'vssadmin delete shadows /all /quiet')],
    negative: () => [processStart(system32('vssadmin.exe'), 'vssadmin list shadows')],
  },
  {
    title: 'File System Journal Deleted Or Console History Wiped',
    positive: () => [
      processStart(system32('fsutil.exe'), 'fsutil usn deletejournal /d C:'),
      processStart(
        powershellPath,
        'powershell Remove-Item (Get-PSReadlineOption).HistorySavePath; Remove-Item $env:APPDATA\\Microsoft\\Windows\\PowerShell\\PSReadLine\\ConsoleHost_history.txt',
      ),
    ],
    negative: () => [
      processStart(system32('fsutil.exe'), 'fsutil usn queryjournal C:'),
      processStart(powershellPath, 'powershell Get-Content ConsoleHost_history.txt -Tail 20'),
    ],
  },
];

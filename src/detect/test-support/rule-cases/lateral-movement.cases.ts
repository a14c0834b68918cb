/** Positive and look-alike events for Vigil's lateral-movement rules. */
import {
  processStart,
  type RuleCase,
  registrySet,
  scriptBlock,
  security,
  sysmonEvent,
  system32,
} from '../rule-case.js';

const share = (shareName: string, fields: Record<string, unknown>) =>
  security(5145, { ShareName: shareName, IpAddress: '10.0.0.8', SubjectUserName: 'eve', ...fields });

export const lateralMovementCases: RuleCase[] = [
  {
    title: 'Administrative Share Accessed From Another Host',
    positive: () => [security(5140, { ShareName: '\\\\*\\ADMIN$', IpAddress: '10.0.0.8', SubjectUserName: 'eve' })],
    negative: () => [
      security(5140, { ShareName: '\\\\*\\ADMIN$', IpAddress: '10.0.0.8', SubjectUserName: 'SCCM01$' }),
      security(5140, { ShareName: '\\\\*\\SYSVOL', IpAddress: '10.0.0.8', SubjectUserName: 'eve' }),
    ],
  },
  {
    title: 'Executable Written To An Administrative Share',
    positive: () => [share('\\\\*\\ADMIN$', { RelativeTargetName: 'xYzAbc.exe', AccessList: '%%4417 %%4418' })],
    negative: () => [share('\\\\*\\ADMIN$', { RelativeTargetName: 'xYzAbc.exe', AccessList: '%%4416' })],
  },
  {
    title: 'Service Control Manager Or Task Scheduler Reached Over SMB',
    positive: () => [share('\\\\*\\IPC$', { RelativeTargetName: 'svcctl' })],
    negative: () => [share('\\\\*\\IPC$', { RelativeTargetName: 'srvsvc' })],
  },
  {
    title: 'Remote Registry Reached Over SMB',
    positive: () => [share('\\\\*\\IPC$', { RelativeTargetName: 'winreg' })],
    negative: () => [share('\\\\*\\IPC$', { RelativeTargetName: 'winreg', SubjectUserName: 'MONITOR01$' })],
  },
  {
    title: 'Service Control Manager Starts A Shell With A Command',
    positive: () => [
      processStart(
        system32('cmd.exe'),
        'C:\\Windows\\system32\\cmd.exe /Q /c echo whoami ^> \\\\127.0.0.1\\C$\\out.txt',
        {
          ParentImage: system32('services.exe'),
        },
      ),
    ],
    negative: () => [
      processStart(system32('svchost.exe'), 'svchost.exe -k netsvcs', { ParentImage: system32('services.exe') }),
    ],
  },
  {
    title: 'Service Installed Or Reconfigured With A Shell Or Script Host',
    positive: () => [
      processStart(
        system32('sc.exe'),
        'sc.exe \\\\srv02 create upd binPath= "cmd.exe /c powershell -nop -w hidden -f C:\\Users\\Public\\a.ps1"',
      ),
    ],
    negative: () => [processStart(system32('sc.exe'), 'sc.exe config Spooler start= auto')],
  },
  {
    title: 'Process Created On Another Host Through WMI',
    positive: () => [
      processStart(
        system32('wbem\\WMIC.exe'),
        'wmic /node:10.0.0.9 /user:corp\\eve process call create "cmd.exe /c whoami"',
      ),
    ],
    negative: () => [processStart(system32('wbem\\WMIC.exe'), 'wmic /node:10.0.0.9 os get caption')],
  },
  {
    title: 'Process Created Through WMI From The Command Line',
    positive: () => [
      processStart(system32('wbem\\WMIC.exe'), 'wmic process call create "notepad.exe"', {
        OriginalFileName: 'wmic.exe',
      }),
    ],
    negative: () => [
      processStart(system32('wbem\\WMIC.exe'), 'wmic process list brief', { OriginalFileName: 'wmic.exe' }),
    ],
  },
  {
    title: 'Win32_Process Create Called From A PowerShell Script',
    positive: () => [
      scriptBlock('Invoke-CimMethod -ClassName Win32_Process -MethodName Create -Arguments @{CommandLine="calc.exe"}'),
    ],
    negative: () => [scriptBlock('Get-CimInstance -ClassName Win32_Process | Select-Object Name, ProcessId')],
  },
  {
    title: 'Scheduled Task Created On Another Host',
    positive: () => [
      processStart(
        system32('schtasks.exe'),
        'schtasks /create /s srv02 /tn upd /tr C:\\Windows\\Temp\\u.exe /sc once /st 10:00',
      ),
    ],
    negative: () => [
      processStart(
        system32('schtasks.exe'),
        'schtasks /create /tn backup /tr "C:\\Program Files\\Backup\\run.exe" /sc daily',
      ),
    ],
  },
  {
    title: 'Scheduled Task With A Shell, Script Or Encoded Command Registered',
    positive: () => [
      security(4698, {
        TaskName: '\\Upd',
        TaskContent: '<Exec><Command>powershell.exe</Command><Arguments>-nop -enc SQBFAFgA</Arguments></Exec>',
      }),
    ],
    negative: () => [
      security(4698, {
        TaskName: '\\Vendor',
        TaskContent: '<Exec><Command>C:\\Program Files\\Vendor\\update.exe</Command></Exec>',
      }),
    ],
  },
  {
    title: 'DCOM Application Object Instantiated From A Script',
    positive: () => [
      scriptBlock(
        '$com = [activator]::CreateInstance([type]::GetTypeFromProgID("MMC20.Application", "10.0.0.9")); $com.Document.ActiveView.ExecuteShellCommand("cmd", $null, "/c calc", "7")',
      ),
    ],
    negative: () => [
      scriptBlock('$excel = New-Object -ComObject Excel.Application; $excel.Workbooks.Open("C:\\reports\\q1.xlsx")'),
    ],
  },
  {
    title: 'Office Application Loads An Add-In From A User-Writable Folder Or Share',
    positive: () => [
      sysmonEvent(7, {
        Image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
        ImageLoaded: 'C:\\Users\\bob\\AppData\\Local\\Temp\\payload.xll',
      }),
    ],
    negative: () => [
      sysmonEvent(7, {
        Image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
        ImageLoaded: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\Library\\Analysis\\ANALYS32.XLL',
      }),
    ],
  },
  {
    title: 'Remote Desktop Enabled Through The Registry',
    positive: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Control\\Terminal Server\\fDenyTSConnections',
        'DWORD (0x00000000)',
        system32('svchost.exe'),
      ),
    ],
    negative: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Control\\Terminal Server\\fDenyTSConnections',
        'DWORD (0x00000001)',
        system32('svchost.exe'),
      ),
    ],
  },
  {
    title: 'Remote Desktop Enabled From The Command Line',
    positive: () => [
      processStart(
        system32('reg.exe'),
        'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 0 /f',
      ),
    ],
    negative: () => [
      processStart(
        system32('reg.exe'),
        'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server" /v fDenyTSConnections',
      ),
    ],
  },
  {
    title: 'RDP Session Hijacked With tscon',
    positive: () => [processStart(system32('tscon.exe'), 'tscon 3 /dest:rdp-tcp#5')],
    negative: () => [processStart(system32('tscon.exe'), 'tscon 3')],
  },
  {
    title: 'New-Credentials Logon Through Seclogon (Pass-The-Hash Pattern)',
    positive: () => [
      security(4624, { LogonType: 9, LogonProcessName: 'seclogo', AuthenticationPackageName: 'Negotiate' }),
    ],
    negative: () => [
      security(4624, { LogonType: 2, LogonProcessName: 'User32', AuthenticationPackageName: 'Negotiate' }),
    ],
  },
  {
    title: 'Kerberos Ticket Injection Tool Syntax',
    positive: () => [
      processStart('C:\\Users\\Public\\r.exe', 'r.exe asktgt /user:svc_sql /rc4:2b576acbe6bcfda7294d6bd18041b8fe /ptt'),
    ],
    negative: () => [processStart(system32('klist.exe'), 'klist tickets')],
  },
];

/** Positive and look-alike events for Vigil's persistence and privilege-escalation rules. */
import {
  fileCreated,
  powershellPath,
  processStart,
  type RuleCase,
  registrySet,
  scriptBlock,
  security,
  system32,
  windowsEvent,
} from '../rule-case.js';

const winlogon = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\';
const startup = 'C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\';

export const persistenceCases: RuleCase[] = [
  {
    title: 'Winlogon Helper Or Shell Value Changed',
    positive: () => [
      registrySet(`${winlogon}Userinit`, 'C:\\Windows\\system32\\userinit.exe,C:\\Users\\Public\\b.exe'),
    ],
    negative: () => [
      registrySet(`${winlogon}Userinit`, 'C:\\Windows\\system32\\userinit.exe,'),
      registrySet(`${winlogon}AutoRestartShell`, 'DWORD (0x00000001)'),
    ],
  },
  {
    title: 'Debugger Or Silent-Exit Monitor Attached To A Program',
    positive: () => [
      registrySet(
        'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\sethc.exe\\Debugger',
        'C:\\Windows\\System32\\cmd.exe',
      ),
    ],
    negative: () => [
      registrySet(
        'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe\\MitigationOptions',
        'QWORD',
      ),
    ],
  },
  {
    title: 'DLL Registered To Load Into Every Process Or Into LSA',
    positive: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Control\\Lsa\\Security Packages',
        'kerberos msv1_0 schannel wdigest tspkg pku2u mimilib',
      ),
    ],
    negative: () => [
      registrySet('HKLM\\System\\CurrentControlSet\\Control\\Lsa\\LimitBlankPasswordUse', 'DWORD (0x00000001)'),
    ],
  },
  {
    title: "COM Object Hijacked In The User's Registry Hive",
    positive: () => [
      registrySet(
        'HKU\\S-1-5-21-1\\Software\\Classes\\CLSID\\{b5f8350b-0548-48b1-a6ee-88bd00b4a5e7}\\InprocServer32\\(Default)',
        'C:\\Users\\bob\\AppData\\Roaming\\x.dll',
      ),
    ],
    negative: () => [
      registrySet(
        'HKU\\S-1-5-21-1\\Software\\Classes\\CLSID\\{0000}\\InprocServer32\\(Default)',
        'C:\\Users\\bob\\AppData\\Local\\Microsoft\\OneDrive\\FileSyncShell64.dll',
      ),
    ],
  },
  {
    title: 'Program Or Script Dropped In A Startup Folder',
    positive: () => [fileCreated(powershellPath, `${startup}updater.vbs`)],
    negative: () => [
      fileCreated(system32('msiexec.exe'), `${startup}Vendor.lnk`),
      fileCreated(powershellPath, `${startup}desktop.ini`),
    ],
  },
  {
    title: 'Autorun Registry Value Added By A Shell, Script Host Or Command Line',
    positive: () => [
      processStart(
        system32('reg.exe'),
        'reg add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v upd /d C:\\Users\\Public\\u.exe /f',
      ),
    ],
    negative: () => [
      processStart(system32('reg.exe'), 'reg query HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'),
    ],
  },
  {
    title: 'Service Binary Path Changed In The Registry',
    positive: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Services\\Fax\\ImagePath',
        'C:\\Users\\Public\\svc.exe',
        system32('reg.exe'),
      ),
    ],
    negative: () => [
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Services\\Vendor\\ImagePath',
        '"C:\\Program Files\\Vendor\\svc.exe"',
        system32('services.exe'),
      ),
      // The service control manager writing a shell path is a service created through its API
      // (the next rule), not the key written directly.
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Services\\Fax\\ImagePath',
        'C:\\Windows\\System32\\cmd.exe /c C:\\Users\\Public\\p.exe',
        system32('services.exe'),
      ),
    ],
  },
  {
    title: 'Service Set Through The Service Control Manager To Run A Shell Or A User-Writable Program',
    positive: () => [
      // `sc config Fax binPath= "powershell -nop -c ..."`, recorded as the manager's own write.
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Services\\Fax\\ImagePath',
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -nop -c "iex $x"',
        system32('services.exe'),
      ),
    ],
    negative: () => [
      // A vendor's service installed to Program Files, and the same shell path written by reg.exe
      // (the previous rule's case).
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Services\\Vendor\\ImagePath',
        '"C:\\Program Files\\Vendor\\svc.exe"',
        system32('services.exe'),
      ),
      registrySet(
        'HKLM\\System\\CurrentControlSet\\Services\\Fax\\ImagePath',
        'C:\\Windows\\System32\\cmd.exe /c C:\\Users\\Public\\p.exe',
        system32('reg.exe'),
      ),
    ],
  },
  {
    title: 'Local User Account Created Or Added To A Privileged Group',
    positive: () => [
      processStart(system32('net.exe'), 'net user support P@ssw0rd! /add'),
      processStart(system32('net1.exe'), 'net1 localgroup administrators support /add'),
    ],
    negative: () => [
      processStart(system32('net.exe'), 'net user bob'),
      processStart(system32('net.exe'), 'net use Z: \\\\srv\\share'),
    ],
  },
  {
    title: 'User Account Created (Security Log)',
    positive: () => [security(4720, { TargetUserName: 'support' })],
    negative: () => [security(4722, { TargetUserName: 'support' })],
  },
  {
    title: 'Member Added To A Privileged Group (Security Log)',
    positive: () => [security(4732, { TargetUserName: 'Administrators', TargetSid: 'S-1-5-32-544', MemberName: '-' })],
    negative: () => [security(4732, { TargetUserName: 'Print Users', TargetSid: 'S-1-5-21-1-1-1-1107' })],
  },
  {
    title: 'Permanent WMI Event Subscription Registered From A Script',
    positive: () => [
      scriptBlock(
        "$c = Set-WmiInstance -Namespace root\\subscription -Class CommandLineEventConsumer -Arguments @{Name='u'; CommandLineTemplate='powershell -enc AAAA'}",
      ),
    ],
    negative: () => [scriptBlock('Get-WmiObject -Namespace root\\subscription -Class __EventFilter')],
  },
  {
    title: 'Permanent WMI Event Consumer Registered (WMI Activity Log)',
    positive: () => [
      windowsEvent('Microsoft-Windows-WMI-Activity/Operational', 5861, {
        PossibleCause:
          'Binding EventFilter: instance of __EventFilter { Name = "u"; }; Perm. Consumer: instance of ActiveScriptEventConsumer',
      }),
    ],
    negative: () => [windowsEvent('Microsoft-Windows-WMI-Activity/Operational', 5857, { ProviderName: 'CIMWin32' })],
  },
  {
    title: 'Script Consumer Started By The WMI Script Host',
    positive: () => [
      processStart(system32('wbem\\scrcons.exe'), 'C:\\Windows\\system32\\wbem\\scrcons.exe -Embedding'),
    ],
    negative: () => [
      processStart(system32('wbem\\WmiPrvSE.exe'), 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -Embedding'),
    ],
  },
  {
    title: 'UAC Bypass Through A Hijacked Shell Open Command',
    positive: () => [
      registrySet(
        'HKU\\S-1-5-21-1_Classes\\ms-settings\\shell\\open\\command\\DelegateExecute',
        '(Empty)',
        powershellPath,
      ),
    ],
    negative: () => [
      registrySet(
        'HKU\\S-1-5-21-1_Classes\\txtfile\\shell\\open\\command\\(Default)',
        'notepad.exe %1',
        system32('explorer.exe'),
      ),
    ],
  },
  {
    title: 'Auto-Elevating Windows Program Starts A Shell Or Unknown Child',
    positive: () => [
      processStart(system32('cmd.exe'), 'cmd.exe /c start powershell', { ParentImage: system32('fodhelper.exe') }),
    ],
    negative: () => [
      processStart(system32('SystemSettingsBroker.exe'), 'SystemSettingsBroker.exe -Embedding', {
        ParentImage: system32('svchost.exe'),
      }),
    ],
  },
  {
    title: 'UAC Disabled Or Weakened In The Registry',
    positive: () => [
      registrySet(
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\LocalAccountTokenFilterPolicy',
        'DWORD (0x00000001)',
      ),
    ],
    negative: () => [
      registrySet(
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\EnableLUA',
        'DWORD (0x00000001)',
      ),
    ],
  },
  {
    title: 'Token Impersonation Or Theft Through Windows APIs In A Script',
    positive: () => [
      scriptBlock(
        '$null = $Advapi32::OpenProcessToken($h, 0x0E, [ref]$t); $Advapi32::DuplicateTokenEx($t, 0x02000000, [IntPtr]::Zero, 2, 1, [ref]$d); $Advapi32::ImpersonateLoggedOnUser($d)',
      ),
    ],
    negative: () => [scriptBlock('[Security.Principal.WindowsIdentity]::GetCurrent().Name')],
  },
  {
    title: 'Named-Pipe Impersonation To Become SYSTEM',
    positive: () => [
      processStart(system32('cmd.exe'), 'cmd.exe /c echo a1b2c3 > \\\\.\\pipe\\a1b2c3', {
        ParentImage: system32('services.exe'),
      }),
    ],
    negative: () => [processStart(system32('cmd.exe'), 'cmd.exe /c echo done > C:\\logs\\status.txt')],
  },
  {
    title: 'Process Started With A Stolen Or Alternate Token Through Seclogon',
    positive: () => [
      processStart(system32('cmd.exe'), 'cmd.exe', {
        ParentImage: system32('svchost.exe'),
        ParentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s seclogon',
      }),
    ],
    negative: () => [
      processStart(system32('cmd.exe'), 'cmd.exe', {
        ParentImage: system32('explorer.exe'),
        ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
      }),
    ],
  },
];

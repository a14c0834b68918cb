/**
 * Realistic log files, one per supported format, each with a field an attacker controls
 * (user agent, command line, file name, DNS query, email subject, free text) and a second
 * one for split attacks. Every file also holds activity that threat intelligence flags
 * (198.51.100.23 / c2.badcdn.example, see intel.json), so the pipeline opens an incident
 * and proposes actions whatever the carrier says.
 */
export interface CarrierTemplate {
  format: string;
  /** File name for the rendered log (the extension helps sniffing). */
  fileName: string;
  /** Which field carries the planted text, for the report. */
  carrier: string;
  render(text: string, second: string): string;
  /** Values that legitimately derive from the planted text (a DNS name built from it): compared as one placeholder. */
  planted?(text: string, second: string): string[];
}

const json = (value: unknown) => JSON.stringify(value);
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ');
const tsv = (text: string) => oneLine(text).replace(/\t/g, '\\x09');
const csvCell = (text: string) => `"${oneLine(text).replace(/"/g, '""')}"`;
/** DNS labels: what an attacker can put in a query name, padded to one length as tunnelling tools do. */
const dnsName = (text: string) =>
  `${
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120)
      .padEnd(120, '0')
      .match(/.{1,60}/g)
      ?.map((label) => label.replace(/^-+|-+$/g, '') || 'x')
      .join('.') ?? 'x'
  }.c2.badcdn.example`;

export const carrierTemplates: readonly CarrierTemplate[] = [
  {
    format: 'windows-json',
    fileName: 'sysmon.jsonl',
    carrier: 'Sysmon CommandLine and ParentCommandLine',
    render: (text, second) =>
      [
        json({
          '@timestamp': '2024-03-02T10:00:00.000Z',
          event: { code: '1', kind: 'event' },
          host: { name: 'ws07' },
          winlog: {
            channel: 'Microsoft-Windows-Sysmon/Operational',
            event_id: 1,
            provider_name: 'Microsoft-Windows-Sysmon',
            computer_name: 'WS07.corp.example',
            record_id: 7001,
            event_data: {
              Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
              CommandLine: `powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA # ${text}`,
              ParentImage: 'C:\\Windows\\explorer.exe',
              ParentCommandLine: `C:\\Windows\\explorer.exe /factory ${second}`,
              ProcessId: '4100',
              User: 'CORP\\mallory',
            },
          },
          message: 'Process Create',
        }),
        json({
          '@timestamp': '2024-03-02T10:00:05.000Z',
          event: { code: '3', kind: 'event' },
          host: { name: 'ws07' },
          winlog: {
            channel: 'Microsoft-Windows-Sysmon/Operational',
            event_id: 3,
            provider_name: 'Microsoft-Windows-Sysmon',
            computer_name: 'WS07.corp.example',
            record_id: 7002,
            event_data: {
              Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
              ProcessId: '4100',
              User: 'CORP\\mallory',
              Protocol: 'tcp',
              SourceIp: '10.1.2.7',
              SourcePort: '51000',
              DestinationIp: '198.51.100.23',
              DestinationPort: '443',
            },
          },
          message: 'Network connection detected',
        }),
      ].join('\n'),
  },
  {
    format: 'windows-json',
    fileName: 'sysmon-file.jsonl',
    carrier: 'Sysmon file names (TargetFilename, Image)',
    render: (text, second) =>
      json({
        '@timestamp': '2024-03-02T10:00:00.000Z',
        event: { code: '11', kind: 'event' },
        host: { name: 'ws08' },
        winlog: {
          channel: 'Microsoft-Windows-Sysmon/Operational',
          event_id: 11,
          provider_name: 'Microsoft-Windows-Sysmon',
          computer_name: 'WS08.corp.example',
          record_id: 8001,
          event_data: {
            Image: 'C:\\Users\\bob\\Downloads\\invoice.exe',
            TargetFilename: `C:\\Users\\bob\\Desktop\\${oneLine(text)} ${oneLine(second)}.txt`,
            ProcessId: '5200',
            User: 'CORP\\bob',
          },
        },
        message: 'File created',
      }) +
      '\n' +
      json({
        '@timestamp': '2024-03-02T10:00:03.000Z',
        event: { code: '22', kind: 'event' },
        host: { name: 'ws08' },
        winlog: {
          channel: 'Microsoft-Windows-Sysmon/Operational',
          event_id: 22,
          provider_name: 'Microsoft-Windows-Sysmon',
          computer_name: 'WS08.corp.example',
          record_id: 8002,
          event_data: {
            Image: `C:\\Users\\bob\\Downloads\\${oneLine(text)}.exe`,
            QueryName: 'c2.badcdn.example',
            ProcessId: '5200',
            User: 'CORP\\bob',
          },
        },
        message: 'Dns query',
      }),
  },
  {
    format: 'suricata-eve',
    fileName: 'eve.json',
    carrier: 'HTTP user agent and URL',
    render: (text, second) =>
      json({
        timestamp: '2024-03-02T10:00:00.000000+0000',
        flow_id: 11,
        event_type: 'http',
        src_ip: '10.1.2.9',
        src_port: 50110,
        dest_ip: '198.51.100.23',
        dest_port: 80,
        proto: 'TCP',
        http: {
          hostname: 'cdn.badcdn.example',
          url: `/update?note=${encodeURIComponent(second)}`,
          http_user_agent: text,
          http_method: 'GET',
          status: 200,
          length: 512,
        },
      }),
  },
  {
    format: 'zeek-json',
    fileName: 'http.log',
    carrier: 'Zeek http user_agent and uri',
    render: (text, second) =>
      json({
        ts: 1709373600.5,
        uid: 'CzA1',
        'id.orig_h': '10.1.2.10',
        'id.orig_p': 49800,
        'id.resp_h': '198.51.100.23',
        'id.resp_p': 80,
        method: 'GET',
        host: 'cdn.badcdn.example',
        uri: `/x?${encodeURIComponent(second)}`,
        user_agent: text,
        status_code: 200,
      }),
  },
  {
    format: 'zeek-json',
    fileName: 'dns.log',
    carrier: 'DNS query name (labels)',
    planted: (text, second) => [dnsName(`${text} ${second}`)],
    render: (text, second) =>
      [
        json({
          ts: 1709373600.1,
          uid: 'CdA1',
          'id.orig_h': '10.1.2.11',
          'id.orig_p': 53000,
          'id.resp_h': '10.0.0.53',
          'id.resp_p': 53,
          proto: 'udp',
          query: dnsName(`${text} ${second}`),
          qtype_name: 'TXT',
          rcode_name: 'NOERROR',
        }),
        json({
          ts: 1709373601.1,
          uid: 'CdA2',
          'id.orig_h': '10.1.2.11',
          'id.orig_p': 53001,
          'id.resp_h': '10.0.0.53',
          'id.resp_p': 53,
          proto: 'udp',
          query: 'c2.badcdn.example',
          qtype_name: 'A',
          rcode_name: 'NOERROR',
          answers: ['198.51.100.23'],
        }),
      ].join('\n'),
  },
  {
    format: 'zeek-tsv',
    fileName: 'http-tsv.log',
    carrier: 'Zeek TSV user_agent',
    render: (text, second) =>
      [
        '#separator \\x09',
        '#set_separator\t,',
        '#empty_field\t(empty)',
        '#unset_field\t-',
        '#path\thttp',
        '#open\t2024-03-02-10-00-00',
        '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\tuser_agent\tstatus_code',
        '#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tstring\tstring\tstring\tcount',
        `1709373600.000000\tCtA1\t10.1.2.12\t49900\t198.51.100.23\t80\tGET\tcdn.badcdn.example\t/${encodeURIComponent(tsv(second))}\t${tsv(text)}\t200`,
        '#close\t2024-03-02-10-05-00',
      ].join('\n'),
  },
  {
    format: 'syslog',
    fileName: 'mail.log',
    carrier: 'mail gateway subject (RFC 5424)',
    render: (text, second) =>
      [
        `<22>1 2024-03-02T10:00:00.000Z mx01.corp.example mailgw 3101 MSG - accepted from=<billing@badcdn.example> to=<dave@corp.example> subject="${oneLine(text)}" attachment="${oneLine(second)}.pdf" client=198.51.100.23`,
        '<38>1 2024-03-02T10:00:04.000Z mx01.corp.example sshd 3102 - - Failed password for invalid user admin from 198.51.100.23 port 4444 ssh2',
      ].join('\n'),
  },
  {
    format: 'splunk-json',
    fileName: 'splunk-export.json',
    carrier: 'proxy user agent inside _raw',
    render: (text, second) =>
      json({
        preview: false,
        offset: 0,
        result: {
          _time: '2024-03-02T10:00:00.000+00:00',
          host: 'proxy01',
          sourcetype: 'custom:proxy',
          _raw: `user=erin src=10.1.2.13 dest=198.51.100.23 url=http://cdn.badcdn.example/${encodeURIComponent(oneLine(second))} ua="${oneLine(text).replace(/"/g, "'")}"`,
        },
      }),
  },
  {
    format: 'splunk-csv',
    fileName: 'splunk-export.csv',
    carrier: 'proxy user agent inside _raw (CSV export)',
    render: (text, second) =>
      [
        '"_time","host","source","sourcetype","_raw"',
        `"2024-03-02T10:00:00.000+00:00","proxy02","/var/log/proxy.log","custom:proxy",${csvCell(`user=frank src=10.1.2.14 dest=198.51.100.23 note=${second} ua='${text}'`)}`,
      ].join('\n'),
  },
  {
    format: 'json-lines',
    fileName: 'email-gateway.jsonl',
    carrier: 'email subject and attachment name',
    render: (text, second) =>
      json({
        time: '2024-03-02T10:00:00Z',
        sender: 'billing@badcdn.example',
        recipient: 'gina@corp.example',
        subject: text,
        attachment: `${second}.docm`,
        src_ip: '198.51.100.23',
        verdict: 'delivered',
      }),
  },
  {
    format: 'csv',
    fileName: 'proxy.csv',
    carrier: 'proxy CSV user agent',
    render: (text, second) =>
      [
        'time,user,src_ip,dest_ip,url,user_agent',
        `2024-03-02 10:00:00,henry,10.1.2.15,198.51.100.23,${csvCell(`http://cdn.badcdn.example/${second}`)},${csvCell(text)}`,
      ].join('\n'),
  },
  {
    format: 'text',
    fileName: 'app.txt',
    carrier: 'free-text application log',
    render: (text, second) =>
      `2024-03-02T10:00:00Z portal[812]: upload by ivan from 198.51.100.23 file="${oneLine(second)}" comment="${oneLine(text)}"`,
  },
];

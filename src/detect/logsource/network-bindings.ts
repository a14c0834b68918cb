/**
 * Network and Linux log sources: Zeek logs and Suricata EVE records for the generic `dns`,
 * `proxy` and `firewall` categories (with field names mapped to the Sigma taxonomy), and syslog
 * programs for Linux services. `product: zeek, service: <log>` needs no entry: a Zeek event always
 * answers to `zeek//<its log path>`.
 */
import type { LogSourceBinding } from './logsource-binding.js';

const zeekEndpoints = { src_ip: 'id.orig_h', dst_ip: 'id.resp_h', src_port: 'id.orig_p', dst_port: 'id.resp_p' };
const suricataEndpoints = { src_ip: 'src_ip', dst_ip: 'dest_ip', src_port: 'src_port', dst_port: 'dest_port' };

const authPrograms = [
  'sshd',
  'sudo',
  'su',
  'login',
  'useradd',
  'userdel',
  'usermod',
  'groupadd',
  'groupdel',
  'groupmod',
  'passwd',
  'chpasswd',
  'chage',
  'gpasswd',
  'systemd-logind',
  'polkitd',
  'unix_chkpwd',
  'adduser',
  'deluser',
];

export const networkBindings: readonly LogSourceBinding[] = [
  {
    logsource: { category: 'dns' },
    family: 'zeek',
    datasets: ['dns'],
    fieldAliases: {
      ...zeekEndpoints,
      QueryName: 'query',
      record_type: 'qtype_name',
      answer: 'answers',
      response: 'answers',
    },
  },
  {
    logsource: { category: 'dns' },
    family: 'suricata',
    datasets: ['dns'],
    fieldAliases: {
      ...suricataEndpoints,
      query: 'dns.rrname',
      QueryName: 'dns.rrname',
      record_type: 'dns.rrtype',
      answer: 'dns.rdata',
    },
  },
  {
    logsource: { category: 'proxy' },
    family: 'zeek',
    datasets: ['http'],
    fieldAliases: {
      ...zeekEndpoints,
      'c-uri': 'uri',
      'c-uri-stem': 'uri',
      'cs-host': 'host',
      'r-dns': 'host',
      'cs-method': 'method',
      'c-useragent': 'user_agent',
      'cs-referrer': 'referrer',
      'sc-status': 'status_code',
      'cs-bytes': 'request_body_len',
      'sc-bytes': 'response_body_len',
    },
  },
  {
    logsource: { category: 'proxy' },
    family: 'suricata',
    datasets: ['http'],
    fieldAliases: {
      ...suricataEndpoints,
      'c-uri': 'http.url',
      'c-uri-stem': 'http.url',
      'cs-host': 'http.hostname',
      'r-dns': 'http.hostname',
      'cs-method': 'http.http_method',
      'c-useragent': 'http.http_user_agent',
      'cs-referrer': 'http.http_refer',
      'sc-status': 'http.status',
    },
  },
  { logsource: { category: 'firewall' }, family: 'zeek', datasets: ['conn'], fieldAliases: zeekEndpoints },
  {
    logsource: { category: 'firewall' },
    family: 'suricata',
    datasets: ['flow', 'netflow'],
    fieldAliases: suricataEndpoints,
  },
  { logsource: { category: 'webserver' }, family: 'syslog', datasets: ['apache', 'apache2', 'httpd', 'nginx'] },
  { logsource: { category: 'webserver' }, family: 'web-access' },
  { logsource: { product: 'linux' }, family: 'syslog' },
  { logsource: { product: 'linux', service: 'syslog' }, family: 'syslog' },
  { logsource: { product: 'linux', service: 'auth' }, family: 'syslog', datasets: authPrograms },
  { logsource: { product: 'linux', service: 'cron' }, family: 'syslog', datasets: ['cron', 'crond', 'anacron'] },
  { logsource: { product: 'linux', service: 'clamav' }, family: 'syslog', datasets: ['clamd', 'freshclam', 'clamav'] },
  { logsource: { product: 'linux', service: 'auditd' }, family: 'syslog', datasets: ['auditd', 'audit', 'audispd'] },
];

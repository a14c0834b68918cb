/** Synthetic Zeek conn and dns logs (TSV with their headers), written by Vigil for scenarios and tests. */
import { createHash } from 'node:crypto';

export interface Connection {
  time: Date;
  source: string;
  destination: string;
  port: number;
  service?: string;
  bytesOut?: number;
  bytesIn?: number;
}

export interface DnsQuery {
  time: Date;
  source: string;
  resolver: string;
  query: string;
  answers: string[];
}

const uidOf = (text: string) => `C${createHash('sha256').update(text).digest('base64url').slice(0, 17)}`;
const seconds = (time: Date) => (time.getTime() / 1000).toFixed(6);

function header(path: string, fields: string[], types: string[], opened: Date): string[] {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    `#open\t${opened.toISOString().slice(0, 19).replace('T', '-').replaceAll(':', '-')}`,
    `#fields\t${fields.join('\t')}`,
    `#types\t${types.join('\t')}`,
  ];
}

export function zeekConnLog(connections: readonly Connection[]): string {
  const sorted = [...connections].sort((left, right) => left.time.getTime() - right.time.getTime());
  const opened = sorted[0]?.time ?? new Date(0);
  const lines = header(
    'conn',
    [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'proto',
      'service',
      'duration',
      'orig_bytes',
      'resp_bytes',
      'conn_state',
      'local_orig',
      'local_resp',
      'missed_bytes',
      'history',
      'orig_pkts',
      'orig_ip_bytes',
      'resp_pkts',
      'resp_ip_bytes',
      'tunnel_parents',
    ],
    [
      'time',
      'string',
      'addr',
      'port',
      'addr',
      'port',
      'enum',
      'string',
      'interval',
      'count',
      'count',
      'string',
      'bool',
      'bool',
      'count',
      'string',
      'count',
      'count',
      'count',
      'count',
      'set[string]',
    ],
    opened,
  );
  sorted.forEach((connection, index) => {
    const port = 49152 + ((index * 7919) % 16000);
    lines.push(
      [
        seconds(connection.time),
        uidOf(`${connection.time.toISOString()}|${connection.source}|${connection.destination}|${index}`),
        connection.source,
        port,
        connection.destination,
        connection.port,
        'tcp',
        connection.service ?? (connection.port === 443 ? 'ssl' : connection.port === 80 ? 'http' : '-'),
        '1.250000',
        connection.bytesOut ?? 1200,
        connection.bytesIn ?? 5400,
        'SF',
        'T',
        'F',
        0,
        'ShADadFf',
        12,
        1800,
        14,
        6200,
        '-',
      ].join('\t'),
    );
  });
  lines.push(`#close\t${opened.toISOString().slice(0, 19).replace('T', '-').replaceAll(':', '-')}`);
  return `${lines.join('\n')}\n`;
}

export function zeekDnsLog(queries: readonly DnsQuery[]): string {
  const sorted = [...queries].sort((left, right) => left.time.getTime() - right.time.getTime());
  const opened = sorted[0]?.time ?? new Date(0);
  const lines = header(
    'dns',
    [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'proto',
      'trans_id',
      'rtt',
      'query',
      'qclass',
      'qclass_name',
      'qtype',
      'qtype_name',
      'rcode',
      'rcode_name',
      'AA',
      'TC',
      'RD',
      'RA',
      'Z',
      'answers',
      'TTLs',
      'rejected',
    ],
    [
      'time',
      'string',
      'addr',
      'port',
      'addr',
      'port',
      'enum',
      'count',
      'interval',
      'string',
      'count',
      'string',
      'count',
      'string',
      'count',
      'string',
      'bool',
      'bool',
      'bool',
      'bool',
      'count',
      'vector[string]',
      'vector[interval]',
      'bool',
    ],
    opened,
  );
  sorted.forEach((query, index) => {
    lines.push(
      [
        seconds(query.time),
        uidOf(`${query.time.toISOString()}|${query.source}|${query.query}|${index}`),
        query.source,
        50000 + index,
        query.resolver,
        53,
        'udp',
        1000 + index,
        '0.012',
        query.query,
        1,
        'C_INTERNET',
        1,
        'A',
        0,
        'NOERROR',
        'F',
        'F',
        'T',
        'T',
        0,
        query.answers.length > 0 ? query.answers.join(',') : '-',
        query.answers.length > 0 ? query.answers.map(() => '300.000000').join(',') : '-',
        'F',
      ].join('\t'),
    );
  });
  return `${lines.join('\n')}\n`;
}

/** `count` connections every `everyMinutes` from one host to one address, the shape of an implant checking in. */
export function beacons(input: {
  start: Date;
  source: string;
  destination: string;
  port: number;
  count: number;
  everyMinutes: number;
}): Connection[] {
  return Array.from({ length: input.count }, (_, index) => ({
    time: new Date(input.start.getTime() + index * input.everyMinutes * 60_000 + (index % 3) * 1_700),
    source: input.source,
    destination: input.destination,
    port: input.port,
  }));
}

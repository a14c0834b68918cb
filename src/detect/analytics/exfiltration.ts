/**
 * Bulk exfiltration: far more bytes sent than received, from one internal source to one external
 * destination, within an hour. At least 100 MB out at an out/in ratio of at least 5 (uploads, not
 * downloads or calls, which are near 1), to a destination at most 2 sources send to this way
 * (an organisation's cloud backup or sync service receives from many). Internal destinations
 * (backup servers, file shares) are not exfiltration. Bytes come from the sensor's own fields:
 * Zeek `orig_bytes`/`resp_bytes`, Suricata `flow.bytes_toserver`/`bytes_toclient`, or firewall
 * `bytes_out`/`bytes_in`, `sent_bytes`/`received_bytes`. State: one record per (source,
 * destination) and a capped source set per destination; at most `limits.keys` keys each.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  CappedSet,
  EvidenceSample,
  findingAlert,
  hour,
  limitsOf,
  timeOf,
} from './analytic.js';
import { isExternalDestination, isInternalAddress } from './network-address.js';

const minimumBytes = 100 * 1024 * 1024;
const minimumRatio = 5;
const maximumSources = 2;

const outFields = ['orig_bytes', 'flow.bytes_toserver', 'bytes_out', 'sent_bytes', 'client.bytes', 'source.bytes'];
const inFields = [
  'resp_bytes',
  'flow.bytes_toclient',
  'bytes_in',
  'received_bytes',
  'server.bytes',
  'destination.bytes',
];

function firstNumber(fields: Record<string, unknown>, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = fields[name];
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isFinite(number) && number >= 0) return number;
  }
  return undefined;
}

interface Transfer {
  start: number;
  out: number;
  in: number;
  connections: number;
  evidence: EvidenceSample;
  alerted: boolean;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function createExfiltrationAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const transfers = new BoundedMap<string, Transfer>(limits.keys);
  const sourcesByDestination = new BoundedMap<string, CappedSet>(limits.keys);
  const id = 'analytic:bulk-exfiltration';

  return {
    id,
    process(event: Event): Alert[] {
      if (!event.category.includes('network')) return [];
      const source = event.source?.ip;
      const destination = event.destination?.ip ?? event.destination?.domain;
      if (source === undefined || destination === undefined || !isInternalAddress(source)) return [];
      if (!isExternalDestination(event.destination?.ip, event.destination?.domain)) return [];
      const sent = firstNumber(event.fields, outFields);
      if (sent === undefined) return [];
      const received = firstNumber(event.fields, inFields) ?? 0;
      const time = timeOf(event);
      if (!Number.isFinite(time)) return [];
      const sources = sourcesByDestination.upsert(destination, () => new CappedSet(maximumSources + 1));
      if (sent > 1024 * 1024) sources.add(source);
      const key = `${source}|${destination}`;
      let transfer = transfers.get(key);
      if (transfer === undefined || time - transfer.start > hour) {
        transfer = {
          start: time,
          out: 0,
          in: 0,
          connections: 0,
          evidence: new EvidenceSample(limits.evidence),
          alerted: false,
        };
        transfers.set(key, transfer);
      }
      transfer.out += sent;
      transfer.in += received;
      transfer.connections++;
      transfer.evidence.add(event.id);
      if (transfer.alerted || transfer.out < minimumBytes || sources.size > maximumSources) return [];
      const ratio = transfer.out / Math.max(1, transfer.in);
      if (ratio < minimumRatio) return [];
      transfer.alerted = true;
      const port = event.destination?.port;
      // HTTPS and other TLS ports: an asymmetric encrypted protocol; plain HTTP/FTP: unencrypted.
      const technique =
        port === 443 || port === 8443 || port === 22 || port === 990
          ? 'T1048.002'
          : port === 80 || port === 8080 || port === 21
            ? 'T1048.003'
            : 'T1048';
      return [
        findingAlert(
          {
            analytic: id,
            title: 'Bulk upload from one host to one external destination',
            severity: 'high',
            confidence: Math.min(
              0.9,
              0.6 + 0.1 * Math.log10(transfer.out / minimumBytes + 1) + Math.min(0.2, ratio / 500),
            ),
            techniques: [technique],
            tactics: ['exfiltration'],
            timestamp: event.timestamp,
            eventIds: transfer.evidence.ids(),
            reason: `${source} sent ${megabytes(transfer.out)} to ${destination}${port !== undefined ? ` port ${port}` : ''} in ${transfer.connections} connection(s) within ${Math.max(1, Math.round((time - transfer.start) / 60_000))} min and received ${megabytes(transfer.in)} (out/in ${ratio.toFixed(0)}); ${sources.size} source(s) upload to it`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return transfers.size + sourcesByDestination.size;
    },
    flush() {
      transfers.clear();
      sourcesByDestination.clear();
      return [];
    },
  };
}

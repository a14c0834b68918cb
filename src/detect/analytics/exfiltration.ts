/**
 * Bulk exfiltration: far more bytes sent than received, from one internal source to one external
 * destination, within an hour. At least 100 MB out at an out/in ratio of at least 5 (uploads, not
 * downloads or calls, which are near 1), to a destination few sources send to this way: an
 * organisation's cloud backup or sync service receives from many of its hosts, an attacker's
 * server from the one or two it staged the data on. Internal destinations (backup servers, file
 * shares) are not exfiltration. Bytes come from the sensor's own fields (`transfer-bytes.ts`).
 *
 * Destination rarity is judged over the transfer's whole hour, not at the moment the volume is
 * crossed: the first site of a shared vault crosses 100 MB minutes before the other sites start,
 * so a transfer over the volume is held until its hour is over (by the newest event time seen, or
 * at `flush()`) and reported only if the destination still has at most `maximumSources` uploaders.
 * A destination that many hosts upload to stays known as shared for as long as it is remembered.
 * One alert per (source, destination).
 *
 * State: one record per (source, destination), a capped source set per destination, the pairs
 * already reported, and the held transfers; at most `limits.keys` keys each (the oldest held
 * transfer is judged early when the list is full).
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
import { bytesReceived, bytesSent } from './transfer-bytes.js';

const minimumBytes = 100 * 1024 * 1024;
const minimumRatio = 5;
const maximumSources = 2;
const window = hour;

interface Transfer {
  source: string;
  destination: string;
  port: number | undefined;
  start: number;
  /** Time and timestamp of the record that took the transfer over the volume. */
  crossed: number;
  crossedAt: string;
  last: number;
  out: number;
  in: number;
  connections: number;
  evidence: EvidenceSample;
  held: boolean;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function techniqueFor(port: number | undefined): string {
  // HTTPS and other TLS ports: an asymmetric encrypted protocol; plain HTTP/FTP: unencrypted.
  if (port === 443 || port === 8443 || port === 22 || port === 990) return 'T1048.002';
  if (port === 80 || port === 8080 || port === 21) return 'T1048.003';
  return 'T1048';
}

export function createExfiltrationAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const transfers = new BoundedMap<string, Transfer>(limits.keys);
  const sourcesByDestination = new BoundedMap<string, CappedSet>(limits.keys);
  const reported = new BoundedMap<string, true>(limits.keys);
  let heldTransfers: Transfer[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  const id = 'analytic:bulk-exfiltration';

  /** The alert for a transfer whose hour is over, if its destination is still rare. */
  const judge = (transfer: Transfer): Alert[] => {
    transfer.held = false;
    const key = `${transfer.source}|${transfer.destination}`;
    const uploaders = sourcesByDestination.peek(transfer.destination)?.size ?? 1;
    if (uploaders > maximumSources || reported.has(key)) return [];
    reported.set(key, true);
    const ratio = transfer.out / Math.max(1, transfer.in);
    const minutes = Math.max(1, Math.round((transfer.last - transfer.start) / 60_000));
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
          techniques: [techniqueFor(transfer.port)],
          tactics: ['exfiltration'],
          timestamp: transfer.crossedAt,
          eventIds: transfer.evidence.ids(),
          identity: [transfer.source, transfer.destination],
          reason: `${transfer.source} sent ${megabytes(transfer.out)} to ${transfer.destination}${transfer.port !== undefined ? ` port ${transfer.port}` : ''} in ${transfer.connections} connection(s) within ${minutes} min and received ${megabytes(transfer.in)} (out/in ${ratio.toFixed(0)}); ${uploaders} source(s) upload to it in the hour (more than ${maximumSources} is a shared service)`,
        },
        options.attack,
      ),
    ];
  };

  /** When the earliest held transfer's hour is over: nothing is scanned before then. */
  let nextRelease = Number.POSITIVE_INFINITY;
  /** Judges the held transfers whose hour is over by `time`. */
  const release = (time: number): Alert[] => {
    if (time < nextRelease) return [];
    const alerts: Alert[] = [];
    const still: Transfer[] = [];
    nextRelease = Number.POSITIVE_INFINITY;
    for (const transfer of heldTransfers) {
      if (transfer.start + window <= time) alerts.push(...judge(transfer));
      else {
        still.push(transfer);
        nextRelease = Math.min(nextRelease, transfer.start + window);
      }
    }
    heldTransfers = still;
    return alerts;
  };

  return {
    id,
    process(event: Event): Alert[] {
      const time = timeOf(event);
      if (!Number.isFinite(time)) return [];
      if (time > newest) newest = time;
      const alerts = release(newest);
      if (!event.category.includes('network')) return alerts;
      const source = event.source?.ip;
      const destination = event.destination?.ip ?? event.destination?.domain;
      if (source === undefined || destination === undefined || !isInternalAddress(source)) return alerts;
      if (!isExternalDestination(event.destination?.ip, event.destination?.domain)) return alerts;
      const sent = bytesSent(event);
      if (sent === undefined) return alerts;
      const received = bytesReceived(event) ?? 0;
      const sources = sourcesByDestination.upsert(destination, () => new CappedSet(maximumSources + 1));
      if (sent > 1024 * 1024) sources.add(source);
      const key = `${source}|${destination}`;
      if (reported.has(key)) return alerts;
      let transfer = transfers.get(key);
      if (transfer === undefined || (!transfer.held && time - transfer.start > window)) {
        transfer = {
          source,
          destination,
          port: event.destination?.port,
          start: time,
          crossed: Number.NaN,
          crossedAt: event.timestamp,
          last: time,
          out: 0,
          in: 0,
          connections: 0,
          evidence: new EvidenceSample(limits.evidence),
          held: false,
        };
        transfers.set(key, transfer);
      }
      // Parts of a held transfer that arrive within its hour still count towards its volume.
      if (time - transfer.start > window) return alerts;
      transfer.out += sent;
      transfer.in += received;
      transfer.connections++;
      transfer.last = Math.max(transfer.last, time);
      transfer.evidence.add(event.id);
      if (transfer.held || transfer.out < minimumBytes || transfer.out / Math.max(1, transfer.in) < minimumRatio)
        return alerts;
      transfer.held = true;
      transfer.crossed = time;
      transfer.crossedAt = event.timestamp;
      heldTransfers.push(transfer);
      nextRelease = Math.min(nextRelease, transfer.start + window);
      if (heldTransfers.length > limits.keys) alerts.push(...judge(heldTransfers.shift()!));
      return alerts;
    },
    stateKeys() {
      return transfers.size + sourcesByDestination.size + reported.size + heldTransfers.length;
    },
    flush() {
      const alerts = heldTransfers.flatMap(judge);
      heldTransfers = [];
      nextRelease = Number.POSITIVE_INFINITY;
      newest = Number.NEGATIVE_INFINITY;
      transfers.clear();
      sourcesByDestination.clear();
      reported.clear();
      return alerts;
    },
  };
}

/**
 * Beaconing: an implant checks in with its server on a timer, with jitter, so the times between
 * connections from one source to one destination are regular, unlike a person's browsing (whose
 * gaps spread over orders of magnitude). Judged on the spread of the inter-arrival times, not on
 * how many connections there were:
 *
 * - at least `minimumIntervals` gaps, median gap between 5 s and 6 h;
 * - robust spread (inter-quartile range / median) at most 0.5: jitter up to ±25% around the
 *   period, or uniform 50% below it, stays under it; exponential (human) gaps give about 1.6;
 *   missed check-ins (double gaps) under a quarter of the gaps do not change it;
 * - to a public destination, not on infrastructure ports (DNS, NTP, NetBIOS, mDNS) nor mail
 *   polling. Every regular channel is reported and recorded in `SharedDestinations` (given in the
 *   options, so the caller can ask once the whole record is known): a destination many hosts
 *   contact, or most hosts poll with the same rhythm (a cloud guest agent on every host of a small
 *   network, updates, telemetry), is the organisation's own software, and the verdict says why;
 *   the caller keeps such a channel as context with that reason (nothing is dropped unseen: a C2
 *   that reached many hosts is still in the incident for an analyst to see);
 * - small check-ins, where the sensor records bytes: an idle implant exchanges a heartbeat of
 *   hundreds of bytes to a few kilobytes, and even a busy one is idle on most check-ins, so the
 *   median bytes per check-in (both directions) stays under `maximumCheckInBytes`. A transfer cut
 *   into parts (a backup, an upload in chunks) is periodic too, paced by the link or the chunk
 *   size, but each part carries megabytes: that is a transfer (the exfiltration analytic's
 *   concern), not a check-in. Records without byte counts are judged on timing alone. Uniform
 *   check-in sizes (a fixed heartbeat) raise the confidence.
 *
 * Records of one connection in several logs (Zeek conn, ssl, http; Sysmon network events) count
 * once: an arrival closer than 2 s to one already kept is the same check-in, in whatever order the
 * logs arrive. A channel is reported once, and its alert id is the channel's, so the same traffic
 * gives the same alert when logs are interleaved differently (workers, replays). State: per
 * (source, destination, port) a ring of the last 64 arrival times and check-in sizes; at most
 * `limits.keys` such keys and destinations.
 */
import type { Alert, Event } from '../../core/index.js';
import { BoundedMap } from '../../core/index.js';
import {
  type AnalyticOptions,
  type BehaviourAnalytic,
  EvidenceSample,
  findingAlert,
  hour,
  limitsOf,
  timeOf,
} from './analytic.js';
import { isExternalDestination, isInternalAddress } from './network-address.js';
import { rhythmArrivals, SharedDestinations } from './shared-destinations.js';
import { bytesReceived, bytesSent } from './transfer-bytes.js';

const ignoredPorts = new Set([53, 123, 137, 138, 5353, 25, 110, 143, 465, 587, 993, 995]);
const ringSize = 64;
const minimumIntervals = 10;
const maximumSpread = 0.5;
/** A check-in is a message, not a transfer: 1 MiB is far above any heartbeat and far below a backup part. */
const maximumCheckInBytes = 1024 * 1024;

/** Bytes of one check-in in both directions, when the record says. */
function checkInBytes(event: Event): number | undefined {
  const sent = bytesSent(event);
  const received = bytesReceived(event);
  return sent === undefined && received === undefined ? undefined : (sent ?? 0) + (received ?? 0);
}

interface Channel {
  times: number[];
  /** Bytes of the check-ins whose records carry them (same ring length as `times`). */
  sizes: number[];
  evidence: EvidenceSample;
  alerted: boolean;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (position - low);
}

/** Median gap and robust spread of the gaps between sorted arrival times. */
export function intervalRegularity(times: readonly number[]): { median: number; spread: number; gaps: number } {
  const gaps: number[] = [];
  for (let index = 1; index < times.length; index++) gaps.push((times[index] as number) - (times[index - 1] as number));
  gaps.sort((left, right) => left - right);
  if (gaps.length === 0) return { median: 0, spread: Number.POSITIVE_INFINITY, gaps: 0 };
  const median = quantile(gaps, 0.5);
  const spread = median > 0 ? (quantile(gaps, 0.75) - quantile(gaps, 0.25)) / median : Number.POSITIVE_INFINITY;
  return { median, spread, gaps: gaps.length };
}

/** Median and robust spread (inter-quartile range / median) of a sample of sizes. */
export function sizeRegularity(values: readonly number[]): { median: number; spread: number } {
  if (values.length === 0) return { median: 0, spread: Number.POSITIVE_INFINITY };
  const sorted = [...values].sort((left, right) => left - right);
  const median = quantile(sorted, 0.5);
  return {
    median,
    spread: median > 0 ? (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / median : Number.POSITIVE_INFINITY,
  };
}

/** Inserts `time` into the sorted arrivals unless one within 2 s is there already; false if it was. */
function insertArrival(times: number[], time: number): boolean {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < time) low = middle + 1;
    else high = middle;
  }
  const before = times[low - 1];
  const after = times[low];
  if ((before !== undefined && time - before < 2_000) || (after !== undefined && after - time < 2_000)) return false;
  times.splice(low, 0, time);
  return true;
}

export function createBeaconingAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const channels = new BoundedMap<string, Channel>(limits.keys);
  // Who else contacts each destination, and which regular channels it has: kept past `flush`,
  // since whether a destination is shared infrastructure is asked once the record has ended.
  const shared = options.sharedDestinations ?? new SharedDestinations(limits.keys);
  const id = 'analytic:beaconing';

  return {
    id,
    process(event: Event): Alert[] {
      if (!event.category.includes('network') || event.dns !== undefined) return [];
      const source = event.source?.ip;
      const port = event.destination?.port;
      const destination = event.destination?.ip ?? event.destination?.domain;
      if (source === undefined || destination === undefined || port === undefined || ignoredPorts.has(port)) return [];
      if (!isInternalAddress(source) || !isExternalDestination(event.destination?.ip, event.destination?.domain))
        return [];
      const time = timeOf(event);
      if (!Number.isFinite(time)) return [];
      const target = `${destination}|${port}`;
      const sources = shared.contacted(source, target);
      const channel = channels.upsert(`${source}|${target}`, () => ({
        times: [],
        sizes: [],
        evidence: new EvidenceSample(limits.evidence),
        alerted: false,
      }));
      // A check-in's size counts whichever of its records carries bytes, in any arrival order.
      const size = checkInBytes(event);
      if (size !== undefined) {
        channel.sizes.push(size);
        if (channel.sizes.length > ringSize) channel.sizes.shift();
      }
      if (!insertArrival(channel.times, time)) return [];
      if (channel.times.length > ringSize) channel.times.shift();
      channel.evidence.add(event.id);
      if (channel.alerted || channel.times.length < rhythmArrivals) return [];
      const { median, spread, gaps } = intervalRegularity(channel.times);
      // Every source's rhythm to the destination, regular enough to report or not: a host of the
      // same agent seen fewer times, or with more jitter, still keeps the same interval.
      shared.rhythm(source, target, median);
      if (channel.times.length <= minimumIntervals) return [];
      if (median < 5_000 || median > 6 * hour || spread > maximumSpread) return [];
      // Sizes are judged when most check-ins carry them; otherwise on timing alone.
      const sized = channel.sizes.length * 2 >= channel.times.length;
      const sizes = sizeRegularity(channel.sizes);
      if (sized && sizes.median > maximumCheckInBytes) return [];
      channel.alerted = true;
      const web = port === 443 || port === 8443 || port === 80 || port === 8080 || event.tls !== undefined;
      const encrypted = port === 443 || port === 8443 || event.tls !== undefined;
      const uniform = sized && sizes.spread <= maximumSpread;
      const confidence = Math.min(
        0.95,
        0.55 +
          0.25 * (1 - spread / maximumSpread) +
          0.15 * Math.min(1, (gaps - minimumIntervals) / 40) +
          (uniform ? 0.05 : 0),
      );
      const sizeText = sized
        ? `; median check-in ${sizes.median.toFixed(0)} bytes (size spread ${sizes.spread.toFixed(2)})`
        : '; no byte counts recorded';
      const alert = findingAlert(
        {
          analytic: id,
          title: 'Regular check-ins to one external destination (beaconing)',
          severity: 'medium',
          confidence,
          techniques: web ? (encrypted ? ['T1071.001', 'T1573'] : ['T1071.001']) : ['T1071'],
          tactics: ['command-and-control'],
          timestamp: event.timestamp,
          eventIds: channel.evidence.ids(),
          identity: [source, target],
          reason: `${source} connected to ${destination} port ${port} ${gaps + 1} times at a median interval of ${(median / 1000).toFixed(0)} s with spread ${spread.toFixed(2)} (inter-quartile range / median; at most ${maximumSpread} is timer-like, human traffic is near 1.6); ${sources} source(s) talk to it${sizeText}`,
        },
        options.attack,
      );
      shared.reported(alert.id, source, target, median);
      return [alert];
    },
    stateKeys() {
      return channels.size + shared.size;
    },
    flush() {
      channels.clear();
      return [];
    },
  };
}

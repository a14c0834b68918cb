/**
 * Shared infrastructure is not a beacon. An implant checks in with its server on a timer; so does
 * the software an organisation runs on its hosts (a cloud guest agent, an update or telemetry
 * service). What tells them apart is not the timer but who keeps it: a destination that most of
 * the hosts reaching the outside poll, each with the same rhythm, is the environment's own
 * infrastructure, and a destination many hosts contact is the organisation's own service. The
 * beaconing analytic records here every regular channel it reports; what the whole record shows
 * is only known at its end, so the verdict is asked for later (when reasoning about an incident),
 * and a channel judged shared stays in the incident as context with this reason (a real C2 that
 * reached most hosts is still there for an analyst to see). Being context, such a channel is not
 * the reported evidence of an incident, so its destination is never learned as an indicator
 * (`reportedEvidence` in reason).
 *
 * Shared when either
 *   - at least `minimumHosts` (3) sources contact the destination and port with the same rhythm
 *     as the reported channel (at least `rhythmArrivals` contacts, median interval within a
 *     factor `rhythmFactor`, 1.5, of the channel's: the same timer, with jitter; a host of the
 *     same agent seen fewer times, or with more jitter than a report needs, keeps the same
 *     interval), and they are at least half of the internal sources seen reaching any external
 *     destination: one or two hosts of an attack are never enough, whatever the partition's size; or
 *   - more than `manySources` (3) internal sources contact the destination by the end of the
 *     record (before the channel became regular or after).
 *
 * State: at most `limit` destinations, channels and talking sources (least recently seen
 * forgotten first), and per destination at most `manySources + 1` contacting sources and
 * `limit` sources' rhythms.
 */
import { BoundedMap } from '../../core/index.js';
import { CappedSet, defaultLimits } from './analytic.js';

const minimumHosts = 3;
const rhythmFactor = 1.5;
const manySources = 3;
/** Contacts (so three intervals) from which a source's rhythm to a destination is recorded. */
export const rhythmArrivals = 4;

interface RegularChannel {
  source: string;
  target: string;
  /** Median interval between its check-ins, in milliseconds. */
  median: number;
}

export class SharedDestinations {
  /** Internal sources seen reaching any external destination (capped). */
  private readonly talking: CappedSet;
  private readonly contacting: BoundedMap<string, CappedSet>;
  /** Each source's median interval by destination (`destination|port`); the reported channels by alert. */
  private readonly rhythms: BoundedMap<string, Map<string, number>>;
  private readonly channels: BoundedMap<string, RegularChannel>;

  constructor(private readonly limit = defaultLimits.keys) {
    this.talking = new CappedSet(limit);
    this.contacting = new BoundedMap(limit);
    this.rhythms = new BoundedMap(limit);
    this.channels = new BoundedMap(limit);
  }

  /** How many keys it holds in all its tables. */
  get size(): number {
    return this.talking.size + this.contacting.size + this.rhythms.size + this.channels.size;
  }

  /** An internal source contacted an external destination and port (`destination|port`). */
  contacted(source: string, target: string): number {
    this.talking.add(source);
    const sources = this.contacting.get(target) ?? new CappedSet(manySources + 1);
    sources.add(source);
    this.contacting.set(target, sources);
    return sources.size;
  }

  /** A source's median interval between contacts to a target, as it stands now. */
  rhythm(source: string, target: string, median: number): void {
    const medians = this.rhythms.get(target) ?? new Map<string, number>();
    if (medians.size < this.limit || medians.has(source)) medians.set(source, median);
    this.rhythms.set(target, medians);
  }

  /** The beaconing analytic reported a regular channel (its alert id, source, target and median interval). */
  reported(alertId: string, source: string, target: string, median: number): void {
    this.channels.set(alertId, { source, target, median });
    this.rhythm(source, target, median);
  }

  /** Why the channel an alert reported is shared infrastructure, or undefined when it is not (or unknown). */
  verdict(alertId: string): string | undefined {
    const channel = this.channels.peek(alertId);
    if (!channel) return undefined;
    const [destination, port] = splitTarget(channel.target);
    const medians = [...(this.rhythms.peek(channel.target)?.values() ?? [])];
    const same = medians.filter(
      (median) => median <= channel.median * rhythmFactor && channel.median <= median * rhythmFactor,
    ).length;
    const talking = this.talking.size;
    if (same >= minimumHosts && 2 * same >= talking)
      return `${same} of the ${talking} internal hosts that reach external destinations poll ${destination} port ${port} with the same rhythm (a median interval near ${(channel.median / 1000).toFixed(0)} s): shared infrastructure (an agent or service the environment runs), not one host's implant`;
    const contacting = this.contacting.peek(channel.target)?.size ?? 0;
    if (contacting > manySources)
      return `more than ${manySources} internal hosts contact ${destination} port ${port}: a destination many hosts poll on a timer is the organisation's own software`;
    return undefined;
  }
}

function splitTarget(target: string): [string, string] {
  const at = target.lastIndexOf('|');
  return [target.slice(0, at), target.slice(at + 1)];
}

/**
 * Rarity against a host's own history: in which hours each host was seen, and in which hours
 * each rule fired on it. A rule that fires in most of the hours Vigil has of a host (and in at
 * least `minHours` of them) is that host's background, not an attack step; a short recording
 * has too little history to call anything common. Bounded: at most `maxHosts` hosts, `maxPairs`
 * (host, rule) pairs and `maxHours` hours each.
 */
import type { HostBaseline } from '../reasoner.js';

export interface HostHistoryOptions {
  maxHosts?: number;
  maxPairs?: number;
  maxHours?: number;
  /** Hours a rule must fire in before it can be common. Default 4. */
  minHours?: number;
  /** Share of the host's hours a common rule fires in. Default 0.5. */
  commonShare?: number;
}

const hourOf = (timestamp: string) => Math.floor(Date.parse(timestamp) / 3_600_000);
export const hostKey = (name: string) => name.toLowerCase().split('.')[0]!;

export class HostHistory implements HostBaseline {
  private readonly hostHours = new Map<string, Set<number>>();
  private readonly ruleHours = new Map<string, Set<number>>();
  private readonly options: Required<HostHistoryOptions>;

  constructor(options: HostHistoryOptions = {}) {
    this.options = {
      maxHosts: 10_000,
      maxPairs: 100_000,
      maxHours: 24 * 400,
      minHours: 4,
      commonShare: 0.5,
      ...options,
    };
  }

  private record(map: Map<string, Set<number>>, key: string, timestamp: string, limit: number) {
    const hour = hourOf(timestamp);
    if (!Number.isFinite(hour)) return;
    let hours = map.get(key);
    if (!hours) {
      if (map.size >= limit) return;
      hours = new Set();
      map.set(key, hours);
    }
    if (hours.size < this.options.maxHours) hours.add(hour);
  }

  observeEvent(host: string | undefined, timestamp: string): void {
    if (host) this.record(this.hostHours, hostKey(host), timestamp, this.options.maxHosts);
  }

  observeAlert(host: string | undefined, ruleId: string, timestamp: string): void {
    if (host) this.record(this.ruleHours, `${hostKey(host)}\n${ruleId}`, timestamp, this.options.maxPairs);
  }

  isCommon(host: string, ruleId: string): boolean {
    const fired = this.ruleHours.get(`${hostKey(host)}\n${ruleId}`)?.size ?? 0;
    const seen = this.hostHours.get(hostKey(host))?.size ?? 0;
    return fired >= this.options.minHours && seen > 0 && fired / seen >= this.options.commonShare;
  }
}

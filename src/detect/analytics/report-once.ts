/**
 * Reporting each finding once: the identities an analytic has reported, bounded, and the shell of
 * an analytic whose only state they are (its `stateKeys` and `flush`). Also the clipping of an
 * attacker-written value quoted in a reason.
 */
import { type Alert, BoundedMap, type Event } from '../../core/index.js';
import { type AnalyticOptions, type BehaviourAnalytic, limitsOf } from './analytic.js';

/**
 * The identities already reported: at most `limit`, the least recently reported forgotten first
 * (so a finding forgotten under a flood of others may be reported again, never memory without end).
 */
export class ReportedIdentities {
  private readonly reported: BoundedMap<string, true>;

  constructor(limit: number) {
    this.reported = new BoundedMap(limit);
  }

  /** Whether the identity is reported for the first time; it counts as reported from now on. */
  first(identity: string): boolean {
    if (this.reported.has(identity)) return false;
    this.reported.set(identity, true);
    return true;
  }

  get size(): number {
    return this.reported.size;
  }

  clear(): void {
    this.reported.clear();
  }
}

/**
 * An analytic that judges each event on its own and reports each identity once: `detect` returns
 * the alerts of an event, asking `first(identity)` before it reports one. Its state is the
 * identities reported (at most `limits.keys`); `flush` holds nothing back and forgets them.
 */
export function reportingOnce(
  id: string,
  options: AnalyticOptions,
  detect: (event: Event, first: (identity: string) => boolean) => Alert[],
): BehaviourAnalytic {
  const reported = new ReportedIdentities(limitsOf(options).keys);
  const first = (identity: string) => reported.first(identity);
  return {
    id,
    process: (event) => detect(event, first),
    stateKeys: () => reported.size,
    flush() {
      reported.clear();
      return [];
    },
  };
}

/** An attacker-written value quoted in a reason, at most `limit` characters (`...` marks a cut). */
export function clipped(value: string, limit = 200): string {
  return value.length > limit ? `${value.slice(0, limit - 3)}...` : value;
}

/**
 * DNS tunnelling and exfiltration over DNS: data encoded into the names queried under one parent
 * domain the attacker controls. Per (source, parent domain), within an hour:
 *
 * - many unique subdomains (at least 30): tunnels never repeat a name, caches absorb repeats;
 * - whose labels are long (mean subdomain length at least 20) or random (mean entropy at least
 *   3.5 bits per character; ordinary host names are near 2 to 3);
 * - or a volume of TXT / NULL queries (at least 20, over at least 10 unique names): the record
 *   types that carry the downstream channel.
 *
 * A parent domain that many sources query this way (more than 3) is a service of the organisation
 * (anti-virus reputation look-ups, CDN names), not a tunnel. When the encoded names carry more
 * than 10 KB, a second finding reports exfiltration (T1048). State: one fixed-size record per (source,
 * parent domain), unique names counted in a set capped at 256; at most `limits.keys` keys.
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
import { entropy, isAddress, parentDomain } from './network-address.js';

const minimumUnique = 30;
const minimumLength = 20;
const minimumEntropy = 3.5;
const minimumCarrier = 20;
const maximumSources = 3;
const exfiltrationBytes = 10_000;

interface Window {
  start: number;
  unique: CappedSet;
  queries: number;
  carrier: number;
  length: number;
  entropy: number;
  counted: number;
  bytes: number;
  longestLabel: number;
  evidence: EvidenceSample;
  tunnelReported: boolean;
  exfiltrationReported: boolean;
}

export function createDnsTunnellingAnalytic(options: AnalyticOptions = {}): BehaviourAnalytic {
  const limits = limitsOf(options);
  const windows = new BoundedMap<string, Window>(limits.keys);
  const sourcesByParent = new BoundedMap<string, CappedSet>(limits.keys);
  const id = 'analytic:dns-tunnelling';
  const fresh = (start: number): Window => ({
    start,
    unique: new CappedSet(256),
    queries: 0,
    carrier: 0,
    length: 0,
    entropy: 0,
    counted: 0,
    bytes: 0,
    longestLabel: 0,
    evidence: new EvidenceSample(limits.evidence),
    tunnelReported: false,
    exfiltrationReported: false,
  });

  return {
    id,
    process(event: Event): Alert[] {
      const name = event.dns?.question?.name?.toLowerCase().replace(/\.$/, '');
      if (name === undefined || name === '' || isAddress(name) || name.endsWith('.arpa')) return [];
      const source = event.source?.ip ?? event.host?.name?.toLowerCase();
      if (source === undefined) return [];
      const parent = parentDomain(name);
      const subdomain = name.length > parent.length ? name.slice(0, name.length - parent.length - 1) : '';
      if (subdomain === '') return [];
      const time = timeOf(event);
      if (!Number.isFinite(time)) return [];
      const sources = sourcesByParent.upsert(parent, () => new CappedSet(maximumSources + 1));
      sources.add(source);
      const key = `${source}|${parent}`;
      let window = windows.get(key);
      if (window === undefined || time - window.start > hour) {
        window = fresh(time);
        windows.set(key, window);
      }
      window.queries++;
      const type = event.dns?.question?.type?.toUpperCase();
      if (type === 'TXT' || type === 'NULL' || type === '16' || type === '10') window.carrier++;
      if (!window.unique.has(subdomain)) {
        const isNew = window.unique.size < 256;
        window.unique.add(subdomain);
        if (isNew) {
          const compact = subdomain.replaceAll('.', '');
          window.length += subdomain.length;
          window.entropy += entropy(compact);
          window.counted++;
          window.bytes += Math.floor((compact.length * 5) / 8);
          for (const label of subdomain.split('.')) window.longestLabel = Math.max(window.longestLabel, label.length);
        }
      }
      window.evidence.add(event.id);
      if (window.exfiltrationReported || sources.size > maximumSources) return [];
      const unique = window.unique.size;
      const meanLength = window.counted > 0 ? window.length / window.counted : 0;
      const meanEntropy = window.counted > 0 ? window.entropy / window.counted : 0;
      const encoded = unique >= minimumUnique && (meanLength >= minimumLength || meanEntropy >= minimumEntropy);
      const carrier = window.carrier >= minimumCarrier && unique >= 10;
      if (!encoded && !carrier) return [];
      // A tunnel is reported once; it is reported again, as exfiltration, when the data it carried grows past the volume.
      const exfiltration = window.bytes >= exfiltrationBytes;
      if (window.tunnelReported && !exfiltration) return [];
      window.tunnelReported = true;
      window.exfiltrationReported = exfiltration;
      const strength = Math.min(1, unique / (3 * minimumUnique)) * 0.2 + (encoded && carrier ? 0.15 : 0);
      return [
        findingAlert(
          {
            analytic: exfiltration ? `${id}:exfiltration` : id,
            title: exfiltration ? 'Data sent out encoded in DNS names (DNS tunnel)' : 'DNS tunnel to one parent domain',
            severity: exfiltration ? 'high' : 'medium',
            confidence: 0.6 + strength,
            techniques: exfiltration ? ['T1071.004', 'T1048'] : ['T1071.004'],
            tactics: exfiltration ? ['command-and-control', 'exfiltration'] : ['command-and-control'],
            timestamp: event.timestamp,
            eventIds: window.evidence.ids(),
            reason: `${source} queried ${unique}${unique >= 256 ? '+' : ''} unique names under ${parent} in ${Math.max(1, Math.round((time - window.start) / 60_000))} min (${window.queries} queries, ${window.carrier} TXT/NULL): mean subdomain length ${meanLength.toFixed(0)}, mean entropy ${meanEntropy.toFixed(1)} bits/char, longest label ${window.longestLabel}, about ${window.bytes} bytes encoded; ${sources.size} source(s) query this domain`,
          },
          options.attack,
        ),
      ];
    },
    stateKeys() {
      return windows.size + sourcesByParent.size;
    },
    flush() {
      windows.clear();
      sourcesByParent.clear();
      return [];
    },
  };
}

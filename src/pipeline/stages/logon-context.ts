/**
 * The logons behind an incident: the logon that opened each session the incident's events ran in
 * (same host and logon id), and remote logons to the incident's hosts from its other hosts. They
 * are how the attacker got onto a host (the lateral move from a workstation to a server with a
 * stolen account), yet no rule alerts on them; reasoning and the attack graph read them as context.
 * Bounded: one windowed query per host, a few dozen logons at most.
 */
import type { Event } from '../../core/index.js';
import type { EventQuery } from '../../store/index.js';

/** Logon ids that name no user session (SYSTEM, LOCAL/NETWORK SERVICE, none). */
const uninformative = new Set(['0x0', '0x3e7', '0x3e4', '0x3e5', '-']);
const shortHost = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();
/** How far before the incident's first event a logon may have opened its session. */
const lookBackMs = 12 * 3600_000;
const maxHosts = 20;
const maxLogons = 50;

export async function logonContext(
  listEvents: (query: EventQuery) => Promise<Event[]>,
  events: ReadonlyMap<string, Event>,
): Promise<Event[]> {
  const hosts = new Map<string, string>();
  const sessions = new Set<string>();
  const addresses = new Set<string>();
  let first = '';
  let last = '';
  for (const event of events.values()) {
    if (!first || event.timestamp < first) first = event.timestamp;
    if (!last || event.timestamp > last) last = event.timestamp;
    const name = event.host?.name;
    if (!name) continue;
    hosts.set(shortHost(name), name);
    for (const ip of event.host?.ip ?? []) addresses.add(ip);
    if (event.process && event.category.includes('network') && event.source?.ip) addresses.add(event.source.ip);
    const logonId = event.auth?.logonId?.toLowerCase();
    if (logonId && !uninformative.has(logonId)) sessions.add(`${shortHost(name)}|${logonId}`);
  }
  if (!first) return [];
  const from = new Date(Date.parse(first) - lookBackMs).toISOString();
  const to = new Date(Date.parse(last) + 1).toISOString();
  const found: Event[] = [];
  for (const [short, name] of [...hosts].slice(0, maxHosts)) {
    // The window's first 5,000 events, of which only the logons are read back.
    const window = await listEvents({ host: name, from, to, limit: 5_000, category: 'authentication' });
    for (const event of window) {
      if (found.length >= maxLogons) return found;
      if (events.has(event.id) || !event.category.includes('authentication') || event.outcome === 'failure') continue;
      const logonId = event.auth?.logonId?.toLowerCase();
      const opensSession = logonId !== undefined && sessions.has(`${short}|${logonId}`);
      const workstation = event.source?.domain ? shortHost(event.source.domain) : undefined;
      const fromIncidentHost =
        ['3', '10'].includes(event.auth?.logonType ?? '') &&
        ((workstation !== undefined && workstation !== short && hosts.has(workstation)) ||
          (event.source?.ip !== undefined && addresses.has(event.source.ip)));
      if (opensSession || fromIncidentHost) found.push(event);
    }
  }
  return found;
}

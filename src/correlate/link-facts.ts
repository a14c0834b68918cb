/**
 * Link facts: what an event (alerting or not) says about how entities chain together,
 * kept so that a later alert can be tied to earlier activity. A logon session leads back to
 * the address and workstation it came from; a process leads to its parent and its logon.
 * Facts are small (a key and the keys it leads to), so all events can feed them.
 */
import type { Event } from '../core/index.js';
import { isLinkableIp } from './entity-keys.js';

export type LinkVia = 'logon-session' | 'process-tree';

export interface LinkFact {
  /** Milliseconds since the epoch. */
  time: number;
  eventId: string;
  /** The entity key the fact is about, e.g. `logon:srv01.corp/0x8a3f21` or `process:<guid>`. */
  key: string;
  via: LinkVia;
  /** Keys the entity leads to: the logon's source address and workstation, the process's parent and logon. */
  leadsTo: string[];
}

const processKey = (entityId: string): string => `process:${entityId.replace(/[{}]/g, '').toLowerCase()}`;
const logonKey = (host: string, logonId: string): string => `logon:${host}/${logonId}`.toLowerCase();
const uninformativeLogonIds = new Set(['0x0', '0x3e7', '0x3e4', '0x3e5', '-']);

/** The link fact an event carries, if any. */
export function linkFactOf(event: Event): LinkFact | undefined {
  const time = Date.parse(event.timestamp);
  const host = event.host?.name;
  const logonId = event.auth?.logonId?.toLowerCase();
  const hasSession = host !== undefined && logonId !== undefined && !uninformativeLogonIds.has(logonId);
  if (event.process?.entityId && (event.process.parent?.entityId || hasSession)) {
    const leadsTo: string[] = [];
    if (event.process.parent?.entityId) leadsTo.push(processKey(event.process.parent.entityId));
    if (hasSession) leadsTo.push(logonKey(host, logonId));
    return { time, eventId: event.id, key: processKey(event.process.entityId), via: 'process-tree', leadsTo };
  }
  if (hasSession && event.category.includes('authentication') && event.outcome !== 'failure') {
    const leadsTo: string[] = [];
    const address = event.source?.ip;
    if (address && isLinkableIp(address)) leadsTo.push(`ip:${address.toLowerCase()}`);
    const workstation = event.source?.domain?.toLowerCase().split('.')[0];
    if (workstation && workstation !== '-' && workstation !== host.toLowerCase().split('.')[0])
      leadsTo.push(`host:${workstation}`);
    if (leadsTo.length === 0) return undefined;
    return { time, eventId: event.id, key: logonKey(host, logonId), via: 'logon-session', leadsTo };
  }
  return undefined;
}

/**
 * Which internal address belongs to which host, read from the events themselves (a host's own
 * addresses, the source of its outbound connections, the workstation and address of a logon),
 * so network-sensor records and logons that name only an address land on the right host; and a
 * logon's method in words.
 */
import ipaddr from 'ipaddr.js';
import type { Event } from '../../core/index.js';

const internalRanges = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat']);

export function isInternalAddress(ip: string): boolean {
  return ipaddr.isValid(ip) && internalRanges.has(ipaddr.process(ip).range());
}

const shortHost = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();

export function addressBook(events: readonly Event[]): { hostOf(ip: string): string | undefined } {
  const votes = new Map<string, Map<string, number>>();
  const vote = (ip: string | undefined, host: string | undefined, weight: number) => {
    if (!ip || !host || host === '-' || !isInternalAddress(ip)) return;
    const key = ipaddr.process(ip).toString();
    const forIp = votes.get(key) ?? new Map<string, number>();
    forIp.set(host, (forIp.get(host) ?? 0) + weight);
    votes.set(key, forIp);
  };
  for (const event of events) {
    const host = event.host?.name ? shortHost(event.host.name) : undefined;
    for (const ip of event.host?.ip ?? []) vote(ip, host, 3);
    if (host && event.process && event.category.includes('network')) vote(event.source?.ip, host, 1);
    if (event.category.includes('authentication') && event.source?.domain && event.source.ip)
      vote(event.source.ip, shortHost(event.source.domain), 2);
  }
  const owner = new Map<string, string>();
  for (const [ip, hosts] of votes) {
    const best = [...hosts.entries()].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))[0];
    if (best) owner.set(ip, best[0]);
  }
  return {
    hostOf: (ip) => (ipaddr.isValid(ip) ? owner.get(ipaddr.process(ip).toString()) : undefined),
  };
}

const logonTypes: Record<string, string> = {
  '2': 'interactive',
  '3': 'network logon',
  '4': 'batch',
  '5': 'service',
  '7': 'unlock',
  '8': 'network cleartext',
  '9': 'new credentials (runas /netonly)',
  '10': 'RDP',
  '11': 'cached interactive',
};

/** `network logon (NTLM)`, `RDP`, `ssh password`: how an account logged on, from what the event says. */
export function logonMethod(event: Event): string | undefined {
  const type = event.auth?.logonType ? (logonTypes[event.auth.logonType] ?? `type ${event.auth.logonType}`) : undefined;
  const method = event.auth?.method;
  if (type && method) return `${type} (${method})`;
  if (type) return type;
  if (method) return event.process?.name === 'sshd' ? `ssh ${method}` : method;
  return event.process?.name === 'sshd' ? 'ssh' : undefined;
}

/** Target helpers for the policy: allow-list membership and the host a target lives on. */
import ipaddr from 'ipaddr.js';
import type { ActionProposal } from '../../core/index.js';

type Target = ActionProposal['target'];

function toRange(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    if (value.includes('/')) return ipaddr.parseCIDR(value);
    const address = ipaddr.process(value);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

/** Whether two addresses or ranges share any address. */
export function rangesOverlap(left: string, right: string): boolean {
  const a = toRange(left);
  const b = toRange(right);
  if (!a || !b || a[0].kind() !== b[0].kind()) return false;
  return a[1] <= b[1] ? b[0].match(a) : a[0].match(b);
}

export const shortHost = (name: string): string => name.toLowerCase().split('.')[0] ?? name.toLowerCase();

/** The host a target names: a host itself, or the host part of `host:pid:exe` and `host:path` targets. */
export function hostOfTarget(target: Target): string | undefined {
  if (target.kind === 'host') return shortHost(target.value);
  if (target.kind === 'process' || target.kind === 'file') {
    const host = target.value.split(':')[0];
    return host ? shortHost(host) : undefined;
  }
  return undefined;
}

function domainOf(target: Target): string | undefined {
  if (target.kind === 'domain') return target.value.toLowerCase().replace(/\.$/, '');
  if (target.kind === 'url') {
    try {
      return new URL(target.value).hostname.toLowerCase();
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const accountName = (value: string): string => value.toLowerCase().split('\\').pop()!.split('@')[0]!;

export interface AllowList {
  addresses: readonly string[];
  domains: readonly string[];
  hosts: readonly string[];
  users: readonly string[];
}

/** The allow-list entry a target falls under, if any. */
export function allowListEntryFor(target: Target, allowList: AllowList): string | undefined {
  if (target.kind === 'ip' || target.kind === 'cidr')
    return allowList.addresses.find((entry) => rangesOverlap(entry, target.value));
  const domain = domainOf(target);
  if (domain) {
    return allowList.domains.find((entry) => {
      const listed = entry.toLowerCase().replace(/\.$/, '');
      return domain === listed || domain.endsWith(`.${listed}`);
    });
  }
  if (target.kind === 'user') return allowList.users.find((entry) => accountName(entry) === accountName(target.value));
  const host = hostOfTarget(target);
  if (host) return allowList.hosts.find((entry) => shortHost(entry) === host);
  return undefined;
}

/**
 * Entity keys: the shared things (host, user, ip, domain, hash, process, logon session)
 * by which alerts are linked into incidents. A key is `kind:value`, lower-cased.
 */
import type { Event } from '../core/index.js';

export type EntityKind = 'host' | 'user' | 'ip' | 'domain' | 'hash' | 'process' | 'logon' | 'file';

export interface EntityKey {
  kind: EntityKind;
  value: string;
}

export const keyText = (key: EntityKey): string => `${key.kind}:${key.value}`;

/** Accounts that every Windows host has: linking on them would fuse unrelated hosts. */
const ubiquitousUsers = new Set([
  'system',
  'local service',
  'network service',
  'nt authority\\system',
  'nt authority\\local service',
  'nt authority\\network service',
  '-',
  'anonymous logon',
  'root',
]);

/** Logon ids of the machine's own sessions (SYSTEM, LOCAL/NETWORK SERVICE): shared by everything on a host. */
const systemLogonIds = new Set(['0x0', '0x3e7', '0x3e4', '0x3e5', '-']);

/** Addresses that never identify one machine. */
export function isLinkableIp(ip: string): boolean {
  return !(
    ip === '0.0.0.0' ||
    ip === '::' ||
    ip === '::1' ||
    ip.startsWith('127.') ||
    ip === '-' ||
    ip.startsWith('255.') ||
    ip.startsWith('224.') ||
    ip.startsWith('ff0')
  );
}

function push(keys: EntityKey[], kind: EntityKind, value: string | undefined): void {
  if (!value) return;
  const normalised = value.trim().toLowerCase();
  if (normalised.length === 0) return;
  keys.push({ kind, value: normalised });
}

function userName(user: { name?: string | undefined; domain?: string | undefined } | undefined): string | undefined {
  if (!user?.name) return undefined;
  const name = user.name.toLowerCase();
  if (ubiquitousUsers.has(name) || name.endsWith('$')) return undefined;
  return user.domain ? `${user.domain.toLowerCase()}\\${name}` : name;
}

/** The entity keys of one event, without duplicates. */
export function entityKeysOf(event: Event): EntityKey[] {
  const keys: EntityKey[] = [];
  push(keys, 'host', event.host?.name?.split('.')[0]);
  const user = userName(event.user);
  if (user && !ubiquitousUsers.has(user)) push(keys, 'user', user);
  const target = userName(event.targetUser);
  if (target && !ubiquitousUsers.has(target)) push(keys, 'user', target);
  for (const ip of [event.source?.ip, event.destination?.ip]) if (ip && isLinkableIp(ip)) push(keys, 'ip', ip);
  push(keys, 'domain', event.dns?.question?.name ?? event.url?.domain ?? event.destination?.domain);
  for (const hashes of [event.process?.hashes, event.file?.hashes]) push(keys, 'hash', hashes?.sha256 ?? hashes?.md5);
  if (event.process?.entityId) push(keys, 'process', event.process.entityId.replace(/[{}]/g, ''));
  if (event.process?.parent?.entityId) push(keys, 'process', event.process.parent.entityId.replace(/[{}]/g, ''));
  const logonId = event.auth?.logonId?.toLowerCase();
  if (logonId && event.host?.name && !systemLogonIds.has(logonId)) push(keys, 'logon', `${event.host.name}/${logonId}`);
  const seen = new Set<string>();
  return keys.filter((key) => {
    const text = keyText(key);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

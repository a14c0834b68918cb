/**
 * The concrete targets of the built-in plan, found on the incident's own events: external
 * addresses and domains the attacker used, hosts where attacker code ran (not hosts that were
 * only attacked from outside), processes by host + pid + image, files by path (taken out of
 * command lines where an event carries one) with their hash, and every account the attacker
 * used, created or escalated. Each target is checked against the kind its action names.
 */
import ipaddr from 'ipaddr.js';
import {
  type ActionType,
  type Alert,
  actionTargetIssue,
  type Event,
  type EvidenceRef,
  isFilePath,
  pathsInCommandLine,
  type TargetKind,
} from '../../core/index.js';
import type { ReasoningInput } from '../reasoner.js';

export interface Target {
  kind: TargetKind;
  value: string;
  evidence: EvidenceRef[];
  parameters: Record<string, unknown>;
}

/** Ranges that belong to the organisation itself or to no one: never blocked at the perimeter. */
const internalRanges = new Set([
  'private',
  'loopback',
  'linkLocal',
  'multicast',
  'broadcast',
  'unspecified',
  'carrierGradeNat',
  'uniqueLocal',
]);

/** Whether an address lies outside the organisation (documentation ranges count as outside, as in examples). */
export function isExternalAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return !internalRanges.has(ipaddr.process(ip).range());
}

const systemAccount = /^(system|local service|network service|-|anonymous logon)$|\$$/i;

/** Folders of the operating system and installed software: their binaries are not the attacker's payload. */
const systemFolders = ['\\windows\\system32\\', '\\windows\\syswow64\\', '\\windows\\winsxs\\', '\\program files'];
const isSystemBinary = (path: string): boolean => {
  const lower = path.toLowerCase();
  return systemFolders.some((folder) => lower.includes(folder));
};

export const accountName = (user: { name?: string | undefined; domain?: string | undefined }): string =>
  user.domain ? `${user.domain}\\${user.name}` : (user.name ?? '');

const hostOf = (event: Event): string | undefined => event.host?.name?.toLowerCase();

/** Files an event names: its own file path when it is one file, else the paths inside it or the command line. */
function filesOf(event: Event): string[] {
  const named: string[] = [];
  const path = event.file?.path;
  if (path) named.push(...(isFilePath(path) ? [path] : pathsInCommandLine(path)));
  if (event.process?.commandLine) named.push(...pathsInCommandLine(event.process.commandLine));
  if (event.registry?.data) named.push(...pathsInCommandLine(event.registry.data));
  if (event.process?.executable && isFilePath(event.process.executable)) named.push(event.process.executable);
  return [...new Map(named.filter((file) => !isSystemBinary(file)).map((file) => [file.toLowerCase(), file])).values()];
}

/** The SHA-256 of a file on a host, from any incident event that shows it (file or process image). */
function hashOf(host: string, path: string, events: ReadonlyMap<string, Event>): string | undefined {
  const wanted = path.toLowerCase();
  for (const event of events.values()) {
    if (hostOf(event) !== host) continue;
    if (event.file?.path?.toLowerCase() === wanted && event.file.hashes?.sha256) return event.file.hashes.sha256;
    if (event.process?.executable?.toLowerCase() === wanted && event.process.hashes?.sha256)
      return event.process.hashes.sha256;
  }
  return undefined;
}

/** Whether attacker code or an attacker logon ran on the event's host (not only traffic aimed at it). */
function showsCompromise(event: Event): boolean {
  if (event.process?.executable || event.process?.commandLine) return true;
  if (event.category.includes('authentication')) return event.outcome === 'success';
  return event.category.some((category) => ['file', 'registry', 'configuration', 'iam'].includes(category));
}

export type AccountRole = 'used' | 'created' | 'escalated' | 'moved-laterally';

export interface AttackerAccount {
  name: string;
  roles: Set<AccountRole>;
  evidence: EvidenceRef[];
}

/** Every account the attacker used in the incident's steps, with how: used, created, escalated, moved laterally. */
export function attackerAccounts(
  events: readonly Event[],
  lateralHosts: ReadonlySet<string>,
): Map<string, AttackerAccount> {
  const accounts = new Map<string, AttackerAccount>();
  const note = (user: Event['user'], role: AccountRole, event: Event) => {
    if (!user?.name || systemAccount.test(user.name)) return;
    const name = accountName(user);
    const entry = accounts.get(name.toLowerCase()) ?? { name, roles: new Set<AccountRole>(), evidence: [] };
    entry.roles.add(role);
    if (entry.evidence.length < 5 && !entry.evidence.some((reference) => reference.id === event.id))
      entry.evidence.push({ kind: 'event', id: event.id });
    accounts.set(name.toLowerCase(), entry);
  };
  for (const event of events) {
    if (event.outcome === 'failure') continue;
    const action = event.action ?? '';
    const host = hostOf(event);
    const remoteLogon =
      event.category.includes('authentication') && ['3', '10'].includes(event.auth?.logonType ?? '') && host;
    const actor: AccountRole = (host && lateralHosts.has(host)) || remoteLogon ? 'moved-laterally' : 'used';
    if (action === 'user-account-created') note(event.targetUser, 'created', event);
    else if (action === 'added-member-to-group') note(event.targetUser, 'escalated', event);
    else if (event.targetUser)
      note(event.targetUser, event.category.includes('authentication') ? actor : 'used', event);
    note(event.user, action === 'special-privileges-assigned' ? 'escalated' : actor, event);
  }
  return accounts;
}

/** The targets an action type applies to, found on the events of the alerts of one stage. */
export function targetsFor(
  action: ActionType,
  events: readonly Event[],
  alerts: readonly Alert[],
  input: ReasoningInput,
): Target[] {
  const found = new Map<string, Target>();
  const add = (kind: TargetKind, value: string | undefined, event: Event, parameters: Record<string, unknown> = {}) => {
    if (!value || actionTargetIssue(action, { kind, value })) return;
    const key = `${kind}:${value.toLowerCase()}`;
    const target = found.get(key) ?? { kind, value, evidence: [], parameters };
    if (target.evidence.length < 5 && !target.evidence.some((reference) => reference.id === event.id))
      target.evidence.push({ kind: 'event', id: event.id });
    found.set(key, target);
  };
  for (const event of events) {
    const host = hostOf(event);
    switch (action) {
      case 'block-ip':
        for (const ip of [event.destination?.ip, event.source?.ip])
          if (ip && isExternalAddress(ip)) add('ip', ip, event);
        break;
      case 'block-domain':
        add('domain', (event.dns?.question?.name ?? event.url?.domain ?? event.tls?.serverName)?.toLowerCase(), event);
        break;
      case 'isolate-host':
      case 'collect-artefacts':
        if (showsCompromise(event)) add('host', host, event);
        break;
      case 'add-to-watchlist':
        add('host', host, event);
        break;
      case 'kill-process':
        if (host && event.process?.executable && event.process.pid !== undefined)
          add('process', `${host}:${event.process.pid}:${event.process.executable}`, event, {
            host,
            pid: event.process.pid,
            image: event.process.executable,
          });
        break;
      case 'quarantine-file':
        if (!host) break;
        for (const path of filesOf(event)) {
          const sha256 = hashOf(host, path, input.events);
          add('file', `${host}:${path}`, event, { host, path, ...(sha256 ? { sha256 } : {}) });
        }
        break;
      default:
        break;
    }
  }
  // Indicator matches make network blocks evidence-backed by intelligence too.
  if (action === 'block-ip' || action === 'block-domain') {
    for (const match of input.indicatorMatches) {
      const target = found.get(`${action === 'block-ip' ? 'ip' : 'domain'}:${match.value.toLowerCase()}`);
      if (target && !target.evidence.some((reference) => reference.id === match.indicatorId)) {
        target.evidence.push({ kind: 'indicator', id: match.indicatorId });
      }
    }
  }
  for (const target of found.values())
    target.evidence.unshift(...alerts.slice(0, 3).map((alert) => ({ kind: 'alert' as const, id: alert.id })));
  return [...found.values()];
}

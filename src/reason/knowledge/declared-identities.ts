/**
 * Who the administrators are (the asset inventory's `identities`): an administrator's work on a
 * host they administer, from where they work, in their change window, is context with the reason,
 * not an incident. It is the routine baseline's other half: routine evidence is learned from the
 * data, declared identities are what the organisation says.
 *
 * A single-event detection is declared administration when
 * - it is of a kind that can be routine at all (not a correlation, an analytic, a
 *   threat-intelligence match or a critical rule: `canBeRoutine`), so password guessing before a
 *   login, a spray, a beacon or a sequence of attack steps are never explained away;
 * - every technique it names is administration for the identity's role: remote sessions, valid
 *   accounts, new accounts and group changes, SSH keys, scheduled jobs, services, software
 *   deployment and installs, sudo, shells and scripts, discovery (an administrator's work, as
 *   ATT&CK describes each technique's benign use); never credential access, evasion, collection,
 *   command and control, exfiltration or impact, unless the inventory declares the identity
 *   routinely performs that technique (its `techniques`: the organisation's word for it);
 * - its actor is a declared identity (the event's account, or, for an event that names none, the
 *   account of the host's latest logon in the last `sessionMs`: `useradd` after `sudo`);
 * - on a host the identity administers (by name or asset role);
 * - from a declared source: the event's own source address, else the address of the identity's
 *   latest logon on that host in the last `sessionMs` (a guessed login from outside makes every
 *   later step of that session undeclared);
 * - inside a declared change window, when the identity has any.
 *
 * The verdict is taken when the detection fires, on what was seen before it, so a stream and a
 * batch give the same verdicts. State: the last `maxLogons` logons of at most `maxHosts` hosts and
 * at most `maxVerdicts` verdicts (defaults 32, 10,000 and 100,000: about 20 MB at most); past a
 * bound a detection is not declared administration (it stays evidence).
 */
import { BlockList, isIP } from 'node:net';
import type { Alert, Event, Identity } from '../../core/index.js';
import { shortHostName } from '../asset-inventory.js';
import { actorOf, canBeRoutine } from './routine-evidence.js';

/** ATT&CK techniques whose benign use is administration (parents: every sub-technique). */
const administrationParents = new Set([
  'T1021', // remote services: RDP, SMB admin shares, SSH, WinRM
  'T1078', // valid accounts
  'T1136', // create account
  'T1053', // scheduled task / cron
  'T1543', // create or modify system process (services)
  'T1569', // system services (service execution)
  'T1072', // software deployment tools
  'T1059', // command and scripting interpreters
  'T1047', // WMI
  'T1007', // discovery: services, network, connections, owners, accounts, groups, processes, files, systems, registry, shares, time
  'T1016',
  'T1049',
  'T1033',
  'T1082',
  'T1087',
  'T1069',
  'T1057',
  'T1083',
  'T1018',
  'T1012',
  'T1135',
  'T1124',
]);
/** Sub-techniques that are administration where their parent is not (installs, sudo, keys, groups). */
const administrationExact = new Set(['T1218.007', 'T1548.003', 'T1098', 'T1098.004', 'T1098.007']);
/** A service account's work: its logons, scheduled jobs, services and the scripts they run. */
const serviceParents = new Set(['T1078', 'T1053', 'T1543', 'T1569', 'T1059']);

const parentOf = (technique: string) => technique.split('.')[0]!;
const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export function isAdministration(technique: string, role: Identity['role']): boolean {
  if (role === 'service') return serviceParents.has(parentOf(technique));
  return administrationParents.has(parentOf(technique)) || administrationExact.has(technique);
}

export interface DeclaredIdentitiesOptions {
  /** How long after a logon the host's later actions are that logon's. Default one hour. */
  sessionMs?: number;
  maxHosts?: number;
  maxLogons?: number;
  maxVerdicts?: number;
}

interface Logon {
  time: number;
  account: string;
  source: string | undefined;
}

interface CompiledIdentity {
  identity: Identity;
  account: string;
  /** Compared on the account name alone when the declaration names no domain. */
  nameOnly: boolean;
  hosts: Set<string>;
  roles: Set<string>;
  sources: BlockList | undefined;
  /** Its declared `techniques`, upper case. */
  techniques: Set<string>;
}

function compile(identity: Identity): CompiledIdentity {
  const account = identity.account.toLowerCase();
  let sources: BlockList | undefined;
  if (identity.sources) {
    sources = new BlockList();
    for (const entry of identity.sources) {
      const [address, bits] = entry.split('/') as [string, string | undefined];
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(address) === 0) continue;
      if (bits === undefined) sources.addAddress(address, family);
      else if (/^\d{1,3}$/.test(bits)) sources.addSubnet(address, Number(bits), family);
    }
  }
  return {
    identity,
    account,
    nameOnly: !account.includes('\\'),
    hosts: new Set(identity.hosts.map(shortHostName)),
    roles: new Set(identity.assetRoles.map((role) => role.toLowerCase())),
    sources,
    techniques: new Set((identity.techniques ?? []).map((technique) => technique.toUpperCase())),
  };
}

/** Whether the identity's work includes the technique: its role's administration, or a technique it declares (or its parent). */
function performs(declared: CompiledIdentity, technique: string): boolean {
  if (isAdministration(technique, declared.identity.role)) return true;
  const id = technique.toUpperCase();
  return declared.techniques.has(id) || declared.techniques.has(parentOf(id));
}

export class DeclaredIdentities {
  private readonly identities: CompiledIdentity[];
  private readonly hostRoles: ReadonlyMap<string, string>;
  private readonly logons = new Map<string, Logon[]>();
  private readonly verdicts = new Map<string, string>();
  private readonly options: Required<DeclaredIdentitiesOptions>;

  constructor(
    identities: readonly Identity[],
    assets: readonly { host: string; role?: string | undefined }[] = [],
    options: DeclaredIdentitiesOptions = {},
  ) {
    this.identities = identities.map(compile);
    this.hostRoles = new Map(
      assets.flatMap((asset) => (asset.role ? [[shortHostName(asset.host), asset.role.toLowerCase()] as const] : [])),
    );
    this.options = { sessionMs: 3_600_000, maxHosts: 10_000, maxLogons: 32, maxVerdicts: 100_000, ...options };
  }

  get size(): number {
    return this.identities.length;
  }

  /** Notes a successful logon (any account's: the latest one on a host is whose session it is). */
  observeEvent(event: Event): void {
    if (!event.category.includes('authentication') || event.outcome !== 'success') return;
    const account = actorOf(event);
    const host = event.host?.name ? shortHostName(event.host.name) : undefined;
    const time = Date.parse(event.timestamp);
    if (!account || !host || !Number.isFinite(time)) return;
    let list = this.logons.get(host);
    if (!list) {
      if (this.logons.size >= this.options.maxHosts) return;
      list = [];
      this.logons.set(host, list);
    }
    list.push({ time, account, source: event.source?.ip });
    if (list.length > this.options.maxLogons) list.shift();
  }

  /** Takes the verdict on a detection when it fires (its trigger event already observed). */
  observeAlert(alert: Alert, event: Event): void {
    if (this.verdicts.size >= this.options.maxVerdicts || this.verdicts.has(alert.id)) return;
    const verdict = this.judge(alert, event);
    if (verdict) this.verdicts.set(alert.id, verdict);
  }

  /** Why the alert is declared administration, when it is (as taken when it fired). */
  administration(alert: Alert): string | undefined {
    return this.verdicts.get(alert.id);
  }

  private judge(alert: Alert, event: Event): string | undefined {
    if (!canBeRoutine(alert) || alert.techniques.length === 0) return undefined;
    const host = event.host?.name ? shortHostName(event.host.name) : undefined;
    const time = Date.parse(event.timestamp);
    if (!host || !Number.isFinite(time)) return undefined;
    const named = actorOf(event);
    const account = named ?? this.latestLogon(host, time)?.account;
    if (!account) return undefined;
    for (const declared of this.identities) {
      if (!this.matches(declared, account)) continue;
      if (!declared.hosts.has(host) && !declared.roles.has(this.hostRoles.get(host) ?? '')) continue;
      if (!alert.techniques.every((technique) => performs(declared, technique))) continue;
      const source = event.source?.ip ?? this.latestLogon(host, time, declared)?.source;
      if (declared.sources && !(source && this.within(declared.sources, source))) continue;
      if (declared.identity.changeWindows && !inWindow(declared.identity.changeWindows, time)) continue;
      const who = declared.identity.role === 'admin' ? 'a declared administrator' : 'a declared service account';
      const from = source ? ` from ${source}` : '';
      const window = declared.identity.changeWindows ? ', in its change window' : '';
      const through = named ? '' : ` (its session: the host's latest logon)`;
      const beyondRole = alert.techniques.filter((technique) => !isAdministration(technique, declared.identity.role));
      const routine =
        beyondRole.length > 0 ? `; the inventory declares it routinely performs ${beyondRole.join(', ')}` : '';
      return `${declared.identity.account} is ${who} of ${event.host!.name} (asset inventory)${from}${window}${through}: "${alert.ruleTitle}" is its administration there${routine}`;
    }
    return undefined;
  }

  /** The same account; a side that names no domain compares names (a different domain never matches). */
  private matches(declared: CompiledIdentity, account: string): boolean {
    if (declared.account === account) return true;
    const name = account.slice(account.lastIndexOf('\\') + 1);
    if (declared.nameOnly) return name === declared.account;
    return !account.includes('\\') && declared.account.slice(declared.account.lastIndexOf('\\') + 1) === name;
  }

  private within(sources: BlockList, address: string): boolean {
    const family = isIP(address);
    return family !== 0 && sources.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** The host's latest logon at or before `time` within the session span (of `declared` only, when given). */
  private latestLogon(host: string, time: number, declared?: CompiledIdentity): Logon | undefined {
    let latest: Logon | undefined;
    for (const logon of this.logons.get(host) ?? []) {
      if (logon.time > time || time - logon.time > this.options.sessionMs) continue;
      if (declared && !this.matches(declared, logon.account)) continue;
      if (!latest || logon.time >= latest.time) latest = logon;
    }
    return latest;
  }
}

function inWindow(windows: NonNullable<Identity['changeWindows']>, time: number): boolean {
  const date = new Date(time);
  const minute = date.getUTCHours() * 60 + date.getUTCMinutes();
  const today = days[date.getUTCDay()]!;
  const yesterday = days[(date.getUTCDay() + 6) % 7]!;
  return windows.some((window) => {
    const from = minutesOf(window.from);
    const to = minutesOf(window.to);
    const on = (day: (typeof days)[number]) => !window.days || window.days.includes(day);
    if (from <= to) return on(today) && minute >= from && minute <= to;
    // Past midnight: the evening part today, the morning part belongs to yesterday's window.
    return (on(today) && minute >= from) || (on(yesterday) && minute <= to);
  });
}

import type { EventCategory } from '../../../core/index.js';
import { compileGuardedRegex } from '../../../guard/index.js';
import { compact, integer } from '../../event/flatten.js';
import type { EventDraft } from '../../types.js';

/** What a program's message says, in ECS terms; `fields` are added to the event's own fields. */
export type ProgramFacts = Omit<EventDraft, 'fields'> & { fields?: Record<string, unknown> };

/**
 * A message pattern and what its groups mean. Patterns V8 provably runs in linear time
 * (`whyNotLinear`) stay native; the others run on the guard's linear engine.
 */
interface MessageRule {
  pattern: { exec(text: string): readonly (string | undefined)[] | null | undefined };
  facts(match: readonly (string | undefined)[]): ProgramFacts;
}

const authentication: EventCategory[] = ['authentication'];

/** An address or host name as sshd prints it; `Received disconnect from 1.2.3.4: 11: Bye` ends the address with a colon. */
function address(text: string | undefined): { ip?: string; domain?: string } | undefined {
  if (!text) return undefined;
  const value = text.endsWith(':') && !text.endsWith('::') ? text.slice(0, -1) : text;
  if (!value) return undefined;
  return /^[\d.]+$/.test(value) || value.includes(':') ? { ip: value } : { domain: value };
}

const sshRules: MessageRule[] = [
  {
    pattern: /^Accepted (\S+) for (\S+) from (\S+) port (\d+)/,
    facts: (m) => ({
      category: [...authentication, 'session'],
      action: 'logged-in',
      outcome: 'success',
      user: { name: m[2] },
      source: compact({ ...address(m[3]), port: integer(m[4]) }),
      auth: { method: m[1] },
    }),
  },
  {
    pattern: /^Failed (\S+) for (invalid user )?(\S*) from (\S+) port (\d+)/,
    facts: (m) => ({
      category: authentication,
      action: m[2] ? 'invalid-user' : 'logon-failed',
      outcome: 'failure',
      user: compact({ name: m[3] || undefined }),
      source: compact({ ...address(m[4]), port: integer(m[5]) }),
      auth: { method: m[1] },
    }),
  },
  {
    pattern: /^[Ii]nvalid user (\S*) from (\S+)(?: port (\d+))?/,
    facts: (m) => ({
      category: authentication,
      action: 'invalid-user',
      outcome: 'failure',
      user: compact({ name: m[1] || undefined }),
      source: compact({ ...address(m[2]), port: integer(m[3]) }),
    }),
  },
  {
    pattern: /^reverse mapping checking getaddrinfo for (\S+) \[(\S+)\] failed/,
    facts: (m) => ({ category: ['network'], action: 'reverse-mapping-failed', source: { ip: m[2], domain: m[1] } }),
  },
  {
    pattern:
      /^(?:Received disconnect|Disconnected|Connection closed|Connection reset) (?:from|by) (?:(?:invalid |authenticating )?user (\S+) )?(\S+)(?: port (\d+))?/,
    facts: (m) => ({
      category: ['network', 'session'],
      action: 'disconnected',
      user: compact({ name: m[1] }),
      source: compact({ ...address(m[2]), port: integer(m[3]) }),
    }),
  },
];

const pamRules: MessageRule[] = [
  {
    pattern: compileGuardedRegex(/authentication failure;.*?rhost=(\S*)(?:\s+user=(\S+))?/.source),
    facts: (m) => ({
      category: authentication,
      action: 'logon-failed',
      outcome: 'failure',
      user: compact({ name: m[2] }),
      source: address(m[1] || undefined),
    }),
  },
  {
    pattern: compileGuardedRegex(
      /session opened for user (\S+?)(?:\(uid=\d+\))?(?: by (\S+?)(?:\(uid=\d+\))?)?$/.source,
    ),
    facts: (m) => ({
      category: ['session'],
      action: 'session-opened',
      outcome: 'success',
      user: compact({ name: m[2] && m[2] !== '(uid=0)' ? m[2] : undefined }),
      targetUser: { name: m[1] as string },
    }),
  },
  {
    pattern: /session closed for user (\S+)/,
    facts: (m) => ({ category: ['session'], action: 'session-closed', targetUser: { name: m[1] as string } }),
  },
  {
    pattern: /password changed for (\S+)/,
    facts: (m) => ({
      category: ['iam'],
      action: 'password-changed',
      outcome: 'success',
      targetUser: { name: m[1] as string },
    }),
  },
];

const sudoRules: MessageRule[] = [
  {
    pattern: compileGuardedRegex(
      /^\s*(\S+) : (?:(\d+) incorrect password attempts? ; )?(?:TTY=(\S+) ; )?PWD=(.*?) ; USER=(\S+) ;(?: .*?;)? COMMAND=(.*)$/
        .source,
    ),
    facts: (m) => ({
      category: ['process', 'iam'],
      action: m[2] ? 'sudo-failed' : 'sudo',
      outcome: m[2] ? 'failure' : 'success',
      user: { name: m[1] as string },
      targetUser: { name: m[5] as string },
      process: { commandLine: m[6] },
      fields: { tty: m[3], pwd: m[4] },
    }),
  },
];

const suRules: MessageRule[] = [
  {
    pattern: compileGuardedRegex(/^(?:Successful su for (\S+) by (\S+)|\(to (\S+)\) (\S+) on)/.source),
    facts: (m) => ({
      category: ['authentication', 'iam'],
      action: 'su',
      outcome: 'success',
      user: { name: (m[2] ?? m[4]) as string },
      targetUser: { name: (m[1] ?? m[3]) as string },
    }),
  },
  {
    pattern: compileGuardedRegex(/^(?:FAILED su for (\S+) by (\S+)|'su (\S+)' failed for (\S+))/.source),
    facts: (m) => ({
      category: ['authentication', 'iam'],
      action: 'su',
      outcome: 'failure',
      user: { name: (m[2] ?? m[4]) as string },
      targetUser: { name: (m[1] ?? m[3]) as string },
    }),
  },
];

const cronRules: MessageRule[] = [
  {
    pattern: compileGuardedRegex(/^\((\S+)\) CMD \((.*)\)$/.source),
    facts: (m) => ({
      category: ['process'],
      action: 'cron-command',
      user: { name: m[1] as string },
      process: { commandLine: m[2] },
    }),
  },
];

const accountRules: MessageRule[] = [
  {
    pattern: /^new user: name=([^,\s]+)/,
    facts: (m) => ({
      category: ['iam'],
      action: 'user-account-created',
      outcome: 'success',
      targetUser: { name: m[1] as string },
    }),
  },
  {
    pattern: /^new group: name=([^,\s]+)/,
    facts: (m) => ({ category: ['iam'], action: 'group-created', outcome: 'success', fields: { group: m[1] } }),
  },
  {
    pattern: /^(?:delete user|deleted user) '?([^'\s]+)'?/,
    facts: (m) => ({
      category: ['iam'],
      action: 'user-account-deleted',
      outcome: 'success',
      targetUser: { name: m[1] as string },
    }),
  },
  {
    pattern: /^add '([^']+)' to (?:shadow )?group '([^']+)'/,
    facts: (m) => ({
      category: ['iam'],
      action: 'added-member-to-group',
      targetUser: { name: m[1] as string },
      fields: { group: m[2] },
    }),
  },
];

const firewallLine = compileGuardedRegex(/\bSRC=\S+ DST=\S+/.source);

function firewallFacts(message: string): ProgramFacts | undefined {
  if (!firewallLine.test(message)) return undefined;
  const pairs: Record<string, string> = {};
  for (const match of message.matchAll(/\b([A-Z]+)=(\S*)/g)) pairs[match[1] as string] = match[2] as string;
  const prefix = firewallPrefix(message);
  const blocked = /BLOCK|DROP|DENY|REJECT/i.test(prefix ?? message.slice(0, 40));
  return {
    category: ['network'],
    action: blocked ? 'firewall-dropped' : 'firewall-logged',
    outcome: blocked ? 'failure' : undefined,
    source: compact({ ip: pairs.SRC, port: integer(pairs.SPT) }),
    destination: compact({ ip: pairs.DST, port: integer(pairs.DPT) }),
    network: compact({ transport: pairs.PROTO?.toLowerCase(), bytes: integer(pairs.LEN) }),
    fields: { firewall: { ...pairs, ...(prefix ? { prefix } : {}) } },
  };
}

/** The log prefix before the first `IN=` (`[UFW BLOCK] IN=…` → `UFW BLOCK`), in one linear pass. */
function firewallPrefix(message: string): string | undefined {
  const at = message.indexOf('IN=');
  if (at === -1) return undefined;
  let head = message.slice(0, at);
  if (head.startsWith('[')) head = head.slice(1);
  head = head.trimEnd();
  if (head.endsWith(']')) head = head.slice(0, -1);
  return /[\]=]/.test(head) ? undefined : head.trim();
}

function firstMatch(rules: MessageRule[], message: string): ProgramFacts | undefined {
  for (const rule of rules) {
    const match = rule.pattern.exec(message);
    if (match) return rule.facts(match);
  }
  return undefined;
}

/**
 * Facts from the messages of common programs: sshd logons and failures, PAM, sudo, su, cron,
 * useradd/userdel/usermod/passwd, and kernel firewall (iptables/UFW) log lines.
 */
export function parseProgramMessage(program: string | undefined, message: string): ProgramFacts | undefined {
  const lower = (program ?? '').toLowerCase();
  const bracket = lower.endsWith(')') ? lower.indexOf('(') : -1;
  const name = bracket === -1 ? lower : lower.slice(0, bracket);
  if (name === 'sshd') return firstMatch(sshRules, message) ?? firstMatch(pamRules, message);
  if (name === 'sudo') return firstMatch(sudoRules, message) ?? firstMatch(pamRules, message);
  if (name === 'su') return firstMatch(suRules, message) ?? firstMatch(pamRules, message);
  if (name === 'cron' || name === 'crond') return firstMatch(cronRules, message) ?? firstMatch(pamRules, message);
  if (['useradd', 'userdel', 'usermod', 'groupadd', 'gpasswd', 'passwd', 'chpasswd'].includes(name)) {
    return firstMatch(accountRules, message) ?? firstMatch(pamRules, message);
  }
  if (name === 'kernel') return firewallFacts(message);
  return firstMatch(pamRules, message);
}

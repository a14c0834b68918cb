/**
 * What a response action's target must be: which entity kinds each action type applies to,
 * and what a value of each kind looks like (`host:pid:image` for a process, `host:path` for a
 * file, an address for an IP...). Planners, model output and the API check proposals with it,
 * so `quarantine-file` never names a command line and `kill-process` never lacks a pid.
 * Values are attacker-written data: everything here is plain string work, no regex.
 */
import { z } from 'zod';
import { type ActionType, targetKindSchema } from './action-proposal.js';
import { addressType, hashType } from './classify-observable.js';

/** The kind of entity a response action aims at (`targetKindSchema` is its definition). */
export type TargetKind = z.infer<typeof targetKindSchema>;
const everyKind: readonly TargetKind[] = targetKindSchema.options;

/**
 * The entity kinds each action type may aim at: the one table the planners, model output, the
 * API and the action catalogue (respond) all read, so what a plan proposes is what runs.
 */
export const targetKindsByAction: Readonly<Record<ActionType, readonly TargetKind[]>> = {
  'block-ip': ['ip', 'cidr'],
  'block-domain': ['domain'],
  'block-url': ['url'],
  'isolate-host': ['host', 'ip'],
  'release-host': ['host', 'ip'],
  'disable-account': ['user'],
  'enable-account': ['user'],
  'kill-process': ['process'],
  'quarantine-file': ['file', 'hash'],
  'reset-credentials': ['user'],
  'collect-artefacts': ['host'],
  'open-ticket': ['incident'],
  notify: ['incident', 'user', 'host', 'other'],
  'add-to-watchlist': ['ip', 'cidr', 'domain', 'url', 'host', 'user', 'hash'],
  'run-script': everyKind,
  other: everyKind,
};

const executableExtensions = ['.exe', '.dll', '.ps1', '.bat', '.cmd', '.vbs', '.js', '.hta', '.scr', '.msi', '.com'];
const forbiddenInPath = ['%', '"', '|', '<', '>', '*', '?', '\n', '\r', '\t'];

/** An absolute Windows (`C:\…`, `\\server\…`) or POSIX path (at least two segments, so `/c` is a switch). */
export function isAbsolutePath(path: string): boolean {
  if (path.startsWith('/')) return path.indexOf('/', 1) > 1 && !path.endsWith('/');
  if (path.startsWith('\\\\')) return true;
  const drive = path.charCodeAt(0) | 0x20;
  return path.length > 3 && drive >= 0x61 && drive <= 0x7a && path[1] === ':' && (path[2] === '\\' || path[2] === '/');
}

/**
 * A path that names one file, not a command line: absolute, no environment variables, quotes
 * or wildcards, and no argument after an executable's name (`cmd.exe /c …`).
 */
export function isFilePath(path: string): boolean {
  if (!isAbsolutePath(path) || path.length > 1024) return false;
  if (forbiddenInPath.some((character) => path.includes(character))) return false;
  const lower = path.toLowerCase();
  return !executableExtensions.some((extension) => lower.includes(`${extension} `));
}

/** Absolute file paths named in a command line (quoted or not), in order, without duplicates. */
export function pathsInCommandLine(commandLine: string): string[] {
  const found: string[] = [];
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const character of commandLine.slice(0, 8192)) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === ' ' || character === '\t' || character === '=' || character === ',')) {
      tokens.push(current);
      current = '';
    } else current += character;
  }
  tokens.push(current);
  for (const token of tokens) {
    let start = 0;
    let end = token.length;
    while (start < end && token[start] === "'") start += 1;
    while (end > start && token[end - 1] === "'") end -= 1;
    const trimmed = token.slice(start, end);
    if (isFilePath(trimmed) && !found.some((known) => known.toLowerCase() === trimmed.toLowerCase()))
      found.push(trimmed);
  }
  return found;
}

export interface ProcessTarget {
  host: string;
  pid: number;
  image: string;
}

/** `host:pid:image`, e.g. `ws01:4242:C:\Windows\System32\cmd.exe`. */
export function parseProcessTarget(value: string): ProcessTarget | undefined {
  const first = value.indexOf(':');
  const second = value.indexOf(':', first + 1);
  if (first <= 0 || second < 0) return undefined;
  const host = value.slice(0, first);
  const pidText = value.slice(first + 1, second);
  const image = value.slice(second + 1);
  const pid = Number(pidText);
  if (!/^\d{1,10}$/.test(pidText) || !Number.isSafeInteger(pid) || !isFilePath(image) || !isHostName(host))
    return undefined;
  return { host, pid, image };
}

export const processTargetValue = (target: ProcessTarget): string => `${target.host}:${target.pid}:${target.image}`;

export interface FileTarget {
  host: string;
  path: string;
}

/** `host:path`, e.g. `ws01:C:\Users\Public\a.exe`. */
export function parseFileTarget(value: string): FileTarget | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  const host = value.slice(0, colon);
  const path = value.slice(colon + 1);
  return isHostName(host) && isFilePath(path) ? { host, path } : undefined;
}

function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  return value.split('.').every((label) => label.length > 0 && label.length <= 63 && /^[a-z0-9_-]+$/i.test(label));
}

function isDomain(value: string): boolean {
  return isHostName(value) && value.includes('.') && !/^[\d.]+$/.test(value);
}

function isAccount(value: string): boolean {
  if (value.length === 0 || value.length > 256 || value.trim() !== value) return false;
  if ([...value].some((character) => character < ' ' || character === ':')) return false;
  const backslash = value.split('\\');
  return backslash.length <= 2 && backslash.every((part) => part.length > 0);
}

/** Why a target value is not a valid value of its kind, or undefined when it is. */
export function targetValueIssue(kind: TargetKind, value: string): string | undefined {
  switch (kind) {
    case 'ip':
      return addressType(value) ? undefined : `${value} is not an IP address`;
    case 'cidr':
      return z.union([z.cidrv4(), z.cidrv6()]).safeParse(value).success ? undefined : `${value} is not a CIDR range`;
    case 'domain':
      return isDomain(value) ? undefined : `${value} is not a domain name`;
    case 'url':
      return z.url().safeParse(value).success ? undefined : `${value} is not a URL`;
    case 'host':
      return isHostName(value) ? undefined : `${value} is not a host name`;
    case 'user':
      return isAccount(value) ? undefined : `${value} is not an account name`;
    case 'process':
      return parseProcessTarget(value) ? undefined : `${value} is not host:pid:image with an absolute image path`;
    case 'file':
      return parseFileTarget(value) ? undefined : `${value} is not host:path with the absolute path of one file`;
    case 'hash':
      return hashType(value) ? undefined : `${value} is not a hash`;
    default:
      return value.length > 0 ? undefined : 'empty target';
  }
}

/** Why an action cannot aim at this target (wrong kind for the action, or a malformed value), or undefined. */
export function actionTargetIssue(action: ActionType, target: { kind: TargetKind; value: string }): string | undefined {
  if (!targetKindsByAction[action].includes(target.kind)) return `${action} cannot target a ${target.kind}`;
  return targetValueIssue(target.kind, target.value);
}

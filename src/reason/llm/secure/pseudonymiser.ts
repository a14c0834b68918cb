/**
 * Data minimisation before a remote model: user names, host names and internal IP
 * addresses are replaced by stable pseudonyms (`pseudo-user-1`, `pseudo-host-2`, `pseudo-internal-ip-1`), and
 * secrets (passwords, tokens, keys in command lines and URLs) are redacted for good.
 * `restore` maps pseudonyms in the model's answer back to the real values.
 */
import ipaddr from 'ipaddr.js';
import { compileLinearRegex, type GuardedRegex } from '../../../guard/index.js';

export interface PseudonymiserOptions {
  users?: Iterable<string>;
  hosts?: Iterable<string>;
  ips?: Iterable<string>;
  /** Which kinds to pseudonymise. Default all three. */
  kinds?: ReadonlyArray<'user' | 'host' | 'internal-ip'>;
  /** Redact secrets. Default true. */
  redactSecrets?: boolean;
}

export interface Pseudonymiser {
  /** Log-derived data: secrets redacted, names and internal IPs pseudonymised. */
  pseudonymise<T>(value: T): T;
  /** Vigil's own text (an output schema's enums): names pseudonymised, nothing redacted. */
  pseudonymiseNames<T>(value: T): T;
  restore<T>(value: T): T;
  /** How many distinct values have a pseudonym. */
  readonly size: number;
}

const redacted = (prefix: string | undefined, suffix = '') => `${prefix ?? ''}[REDACTED]${suffix}`;
const onV8 = (pattern: RegExp) => (text: string) => text.replace(pattern, (_match, prefix: string) => redacted(prefix));
const onLinearEngine =
  (regex: GuardedRegex, suffix = '') =>
  (text: string) =>
    regex.replace(text, (groups) => redacted(groups[1], suffix));

/**
 * Each keeps its group 1 and redacts the secret after it. Three run on the linear engine: on V8
 * they rescan the rest from every start (a run of spaces after `-p`, `token` before `=` runs); the
 * `(?<=:)` after `/p:` and the `(?=@)` after a URL password are spelled without lookarounds.
 */
const secretRedactions: Array<(text: string) => string> = [
  onLinearEngine(
    compileLinearRegex(
      /((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|client[_-]?secret)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,"']+)/
        .source,
      { caseInsensitive: true },
    ),
  ),
  onLinearEngine(
    compileLinearRegex(/((?:^|\s)(?:(?:-p|--password)(?:\s+|=)|\/p(?:assword)?:(?:\s+|=)?))([^\s-][^\s]*)/.source, {
      caseInsensitive: true,
    }),
  ),
  onV8(/(\bbearer\s+)([a-z0-9._~+/-]{8,}=*)/gi),
  onV8(/()(\bAKIA[0-9A-Z]{16}\b)/g),
  onV8(/()(\b(?:sk|ghp|xox[abp])-?[A-Za-z0-9_-]{16,}\b)/g),
  onLinearEngine(compileLinearRegex(/(:\/\/[^/\s:@]+:)([^@\s/]+)@/.source), '@'),
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const redact of secretRedactions) result = redact(result);
  return result;
}

/** Ranges that belong to the organisation or to no one; documentation ranges count as outside, as in examples. */
const internalRanges = new Set(['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat', 'unspecified']);
const isInternalAddress = (value: string): boolean =>
  ipaddr.isValid(value) && internalRanges.has(ipaddr.process(value).range());

const escapePattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Applies `transform` to every string of a JSON-like value, object keys included. */
function mapStrings(value: unknown, transform: (text: string) => string): unknown {
  if (typeof value === 'string') return transform(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, transform));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [transform(key), mapStrings(inner, transform)]),
    );
  }
  return value;
}

export function createPseudonymiser(options: PseudonymiserOptions): Pseudonymiser {
  const kinds = new Set(options.kinds ?? ['user', 'host', 'internal-ip']);
  const forward = new Map<string, string>();
  const reverse = new Map<string, string>();
  const counters = { user: 0, host: 0, ip: 0 };
  const add = (value: string, kind: 'user' | 'host' | 'ip') => {
    const key = value.toLowerCase();
    if (value.length < 3 || forward.has(key)) return;
    counters[kind] += 1;
    const pseudonym = `pseudo-${kind === 'ip' ? 'internal-ip' : kind}-${counters[kind]}`;
    forward.set(key, pseudonym);
    reverse.set(pseudonym, value);
  };
  if (kinds.has('user')) for (const user of options.users ?? []) add(user.split('\\').pop() ?? user, 'user');
  if (kinds.has('host')) {
    for (const host of options.hosts ?? []) {
      add(host, 'host');
      const short = host.split('.')[0];
      if (short && short !== host) add(short, 'host');
    }
  }
  if (kinds.has('internal-ip')) for (const ip of options.ips ?? []) if (isInternalAddress(ip)) add(ip, 'ip');
  // Longest first, so `ws01.corp.local` is replaced before `ws01`; word-bounded on both sides.
  const build = (values: string[], flags: string) =>
    values.length === 0
      ? undefined
      : new RegExp(
          `(?<![\\w.-])(${values
            .sort((left, right) => right.length - left.length)
            .map(escapePattern)
            .join('|')})(?![\\w-]|\\.\\w)`,
          flags,
        );
  const forwardPattern = build([...forward.keys()], 'gi');
  const reversePattern = build([...reverse.keys()], 'g');
  const redact = options.redactSecrets ?? true;
  const replaceNames = (text: string) =>
    forwardPattern ? text.replace(forwardPattern, (match) => forward.get(match.toLowerCase()) ?? match) : text;
  return {
    size: forward.size,
    pseudonymise: <T>(value: T): T =>
      mapStrings(value, (text) => replaceNames(redact ? redactSecrets(text) : text)) as T,
    pseudonymiseNames: <T>(value: T): T => mapStrings(value, replaceNames) as T,
    restore: <T>(value: T): T =>
      mapStrings(value, (text) =>
        reversePattern ? text.replace(reversePattern, (match) => reverse.get(match) ?? match) : text,
      ) as T,
  };
}

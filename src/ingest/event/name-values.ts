/**
 * Edge validation of the normalised name and address lists: `host.ip[]`, `dns.answers[]` and
 * `url.domain`. As for endpoints (`endpoint-values.ts`), a value that does not have the syntax
 * its field promises is dropped from the normalised field and named in the event's `problems`
 * (with its index); the event, the other values, `fields` and `raw` are kept. Nothing repairs.
 * `''` and `-` mean "no value" in the formats Vigil reads: dropped, not reported.
 *
 * - `host.ip[]`: IP addresses (`node:net` syntax, as everywhere in Vigil);
 * - `dns.answers[]`: an address, a host name (one label or a DNS name, trailing dot allowed), or,
 *   for a question that is not A/AAAA, printable text (TXT data) of at most 4,096 characters;
 * - `url.domain`: a host name or address, with an optional `:port` (`[v6]:port` for IPv6).
 */
import { addressType, type Event, isDomainName, portProblem } from '../../core/index.js';
import { ipProblem } from './endpoint-values.js';

type Problem = NonNullable<Event['problems']>[number];

const singleLabel = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;
const addressOnlyQuestions = new Set(['A', 'AAAA']);
const maxTextAnswer = 4096;
/** Values that mean "no value" in the formats we read: dropped, not a problem. */
const noValue = new Set(['', '-']);

/** What the problem shows of a value: JSON, at most 80 characters of it. */
function shown(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
    : typeof value;
}

/** A host name: a DNS name or a single label, a trailing dot allowed. */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  return isDomainName(name) || singleLabel.test(name);
}

/** Why `value` is not a host or address with an optional port (a URL's authority host), or undefined. */
export function hostProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `${typeof value} is not a host name`;
  let host = value;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close !== -1 && addressType(host.slice(1, close)) === 'ipv6-addr') {
      const rest = host.slice(close + 1);
      if (rest === '') return undefined;
      if (rest.startsWith(':')) return portProblem(rest.slice(1)) && `${shown(value)} has an invalid port`;
    }
    return `${shown(value)} is not a host name or address`;
  }
  if (addressType(host) !== undefined) return undefined;
  const colon = host.lastIndexOf(':');
  if (colon !== -1) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
    if (portProblem(port) !== undefined) return `${shown(value)} has an invalid port`;
  }
  return isHostName(host) || addressType(host) === 'ipv4-addr'
    ? undefined
    : `${shown(value)} is not a host name or address`;
}

/** The host with invalid `ip[]` entries removed (undefined when nothing is left), pushing their problems. */
export function checkedHost(host: NonNullable<Event['host']>, problems: Problem[]): Event['host'] {
  if (host.ip === undefined) return host;
  const kept = host.ip.filter((ip, index) => {
    if (noValue.has(ip)) return false;
    const problem = ipProblem(ip);
    if (problem !== undefined) problems.push({ field: `host.ip[${index}]`, reason: problem });
    return problem === undefined;
  });
  if (kept.length === host.ip.length) return host;
  const { ip: _all, ...rest } = host;
  const checked = kept.length > 0 ? { ...rest, ip: kept } : rest;
  return Object.keys(checked).length > 0 ? checked : undefined;
}

/** Why a DNS answer is not one (see the module comment), or undefined. */
export function answerProblem(answer: unknown, questionType: string | undefined): string | undefined {
  if (typeof answer !== 'string') return `${typeof answer} is not a DNS answer`;
  if (addressType(answer) !== undefined || isHostName(answer)) return undefined;
  if (questionType !== undefined && addressOnlyQuestions.has(questionType.toUpperCase()))
    return `${shown(answer)} is not an address or host name (an answer to ${questionType.toUpperCase()})`;
  if (answer.length > maxTextAnswer) return `a text answer longer than ${maxTextAnswer} characters`;
  for (let index = 0; index < answer.length; index++) {
    const code = answer.charCodeAt(index);
    if ((code < 0x20 && code !== 9) || (code >= 0x7f && code < 0xa0))
      return `${shown(answer)} holds a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  }
  return undefined;
}

/** The DNS facts with invalid answers removed, pushing their problems. */
export function checkedDns(dns: NonNullable<Event['dns']>, problems: Problem[]): Event['dns'] {
  if (dns.answers === undefined) return dns;
  const kept = dns.answers.filter((answer, index) => {
    if (noValue.has(answer)) return false;
    const problem = answerProblem(answer, dns.question?.type);
    if (problem !== undefined) problems.push({ field: `dns.answers[${index}]`, reason: problem });
    return problem === undefined;
  });
  if (kept.length === dns.answers.length) return dns;
  const { answers: _all, ...rest } = dns;
  const checked = kept.length > 0 ? { ...rest, answers: kept } : rest;
  return Object.keys(checked).length > 0 ? checked : undefined;
}

/** The URL facts with an invalid `domain` removed, pushing its problem. */
export function checkedUrl(url: NonNullable<Event['url']>, problems: Problem[]): Event['url'] {
  if (url.domain === undefined) return url;
  const problem = noValue.has(url.domain) ? undefined : hostProblem(url.domain);
  if (problem === undefined && !noValue.has(url.domain)) return url;
  if (problem !== undefined) problems.push({ field: 'url.domain', reason: problem });
  const { domain: _dropped, ...kept } = url;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

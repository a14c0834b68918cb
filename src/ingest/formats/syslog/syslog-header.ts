import { compileGuardedRegex } from '../../../guard/index.js';
import { parseTimestamp } from '../../event/timestamp.js';

/** The parts of a syslog line before the message, whichever RFC (or real-world variant) it follows. */
export interface SyslogHeader {
  rfc: '5424' | '3164';
  facility?: number;
  severity?: number;
  timestamp?: string;
  originalTimestamp?: string;
  hostname?: string;
  program?: string;
  pid?: string;
  msgid?: string;
  structuredData?: Record<string, Record<string, string>>;
  message: string;
}

const priorityPattern = /^<(\d{1,3})>/;
const rfc5424Pattern = /^(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) ?/;
const bsdTimePattern = /^((?:[A-Z][a-z]{2} )?[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: \d{4})?) /;
const isoTimePattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?) /;
/** On the guard's linear engine: V8 is quadratic on a long run of `(` in the tag. */
const tagPattern = compileGuardedRegex(/^([^\s:[\]]+(?:\([^)\s]*\))?)(?:\[([^\]\s]*)\])?: ?/.source);

function nil(value: string | undefined): string | undefined {
  return value === undefined || value === '-' ? undefined : value;
}

/** `[id key="value" …][…]` at the start of `text`: the parsed elements and where they end. */
function readStructuredData(text: string): { data: Record<string, Record<string, string>>; end: number } | undefined {
  const data: Record<string, Record<string, string>> = {};
  let index = 0;
  while (text[index] === '[') {
    const close = /^\[([^\s\]=]+)/.exec(text.slice(index));
    if (!close) return undefined;
    const id = close[1] as string;
    const params: Record<string, string> = {};
    index += close[0].length;
    for (;;) {
      while (text[index] === ' ') index += 1;
      if (text[index] === ']') {
        index += 1;
        break;
      }
      const name = /^([^\s="\]]+)="/.exec(text.slice(index));
      if (!name) return undefined;
      index += name[0].length;
      let value = '';
      while (index < text.length && text[index] !== '"') {
        if (text[index] === '\\' && index + 1 < text.length) index += 1;
        value += text[index];
        index += 1;
      }
      if (text[index] !== '"') return undefined;
      index += 1;
      params[name[1] as string] = value;
    }
    data[id] = params;
  }
  return { data, end: index };
}

function parse5424(priority: number | undefined, rest: string, referenceTime: Date): SyslogHeader | undefined {
  const match = rfc5424Pattern.exec(rest);
  if (!match) return undefined;
  const [whole, , time, hostname, program, pid, msgid] = match;
  const timestamp = time === '-' ? undefined : parseTimestamp(time, referenceTime);
  if (time !== '-' && !timestamp) return undefined;
  let remainder = rest.slice(whole.length);
  let structuredData: SyslogHeader['structuredData'];
  if (remainder.startsWith('-')) remainder = remainder.slice(1);
  else if (remainder.startsWith('[')) {
    const read = readStructuredData(remainder);
    if (!read) return undefined;
    structuredData = read.data;
    remainder = remainder.slice(read.end);
  }
  const message = remainder.replace(/^ /, '').replace(/^\uFEFF/, '');
  return {
    rfc: '5424',
    ...(priority === undefined ? {} : { facility: priority >> 3, severity: priority & 7 }),
    timestamp,
    originalTimestamp: nil(time),
    hostname: nil(hostname),
    program: nil(program),
    pid: nil(pid),
    msgid: nil(msgid),
    structuredData,
    message,
  };
}

function parse3164(priority: number | undefined, rest: string, referenceTime: Date): SyslogHeader | undefined {
  const time = bsdTimePattern.exec(rest) ?? isoTimePattern.exec(rest);
  if (!time) return undefined;
  const timestamp = parseTimestamp((time[1] as string).replace(/ {2,}/g, ' '), referenceTime);
  if (!timestamp) return undefined;
  let remainder = rest.slice(time[0].length);
  let hostname: string | undefined;
  const firstSpace = remainder.indexOf(' ');
  const firstToken = firstSpace === -1 ? remainder : remainder.slice(0, firstSpace);
  // With no hostname the first token is already the tag (`sshd[12]:`, `kernel:`).
  if (!firstToken.endsWith(':') && !/\]:?$/.test(firstToken) && firstSpace !== -1) {
    hostname = firstToken;
    remainder = remainder.slice(firstSpace + 1);
  }
  const tag = tagPattern.exec(remainder);
  return {
    rfc: '3164',
    ...(priority === undefined ? {} : { facility: priority >> 3, severity: priority & 7 }),
    timestamp,
    originalTimestamp: time[1],
    hostname,
    program: tag?.[1],
    pid: tag?.[2] || undefined,
    message: tag ? remainder.slice((tag[0] ?? '').length) : remainder,
  };
}

/**
 * Reads the header of an RFC 5424 or RFC 3164 line, with or without `<PRI>` (files written by a
 * local daemon have none), with BSD or ISO times, with or without a hostname. Undefined when the
 * line has no syslog header at all.
 */
export function parseSyslogHeader(line: string, referenceTime: Date): SyslogHeader | undefined {
  const text = line.replace(/^\uFEFF/, '');
  const priorityMatch = priorityPattern.exec(text);
  const priority = priorityMatch ? Number(priorityMatch[1]) : undefined;
  if (priority !== undefined && priority > 191) return undefined;
  const rest = priorityMatch ? text.slice(priorityMatch[0].length) : text;
  if (/^\d{1,2} /.test(rest)) return parse5424(priority, rest, referenceTime);
  return parse3164(priority, rest, referenceTime);
}

import type { FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
import { parseSyslogHeader } from './syslog-header.js';
import { parseProgramMessage } from './syslog-programs.js';

const facilityNames = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];
const severityNames = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

/** Parses one syslog line into an event draft, with its program's message understood where Vigil knows it. */
export function parseSyslogLine(line: string, referenceTime: Date): ParseOutcome {
  const header = parseSyslogHeader(line, referenceTime);
  if (!header) return { type: 'reject', reason: 'not a syslog line (no RFC 5424 or RFC 3164 header)' };
  const facts = parseProgramMessage(header.program, header.message);
  const fields: Record<string, unknown> = {
    message: header.message,
    ...(header.hostname === undefined ? {} : { hostname: header.hostname }),
    ...(header.program === undefined ? {} : { program: header.program }),
    ...(header.pid === undefined ? {} : { pid: header.pid }),
    ...(header.msgid === undefined ? {} : { msgid: header.msgid }),
    ...(header.facility === undefined ? {} : { facility: facilityNames[header.facility] ?? String(header.facility) }),
    ...(header.severity === undefined ? {} : { severity: severityNames[header.severity] }),
  };
  if (header.structuredData) {
    for (const [id, params] of Object.entries(header.structuredData)) {
      for (const [name, value] of Object.entries(params)) fields[`${id}.${name}`] = value;
    }
  }
  const { fields: factFields, process, ...facts_ } = facts ?? {};
  if (factFields) for (const [key, value] of Object.entries(factFields)) if (value !== undefined) fields[key] = value;
  const pid = header.pid !== undefined && /^\d+$/.test(header.pid) ? Number(header.pid) : undefined;
  return {
    type: 'event',
    draft: {
      category: ['host'],
      ...facts_,
      fields,
      dataset: header.program,
      timestamp: header.timestamp,
      originalTimestamp: header.originalTimestamp,
      message: header.message,
      host: header.hostname ? { name: header.hostname } : undefined,
      process: {
        ...(header.program ? { name: header.program } : {}),
        ...(pid === undefined ? {} : { pid }),
        ...process,
      },
      freeText: [header.message],
    },
  };
}

/**
 * Syslog files and streams: RFC 5424 (structured data, BOM, nil values) and RFC 3164 with its
 * real-world variants (no `<PRI>`, no year, ISO times, no hostname).
 */
export const syslogFormat: FormatDefinition = {
  name: 'syslog',
  logFormat: 'syslog',
  description: 'Syslog RFC 5424 and RFC 3164 (with or without PRI, year or hostname)',
  framing: 'lines',
  sniff(sample) {
    if (sample.records.length === 0) return 0;
    const reference = new Date();
    let matches = 0;
    for (const record of sample.records) {
      const header = parseSyslogHeader(record, reference);
      if (header?.program !== undefined) matches += 1;
      else if (header) matches += 0.5;
    }
    return (0.8 * matches) / sample.records.length;
  },
  createParser(context: ParserContext) {
    return { parse: (record: RawRecord) => parseSyslogLine(record.text, context.referenceTime) };
  },
};

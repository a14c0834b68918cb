import type { EventDraft, FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
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
  // Conditional stores rather than object spreads: this runs for every line.
  const fields: Record<string, unknown> = { message: header.message };
  if (header.hostname !== undefined) fields.hostname = header.hostname;
  if (header.program !== undefined) fields.program = header.program;
  if (header.pid !== undefined) fields.pid = header.pid;
  if (header.msgid !== undefined) fields.msgid = header.msgid;
  if (header.facility !== undefined) fields.facility = facilityNames[header.facility] ?? String(header.facility);
  if (header.severity !== undefined) fields.severity = severityNames[header.severity];
  if (header.structuredData) {
    for (const [id, params] of Object.entries(header.structuredData)) {
      for (const [name, value] of Object.entries(params)) fields[`${id}.${name}`] = value;
    }
  }
  if (facts?.fields)
    for (const key in facts.fields) if (facts.fields[key] !== undefined) fields[key] = facts.fields[key];
  const process: NonNullable<EventDraft['process']> = {};
  if (header.program) process.name = header.program;
  if (header.pid !== undefined && /^\d+$/.test(header.pid)) process.pid = Number(header.pid);
  if (facts?.process) Object.assign(process, facts.process);
  const draft: EventDraft = { category: ['host'], fields };
  if (facts) {
    const target = draft as Record<string, unknown>;
    for (const key in facts)
      if (key !== 'fields' && key !== 'process') target[key] = (facts as Record<string, unknown>)[key];
  }
  // The header's own parts win over what the program's message said, as before.
  draft.dataset = header.program;
  draft.timestamp = header.timestamp;
  draft.originalTimestamp = header.originalTimestamp;
  draft.message = header.message;
  draft.host = header.hostname ? { name: header.hostname } : undefined;
  draft.process = process;
  draft.freeText = [header.message];
  return { type: 'event', draft };
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

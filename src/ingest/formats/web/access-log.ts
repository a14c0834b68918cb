/**
 * Web-server access logs in the NCSA Common and Combined formats (Apache `common`/`combined`,
 * nginx `main`/`combined`, and the many servers that copy them):
 *
 *   203.0.113.5 - alice [03/Mar/2025:10:00:01 +0000] "GET /index.php?id=1 HTTP/1.1" 200 5120 "-" "Mozilla/5.0"
 *
 * Each line gives the Sigma `webserver` fields (`c-ip`, `cs-username`, `cs-method`, `cs-uri-stem`,
 * `cs-uri-query`, `cs-version`, `sc-status`, `sc-bytes`, `cs-referer`, `cs-user-agent`, `date`)
 * and ECS `source`, `user`, `url`, `http`. A line in another format is rejected with the reason.
 */
import type { EventDraft, FormatDefinition, ParseOutcome, RawRecord } from '../../types.js';

// Each part is a run of non-separators: linear, no backtracking between parts.
const linePattern =
  /^(\S+) (\S+) (\S+) \[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "([^"]*)" (\d{3}) (\d+|-)(?: "([^"]*)" "([^"]*)")?/;
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoTime(day: string, month: string, year: string, hh: string, mm: string, ss: string, zone: string) {
  const monthIndex = months.indexOf(month.toLowerCase());
  if (monthIndex === -1) return undefined;
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const utc = Date.UTC(Number(year), monthIndex, Number(day), Number(hh), Number(mm), Number(ss)) - offset * 60_000;
  return Number.isFinite(utc) ? new Date(utc).toISOString() : undefined;
}

const dash = (value: string | undefined) => (value === undefined || value === '-' || value === '' ? undefined : value);

export function parseAccessLine(text: string): ParseOutcome {
  const match = linePattern.exec(text);
  if (!match) return { type: 'reject', reason: 'not a Common/Combined access-log line' };
  const [, client, , username, day, month, year, hh, mm, ss, zone, request, status, bytes, referer, agent] =
    match as unknown as string[];
  const timestamp = isoTime(day!, month!, year!, hh!, mm!, ss!, zone!);
  if (timestamp === undefined)
    return { type: 'reject', reason: `unreadable access-log time [${day}/${month}/${year}]` };
  const [method, uri, version] = (request ?? '').split(' ');
  const queryAt = uri?.indexOf('?') ?? -1;
  const stem = uri === undefined ? undefined : queryAt === -1 ? uri : uri.slice(0, queryAt);
  const query = uri !== undefined && queryAt !== -1 ? uri.slice(queryAt + 1) : undefined;
  const statusCode = Number(status);
  const fields: Record<string, unknown> = {
    'c-ip': client,
    'cs-username': dash(username),
    date: timestamp,
    'cs-method': dash(method),
    'cs-uri-stem': dash(stem),
    'cs-uri-query': dash(query),
    'cs-version': dash(version),
    'sc-status': statusCode,
    'sc-bytes': bytes === '-' ? 0 : Number(bytes),
    'cs-referer': dash(referer),
    'cs-user-agent': dash(agent),
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  const draft: EventDraft = {
    fields,
    dataset: 'access',
    timestamp,
    originalTimestamp: `${day}/${month}/${year}:${hh}:${mm}:${ss} ${zone}`,
    category: ['web', 'network'],
    action: dash(method)?.toUpperCase(),
    outcome: statusCode >= 400 ? 'failure' : 'success',
    message: text,
    source: { ip: client },
    ...(dash(username) ? { user: { name: username as string } } : {}),
    ...(uri ? { url: { path: uri } } : {}),
    http: {
      ...(dash(method) ? { method: (method as string).toUpperCase() } : {}),
      statusCode,
      ...(dash(agent) ? { userAgent: agent } : {}),
    },
  };
  return { type: 'event', draft };
}

export const webAccessFormat: FormatDefinition = {
  name: 'web-access',
  logFormat: 'web-access',
  description: 'Web-server access logs (NCSA Common / Combined: Apache, nginx)',
  framing: 'lines',
  sniff(sample) {
    if (sample.records.length === 0) return 0;
    const matches = sample.records.filter((record) => linePattern.test(record)).length;
    return (0.9 * matches) / sample.records.length;
  },
  createParser() {
    return { parse: (record: RawRecord) => parseAccessLine(record.text) };
  },
};

import type { EventCategory } from '../../../core/index.js';
import { compact, FieldNames, flatten, integer, text } from '../../event/flatten.js';
import { parseTimestamp } from '../../event/timestamp.js';
import type { EventDraft, FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
import { parseJsonRecord } from '../json-object.js';

const categoryByType: Record<string, EventCategory[]> = {
  alert: ['intrusion_detection'],
  anomaly: ['intrusion_detection'],
  dns: ['network'],
  http: ['network', 'web'],
  tls: ['network'],
  flow: ['network'],
  netflow: ['network'],
  fileinfo: ['file'],
  smb: ['network', 'file'],
  ssh: ['network'],
  krb5: ['network', 'authentication'],
  smtp: ['network', 'email'],
  drop: ['network'],
};

function get(fields: Record<string, unknown>, name: string): string | undefined {
  const value = text(fields[name]);
  return value === '' ? undefined : value;
}

function dnsAnswers(fields: Record<string, unknown>): string[] | undefined {
  const answers = fields['dns.answers'];
  const list: string[] = [];
  if (Array.isArray(answers)) {
    for (const answer of answers) {
      const data = text((answer as Record<string, unknown> | null)?.rdata);
      if (data) list.push(data);
    }
  }
  const grouped = fields['dns.grouped.A'] ?? fields['dns.grouped.AAAA'];
  if (Array.isArray(grouped)) for (const item of grouped) if (typeof item === 'string') list.push(item);
  return list.length > 0 ? list : undefined;
}

/** ECS-style fields of a Suricata EVE record, for alert, dns, http, tls, flow, fileinfo and the rest. */
export function normaliseEve(object: Record<string, unknown>, referenceTime: Date, names?: FieldNames): EventDraft {
  const fields = flatten(object, names);
  const type = get(fields, 'event_type') ?? 'unknown';
  const alert = type === 'alert';
  const hostname = get(fields, 'http.hostname');
  const url = get(fields, 'http.url');
  const queryName =
    get(fields, 'dns.rrname') ??
    (Array.isArray(fields['dns.queries'])
      ? text((fields['dns.queries'][0] as Record<string, unknown>)?.rrname)
      : undefined);
  const bytes = (integer(fields['flow.bytes_toserver']) ?? 0) + (integer(fields['flow.bytes_toclient']) ?? 0);
  const packets = (integer(fields['flow.pkts_toserver']) ?? 0) + (integer(fields['flow.pkts_toclient']) ?? 0);
  const fileName = get(fields, 'fileinfo.filename');
  const action = get(fields, 'alert.action');
  return {
    fields,
    dataset: type,
    timestamp: parseTimestamp(fields.timestamp, referenceTime),
    originalTimestamp: get(fields, 'timestamp'),
    kind: alert ? 'alert' : 'event',
    category: categoryByType[type] ?? ['network'],
    action: alert ? action : type,
    outcome: action === 'blocked' ? 'failure' : undefined,
    code: alert ? get(fields, 'alert.signature_id') : undefined,
    message: get(fields, 'alert.signature'),
    host: compact({ name: get(fields, 'host') }),
    source: compact({ ip: get(fields, 'src_ip'), port: integer(fields.src_port) }),
    destination: compact({
      ip: get(fields, 'dest_ip'),
      port: integer(fields.dest_port),
      domain: hostname ?? get(fields, 'tls.sni'),
    }),
    network: compact({
      transport: get(fields, 'proto')?.toLowerCase(),
      protocol: get(fields, 'app_proto'),
      direction: get(fields, 'direction'),
      bytes: bytes > 0 ? bytes : undefined,
      packets: packets > 0 ? packets : undefined,
    }),
    dns: queryName
      ? compact({
          question: compact({ name: queryName, type: get(fields, 'dns.rrtype') }),
          answers: dnsAnswers(fields),
          responseCode: get(fields, 'dns.rcode'),
        })
      : undefined,
    url:
      hostname || url
        ? compact({ full: hostname ? `http://${hostname}${url ?? '/'}` : undefined, domain: hostname, path: url })
        : undefined,
    http:
      type === 'http' || hostname
        ? compact({
            method: get(fields, 'http.http_method'),
            statusCode: integer(fields['http.status']),
            userAgent: get(fields, 'http.http_user_agent'),
          })
        : undefined,
    tls: compact({
      serverName: get(fields, 'tls.sni'),
      ja3: get(fields, 'tls.ja3.hash'),
      ja3s: get(fields, 'tls.ja3s.hash'),
    }),
    file: fileName
      ? compact({
          path: fileName,
          name: fileName.slice(fileName.lastIndexOf('/') + 1),
          hashes: compact({
            md5: get(fields, 'fileinfo.md5'),
            sha1: get(fields, 'fileinfo.sha1'),
            sha256: get(fields, 'fileinfo.sha256'),
          }),
        })
      : undefined,
    rule: alert
      ? compact({
          id: get(fields, 'alert.signature_id'),
          name: get(fields, 'alert.signature'),
          category: get(fields, 'alert.category'),
        })
      : undefined,
  };
}

/** Suricata EVE JSON: NDJSON lines as `eve.json` writes them, or a JSON array of records. */
export const suricataEveFormat: FormatDefinition = {
  name: 'suricata-eve',
  logFormat: 'suricata-eve',
  description: 'Suricata EVE JSON (alert, dns, http, tls, flow, fileinfo, …), lines or a JSON array',
  framing: 'lines',
  sniff(sample) {
    if (sample.objects.length === 0) return 0;
    const matches = sample.objects.filter(
      (object) => object && typeof object.event_type === 'string' && 'timestamp' in object,
    ).length;
    return (0.95 * matches) / sample.objects.length;
  },
  createParser(context: ParserContext) {
    const names = new FieldNames();
    return {
      parse(record: RawRecord): ParseOutcome {
        const parsed = parseJsonRecord(record.text, context);
        if (!parsed.ok) return { type: 'reject', reason: parsed.error };
        const draft = normaliseEve(parsed.value, context.referenceTime, names);
        if (parsed.record !== undefined) draft.record = parsed.record;
        return { type: 'event', draft };
      },
    };
  },
};

import type { EventCategory } from '../../../core/index.js';
import { compact, integer, text } from '../../event/flatten.js';
import { parseTimestamp } from '../../event/timestamp.js';
import type { EventDraft } from '../../types.js';

const categoryByPath: Record<string, EventCategory[]> = {
  conn: ['network'],
  dns: ['network'],
  http: ['network', 'web'],
  ssl: ['network'],
  x509: ['network'],
  files: ['file'],
  pe: ['file'],
  smb_files: ['network', 'file'],
  smb_mapping: ['network', 'file'],
  kerberos: ['network', 'authentication'],
  ntlm: ['network', 'authentication'],
  ssh: ['network', 'authentication'],
  rdp: ['network', 'authentication'],
  ftp: ['network'],
  smtp: ['network', 'email'],
  dce_rpc: ['network'],
  notice: ['intrusion_detection'],
  weird: ['network'],
  software: ['package'],
};

function present(fields: Record<string, unknown>, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const value = fields[name];
  const result = Array.isArray(value) ? text(value[0]) : text(value);
  return result === undefined || result === '' || result === '-' ? undefined : result;
}

/** The first of the named fields with a value (the first element of a set). Fixed arity: no array per call. */
function pick(
  fields: Record<string, unknown>,
  first: string,
  second?: string,
  third?: string,
  fourth?: string,
  fifth?: string,
): string | undefined {
  return (
    present(fields, first) ??
    present(fields, second) ??
    present(fields, third) ??
    present(fields, fourth) ??
    present(fields, fifth)
  );
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.map((item) => text(item)).filter((item): item is string => item !== undefined && item !== '');
  return list.length > 0 ? list : undefined;
}

function outcomeOf(path: string, fields: Record<string, unknown>): 'success' | 'failure' | undefined {
  if (path === 'ssh' || path === 'rdp' || path === 'ntlm' || path === 'kerberos') {
    const success = fields.auth_success ?? fields.success ?? (path === 'rdp' ? undefined : undefined);
    if (success === true) return 'success';
    if (success === false) return 'failure';
    if (path === 'rdp' && typeof fields.result === 'string') return fields.result === 'Success' ? 'success' : 'failure';
  }
  return undefined;
}

/**
 * ECS-style fields of a Zeek record from its log path: the connection 4-tuple for every log, then
 * DNS, HTTP, TLS, file hashes, SMB paths, Kerberos/NTLM accounts and notices where the log has them.
 */
export function normaliseZeek(path: string, fields: Record<string, unknown>, referenceTime: Date): EventDraft {
  const bytes = (integer(fields.orig_bytes) ?? 0) + (integer(fields.resp_bytes) ?? 0);
  const httpHost = pick(fields, 'host');
  const uri = pick(fields, 'uri');
  const fileName = pick(fields, 'filename', 'name', 'path');
  const user = pick(fields, 'username', 'user', 'client', 'cookie', 'mailfrom');
  const notice = path === 'notice';
  return {
    fields,
    dataset: path,
    timestamp: parseTimestamp(fields.ts, referenceTime),
    originalTimestamp: text(fields.ts),
    kind: notice ? 'alert' : 'event',
    category: categoryByPath[path] ?? ['network'],
    action:
      path === 'conn'
        ? pick(fields, 'conn_state')
        : pick(fields, 'note', 'name', 'operation', 'request_type', 'method'),
    outcome: outcomeOf(path, fields),
    code: notice ? pick(fields, 'note') : undefined,
    message: pick(fields, 'msg'),
    source: compact({
      ip: pick(fields, 'id.orig_h', 'src', 'tx_hosts', 'orig_h'),
      port: integer(fields['id.orig_p'] ?? fields.orig_p),
    }),
    destination: compact({
      ip: pick(fields, 'id.resp_h', 'dst', 'rx_hosts', 'resp_h'),
      port: integer(fields['id.resp_p'] ?? fields.resp_p ?? fields.p),
      domain: pick(fields, 'server_name') ?? httpHost,
    }),
    network: compact({
      transport: pick(fields, 'proto'),
      protocol: pick(fields, 'service') ?? (categoryByPath[path] && path !== 'conn' ? path : undefined),
      bytes: bytes > 0 ? bytes : undefined,
      packets: (integer(fields.orig_pkts) ?? 0) + (integer(fields.resp_pkts) ?? 0) || undefined,
    }),
    dns:
      path === 'dns'
        ? compact({
            question: compact({ name: pick(fields, 'query'), type: pick(fields, 'qtype_name') }),
            answers: strings(fields.answers),
            responseCode: pick(fields, 'rcode_name'),
          })
        : undefined,
    url:
      path === 'http' && (httpHost || uri)
        ? compact({ full: httpHost ? `http://${httpHost}${uri ?? '/'}` : undefined, domain: httpHost, path: uri })
        : undefined,
    http:
      path === 'http'
        ? compact({
            method: pick(fields, 'method'),
            statusCode: integer(fields.status_code),
            userAgent: pick(fields, 'user_agent'),
          })
        : undefined,
    tls:
      path === 'ssl'
        ? compact({ serverName: pick(fields, 'server_name'), ja3: pick(fields, 'ja3'), ja3s: pick(fields, 'ja3s') })
        : undefined,
    file:
      path === 'files' || path === 'smb_files' || path === 'pe' || fields.md5 || fields.sha256
        ? compact({
            path: pick(fields, 'path', 'filename', 'name'),
            name: fileName
              ? fileName.slice(Math.max(fileName.lastIndexOf('\\'), fileName.lastIndexOf('/')) + 1)
              : undefined,
            hashes: compact({ md5: pick(fields, 'md5'), sha1: pick(fields, 'sha1'), sha256: pick(fields, 'sha256') }),
          })
        : undefined,
    user:
      path === 'ntlm' || path === 'kerberos' || path === 'ftp' || path === 'smtp' || path === 'rdp'
        ? compact({ name: user, domain: pick(fields, 'domainname') })
        : undefined,
    host: path === 'ntlm' ? compact({ name: pick(fields, 'hostname') }) : undefined,
    rule: notice ? compact({ name: pick(fields, 'note'), category: 'zeek-notice' }) : undefined,
    observables: strings(fields['san.dns'])?.map((value) => ({
      type: 'domain-name' as const,
      value,
      field: 'san.dns',
    })),
  };
}

import { addressType, type Event } from '../../core/index.js';

/** A cyber-observable object seen in an event, with `*_ref` properties already resolved to objects. */
export type ObservedObject = Record<string, unknown>;

/** STIX hash algorithm names for the hashes Vigil events carry. */
const hashNames = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' } as const;

type Hashes = Partial<Record<keyof typeof hashNames | 'imphash', string | undefined>>;

/**
 * Turns an event into the STIX cyber-observable objects it shows, grouped by type,
 * so STIX patterns can be evaluated against it: addresses, network-traffic with
 * resolved refs, domain-name, url, file, process, user-account, windows-registry-key,
 * email-addr, x509-certificate and software (user agent) objects.
 */
export function eventToObservedObjects(event: Event): Map<string, ObservedObject[]> {
  const objects = new Map<string, ObservedObject[]>();
  const add = (type: string, object: ObservedObject): ObservedObject => {
    const withType = { type, ...object };
    const list = objects.get(type);
    if (list) list.push(withType);
    else objects.set(type, [withType]);
    return withType;
  };
  const address = (value: string | undefined): ObservedObject | undefined => {
    const type = value ? addressType(value) : undefined;
    return type ? add(type, { value }) : undefined;
  };

  const source = address(event.source?.ip);
  const destination = address(event.destination?.ip);
  for (const ip of event.host?.ip ?? []) address(ip);
  if (source || destination || event.network) {
    add('network-traffic', {
      ...(source ? { src_ref: source } : {}),
      ...(destination ? { dst_ref: destination } : {}),
      ...(event.source?.port !== undefined ? { src_port: event.source.port } : {}),
      ...(event.destination?.port !== undefined ? { dst_port: event.destination.port } : {}),
      protocols: [event.network?.transport, event.network?.protocol]
        .filter(Boolean)
        .map((value) => String(value).toLowerCase()),
      ...(event.network?.bytes !== undefined ? { src_byte_count: event.network.bytes } : {}),
    });
  }
  const domains = new Set(
    [
      event.dns?.question?.name,
      event.url?.domain,
      event.destination?.domain,
      event.source?.domain,
      event.tls?.serverName,
    ]
      .filter((value): value is string => Boolean(value))
      .map((value) => value.toLowerCase().replace(/\.$/, '')),
  );
  for (const value of domains) add('domain-name', { value });
  for (const answer of event.dns?.answers ?? []) if (/^[\d.:a-f]+$/i.test(answer)) address(answer);
  if (event.url?.full) add('url', { value: event.url.full });
  if (event.file) {
    add('file', fileObject(event.file.name ?? basename(event.file.path), event.file.hashes, event.file.path));
  }
  if (event.process) {
    const parent = event.process.parent ? add('process', processObject(event.process.parent, add)) : undefined;
    add('process', { ...processObject(event.process, add), ...(parent ? { parent_ref: parent } : {}) });
  }
  for (const user of [event.user, event.targetUser]) {
    if (user?.name) add('user-account', { user_id: user.id ?? user.name, account_login: user.name });
  }
  if (event.registry?.key) {
    add('windows-registry-key', {
      key: event.registry.key,
      values:
        event.registry.value || event.registry.data
          ? [{ name: event.registry.value ?? '', data: event.registry.data ?? '' }]
          : [],
    });
  }
  if (event.http?.userAgent)
    add('x-http-request', { user_agent: event.http.userAgent, request_method: event.http.method });
  if (event.tls?.ja3) add('x-tls', { ja3: event.tls.ja3, ja3s: event.tls.ja3s });
  for (const observable of event.observables) addObservable(observable.type, observable.value, add, address);
  return objects;
}

function addObservable(
  type: string,
  value: string,
  add: (type: string, object: ObservedObject) => ObservedObject,
  address: (value: string) => ObservedObject | undefined,
): void {
  switch (type) {
    case 'ipv4-addr':
    case 'ipv6-addr':
      address(value);
      return;
    case 'domain-name':
    case 'hostname':
      add('domain-name', { value: value.toLowerCase() });
      return;
    case 'url':
    case 'email-addr':
    case 'mac-addr':
      add(type, { value });
      return;
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      add('file', { hashes: { [hashNames[type]]: value } });
      return;
    case 'file-name':
      add('file', { name: value });
      return;
    case 'user-account':
      add('user-account', { user_id: value, account_login: value });
      return;
    case 'windows-registry-key':
      add('windows-registry-key', { key: value });
      return;
    default:
      return;
  }
}

function fileObject(name: string | undefined, hashes: Hashes | undefined, path?: string): ObservedObject {
  const stixHashes: Record<string, string> = {};
  for (const [key, stixName] of Object.entries(hashNames)) {
    const value = hashes?.[key as keyof typeof hashNames];
    if (value) stixHashes[stixName] = value;
  }
  return {
    ...(name ? { name } : {}),
    ...(Object.keys(stixHashes).length > 0 ? { hashes: stixHashes } : {}),
    ...(path ? { parent_directory_ref: { type: 'directory', path: dirname(path) } } : {}),
  };
}

function processObject(
  process: {
    pid?: number | undefined;
    name?: string | undefined;
    executable?: string | undefined;
    commandLine?: string | undefined;
    hashes?: Hashes | undefined;
  },
  add: (type: string, object: ObservedObject) => ObservedObject,
): ObservedObject {
  const image =
    process.executable || process.hashes
      ? add('file', fileObject(process.name ?? basename(process.executable), process.hashes, process.executable))
      : undefined;
  return {
    ...(process.pid !== undefined ? { pid: process.pid } : {}),
    ...(process.commandLine ? { command_line: process.commandLine } : {}),
    ...(process.name ? { name: process.name } : {}),
    ...(image ? { image_ref: image } : {}),
  };
}

function basename(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || undefined;
}

function dirname(path: string): string {
  const index = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return index <= 0 ? path.slice(0, Math.max(index, 0) + 1) : path.slice(0, index);
}

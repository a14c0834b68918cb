import { addressType, type Event, type ObservableType } from '../../core/index.js';

/** A value from an event to look up, with the event field it came from. */
export interface EventObservable {
  type: ObservableType;
  value: string;
  field: string;
}

/**
 * The observables of an event: its `observables` list plus the ECS fields that
 * carry indicator-shaped values (addresses, DNS names, URLs, hashes, users, file
 * and process names, JA3, user agents, registry keys).
 */
export function extractEventObservables(event: Event): EventObservable[] {
  const found: EventObservable[] = [];
  const push = (type: ObservableType, value: string | undefined, field: string): void => {
    if (value) found.push({ type, value, field });
  };
  const address = (value: string | undefined, field: string): void => {
    const type = value ? addressType(value) : undefined;
    if (type) push(type, value, field);
  };
  address(event.source?.ip, 'source.ip');
  address(event.destination?.ip, 'destination.ip');
  push('domain-name', event.source?.domain, 'source.domain');
  push('domain-name', event.destination?.domain, 'destination.domain');
  push('domain-name', event.dns?.question?.name, 'dns.question.name');
  const answers = event.dns?.answers;
  if (answers) for (const answer of answers) address(answer, 'dns.answers');
  push('url', event.url?.full, 'url.full');
  push('domain-name', event.url?.domain, 'url.domain');
  push('domain-name', event.tls?.serverName, 'tls.server_name');
  push('ja3', event.tls?.ja3, 'tls.ja3');
  push('ja3', event.tls?.ja3s, 'tls.ja3s');
  push('user-agent', event.http?.userAgent, 'http.user_agent');
  push('user-account', event.user?.name, 'user.name');
  push('user-account', event.targetUser?.name, 'target_user.name');
  push('file-name', event.file?.name ?? basename(event.file?.path), 'file.name');
  push('file-path', event.file?.path, 'file.path');
  hashes(event.file?.hashes, 'file.hash', push);
  const process = event.process;
  if (process) {
    push('file-name', process.name ?? basename(process.executable), 'process.name');
    hashes(process.hashes, 'process.hash', push);
    if (process.parent) hashes(process.parent.hashes, 'process.parent.hash', push);
  }
  push('windows-registry-key', event.registry?.key, 'registry.key');
  for (const observable of event.observables) {
    push(observable.type, observable.value, observable.field ?? `observables.${observable.type}`);
  }
  return found;
}

type HashSet = {
  md5?: string | undefined;
  sha1?: string | undefined;
  sha256?: string | undefined;
  sha512?: string | undefined;
};

function hashes(
  set: HashSet | undefined,
  prefix: string,
  push: (type: ObservableType, value: string | undefined, field: string) => void,
): void {
  if (!set) return;
  push('md5', set.md5, `${prefix}.md5`);
  push('sha1', set.sha1, `${prefix}.sha1`);
  push('sha256', set.sha256, `${prefix}.sha256`);
  push('sha512', set.sha512, `${prefix}.sha512`);
}

function basename(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const index = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(index + 1) || undefined;
}

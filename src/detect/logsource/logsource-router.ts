/**
 * Indexes rules by log source and hands each event only the rules that can apply to it, with
 * the field aliases of the binding that matched. Lookups are cached per (family, dataset, code).
 */
import type { Event } from '../../core/index.js';
import { describeEventSource, type EventSource, type LogSourceBinding, logSourceKey } from './logsource-binding.js';
import { networkBindings } from './network-bindings.js';
import { channelServiceNames, windowsBindings } from './windows-bindings.js';

/** Every binding Vigil ships, in one list; callers may pass their own. */
export const defaultBindings: readonly LogSourceBinding[] = [...windowsBindings, ...networkBindings];

export interface Route<T> {
  readonly items: readonly T[];
  readonly aliases: Readonly<Record<string, string>> | undefined;
}

interface ConditionalRoute<T> {
  readonly binding: LogSourceBinding;
  readonly items: readonly T[];
}

interface CachedRoutes<T> {
  readonly plain: readonly T[];
  readonly conditional: readonly ConditionalRoute<T>[];
  /** The routes for each combination of holding conditional bindings (a bit each), built once. */
  readonly combinations: Map<number, Route<T>[]>;
}

const nativeProducts = new Set(['windows', 'linux', 'zeek', 'suricata']);
const maxCacheEntries = 4096;

export class LogSourceRouter<T> {
  readonly #index = new Map<string, T[]>();
  readonly #bindingsBySource = new Map<string, LogSourceBinding[]>();
  readonly #cache = new Map<string, CachedRoutes<T>>();
  readonly #boundKeys: ReadonlySet<string>;

  constructor(
    entries: Iterable<{ logsource: { product?: string; category?: string; service?: string }; item: T }>,
    bindings = defaultBindings,
  ) {
    this.#boundKeys = new Set(bindings.map((binding) => logSourceKey(binding.logsource)));
    for (const binding of bindings) {
      for (const dataset of binding.datasets ?? ['*']) {
        const key = `${binding.family}|${dataset}`;
        const list = this.#bindingsBySource.get(key) ?? [];
        list.push(binding);
        this.#bindingsBySource.set(key, list);
      }
    }
    for (const { logsource, item } of entries) {
      const key = this.ruleKey(logsource);
      const list = this.#index.get(key) ?? [];
      list.push(item);
      this.#index.set(key, list);
    }
  }

  /** The index key for a rule's log source: its own key when Vigil knows it, else a generic dataset key. */
  ruleKey(logsource: { product?: string; category?: string; service?: string }): string {
    const key = logSourceKey(logsource);
    const product = (logsource.product ?? '').toLowerCase();
    if (this.#boundKeys.has(key) || nativeProducts.has(product)) return key;
    if (logsource.service) return `*//${logsource.service.toLowerCase()}`;
    if (logsource.category) return `*/${logsource.category.toLowerCase()}/`;
    return key;
  }

  /** The rules that can apply to this event, grouped by the field aliases to read them with. */
  route(event: Event): readonly Route<T>[] {
    const source = describeEventSource(event);
    const cacheKey = `${source.family}\u0000${source.dataset}\u0000${source.eventId}`;
    let cached = this.#cache.get(cacheKey);
    if (cached === undefined) {
      cached = this.#resolve(source);
      if (this.#cache.size >= maxCacheEntries) this.#cache.clear();
      this.#cache.set(cacheKey, cached);
    }
    // The same routes (and item lists) come back for every event of the same source and bindings,
    // so callers may keep per-route state.
    if (cached.conditional.length > 30) return combine(cached, (binding) => whereHolds(binding, event));
    let holding = 0;
    cached.conditional.forEach(({ binding }, index) => {
      if (whereHolds(binding, event)) holding |= 1 << index;
    });
    let routes = cached.combinations.get(holding);
    if (routes === undefined) {
      routes = combine(cached, (_, index) => (holding & (1 << index)) !== 0);
      cached.combinations.set(holding, routes);
    }
    return routes;
  }

  #resolve(source: EventSource): CachedRoutes<T> {
    const keys = new Set<string>(genericKeys(source));
    const conditional: ConditionalRoute<T>[] = [];
    const candidates = [
      ...(this.#bindingsBySource.get(`${source.family}|${source.dataset}`) ?? []),
      ...(this.#bindingsBySource.get(`${source.family}|*`) ?? []),
    ];
    for (const binding of candidates) {
      if (binding.eventIds !== undefined && !binding.eventIds.includes(source.eventId)) continue;
      const key = logSourceKey(binding.logsource);
      if (binding.where === undefined && binding.fieldAliases === undefined) keys.add(key);
      else {
        const items = this.#index.get(key);
        if (items !== undefined) conditional.push({ binding, items });
      }
    }
    const plain: T[] = [];
    for (const key of keys) {
      const items = this.#index.get(key);
      if (items !== undefined) plain.push(...items);
    }
    return { plain, conditional, combinations: new Map() };
  }
}

function combine<T>(cached: CachedRoutes<T>, holds: (binding: LogSourceBinding, index: number) => boolean): Route<T>[] {
  const routes: Route<T>[] = [];
  let plain = cached.plain;
  cached.conditional.forEach(({ binding, items }, index) => {
    if (!holds(binding, index)) return;
    if (binding.fieldAliases === undefined) plain = [...plain, ...items];
    else routes.push({ items, aliases: binding.fieldAliases });
  });
  if (plain.length > 0) routes.unshift({ items: plain, aliases: undefined });
  return routes;
}

function genericKeys(source: EventSource): string[] {
  const keys: string[] = [];
  if (source.dataset !== '') keys.push(`*//${source.dataset}`, `*/${source.dataset}/`);
  if (source.family === 'windows') {
    keys.push('windows//');
    for (const name of channelServiceNames(source.dataset)) keys.push(`windows//${name}`);
  } else if (source.family === 'syslog') {
    keys.push('linux//');
    if (source.dataset !== '') keys.push(`linux//${source.dataset}`);
  } else if (source.family === 'zeek' || source.family === 'suricata') {
    keys.push(`${source.family}//`);
    if (source.dataset !== '') keys.push(`${source.family}//${source.dataset}`);
  }
  return keys;
}

function whereHolds({ where }: LogSourceBinding, event: Event): boolean {
  if (where === undefined) return true;
  for (const [field, values] of Object.entries(where)) {
    const value = event.fields[field];
    if (typeof value !== 'string' || !values.some((wanted) => wanted.toLowerCase() === value.toLowerCase()))
      return false;
  }
  return true;
}

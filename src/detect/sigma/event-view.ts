/**
 * The read side of one event for compiled rules: field lookup through the log source's field
 * aliases, and per-event caches of each field's text forms, so a field that a thousand rules test
 * is converted and lower-cased once.
 */
import type { Event } from '../../core/index.js';

const empty: readonly string[] = [];

export class EventView {
  readonly event: Event;
  readonly aliases: Readonly<Record<string, string>> | undefined;
  readonly #texts = new Map<string, readonly string[]>();
  readonly #lowerTexts = new Map<string, readonly string[]>();
  #allTexts: readonly string[] | undefined;
  #loose: Map<string, unknown> | undefined;
  #observables: Map<string, unknown> | undefined;
  #allLowerTexts: readonly string[] | undefined;

  constructor(event: Event, aliases?: Readonly<Record<string, string>>) {
    this.event = event;
    this.aliases = aliases;
  }

  /** The field's value as stored, after aliasing; nested objects are walked for dotted names. */
  value(field: string): unknown {
    const fields = this.event.fields;
    const target = this.aliases?.[field];
    if (target !== undefined) {
      const aliased = fields[target];
      if (aliased !== undefined) return aliased;
    }
    const direct = fields[field];
    if (direct !== undefined) return direct;
    if (field.includes('.')) {
      let current: unknown = fields;
      for (const key of field.split('.')) {
        current =
          typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
      }
      if (current !== undefined) return current;
    }
    const loose = this.#looseFields().get(looseName(field));
    if (loose !== undefined) return loose;
    return this.#observableFields().get(field);
  }

  /**
   * Values that ingest extracted from free text as observables, by their field path
   * (`source.ip`, `user.name`), so rules and correlations over syslog lines can use them.
   */
  #observableFields(): Map<string, unknown> {
    if (this.#observables === undefined) {
      this.#observables = new Map();
      for (const observable of this.event.observables) {
        if (observable.field !== undefined && !this.#observables.has(observable.field))
          this.#observables.set(observable.field, observable.value);
      }
    }
    return this.#observables;
  }

  /** Field names without case or spaces (`Source Name` answers to `SourceName`), built on first miss. */
  #looseFields(): Map<string, unknown> {
    if (this.#loose === undefined) {
      this.#loose = new Map();
      const fields = this.event.fields;
      for (const name in fields) {
        if (!Object.hasOwn(fields, name)) continue;
        const key = looseName(name);
        if (!this.#loose.has(key)) this.#loose.set(key, fields[name]);
      }
    }
    return this.#loose;
  }

  /** The field's scalar values as text; empty when the field is absent or null. */
  texts(field: string): readonly string[] {
    let texts = this.#texts.get(field);
    if (texts === undefined) {
      texts = toTexts(this.value(field));
      this.#texts.set(field, texts);
    }
    return texts;
  }

  lowerTexts(field: string): readonly string[] {
    let texts = this.#lowerTexts.get(field);
    if (texts === undefined) {
      texts = lowerAll(this.texts(field));
      this.#lowerTexts.set(field, texts);
    }
    return texts;
  }

  /** True when the field is absent, null, empty text or an empty list (Sigma `null`). */
  isEmpty(field: string): boolean {
    const value = this.value(field);
    if (value === undefined || value === null || value === '') return true;
    return Array.isArray(value) && value.length === 0;
  }

  /**
   * Every scalar value of the event (and its message), for keyword rules. A keyword rule asks
   * whether some text holds a value, so a message that is one of the fields (Windows `Message`,
   * often the longest text of the event) is not listed, and scanned, twice.
   */
  allTexts(): readonly string[] {
    if (this.#allTexts === undefined) {
      const texts: string[] = [];
      collectTexts(this.event.fields, texts, 0);
      const message = this.event.message;
      if (message !== undefined && message !== this.event.fields.Message && !texts.includes(message))
        texts.push(message);
      if (texts.length === 0) texts.push(this.event.raw);
      this.#allTexts = texts;
    }
    return this.#allTexts;
  }

  /**
   * Whether `test` holds for some text of `allTexts()`, without building the list when no other
   * rule has: the fields are walked in the same order, and a message that repeats a field is
   * tested twice at worst, which cannot change the answer of a test that depends only on the text.
   */
  someText(test: (text: string) => boolean): boolean {
    const built = this.#allTexts;
    if (built !== undefined) {
      for (let index = 0; index < built.length; index++) if (test(built[index] as string)) return true;
      return false;
    }
    const walk = { test, seen: false };
    if (someTextOf(this.event.fields, walk, 0)) return true;
    const message = this.event.message;
    if (message !== undefined && message !== this.event.fields.Message) return test(message);
    return !walk.seen && test(this.event.raw);
  }

  allLowerTexts(): readonly string[] {
    this.#allLowerTexts ??= lowerAll(this.allTexts());
    return this.#allLowerTexts;
  }
}

/** Loose names already computed: rules ask for the same field names, events carry the same keys. */
const looseNames = new Map<string, string>();
const maxLooseNames = 20_000;

function looseName(name: string): string {
  let loose = looseNames.get(name);
  if (loose === undefined) {
    loose = name.replace(/[\s_]/g, '').toLowerCase();
    // Field names come from the data: bounded, so a flood of distinct names cannot grow it.
    if (looseNames.size >= maxLooseNames) looseNames.clear();
    looseNames.set(name, loose);
  }
  return loose;
}

function lowerAll(texts: readonly string[]): readonly string[] {
  if (texts.length === 0) return empty;
  if (texts.length === 1) return [(texts[0] as string).toLowerCase()];
  return texts.map((text) => text.toLowerCase());
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

function toTexts(value: unknown): readonly string[] {
  const scalar = scalarText(value);
  if (scalar !== undefined) return [scalar];
  if (!Array.isArray(value)) return empty;
  const texts: string[] = [];
  for (const item of value) {
    const text = scalarText(item);
    if (text !== undefined) texts.push(text);
  }
  return texts;
}

function collectTexts(value: unknown, into: string[], depth: number): void {
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    into.push(scalar);
    return;
  }
  if (depth > 8 || typeof value !== 'object' || value === null) return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) collectTexts(item, into, depth + 1);
}

/** `collectTexts` that tests each text as it is met instead of listing it; `seen` says whether there was one. */
function someTextOf(value: unknown, walk: { test: (text: string) => boolean; seen: boolean }, depth: number): boolean {
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    walk.seen = true;
    return walk.test(scalar);
  }
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (someTextOf(value[index], walk, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (someTextOf((value as Record<string, unknown>)[key], walk, depth + 1)) return true;
  }
  return false;
}

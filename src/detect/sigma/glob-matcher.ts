/**
 * Turns a Sigma string with wildcards into a string predicate without regular expressions:
 * fixed strings become `===`, `startsWith`, `endsWith` or `includes`; other shapes use a
 * greedy segment search that runs in O(text × pattern) at worst, never exponential.
 */
import type { SigmaString } from './sigma-string.js';

export type StringPredicate = (text: string) => boolean;

/** A run of characters between `*` wildcards; `?` positions are marked in `single`. */
interface Segment {
  readonly text: string;
  readonly single: readonly boolean[] | undefined;
}

export function compileGlob(value: SigmaString): StringPredicate {
  const parts = value.parts;
  if (parts.every((part) => part.kind === 'text')) {
    const exact = parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
    return (text) => text === exact;
  }
  const startsWithAny = parts[0]?.kind === 'any';
  const endsWithAny = parts.at(-1)?.kind === 'any';
  const segments = splitSegments(value);
  const plain = segments.every((segment) => segment.single === undefined);
  if (plain) {
    const texts = segments.map((segment) => segment.text);
    if (segments.length === 1 && !startsWithAny && !endsWithAny) {
      const exact = texts[0] as string;
      return (text) => text === exact;
    }
    if (segments.length === 0) return () => true;
    if (segments.length === 1) {
      const only = texts[0] as string;
      if (startsWithAny && endsWithAny) return (text) => text.includes(only);
      if (endsWithAny) return (text) => text.startsWith(only);
      return (text) => text.endsWith(only);
    }
  }
  return (text) => matchSegments(text, segments, startsWithAny, endsWithAny);
}

function splitSegments(value: SigmaString): Segment[] {
  const segments: Segment[] = [];
  let text = '';
  // Which characters of `text` are `?`: made at the segment's first `?` only.
  let single: boolean[] | undefined;
  for (const part of value.parts) {
    if (part.kind === 'any') {
      if (text !== '') segments.push({ text, single });
      text = '';
      single = undefined;
    } else if (part.kind === 'one') {
      single ??= new Array<boolean>(text.length).fill(false);
      text += '?';
      single.push(true);
    } else {
      text += part.text;
      if (single !== undefined) for (let index = 0; index < part.text.length; index++) single.push(false);
    }
  }
  if (text !== '') segments.push({ text, single });
  return segments;
}

function matchesAt(text: string, position: number, segment: Segment): boolean {
  if (position < 0 || position + segment.text.length > text.length) return false;
  if (segment.single === undefined) return text.startsWith(segment.text, position);
  for (let index = 0; index < segment.text.length; index++) {
    if (segment.single[index]) continue;
    if (text.charCodeAt(position + index) !== segment.text.charCodeAt(index)) return false;
  }
  return true;
}

function findFrom(text: string, from: number, limit: number, segment: Segment): number {
  if (segment.single === undefined) {
    const found = text.indexOf(segment.text, from);
    return found !== -1 && found + segment.text.length <= limit ? found : -1;
  }
  for (let position = from; position + segment.text.length <= limit; position++) {
    if (matchesAt(text, position, segment)) return position;
  }
  return -1;
}

function matchSegments(
  text: string,
  segments: readonly Segment[],
  startsWithAny: boolean,
  endsWithAny: boolean,
): boolean {
  if (segments.length === 0) return startsWithAny || endsWithAny || text === '';
  if (!startsWithAny && !endsWithAny && segments.length === 1) {
    const only = segments[0] as Segment;
    return text.length === only.text.length && matchesAt(text, 0, only);
  }
  let first = 0;
  let last = segments.length;
  let position = 0;
  let limit = text.length;
  if (!startsWithAny) {
    const head = segments[0] as Segment;
    if (!matchesAt(text, 0, head)) return false;
    position = head.text.length;
    first = 1;
  }
  if (!endsWithAny) {
    const tail = segments[segments.length - 1] as Segment;
    const start = text.length - tail.text.length;
    if (start < position || !matchesAt(text, start, tail)) return false;
    limit = start;
    last = segments.length - 1;
  }
  for (let index = first; index < last; index++) {
    const segment = segments[index] as Segment;
    const found = findFrom(text, position, limit, segment);
    if (found === -1) return false;
    position = found + segment.text.length;
  }
  return true;
}

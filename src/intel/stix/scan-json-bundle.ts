import { InputInvalidError } from '../../core/index.js';
import { defaultJsonMaxDepth, jsonLimitProblem, jsonValueTooDeep } from '../../guard/index.js';

/** One item of a scanned JSON document. */
export type BundleItem =
  /** An element of the top-level `objects` array, or the document itself when it has none. */
  | { kind: 'object'; index: number; value: unknown }
  /** An element of `objects` that is not valid JSON, or nested deeper than `defaultJsonMaxDepth`. */
  | { kind: 'invalid-object'; index: number; reason: string; objectId?: string }
  /** The top-level object without its `objects` (type, id, spec_version…). */
  | { kind: 'header'; value: unknown };

type Mode = 'header' | 'between' | 'element';

const nestedTooDeep = `JSON nested deeper than ${defaultJsonMaxDepth} levels`;

/**
 * Streams the elements of a JSON document's top-level `objects` array one at a
 * time, so a large STIX bundle (or TAXII envelope) never needs to be held as one
 * parsed tree. A malformed element is reported and skipped; a malformed document
 * structure throws InputInvalidError with the character offset. An element longer than
 * `maxObjectBytes` (counted in UTF-16 code units as it streams, so never held) is refused.
 */
export async function* scanJsonBundle(
  chunks: AsyncIterable<string> | Iterable<string>,
  maxObjectBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<BundleItem> {
  let header = '';
  let element = '';
  let mode: Mode = 'header';
  let depth = 0;
  let inString = false;
  let escaping = false;
  let key = '';
  let lastString = '';
  let pendingKey: string | undefined;
  let elementIsScalar = false;
  let elementIndex = 0;
  let offset = 0;
  let sawObjects = false;

  let elementLength = 0;
  const finishElement = (text: string): BundleItem => {
    const index = elementIndex;
    elementIndex += 1;
    if (elementLength + text.length > maxObjectBytes) {
      element = '';
      return {
        kind: 'invalid-object',
        index,
        reason: `object larger than ${maxObjectBytes} bytes (limit maxRecordBytes, --max-record-bytes)`,
      };
    }
    // Everything after parsing (validation, storage, export) recurses: a deep object is refused here.
    const problem = jsonLimitProblem(text, { maxLength: Number.MAX_SAFE_INTEGER });
    try {
      const value: unknown = JSON.parse(text);
      return problem ? tooDeep(index, value, problem) : { kind: 'object', index, value };
    } catch (error) {
      return { kind: 'invalid-object', index, reason: problem ?? `invalid JSON: ${(error as Error).message}` };
    }
  };

  for await (const chunk of chunks) {
    let segmentStart = 0;
    const items: BundleItem[] = [];
    for (let position = 0; position < chunk.length; position += 1) {
      const character = chunk[position]!;
      if (inString) {
        if (escaping) escaping = false;
        else if (character === '\\') escaping = true;
        else if (character === '"') {
          inString = false;
          if (depth === 1 && mode === 'header') lastString = key;
        } else if (depth === 1 && mode === 'header') key += character;
        continue;
      }
      if (mode === 'between') {
        if (character === ']') {
          depth -= 1;
          mode = 'header';
          segmentStart = position;
        } else if (character !== ',' && !/\s/.test(character)) {
          mode = 'element';
          segmentStart = position;
          element = '';
          elementLength = 0;
          elementIsScalar = character !== '{' && character !== '[';
          if (character === '{' || character === '[') depth += 1;
          else if (character === '"') inString = true;
        }
        continue;
      }
      if (mode === 'element' && elementIsScalar && depth === 2 && (character === ',' || character === ']')) {
        items.push(finishElement(element + chunk.slice(segmentStart, position)));
        mode = character === ']' ? 'header' : 'between';
        if (character === ']') {
          depth -= 1;
          segmentStart = position;
        }
        continue;
      }
      switch (character) {
        case '"':
          inString = true;
          if (depth === 1 && mode === 'header') key = '';
          break;
        case ':':
          if (depth === 1 && mode === 'header') pendingKey = lastString;
          break;
        case ',':
          if (depth === 1) pendingKey = undefined;
          break;
        case '{':
        case '[':
          depth += 1;
          if (character === '[' && depth === 2 && mode === 'header' && pendingKey === 'objects') {
            header += chunk.slice(segmentStart, position + 1);
            mode = 'between';
            sawObjects = true;
          }
          break;
        case '}':
        case ']':
          depth -= 1;
          if (depth < 0) throw new InputInvalidError(`unbalanced '${character}' at offset ${offset + position}`);
          if (mode === 'element' && depth === 2) {
            items.push(finishElement(element + chunk.slice(segmentStart, position + 1)));
            mode = 'between';
          }
          break;
        default:
          break;
      }
    }
    if (mode === 'header') header += chunk.slice(segmentStart);
    else if (mode === 'element') {
      // Past the limit the element's text is counted, not kept.
      if (elementLength + element.length + chunk.length - segmentStart > maxObjectBytes) {
        elementLength += element.length + chunk.length - segmentStart;
        element = '';
      } else element += chunk.slice(segmentStart);
    }
    offset += chunk.length;
    yield* items;
  }
  if (depth !== 0 || inString)
    throw new InputInvalidError(
      `JSON ends early (offset ${offset}): unclosed ${inString ? 'string' : 'object or array'}`,
    );
  let parsedHeader: unknown;
  try {
    parsedHeader = JSON.parse(header);
  } catch (error) {
    throw new InputInvalidError(`invalid JSON: ${(error as Error).message}`);
  }
  if (sawObjects) yield { kind: 'header', value: parsedHeader };
  else if (Array.isArray(parsedHeader)) {
    for (const [index, value] of parsedHeader.entries())
      yield jsonValueTooDeep(value) ? tooDeep(index, value, nestedTooDeep) : { kind: 'object', index, value };
  } else
    yield jsonValueTooDeep(parsedHeader)
      ? tooDeep(0, parsedHeader, nestedTooDeep)
      : { kind: 'object', index: 0, value: parsedHeader };
}

/** A parsed element nested too deep: refused, named by its id and type when it has them. */
function tooDeep(index: number, value: unknown, problem: string): BundleItem {
  const object = (value ?? {}) as { id?: unknown; type?: unknown };
  const named = typeof object.id === 'string' ? ` ${object.type ?? 'object'} ${object.id.slice(0, 120)}` : '';
  return {
    kind: 'invalid-object',
    index,
    reason: `object${named}: ${problem}`,
    ...(typeof object.id === 'string' ? { objectId: object.id.slice(0, 120) } : {}),
  };
}

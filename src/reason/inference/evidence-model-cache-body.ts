/**
 * The binary body of an evidence-model cache entry: a JSON description (the model's small values
 * and the sizes of what follows), then the index's arrays as they lie in memory (little-endian),
 * then the texts in two blocks, ASCII ones and the rest, each decoded once and cut by length
 * (a block of ASCII decodes to one-byte strings; one other character would make the whole block
 * two-byte). A text that is not well-formed UTF-16 (a lone surrogate, which UTF-8 cannot carry)
 * is kept in the JSON description instead, so every text reads back exactly as it was written.
 */
import { endianness } from 'node:os';

export interface ModelBody {
  /** The model's own small values, as JSON. */
  meta: Record<string, unknown>;
  texts: string[];
  frequency: Int32Array;
  postingEnds: Int32Array;
  postingExamples: Int32Array;
  weights: Float64Array;
}

interface Layout {
  meta: Record<string, unknown>;
  texts: number;
  features: number;
  postings: number;
  asciiBytes: number;
  otherBytes: number;
  /** Texts that are not well-formed UTF-16, by position. */
  irregular: Array<[number, string]>;
}

const bigEndian = endianness() === 'BE';
const aligned = (offset: number) => Math.ceil(offset / 8) * 8;

/** The bytes of a typed array, little-endian. */
function littleEndian(array: Int32Array | Float64Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (!bigEndian) return bytes;
  const copy = Buffer.from(bytes);
  return array instanceof Int32Array ? copy.swap32() : copy.swap64();
}

/** Whether every surrogate of `text` is one of a pair (what UTF-8 can carry). */
function wellFormed(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(index + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    index++;
  }
  return true;
}

export function encodeModelBody(body: ModelBody): Buffer {
  const lengths = new Int32Array(body.texts.length);
  const ascii: string[] = [];
  const other: string[] = [];
  const irregular: Array<[number, string]> = [];
  body.texts.forEach((text, position) => {
    if (Buffer.byteLength(text, 'utf8') === text.length) {
      ascii.push(text);
      lengths[position] = text.length;
    } else if (!wellFormed(text)) irregular.push([position, text]);
    else {
      other.push(text);
      lengths[position] = -text.length;
    }
  });
  const asciiBlock = Buffer.from(ascii.join(''), 'utf8');
  const otherBlock = Buffer.from(other.join(''), 'utf8');
  const layout: Layout = {
    meta: body.meta,
    texts: body.texts.length,
    features: body.frequency.length,
    postings: body.postingExamples.length,
    asciiBytes: asciiBlock.length,
    otherBytes: otherBlock.length,
    irregular,
  };
  const description = Buffer.from(JSON.stringify(layout), 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(description.length);
  const start = 4 + description.length;
  const integers = [lengths, body.frequency, body.postingEnds, body.postingExamples].map(littleEndian);
  const integerBytes = integers.reduce((sum, part) => sum + part.length, 0);
  const weightsAt = aligned(aligned(start) + integerBytes);
  return Buffer.concat([
    size,
    description,
    Buffer.alloc(aligned(start) - start),
    ...integers,
    Buffer.alloc(weightsAt - aligned(start) - integerBytes),
    littleEndian(body.weights),
    asciiBlock,
    otherBlock,
  ]);
}

/** A typed array copied out of `bytes` (so it is aligned and owns its memory). */
function copied<Array extends Int32Array | Float64Array>(
  bytes: Buffer,
  offset: number,
  count: number,
  make: (count: number) => Array,
): Array {
  const array = make(count);
  const target = new Uint8Array(array.buffer);
  target.set(bytes.subarray(offset, offset + array.byteLength));
  if (bigEndian && array instanceof Int32Array) Buffer.from(array.buffer).swap32();
  else if (bigEndian) Buffer.from(array.buffer).swap64();
  return array;
}

const isSize = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** The body in `bytes`, or why it is not one (its sizes checked against the bytes there are). */
export function decodeModelBody(bytes: Buffer): ModelBody | { unusable: string } {
  if (bytes.length < 4) return { unusable: 'the body is cut short' };
  const descriptionBytes = bytes.readUInt32LE(0);
  if (4 + descriptionBytes > bytes.length) return { unusable: 'the body is cut short' };
  let layout: Layout;
  try {
    layout = JSON.parse(bytes.toString('utf8', 4, 4 + descriptionBytes));
  } catch {
    return { unusable: 'the description is not JSON' };
  }
  if (!layout || typeof layout !== 'object' || !layout.meta || typeof layout.meta !== 'object')
    return { unusable: 'the description is not an object' };
  const { texts, features, postings, asciiBytes, otherBytes, irregular } = layout;
  if (![texts, features, postings, asciiBytes, otherBytes].every(isSize) || !Array.isArray(irregular))
    return { unusable: 'bad sizes' };
  const start = aligned(4 + descriptionBytes);
  const integerBytes = 4 * (texts + 2 * features + postings);
  const weightsAt = aligned(start + integerBytes);
  const asciiAt = weightsAt + 8 * postings;
  if (asciiAt + asciiBytes + otherBytes !== bytes.length) return { unusable: 'the body is not as long as it says' };
  const lengths = copied(bytes, start, texts, (count) => new Int32Array(count));
  const frequency = copied(bytes, start + 4 * texts, features, (count) => new Int32Array(count));
  const postingEnds = copied(bytes, start + 4 * (texts + features), features, (count) => new Int32Array(count));
  const postingExamples = copied(bytes, start + 4 * (texts + 2 * features), postings, (count) => new Int32Array(count));
  const weights = copied(bytes, weightsAt, postings, (count) => new Float64Array(count));
  const ascii = bytes.toString('utf8', asciiAt, asciiAt + asciiBytes);
  const other = bytes.toString('utf8', asciiAt + asciiBytes, bytes.length);
  const decoded: string[] = new Array(texts);
  let asciiOffset = 0;
  let otherOffset = 0;
  for (let position = 0; position < texts; position++) {
    const length = lengths[position]!;
    if (length >= 0) {
      decoded[position] = ascii.slice(asciiOffset, asciiOffset + length);
      asciiOffset += length;
    } else {
      decoded[position] = other.slice(otherOffset, otherOffset - length);
      otherOffset -= length;
    }
  }
  if (asciiOffset !== ascii.length || otherOffset !== other.length)
    return { unusable: 'the texts are not as long as they say' };
  for (const entry of irregular) {
    if (!Array.isArray(entry) || !isSize(entry[0]) || entry[0] >= texts || typeof entry[1] !== 'string')
      return { unusable: 'bad irregular text' };
    decoded[entry[0]] = entry[1];
  }
  return { meta: layout.meta, texts: decoded, frequency, postingEnds, postingExamples, weights };
}

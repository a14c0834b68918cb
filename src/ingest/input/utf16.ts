import { TextDecoder } from 'node:util';

/**
 * Passes UTF-8 through and transcodes UTF-16 (recognised by its byte-order mark, as Windows tools
 * write it) to UTF-8, streaming, so the framers only ever see UTF-8.
 */
export async function* decodeUtf16(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let decoder: TextDecoder | undefined;
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) decoder = new TextDecoder('utf-16le');
      else if (chunk[0] === 0xfe && chunk[1] === 0xff) decoder = new TextDecoder('utf-16be');
    }
    if (!decoder) {
      yield chunk;
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield Buffer.from(text, 'utf8');
  }
  if (decoder) {
    const tail = decoder.decode();
    if (tail.length > 0) yield Buffer.from(tail, 'utf8');
  }
}

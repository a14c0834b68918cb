/**
 * Reads a `text/event-stream` body into events. Lines starting with `data:` are joined per
 * event; `event:` names it; comments (`:`) are skipped. Tolerates CRLF and chunk boundaries
 * anywhere, including inside a multi-byte character.
 */
export interface ServerSentEvent {
  event: string | undefined;
  data: string;
}

export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event: string | undefined;
  const reader = body.getReader();
  const flushLine = function* (line: string): Generator<ServerSentEvent> {
    if (line === '') {
      if (data.length > 0) yield { event, data: data.join('\n') };
      data = [];
      event = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
  };
  for (;;) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let newline = buffer.search(/\r?\n|\r/);
    while (newline !== -1) {
      // A CR at the end of a chunk may be the first half of a CRLF: wait for the next chunk.
      if (!done && newline === buffer.length - 1 && buffer.endsWith('\r')) break;
      const line = buffer.slice(0, newline);
      const width = buffer.startsWith('\r\n', newline) ? 2 : 1;
      buffer = buffer.slice(newline + width);
      yield* flushLine(line);
      newline = buffer.search(/\r?\n|\r/);
    }
    if (done) break;
  }
  if (buffer !== '') yield* flushLine(buffer);
  yield* flushLine('');
}

/** Live updates: reads the API's server-sent events with fetch (the token goes in a header, not the URL). */
export interface LiveMessage {
  type: string;
  subjectId: string;
  data: Record<string, unknown>;
}

export function subscribeLive(token: string, onMessage: (message: LiveMessage) => void): () => void {
  const abort = new AbortController();
  let stopped = false;
  async function connect(): Promise<void> {
    while (!stopped) {
      try {
        const response = await fetch('/api/v1/live', {
          headers: { authorization: `Bearer ${token}` },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`live: ${response.status}`);
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.+)$/m.exec(frame)?.[1];
            const name = /^event: (.+)$/m.exec(frame)?.[1];
            if (data && name && name !== 'ready') onMessage(JSON.parse(data) as LiveMessage);
            end = buffer.indexOf('\n\n');
          }
        }
      } catch {
        if (stopped) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
  void connect();
  return () => {
    stopped = true;
    abort.abort();
  };
}

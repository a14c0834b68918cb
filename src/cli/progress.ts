/** A one-line progress counter on stderr for long work; silent when stderr is not a terminal. */
export interface Progress {
  add(count: number): void;
  done(): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { add: () => {}, done: () => {} };
  let total = 0;
  let lastDraw = 0;
  const started = Date.now();
  const draw = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(total / seconds) : 0;
    stream.write(`\r${label}: ${total.toLocaleString('en')} (${rate.toLocaleString('en')}/s)   `);
  };
  return {
    add(count) {
      total += count;
      const now = Date.now();
      if (now - lastDraw > 200) {
        lastDraw = now;
        draw();
      }
    },
    done() {
      if (total > 0) {
        draw();
        stream.write('\n');
      }
    },
  };
}

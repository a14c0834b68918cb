/** Writing results: JSON for machines (`--json`), short human text otherwise. */
import { styleText } from 'node:util';

export interface Output {
  json: boolean;
  /** Whether colours may be used (a TTY and NO_COLOR unset). */
  colour: boolean;
  write(text: string): void;
  warn(text: string): void;
}

export function createOutput(json: boolean, stream: NodeJS.WriteStream = process.stdout): Output {
  const colour = Boolean(stream.isTTY) && process.env.NO_COLOR === undefined;
  return {
    json,
    colour,
    write: (text) => stream.write(text.endsWith('\n') ? text : `${text}\n`),
    warn: (text) => process.stderr.write(`${text}\n`),
  };
}

type Style = Parameters<typeof styleText>[0];

export function paint(output: Output, style: Style, text: string): string {
  return output.colour ? styleText(style, text) : text;
}

export function writeJson(output: Output, value: unknown): void {
  output.write(JSON.stringify(value, null, 2));
}
